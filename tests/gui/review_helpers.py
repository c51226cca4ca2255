"""Opening the review page on a workspace, for the review tests and benchmarks."""

from pathlib import Path


def open_review(qtbot, window, path: Path, timeout: int = 30_000):
    """Open ``path`` in ``window``, show the Review tab, wait for the first drawing."""
    with qtbot.waitSignal(window.document.designLoaded, timeout=timeout):
        window.document.open(path)
    window.tabs.setCurrentWidget(window.review)
    page = window.review.page
    if not page.loader.is_complete:  # the latest period comes first, then the others
        with qtbot.waitSignal(page.loader.loaded, timeout=timeout,
                              check_params_cb=lambda data: not data.pending):
            pass
    return page


def wait_reloaded(qtbot, page, action) -> None:
    """Run ``action`` (a write through the review loader) and wait for the new review,
    every period of it."""
    with qtbot.waitSignal(page.loader.loaded, timeout=30_000,
                          check_params_cb=lambda data: not data.pending):
        action()
