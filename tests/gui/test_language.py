"""Every visible string goes through Qt's translation: switching to Simplified Chinese
changes the window live, and the choice is remembered."""

from PySide6.QtCore import QSettings, Qt

from desktop.widgets import language
from desktop.widgets.preferences import PreferencesDialog


def _visible_strings(window) -> dict[str, str]:
    model = window.org_dock.model
    return {
        "file menu": window.file_menu.title(),
        "open": window.open_action.text(),
        "recent": window.recent_menu.title(),
        "dock": window.org_dock.windowTitle(),
        "header": model.headerData(0, Qt.Orientation.Horizontal),
        "kind": model.index(0, 1).data(),
        "status": window.status.counts_label.text(),
        "periods": window.summary.summary_page.periods_heading.text(),
        "card": window.summary.summary_page.cards[0].caption.text(),
    }


def test_switch_to_chinese_and_back(qtbot, window, workspace_path, open_in):
    open_in(window, workspace_path)
    english = _visible_strings(window)
    language.choose("zh_CN")
    # Qt posts LanguageChange to the widgets: the switch lands on the next event loop pass.
    qtbot.waitUntil(lambda: window.file_menu.title() != english["file menu"])
    chinese = _visible_strings(window)
    assert chinese == {
        "file menu": "文件(&F)", "open": "打开(&O)…", "recent": "最近打开(&R)",
        "dock": "组织架构", "header": "名称", "kind": "公司",
        "status": "组织单元 55  ·  指标 2  ·  目标分解 0  ·  实际值 0",
        "periods": "周期", "card": "组织单元"}
    assert QSettings().value(language.SETTING) == "zh_CN"
    language.choose("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == english["file menu"])
    assert _visible_strings(window) == english


def test_preferences_dialog_switches_language(qtbot, window):
    window.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    combo = dialog.ui.languageCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "System default", "English", "简体中文"]
    assert combo.currentIndex() == language.CHOICES.index("en")
    combo.setCurrentIndex(language.CHOICES.index("zh_CN"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)")
    assert language.chosen() == "zh_CN"


def test_preferences_dialog_retranslates_itself(qtbot):
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    language.apply("zh_CN")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "偏好设置")
    assert dialog.ui.languageCombo.itemText(0) == "跟随系统"


def test_system_choice_follows_the_system_locale(monkeypatch):
    from PySide6.QtCore import QLocale

    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: chinese))
    assert language.apply("system").language() == QLocale.Language.Chinese
    assert language.locale_for("system") == chinese
