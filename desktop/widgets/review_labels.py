"""Words of the monthly review in the UI language (SPEC §9 glossary): health dimensions,
case figures, alert directions and states, queue kinds. Marked for lupdate here and
translated when shown, so a language switch applies (context "Review")."""

import datetime as dt
import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

DIMENSIONS = {"sync": QT_TRANSLATE_NOOP("Review", "Sync timeliness"),
              "path": QT_TRANSLATE_NOOP("Review", "Path soundness"),
              "resource": QT_TRANSLATE_NOOP("Review", "Resource match"),
              "feedback": QT_TRANSLATE_NOOP("Review", "Feedback speed")}
FIGURES = {"latency": QT_TRANSLATE_NOOP("Review", "Target communication latency"),
           "consistency": QT_TRANSLATE_NOOP("Review", "Strategic action consistency"),
           "misallocation": QT_TRANSLATE_NOOP("Review", "Incentive misallocation rate")}
DIRECTIONS = {"behind": QT_TRANSLATE_NOOP("Review", "behind"),
              "ahead": QT_TRANSLATE_NOOP("Review", "ahead")}
STATES = {"raised": QT_TRANSLATE_NOOP("Review", "raised"),
          "acknowledged": QT_TRANSLATE_NOOP("Review", "acknowledged"),
          "action_taken": QT_TRANSLATE_NOOP("Review", "action taken"),
          "resolved": QT_TRANSLATE_NOOP("Review", "resolved")}
QUEUE_KINDS = {"alert": QT_TRANSLATE_NOOP("Review", "Alert"),
               "acknowledge_version": QT_TRANSLATE_NOOP("Review", "Acknowledge version"),
               "check_in": QT_TRANSLATE_NOOP("Review", "Check in")}


def tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


def word(table: dict[str, str], key: str) -> str:
    return tr(table[key]) if key in table else key


def dimension_labels() -> list[str]:
    return [tr(text) for text in DIMENSIONS.values()]


def day_text(moment: dt.datetime) -> str:
    """A day as a caption says it: "31 May 2025", "2025年5月31日"."""
    day = moment.date()
    # the pattern is the translation's: each language orders day, month and year its way
    pattern = QCoreApplication.translate("Review", "d MMMM yyyy")
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern)


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def figure_text(key: str, value) -> str:
    """A case figure as shown: days with one decimal, shares as whole percent."""
    if missing(value):
        return "—"
    if key == "latency":
        return QCoreApplication.translate("Review", "{days} days").format(days=f"{value:.1f}")
    return f"{value:.0%}"


def change_text(key: str, before, after) -> tuple[str, bool | None]:
    """The change against the previous period and whether it is an improvement (None:
    unknown or no change). Latency and misallocation are better when lower."""
    if missing(before) or missing(after):
        return "—", None
    delta = after - before
    higher_is_better = key == "consistency"
    better = None if abs(delta) < 1e-12 else (delta > 0) == higher_is_better
    if key == "latency":
        text = QCoreApplication.translate("Review", "{delta} days")
        return text.format(delta=f"{delta:+.1f}"), better
    text = QCoreApplication.translate("Review", "{delta} pts")
    return text.format(delta=f"{delta * 100:+.0f}"), better


def impact_text(name: str, value: float, ratio: bool) -> str:
    """One metric's impact of a deal, as the card and the PDF say it ("" when the deal is
    not measured in that metric): points for a ratio, a share of a sum."""
    if missing(value):
        return ""
    if ratio:
        return QCoreApplication.translate("Review", "moved {metric} by <b>{points}</b> pts"
                                          ).format(metric=name, points=f"{value:+.2f}")
    return QCoreApplication.translate("Review", "<b>{share}</b> of {metric}").format(
        metric=name, share=f"{value:.1%}")
