"""Reading a CSV or .xlsx file into a table of text cells, whatever its encoding and
delimiter; nothing is interpreted here (numbers and dates are the mapping's business).

Every cell stays text so that a bad value can be reported as the user typed it, and each
row keeps its line number in the file (header = row 1) for the report.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from desktop.exchange.report import CancelFlag, ExchangeError, Progress, check_cancel

# Chinese Excel saves "CSV" in the system code page: GBK, of which GB18030 is a superset.
_ENCODINGS = ("utf-8-sig", "gb18030")
_DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024
CHUNK_ROWS = 200_000


@dataclass(slots=True)
class Table:
    file: str  # the name used in reports
    header: list[str]
    frame: pd.DataFrame  # str cells, columns = header; index = row number in the file
    encoding: str = "utf-8"
    delimiter: str = ","


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """UTF-8 (with or without BOM) if the bytes decode as UTF-8, else GB18030. The whole
    file is checked: a GBK file can look like UTF-8 for its first few kilobytes."""
    if forced:
        return forced
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in _ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ExchangeError(path, "the file is neither UTF-8 nor GBK/GB18030 text; save it as "
                              "CSV UTF-8 or set \"encoding\" in the mapping")


def sniff_delimiter(sample: str, forced: str | None = None) -> str:
    if forced:
        return forced
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # the sniffer gives up on one-column files and ragged ones: count instead
        counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_table(path: Path | str, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None, progress: Progress | None = None,
               cancel: CancelFlag | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise ExchangeError(path, "no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    enc = detect_encoding(path, encoding)
    with path.open(encoding=enc, newline="") as f:
        sample = f.read(_SNIFF_BYTES)
    delim = sniff_delimiter(sample, delimiter)
    frames = []
    size = max(1, path.stat().st_size)
    with path.open("rb") as raw:
        reader = pd.read_csv(raw, sep=delim, dtype=str, keep_default_na=False,
                             na_filter=False, skip_blank_lines=False, encoding=enc,
                             chunksize=CHUNK_ROWS, engine="c")
        try:
            for chunk in reader:
                check_cancel(cancel)
                frames.append(chunk)
                if progress is not None:
                    progress("reading", raw.tell() / size * 0.3)
        except pd.errors.ParserError as exc:
            raise ExchangeError(path, f"not a readable table ({exc})") from None
        finally:
            reader.close()
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return _finish(path.name, frame, enc, delim)


def _finish(name: str, frame: pd.DataFrame, encoding: str, delimiter: str) -> Table:
    # Headers as people type them: "Sales Target " and "Sales Target" are one column.
    header = [str(c).strip() for c in frame.columns]
    frame.columns = header
    # line numbers as a spreadsheet shows them (header on row 1); quoted line breaks inside
    # a cell would shift them, which these exports do not contain
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    if len(frame.columns):
        blank = (frame == "").all(axis=1)  # blank separator rows carry nothing
        if blank.any():
            frame = frame[~blank]
    return Table(name, header, frame, encoding, delimiter)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a runtime dependency, but say so clearly
        raise ExchangeError(path, "reading .xlsx needs the openpyxl package") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExchangeError(path, f"not a readable .xlsx workbook ({exc})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ExchangeError(path, f"no sheet named {sheet!r} (sheets: "
                                      f"{', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        return Table(path.name, [], pd.DataFrame(), "xlsx", "")
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [h or f"Column {i + 1}" for i, h in enumerate(rows[0])]
    frame = pd.DataFrame(rows[1:], columns=header, dtype=str)
    return _finish(path.name, frame, "xlsx", "")


def _cell_text(value) -> str:
    """An Excel cell as the text a CSV export would hold; dates become ISO (so no day/month
    question arises), whole floats lose their ``.0``."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def iter_text_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for the small tables read row by row (org charts)."""
    for number, values in zip(table.frame.index, table.frame.itertuples(index=False),
                              strict=True):
        yield int(number), list(values)

