"""Loading the designer's cascade for the open workspace (split from document.py): a
small one whole; a large one in stages (its open cards, then their figures, then the
model edits work on), each shown as it arrives.

Every job here belongs to one *generation* of the document: opening another file,
Save As and closing start a new one (``WorkspaceDocument._generation``). A job of an
older generation returns at once on the worker, before reading anything, so the next
file does not wait for the whole staged load of a file the user left.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.document_cascade_load import EDITABLE
from desktop.document_jobs import problem_text
from desktop.document_summary import WorkspaceSummary, is_partial, load_summary

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
_STALE = object()  # what a job of an older generation returns, unread


class DocumentStages:
    """Mixed into ``WorkspaceDocument`` (which provides design, workspace, summary, run,
    _generation and the signals)."""

    def run_current(self, work: Callable[[], Any], done: Callable[[Any], None],
                    failed: Callable[[BaseException], None]) -> None:
        """``run``, for a job of this generation only: once another file is opened (or
        this one closed) it neither runs nor reports."""
        generation = self._generation

        def guarded() -> Any:
            return _STALE if generation != self._generation else work()

        def finished(result: Any) -> None:
            if result is not _STALE and generation == self._generation:
                done(result)

        def broke(exc: BaseException) -> None:
            if generation == self._generation:
                failed(exc)

        self.run(guarded, finished, broke)

    def load_design(self, period: str | None = None, first: Any = None) -> None:
        """Load the cascade: a small one whole; a large one in stages, each shown as it
        arrives. ``first``: the first stage, when the job that opened the workspace read
        it."""
        from desktop.document_cascade_stage import load_cards

        workspace = self.workspace
        if workspace is None:
            return
        self.design_loading = True
        self._loading += 1
        loading = self._loading

        def current() -> bool:
            return workspace is self.workspace and loading == self._loading

        def shown(loaded) -> None:
            if not current():
                return  # another period was asked for meanwhile
            self.design.take(loaded)
            self.cascadeShown.emit()
            if loaded.stage == EDITABLE:
                self._design_ready(loaded)
                self._complete_summary(workspace)
            else:
                self._load_stages(workspace, loaded, current)

        if first is not None:
            shown(first)
        else:
            self.run_current(lambda: load_cards(workspace, period), shown,
                             self._design_failed)

    def resume_design(self) -> None:
        """After a file job failed: the workspace still open had its staged load
        abandoned for the job (its generation ended), so it is loaded again."""
        if self.workspace is None or not self.design_loading:
            return
        context = self.design.context
        self.load_design(None if context is None else context.period.code)

    def _load_stages(self, workspace: Any, cards, current: Callable[[], bool]) -> None:
        from desktop.document_cascade_stage import load_editing, load_figures

        period, outline = cards.context.period.code, cards.outline
        figures: list = []  # filled on the worker, read there by the next job

        def compute():
            figures.append(load_figures(workspace, period))
            return figures[0]

        def computed(result) -> None:
            if current():
                self.design.show_figures(result.arrays, result.result)

        def editable(loaded) -> None:
            if current():
                self.design.make_editable(loaded)
                self._design_ready(loaded)

        def not_editable(exc: BaseException) -> None:
            if current():
                self._design_failed(exc)

        # the figures' failure is the next stage's too (it computes them itself)
        self.run_current(compute, computed, lambda _exc: None)
        self._complete_summary(workspace)
        self.run_current(lambda: load_editing(workspace, period,
                                              figures[0] if figures else None, outline),
                         editable, not_editable)

    def _design_ready(self, loaded) -> None:
        self.design_loading = False
        self.designLoaded.emit()
        self.design.load_unit_status(self.run_current, self.workspace)
        if loaded.recovery is not None:
            self.recoveryFound.emit(loaded.recovery)
        elif loaded.problem and loaded.context is not None:
            self.jobFailed.emit("recover", ValueError(loaded.problem))

    def _design_failed(self, exc: BaseException) -> None:
        self.design_loading = False
        design = self.design
        if design.context is not None and design.stage != EDITABLE:
            # a large cascade's cards stay on show, read-only: say so for good
            design.fail_loading(problem_text(exc))
        self.jobFailed.emit("design", exc)

    def edit_refusal(self) -> str:
        """Why the cascade cannot be edited now ("" when it can): the undo stack's gate."""
        design = self.design
        if design.stage == EDITABLE:
            return ""
        if design.load_problem:
            return translate("WorkspaceDocument", "The cascade could not be loaded for "
                             "editing: {problem} — reopen the workspace.").format(
                problem=design.load_problem)
        return translate("WorkspaceDocument", "The cascade is still loading for editing: "
                         "it can be changed in a moment.")

    def _complete_summary(self, workspace: Any) -> None:
        """A large workspace's org tree and row counts, after its first paint (a
        failure leaves them out until the next save or publish, which reads them whole
        and says so with ``summaryChanged``)."""
        if self.summary is None or not is_partial(self.summary):
            return

        def loaded(summary: WorkspaceSummary) -> None:
            if workspace is self.workspace:
                self.take_summary(summary)

        def failed(exc: BaseException) -> None:
            log.warning("the org tree and row counts of %s were not loaded: %s",
                        workspace.path, problem_text(exc))

        self.run_current(lambda: load_summary(workspace), loaded, failed)

    def take_summary(self, summary: WorkspaceSummary) -> None:
        """A whole summary in place of the one shown; ``summaryChanged`` when it
        completes a partial one (the org tree and counts views show it then)."""
        completes = self.summary is not None and is_partial(self.summary)
        self.summary = summary
        if completes:
            self.summaryChanged.emit()
