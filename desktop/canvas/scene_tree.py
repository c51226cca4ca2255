"""The scene's collapse and expand (split from scene.py). Cards are built lazily: the
scene makes items only for the cards that are open to view (no collapsed node above
them), so a large cascade opened as aggregate cards (``document_cascade_open``) costs a
few hundred items, and a subtree's cards are made the first time it is expanded. A
card that was built stays (hidden) when its parent collapses again."""

from PySide6.QtCore import QCoreApplication

TOGGLE_GAP = 12.0


class SceneTree:
    """Mixed into ``CascadeScene`` (which provides design, nodes, edges, labels)."""

    def _shown(self, node_id: str) -> bool:
        """Whether a card is open to view (built, and no collapsed node above it)."""
        return node_id in self.nodes and node_id not in self._tree_hidden

    def _build_open(self) -> None:
        """Items for every card that is open, from the top (parents first)."""
        design = self.design
        nodes = design.cascade.nodes
        stack = list(reversed(design.cascade.roots()))
        order: list[str] = []
        while stack:
            node_id = stack.pop()
            order.append(node_id)
            if not nodes[node_id].collapsed:
                stack.extend(reversed(design.children(node_id)))
        for node_id in order:
            self._add_node(node_id)
        for node_id in order:
            if design.parent(node_id) is not None:
                self._add_edge(node_id, relabel=False)

    def _hidden_below(self, node_id: str) -> bool:
        kids = self.design.children(node_id)
        return bool(kids) and not self._shown(kids[0])

    def toggle_collapsed(self, node_id: str) -> None:
        if not self.design.is_editable:  # what is under the card is still loading
            self.refused.emit(QCoreApplication.translate(
                "CascadeScene", "The cascade is still loading: this card opens in a "
                "moment."))
            return
        self.design.set_collapsed(node_id, not self.design.card(node_id).collapsed)

    def apply_visibility(self, top: str | None = None) -> None:
        """Hide everything under a collapsed node (from ``top``, or the whole tree);
        build the cards that open for the first time."""
        design = self.design
        if top is None:
            self._tree_hidden = set()
            stack = [(n, True) for n in design.cascade.roots()]
        else:
            parent = design.parent(top)
            stack = [(top, parent is None or self._label_shown(parent))]
        detail = not self.overview_on
        built: list[str] = []
        while stack:
            node_id, visible = stack.pop()
            if node_id not in self.nodes:
                if not visible:
                    continue  # never built, still closed: nothing below it is built
                self._add_node(node_id)
                built.append(node_id)
            if visible:
                self._tree_hidden.discard(node_id)
            else:
                self._tree_hidden.add(node_id)
            self.nodes[node_id].setVisible(detail and visible)
            if node_id in self.edges:
                self.edges[node_id].setVisible(detail and visible)
            open_ = visible and not design.cascade.nodes[node_id].collapsed
            if node_id in self.labels:
                self.labels[node_id].setVisible(detail and open_)
            stack.extend((k, open_) for k in design.children(node_id))
        for node_id in built:
            if design.parent(node_id) is not None:
                self._add_edge(node_id, relabel=False)
                self.edges[node_id].setVisible(detail)
        for parent in {design.parent(n) for n in built}:
            self._relabel(parent)
        self._changed()
