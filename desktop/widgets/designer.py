"""The cascade designer page: the canvas, a palette of unit kinds to add children, a
message bar for refused edits, and the actions the main window puts in its menus and
toolbar (auto-layout, fit, zoom, add, delete, detach, collapse)."""

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.canvas.items import CARD_H, CARD_W, METRIC_COLOURS, short_name
from desktop.canvas.layout import LEFT_RIGHT, TOP_DOWN, tidy_tree
from desktop.canvas.scene import CascadeScene
from desktop.canvas.unit_kinds import kind_label
from desktop.canvas.view import CascadeView
from desktop.commands.cascade import (
    AddNodeCommand,
    DetachCommand,
    MoveNodesCommand,
    RemoveSubtreeCommand,
)
from desktop.document import WorkspaceDocument
from desktop.domain.org import OrgUnit

PALETTE = ("region", "team", "person", "project")
START_SCALE = 0.7


class DesignerPage(QWidget):
    whyRequested = Signal(str, str)

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designerPage")
        self.document, self.design = document, document.design
        self.scene = CascadeScene(self.design, document.undo_stack, self)
        self.view = CascadeView(self)
        self.view.setScene(self.scene)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.confirm_box: QMessageBox | None = None

        self.palette_label = QLabel()
        self.palette_label.setObjectName("paletteLabel")
        self.palette_buttons: dict[str, QToolButton] = {}
        palette = QHBoxLayout()
        palette.setContentsMargins(10, 6, 10, 6)
        palette.setSpacing(6)
        palette.addWidget(self.palette_label)
        for kind in PALETTE:
            button = QToolButton()
            button.setObjectName("paletteButton")
            button.clicked.connect(lambda _=False, k=kind: self.add_child(k))
            self.palette_buttons[kind] = button
            palette.addWidget(button)
        palette.addStretch(1)
        self.legend = QLabel()
        self.legend.setObjectName("metricLegend")
        # the legend may be cut short rather than widen the page (and squeeze the docks)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        bar = QWidget()
        bar.setObjectName("paletteBar")
        bar.setLayout(palette)
        footer_layout = QHBoxLayout()
        footer_layout.setContentsMargins(10, 3, 10, 3)
        footer_layout.addWidget(self.legend, 1)
        footer_layout.addWidget(self.zoom_label)
        footer = QWidget()
        footer.setObjectName("legendBar")
        footer.setLayout(footer_layout)

        self.banner = QLabel()
        self.banner.setObjectName("designerBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(8000)
        self._banner_timer.timeout.connect(self.banner.hide)

        self.empty = QLabel()
        self.empty.setObjectName("designerEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        canvas = QWidget()
        canvas_layout = QVBoxLayout(canvas)
        canvas_layout.setContentsMargins(0, 0, 0, 0)
        canvas_layout.setSpacing(0)
        canvas_layout.addWidget(bar)
        canvas_layout.addWidget(self.banner)
        canvas_layout.addWidget(self.view, 1)
        canvas_layout.addWidget(footer)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._build_actions()
        self.scene.refused.connect(self.show_refusal)
        self.scene.nodeSelected.connect(lambda _n: self._update_actions())
        self.view.zoomChanged.connect(self._show_zoom)
        self.design.loaded.connect(self._loaded)
        self.retranslate()
        self._loaded()

    # --- actions --------------------------------------------------------------------
    def _action(self, keys: tuple[str | QKeySequence.StandardKey, ...], slot,
                checkable: bool = False) -> QAction:
        action = QAction(self)
        shortcuts = []
        for key in keys:
            if isinstance(key, QKeySequence.StandardKey):
                shortcuts += QKeySequence.keyBindings(key)
            else:
                shortcuts.append(QKeySequence(key))
        action.setShortcuts(shortcuts)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.layout_down_action = self._action(("Ctrl+L",), lambda: self.auto_layout(TOP_DOWN))
        self.layout_right_action = self._action(("Ctrl+Shift+L",),
                                                lambda: self.auto_layout(LEFT_RIGHT))
        self.fit_action = self._action(("Ctrl+0", "F"), lambda: self.view.fit())
        self.zoom_in_action = self._action((keys.ZoomIn, "Ctrl+="), self.view.zoom_in)
        self.zoom_out_action = self._action((keys.ZoomOut,), self.view.zoom_out)
        self.delete_action = self._action((keys.Delete,), self.delete_selected)
        self.detach_action = self._action((), self.detach_selected)
        self.collapse_action = self._action(("Ctrl+E",), self.toggle_collapsed)
        self.add_actions = {kind: self._action((), lambda _=False, k=kind: self.add_child(k))
                            for kind in PALETTE}
        self.add_actions["team"].setShortcut(QKeySequence("Ctrl+Shift+N"))
        self._update_actions()

    def canvas_actions(self) -> list[QAction]:
        return [self.zoom_in_action, self.zoom_out_action, self.fit_action,
                self.layout_down_action, self.layout_right_action, self.collapse_action]

    def retranslate(self) -> None:
        self.layout_down_action.setText(self.tr("Auto-layout &Top-Down"))
        self.layout_right_action.setText(self.tr("Auto-layout &Left-Right"))
        self.fit_action.setText(self.tr("Zoom to &Fit"))
        self.zoom_in_action.setText(self.tr("Zoom &In"))
        self.zoom_out_action.setText(self.tr("Zoom &Out"))
        self.delete_action.setText(self.tr("&Delete Unit"))
        self.detach_action.setText(self.tr("Detach from &Parent"))
        self.collapse_action.setText(self.tr("&Collapse or Expand"))
        for kind, action in self.add_actions.items():
            action.setText(self.tr("Add {kind}").format(kind=kind_label(kind)))
            self.palette_buttons[kind].setText("+ " + kind_label(kind))
            self.palette_buttons[kind].setToolTip(
                self.tr("Add a {kind} under the selected unit").format(kind=kind_label(kind)))
        self.palette_label.setText(self.tr("Add child:"))
        self.empty.setText(self._empty_text())
        self._legend()
        self._show_zoom(self.view.scale_factor())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _empty_text(self) -> str:
        if self.document.design_loading:
            return self.tr("Loading the cascade…")
        if self.document.workspace is None:
            return self.tr("Open a workspace to design its cascade.")
        return self.tr("This workspace has no cascade yet.")

    def _legend(self) -> None:
        context = self.design.context
        if context is None:
            self.legend.clear()
            return
        chips = [f"<span style='color:{METRIC_COLOURS[k % len(METRIC_COLOURS)]}'>■</span> "
                 f"{short_name(m.name)}" for k, m in enumerate(context.metrics)]
        self.legend.setText(self.tr("Weights:") + " " + " &nbsp; ".join(chips))

    def _show_zoom(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale * 100:.0f}%")

    def _update_actions(self) -> None:
        chosen = self.scene.selected_nodes() if self.design.context is not None else []
        one = len(chosen) == 1
        for action in self.add_actions.values():
            action.setEnabled(one)
        for button in self.palette_buttons.values():
            button.setEnabled(one)
        self.delete_action.setEnabled(bool(chosen))
        self.detach_action.setEnabled(one and self.design.parent(chosen[0]) is not None)
        self.collapse_action.setEnabled(one and bool(self.design.children(chosen[0])))
        has = self.design.context is not None
        for action in (self.layout_down_action, self.layout_right_action, self.fit_action,
                       self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(has)

    # --- model → page ---------------------------------------------------------------
    def _loaded(self) -> None:
        has = self.design.context is not None
        self.stack.setCurrentIndex(1 if has else 0)
        self.empty.setText(self._empty_text())
        self._legend()
        self._update_actions()
        if has:
            QTimer.singleShot(0, self.first_view)

    def first_view(self) -> None:
        """The whole tree when it is readable that way, else its top at a readable
        zoom."""
        rect = self.scene.visible_bounds()
        if rect.isEmpty():
            return
        view = self.view.viewport().rect()
        fit = min(view.width() / (rect.width() + 80), view.height() / (rect.height() + 80))
        if fit >= START_SCALE * 0.75:
            self.view.fit(max_scale=1.0)
            return
        roots = [self.scene.nodes[r] for r in self.design.cascade.roots()]
        top = min(roots, key=lambda item: (item.y(), item.x()))
        self.view.show_top(top.sceneBoundingRect(), START_SCALE)

    def show_refusal(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self._banner_timer.start()

    # --- edits ----------------------------------------------------------------------
    def add_child(self, kind: str) -> None:
        chosen = self.scene.selected_nodes()
        if len(chosen) != 1:
            return
        parent = chosen[0]
        design = self.design
        parent_unit = design.unit_of(parent)
        codes = {u.code for u in design.context.units.values()}
        number = len(design.children(parent)) + 1
        while f"{parent_unit.code}-{number}" in codes:
            number += 1
        unit = OrgUnit(f"{parent_unit.code}-{number}",
                       self.tr("New {kind}").format(kind=kind_label(kind)), kind,
                       parent_id=parent_unit.id, headcount=1,
                       factors={f: 1.0 for f in design.arrays.factor_names})
        kids = design.children(parent)
        if kids:
            last = max((design.cascade.nodes[k] for k in kids), key=lambda n: (n.x, n.y))
            position = (last.x + CARD_W + 28, last.y)
        else:
            node = design.cascade.nodes[parent]
            position = (node.x, node.y + CARD_H + 64)
        rule = self.scene._rule_for_new_child(parent)
        self.document.undo_stack.push(AddNodeCommand(design, unit, parent, rule, position))
        self.scene.clearSelection()
        self.scene.nodes[unit_node(design, unit.id)].setSelected(True)

    def delete_selected(self) -> None:
        chosen = self.scene.selected_nodes()
        if not chosen:
            return
        tops = [n for n in chosen if not set(self.design.cascade.ancestors(n)) & set(chosen)]
        below = sum(len(self.design.subtree(t)) for t in tops) - len(tops)
        if below == 0:
            self._delete(tops)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete units"),
                          self.tr("Delete {count} unit(s) and the {below} below them from the "
                                  "cascade?").format(count=len(tops), below=below),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDelete")
        box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setInformativeText(self.tr("The org units stay in the workspace; you can undo "
                                       "this."))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._delete(tops)
            if box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole else None)
        box.destroyed.connect(lambda: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()

    def _delete(self, tops: list[str]) -> None:
        stack = self.document.undo_stack
        if len(tops) > 1:
            stack.beginMacro(self.tr("Delete {count} units").format(count=len(tops)))
        for top in tops:
            if top in self.design.cascade.nodes:
                stack.push(RemoveSubtreeCommand(self.design, top))
        if len(tops) > 1:
            stack.endMacro()

    def detach_selected(self) -> None:
        chosen = self.scene.selected_nodes()
        if len(chosen) == 1 and self.design.parent(chosen[0]) is not None:
            self.document.undo_stack.push(DetachCommand(self.design, chosen[0]))
            self._update_actions()

    def toggle_collapsed(self) -> None:
        chosen = self.scene.selected_nodes()
        if len(chosen) == 1 and self.design.children(chosen[0]):
            self.scene.toggle_collapsed(chosen[0])

    def auto_layout(self, orientation: str) -> None:
        design = self.design
        if design.context is None:
            return
        cascade = design.cascade

        def visible_children(node_id: str) -> list[str]:
            return [] if cascade.nodes[node_id].collapsed else design.children(node_id)

        after = tidy_tree(cascade.roots(), visible_children, CARD_W, CARD_H, orientation)
        before = {n: (cascade.nodes[n].x, cascade.nodes[n].y) for n in after}
        text = (self.tr("Auto-layout top-down") if orientation == TOP_DOWN
                else self.tr("Auto-layout left-right"))
        command = MoveNodesCommand(design, before, after, text)
        if command.after:
            self.document.undo_stack.push(command)
        self.view.fit()

    # --- context menu ---------------------------------------------------------------
    def _context_menu(self, point) -> None:
        item = self.view.itemAt(point)
        node_id = getattr(item, "node_id", None)
        menu = QMenu(self)
        if node_id is not None:
            if not item.isSelected():
                self.scene.clearSelection()
                item.setSelected(True)
            add = menu.addMenu(self.tr("Add Child"))
            for action in self.add_actions.values():
                add.addAction(action)
            menu.addAction(self.collapse_action)
            menu.addSeparator()
            menu.addAction(self.detach_action)
            menu.addAction(self.delete_action)
        else:
            for action in (self.layout_down_action, self.layout_right_action,
                           self.fit_action):
                menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(point))


def unit_node(design, unit_id: str) -> str:
    return design.context.node_of_unit(unit_id)
