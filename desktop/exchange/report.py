"""What an import found and what it would change: problems named by file, row and column,
and the dry-run counts. Plain data, so the CLI prints it and the wizard shows it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from desktop.exchange.messages import Text

# A file with a million bad rows reports this many of each kind of problem per column (and
# the full count): a report the user can read, at a cost that does not grow with the file.
EXAMPLES_PER_PROBLEM = 50

Progress = Callable[[str, float], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (a threading.Event, the wizard's cancel button)."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one cell (or a whole column when ``row`` is None)."""

    file: str
    row: int | None  # 1-based line of the file (the header is row 1), as a spreadsheet shows
    column: str | None
    code: str  # unknown_unit, bad_number, ambiguous_date, duplicate, ...
    message: str
    suggestion: str | None = None  # e.g. a mapping entry that would resolve it
    text: Text | None = None  # the message as key + parameters, for a translated UI

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        hint = f" (suggestion: {self.suggestion})" if self.suggestion else ""
        return f"{', '.join(where)}: {self.message}{hint}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "code": self.code,
                "message": self.message, "suggestion": self.suggestion,
                **({"text": self.text.as_json()} if self.text else {})}


@dataclass(slots=True)
class ImportReport:
    file: str
    kind: str
    rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # problem counts beyond the examples kept: (code, column) -> total
    error_counts: dict[tuple[str, str | None], int] = field(default_factory=dict)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0  # deals closed (won or lost) by this import or sync
    changes: list[str] = field(default_factory=list)  # examples: "P-E1 sales 2025-04-01: 1 → 2"
    variants: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {seen: known}
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def issue(self, row: int | None, column: str | None, code: str, message: str | Text,
              suggestion: str | None = None) -> Issue:
        if isinstance(message, Text):
            return Issue(self.file, row, column, code, message.english(), suggestion, message)
        return Issue(self.file, row, column, code, message, suggestion)

    def error(self, row: int | None, column: str | None, code: str, message: str | Text,
              suggestion: str | None = None) -> None:
        key = (code, column)
        count = self.error_counts.get(key, 0)
        self.error_counts[key] = count + 1
        if count < EXAMPLES_PER_PROBLEM:
            self.errors.append(self.issue(row, column, code, message, suggestion))

    def error_rows(self, rows: Sequence[int], column: str | None, code: str,
                   message: Callable[[int], str | Text], suggestion: str | None = None
                   ) -> None:
        """Many rows with one problem: all are counted, the first few described
        (``message`` gets the position in ``rows``)."""
        key = (code, column)
        before = self.error_counts.get(key, 0)
        self.error_counts[key] = before + len(rows)
        for i in range(max(0, min(len(rows), EXAMPLES_PER_PROBLEM - before))):
            self.errors.append(self.issue(int(rows[i]), column, code, message(i), suggestion))

    def warn(self, row: int | None, column: str | None, code: str, message: str | Text
             ) -> None:
        self.warnings.append(self.issue(row, column, code, message))

    @property
    def error_total(self) -> int:
        return sum(self.error_counts.values())

    def summary(self) -> str:
        if not self.ok:
            return (f"{self.file}: refused, {self.error_total} problem(s) in {self.rows} rows; "
                    "nothing was imported")
        if not (self.added or self.changed):
            return (f"{self.file}: nothing to change; all {self.unchanged} {self.kind} "
                    "already in the workspace")
        verb = "imported" if self.written else "would import"
        return (f"{self.file}: {verb} {self.rows} rows as {self.kind}: {self.added} new, "
                f"{self.changed} changed, {self.unchanged} unchanged")

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind, "rows": self.rows, "ok": self.ok,
                "written": self.written, "added": self.added, "changed": self.changed,
                "unchanged": self.unchanged, "closed": self.closed,
                "changes": self.changes,
                "errors": [i.as_json() for i in self.errors], "error_total": self.error_total,
                "warnings": [i.as_json() for i in self.warnings], "variants": self.variants}


class ImportRefused(Exception):
    """Validation found problems; nothing was written. Carries the full report."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        first = str(report.errors[0]) if report.errors else ""
        more = report.error_total - 1
        super().__init__(first + (f" (and {more} more problem(s))" if more > 0 else ""))


class ImportCancelled(Exception):
    """The user cancelled; the workspace is as it was before the import."""


class ExchangeError(Exception):
    """A file cannot be read at all (missing, not a table, unknown encoding...)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path.name}: {problem}")


def check_cancel(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled("import cancelled; nothing was changed")


def report_progress(progress: Progress | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, min(1.0, max(0.0, fraction)))
