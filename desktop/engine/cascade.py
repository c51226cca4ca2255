"""The cascade engine (SPEC §4): weights and targets for every node, top-down.

For a parent p and child c with the rule on their edge:
  weights   w_c = α·w_p + (1−α)·ℓ_c,   ℓ_c ∝ max(0, b + Fᵀz_c)   (b = base or w_p)
  shares    s_c ∝ key_c · max(0, 1 + β·z̄_c)   over the siblings
  additive  t_c = t_p · s_c · (1 + overage); locked children keep their value and the
            remainder is spread over the unlocked siblings by the same shares
  ratio     t_c = t_p + band · clip(β·z̄_c, −1, 1)   (a manual value wins)
z_c are the child's factors standardised against its siblings.

The tree is in level order (see cascade_arrays): the engine works one level at a time on
contiguous slices, siblings being contiguous segments of a slice — repeat and reduceat
instead of scattered gathers. An incremental recompute runs the same code on the slice
of each level that lies below the edited node, so its numbers are the full recompute's.
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
    RuleParams,
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
    """Result arrays for every node. Uninitialised on purpose: every level slice writes
    all of its rows, and the roots are filled by _set_roots — at 100 000 nodes, filling
    them first would cost as much as a level of the computation."""
    n, m, f = a.n, a.m, len(a.factor_names)
    return CascadeResult(np.empty((n, m)), np.empty((n, m)), np.empty((n, f)), np.empty(n),
                         np.empty((n, m)), np.empty((n, m)), np.empty((n, m)))


def compute(a: CascadeArrays) -> CascadeResult:
    """Full recompute of every node."""
    result = empty_result(a)
    levels = a.level_start
    if a.n == 0:
        return result
    _set_roots(a, result, range(int(levels[0]), int(levels[1])))
    for d in range(1, len(levels) - 1):
        _compute_block(a, result, int(levels[d - 1]), int(levels[d]), int(levels[d]),
                       int(levels[d + 1]))
    return result


def recompute_subtree(a: CascadeArrays, result: CascadeResult, top: int) -> CascadeResult:
    """Recompute, in place, everything below node ``top`` (``top`` keeps its values unless it
    is a root). Pass the node whose children's inputs changed: for an edit of a node's
    factors, target or incoming rule, that is the node's parent (its siblings move too)."""
    result.diagnostics = [d for d in result.diagnostics if not _recomputed(a, d, top)]
    if a.parent[top] < 0:
        _set_roots(a, result, [top])
    plo, phi = top, top + 1
    while True:
        lo, hi = int(a.child_start[plo]), int(a.child_end[phi - 1])
        if hi <= lo:
            return result
        _compute_block(a, result, plo, phi, lo, hi)
        plo, phi = lo, hi


def _recomputed(a: CascadeArrays, d: Diagnostic, top: int) -> bool:
    """Whether recomputing below ``top`` regenerates this diagnostic."""
    i = a.index_of.get(d.node_id, -1)
    if i < 0 or not a.descends(i, top):
        return False
    return i != top or d.about_children or a.parent[top] < 0


def _set_roots(a: CascadeArrays, r: CascadeResult, roots) -> None:
    for root in roots:
        r.weights[root] = a.root_weights
        r.targets[root] = a.override[root]
        r.local[root] = a.root_weights
        r.z[root] = 0.0
        r.zbar[root] = 0.0
        r.tilt[root] = 0.0
        r.share[root] = 1.0
        for j in np.flatnonzero(np.isnan(a.override[root])):
            r.diagnostics.append(Diagnostic(
                "root_target_missing", a.node_ids[root], a.metric_ids[j], None,
                "the top node has no target for this metric; set one by hand"))


class _Siblings:
    """The sibling segments of one slice: children of parents plo:phi are lo:hi."""

    def __init__(self, a: CascadeArrays, plo: int, phi: int, lo: int) -> None:
        counts = a.child_end[plo:phi] - a.child_start[plo:phi]
        self.has_children = counts > 0
        self.parents = plo + np.flatnonzero(self.has_children)
        self.counts = counts[self.has_children]
        self.offsets = a.child_start[self.parents] - lo

    def sum(self, x: np.ndarray) -> np.ndarray:
        return np.add.reduceat(x, self.offsets, axis=0)

    def spread(self, per_group: np.ndarray) -> np.ndarray:
        return np.repeat(per_group, self.counts, axis=0)

    def from_parents(self, values: np.ndarray) -> np.ndarray:
        """Each child's copy of its parent's row of ``values``."""
        return np.repeat(values[self.parents], self.counts, axis=0)


