"""The demo's story (SPEC §1, §7): six regions, the Q2 switch to the high-margin line,
East and South China as the fast pilot.

Everything the generator makes up is parameterised here, so the numbers the later
engines compute from the raw facts can be traced back to one table: how each region
performs week by week, how fast it acknowledges a new version, how much of its CRM
activity and incentive spend goes to the strategic product line.
"""

from dataclasses import dataclass

import numpy as np

PERIODS = ((2025, 1), (2025, 2))


@dataclass(frozen=True, slots=True)
class Region:
    key: str  # code suffix: R-EAST, T-EAST-1
    name_en: str
    name_zh: str
    pilot: bool
    teams: int  # in the 87-rep company
    reps: int
    customer_density: float
    competition_intensity: float
    cities: tuple[tuple[str, str], ...]  # (English, 中文)


REGIONS: tuple[Region, ...] = (
    Region("EAST", "East China", "华东", True, 3, 20, 1.35, 1.25,
           (("Shanghai", "上海"), ("Hangzhou", "杭州"), ("Nanjing", "南京"))),
    Region("SOUTH", "South China", "华南", True, 3, 17, 1.20, 1.30,
           (("Guangzhou", "广州"), ("Shenzhen", "深圳"), ("Xiamen", "厦门"))),
    Region("NORTH", "North China", "华北", False, 3, 16, 1.10, 1.05,
           (("Beijing", "北京"), ("Tianjin", "天津"), ("Jinan", "济南"))),
    Region("CENTRAL", "Central China", "华中", False, 3, 13, 0.90, 0.85,
           (("Wuhan", "武汉"), ("Changsha", "长沙"), ("Zhengzhou", "郑州"))),
    Region("SOUTHWEST", "Southwest China", "西南", False, 3, 12, 0.80, 0.75,
           (("Chengdu", "成都"), ("Chongqing", "重庆"), ("Kunming", "昆明"))),
    Region("NORTHEAST", "Northeast China", "东北", False, 3, 9, 0.65, 0.70,
           (("Shenyang", "沈阳"), ("Dalian", "大连"), ("Harbin", "哈尔滨"))),
)

# Company targets per period (the root's locked overrides; the cascade engine derives
# every other target from the rule). ~120 M CNY collections a year.
COMPANY_TARGETS = {
    1: {"collections": 28_000_000.0, "contracts": 1_300.0, "activity": 26_000.0,
        "high_margin_share": 0.30},
    2: {"collections": 32_000_000.0, "contracts": 1_400.0, "activity": 27_000.0,
        "high_margin_share": 0.45},
}

# The three case figures the raw facts are built to produce, per region and quarter:
# (latency days among units that acknowledge, consistency share, misallocation share).
CASE = {
    1: {"EAST": (9.4, 0.55, 0.44), "SOUTH": (9.0, 0.53, 0.42),
        "NORTH": (10.5, 0.52, 0.45), "CENTRAL": (8.8, 0.57, 0.41),
        "SOUTHWEST": (11.2, 0.50, 0.46), "NORTHEAST": (12.0, 0.49, 0.47)},
    2: {"EAST": (1.2, 0.90, 0.11), "SOUTH": (1.4, 0.88, 0.13),
        "NORTH": (6.5, 0.64, 0.38), "CENTRAL": (4.8, 0.62, 0.36),
        "SOUTHWEST": (7.5, 0.58, 0.41), "NORTHEAST": (8.5, 0.56, 0.44)},
}
# Units that never acknowledge the Q2 switch within the quarter (count of reps per region).
NEVER_ACK_Q2 = {"SOUTHWEST": 1, "NORTHEAST": 2}

SUM_METRICS = ("collections", "contracts", "activity")

# Weekly performance against plan for the additive metrics: (metric, first week, last
# week, delta) added to 1.0 for those weeks (numbered from 1; a quarter has 13). A dip,
# then a catch-up for the units that react; a long dip for those that do not.
DRIFT: dict[int, dict[str, tuple[tuple[str, int, int, float], ...]]] = {
    1: {
        "EAST": (("collections", 3, 8, -0.35), ("collections", 10, 13, 0.25),
                 ("activity", 1, 13, 0.04)),
        "SOUTH": (("contracts", 2, 7, 0.35), ("collections", 1, 13, -0.03)),
        "NORTH": (("contracts", 2, 13, -0.30),),
        "CENTRAL": (("collections", 1, 13, 0.01),),
        "SOUTHWEST": (("activity", 4, 12, -0.32),),
        "NORTHEAST": (("collections", 1, 13, -0.26), ("activity", 2, 9, 0.30)),
    },
    2: {
        "EAST": (("collections", 2, 3, -0.35), ("collections", 4, 6, 0.20)),
        "SOUTH": (("contracts", 1, 3, -0.35), ("contracts", 4, 7, 0.25)),
        "NORTH": (("collections", 3, 13, -0.30),),
        "CENTRAL": (("activity", 3, 13, -0.28),),
        "SOUTHWEST": (("contracts", 2, 13, -0.32),),
        "NORTHEAST": (("collections", 1, 13, -0.30),),
    },
}


def performance(quarter: int, weeks: int) -> np.ndarray:
    """Array [region, metric (SUM_METRICS order), week] of weekly actual / plan."""
    out = np.ones((len(REGIONS), len(SUM_METRICS), weeks))
    for r, region in enumerate(REGIONS):
        for metric, first, last, delta in DRIFT[quarter].get(region.key, ()):
            out[r, SUM_METRICS.index(metric), first - 1:last] += delta
    return out


def high_margin_share(quarter: int, weeks: int) -> np.ndarray:
    """Array [region, week]: share of a week's collections from the high-margin line."""
    count, weeks = weeks, np.arange(1, weeks + 1)
    out = np.empty((len(REGIONS), count))
    q1_level = {"EAST": 0.31, "SOUTH": 0.30, "NORTH": 0.29, "CENTRAL": 0.30,
                "SOUTHWEST": 0.28, "NORTHEAST": 0.27}
    for r, region in enumerate(REGIONS):
        if quarter == 1:
            out[r] = q1_level[region.key]
        elif region.pilot:  # the pilot switches within a month
            out[r] = 0.32 + (0.50 - 0.32) * np.minimum(1.0, (weeks - 1) / 4)
        else:  # the others keep selling the old line
            out[r] = 0.29 + 0.07 * (weeks - 1) / max(count - 1, 1)
    return out
