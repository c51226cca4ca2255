"""The inspector dock: the selected node's unit, local factors, weights and targets (with
locks), and the rule on the edge into it. Every edit is an undo command; the engine
recomputes at once and the numbers that moved are highlighted. "Why?" opens a number's
provenance."""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.canvas.items import factor_label, problem_title, short_name
from desktop.canvas.unit_kinds import kind_label
from desktop.commands.cascade import (
    EditFactorCommand,
    RenameUnitCommand,
    SetOverrideCommand,
)
from desktop.document import WorkspaceDocument
from desktop.domain.cascade import TargetOverride
from desktop.widgets.inspector_figures import _figure, _parse, _same
from desktop.widgets.inspector_rule import InspectorRule

CHANGED = QColor("#fff1b8")
METRIC, WEIGHT, TARGET, LOCK, WHY = range(5)


def _spin(low: float, high: float, step: float, decimals: int, suffix: str = ""
          ) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(True)
    return spin


class InspectorDock(InspectorRule, QDockWidget):
    whyRequested = Signal(str, str)  # node id, metric id

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorDock")
        self.document, self.design = document, document.design
        self.node_id: str | None = None
        self.session = 0
        self._shown: dict[tuple[str, int, int], float] = {}
        self._filling = False

        body = QWidget()
        self.title = QLineEdit()
        self.title.setObjectName("inspectorTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("inspectorSubtitle")
        self.subtitle.setWordWrap(True)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("inspectorPlaceholder")
        self.placeholder.setWordWrap(True)
        self.targets_box = QGroupBox()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("targetsTable")
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(METRIC, QHeaderView.ResizeMode.Stretch)
        for column in (WEIGHT, TARGET, LOCK, WHY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        QVBoxLayout(self.targets_box).addWidget(self.table)
        self.factors_box = QGroupBox()
        self.factors_form = QFormLayout(self.factors_box)
        self.factor_spins: dict[str, QDoubleSpinBox] = {}
        self.rule_box = QGroupBox()
        self.rule_choice = QComboBox()
        self.rule_use = QLabel()
        self.rule_use.setWordWrap(True)
        self.rule_use.setObjectName("inspectorNote")
        self.alpha = _spin(0, 100, 5, 1, " %")
        self.beta = _spin(-5, 5, 0.1, 2)
        self.overage = _spin(0, 100, 1, 1, " %")
        self.band = _spin(0, 50, 0.5, 1)
        self.key = QComboBox()
        self.rule_form = QFormLayout(self.rule_box)
        self.rule_form.addRow(self.rule_choice)
        self.rule_form.addRow(self.rule_use)
        self.rule_labels = [QLabel() for _ in range(5)]
        for label, field in zip(self.rule_labels, (self.alpha, self.beta, self.overage,
                                                   self.band, self.key), strict=True):
            self.rule_form.addRow(label, field)
        self.problems_box = QGroupBox()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.problems_box).addWidget(self.problems)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        for widget in (self.placeholder, self.title, self.subtitle, self.problems_box,
                       self.targets_box, self.rule_box, self.factors_box):
            layout.addWidget(widget)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(scroll)
        self.setMinimumWidth(340)

        self.title.textEdited.connect(self._rename)
        self.title.editingFinished.connect(self._next_session)
        self.table.itemChanged.connect(self._table_edited)
        self.rule_choice.activated.connect(self._choose_rule)
        self.alpha.valueChanged.connect(lambda v: self._edit_rule("alpha", round(v / 100, 6)))
        self.beta.valueChanged.connect(lambda v: self._edit_rule("beta", v))
        self.overage.valueChanged.connect(
            lambda v: self._edit_rule("overage", round(v / 100, 6)))
        self.band.valueChanged.connect(
            lambda v: self._edit_rule("ratio_band", round(v / 100, 6)))
        self.key.activated.connect(lambda _i: self._edit_rule("allocation_key",
                                                              self.key.currentData()))
        for spin in (self.alpha, self.beta, self.overage, self.band):
            spin.editingFinished.connect(self._next_session)
        self.design.loaded.connect(lambda: self.show_node(None))
        self.design.editable.connect(self._refresh)  # a large cascade, loaded for editing
        self.design.loadFailed.connect(lambda _problem: self._refresh())  # … or not
        self.design.numbersChanged.connect(self._numbers_changed)
        self.design.nodeChanged.connect(self._node_changed)
        self.design.nodeRemoved.connect(self._node_removed)
        self.design.edgeChanged.connect(self._node_changed)
        self.design.edgeAdded.connect(self._node_changed)
        self.design.edgeRemoved.connect(self._node_changed)
        self.design.ruleChanged.connect(lambda _r: self._refresh())
        self.retranslate()
        self.show_node(None)

    # --- language -------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inspector"))
        self.targets_box.setTitle(self.tr("Weights and targets"))
        self.table.setHorizontalHeaderLabels([self.tr("Metric"), self.tr("Weight"),
                                              self.tr("Target"), self.tr("Lock"), ""])
        self.factors_box.setTitle(self.tr("Local market factors"))
        self.problems_box.setTitle(self.tr("Problems"))
        for label, text in zip(self.rule_labels, (
                self.tr("Inherit share (α)"), self.tr("Factor sensitivity (β)"),
                self.tr("Overage"), self.tr("Ratio band (points)"),
                self.tr("Allocation key")), strict=True):
            label.setText(text)
        keys = (("equal", self.tr("Equal")), ("headcount", self.tr("Headcount")),
                ("last_actual", self.tr("Last period's actual")),
                ("custom", self.tr("Custom column")))
        self.key.clear()
        for code, text in keys:
            self.key.addItem(text, code)
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- showing --------------------------------------------------------------------
    def show_node(self, node_id: str | None) -> None:
        if node_id != self.node_id:
            self.session += 1
            self._shown.clear()
        self.node_id = node_id
        self._refresh()

    def _refresh(self) -> None:
        node_id = self.node_id
        design = self.design
        has_node = (node_id is not None and design.is_editable
                    and node_id in design.cascade.nodes)
        self.placeholder.setText(self._placeholder_text())
        self.placeholder.setVisible(not has_node)
        for widget in (self.title, self.subtitle, self.targets_box, self.rule_box,
                       self.factors_box, self.problems_box):
            widget.setVisible(has_node)
        if not has_node:
            return
        self._filling = True
        try:
            unit = design.unit_of(node_id)
            if not self.title.hasFocus():
                self.title.setText(unit.name)
            parent = design.parent(node_id)
            where = (self.tr("under {parent}").format(parent=design.unit_of(parent).name)
                     if parent else self.tr("top of the cascade"))
            self.subtitle.setText(f"{kind_label(str(unit.kind))} · {unit.code} · {where}")
            self._fill_problems(node_id)
            self._fill_table(node_id)
            self._fill_rule(node_id)
            self._fill_factors(unit)
        finally:
            self._filling = False

    def _placeholder_text(self) -> str:
        if self.design.context is not None and self.design.load_problem:
            return self.tr("The cascade could not be loaded for editing: {problem} — "
                           "reopen the workspace. Its cards stay on show, read-only.").format(
                problem=self.design.load_problem)
        if self.design.context is not None and not self.design.is_editable:
            return self.tr("Loading the cascade for editing… A unit's targets, weights, "
                           "factors and rule can be seen and edited here in a moment.")
        return self.tr("Select a unit on the canvas to see and edit its targets, weights, "
                       "local factors and rule.")

    def _fill_problems(self, node_id: str) -> None:
        problems = self.design.problems_of(node_id)
        self.problems_box.setVisible(bool(problems))
        self.problems.setText("<br>".join(
            f"<b style='color:#c8372d'>{problem_title(p.code)}</b>: {p.message}"
            for p in problems))

    def _fill_table(self, node_id: str) -> None:
        design = self.design
        metrics = design.context.metrics
        weights, targets = design.numbers(node_id)
        overrides = design.cascade.nodes[node_id].overrides
        table = self.table
        table.setRowCount(len(metrics))
        for row, metric in enumerate(metrics):
            override = overrides.get(metric.id)
            cells = {METRIC: short_name(metric.name), WEIGHT: f"{weights[row]:.3f}",
                     TARGET: _figure(targets[row], metric.unit)}
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled
                if column == TARGET:
                    flags |= Qt.ItemFlag.ItemIsEditable
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column == WEIGHT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setFlags(flags)
                if column == METRIC:
                    item.setToolTip(metric.name)
                if column in (WEIGHT, TARGET):
                    value = weights[row] if column == WEIGHT else targets[row]
                    key = (node_id, row, column)
                    previous = self._shown.get(key)
                    if previous is not None and not _same(previous, value):
                        item.setBackground(CHANGED)
                    self._shown[key] = value
                table.setItem(row, column, item)
            lock = QTableWidgetItem()
            lock.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            lock.setCheckState(Qt.CheckState.Checked if override is not None and override.locked
                               else Qt.CheckState.Unchecked)
            lock.setToolTip(self.tr("Locked: the target is kept through every re-cascade"))
            table.setItem(row, LOCK, lock)
            why = QToolButton()
            why.setText("?")
            why.setObjectName("whyButton")
            why.setToolTip(self.tr("How this weight and target were computed"))
            why.clicked.connect(lambda _=False, m=metric.id: self.whyRequested.emit(
                self.node_id, m))
            table.setCellWidget(row, WHY, why)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(r) for r in range(table.rowCount())) + 4
        table.setFixedHeight(height)

    def _fill_factors(self, unit) -> None:
        names = list(self.design.arrays.factor_names)
        if list(self.factor_spins) != names:
            while self.factors_form.rowCount():
                self.factors_form.removeRow(0)
            self.factor_spins = {}
            for name in names:
                spin = _spin(-1e6, 1e6, 0.05, 2)
                spin.valueChanged.connect(lambda v, f=name: self._edit_factor(f, v))
                spin.editingFinished.connect(self._next_session)
                self.factors_form.addRow(factor_label(name), spin)
                self.factor_spins[name] = spin
        else:
            for row, name in enumerate(names):
                label = self.factors_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label.widget().setText(factor_label(name))
        self.factors_box.setVisible(bool(names))
        for name, spin in self.factor_spins.items():
            value = unit.factors.get(name, 0.0)
            if not spin.hasFocus() and abs(spin.value() - value) > 1e-12:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    # --- model signals --------------------------------------------------------------
    def _numbers_changed(self, node_ids: set[str]) -> None:
        if self.node_id in node_ids:
            self._refresh()

    def _node_changed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self._refresh()

    def _node_removed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.show_node(None)

    # --- edits ----------------------------------------------------------------------
    def _push(self, command) -> None:
        self.document.undo_stack.push(command)

    def _next_session(self) -> None:
        self.session += 1

    def _rename(self, text: str) -> None:
        if self.node_id and text.strip():
            unit = self.design.unit_of(self.node_id)
            self._push(RenameUnitCommand(self.design, unit.id, text.strip(), self.session))

    def _table_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.node_id is None:
            return
        metric = self.design.context.metrics[item.row()]
        current = self.design.cascade.nodes[self.node_id].overrides.get(metric.id)
        if item.column() == LOCK:
            locked = item.checkState() == Qt.CheckState.Checked
            value = self.design.numbers(self.node_id)[1][item.row()]
            override = TargetOverride(current.value if current else value) if locked else None
        elif item.column() == TARGET:
            value = _parse(item.text(), metric.unit)
            if value is None:
                self._refresh()
                return
            override = TargetOverride(value, current.locked if current else True)
        else:
            return
        self._push(SetOverrideCommand(self.design, self.node_id, metric.id, override,
                                      self.session))
        self.session += 1

    def _edit_factor(self, factor: str, value: float) -> None:
        if self._filling or self.node_id is None:
            return
        unit = self.design.unit_of(self.node_id)
        self._push(EditFactorCommand(self.design, unit.id, factor, value, self.session))
