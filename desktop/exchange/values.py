"""Cells to values: numbers with the file's separators, dates in the file's format, and
names to the workspace's entities — column at a time, every bad cell reported.

Dates and names repeat (a million actuals fall on a few hundred days and units), so they
are parsed once per distinct text and spread back with the factorised codes; numbers are
mostly distinct and are converted by pandas in C.
"""

import datetime as dt
import difflib
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from desktop.exchange import messages
from desktop.exchange.mapping import ColumnMapping
from desktop.exchange.report import ImportReport

EPOCH = dt.date(1970, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year)

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SERIAL = re.compile(r"^\d{1,5}(\.\d+)?$")
_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _rows(frame_index: pd.Index, positions: np.ndarray) -> np.ndarray:
    return np.asarray(frame_index)[positions]


def numbers(cells: pd.Series, column: str, mapping: ColumnMapping, report: ImportReport,
            *, required: bool = True) -> np.ndarray:
    """Floats; empty cells are NaN (an error when ``required``). A thousands separator
    that does not group by three is refused, not read: "1,5" must not become 15."""
    text = cells.str.strip()
    thousands, decimal = mapping.thousands, mapping.decimal
    has_sep = text.str.contains(thousands, regex=False) if thousands else None
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    if decimal != ".":
        text = text.str.replace(decimal, ".", regex=False)
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, copy=True)
    empty = (text == "").to_numpy()
    bad = np.isnan(values) & ~empty
    if has_sep is not None and has_sep.any():
        group = re.compile(rf"^[+-]?\d{{1,3}}({re.escape(thousands)}\d{{3}})+"
                           rf"({re.escape(decimal)}\d*)?$")
        flagged = np.flatnonzero(has_sep.to_numpy())
        original = cells.to_numpy()
        wrong = [p for p in flagged if not group.match(original[p].strip())]
        bad[wrong] = True
        values[wrong] = np.nan
    positions = np.flatnonzero(bad)
    if len(positions):
        raw = cells.to_numpy()
        report.error_rows(_rows(cells.index, positions), column, "bad_number",
                          lambda i: messages.text("bad_number", value=raw[positions[i]],
                                         decimal=decimal, thousands=thousands))
    if required:
        missing = np.flatnonzero(empty)
        if len(missing):
            report.error_rows(_rows(cells.index, missing), column, "empty",
                              lambda i: messages.text("number_required"))
    return values


def _split_time(text: str) -> str:
    return _TIME.sub("", text.strip())


def _ymd(y: int, m: int, d: int) -> int | None:
    try:
        return (dt.date(y, m, d) - EPOCH).days
    except ValueError:
        return None


def days(cells: pd.Series, column: str, mapping: ColumnMapping, report: ImportReport,
         *, required: bool = True) -> np.ndarray:
    """Day numbers (days since 1970-01-01), -1 where missing or bad. A column whose
    slashed dates all fit both D/M and M/D is refused until the mapping says which."""
    codes, uniques = pd.factorize(cells, sort=False)
    texts = [_split_time(u) for u in uniques]
    fmt = mapping.date_format
    if fmt == "auto":
        fmt = _decide_format(texts, column, cells, codes, report)
        if fmt is None:
            return np.full(len(cells), -1, dtype=np.int64)
    parsed = [_parse(t, fmt) for t in texts]
    table = np.array([-1 if v is None else v for v in parsed] or [-1], dtype=np.int64)
    out = table[codes] if len(cells) else np.zeros(0, dtype=np.int64)
    empty_unique = np.array([not t for t in texts] or [False], dtype=bool)
    bad_unique = np.array([v is None for v in parsed] or [False], dtype=bool) & ~empty_unique
    if len(cells):
        bad = bad_unique[codes]
        positions = np.flatnonzero(bad)
        if len(positions):
            raw = cells.to_numpy()
            report.error_rows(_rows(cells.index, positions), column, "bad_date",
                              lambda i: messages.text("bad_date", value=raw[positions[i]],
                                             format=fmt))
        missing = np.flatnonzero(empty_unique[codes])
        if required and len(missing):
            report.error_rows(_rows(cells.index, missing), column, "empty",
                              lambda i: messages.text("date_required"))
    return out


