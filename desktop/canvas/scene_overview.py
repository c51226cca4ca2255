"""The scene's semantic zoom far out (split from scene.py): below LOD_TEXT the cards,
edges and labels give way to one batched ``OverviewItem``; the selection is kept across
the switch."""

import itertools

from PySide6.QtCore import QLineF, QRectF

from desktop.canvas.items import (
    CARD_H,
    CARD_W,
    DOWN,
    PROBLEM,
    SELECTED,
    STATUS_COLOURS,
    UP,
    route_points,
)


class SceneOverview:
    """Mixed into ``CascadeScene`` (which provides design, nodes, edges, labels)."""

    def set_overview(self, on: bool) -> None:
        """Zoomed far out: one batched overview instead of thousands of cards."""
        if on == self.overview_on:
            return
        self.overview_on = on
        # hidden cards lose their selection: keep it across the switch, silently
        kept = self.selected_nodes() if on else self._kept_selection
        self._switching = True
        try:
            self._set_detail_visible(on)
            if not on:
                for node_id in kept:
                    if node_id in self.nodes and self._shown(node_id):
                        self.nodes[node_id].setSelected(True)
        finally:
            self._switching = False
        self._kept_selection = kept if on else []
        self.overview.setVisible(on)
        self._overview_dirty = True
        self._refresh_overview()

    def _set_detail_visible(self, on: bool) -> None:
        for node_id, item in self.nodes.items():
            item.setVisible(not on and self._shown(node_id))
        for child, item in self.edges.items():
            item.setVisible(not on and self._shown(child))
        for parent, item in self.labels.items():
            item.setVisible(not on and self._label_shown(parent))

    def _refresh_overview(self) -> None:
        if not (self.overview_on and self._overview_dirty):
            return
        self._overview_dirty = False
        colours = {"problem": PROBLEM.name(), "up": UP.name(), "down": DOWN.name(),
                   "selected": SELECTED.name(), "plain": "#9fb0c2"}
        boxes: dict[str, list[QRectF]] = {}
        lines: list[QLineF] = []
        bounds = QRectF()
        design = self.design
        selected = set(self._kept_selection)
        for node_id, item in self.nodes.items():
            if not self._shown(node_id):
                continue
            rect = _card_rect(item)
            bounds = bounds.united(rect)
            card = design.card(node_id)
            kind = ("selected" if node_id in selected else "problem" if card.problems
                    else "plain" if card.delta is None else "up" if card.delta > 0
                    else "down")
            # zoomed far out, the cascade reads as a map of its units' pace
            colour = (STATUS_COLOURS[card.status] if kind == "plain" and card.status
                      else colours[kind])
            boxes.setdefault(colour, []).append(rect)
            parent = design.parent(node_id)
            if parent is not None and parent in self.nodes:
                points = route_points(_card_rect(self.nodes[parent]), rect)
                lines.extend(QLineF(a, b) for a, b in itertools.pairwise(points))
        self.overview.set_geometry(boxes, lines, bounds)


def _card_rect(item) -> QRectF:
    return QRectF(item.x(), item.y(), CARD_W, CARD_H)
