"""CRM opportunities with their stage history, and incentive spend (vectorised).

Strategic action consistency (SPEC §6) is the share of deals created or advanced on the
product lines the period's objective marks strategic; incentive misallocation the share
of spend on the other lines. Product lines and spend are laid out per region and quarter
so that both come out at the story's figures — counted from these raw rows.
"""

from dataclasses import dataclass

import numpy as np

from desktop.demo.catalogue import STRATEGIC_LINE, Catalogue
from desktop.demo.company import Company
from desktop.demo.story import CASE, COMPANY_TARGETS, REGIONS
from desktop.store.clock import day_number

STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
STAGE_PROBABILITY = (0.1, 0.2, 0.5, 0.75)
LINE_CODES = ("CAP", "STD", "SVC", "LEG")
LINE_AMOUNT = {"CAP": 150_000, "STD": 60_000, "SVC": 40_000, "LEG": 90_000}
CUSTOMERS = (("华信", "Huaxin"), ("新元", "Xinyuan"), ("中拓", "Zhongtuo"), ("远航", "Yuanhang"),
             ("嘉禾", "Jiahe"), ("恒通", "Hengtong"), ("金石", "Jinshi"), ("天合", "Tianhe"),
             ("博远", "Boyuan"), ("瑞丰", "Ruifeng"), ("安达", "Anda"), ("宏图", "Hongtu"))
SECTORS = (("科技", "Tech"), ("物流", "Logistics"), ("医疗", "Healthcare"),
           ("制造", "Manufacturing"), ("零售", "Retail"), ("教育", "Education"),
           ("能源", "Energy"), ("地产", "Property"))
SPEND_SHARE_OF_COLLECTIONS = 0.025


@dataclass(slots=True)
class Deals:
    owner: np.ndarray  # unit index
    line: np.ndarray  # index into LINE_CODES
    stage: list[str]
    probability: np.ndarray
    amount: np.ndarray
    created: np.ndarray  # day numbers
    close: np.ndarray
    won: np.ndarray
    closed: np.ndarray
    names: list[str]
    # events: opportunity index, day, activity, stage
    event_opp: np.ndarray
    event_day: np.ndarray
    event_activity: list[str]
    event_stage: list[str]


def _strategic_by_events(group: np.ndarray, weight: np.ndarray, share: np.ndarray,
                         rng: np.random.Generator) -> np.ndarray:
    """Mark deals strategic, in a random order within each group, until their events
    reach ``share[group]`` of the group's events."""
    order = np.lexsort((rng.random(group.size), group))
    g, w = group[order], weight[order]
    running = np.cumsum(w)
    totals = np.bincount(g, w)
    start = np.concatenate([[0.0], np.cumsum(totals)[:-1]])[g]
    chosen = (running - start - w / 2) <= share[g] * totals[g]
    out = np.zeros(group.size, bool)
    out[order] = chosen
    return out


