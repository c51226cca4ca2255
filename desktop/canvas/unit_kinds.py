"""Unit kinds as people read them (SPEC §9: region 大区, …), shared by the canvas cards
and the org tree. The translation context stays "OrgTreeModel", where lupdate found
them first, so the existing translations apply."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Marked for lupdate here, translated when shown (so a language switch applies).
_KINDS = {"company": QT_TRANSLATE_NOOP("OrgTreeModel", "Company"),
          "region": QT_TRANSLATE_NOOP("OrgTreeModel", "Region"),
          "team": QT_TRANSLATE_NOOP("OrgTreeModel", "Team"),
          "person": QT_TRANSLATE_NOOP("OrgTreeModel", "Person"),
          "project": QT_TRANSLATE_NOOP("OrgTreeModel", "Project team")}


def kind_label(kind: str) -> str:
    """The unit kind in the UI language."""
    text = _KINDS.get(kind)
    return kind if text is None else QCoreApplication.translate("OrgTreeModel", text)