def _compute_block(a: CascadeArrays, r: CascadeResult, plo: int, phi: int, lo: int,
                   hi: int) -> None:
    sib = _Siblings(a, plo, phi, lo)
    rules = a.rule_index[lo:hi]
    first = int(rules[0])
    uniform = bool((rules == first).all())
    _standardise(a, r, sib, lo, hi)
    params = _params(a, rules, first if uniform else None)
    _project_factors(a, r, lo, hi, rules, first if uniform else None)
    share = _shares(a, r, sib, lo, hi, rules, params, first if uniform else None)
    _blend(a, r, sib, lo, hi, params)
    _split(a, r, sib, lo, hi, params, share)


def _standardise(a: CascadeArrays, r: CascadeResult, sib: _Siblings, lo: int, hi: int) -> None:
    """z: each factor standardised against the node's siblings (population std); a factor
    that does not vary among siblings gives z = 0; a missing one counts as the mean."""
    if not a.factor_names:
        return
    x = a.factors[lo:hi]
    known = ~np.isnan(x)
    all_known = bool(known.all())
    if all_known:
        xv, count = x, sib.counts[:, None].astype(float)
    else:
        _report_missing_factors(a, r, lo, known)
        xv, count = np.where(known, x, 0.0), sib.sum(known.astype(float))
    safe = np.where(count > 0, count, 1.0)
    mean = sib.sum(xv) / safe
    # Two passes (deviations first): E[x²] − E[x]² loses every digit when the factor is
    # large next to its spread (1e7 + 0.1, 0.2, 0.3).
    z = r.z[lo:hi]
    np.subtract(xv, sib.spread(mean), out=z)
    if not all_known:
        z[~known] = 0.0  # a missing factor counts as the mean
    std = np.sqrt(sib.sum(z * z) / safe)
    # per sibling group, then spread: one reciprocal per group instead of per node
    varies = std > 1e-12 * np.maximum(1.0, np.abs(mean))
    inverse = np.divide(1.0, std, out=np.zeros_like(std), where=varies)
    z *= sib.spread(inverse)


def _report_missing_factors(a, r, lo, known) -> None:
    for row, k in zip(*np.nonzero(~known), strict=True):
        i = lo + int(row)
        rule = a.rules[a.rule_index[i]]
        if rule.tilt[k].any() or rule.factor_weights[k] > 0:
            r.diagnostics.append(Diagnostic(
                "missing_factor", a.node_ids[i], None, rule.name,
                f"local factor {a.factor_names[k]!r} is missing; it counts as the "
                "siblings' mean"))


@dataclass(frozen=True, slots=True)
class _Params:
    alpha: np.ndarray | float
    beta: np.ndarray | float
    overage: np.ndarray | float
    band: np.ndarray | float
    base: np.ndarray | None  # (k, m) NaN rows = the parent's weights; None = all parent


def _params(a: CascadeArrays, rules: np.ndarray, single: int | None) -> _Params:
    """Rule parameters per node of the slice (scalars when one rule covers it)."""
    if single is not None:
        rule = a.rules[single]
        base = None if rule.base is None else np.broadcast_to(rule.base, (len(rules), a.m))
        return _Params(rule.alpha, rule.beta, rule.overage, rule.band, base)
    table = np.array([[x.alpha, x.beta, x.overage, x.band] for x in a.rules])[rules]
    base = None
    if any(x.base is not None for x in a.rules):
        base_rows = np.array([x.base if x.base is not None else np.full(a.m, np.nan)
                              for x in a.rules])
        base = base_rows[rules]
    return _Params(table[:, 0], table[:, 1], table[:, 2], table[:, 3], base)


def _column(value: np.ndarray | float) -> np.ndarray | float:
    return value[:, None] if isinstance(value, np.ndarray) else value


def _project_factors(a, r, lo, hi, rules, single) -> None:
    if single is not None:
        _project(r.z[lo:hi], a.rules[single], r.tilt[lo:hi], r.zbar[lo:hi])
        return
    for ri in np.unique(rules):
        rows = lo + np.flatnonzero(rules == ri)
        tilt, zbar = np.empty((len(rows), a.m)), np.empty(len(rows))
        _project(r.z[rows], a.rules[ri], tilt, zbar)
        r.tilt[rows], r.zbar[rows] = tilt, zbar


