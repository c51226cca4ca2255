"""The view on the cascade scene: zoom (wheel, keys), pan (middle button, or Space and
drag), zoom-to-fit, rubber-band selection. Only the changed regions are repainted
(SmartViewportUpdate), never the whole viewport on every change. A press on an edge's
handle or a card's port starts an edge drag (``EdgeDrags``) before the scene sees it."""

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from desktop.canvas.edge_drag import EdgeDrags
from desktop.canvas.items import LOD_TEXT

MIN_SCALE, MAX_SCALE = 0.02, 3.0
STEP = 1.2


class CascadeView(QGraphicsView):
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cascadeView")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setBackgroundBrush(QColor("#f5f7fa"))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self._pan_from: QPointF | None = None
        self._space = False
        self.edge_drags: EdgeDrags | None = None

    def setScene(self, scene) -> None:
        if self.edge_drags is not None:
            self.edge_drags.deleteLater()
        super().setScene(scene)
        # the edge gestures need a cascade scene (its design, stack and items)
        self.edge_drags = EdgeDrags(self, scene) if hasattr(scene, "design") else None

    def _edge_drag(self) -> bool:
        return self.edge_drags is not None and self.edge_drags.gesture is not None

    def scale_factor(self) -> float:
        return self.transform().m11()

    def set_scale(self, value: float, anchor_under_mouse: bool = False) -> None:
        value = max(MIN_SCALE, min(MAX_SCALE, value))
        if not anchor_under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        factor = value / self.scale_factor()
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._zoomed()

    def _zoomed(self) -> None:
        """Far out, the scene swaps its cards for one batched overview."""
        scale = self.scale_factor()
        scene = self.scene()
        if scene is not None and hasattr(scene, "set_overview"):
            scene.set_overview(scale < LOD_TEXT)
        self.zoomChanged.emit(scale)

    def zoom_in(self) -> None:
        self.set_scale(self.scale_factor() * STEP)

    def zoom_out(self) -> None:
        self.set_scale(self.scale_factor() / STEP)

    def fit(self, rect: QRectF | None = None, max_scale: float = 1.0) -> None:
        """Show ``rect`` (default: every visible card) whole, at most at ``max_scale``."""
        scene = self.scene()
        if scene is None:
            return
        rect = rect if rect is not None else scene.visible_bounds()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_factor() > max_scale:
            self.set_scale(max_scale)
        self.centerOn(rect.center())
        self._zoomed()

    def show_top(self, rect: QRectF, scale: float) -> None:
        """Start at ``scale`` with ``rect`` (the top card) at the top centre."""
        self.resetTransform()
        self.set_scale(scale)
        view = self.viewport().rect()
        self.centerOn(QPointF(rect.center().x(), rect.top() + view.height() / scale / 2 - 40))

    # --- input ----------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if delta == 0:
            return
        self.set_scale(self.scale_factor() * STEP ** (delta / 120), anchor_under_mouse=True)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._edge_drag():
            self.edge_drags.cancel()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space and event.button() == Qt.MouseButton.LeftButton):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self.edge_drags is not None \
                and not self._edge_drag() and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and self.edge_drags.press(self.mapToScene(event.position().toPoint())):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value()
                                                - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value()
                                              - int(delta.y()))
            event.accept()
            return
        point = self.mapToScene(event.position().toPoint())
        if self._edge_drag():
            self.edge_drags.move(point)
            event.accept()
            return
        if self.edge_drags is not None and event.buttons() == Qt.MouseButton.NoButton:
            self.edge_drags.hover(point)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        if self._edge_drag() and event.button() == Qt.MouseButton.LeftButton:
            self.edge_drags.release(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:
        if self.edge_drags is not None:
            self.edge_drags.leave()
        super().leaveEvent(event)
