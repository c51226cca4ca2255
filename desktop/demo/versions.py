"""Published cascade versions and each unit's acknowledgement of them.

Target communication latency (SPEC §6) is acknowledgement − publication in days. In Q1
every region takes about a week and a half; in Q2 the pilot acknowledges the product-line
switch within a day or two while the other regions take a week, and a few reps there do
not acknowledge within the quarter at all.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np

from desktop.demo.company import Company
from desktop.demo.story import CASE, NEVER_ACK_Q2, REGIONS

# (quarter, number, published at (UTC), note)
VERSIONS = (
    (1, 1, dt.datetime(2025, 1, 2, 1, 0, tzinfo=dt.UTC), "2025-Q1 targets"),
    (1, 2, dt.datetime(2025, 2, 17, 1, 0, tzinfo=dt.UTC),
     "Mid-quarter revision: collections re-phased"),
    (2, 1, dt.datetime(2025, 4, 1, 1, 0, tzinfo=dt.UTC),
     "2025-Q2 product-line switch: Cloud Analytics Pro is strategic"),
)
HQ_LATENCY_DAYS = 0.02
PUBLISHER = "林静 Lin Jing (HRBP)"


@dataclass(slots=True)
class Acks:
    version: np.ndarray  # index into VERSIONS
    unit: np.ndarray
    at: list[str]  # ISO 8601 UTC


def acknowledgements(company: Company, rng: np.random.Generator) -> Acks:
    n = len(company)
    kind = np.array(company.kind)
    region = company.region
    versions, units, moments = [], [], []
    for v, (q, _number, published, _note) in enumerate(VERSIONS):
        raw = np.zeros(n)
        raw[kind == "region"] = 0.4
        raw[company.teams] = rng.uniform(0.7, 1.0, company.teams.size)
        raw[company.reps] = raw[company.parent[company.reps]] * rng.uniform(
            1.0, 1.6, company.reps.size)
        acked = np.ones(n, bool)
        if q == 2:
            for r, reg in enumerate(REGIONS):
                never = NEVER_ACK_Q2.get(reg.key, 0)
                candidates = company.reps[region[company.reps] == r]
                acked[rng.permutation(candidates)[:never]] = False
        latency = np.full(n, HQ_LATENCY_DAYS)
        target = np.array([CASE[q][reg.key][0] for reg in REGIONS])
        member = (region >= 0) & acked
        mean = np.bincount(region[member], raw[member], len(REGIONS)) / np.maximum(
            np.bincount(region[member], None, len(REGIONS)), 1)
        latency[member] = raw[member] * target[region[member]] / mean[region[member]]
        minutes = np.round(latency * 1440).astype("int64")
        stamp = (np.datetime64(published.replace(tzinfo=None), "m")
                 + minutes.astype("timedelta64[m]"))
        text = np.datetime_as_string(stamp.astype("datetime64[ms]"), unit="ms")
        idx = np.flatnonzero(acked)
        versions.append(np.full(idx.size, v))
        units.append(idx)
        moments += [f"{t}Z" for t in text[idx].tolist()]
    return Acks(np.concatenate(versions), np.concatenate(units), moments)
