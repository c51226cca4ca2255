"""Recognising a workspace file from its bytes, before SQLite ever opens it.

A SQLite file's 100-byte header holds the ``user_version`` (offset 60) and the
``application_id`` (offset 68). TargetFlow stamps both, so a foreign database, a text
file or a workspace from a newer release is refused without being opened — and so
without any chance of being modified.
"""

import struct
from dataclasses import dataclass
from pathlib import Path

from desktop.store.errors import NewerWorkspaceError, NotAWorkspaceError, WorkspaceError

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x54466C77  # "TFlw"
# One format number per schema revision; user_version holds it.
REVISION_FORMATS = {"0001": 1, "0002": 2, "0003": 3}
HEAD_REVISION = "0003"
FORMAT_VERSION = REVISION_FORMATS[HEAD_REVISION]
SUFFIX = ".tfw"


@dataclass(frozen=True, slots=True)
class Header:
    format_version: int
    size: int


def read_header(path: Path) -> Header:
    """Check the file is a workspace this release can open; raise a WorkspaceError
    naming the file and the problem otherwise."""
    if not path.exists():
        raise WorkspaceError(path, "no such file")
    if path.is_dir():
        raise NotAWorkspaceError(path, "this is a folder, not a workspace file")
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise WorkspaceError(path, f"cannot be read ({exc.strerror or exc})") from None
    size = path.stat().st_size
    if not head:
        raise NotAWorkspaceError(path, "the file is empty, not a TargetFlow workspace")
    if not head.startswith(SQLITE_MAGIC):
        what = "a text file" if _looks_like_text(head) else "not a SQLite database"
        raise NotAWorkspaceError(path, f"not a TargetFlow workspace ({what})")
    if len(head) < 100:
        raise NotAWorkspaceError(path, "not a TargetFlow workspace (truncated header)")
    user_version, = struct.unpack(">I", head[60:64])
    application_id, = struct.unpack(">I", head[68:72])
    if application_id != APPLICATION_ID:
        raise NotAWorkspaceError(
            path, "a SQLite database, but not a TargetFlow workspace (wrong application id)")
    if user_version > FORMAT_VERSION:
        raise NewerWorkspaceError(
            path,
            f"written by a newer TargetFlow (format {user_version}; this release reads up "
            f"to format {FORMAT_VERSION}). Update TargetFlow to open it.",
        )
    if user_version < 1:
        raise NotAWorkspaceError(path, "an unfinished workspace (no format version)")
    return Header(format_version=user_version, size=size)


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