def deals(company: Company, cat: Catalogue, rng: np.random.Generator) -> Deals:
    reps = company.reps
    per_rep = min(10.0, 50_000 / max(reps.size, 1))  # large companies: fewer per rep
    parts = []
    for q, period in sorted(cat.periods.items()):
        start, end = day_number(period.start), day_number(period.end)
        count = rng.poisson(per_rep, reps.size)
        owner = np.repeat(reps, count)
        n = owner.size
        created = rng.integers(start, end - 13, n)
        gaps = rng.integers(4, 16, (n, 4))
        days = created[:, None] + np.cumsum(np.concatenate([np.zeros((n, 1), int), gaps],
                                                           axis=1), axis=1)  # (n, 5)
        wanted = rng.choice(4, n, p=(0.25, 0.35, 0.25, 0.15))
        steps = np.arange(1, 4)[None, :]
        advanced = (steps <= wanted[:, None]) & (days[:, 1:4] <= end)
        n_adv = advanced.sum(axis=1)
        close_day = days[np.arange(n), n_adv + 1]
        draw = rng.random(n)
        p_won = np.array([0.05, 0.15, 0.40, 0.60])[n_adv]
        p_lost = np.array([0.35, 0.30, 0.20, 0.15])[n_adv]
        can_close = close_day <= end
        won = can_close & (draw < p_won)
        lost = can_close & ~won & (draw < p_won + p_lost)
        region = company.region[owner]
        share = np.array([CASE[q][r.key][1] for r in REGIONS])
        strategic = _strategic_by_events(region, 1 + n_adv, share, rng)
        strategic_line = LINE_CODES.index(STRATEGIC_LINE[q])
        others = [i for i in range(len(LINE_CODES)) if i != strategic_line]
        other_p = (0.3, 0.35, 0.35) if q == 1 else (0.5, 0.2, 0.3)
        line = np.where(strategic, strategic_line, rng.choice(others, n, p=other_p))
        parts.append((owner, created, days, advanced, n_adv, close_day, won, lost, line,
                      rng.integers(30, 91, n)))
    owner, created, days, advanced, n_adv, close_day, won, lost, line, expected = (
        np.concatenate(x) for x in zip(*parts, strict=True))
    n = owner.size
    closed = won | lost
    stage = np.where(won, "Closed Won", np.where(lost, "Closed Lost",
                                                 np.array(STAGES)[n_adv]))
    probability = np.where(won, 1.0, np.where(lost, 0.0, np.array(STAGE_PROBABILITY)[n_adv]))
    mean = np.array([LINE_AMOUNT[c] for c in LINE_CODES])[line]
    amount = np.round(mean * rng.lognormal(-0.125, 0.5, n), -2)
    close = np.where(closed, close_day, days[np.arange(n), n_adv] + expected)
    customer = rng.integers(0, len(CUSTOMERS), n)
    sector = rng.integers(0, len(SECTORS), n)
    line_names = [cat.product_lines[c].name.split(" ")[0:3] for c in LINE_CODES]
    line_short = [" ".join(w for w in words if w.isascii()) for words in line_names]
    names = [f"{CUSTOMERS[c][0]}{SECTORS[s][0]} {CUSTOMERS[c][1]} {SECTORS[s][1]} · "
             f"{line_short[p]}"
             for c, s, p in zip(customer.tolist(), sector.tolist(), line.tolist(),
                                strict=True)]
    # the stage history: created, each advance, then won or lost
    opp = np.arange(n)
    adv_opp, adv_step = np.nonzero(advanced)
    end_opp = np.flatnonzero(closed)
    event_opp = np.concatenate([opp, adv_opp, end_opp])
    event_day = np.concatenate([created, days[adv_opp, adv_step + 1], close_day[end_opp]])
    activity = (["created"] * n + ["advanced"] * adv_opp.size
                + np.where(won[end_opp], "won", "lost").tolist())
    ev_stage = (["Prospecting"] * n + np.array(STAGES)[adv_step + 1].tolist()
                + stage[end_opp].tolist())
    return Deals(owner, line, stage.tolist(), probability, amount, created, close, won, closed,
                 names, event_opp, event_day, activity, ev_stage)


def incentive_spend(company: Company, cat: Catalogue, shares: np.ndarray,
                    rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Monthly incentive payouts per team and product line; per region and quarter the
    non-strategic lines get the story's misallocation share of the budget."""
    teams = company.teams
    region = company.region[teams]
    units, days, lines, amounts = [], [], [], []
    for q, period in sorted(cat.periods.items()):
        budget = SPEND_SHARE_OF_COLLECTIONS * COMPANY_TARGETS[q]["collections"]
        misallocated = np.array([CASE[q][r.key][2] for r in REGIONS])[region]
        team_w = company.headcount[teams] * rng.uniform(0.7, 1.3, teams.size)
        region_total = np.bincount(region, team_w)[region]
        region_budget = budget * np.bincount(region, shares[teams])[region]
        team_budget = region_budget * team_w / region_total  # (T,)
        month_w = rng.uniform(0.8, 1.2, (teams.size, 3))
        month_w /= month_w.sum(axis=1, keepdims=True)
        strategic_line = LINE_CODES.index(STRATEGIC_LINE[q])
        line_w = rng.uniform(0.5, 1.5, (teams.size, 3, len(LINE_CODES)))
        line_w[:, :, strategic_line] = 0.0
        line_w /= line_w.sum(axis=2, keepdims=True)
        line_w *= misallocated[:, None, None]
        line_w[:, :, strategic_line] = 1.0 - misallocated[:, None]
        amount = team_budget[:, None, None] * month_w[:, :, None] * line_w  # (T, 3, L)
        month_days = np.array([day_number(period.start.replace(month=period.start.month + k,
                                                               day=25)) for k in range(3)])
        offset = rng.integers(-3, 3, (teams.size, 3))
        shape = amount.shape
        units.append(np.broadcast_to(teams[:, None, None], shape).ravel())
        days.append(np.broadcast_to((month_days[None, :] + offset)[:, :, None], shape).ravel())
        lines.append(np.broadcast_to(np.arange(len(LINE_CODES))[None, None, :], shape).ravel())
        amounts.append(np.round(amount, 2).ravel())
    return {"unit": np.concatenate(units), "day": np.concatenate(days),
            "line": np.concatenate(lines), "amount": np.concatenate(amounts)}
