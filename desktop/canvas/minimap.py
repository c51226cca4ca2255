"""The minimap: a small second view on the cascade scene, the whole tree fitted in it,
with the main view's visible area drawn as a rectangle. Pressing or dragging in it
moves the main view there. It paints only what changed, like the main view: moving the
rectangle repaints the strips it left and entered, not the whole minimap."""

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

SIZE = (240, 160)
MIN_HEIGHT = 70
FRAME = QColor("#1f6feb")


class Minimap(QGraphicsView):
    resized = Signal()  # it takes the tree's proportions: the page re-places it

    def __init__(self, main: QGraphicsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minimap")
        self.main = main
        self.setFixedSize(*SIZE)
        self.setInteractive(False)  # no selection or drags of cards from here
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.Box)
        self.setBackgroundBrush(QColor("#fbfcfd"))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._shown = QRectF()
        self._dragging = False
        # refitting after every model signal would repaint the whole minimap per edit
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(50)
        self._refit_timer.timeout.connect(self.refit)
        for bar in (main.horizontalScrollBar(), main.verticalScrollBar()):
            bar.valueChanged.connect(self.follow)
        main.zoomChanged.connect(self.follow)

    def setScene(self, scene) -> None:
        super().setScene(scene)
        scene.sceneRectChanged.connect(self._refit_timer.start)
        self.refit_later()

    def refit_later(self) -> None:
        self._refit_timer.start()

    def refit(self) -> None:
        scene = self.scene()
        if scene is None:
            return
        rect = scene.visible_bounds()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-60, -60, 60, 60)
        # the tree's own shape (a wide tree gets a flat minimap), within limits
        width = SIZE[0]
        height = round(min(SIZE[1], max(MIN_HEIGHT, width * rect.height() / rect.width())))
        if (width, height) != (self.width(), self.height()):
            self.setFixedSize(width, height)
            self.resized.emit()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._shown = QRectF()
        self.viewport().update()
        self.follow()

    def shown_rect(self) -> QRectF:
        """The main view's visible area, in scene coordinates."""
        return self.main.mapToScene(self.main.viewport().rect()).boundingRect()

    def follow(self, *_args) -> None:
        """Repaint where the rectangle was and where it is now."""
        new = self.shown_rect()
        for rect in (self._shown, new):
            if not rect.isEmpty():
                area = self.mapFromScene(rect).boundingRect().adjusted(-3, -3, 3, 3)
                self.viewport().update(area)
        self._shown = new

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        shown = self.shown_rect()
        fill = QColor(FRAME)
        fill.setAlpha(28)
        pen = QPen(FRAME, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRect(shown)

    # --- input: move the main view --------------------------------------------------
    def _centre_main(self, point: QPointF) -> None:
        self.main.centerOn(self.mapToScene(point.toPoint()))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._centre_main(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._dragging:
            self._centre_main(event.position())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._dragging:
            self._dragging = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event) -> None:
        event.ignore()  # the minimap always shows the whole tree