def _parse(text: str, fmt: str) -> int | None:
    if not text:
        return None
    m = _ISO.match(text) or _COMPACT.match(text) or _CHINESE.match(text)
    if m and fmt in ("ISO", "YMD", "MDY", "DMY", "excel"):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    m = _SLASHED.match(text)
    if m and fmt in ("MDY", "DMY"):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        return _ymd(y, a, b) if fmt == "MDY" else _ymd(y, b, a)
    if fmt == "excel" and _SERIAL.match(text):
        serial = int(float(text))
        return (EXCEL_EPOCH - EPOCH).days + serial if 0 < serial < 2_958_466 else None
    return None


def _decide_format(texts: list[str], column: str, cells: pd.Series, codes: np.ndarray,
                   report: ImportReport) -> str | None:
    """The column's format from its values: ISO when every date is year-first; D/M or M/D
    only when some value proves it (a part above 12); Excel serials when every value is a
    plain day count. Anything else is the user's call."""
    present = [t for t in texts if t]
    slashed = [_SLASHED.match(t) for t in present]
    if not any(slashed):
        if present and all(_SERIAL.match(t) for t in present):
            return "excel"
        return "ISO"
    day_first = any(m and int(m[1]) > 12 for m in slashed)
    month_first = any(m and int(m[2]) > 12 for m in slashed)
    if day_first != month_first:
        return "DMY" if day_first else "MDY"
    example = next(i for i, m in enumerate(slashed) if m)
    position = int(np.flatnonzero(codes == texts.index(present[example]))[0])
    row = int(cells.index[position])
    if day_first:
        report.error(row, column, "mixed_dates", messages.text("mixed_dates"),
                     messages.hint("split_or_date_format"))
    else:
        report.error(row, column, "ambiguous_date",
                     messages.text("ambiguous_date", value=present[example]),
                     messages.hint("set_date_format"))
    return None


def resolve_names(cells: pd.Series, column: str, field_name: str, known: Mapping[str, int],
                  mapping: ColumnMapping, report: ImportReport, *, what: str,
                  required: bool = True) -> np.ndarray:
    """Entity keys for names or codes (``known``: text -> key, codes and names both);
    -1 where unknown. An unknown text close to a known one is offered as an alias."""
    aliases = mapping.aliases.get(field_name, {})
    codes, uniques = pd.factorize(cells.str.strip(), sort=False)
    folded = {k.casefold(): v for k, v in known.items()}
    keys = []
    for text in uniques:
        target = aliases.get(text, text)
        keys.append(known.get(target, folded.get(target.casefold(), -1)))
    table = np.array(keys or [-1], dtype=np.int64)
    out = table[codes] if len(cells) else np.zeros(0, dtype=np.int64)
    for u, text in enumerate(uniques):
        if table[u] >= 0 or (not text and not required):
            continue
        positions = np.flatnonzero(codes == u)
        close = difflib.get_close_matches(text, list(known), n=1, cutoff=0.75) if text else []
        suggestion = None
        if close:
            report.variants.setdefault(field_name, {})[text] = close[0]
            suggestion = f'"aliases": {{"{field_name}": {{"{text}": "{close[0]}"}}}}'
        message = (messages.text("unknown_name_close", what=what, value=text, close=close[0])
                   if close else messages.text("unknown_name", what=what, value=text)
                   ) if text else messages.text("name_required", what=what)
        report.error_rows(_rows(cells.index, positions), column,
                          f"unknown_{field_name}" if text else "empty",
                          lambda _i, m=message: m, suggestion)
    return out


def booleans(cells: pd.Series) -> np.ndarray:
    true = {"1", "true", "yes", "y", "t", "是", "x", "won"}
    return cells.str.strip().str.lower().isin(true).to_numpy()
