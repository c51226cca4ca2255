"""The cascade being designed: the document's model of one period's cascade.

``CascadeDesign`` holds the loaded ``CascadeContext`` (loaded on the document's worker
thread), the engine's arrays and result, the published baseline, and a copy of what the
file holds (to save the difference). Its edit methods are the only way the designer
changes the cascade; undo commands call them. The domain announces each change as a
ChangeEvent, which is mirrored here as Qt signals for the scene; every edit recomputes
through the engine (only the affected subtree where the edit allows it) and
``numbersChanged`` names the nodes whose numbers moved.

numpy and the engine are imported inside the methods: this module is imported at
start-up, before the first paint, where they must not be paid for.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.document_cascade_cards import (
    Card,
    CascadeCards,
)
from desktop.document_cascade_load import (
    CARDS,
    EDITABLE,
    FIGURES,
    Loaded,
    load_design,  # noqa: F401 (re-exported)
)
from desktop.document_cascade_queries import CascadeQueries
from desktop.document_recompute import CascadeRecompute
from desktop.domain.cascade import CascadeEdge, TargetNode, TargetOverride
from desktop.domain.events import ChangeEvent, ChangeKind
from desktop.domain.org import OrgUnit

if TYPE_CHECKING:
    from desktop.services.cascade_context import CascadeContext
    from desktop.services.design import CascadeDraft


translate = QCoreApplication.translate


class CascadeDesign(CascadeQueries, QObject, CascadeRecompute, CascadeCards):
    loaded = Signal()  # a new cascade (or none) is in place: rebuild views
    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeMoved = Signal(str)
    nodeChanged = Signal(str)  # overrides, unit name or factors, collapsed
    edgeAdded = Signal(str)  # child node id
    edgeRemoved = Signal(str)
    edgeChanged = Signal(str)  # parent or rule of the edge into this child
    ruleChanged = Signal(str)
    numbersChanged = Signal(object)  # set of node ids whose weights/targets/problems moved
    whatIfChanged = Signal(bool)
    figuresShown = Signal()  # a large cascade's figures arrived (stage FIGURES)
    editable = Signal()  # … and then its whole model: edits may start (stage EDITABLE)
    loadFailed = Signal(str)  # … or that failed: the cards stay read-only (load_problem)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context: CascadeContext | None = None
        self.arrays: Any = None
        self.result: Any = None
        self.baseline: dict | None = None
        self.saved: CascadeDraft | None = None
        self.problem = ""
        self.what_if = False
        self.aggregated = False  # a large cascade, opened as aggregate cards
        # A large cascade opens in stages (document_cascade_stage): CARDS holds only the
        # open cards (``outline`` counts the rest), FIGURES adds every node's numbers,
        # EDITABLE is the whole model. Only EDITABLE may be edited.
        self.stage = EDITABLE
        self.outline: Any = None
        self.load_problem = ""  # why a large cascade's whole model could not be loaded
        self.unit_status: Any = None  # services.unit_status.UnitStatus, once computed
        self._problems_below: Any = None
        self._children: dict[str, list[str]] = {}
        self._edge_child: dict[str, str] = {}
        self._cards: dict[str, Card] = {}
        self._problems: dict[str, list] = {}
        self._unsubscribe: Callable[[], None] | None = None
        self.key_metric = 0

    # --- loading --------------------------------------------------------------------
    @property
    def cascade(self):
        return None if self.context is None else self.context.cascade

    @property
    def is_editable(self) -> bool:
        return self.context is not None and self.stage == EDITABLE

    def take(self, loaded: Loaded) -> None:
        """Put a loaded cascade in place (GUI thread): the whole of it, or the open
        cards of a large one (``loaded.stage``)."""
        self._take(loaded)
        self._reindex()
        self.loaded.emit()

    def _take(self, loaded: Loaded) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.context, self.arrays, self.result = loaded.context, loaded.arrays, loaded.result
        self.baseline, self.saved, self.problem = loaded.baseline, loaded.saved, loaded.problem
        self.aggregated, self.stage = loaded.aggregated, loaded.stage
        self.outline = loaded.outline
        self.load_problem = ""
        self.unit_status = None  # the new cascade's comes after it (load_unit_status)
        if self.context is not None:
            self._unsubscribe = self.context.cascade.events.subscribe(self._mirror)
            self._choose_key_metric()

    def show_figures(self, arrays: Any, result: Any) -> None:
        """The figures of a large cascade whose open cards are shown (stage FIGURES)."""
        if self.context is None or self.stage != CARDS:
            return
        self.arrays, self.result, self.stage = arrays, result, FIGURES
        self._reindex()
        self.figuresShown.emit()
        self.numbersChanged.emit(set(self.cascade.nodes))

    def make_editable(self, loaded: Loaded) -> None:
        """The whole model of the large cascade whose cards are shown: the cards stay
        where they are (the same plan laid them out); edits may start."""
        if loaded.context is None or self.context is None \
                or loaded.context.cascade.id != self.cascade.id:
            self.take(loaded)
            return
        self._take(loaded)
        self._reindex()
        self.editable.emit()
        self.numbersChanged.emit(set(self.cascade.nodes))

    def fail_loading(self, problem: str) -> None:
        """The whole model of the large cascade whose cards are shown could not be loaded:
        they stay on show, and every edit is refused with ``problem`` for good."""
        self.load_problem = problem
        self.loadFailed.emit(problem)

    def clear(self) -> None:
        self.take(Loaded(None))

    def replace_draft(self, draft: "CascadeDraft") -> None:
        """Swap in a whole draft (recovery of unsaved work, and its undo)."""
        from desktop.engine.cascade import compute
        from desktop.services.design import copy_cascade, copy_rule, copy_unit

        context = self.context
        assert context is not None
        self._unsubscribe()
        context.cascade = copy_cascade(draft.cascade)
        context.units = {k: copy_unit(u) for k, u in draft.units.items()}
        context.rules = {k: copy_rule(r) for k, r in draft.rules.items()}
        self._unsubscribe = context.cascade.events.subscribe(self._mirror)
        self.arrays = context.arrays()
        self.result = compute(self.arrays)
        self._reindex()
        self.loaded.emit()

    def draft(self) -> "CascadeDraft":
        from desktop.services.design import draft_of

        c = self.context
        return draft_of(c.cascade, c.units, c.rules)

    def _choose_key_metric(self) -> None:
        """The card's figure: the additive metric the objective weighs most (from the
        context, so the open cards of a large cascade know it before the figures)."""
        metrics = self.context.metrics
        weights = self.context.objective.metric_weights(metrics)
        ranked = sorted(range(len(metrics)), key=lambda j: (
            not metrics[j].is_additive, -weights.get(metrics[j].id, 0.0)))
        self.key_metric = ranked[0] if ranked else 0

    def _reindex(self) -> None:
        self._children = {}
        self._edge_child = {}
        self._cards.clear()
        self._problems = {}
        self._problems_below = None
        if self.context is None:
            return
        for child, edge in self.cascade.edges.items():
            self._children.setdefault(edge.parent_node_id, []).append(child)
            self._edge_child[edge.id] = child
        for d in (self.result.diagnostics if self.result is not None else ()):
            self._problems.setdefault(d.node_id, []).append(d)

    # --- the domain's events, mirrored ----------------------------------------------
    def _mirror(self, e: ChangeEvent) -> None:
        if e.entity == "target_node":
            self._cards.pop(e.entity_id, None)
            if e.kind is ChangeKind.ADDED:
                self.nodeAdded.emit(e.entity_id)
            elif e.kind is ChangeKind.REMOVED:
                self.nodeRemoved.emit(e.entity_id)
            elif e.field == "position":
                self.nodeMoved.emit(e.entity_id)
            else:
                self.nodeChanged.emit(e.entity_id)
        elif e.entity == "cascade_edge":
            if e.kind is ChangeKind.ADDED:
                child = next(c for c, edge in self.cascade.edges.items()
                             if edge.id == e.entity_id)
                self._edge_child[e.entity_id] = child
                self._children.setdefault(self.cascade.edges[child].parent_node_id,
                                          []).append(child)
                self._touch(child, self.cascade.edges[child].parent_node_id)
                self.edgeAdded.emit(child)
            elif e.kind is ChangeKind.REMOVED:
                child = self._edge_child.pop(e.entity_id)
                parent = next(p for p, kids in self._children.items() if child in kids)
                self._children[parent].remove(child)
                self._touch(child, parent)
                self.edgeRemoved.emit(child)
            else:
                child = self._edge_child[e.entity_id]
                if e.field == "parent_node_id":
                    # in edge order, as _reindex has them: the edge keeps its place in
                    # the cascade, so an undone move puts the child back among its
                    # old siblings where it was, not at their end
                    for parent in (e.old, e.new):
                        self._children[parent] = [
                            c for c, edge in self.cascade.edges.items()
                            if edge.parent_node_id == parent]
                    self._touch(e.old, e.new)
                self.edgeChanged.emit(child)

    def _touch(self, *node_ids: str) -> None:
        """Cards to make anew: these nodes' and (aggregate counts) those above them."""
        for node_id in node_ids:
            self._cards.pop(node_id, None)
            if node_id in self.cascade.nodes:
                for above in self.cascade.ancestors(node_id):
                    self._cards.pop(above, None)

    def attach_problem(self, child_id: str, parent_id: str) -> str | None:
        """Why ``child_id`` cannot go under ``parent_id`` (None when it can)."""
        if child_id == parent_id:
            return translate("CascadeDesign", "A unit cannot be its own parent.")
        if child_id in set(self.cascade.ancestors(parent_id)):
            return translate("CascadeDesign", "“{child}” is above “{parent}” in the cascade: "
                             "putting it underneath would make a loop.").format(
                child=self.unit_of(child_id).name, parent=self.unit_of(parent_id).name)
        if self.cascade.parent_of(child_id) == parent_id:
            return translate("CascadeDesign", "“{child}” is already under “{parent}”.").format(
                child=self.unit_of(child_id).name, parent=self.unit_of(parent_id).name)
        return None

    # --- edits (called by undo commands only) ---------------------------------------
    def add_node(self, node: TargetNode, unit: OrgUnit, parent_id: str | None,
                 rule_id: str | None, edge_id: str) -> None:
        self.add_nodes([(node, unit, parent_id, rule_id, edge_id)])

    def add_nodes(self, plan: list[tuple[TargetNode, OrgUnit, str | None, str | None, str]]
                  ) -> None:
        """Add nodes given parents first (a pasted subtree): one recompute for all."""
        for node, unit, parent_id, rule_id, edge_id in plan:
            self.context.units.setdefault(unit.id, unit)
            self.cascade.add_node(node)
            if parent_id is not None:
                self.cascade.connect(parent_id, node.id, rule_id, edge_id)
        self._recompute_all()

    def remove_nodes(self, node_ids: list[str]) -> None:
        """Remove nodes given parents first (a whole subtree)."""
        for node_id in reversed(node_ids):
            self.cascade.remove_node(node_id)
        self._recompute_all()

    def restore_nodes(self, snapshot: list[tuple[TargetNode, CascadeEdge | None]]) -> None:
        for node, edge in snapshot:
            self.cascade.add_node(node)
            if edge is not None:
                self.cascade.connect(edge.parent_node_id, edge.child_node_id, edge.rule_id,
                                     edge.id)
        self._recompute_all()

    def snapshot(self, node_ids: list[str]) -> list[tuple[TargetNode, CascadeEdge | None]]:
        from desktop.services.design import copy_cascade

        copy = copy_cascade(self.cascade)
        return [(copy.nodes[n], copy.edges.get(n)) for n in node_ids]

    def connect(self, parent_id: str, child_id: str, rule_id: str | None,
                edge_id: str) -> None:
        self.cascade.connect(parent_id, child_id, rule_id, edge_id)
        self._recompute_all()

    def disconnect(self, child_id: str) -> None:
        self.cascade.disconnect(child_id)
        self._recompute_all()

    def reparent(self, child_id: str, parent_id: str) -> None:
        self.cascade.reparent(child_id, parent_id)
        self._recompute_all()

    def set_edge_rule(self, child_id: str, rule_id: str | None) -> None:
        self.cascade.set_rule(child_id, rule_id)
        self._recompute_all()

    def set_edge_rules(self, rules: dict[str, str | None]) -> None:
        """Several edges' rules at once (a rule dropped on a subtree): one recompute."""
        for child_id, rule_id in rules.items():
            self.cascade.set_rule(child_id, rule_id)
        self._recompute_all()

    def set_rule_field(self, rule_id: str, field: str, value: Any) -> None:
        from desktop.engine.cascade_build import rule_params

        rule = self.context.rules[rule_id]
        previous = getattr(rule, field)
        setattr(rule, field, value)
        try:
            rule.validate()
        except ValueError:
            setattr(rule, field, previous)
            raise
        a = self.arrays
        index = next((k for k, p in enumerate(a.rules) if p.id == rule_id), None)
        if index is None:  # no edge uses it: nothing to recompute
            self.ruleChanged.emit(rule_id)
            return
        a.rules[index] = rule_params(rule, a.factor_names, a.metric_ids)
        self.ruleChanged.emit(rule_id)
        self._recompute_below(self._tops_using(index))

    def set_override(self, node_id: str, metric_id: str,
                     override: TargetOverride | None) -> None:
        self.cascade.set_override(node_id, metric_id, override)
        i, j = self.row(node_id), self.arrays.metric_ids.index(metric_id)
        self.arrays.override[i, j] = float("nan") if override is None else override.value
        self.arrays.locked[i, j] = override is not None and override.locked
        self._recompute_below([self._top_for(node_id)])

    def set_factor(self, unit_id: str, factor: str, value: float) -> None:
        self.context.units[unit_id].factors[factor] = value
        node_id = self.context.node_of_unit(unit_id)
        self._cards.pop(node_id, None)
        self.nodeChanged.emit(node_id)
        a = self.arrays
        if factor not in a.factor_names:
            self._recompute_all()
            return
        a.factors[self.row(node_id), a.factor_names.index(factor)] = value
        self._recompute_below([self._top_for(node_id)])

    def rename_unit(self, unit_id: str, name: str) -> None:
        self.context.units[unit_id].name = name
        node_id = self.context.node_of_unit(unit_id)
        self._cards.pop(node_id, None)
        self.nodeChanged.emit(node_id)

    def move_nodes(self, positions: dict[str, tuple[float, float]]) -> None:
        for node_id, (x, y) in positions.items():
            self.cascade.move_node(node_id, x, y)

    def set_collapsed(self, node_id: str, collapsed: bool) -> None:
        """A view state kept with the cascade (saved with it), not an undo step."""
        self.cascade.nodes[node_id].collapsed = collapsed
        self._cards.pop(node_id, None)
        self.nodeChanged.emit(node_id)
