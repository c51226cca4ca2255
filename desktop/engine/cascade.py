"""The cascade engine (SPEC §4): weights and targets for every node, top-down.

For a parent p and child c with the rule on their edge:
  weights   w_c = α·w_p + (1−α)·ℓ_c,   ℓ_c ∝ max(0, b + Fᵀz_c)   (b = base or w_p)
  shares    s_c ∝ key_c · max(0, 1 + β·z̄_c)   over the siblings
  additive  t_c = t_p · s_c · (1 + overage); locked children keep their value and the
            remainder is spread over the unlocked siblings by the same shares
  ratio     t_c = t_p + band · clip(β·z̄_c, −1, 1)   (a manual value wins)
z_c are the child's factors standardised against its siblings.

Everything that does not depend on the parent's values (z, z̄, Fᵀz, shares) is computed
for all nodes of a range at once; only the blend and the target split run level by level.
Infeasible inputs produce Diagnostics naming the node, metric and rule — never a silent
clamp.
"""

from dataclasses import dataclass, field

import numpy as np

from desktop.engine.cascade_arrays import (
    KEY_CUSTOM,
    KEY_HEADCOUNT,
    KEY_LAST_ACTUAL,
    CascadeArrays,
)

TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str  # "missing_factor", "zero_local", "zero_shares", "locks_exceed", ...
    node_id: str
    metric_id: str | None
    rule: str | None
    message: str
    # True when it is about how a node's target splits over its children (it is then
    # recomputed with those children, not with the node itself)
    about_children: bool = False


@dataclass(slots=True)
class CascadeResult:
    weights: np.ndarray  # (n, m)
    targets: np.ndarray  # (n, m)
    z: np.ndarray  # (n, f) standardised factors
    zbar: np.ndarray  # (n,) the (weighted) mean of z used by shares and bands
    tilt: np.ndarray  # (n, m) Fᵀz, the factors' pull on the local vector
    local: np.ndarray  # (n, m) ℓ, normalised
    share: np.ndarray  # (n, m) allocation share among siblings (before locks)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def copy(self) -> "CascadeResult":
        return CascadeResult(self.weights.copy(), self.targets.copy(), self.z.copy(),
                             self.zbar.copy(), self.tilt.copy(), self.local.copy(),
                             self.share.copy(), list(self.diagnostics))


def empty_result(a: CascadeArrays) -> CascadeResult:
    n, m, f = a.n, a.m, len(a.factor_names)
    return CascadeResult(np.full((n, m), np.nan), np.full((n, m), np.nan), np.zeros((n, f)),
                         np.zeros(n), np.zeros((n, m)), np.zeros((n, m)), np.ones((n, m)))


def compute(a: CascadeArrays) -> CascadeResult:
    """Full recompute of every node."""
    result = empty_result(a)
    roots = np.flatnonzero(a.parent < 0)
    _set_roots(a, result, roots)
    for root in roots:
        _compute_range(a, result, int(root))
    return result


def recompute_subtree(a: CascadeArrays, result: CascadeResult, top: int) -> CascadeResult:
    """Recompute, in place, everything below node ``top`` (``top`` keeps its values unless it
    is a root). Pass the node whose children's inputs changed: for an edit of a node's
    factors, target or incoming rule, that is the node's parent (its siblings move too)."""
    result.diagnostics = [d for d in result.diagnostics if not _recomputed(a, d, top)]
    if a.parent[top] < 0:
        _set_roots(a, result, np.array([top]))
    _compute_range(a, result, top)
    return result


def _recomputed(a: CascadeArrays, d: Diagnostic, top: int) -> bool:
    """Whether recomputing below ``top`` regenerates this diagnostic."""
    i = a.index_of.get(d.node_id, -1)
    lo = top if (d.about_children or a.parent[top] < 0) else top + 1
    return lo <= i < a.subtree_end[top]


def _set_roots(a: CascadeArrays, r: CascadeResult, roots: np.ndarray) -> None:
    for root in roots:
        r.weights[root] = a.root_weights
        r.targets[root] = a.override[root]
        r.local[root] = a.root_weights
        for j in np.flatnonzero(np.isnan(a.override[root])):
            r.diagnostics.append(Diagnostic(
                "root_target_missing", a.node_ids[root], a.metric_ids[j], None,
                "the top node has no target for this metric; set one by hand"))


