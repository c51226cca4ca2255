"""The designer's actions (menus, toolbar, shortcuts), built at start-up as plain
QActions. They exist before the designer page does: the page (canvas, items, inspector)
is built after the first paint, and each action asks for it only when triggered, so
start-up pays for a few QActions instead of the canvas. The page enables and disables
them as its selection changes."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from desktop.canvas.unit_kinds import kind_label

PALETTE = ("region", "team", "person", "project")
# the values of desktop.canvas.layout's constants (importing the canvas here is what
# start-up avoids)
TOP_DOWN, LEFT_RIGHT = "top_down", "left_right"
ALIGNS = ("left", "centre", "right", "top", "middle", "bottom")
DISTRIBUTES = ("horizontal", "vertical")

translate = QCoreApplication.translate


class DesignerActions(QObject):
    def __init__(self, parent: QObject, page: Callable[[], Any]) -> None:
        super().__init__(parent)
        self._page = page
        keys = QKeySequence.StandardKey
        self.layout_down_action = self._action(("Ctrl+L",), "auto_layout", TOP_DOWN)
        self.layout_right_action = self._action(("Ctrl+Shift+L",), "auto_layout", LEFT_RIGHT)
        self.fit_action = self._action(("Ctrl+0", "F"), "view.fit")
        self.zoom_in_action = self._action((keys.ZoomIn, "Ctrl+="), "view.zoom_in")
        self.zoom_out_action = self._action((keys.ZoomOut,), "view.zoom_out")
        self.delete_action = self._action((keys.Delete,), "delete_selected")
        self.detach_action = self._action((), "detach_selected")
        self.collapse_action = self._action(("Ctrl+E",), "toggle_collapsed")
        self.add_actions = {kind: self._action((), "add_child", kind) for kind in PALETTE}
        self.add_actions["team"].setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.find_action = self._action((keys.Find,), "start_search")
        self.copy_action = self._action((keys.Copy,), "copy_selected")
        self.paste_action = self._action((keys.Paste,), "paste")
        self.minimap_action = self._action(("Ctrl+M",), "set_minimap", checkable=True)
        self.minimap_action.blockSignals(True)  # shown by default; the page reads it
        self.minimap_action.setChecked(True)
        self.minimap_action.blockSignals(False)
        self.align_actions = {way: self._action((), "align", way) for way in ALIGNS}
        self.distribute_actions = {way: self._action((), "distribute", way)
                                   for way in DISTRIBUTES}
        for action in self.all():
            action.setEnabled(action is self.minimap_action)

    def _action(self, keys: tuple, method: str, *args, checkable: bool = False) -> QAction:
        action = QAction(self.parent())
        shortcuts = []
        for key in keys:
            if isinstance(key, QKeySequence.StandardKey):
                shortcuts += QKeySequence.keyBindings(key)
            else:
                shortcuts.append(QKeySequence(key))
        action.setShortcuts(shortcuts)
        action.setCheckable(checkable)
        call = attrgetter(method)
        if checkable:
            action.toggled.connect(lambda on: call(self._page())(on))
        else:
            action.triggered.connect(lambda _checked=False: call(self._page())(*args))
        return action

    def all(self) -> list[QAction]:
        return [self.layout_down_action, self.layout_right_action, self.fit_action,
                self.zoom_in_action, self.zoom_out_action, self.delete_action,
                self.detach_action, self.collapse_action, *self.add_actions.values(),
                self.find_action, self.copy_action, self.paste_action, self.minimap_action,
                *self.align_actions.values(), *self.distribute_actions.values()]

    def canvas_actions(self) -> list[QAction]:
        return [self.zoom_in_action, self.zoom_out_action, self.fit_action,
                self.layout_down_action, self.layout_right_action, self.collapse_action,
                self.minimap_action]

    def arrange_actions(self) -> list[QAction | None]:
        """Align and distribute, with ``None`` where a separator goes."""
        return [*self.align_actions.values(), None, *self.distribute_actions.values()]

    def retranslate(self) -> None:
        # The context stays "DesignerPage", where these strings were first translated.
        self.layout_down_action.setText(translate("DesignerPage", "Auto-layout &Top-Down"))
        self.layout_right_action.setText(translate("DesignerPage", "Auto-layout &Left-Right"))
        self.fit_action.setText(translate("DesignerPage", "Zoom to &Fit"))
        self.zoom_in_action.setText(translate("DesignerPage", "Zoom &In"))
        self.zoom_out_action.setText(translate("DesignerPage", "Zoom &Out"))
        self.delete_action.setText(translate("DesignerPage", "&Delete Unit"))
        self.detach_action.setText(translate("DesignerPage", "Detach from &Parent"))
        self.collapse_action.setText(translate("DesignerPage", "&Collapse or Expand"))
        for kind, action in self.add_actions.items():
            action.setText(translate("DesignerPage", "Add {kind}").format(kind=kind_label(kind)))
        self.find_action.setText(translate("DesignerPage", "&Find Unit…"))
        self.copy_action.setText(translate("DesignerPage", "&Copy Subtree"))
        self.paste_action.setText(translate("DesignerPage", "&Paste Subtree"))
        self.minimap_action.setText(translate("DesignerPage", "&Minimap"))
        aligns = {"left": translate("DesignerPage", "Align &Left"),
                  "centre": translate("DesignerPage", "Align &Centres"),
                  "right": translate("DesignerPage", "Align &Right"),
                  "top": translate("DesignerPage", "Align &Top"),
                  "middle": translate("DesignerPage", "Align &Middles"),
                  "bottom": translate("DesignerPage", "Align &Bottom")}
        for way, action in self.align_actions.items():
            action.setText(aligns[way])
        self.distribute_actions["horizontal"].setText(
            translate("DesignerPage", "Distribute &Horizontally"))
        self.distribute_actions["vertical"].setText(
            translate("DesignerPage", "Distribute &Vertically"))
