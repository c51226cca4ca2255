"""The minimap: a small second view on the cascade scene, the whole tree fitted in it,
with the main view's visible area drawn as a rectangle. Pressing or dragging in it
moves the main view there. It paints only what changed, like the main view: moving the
rectangle repaints the strips it left and entered, not the whole minimap.

A tree far wider (or taller) than the minimap's proportions — a 100 000-unit region
expanded into thousands of teams — fitted whole would be a thin line of sub-pixel
cards. Below ``MIN_SCALE`` the minimap shows a window of the tree around the main view
instead, and slides it along when the main view nears its edge."""

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

SIZE = (240, 160)
MIN_HEIGHT = 70
MIN_SCALE = 1.5 / 172.0  # a card stays at least 1.5 px wide (a dot, not nothing)
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
        self._tree = QRectF()  # the whole tree's bounds, as last fitted
        self._window = QRectF()  # the part of the tree shown when it is too long to fit
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
        self._tree = rect
        self._window = self._window_around(self.shown_rect().center())
        self.fitInView(self._window if not self._window.isEmpty() else rect,
                       Qt.AspectRatioMode.KeepAspectRatio)
        self._shown = QRectF()
        self.viewport().update()
        self.follow()

    def is_windowed(self) -> bool:
        """Whether the minimap shows only a window of a tree too long to fit."""
        return not self._window.isEmpty()

    def _window_around(self, centre: QPointF) -> QRectF:
        """The window of the tree to show around ``centre`` (empty: the whole tree fits
        at a readable scale)."""
        rect = self._tree
        fit = min(self.width() / rect.width(), self.height() / rect.height())
        if fit >= MIN_SCALE:
            return QRectF()
        w = min(rect.width(), self.width() / MIN_SCALE)
        h = min(rect.height(), self.height() / MIN_SCALE)
        x = min(max(centre.x() - w / 2, rect.left()), rect.right() - w)
        y = min(max(centre.y() - h / 2, rect.top()), rect.bottom() - h)
        return QRectF(x, y, w, h)

    def shown_rect(self) -> QRectF:
        """The main view's visible area, in scene coordinates."""
        return self.main.mapToScene(self.main.viewport().rect()).boundingRect()

    def follow(self, *_args) -> None:
        """Repaint where the rectangle was and where it is now."""
        new = self.shown_rect()
        if self.is_windowed():
            # slide the window when the main view nears its edge (a whole repaint, but
            # only once per window's width of scrolling)
            inner = self._window.adjusted(self._window.width() / 6,
                                          self._window.height() / 6,
                                          -self._window.width() / 6,
                                          -self._window.height() / 6)
            if not inner.contains(new.center()):
                moved = self._window_around(new.center())
                if moved != self._window and not moved.isEmpty():
                    self._window = moved
                    self.fitInView(moved, Qt.AspectRatioMode.KeepAspectRatio)
                    self._shown = QRectF()
                    self.viewport().update()
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
