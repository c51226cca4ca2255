"""The UI language: English (the source strings) or Simplified Chinese.

The user's choice lives in QSettings (``ui/language``: ``system``, ``en`` or ``zh_CN``);
``system`` follows the system locale. Installing a translator makes Qt send every widget
a LanguageChange event, so a switch applies live: widgets retranslate in changeEvent.
"""

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop import resources

SETTING = "ui/language"
CHOICES = ("system", "en", "zh_CN")

_installed: list[QTranslator] = []  # Qt does not own translators: keep them alive here


def chosen() -> str:
    value = QSettings().value(SETTING, "system")
    return value if value in CHOICES else "system"


def choose(choice: str) -> None:
    """Remember the user's choice and apply it now."""
    if choice not in CHOICES:
        raise ValueError(f"unknown language {choice!r}")
    QSettings().setValue(SETTING, choice)
    apply(choice)


def locale_for(choice: str) -> QLocale:
    if choice == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    if choice == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript,
                       QLocale.Country.China)
    return QLocale.system()


def apply(choice: str | None = None) -> QLocale:
    """Install the translators for ``choice`` (default: the saved one); returns the
    locale now in use. English needs none: the source strings are English."""
    app = QCoreApplication.instance()
    locale = locale_for(chosen() if choice is None else choice)
    QLocale.setDefault(locale)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if locale.language() == QLocale.Language.English:
        return locale
    ours = QTranslator(app)
    if ours.load(locale, "targetflow", "_", str(resources.path("translations"))):
        # Qt's own strings (standard buttons, file dialogs) come from its catalogue.
        qt = QTranslator(app)
        if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            _installed.append(qt)
        _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    return locale
