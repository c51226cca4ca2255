"""The words and figures on the canvas (split from items.py): compact figures, names
in the UI language, rule labels, problem titles."""

from PySide6.QtCore import QCoreApplication, QLocale


def compact(value: float, unit: str = "") -> str:
    """A figure short enough for a card: 8.40M / 367 / 46.3% (Chinese: 840.3万)."""
    if value != value:
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    chinese = QLocale().language() == QLocale.Language.Chinese
    a = abs(value)
    if chinese:
        if a >= 1e8:
            return f"{value / 1e8:.2f}亿"
        if a >= 1e4:
            return f"{value / 1e4:.1f}万"
    else:
        if a >= 1e9:
            return f"{value / 1e9:.2f}B"
        if a >= 1e6:
            return f"{value / 1e6:.2f}M"
        if a >= 1e4:
            return f"{value / 1e3:.1f}K"
    return f"{value:,.0f}" if a >= 10 else f"{value:.3g}"


def short_name(name: str) -> str:
    """The part of a bilingual name ("Collections 回款") in the UI language."""
    words = name.split()
    cjk = [w for w in words if any("\u4e00" <= ch <= "\u9fff" for ch in w)]
    latin = [w for w in words if w not in cjk]
    if not cjk or not latin:
        return name
    chinese = QLocale().language() == QLocale.Language.Chinese
    return " ".join(cjk if chinese else latin)


def factor_label(name: str) -> str:
    """A local factor's name for people (SPEC §9: customer density 客户密度, …)."""
    known = {"customer_density": QCoreApplication.translate("InspectorDock",
                                                            "customer density"),
             "competition_intensity": QCoreApplication.translate("InspectorDock",
                                                                 "competition intensity")}
    return known.get(name, name.replace("_", " "))


def rule_label(rule) -> str:
    """``CascadeRule.label()`` in the UI language: "70% · 竞争强度, 客户密度"."""
    names = ", ".join(factor_label(f) for f in rule.factors())
    text = f"{round(rule.alpha * 100)}%"
    return f"{text} · {names}" if names else text


def problem_title(code: str) -> str:
    titles = {
        "missing_factor": QCoreApplication.translate("CascadeCanvas", "Local factor missing"),
        "zero_local": QCoreApplication.translate("CascadeCanvas", "Local weights are all zero"),
        "zero_shares": QCoreApplication.translate("CascadeCanvas", "Every share is zero"),
        "locks_exceed": QCoreApplication.translate("CascadeCanvas",
                                                   "Locked targets exceed the parent's"),
        "all_locked": QCoreApplication.translate("CascadeCanvas",
                                                 "Locked targets do not add up"),
        "root_target_missing": QCoreApplication.translate("CascadeCanvas",
                                                          "Top target missing"),
        "missing_key": QCoreApplication.translate("CascadeCanvas",
                                                  "Allocation column missing"),
        "bad_key": QCoreApplication.translate("CascadeCanvas", "Allocation key missing"),
    }
    return titles.get(code, code)


def pace_line(status: str | None, health: float | None) -> str:
    """A card's tooltip line: its key metric's pace and its health."""
    names = {
        "on_track": QCoreApplication.translate("CascadeCanvas", "on track"),
        "at_risk": QCoreApplication.translate("CascadeCanvas", "at risk"),
        "off_track": QCoreApplication.translate("CascadeCanvas", "off track"),
        "outdated": QCoreApplication.translate("CascadeCanvas",
                                               "outdated (no recent actuals)"),
    }
    parts = []
    if status is not None:
        parts.append(QCoreApplication.translate("CascadeCanvas", "Pace: {status}").format(
            status=names.get(status, status)))
    if health is not None:
        parts.append(QCoreApplication.translate("CascadeCanvas", "Health: {score}").format(
            score=f"{health:.0f}"))
    return " · ".join(parts)
