"""Helpers for the designer tests: opening a cascade, mouse drags on the canvas."""


from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.canvas.items import CARD_H, CARD_W


def card_point(view, item) -> QPoint:
    """A point on a card (clear of its collapse toggle), in viewport coordinates."""
    return view.mapFromScene(QPointF(item.x() + CARD_W * 0.3, item.y() + CARD_H * 0.3))


def drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 6) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(viewport, pos=start + (end - start) * k / steps)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def select(window, node_id: str) -> None:
    scene = window.cascade.page.scene
    scene.clearSelection()
    scene.nodes[node_id].setSelected(True)


def regions(design) -> list[str]:
    return design.children(design.cascade.roots()[0])
