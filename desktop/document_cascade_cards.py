"""What each card of the designer shows (split from document_cascade.py), at every
stage of a large cascade's opening: only the open cards with their counts ("computing"
figures), then the figures, then the whole editable model."""

import logging
from dataclasses import dataclass
from typing import Any

from desktop.document_cascade_load import CARDS, EDITABLE

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Card:
    """What a node's card shows."""

    name: str
    kind: str
    code: str
    key_label: str
    key_value: float
    key_unit: str
    weights: tuple[float, ...]
    locked: bool
    manual: bool
    problems: tuple[tuple[str, str], ...]  # (code, message)
    children: int
    collapsed: bool
    delta: float | None = None  # what-if: relative change of the key target
    status: str | None = None  # pace status of the key metric (tracking_status name)
    below: int = 0  # a collapsed (aggregate) card: the units under it
    problems_below: int = 0  # … and how many of them fail a check
    computing: bool = False  # the figures are not there yet (a large cascade opening)
    health: float | None = None  # overall health 0–100 of the latest scored month


class CascadeCards:
    """Mixed into ``CascadeDesign`` (context, arrays, result, baseline, stage, outline,
    children(), problems_of(), numbers())."""

    def card(self, node_id: str) -> Card:
        card = self._cards.get(node_id)
        if card is None:
            card = self._cards[node_id] = self._make_card(node_id)
        return card

    def _make_card(self, node_id: str) -> Card:
        node = self.cascade.nodes[node_id]
        unit = self.context.units[node.unit_id]
        metric = self.context.metrics[self.key_metric] if self.context.metrics else None
        weights, targets = self.numbers(node_id)
        value = targets[self.key_metric] if targets else float("nan")
        delta = None
        if self.what_if and self.baseline is not None and metric is not None:
            old = self.baseline.get((unit.id, metric.id), (None, None))[1]
            if old is not None and old == old and abs(value - old) > 1e-9 * max(1, abs(old)):
                delta = (value - old) / old if old else float("inf")
        children, below, problems_below = self._below(node_id, node.collapsed)
        status = health = None
        if self.unit_status is not None and metric is not None:
            status = self.unit_status.status(unit.id, metric.code)
            health = self.unit_status.health_of(unit.id)
        return Card(
            unit.name, str(unit.kind), unit.code, metric.name if metric else "", value,
            metric.unit if metric else "", tuple(weights),
            any(o.locked for o in node.overrides.values()),
            any(not o.locked for o in node.overrides.values()),
            tuple((d.code, d.message) for d in self.problems_of(node_id)),
            children, node.collapsed, delta, status, below, problems_below,
            computing=self.result is None, health=health)

    def _below(self, node_id: str, collapsed: bool) -> tuple[int, int, int]:
        """(children, units below an aggregate card, how many of them fail a check)."""
        if self.stage == EDITABLE:
            kids = len(self.children(node_id))
            if not (collapsed and kids):
                return kids, 0, 0
            from desktop.document_cascade_open import subtree_summary

            return kids, *subtree_summary(self, node_id)
        # a large cascade still loading: its counts come with the open cards
        kids = self.outline.kids.get(node_id, 0)
        if not (collapsed and kids):
            return kids, 0, 0
        below = self.outline.below.get(node_id, 0)
        if self.stage == CARDS or self.row(node_id) < 0:
            return kids, below, 0
        return kids, below, int(self._problem_rows_below()[self.row(node_id)])

    def _problem_rows_below(self) -> Any:
        """Per engine row, how many rows under it fail a check (from the figures)."""
        if self._problems_below is None:
            import numpy as np

            a = self.arrays
            failing = np.zeros(a.n, dtype=np.int64)
            failing[[a.index_of[n] for n in self._problems if n in a.index_of]] = 1
            total = failing.copy()
            starts = a.level_start.tolist()
            for k in range(len(starts) - 2, 0, -1):  # the deepest level first
                lo, hi = starts[k], starts[k + 1]
                np.add.at(total, a.parent[lo:hi], total[lo:hi])
            self._problems_below = total - failing
        return self._problems_below

    # --- pace status and health, from the tracking engine --------------------------
    def load_unit_status(self, run: Any, workspace: Any) -> None:
        """Colour the cards with the period's pace status and show their health, worked
        out by ``run`` (the document's worker) once the cascade is in place: they come a
        moment after the cards, and a period without actuals keeps grey stripes."""
        context = self.context
        if context is None:
            return
        period = context.period.code

        def work():
            from desktop.services.unit_status import unit_status

            return unit_status(workspace, period)

        def done(status) -> None:
            if self.context is context:  # not another cascade meanwhile
                self.set_unit_status(status)

        def failed(exc: BaseException) -> None:
            # the cards stay grey; the review says what is wrong with the tracking data
            log.warning("no pace status for the designer's cards: %s", exc)

        run(work, done, failed)

    def set_unit_status(self, status: Any) -> None:
        self.unit_status = status
        self._cards.clear()
        self.numbersChanged.emit(set(self.cascade.nodes) if self.context else set())

    # --- what-if: each card's change against the baseline ------------------------
    def set_what_if(self, on: bool) -> None:
        self.what_if = on
        self._cards.clear()
        self.whatIfChanged.emit(on)
        self.numbersChanged.emit(set(self.cascade.nodes) if self.context else set())

    def set_baseline(self, baseline: dict) -> None:
        self.baseline = baseline
        if self.what_if:
            self.set_what_if(True)

    def what_if_rows(self) -> list:
        from desktop.services.cascade import diff

        return diff(self.context, self.arrays, self.result, self.baseline or {})
