"""A company-shaped cascade of any size as engine arrays (HQ → 6 regions → teams of
about ten → reps), for benchmarks and scale tests."""

import numpy as np

from desktop.engine.cascade_arrays import KEY_HEADCOUNT
from tests.engine.cascade_fixtures import make_arrays, make_rule


def company_parents(n: int, regions: int = 6, team_size: int = 10) -> list[int]:
    parents = [-1] + [0] * regions
    n_teams = max(1, (n - 1 - regions) // (team_size + 1))
    teams = []
    for t in range(n_teams):
        teams.append(len(parents))
        parents.append(1 + t % regions)
    while len(parents) < n:
        parents.append(teams[len(parents) % n_teams])
    return parents[:n]


def company_arrays(n: int, m: int = 6, seed: int = 1):
    rng = np.random.default_rng(seed)
    rules = [make_rule("standard regional rule", 2, m, key=KEY_HEADCOUNT, rng=rng),
             make_rule("team rule", 2, m, alpha=0.8, rng=rng)]
    parents = company_parents(n)
    rule_of = [0 if p == 0 else 1 for p in parents]
    return make_arrays(parents, m=m, f=2, rules=rules, rule_of=rule_of, seed=seed)
