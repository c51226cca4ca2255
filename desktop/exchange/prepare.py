"""From a read table to one text column per import field: rows the mapping leaves out (a
``Total`` row), cells blank below a block's first row (filled down), and wide layouts (a
column per month or quarter) turned into one row per cell.

Each field keeps the header it came from, so a problem is reported in the file's own
terms; a wide value's header is kept per row.
"""

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from desktop.exchange.mapping import REQUIRED, ColumnMapping
from desktop.exchange.messages import hint, text
from desktop.exchange.report import ImportReport
from desktop.exchange.tables import Table

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_NUMBER = re.compile(r"^(?:month\s*)?(\d{1,2})\s+(\d{4})$|^(\d{4})年(\d{1,2})月$", re.I)
_MONTH_NAME = re.compile(r"^([a-z]{3})[a-z]*[\s\-/']*(\d{2}|\d{4})?\b", re.I)
_QUARTER = re.compile(r"^(?:(\d{4})\s*[-\s]?\s*)?Q([1-4])(?:\s*(\d{4}))?$|^第?([1-4一二三四])季度$",
                      re.I)
_ZH_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(slots=True)
class Fields:
    """Text cells per field (index = row number in the file) and where each came from."""

    cells: dict[str, pd.Series]
    headers: dict[str, str]  # field -> header (or "constant"/"header" for derived fields)
    wide_header: pd.Series | None = None  # per row: the wide column its value came from

    def __len__(self) -> int:
        return len(next(iter(self.cells.values()))) if self.cells else 0


def header_period(header: str, year: int | None) -> tuple[str, dt.date] | None:
    """What a wide column's header names: ("month", first day) or ("quarter", first day).
    "Month 1 2019", "Jan-21", "Jan Sales" (with the mapping's year), "Q2", "2025年3月"."""
    text = header.strip()
    m = _QUARTER.match(text)
    if m:
        q = int(m[2]) if m[2] else _ZH_QUARTER.get(m[4], 0) or int(m[4])
        y = int(m[1] or m[3] or 0) or year
        return None if y is None else ("quarter", dt.date(y, 3 * q - 2, 1))
    m = _MONTH_NUMBER.match(text)
    if m:
        month, y = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return ("month", dt.date(y, month, 1)) if 1 <= month <= 12 else None
    m = _MONTH_NAME.match(text)
    if m and m[1].lower() in _MONTHS:
        y = int(m[2]) if m[2] else year
        if y is not None and y < 100:
            y += 2000
        return None if y is None else ("month", dt.date(y, _MONTHS[m[1].lower()], 1))
    return None


def prepare(table: Table, mapping: ColumnMapping, report: ImportReport,
            required: tuple[str, ...] | None = None) -> Fields | None:
    """The fields, or None when a needed column is missing (reported)."""
    frame = table.frame
    for header in mapping.fill_down:
        if header in frame.columns:
            column = frame[header].replace("", np.nan).ffill().fillna("")
            frame = frame.assign(**{header: column})
    for header, values in mapping.skip.items():
        if header not in frame.columns:
            report.error(None, header, "missing_column",
                         text("skip_column_missing", column=header))
            continue
        frame = frame[~frame[header].str.strip().isin(values)]
    wide = mapping.wide or {}
    wide_columns = list(wide.get("columns", []))
    for header in [*mapping.columns.values(), *wide_columns]:
        if header not in frame.columns:
            report.error(None, header, "missing_column",
                         text("column_missing", column=header,
                              columns=", ".join(table.header)))
    needed = REQUIRED[mapping.kind] if required is None else required
    derived = {wide.get("field", "day")} if wide_columns else set()
    if "period" in needed or mapping.kind == "targets":
        derived |= {"period"} if {"year", "quarter"} <= set(mapping.columns) else set()
    for name in needed:
        if name not in mapping.columns and name not in mapping.constants \
                and name not in derived and not (name == "value" and wide_columns):
            report.error(None, None, "missing_column", text("field_unmapped", field=name),
                         hint("map_field", field=name))
    if not report.ok:
        return None
    if wide_columns:
        return _melt(frame, mapping, wide, report)
    cells = {f: frame[h] for f, h in mapping.columns.items()}
    headers = dict(mapping.columns)
    for f, value in mapping.constants.items():
        cells[f] = pd.Series(str(value), index=frame.index, dtype=object)
        headers[f] = "constant"
    return Fields(cells, headers)


def _melt(frame: pd.DataFrame, mapping: ColumnMapping, wide: dict,
          report: ImportReport) -> Fields | None:
    target = wide.get("field", "day")
    year = wide.get("year")
    stamps: dict[str, str] = {}
    for header in wide["columns"]:
        named = header_period(header, year)
        if named is None:
            report.error(None, header, "bad_header", text("header_no_period", column=header),
                         hint("wide_year"))
            continue
        kind, first = named
        stamps[header] = (f"{first.year}-Q{(first.month - 1) // 3 + 1}"
                          if target == "period" else first.isoformat())
        if target == "period" and kind == "month":
            report.error(None, header, "bad_header", text("targets_per_quarter"))
    if not report.ok:
        return None
    ids = list(mapping.columns.values())
    parts, sources = [], []
    for header, stamp in stamps.items():
        part = frame[ids].copy() if ids else pd.DataFrame(index=frame.index)
        part["__value"] = frame[header]
        part["__stamp"] = stamp
        parts.append(part)
        sources.append(pd.Series(header, index=frame.index))
    long = pd.concat(parts)
    cells = {f: long[h] for f, h in mapping.columns.items()}
    headers = dict(mapping.columns)
    cells["value"], headers["value"] = long["__value"], "value"
    cells[target], headers[target] = long["__stamp"], "header"
    for f, value in mapping.constants.items():
        cells[f] = pd.Series(str(value), index=long.index, dtype=object)
        headers[f] = "constant"
    return Fields(cells, headers, pd.concat(sources))