def _compute_range(a: CascadeArrays, r: CascadeResult, top: int) -> None:
    lo, hi = top + 1, int(a.subtree_end[top])
    if hi <= lo:
        return
    nodes = np.arange(lo, hi)
    group = a.parent[nodes] - top  # compact sibling-group ids within the range
    groups = hi - top
    _standardise(a, r, nodes, group, groups)
    _tilt_and_shares(a, r, nodes, group, groups)
    # What does not depend on the parent's values is prepared for the whole range, so
    # each level is a few gathers and multiplications: target = t_parent · M + S, where M
    # is share·(1+overage) for additive metrics (1 for ratio ones) and S the ratio shift.
    rules = a.rule_index[nodes]
    table = _rule_table(a)
    alpha = table.alpha[rules]
    shift = table.band[rules] * np.clip(table.beta[rules] * r.zbar[nodes], -1.0, 1.0)
    add = a.additive
    mult = np.where(add, r.share[nodes] * (1.0 + table.overage[rules])[:, None], 1.0)
    offset = np.where(add, 0.0, shift[:, None])
    base = table.base[rules] if table.any_base else None
    manual = ~np.isnan(a.override[nodes])
    depth = a.depth[nodes]
    order = np.argsort(depth, kind="stable")
    levels, starts = np.unique(depth[order], return_index=True)
    bounds = [*starts.tolist(), len(order)]
    for k in range(len(levels)):
        sel = order[bounds[k]:bounds[k + 1]]
        level_nodes = nodes[sel]
        _blend_level(a, r, level_nodes, alpha[sel], None if base is None else base[sel])
        _split_level(a, r, level_nodes, mult[sel], offset[sel], manual[sel])


@dataclass(frozen=True, slots=True)
class _RuleTable:
    alpha: np.ndarray
    beta: np.ndarray
    overage: np.ndarray
    band: np.ndarray
    base: np.ndarray  # (rules, m); NaN rows where the rule uses the parent's weights
    any_base: bool


def _rule_table(a: CascadeArrays) -> _RuleTable:
    base = np.full((len(a.rules), a.m), np.nan)
    for k, rule in enumerate(a.rules):
        if rule.base is not None:
            base[k] = rule.base
    return _RuleTable(np.array([x.alpha for x in a.rules]), np.array([x.beta for x in a.rules]),
                      np.array([x.overage for x in a.rules]), np.array([x.band for x in a.rules]),
                      base, bool(any(x.base is not None for x in a.rules)))


def _group_mean(values: np.ndarray, group: np.ndarray, groups: int,
                weights: np.ndarray) -> np.ndarray:
    total = np.bincount(group, weights=values * weights, minlength=groups)
    count = np.bincount(group, weights=weights, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.where(count > 0, count, 1), 0.0)


def _standardise(a, r, nodes, group, groups) -> None:
    """z: each factor standardised against the node's siblings (population std); a factor
    that does not vary among siblings gives z = 0."""
    for k, name in enumerate(a.factor_names):
        x = a.factors[nodes, k]
        known = ~np.isnan(x)
        if not known.all():
            for i in nodes[~known]:
                if a.rule_index[i] >= 0 and _rule_uses(a, int(i), k):
                    r.diagnostics.append(Diagnostic(
                        "missing_factor", a.node_ids[i], None, a.rules[a.rule_index[i]].name,
                        f"local factor {name!r} is missing; it counts as the siblings' mean"))
        xv = np.where(known, x, 0.0)
        w = known.astype(float)
        mean = _group_mean(xv, group, groups, w)
        var = _group_mean(xv * xv, group, groups, w) - mean * mean
        std = np.sqrt(np.maximum(var, 0.0))[group]
        centred = xv - mean[group]
        ok = known & (std > 1e-12)
        r.z[nodes, k] = np.where(ok, centred / np.where(ok, std, 1.0), 0.0)


def _rule_uses(a: CascadeArrays, i: int, k: int) -> bool:
    rule = a.rules[a.rule_index[i]]
    return bool(np.any(rule.tilt[k] != 0) or rule.factor_weights[k] > 0)


def _tilt_and_shares(a, r, nodes, group, groups) -> None:
    rules = a.rule_index[nodes]
    m = a.m
    key = np.ones((len(nodes), m))
    beta = np.zeros(len(nodes))
    for ri in np.unique(rules):
        rule = a.rules[ri]
        mask = rules == ri
        sel = nodes[mask]
        r.tilt[sel], r.zbar[sel] = _project(r.z[sel], rule)
        beta[mask] = rule.beta
        if rule.key == KEY_HEADCOUNT:
            key[mask] = a.headcount[sel, None]
        elif rule.key == KEY_LAST_ACTUAL:
            key[mask] = a.last_actual[sel]
        elif rule.key == KEY_CUSTOM:
            column = a.custom.get(rule.custom_column or "")
            if column is None:
                for i in sel:
                    r.diagnostics.append(Diagnostic(
                        "missing_key", a.node_ids[i], None, rule.name,
                        f"allocation column {rule.custom_column!r} does not exist"))
                key[mask] = np.nan
            else:
                key[mask] = column[sel, None]
    bad_key = np.isnan(key) | (key < 0)
    if bad_key.any():
        for row, j in zip(*np.nonzero(bad_key), strict=True):
            i = nodes[row]
            r.diagnostics.append(Diagnostic(
                "bad_key", a.node_ids[i], a.metric_ids[j], _rule_name(a, i),
                "allocation key is missing or negative; this node gets no share"))
        key = np.where(bad_key, 0.0, key)
    raw = key * np.maximum(0.0, 1.0 + beta * r.zbar[nodes])[:, None]
    share = np.empty_like(raw)
    for j in range(m):
        total = np.bincount(group, weights=raw[:, j], minlength=groups)[group]
        zero = total <= 0
        if zero.any():
            siblings = np.bincount(group, minlength=groups)[group]
            for i in np.unique(a.parent[nodes[zero]]):
                r.diagnostics.append(Diagnostic(
                    "zero_shares", a.node_ids[i], a.metric_ids[j], None,
                    "every child's allocation share is 0; the target is split equally",
                    about_children=True))
            share[:, j] = np.where(zero, 1.0 / siblings, raw[:, j] / np.where(zero, 1, total))
        else:
            share[:, j] = raw[:, j] / total
    r.share[nodes] = share


