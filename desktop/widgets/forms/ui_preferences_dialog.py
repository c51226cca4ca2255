# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preferences_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_PreferencesDialog(object):
    def setupUi(self, PreferencesDialog):
        if not PreferencesDialog.objectName():
            PreferencesDialog.setObjectName(u"PreferencesDialog")
        PreferencesDialog.resize(420, 180)
        self.mainLayout = QVBoxLayout(PreferencesDialog)
        self.mainLayout.setSpacing(12)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(20, 20, 20, 16)
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setHorizontalSpacing(12)
        self.languageLabel = QLabel(PreferencesDialog)
        self.languageLabel.setObjectName(u"languageLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = QComboBox(PreferencesDialog)
        self.languageCombo.addItem("")
        self.languageCombo.addItem(u"English")
        self.languageCombo.addItem(u"\u7b80\u4f53\u4e2d\u6587")
        self.languageCombo.setObjectName(u"languageCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.languageCombo)


        self.mainLayout.addLayout(self.formLayout)

        self.languageHint = QLabel(PreferencesDialog)
        self.languageHint.setObjectName(u"languageHint")
        self.languageHint.setWordWrap(True)

        self.mainLayout.addWidget(self.languageHint)

        self.verticalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(PreferencesDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.languageLabel.setBuddy(self.languageCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PreferencesDialog)
        self.buttonBox.accepted.connect(PreferencesDialog.accept)
        self.buttonBox.rejected.connect(PreferencesDialog.reject)

        QMetaObject.connectSlotsByName(PreferencesDialog)
    # setupUi

    def retranslateUi(self, PreferencesDialog):
        PreferencesDialog.setWindowTitle(QCoreApplication.translate("PreferencesDialog", u"Preferences", None))
        self.languageLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Language:", None))
        self.languageCombo.setItemText(0, QCoreApplication.translate("PreferencesDialog", u"System default", None))

        self.languageHint.setText(QCoreApplication.translate("PreferencesDialog", u"\u201cSystem default\u201d follows the language of your computer. The change applies at once.", None))
    # retranslateUi

