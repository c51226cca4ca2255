"""The designer page's edits: add a child, delete, detach, collapse, auto-layout, align
and distribute, copy and paste a subtree. Each pushes undo commands (one step per
gesture); a refusal or a question goes through the page's banner or a window-modal box
opened with ``open()``."""

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.canvas.arrange import align, distribute
from desktop.canvas.items import CARD_H, CARD_W
from desktop.canvas.layout import TOP_DOWN, tidy_tree
from desktop.canvas.unit_kinds import kind_label
from desktop.commands.cascade import (
    AddNodeCommand,
    DetachCommand,
    MoveNodesCommand,
    RemoveSubtreeCommand,
)
from desktop.commands.paste import PasteSubtreeCommand, SubtreeCopy, copy_subtree
from desktop.domain.org import OrgUnit

# The page's context (what self.tr uses at run time): this mixin's strings are its own.
translate = QCoreApplication.translate


class DesignerEdits:
    """Mixed into ``DesignerPage`` (which provides design, document, scene, view)."""

    clipboard: SubtreeCopy | None = None

    def _next_position(self, parent: str) -> tuple[float, float]:
        """Where a new child of ``parent`` goes: after its last child, else below it."""
        design = self.design
        kids = design.children(parent)
        if kids:
            last = max((design.cascade.nodes[k] for k in kids), key=lambda n: (n.x, n.y))
            return last.x + CARD_W + 28, last.y
        node = design.cascade.nodes[parent]
        return node.x, node.y + CARD_H + 64

    def add_child(self, kind: str) -> None:
        chosen = self.scene.selected_nodes()
        design = self.design
        if len(chosen) != 1 or not design.is_editable:
            return  # (a large cascade's open cards: no factors or units to add to yet)
        parent = chosen[0]
        parent_unit = design.unit_of(parent)
        codes = {u.code for u in design.context.units.values()}
        number = len(design.children(parent)) + 1
        while f"{parent_unit.code}-{number}" in codes:
            number += 1
        unit = OrgUnit(f"{parent_unit.code}-{number}",
                       translate("DesignerPage", "New {kind}").format(kind=kind_label(kind)),
                       kind,
                       parent_id=parent_unit.id, headcount=1,
                       factors={f: 1.0 for f in design.arrays.factor_names})
        rule = self.scene._rule_for_new_child(parent)
        stack = self.document.undo_stack
        before = stack.index()
        stack.push(AddNodeCommand(design, unit, parent, rule, self._next_position(parent)))
        if stack.index() != before:  # not refused
            self.select_only([design.context.node_of_unit(unit.id)])

    def add_child_to(self, parent: str, kind: str) -> None:
        """A unit kind dropped on a card: a new child there (one undo step)."""
        self.select_only([parent])
        self.add_child(kind)

    def select_only(self, node_ids: list[str]) -> None:
        scene = self.scene
        node_ids = [n for n in node_ids if n in scene.nodes]
        if scene.overview_on:
            # far out the cards are hidden (and cannot be selected): the scene keeps the
            # selection it restores when zoomed back in
            scene._kept_selection = node_ids
            scene._changed()
            scene._refresh_overview()
            scene.nodeSelected.emit(node_ids[0] if len(node_ids) == 1 else None)
            self._update_actions()
            return
        scene.clearSelection()
        for node_id in node_ids:
            scene.nodes[node_id].setSelected(True)

    def delete_selected(self) -> None:
        chosen = self.scene.selected_nodes()
        if not chosen:
            return
        tops = self._tops(chosen)
        below = sum(len(self.design.subtree(t)) for t in tops) - len(tops)
        if below == 0:
            self._delete(tops)
            return
        text = translate("DesignerPage", "Delete {count} unit(s) and the {below} below "
                         "them from the cascade?").format(count=len(tops), below=below)
        box = QMessageBox(QMessageBox.Icon.Question,
                          translate("DesignerPage", "Delete units"), text,
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDelete")
        box.addButton(translate("DesignerPage", "Delete"),
                      QMessageBox.ButtonRole.DestructiveRole)
        box.setInformativeText(translate("DesignerPage", "The org units stay in the "
                                         "workspace; you can undo this."))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._delete(tops)
            if box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole else None)
        box.destroyed.connect(lambda: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()

    def _tops(self, chosen: list[str]) -> list[str]:
        """The chosen nodes that have no chosen node above them."""
        chosen_set = set(chosen)
        return [n for n in chosen if not set(self.design.cascade.ancestors(n)) & chosen_set]

    def _delete(self, tops: list[str]) -> None:
        stack = self.document.undo_stack
        if len(tops) > 1:
            stack.beginMacro(translate("DesignerPage", "Delete {count} units").format(
                count=len(tops)))
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
        text = (translate("DesignerPage", "Auto-layout top-down") if orientation == TOP_DOWN
                else translate("DesignerPage", "Auto-layout left-right"))
        self._move(after, text)
        self.view.fit()

    def _move(self, after: dict[str, tuple[float, float]], text: str) -> None:
        nodes = self.design.cascade.nodes
        before = {n: (nodes[n].x, nodes[n].y) for n in after}
        command = MoveNodesCommand(self.design, before, after, text)
        if command.after:
            self.document.undo_stack.push(command)

    # --- align and distribute -------------------------------------------------------
    def _positions(self) -> dict[str, tuple[float, float]]:
        nodes = self.design.cascade.nodes
        return {n: (nodes[n].x, nodes[n].y) for n in self.scene.selected_nodes()}

    def align(self, way: str) -> None:
        positions = self._positions()
        if len(positions) >= 2:
            count = len(positions)
            text = translate("DesignerPage", "Align %n unit(s)", "", count)
            self._move(align(positions, way, CARD_W, CARD_H), text)

    def distribute(self, way: str) -> None:
        positions = self._positions()
        if len(positions) >= 3:
            count = len(positions)
            text = translate("DesignerPage", "Distribute %n unit(s)", "", count)
            self._move(distribute(positions, way, CARD_W, CARD_H), text)

    # --- copy and paste -------------------------------------------------------------
    def copy_selected(self) -> None:
        chosen = self.scene.selected_nodes()
        tops = self._tops(chosen)
        if len(tops) != 1:
            if chosen:
                self.show_refusal(translate("DesignerPage", "Copy one card (with what is "
                                            "below it) at a time."))
            return
        DesignerEdits.clipboard = copy_subtree(self.design, tops[0])
        self._update_actions()
        self.show_note(translate("DesignerPage",
                                 "Copied “{name}” and {count} unit(s) below it.").format(
            name=self.design.unit_of(tops[0]).name,
            count=len(DesignerEdits.clipboard.nodes) - 1))

    def paste(self) -> None:
        chosen = self.scene.selected_nodes()
        copied = DesignerEdits.clipboard
        if copied is None or len(chosen) != 1:
            return
        parent = chosen[0]
        command = PasteSubtreeCommand(self.design, copied, parent,
                                      self._next_position(parent),
                                      self.scene._rule_for_new_child(parent))
        self.document.undo_stack.push(command)
        self.select_only([command.top_node_id])
