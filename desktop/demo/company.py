"""The org tree of the demo company as parallel arrays (HQ, regions, teams, reps).

Units are ordered parents before children: HQ, the regions, all teams, all reps. With
``scale`` the same shape grows to about that many units: six regions, teams of about
ten reps.
"""

from dataclasses import dataclass

import numpy as np

from desktop.demo.story import REGIONS

SURNAMES = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
            ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
            ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
            ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"))
GIVEN = (("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"),
         ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"), ("洋", "Yang"), ("艳", "Yan"),
         ("勇", "Yong"), ("军", "Jun"), ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"),
         ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("霞", "Xia"), ("平", "Ping"),
         ("刚", "Gang"), ("桂英", "Guiying"), ("浩", "Hao"), ("婷", "Ting"), ("宇", "Yu"),
         ("欣", "Xin"), ("佳", "Jia"), ("鹏", "Peng"), ("晨", "Chen"), ("琳", "Lin"))
HQ_STAFF = 12


@dataclass(slots=True)
class Company:
    code: list[str]
    name: list[str]
    kind: list[str]
    parent: np.ndarray  # index of the parent unit, -1 for HQ
    region: np.ndarray  # index into REGIONS, -1 for HQ
    manager: list[str]
    headcount: np.ndarray
    density: np.ndarray  # local factors
    competition: np.ndarray
    teams: np.ndarray  # unit indices of the teams
    reps: np.ndarray  # unit indices of the reps

    def __len__(self) -> int:
        return len(self.code)

    def count(self, kind: str) -> int:
        return self.kind.count(kind)


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    s = rng.integers(0, len(SURNAMES), count)
    g = rng.integers(0, len(GIVEN), count)
    return [f"{SURNAMES[a][0]}{GIVEN[b][0]} {SURNAMES[a][1]} {GIVEN[b][1]}"
            for a, b in zip(s.tolist(), g.tolist(), strict=True)]


def _shape(scale: int | None, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(teams per region, reps per team in region order)."""
    if scale is None:
        teams = np.array([r.teams for r in REGIONS])
        sizes = []
        for region in REGIONS:  # split the region's reps as evenly as possible
            base, extra = divmod(region.reps, region.teams)
            sizes += [base + (i < extra) for i in range(region.teams)]
        return teams, np.array(sizes)
    n_regions = len(REGIONS)
    if scale < 1 + n_regions + 2 * n_regions:
        raise ValueError(f"demo scale must be at least {3 * n_regions + 1} units")
    n_teams = max(n_regions, round((scale - 1 - n_regions) / 11))
    n_reps = scale - 1 - n_regions - n_teams
    weight = np.array([r.reps for r in REGIONS], dtype=float)
    teams = np.maximum(1, np.floor(n_teams * weight / weight.sum())).astype(int)
    teams[0] += n_teams - teams.sum()
    # teams of about ten, varied, summing exactly to n_reps
    raw = rng.uniform(0.8, 1.2, n_teams)
    sizes = np.floor(raw / raw.sum() * n_reps).astype(int)
    short = n_reps - sizes.sum()
    sizes[rng.permutation(n_teams)[:short]] += 1
    return teams, np.maximum(sizes, 0)


def build(scale: int | None, rng: np.random.Generator) -> Company:
    teams_per_region, team_sizes = _shape(scale, rng)
    n_regions, n_teams = len(REGIONS), int(teams_per_region.sum())
    n_reps = int(team_sizes.sum())
    total = 1 + n_regions + n_teams + n_reps
    team_region = np.repeat(np.arange(n_regions), teams_per_region)
    rep_team = np.repeat(np.arange(n_teams), team_sizes)
    first_team, first_rep = 1 + n_regions, 1 + n_regions + n_teams

    parent = np.concatenate([[-1], np.zeros(n_regions, int), 1 + team_region,
                             first_team + rep_team])
    region = np.concatenate([[-1], np.arange(n_regions), team_region, team_region[rep_team]])

    # local factors: the region's values, teams around them, reps around their team's
    dens_r = np.array([r.customer_density for r in REGIONS])
    comp_r = np.array([r.competition_intensity for r in REGIONS])
    dens_t = dens_r[team_region] * rng.lognormal(0, 0.08, n_teams)
    comp_t = comp_r[team_region] * rng.lognormal(0, 0.08, n_teams)
    dens_p = dens_t[rep_team] * rng.lognormal(0, 0.06, n_reps)
    comp_p = comp_t[rep_team] * rng.lognormal(0, 0.06, n_reps)
    density = np.round(np.concatenate([[1.0], dens_r, dens_t, dens_p]), 3)
    competition = np.round(np.concatenate([[1.0], comp_r, comp_t, comp_p]), 3)

    headcount_t = team_sizes + 1  # the reps and their team lead
    headcount_r = np.bincount(team_region, headcount_t, n_regions).astype(int) + 1
    headcount = np.concatenate([[headcount_r.sum() + HQ_STAFF], headcount_r, headcount_t,
                                np.ones(n_reps, int)])

    width = max(4, len(str(n_reps)))
    code = (["HQ"] + [f"R-{r.key}" for r in REGIONS]
            + [""] * n_teams + [f"P-{i + 1:0{width}d}" for i in range(n_reps)])
    name = ["总部 Head Office"] + [f"{r.name_zh}大区 {r.name_en}" for r in REGIONS]
    number_in_region = np.arange(n_teams) - np.concatenate(
        [[0], np.cumsum(teams_per_region)[:-1]])[team_region]
    for t, (r, k) in enumerate(zip(team_region.tolist(), number_in_region.tolist(),
                                   strict=True)):
        reg = REGIONS[r]
        en, zh = reg.cities[k % len(reg.cities)]
        lap = k // len(reg.cities)
        suffix = f" {lap + 1}" if lap else ""
        code[first_team + t] = f"T-{reg.key}-{k + 1}"
        name.append(f"{zh}{suffix}组 {en} team{suffix}")
    name += person_names(rng, n_reps)

    managers = person_names(rng, 1 + n_regions + n_teams)
    team_manager = managers[first_team:]
    manager = (managers[:first_team] + team_manager
               + [team_manager[t] for t in rep_team.tolist()])
    kind = ["company"] + ["region"] * n_regions + ["team"] * n_teams + ["person"] * n_reps
    assert len(code) == total
    return Company(code, name, kind, parent, region, manager, headcount, density,
                   competition, np.arange(first_team, first_rep), np.arange(first_rep, total))
