"""The Preferences dialog (form: ui/preferences_dialog.ui). For now: the UI language."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QWidget

from desktop.widgets import language
from desktop.widgets.forms.ui_preferences_dialog import Ui_PreferencesDialog


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PreferencesDialog()
        self.ui.setupUi(self)
        self.ui.languageCombo.setCurrentIndex(language.CHOICES.index(language.chosen()))

    def chosen_language(self) -> str:
        return language.CHOICES[self.ui.languageCombo.currentIndex()]

    def accept(self) -> None:
        if self.chosen_language() != language.chosen():
            language.choose(self.chosen_language())
        super().accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
        super().changeEvent(event)