def _project(z: np.ndarray, rule) -> tuple[np.ndarray, np.ndarray]:
    """Fᵀz and z̄ for each row. Written as a sum over the (few) factors rather than a
    matrix product: BLAS may round a row differently depending on how many rows it is
    given, and an incremental recompute must give exactly the full one's numbers."""
    tilt = np.zeros((len(z), rule.tilt.shape[1]))
    zbar = np.zeros(len(z))
    for k in range(z.shape[1]):
        tilt += z[:, k, None] * rule.tilt[k]
        zbar += z[:, k] * rule.factor_weights[k]
    return tilt, zbar


def _rule_name(a: CascadeArrays, i: int) -> str | None:
    return a.rules[a.rule_index[i]].name if a.rule_index[i] >= 0 else None


def _blend_level(a, r, nodes, alpha, base) -> None:
    wp = r.weights[a.parent[nodes]]
    if base is None:
        local = wp + r.tilt[nodes]
    else:
        local = np.where(np.isnan(base), wp, base) + r.tilt[nodes]
    np.maximum(local, 0.0, out=local)
    total = local.sum(axis=1)
    zero = total <= TOLERANCE
    if zero.any():
        for i in nodes[zero]:
            r.diagnostics.append(Diagnostic(
                "zero_local", a.node_ids[i], None, _rule_name(a, i),
                "the factor tilt leaves an all-zero local vector; the parent's weights "
                "are used for the local part"))
        local[zero] = wp[zero]
        total[zero] = wp[zero].sum(axis=1)
    local /= total[:, None]
    r.local[nodes] = local
    a_col = alpha[:, None]
    r.weights[nodes] = a_col * wp + (1.0 - a_col) * local


def _split_level(a, r, nodes, mult, offset, manual) -> None:
    parents = a.parent[nodes]
    targets = r.targets[parents] * mult + offset
    if manual.any():
        plain = targets[:, a.additive]
        targets = np.where(manual, a.override[nodes], targets)
        _respread_locks(a, r, nodes, parents, plain, manual, targets)
    r.targets[nodes] = targets


def _respread_locks(a, r, nodes, parents, plain, manual, targets) -> None:
    """Locked children keep their value; the rest of the parent's (over-aged) target is
    spread over their unlocked siblings by the same shares."""
    add_cols = np.flatnonzero(a.additive)
    uniq, group = np.unique(parents, return_inverse=True)
    for c, j in enumerate(add_cols):
        fixed = manual[:, j]
        if not fixed.any():
            continue
        total = np.bincount(group, weights=plain[:, c], minlength=len(uniq))
        locked_sum = np.bincount(group, weights=np.where(fixed, a.override[nodes, j], 0.0),
                                 minlength=len(uniq))
        free_plain = np.bincount(group, weights=np.where(fixed, 0.0, plain[:, c]),
                                 minlength=len(uniq))
        remainder = total - locked_sum
        has_lock = np.bincount(group, weights=fixed, minlength=len(uniq)) > 0
        # groups without a lock keep their plain split untouched (scale exactly 1)
        scale = np.ones_like(remainder)
        np.divide(remainder, free_plain, out=scale, where=has_lock & (free_plain != 0))
        scale[has_lock & (free_plain == 0)] = 0.0
        targets[:, j] = np.where(fixed, targets[:, j], plain[:, c] * scale[group])
        for g in np.flatnonzero(has_lock):
            parent_id = a.node_ids[uniq[g]]
            metric_id = a.metric_ids[j]
            scale_tol = TOLERANCE * max(1.0, abs(total[g]))
            if remainder[g] < -scale_tol:
                r.diagnostics.append(Diagnostic(
                    "locks_exceed", parent_id, metric_id, None,
                    f"locked children take {locked_sum[g]:,.6g}, more than the "
                    f"{total[g]:,.6g} to split; their unlocked siblings get a negative "
                    "remainder", about_children=True))
            elif free_plain[g] == 0 and abs(remainder[g]) > scale_tol:
                r.diagnostics.append(Diagnostic(
                    "all_locked", parent_id, metric_id, None,
                    f"every child is locked and the locks sum to {locked_sum[g]:,.6g}, "
                    f"not the {total[g]:,.6g} to split", about_children=True))
