"""The cascade designer page: the canvas with its minimap, a palette of unit kinds to
add children, a search box, and a message bar for refused edits. Its actions are made
before it (``DesignerActions``, at start-up); the page enables them as the selection
changes. The edits themselves are in ``DesignerEdits``."""

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
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

from desktop.canvas.items import LOD_TEXT, METRIC_COLOURS, short_name
from desktop.canvas.minimap import Minimap
from desktop.canvas.scene import CascadeScene
from desktop.canvas.unit_kinds import kind_label
from desktop.canvas.view import CascadeView
from desktop.document import WorkspaceDocument
from desktop.widgets.designer_actions import PALETTE, DesignerActions
from desktop.widgets.designer_edits import DesignerEdits
from desktop.widgets.designer_rules import KindButton, RulePalette
from desktop.widgets.designer_search import UnitSearch

START_SCALE = 0.7


class DesignerPage(DesignerEdits, QWidget):
    whyRequested = Signal(str, str)

    def __init__(self, document: WorkspaceDocument, actions: DesignerActions,
                 parent: QWidget | None = None) -> None:
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
            button = KindButton(kind)
            button.setObjectName("paletteButton")
            button.clicked.connect(lambda _=False, k=kind: self.add_child(k))
            self.palette_buttons[kind] = button
            palette.addWidget(button)
        palette.addStretch(1)
        self.search = UnitSearch(self.design)
        self.search.found.connect(self.jump_to)
        self.search.notFound.connect(self._not_found)
        palette.addWidget(self.search)
        self.legend = QLabel()
        self.legend.setObjectName("metricLegend")
        # the legend may be cut short rather than widen the page (and squeeze the docks)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        bar = QWidget()
        bar.setObjectName("paletteBar")
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        rows.addLayout(palette)
        self.rule_palette = RulePalette(self.design)
        rows.addWidget(self.rule_palette)
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

        self.minimap = Minimap(self.view, self.view)
        self.minimap.setScene(self.scene)
        self.minimap.resized.connect(self._place_minimap)
        self.view.installEventFilter(self)

        self._take_actions(actions)
        self.scene.refused.connect(self.show_refusal)
        self.scene.kindDropped.connect(self.add_child_to)
        self.scene.nodeSelected.connect(lambda _n: self._update_actions())
        self.view.zoomChanged.connect(self._show_zoom)
        self.design.loaded.connect(self._loaded)
        self.design.editable.connect(self._became_editable)
        self.design.loadFailed.connect(self._editing_failed)
        document.undo_stack.refused.connect(self.show_refusal)
        self.retranslate()
        if self.design.context is not None:  # built after the cascade loaded
            self.scene.rebuild()
        self._loaded()

    # --- actions --------------------------------------------------------------------
    def _take_actions(self, actions: DesignerActions) -> None:
        """The actions made at start-up become the page's (tests and menus use these
        names)."""
        self.actions = actions
        for name in ("layout_down_action", "layout_right_action", "fit_action",
                     "zoom_in_action", "zoom_out_action", "delete_action", "detach_action",
                     "collapse_action", "add_actions", "find_action", "copy_action",
                     "paste_action", "minimap_action", "align_actions",
                     "distribute_actions"):
            setattr(self, name, getattr(actions, name))
        self.set_minimap(self.minimap_action.isChecked())
        self._update_actions()

    def canvas_actions(self):
        return self.actions.canvas_actions()

    def retranslate(self) -> None:
        self.search.retranslate()
        self.rule_palette.retranslate()
        self.minimap.setToolTip(self.tr("Overview: drag to move the view"))
        for kind in PALETTE:
            self.palette_buttons[kind].setText("+ " + kind_label(kind))
            self.palette_buttons[kind].setToolTip(
                self.tr("Add a {kind} under the selected unit, or drag onto a unit")
                .format(kind=kind_label(kind)))
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
        # a large cascade shows its cards before the model edits work on: edits wait
        editable = self.design.is_editable
        chosen = self.scene.selected_nodes() if editable else []
        one = len(chosen) == 1
        for action in self.add_actions.values():
            action.setEnabled(one)
        for button in self.palette_buttons.values():
            button.setEnabled(one)
        self.delete_action.setEnabled(bool(chosen))
        self.copy_action.setEnabled(bool(chosen))
        self.paste_action.setEnabled(one and self.clipboard is not None)
        for action in self.align_actions.values():
            action.setEnabled(len(chosen) >= 2)
        for action in self.distribute_actions.values():
            action.setEnabled(len(chosen) >= 3)
        self.detach_action.setEnabled(one and self.design.parent(chosen[0]) is not None)
        self.collapse_action.setEnabled(one and bool(self.design.children(chosen[0])))
        has = self.design.context is not None
        for action in (self.fit_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(has)
        for action in (self.layout_down_action, self.layout_right_action, self.find_action):
            action.setEnabled(editable)
        self.search.setEnabled(editable)

    # --- model → page ---------------------------------------------------------------
    def _loaded(self) -> None:
        has = self.design.context is not None
        self.stack.setCurrentIndex(1 if has else 0)
        self.empty.setText(self._empty_text())
        self._legend()
        self._update_actions()
        if not self._banner_timer.isActive():
            self.banner.hide()  # the last cascade's failure to load, said for good
        if has:
            QTimer.singleShot(0, self.first_view)
            self.minimap.refit_later()

    def _became_editable(self) -> None:
        """A large cascade's whole model arrived: the view stays as the user left it."""
        self._legend()
        self._update_actions()

    def _editing_failed(self, _problem: str) -> None:
        """A large cascade's whole model did not load: the bar says so until another
        cascade is shown (not for a few seconds, as a refused edit)."""
        self.show_refusal(self.document.edit_refusal())
        self._banner_timer.stop()

    def first_view(self) -> None:
        """The whole tree when it is readable that way, else its top at a readable
        zoom."""
        rect = self.scene.visible_bounds()
        if rect.isEmpty():
            return
        self.minimap.refit()
        view = self.view.viewport().rect()
        fit = min(view.width() / (rect.width() + 80), view.height() / (rect.height() + 80))
        if fit >= START_SCALE * 0.75:
            self.view.fit(max_scale=1.0)
            return
        roots = [self.scene.nodes[r] for r in self.design.cascade.roots()]
        top = min(roots, key=lambda item: (item.y(), item.x()))
        self.view.show_top(top.sceneBoundingRect(), START_SCALE)

    def show_refusal(self, message: str) -> None:
        self.banner.setProperty("note", False)
        self._show_banner(message)

    def show_note(self, message: str) -> None:
        """Not a refusal: the same bar, in a calmer colour."""
        self.banner.setProperty("note", True)
        self._show_banner(message)

    def _show_banner(self, message: str) -> None:
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setText(message)
        self.banner.show()
        self._banner_timer.start()

    # --- minimap and search ---------------------------------------------------------
    def set_minimap(self, on: bool) -> None:
        self.minimap.setVisible(on)
        if on:
            self._place_minimap()
            self.minimap.refit_later()

    def _place_minimap(self) -> None:
        """In the viewport's bottom-right corner (clear of the scroll bars)."""
        area, margin = self.view.viewport().geometry(), 12
        self.minimap.move(area.right() - self.minimap.width() - margin,
                          area.bottom() - self.minimap.height() - margin)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._place_minimap()
            self.minimap.follow()
        return super().eventFilter(watched, event)

    def start_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def jump_to(self, node_id: str) -> None:
        """Select a unit's card and centre it, opening collapsed cards above it."""
        design = self.design
        if design.context is None or node_id not in design.cascade.nodes:
            return
        for above in reversed(list(design.cascade.ancestors(node_id))):  # top down
            if design.cascade.nodes[above].collapsed:
                design.set_collapsed(above, False)  # builds the cards it opens
        if node_id not in self.scene.nodes:
            return
        if self.view.scale_factor() < LOD_TEXT:  # far out a card is a dot: come closer
            self.view.set_scale(START_SCALE)
        self.select_only([node_id])
        self.view.centerOn(self.scene.nodes[node_id].sceneBoundingRect().center())
        self.view.setFocus()

    def _not_found(self, text: str) -> None:
        self.show_refusal(self.tr("No unit matches “{text}”.").format(text=text))

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
            menu.addAction(self.copy_action)
            menu.addAction(self.paste_action)
            if len(self.scene.selected_nodes()) >= 2:
                arrange = menu.addMenu(self.tr("Arrange"))
                for action in self.actions.arrange_actions():
                    if action is None:
                        arrange.addSeparator()
                    else:
                        arrange.addAction(action)
            menu.addSeparator()
            menu.addAction(self.detach_action)
            menu.addAction(self.delete_action)
        else:
            for action in (self.layout_down_action, self.layout_right_action,
                           self.fit_action):
                menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(point))
