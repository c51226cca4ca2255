"""Timestamps and authors for rows and the change log."""

import datetime as dt
import getpass
import os

EPOCH = dt.date(1970, 1, 1)


def now_iso() -> str:
    """UTC time as ISO 8601 text with milliseconds and a Z, sortable as text."""
    return to_iso(dt.datetime.now(dt.UTC))


def to_iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: how fact tables store calendar days."""
    return (day - EPOCH).days


def day_from_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def default_author() -> str:
    try:
        return os.environ.get("TARGETFLOW_AUTHOR") or getpass.getuser()
    except Exception:  # no user name on some sandboxes; an author is still required
        return "unknown"
