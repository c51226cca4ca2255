"""The engine recompute behind ``CascadeDesign``'s edits (split from
document_cascade.py): recompute the whole cascade, or only below the rows an edit
touched, and announce the nodes whose numbers moved. numpy and the engine are imported
inside the methods: this module is imported at start-up, before the first paint."""

from typing import Any


class CascadeRecompute:
    """Mixed into ``CascadeDesign`` (which holds arrays, result, cascade and the
    ``numbersChanged`` signal)."""

    # --- recompute ------------------------------------------------------------------
    def _top_for(self, node_id: str) -> int:
        """The row to recompute below after an edit of this node's own inputs: its
        parent (its siblings' shares move too), or itself when it is a top node."""
        i = self.row(node_id)
        p = int(self.arrays.parent[i])
        return i if p < 0 else p

    def _tops_using(self, rule_index: int) -> list[int]:
        import numpy as np

        a = self.arrays
        parents = {int(p) for p in np.unique(a.parent[a.rule_index == rule_index])}
        tops = []
        for p in sorted(parents):
            up = int(a.parent[p])
            while up >= 0 and up not in parents:
                up = int(a.parent[up])
            if up < 0:
                tops.append(p)
        return tops

    def _recompute_below(self, tops: list[int]) -> None:
        from desktop.engine.cascade import recompute_subtree

        before = self.result.copy()
        for top in tops:
            recompute_subtree(self.arrays, self.result, top)
        self._announce(before, self.arrays)

    def _recompute_all(self) -> None:
        from desktop.engine.cascade import compute

        before, old_arrays = self.result, self.arrays
        self.arrays = self.context.arrays()
        self.result = compute(self.arrays)
        self._announce(before, old_arrays)

    def _announce(self, before: Any, old_arrays: Any) -> None:
        import numpy as np

        a, r = self.arrays, self.result
        changed: set[str] = set()
        old_rows = np.array([old_arrays.index_of.get(n, -1) for n in a.node_ids], dtype=int)
        known = old_rows >= 0
        same = np.zeros(a.n, dtype=bool)
        if known.any():
            rows = old_rows[known]
            same_w = np.isclose(before.weights[rows], r.weights[known], rtol=1e-12,
                                atol=0, equal_nan=True).all(axis=1)
            same_t = np.isclose(before.targets[rows], r.targets[known], rtol=1e-12,
                                atol=0, equal_nan=True).all(axis=1)
            same[known] = same_w & same_t
        changed.update(a.node_ids[i] for i in np.flatnonzero(~same))
        old_problems = self._problems
        self._problems = {}
        for d in r.diagnostics:
            self._problems.setdefault(d.node_id, []).append(d)
        for node_id in set(old_problems) | set(self._problems):
            if old_problems.get(node_id) != self._problems.get(node_id):
                changed.add(node_id)
        changed &= set(self.cascade.nodes)
        for node_id in changed:
            self._cards.pop(node_id, None)
        if changed:
            self.numbersChanged.emit(changed)