def _project(z: np.ndarray, rule: RuleParams, tilt: np.ndarray, zbar: np.ndarray) -> None:
    """Fᵀz and z̄ for each row, into ``tilt`` and ``zbar``. Written as a sum over the (few)
    factors rather than a matrix product: BLAS may round a row differently depending on
    how many rows it is given, and an incremental recompute must give exactly the full
    one's numbers."""
    tilt[:] = 0.0
    zbar[:] = 0.0
    for k in range(z.shape[1]):
        if rule.tilt[k].any():
            tilt += z[:, k, None] * rule.tilt[k]
        if rule.factor_weights[k]:
            zbar += z[:, k] * rule.factor_weights[k]


def _keys(a, r, lo, hi, rules, single: int | None) -> np.ndarray:
    """Allocation key per node: (k,) or, with last-actual keys, (k, m)."""
    used = [single] if single is not None else np.unique(rules).tolist()
    per_metric = any(a.rules[ri].key == KEY_LAST_ACTUAL for ri in used)
    key = np.ones((hi - lo, a.m) if per_metric else hi - lo)
    for ri in used:
        rule = a.rules[ri]
        rows = slice(None) if single is not None else rules == ri
        nodes = np.arange(lo, hi)[rows]
        if rule.key == KEY_HEADCOUNT:
            key[rows] = a.headcount[nodes, None] if per_metric else a.headcount[nodes]
        elif rule.key == KEY_LAST_ACTUAL:
            key[rows] = a.last_actual[nodes]
        elif rule.key == KEY_CUSTOM:
            column = a.custom.get(rule.custom_column or "")
            if column is None:
                for i in nodes:
                    r.diagnostics.append(Diagnostic(
                        "missing_key", a.node_ids[i], None, rule.name,
                        f"allocation column {rule.custom_column!r} does not exist"))
                key[rows] = np.nan
            else:
                key[rows] = column[nodes, None] if per_metric else column[nodes]
    bad = np.isnan(key) | (key < 0)
    if bad.any():
        for row in np.unique(np.nonzero(bad)[0]):
            i = lo + int(row)
            cols = (np.flatnonzero(bad[row] & a.additive) if key.ndim == 2
                    else np.flatnonzero(a.additive))
            for j in cols:
                r.diagnostics.append(Diagnostic(
                    "bad_key", a.node_ids[i], a.metric_ids[j], a.rules[a.rule_index[i]].name,
                    "allocation key is missing or negative; this node gets no share"))
        key = np.where(bad, 0.0, key)
    return key


def _shares(a, r, sib: _Siblings, lo, hi, rules, p: _Params, single: int | None
            ) -> np.ndarray:
    """s_c ∝ key_c · max(0, 1 + β·z̄_c), normalised over the siblings."""
    key = _keys(a, r, lo, hi, rules, single)
    pull = np.maximum(0.0, 1.0 + p.beta * r.zbar[lo:hi])
    raw = key * (pull[:, None] if key.ndim == 2 else pull)
    total = sib.sum(raw)
    empty = total <= 0
    if empty.any():
        for g in np.unique(np.nonzero(empty)[0]):
            cols = (np.flatnonzero(empty[g] & a.additive) if empty.ndim == 2
                    else np.flatnonzero(a.additive))
            for j in cols:
                r.diagnostics.append(Diagnostic(
                    "zero_shares", a.node_ids[sib.parents[g]], a.metric_ids[j], None,
                    "every child's allocation share is 0; the target is split equally",
                    about_children=True))
        counts = sib.counts[:, None] if raw.ndim == 2 else sib.counts
        equal = sib.spread(np.broadcast_to(1.0 / counts, total.shape).copy())
        share = np.where(sib.spread(empty), equal, raw / sib.spread(np.where(empty, 1, total)))
    else:
        share = raw / sib.spread(total)
    r.share[lo:hi] = share if share.ndim == 2 else share[:, None]
    return share


def _blend(a, r, sib: _Siblings, lo, hi, p: _Params) -> None:
    wp = sib.from_parents(r.weights)
    local = r.local[lo:hi]  # computed in place: this runs over every node
    if p.base is None:
        np.add(wp, r.tilt[lo:hi], out=local)
    else:
        np.add(np.where(np.isnan(p.base), wp, p.base), r.tilt[lo:hi], out=local)
    np.maximum(local, 0.0, out=local)
    total = local.sum(axis=1)
    zero = total <= TOLERANCE
    if zero.any():
        for row in np.flatnonzero(zero):
            i = lo + int(row)
            r.diagnostics.append(Diagnostic(
                "zero_local", a.node_ids[i], None, a.rules[a.rule_index[i]].name,
                "the factor tilt leaves an all-zero local vector; the parent's weights "
                "are used for the local part"))
        local[zero] = wp[zero]
        total[zero] = wp[zero].sum(axis=1)
    local /= total[:, None]
    alpha = _column(p.alpha)
    weights = r.weights[lo:hi]
    np.multiply(wp, alpha, out=weights)
    weights += (1.0 - alpha) * local


