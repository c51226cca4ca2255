"""Recently opened workspaces, newest first, remembered in QSettings.

Files that no longer exist are dropped whenever the list is read, so the Open Recent menu
never offers a dead entry.
"""

from pathlib import Path

from PySide6.QtCore import QSettings

SETTING = "files/recent"
LIMIT = 8


def _store(paths: list[Path]) -> None:
    QSettings().setValue(SETTING, [str(p) for p in paths])


def recent() -> list[Path]:
    stored = QSettings().value(SETTING, [], list) or []
    paths = [Path(p) for p in stored if p]
    existing = [p for p in paths if p.is_file()][:LIMIT]
    if existing != paths:
        _store(existing)
    return existing


def remember(path: Path) -> None:
    path = Path(path).resolve()
    paths = [p for p in recent() if p.resolve() != path]
    _store([path, *paths][:LIMIT])


def forget(path: Path) -> None:
    path = Path(path).resolve()
    _store([p for p in recent() if p.resolve() != path])


def last() -> Path | None:
    paths = recent()
    return paths[0] if paths else None


def clear() -> None:
    _store([])
