"""File ▸ Salesforce Connection…: login URL, client id and flow (kept in the workspace),
the client secret or refresh token (kept only in the operating system's keyring, or used
from memory for this dialog when no keyring can keep it), "Test connection" and "Sync now".

Both buttons run their work on the document's worker pool (``WorkspaceDocument.run``):
the window never freezes; progress arrives through a queued signal and the result (deals
created, updated and closed, the new watermark) is shown in the dialog. A sync can be
cancelled (the button, or Esc) until its write begins: nothing of it is written then.
"""

import threading

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.document import WorkspaceDocument
from desktop.exchange import salesforce_settings as sf

STAGES = ("login", "fetch", "owners", "write", "done")


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    moved = Signal(str, float)


class CrmSettingsDialog(QDialog):
    """Signals ``synced(result)`` after a sync that wrote deals (the caller reloads)."""

    synced = Signal(object)

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crmSettingsDialog")
        self.document = document
        self.running = False
        self.result = None  # the last SyncResult or ConnectionCheck
        self.progress = _Progress(self)
        self.progress.moved.connect(self._moved)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("loginUrlEdit")
        self.client_edit = QLineEdit(self)
        self.client_edit.setObjectName("clientIdEdit")
        self.flow_combo = QComboBox(self)
        self.flow_combo.setObjectName("flowCombo")
        for flow in sf.FLOWS:
            self.flow_combo.addItem("", flow)
        self.flow_combo.currentIndexChanged.connect(self._flow_changed)
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("secretEdit")
        self.refresh_edit = QLineEdit(self)
        self.refresh_edit.setObjectName("refreshTokenEdit")
        for edit in (self.secret_edit, self.refresh_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("crmProgress")
        self.bar.setRange(0, 100)
        self.bar.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("crmStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("testConnectionButton")
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("syncNowButton")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelSyncButton")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_sync)
        self._cancel: threading.Event | None = None  # set while a sync can be cancelled
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.test_button, self.sync_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self.test_connection)
        self.sync_button.clicked.connect(self.sync_now)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.labels = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        fields = (self.url_edit, self.client_edit, self.flow_combo, self.secret_edit,
                  self.refresh_edit)
        for label, field in zip(self.labels, fields, strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.bar, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.keyring_problem = sf.keyring_problem()
        self._load()
        self.retranslate()

    # --- text -----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Salesforce Connection"))
        for label, text in zip(self.labels, (
                self.tr("&Login URL:"), self.tr("Client &ID:"), self.tr("&Flow:"),
                self.tr("Client s&ecret:"), self.tr("&Refresh token:")), strict=True):
            label.setText(text)
        self.flow_combo.setItemText(0, self.tr("Client credentials"))
        self.flow_combo.setItemText(1, self.tr("Refresh token"))
        self.url_edit.setPlaceholderText("https://login.salesforce.com")
        self.client_edit.setPlaceholderText(self.tr("the connected app's consumer key"))
        keep = self.tr("leave empty to keep the one in the keyring")
        self.secret_edit.setPlaceholderText(keep)
        self.refresh_edit.setPlaceholderText(keep)
        self.test_button.setText(self.tr("&Test Connection"))
        self.sync_button.setText(self.tr("S&ync Now"))
        self.cancel_button.setText(self.tr("&Cancel Sync"))
        if self.keyring_problem is None:
            self.keyring_note.setText(self.tr(
                "The secret and the refresh token are kept in the operating system's "
                "keyring, never in the workspace file or the logs."))
        else:
            problem = (self.tr("no keyring service was found on this system")
                       if self.keyring_problem == "no_service" else
                       self.tr("the “keyring” package is not installed"))
            self.keyring_note.setText(self.tr(
                "The secret cannot be stored: {problem}. A secret typed here is used only "
                "until this dialog closes; it is never written to the workspace file or the "
                "logs.").format(problem=problem))

    def stage_text(self, stage: str) -> str:
        return {"login": self.tr("Signing in…"), "fetch": self.tr("Fetching opportunities…"),
                "owners": self.tr("Matching owners to units…"),
                "write": self.tr("Writing the deals…"), "done": self.tr("Done.")
                }.get(stage, stage)

    # --- settings -------------------------------------------------------------------
    def _load(self) -> None:
        ws = self.document.workspace
        settings = sf.load_settings(ws) if ws is not None else sf.ConnectionSettings()
        self.url_edit.setText(settings.login_url)
        self.client_edit.setText(settings.client_id)
        self.flow_combo.setCurrentIndex(sf.FLOWS.index(settings.flow))
        self._flow_changed()

    def _flow_changed(self) -> None:
        self.refresh_edit.setEnabled(self.flow_combo.currentData() == "refresh_token")

    def settings(self) -> sf.ConnectionSettings:
        return sf.ConnectionSettings(self.url_edit.text().strip(),
                                     self.client_edit.text().strip(),
                                     self.flow_combo.currentData())

    def _typed(self) -> tuple[str | None, str | None]:
        refresh = self.refresh_edit.text() if self.refresh_edit.isEnabled() else ""
        return self.secret_edit.text() or None, refresh or None

    # --- the three actions ------------------------------------------------------------
    def save(self) -> None:
        """Settings into the workspace, typed secrets into the keyring."""
        settings, (secret, refresh) = self.settings(), self._typed()
        ws = self.document.workspace

        def work():
            sf.validate(settings)
            if self.keyring_problem is None:
                sf.store_secrets(settings, secret, refresh)
            sf.save_settings(ws, settings)
            return None

        def done(_):
            if self.keyring_problem is None:
                self.secret_edit.clear()
                self.refresh_edit.clear()
            self._finish(self.tr("Saved."))

        self._start(work, done, self.tr("Saving…"))

    def test_connection(self) -> None:
        settings, (secret, refresh) = self.settings(), self._typed()

        def work():
            return sf.check_connection(sf.credentials(settings, secret, refresh))

        def done(check: sf.ConnectionCheck) -> None:
            self.result = check
            seen = ("" if check.opportunities is None else self.tr(
                " {count} opportunities are visible.").format(count=check.opportunities))
            self._finish(self.tr("Connected to {instance}.").format(
                instance=check.instance_url) + seen)

        self._start(work, done, self.stage_text("login"))

    def sync_now(self) -> None:
        if self.document.is_dirty:
            self.status.setText(self.tr("Save or discard the cascade edits first: the "
                                        "workspace reloads after a sync."))
            return
        settings, (secret, refresh) = self.settings(), self._typed()
        ws, moved = self.document.workspace, self.progress.moved
        cancel = threading.Event()

        def work():
            creds = sf.credentials(settings, secret, refresh)
            return sf.sync_now(ws, settings, creds, progress=moved.emit, cancel=cancel)

        def done(result) -> None:
            self.result = result
            report = result.report
            text = self.tr("Sync finished: {fetched} opportunities fetched; {created} deals "
                           "created, {updated} updated, {closed} closed. Watermark: "
                           "{watermark}.").format(
                fetched=result.fetched, created=report.added, updated=report.changed,
                closed=report.closed, watermark=result.watermark or self.tr("none"))
            if result.unmapped_owners:
                text += " " + self.tr("{count} owner(s) match no unit: {names}").format(
                    count=len(result.unmapped_owners),
                    names=", ".join(sorted(result.unmapped_owners.values())[:5]))
            self._finish(text)
            if report.written:
                self.synced.emit(result)

        if self._start(work, done, self.stage_text("login")):
            self._cancel = cancel
            self.cancel_button.setEnabled(True)
            self.cancel_button.setVisible(True)

    def cancel_sync(self) -> None:
        """Ask the running sync to stop; it does before it writes anything."""
        if self._cancel is not None and self.cancel_button.isEnabled():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    # --- running ----------------------------------------------------------------------
    def _start(self, work, done, what: str) -> bool:
        if self.running or self.document.workspace is None:
            return False
        self.running = True
        self._enable(False)
        self.bar.setVisible(True)
        self.bar.setValue(0)
        self.status.setText(what)

        def failed(exc: BaseException) -> None:
            from desktop.exchange.report import ImportCancelled

            if isinstance(exc, ImportCancelled):
                self._finish(self.tr("Sync cancelled; nothing was changed."))
                return
            self._finish(self.tr("Failed: {problem}").format(problem=exc), ok=False)

        self.document.run(work, done, failed)
        return True

    def _moved(self, stage: str, fraction: float) -> None:
        if self.running:
            self.bar.setValue(round(fraction * 100))
            if stage in ("write", "done"):  # past the point a cancel is honoured
                self.cancel_button.setEnabled(False)
            if self._cancel is None or not self._cancel.is_set():
                self.status.setText(self.stage_text(stage))

    def _finish(self, text: str, ok: bool = True) -> None:
        self.running = False
        self._cancel = None
        self.cancel_button.setVisible(False)
        self._enable(True)
        self.bar.setVisible(False)
        self.status.setText(text)
        self.status.setProperty("failed", not ok)

    def _enable(self, on: bool) -> None:
        for w in (self.test_button, self.sync_button, self.save_button, self.url_edit,
                  self.client_edit, self.flow_combo, self.secret_edit):
            w.setEnabled(on)
        self.refresh_edit.setEnabled(on and self.flow_combo.currentData() == "refresh_token")

    def reject(self) -> None:
        if self.running:  # Esc cancels a sync first; the dialog closes once it has stopped
            self.cancel_sync()
            return
        super().reject()
