"""The office package file: a zip archive that describes itself.

``manifest.json`` names the format and its version, what the package is (``office``: head
office to an office; ``return``: an office's work back to head office), where and when it
was made, and every member with its row count and SHA-256. Entity rows are JSON members
(``tables/<table>.json``: field names once, then rows as lists); frozen target values and
actuals are CSV members a person can open. Nothing is pickled or evaluated.

Reading checks everything before anyone uses a row: that the file is a zip, the format
and version, each member's checksum, and each table's fields and row widths. Problems
name the file and the member (and row or field where there is one).
"""

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.exchange.export import write_atomically
from desktop.exchange.report import ExchangeError
from desktop.store.package_rows import fields_of

FORMAT = "targetflow-package"
VERSION = 1
KINDS = ("office", "return")
MANIFEST = "manifest.json"
SUFFIX = ".tfpkg"
# a member larger than this (uncompressed) is refused before it is read: a damaged or
# hostile archive must not be able to fill the memory
MAX_MEMBER_BYTES = 2 * 1024 ** 3

VERSION_TARGETS = "version_targets.csv"
VERSION_TARGET_FIELDS = ("version_id", "unit_id", "metric_id", "weight", "target")
ACTUALS = "actuals.csv"
ACTUAL_FIELDS = ("unit_id", "metric_id", "date", "value", "denominator", "source")


class PackageError(ExchangeError):
    """A package that cannot be used at all; nothing was changed."""


@dataclass(slots=True)
class Package:
    """A package as read (or about to be written): manifest fields and member contents."""

    kind: str
    package_id: str
    made_at: str
    made_by: str
    source_replica: str
    source_name: str
    unit: dict[str, str]  # id, code, name of the office's top unit
    cascade_id: str | None = None
    based_on: str | None = None  # a return package: the office package it answers
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    version_targets: list[tuple[str, str, str, float, float]] = field(default_factory=list)
    actuals: list[tuple[str, str, str, float, float | None, str]] = field(
        default_factory=list)
    file: str = ""

    def member_name(self, table: str) -> str:
        return f"tables/{table}.json"


