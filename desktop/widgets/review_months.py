"""The review page's month: which one is drawn while the review loads in stages, and the
alerts and queue as of it (split from review_page.py).

A review arrives with its latest period first. A month of an earlier period that was
picked before a reload (a save, a publish, an acknowledgement reload the review) is not
there yet: the latest month is drawn meanwhile and the picked one again once every
period is in.
"""

from typing import Any

from PySide6.QtWidgets import QComboBox

from desktop.services.review_asof import as_of


def month_to_draw(asked: str | None, months: list[str], pending: bool
                  ) -> tuple[str | None, str | None]:
    """(the month to draw, the month still awaited) for a review holding ``months``
    (``pending``: earlier periods still to come). A month not there is awaited while
    periods are pending (and forgotten when they are in and it is not among them)."""
    if asked in months:
        return asked, None
    return (months[-1] if months else None), (asked if pending else None)


def fill_month_box(box: QComboBox, months: list[str], month: str | None) -> None:
    """The months, ``month`` current, without the box telling the page."""
    box.blockSignals(True)
    box.clear()
    box.addItems(months)
    if month in months:
        box.setCurrentIndex(months.index(month))
    box.blockSignals(False)


def show_alerts_and_queue(alerts: Any, queue: Any, history: Any, d: Any, u: int,
                          period: Any, month: str) -> None:
    """The alerts and the queue of the unit's subtree as of the month: today's for the
    latest month, else the state at the month's end, read-only (its history is read
    once, off the GUI thread, by ``history``; the page redraws when it is there)."""
    metric_names = dict(zip(period.metric_codes, period.metric_names, strict=True))
    latest = month == d.months[-1]
    state = as_of(d, None if latest else history.history_for(d), month)
    if state is None:
        alerts.show_loading(history.problem)
        queue.show_loading()
        return
    moment = None if state.live else state.moment
    inside = d.in_subtree(state.alert_rows, u)
    alerts.show_alerts([a for a, keep in zip(state.alerts, inside, strict=True) if keep],
                       metric_names, moment, d.months[-1])
    inside = d.in_subtree(state.queue_rows, u)
    names = dict(zip(d.codes, d.names, strict=True))
    queue.show_queue([q for q, keep in zip(state.queue, inside, strict=True) if keep],
                     names, metric_names, moment)