def _split(a, r, sib: _Siblings, lo, hi, p: _Params, share: np.ndarray) -> None:
    tp = sib.from_parents(r.targets)
    grow = share * (1.0 + p.overage) if share.ndim == 1 else share * _column(1.0 + p.overage)
    targets = tp * (grow[:, None] if grow.ndim == 1 else grow)
    ratio = ~a.additive
    if ratio.any():
        shift = p.band * np.clip(p.beta * r.zbar[lo:hi], -1.0, 1.0)
        targets[:, ratio] = tp[:, ratio] + _column(np.broadcast_to(shift, (hi - lo,)))
    override = a.override[lo:hi]
    manual = ~np.isnan(override)
    if manual.any():
        plain = targets.copy()
        targets = np.where(manual, override, targets)
        _respread_locks(a, r, sib, manual, a.locked[lo:hi] & manual, override, plain, targets)
    if ratio.any():
        negative = (targets[:, ratio] < 0).any(axis=1)
        for row in np.flatnonzero(negative):
            i = lo + int(row)
            r.diagnostics.append(Diagnostic(
                "ratio_out_of_range", a.node_ids[i], None, a.rules[a.rule_index[i]].name,
                "a ratio target fell below 0: the band's shifts add up down the tree"))
    r.targets[lo:hi] = targets


def _respread_locks(a, r, sib: _Siblings, manual, locked, override, plain, targets) -> None:
    """A locked child keeps its value and the rest of the parent's (over-aged) target is
    spread over its siblings without a manual value, by the same shares. An unlocked
    manual value changes only its own node: its plain share stays reserved, so the
    siblings do not move and the children no longer add up — reported, not hidden."""
    for j in np.flatnonzero(a.additive):
        own = manual[:, j]
        if not own.any():
            continue
        fixed = locked[:, j]
        total = sib.sum(plain[:, j])
        locked_sum = sib.sum(np.where(fixed, override[:, j], 0.0))
        reserved = sib.sum(np.where(own & ~fixed, plain[:, j], 0.0))
        free = sib.sum(np.where(own, 0.0, plain[:, j]))
        has_lock = sib.sum(fixed.astype(np.int64)) > 0
        remainder = total - locked_sum - reserved
        # groups without a lock keep their plain split untouched (scale exactly 1)
        scale = np.ones_like(remainder)
        np.divide(remainder, free, out=scale, where=has_lock & (free != 0))
        scale[has_lock & (free == 0)] = 0.0
        targets[:, j] = np.where(own, override[:, j], plain[:, j] * sib.spread(scale))
        has_manual = sib.sum(own.astype(np.int64)) > 0
        split = sib.sum(targets[:, j])
        for g in np.flatnonzero(has_manual):
            _report_split(a, r, j, int(sib.parents[g]), bool(has_lock[g]), total[g],
                          locked_sum[g], remainder[g], free[g], split[g])


def _report_split(a, r, j, parent, has_lock, total, locked_sum, remainder, free, split) -> None:
    parent_id, metric_id = a.node_ids[parent], a.metric_ids[j]
    tol = TOLERANCE * max(1.0, abs(total))
    if has_lock and remainder < -tol:
        r.diagnostics.append(Diagnostic(
            "locks_exceed", parent_id, metric_id, None,
            f"locked children take {locked_sum:,.6g}, more than the {total:,.6g} to split; "
            "their unlocked siblings get a negative remainder", about_children=True))
    elif has_lock and free == 0 and abs(remainder) > tol:
        r.diagnostics.append(Diagnostic(
            "all_locked", parent_id, metric_id, None,
            f"every child is locked and the locks sum to {locked_sum:,.6g}, not the "
            f"{total:,.6g} to split", about_children=True))
    elif abs(split - total) > tol:
        r.diagnostics.append(Diagnostic(
            "override_unbalanced", parent_id, metric_id, None,
            f"the children add up to {split:,.6g}, not {total:,.6g}: a value set by hand is "
            "not locked, so its siblings were not adjusted (lock it to re-spread)",
            about_children=True))
