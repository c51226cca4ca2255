"""The inspector's rule section (split from inspector.py): the rule on the edge into
the selected node — choose another rule, or edit the chosen rule's parameters (a change
applies to every edge using it). Mixed into ``InspectorDock``; its words keep the dock's
translation context."""

from PySide6.QtCore import QCoreApplication

from desktop.canvas.items import rule_label
from desktop.commands.cascade import EditRuleCommand, SetEdgeRuleCommand
from desktop.domain.rule import AllocationKey

DEFAULT_RULE = "default-rule"


class InspectorRule:
    """Needs design, node_id, session, _filling, _push, _refresh and the rule widgets
    (rule_box, rule_choice, rule_use, alpha, beta, overage, band, key)."""

    def _fill_rule(self, node_id: str) -> None:
        design = self.design
        rule = design.rule_of(node_id)
        self.rule_box.setVisible(rule is not None)
        if rule is None:
            return
        self.rule_box.setTitle(QCoreApplication.translate(
            "InspectorDock", "Rule from {parent}").format(
            parent=design.unit_of(design.parent(node_id)).name))
        self.rule_choice.clear()
        self.rule_choice.addItem(QCoreApplication.translate(
            "InspectorDock", "Default rule (from the settings)"), DEFAULT_RULE)
        for r in sorted(design.context.rules.values(), key=lambda r: r.name):
            self.rule_choice.addItem(r.name, r.id)
        self.rule_choice.setCurrentIndex(max(0, self.rule_choice.findData(rule.id)))
        self.rule_choice.setToolTip(rule.name)
        editable = rule.id != DEFAULT_RULE
        uses = design.rule_use(rule.id) if editable else 0
        self.rule_use.setText(
            QCoreApplication.translate(
                "InspectorDock",
                "{label} — used by {count} edges; a change applies to all of them.")
            .format(label=rule_label(rule), count=uses) if editable else
            QCoreApplication.translate(
                "InspectorDock",
                "The default rule comes from the workspace settings; choose a rule "
                "above to edit its parameters."))
        for spin, value in ((self.alpha, rule.alpha * 100), (self.beta, rule.beta),
                            (self.overage, rule.overage * 100),
                            (self.band, rule.ratio_band * 100)):
            spin.setEnabled(editable)
            if not spin.hasFocus() and abs(spin.value() - value) > 1e-9:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        self.key.setEnabled(editable)
        self.key.setCurrentIndex(max(0, self.key.findData(str(rule.allocation_key))))

    def _choose_rule(self, index: int) -> None:
        rule_id = self.rule_choice.itemData(index)
        rule_id = None if rule_id == DEFAULT_RULE else rule_id
        edge = self.design.cascade.edges.get(self.node_id)
        if edge is not None and edge.rule_id != rule_id:
            self._push(SetEdgeRuleCommand(self.design, self.node_id, rule_id))

    def _edit_rule(self, field: str, value) -> None:
        if self._filling or self.node_id is None:
            return
        rule = self.design.rule_of(self.node_id)
        if rule is None or rule.id == DEFAULT_RULE or getattr(rule, field) == value:
            return
        if field == "allocation_key":
            if value == "custom" and not rule.custom_key:
                self._refresh()  # a custom key needs a column: not offered here yet
                return
            value = AllocationKey(value)
        self._push(EditRuleCommand(self.design, rule.id, field, value, self.session))
