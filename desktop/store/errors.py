"""Errors about workspace files. Each names the file and says what is wrong with it."""

from pathlib import Path


class WorkspaceError(Exception):
    """A workspace file cannot be used as asked; the file has not been modified."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAWorkspaceError(WorkspaceError):
    """The file is not a TargetFlow workspace (another SQLite file, a text file, empty...)."""


class NewerWorkspaceError(WorkspaceError):
    """The file was written by a newer TargetFlow whose format this one does not know."""


class CorruptWorkspaceError(WorkspaceError):
    """The file is a workspace but SQLite reports it damaged."""


class MigrationError(WorkspaceError):
    """Upgrading the file's schema failed; the original is kept (and a backup copy)."""


class DuplicateFactError(WorkspaceError):
    """A bulk load contained two facts with the same natural key."""