def write_package(package: Package, out: Path | str) -> Path:
    """Write ``package`` to ``out`` (temporary file, then renamed)."""
    out = Path(out)
    if not out.parent.is_dir():
        raise ExchangeError(out, "the folder does not exist")
    members: dict[str, bytes] = {}
    for table, rows in package.tables.items():
        names = fields_of(table)
        body = {"table": table, "fields": names,
                "rows": [[row.get(n) for n in names] for row in rows]}
        members[package.member_name(table)] = json.dumps(
            body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if package.version_targets:
        members[VERSION_TARGETS] = _csv(VERSION_TARGET_FIELDS, package.version_targets)
    if package.actuals:
        members[ACTUALS] = _csv(ACTUAL_FIELDS, package.actuals)
    manifest = {
        "format": FORMAT, "version": VERSION, "kind": package.kind,
        "package_id": package.package_id, "made_at": package.made_at,
        "made_by": package.made_by, "source_replica": package.source_replica,
        "source_name": package.source_name, "unit": package.unit,
        "cascade_id": package.cascade_id, "based_on": package.based_on,
        "members": {name: {"sha256": hashlib.sha256(data).hexdigest(),
                           "rows": _rows_in(name, package)} for name, data in members.items()},
    }

    def write(f) -> None:
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            for name, data in members.items():
                archive.writestr(name, data)

    write_atomically(out, write)
    return out


def _rows_in(name: str, package: Package) -> int:
    if name == VERSION_TARGETS:
        return len(package.version_targets)
    if name == ACTUALS:
        return len(package.actuals)
    return len(package.tables[name[len("tables/"):-len(".json")]])


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return text.getvalue().encode("utf-8")


# --- reading -------------------------------------------------------------------------------
def read_package(path: Path | str) -> Package:
    """Read and check a package; raises PackageError naming the file and the problem."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(path, "no such file")
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(path, archive)
    except zipfile.BadZipFile:
        raise PackageError(path, "not a TargetFlow package (not a zip archive, or "
                                 "damaged)") from None
    except (OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise PackageError(path, f"cannot be read ({exc})") from None


def _member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise PackageError(path, f"member {name} is missing") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageError(path, f"member {name} is implausibly large")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # bad CRC, truncated data
        raise PackageError(path, f"member {name} is damaged ({exc})") from None


def _read(path: Path, archive: zipfile.ZipFile) -> Package:
    try:
        manifest = json.loads(_member(path, archive, MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(path, f"{MANIFEST} is not readable JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(path, f"not a TargetFlow package ({MANIFEST} does not name the "
                                 f"format {FORMAT!r})")
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise PackageError(path, f"{MANIFEST}: \"version\" must be a whole number")
    if version > VERSION:
        raise PackageError(path, f"package format {version} was written by a newer "
                                 f"TargetFlow (this release reads up to format {VERSION}); "
                                 "update TargetFlow to import it")
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise PackageError(path, f"{MANIFEST}: \"kind\" must be one of {', '.join(KINDS)}")
    for key in ("package_id", "made_at", "source_replica"):
        if not isinstance(manifest.get(key), str):
            raise PackageError(path, f"{MANIFEST}: \"{key}\" is missing")
    unit = manifest.get("unit")
    if not isinstance(unit, dict) or not all(isinstance(unit.get(k), str)
                                             for k in ("id", "code", "name")):
        raise PackageError(path, f"{MANIFEST}: \"unit\" must give the unit's id, code "
                                 "and name")
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise PackageError(path, f"{MANIFEST}: \"members\" is missing")
    package = Package(kind, manifest["package_id"], manifest["made_at"],
                      str(manifest.get("made_by", "")), manifest["source_replica"],
                      str(manifest.get("source_name", "")), unit,
                      manifest.get("cascade_id"), manifest.get("based_on"), file=path.name)
    for name, info in members.items():
        data = _member(path, archive, name)
        if not isinstance(info, dict) or hashlib.sha256(data).hexdigest() != info.get("sha256"):
            raise PackageError(path, f"member {name} is damaged (its checksum does not "
                                     "match the manifest)")
        if name == VERSION_TARGETS:
            package.version_targets = _read_csv(path, name, data, VERSION_TARGET_FIELDS,
                                                (3, 4), ())
        elif name == ACTUALS:
            package.actuals = _read_csv(path, name, data, ACTUAL_FIELDS, (3,), (4,))
        elif name.startswith("tables/") and name.endswith(".json"):
            table, rows = _read_table(path, name, data)
            package.tables[table] = rows
        else:
            raise PackageError(path, f"member {name} is unknown to package format {VERSION}")
        if info.get("rows") not in (None, _rows_in(name, package)):
            raise PackageError(path, f"member {name} holds a different number of rows "
                                     "than the manifest says")
    return package


def _read_table(path: Path, name: str, data: bytes) -> tuple[str, list[dict[str, Any]]]:
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(path, f"member {name} is not readable JSON ({exc})") from None
    table = body.get("table") if isinstance(body, dict) else None
    if f"tables/{table}.json" != name:
        raise PackageError(path, f"member {name} does not name its table")
    try:
        expected = fields_of(table)
    except KeyError:
        raise PackageError(path, f"member {name}: unknown table {table!r}") from None
    names = body.get("fields")
    if names != expected:
        extra = sorted(set(names or []) - set(expected))
        missing = sorted(set(expected) - set(names or []))
        detail = "; ".join(p for p in (extra and f"unknown field(s) {', '.join(extra)}",
                                       missing and f"missing field(s) {', '.join(missing)}")
                           if p) or "fields in another order"
        raise PackageError(path, f"member {name}: {detail}")
    rows = body.get("rows")
    if not isinstance(rows, list):
        raise PackageError(path, f"member {name}: \"rows\" must be a list")
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(names):
            raise PackageError(path, f"member {name}, row {i}: expected {len(names)} values")
        bad = next((n for n, v in zip(names, row, strict=True)
                    if isinstance(v, dict | list)), None)
        if bad is not None:
            raise PackageError(path, f"member {name}, row {i}, field {bad}: not a plain value")
        out.append(dict(zip(names, row, strict=True)))
    return table, out


def _read_csv(path: Path, name: str, data: bytes, header: Sequence[str],
              numbers: Sequence[int], optional: Sequence[int]) -> list[tuple]:
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PackageError(path, f"member {name} is not readable CSV ({exc})") from None
    if not rows or tuple(rows[0]) != tuple(header):
        raise PackageError(path, f"member {name}: the header must be {', '.join(header)}")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise PackageError(path, f"member {name}, row {line}: expected {len(header)} "
                                     "values")
        values: list[Any] = list(row)
        for i in (*numbers, *optional):
            if i in optional and row[i] == "":
                values[i] = None
                continue
            try:
                values[i] = float(row[i])
            except ValueError:
                raise PackageError(path, f"member {name}, row {line}, column {header[i]}: "
                                         f"{row[i]!r} is not a number") from None
        out.append(tuple(values))
    return out
