"""Import of an org chart in either shape people keep one in:

- a parent-reference table: a code per unit and its parent's code (HR exports);
- a level-columns table: one column per level (region, manager, rep), a blank cell
  meaning "as the row above".

Units are matched to the workspace by code: new ones are added (parents first), changed
names, parents, managers or headcounts are updated, units missing from the file are left
alone. History rows of one person (an HR system's type-2 rows) are folded into the
current one when the mapping names the column they share.
"""

from dataclasses import dataclass, field

from desktop.domain.ids import new_id
from desktop.domain.org import UnitKind
from desktop.exchange.mapping import ColumnMapping
from desktop.exchange.messages import hint, text
from desktop.exchange.report import CancelFlag, ImportReport, check_cancel
from desktop.exchange.tables import Table, iter_text_rows
from desktop.store import loads
from desktop.store.workspace import Workspace

_KIND_WORDS = {"公司": "company", "总部": "company", "大区": "region", "区域": "region",
               "团队": "team", "部门": "team", "个人": "person", "销售": "person",
               "员工": "person", "项目": "project", "项目组": "project"}
CHANGE_EXAMPLES = 20


@dataclass(slots=True)
class UnitRecord:
    row: int
    code: str
    name: str
    parent: str | None
    kind: str | None = None
    manager: str | None = None
    headcount: int | None = None
    children: int = field(default=0)


def _text(cells: list[str], index: dict[str, int], spec: str | list[str] | None) -> str:
    if spec is None:
        return ""
    heads = [spec] if isinstance(spec, str) else spec
    return " ".join(cells[index[h]].strip() for h in heads if cells[index[h]].strip())


def parse_parent_table(table: Table, mapping: ColumnMapping,
                       report: ImportReport) -> list[UnitRecord]:
    cols = mapping.columns
    index = {h: i for i, h in enumerate(table.header)}
    for f, spec in cols.items():
        for h in [spec] if isinstance(spec, str) else spec:
            if h not in index:
                report.error(None, h, "missing_column",
                             text("column_missing_for", column=h, field=f))
    if "code" not in cols:
        report.error(None, None, "missing_column", text("field_unmapped", field="code"),
                     hint("code_or_levels"))
    if not report.ok:
        return []
    ended_col, history = cols.get("ended"), mapping.history_key
    records: list[UnitRecord] = []
    current_of_history: dict[str, str] = {}
    ended: dict[str, tuple[int, str]] = {}  # code -> (row, history value)
    for row, cells in iter_text_rows(table):
        code = _text(cells, index, cols["code"])
        if ended_col and _text(cells, index, ended_col):
            ended[code] = (row, _text(cells, index, history) if history else "")
            continue
        if history:
            current_of_history[_text(cells, index, history)] = code
        parent = _text(cells, index, cols.get("parent")) or mapping.constants.get("parent")
        records.append(UnitRecord(row, code, _text(cells, index, cols.get("name")) or code,
                                  parent or None, _text(cells, index, cols.get("kind")) or None,
                                  _text(cells, index, cols.get("manager")) or None,
                                  _headcount(cells, index, cols.get("headcount"), row, report)))
    for rec in records:  # a reference to a superseded history row means its current row
        if rec.parent in ended:
            ended_row, key = ended[rec.parent]
            current = current_of_history.get(key) if history else None
            if current:
                report.warn(rec.row, cols.get("parent"), "history_parent",
                            text("history_parent", parent=rec.parent, row=ended_row,
                                 current=current))
                rec.parent = current
            else:
                report.error(rec.row, cols.get("parent"), "ended_parent",
                             text("ended_parent", parent=rec.parent, row=ended_row),
                             hint("history_key"))
    if ended:
        report.warn(None, ended_col, "ended_rows",
                    text("ended_rows", count=len(ended), codes=", ".join(sorted(ended))))
    return records


def _headcount(cells, index, spec, row, report) -> int | None:
    written = _text(cells, index, spec)
    if not written:
        return None
    try:
        value = int(float(written))
    except ValueError:
        value = -1
    if value < 0:
        report.error(row, spec, "bad_number", text("bad_headcount", value=written))
        return None
    return value


def parse_level_table(table: Table, mapping: ColumnMapping,
                      report: ImportReport) -> list[UnitRecord]:
    index = {h: i for i, h in enumerate(table.header)}
    for h in mapping.levels:
        if h not in index:
            report.error(None, h, "missing_column", text("level_column_missing", column=h))
    if not report.ok:
        return []
    leaf_code = mapping.columns.get("code")
    paths: dict[tuple[str, ...], int] = {}  # path -> first row
    leaf_codes: dict[tuple[str, ...], str] = {}
    above = [""] * len(mapping.levels)
    for row, cells in iter_text_rows(table):
        raw = [cells[index[h]].strip() for h in mapping.levels]
        depth = max((i for i, v in enumerate(raw) if v), default=-1)
        if depth < 0:
            continue
        # a blank level above a filled one is "as the row above" (a merged cell)
        path = [raw[i] or above[i] for i in range(depth + 1)]
        gap = next((i for i, v in enumerate(path) if not v), None)
        if gap is not None:
            report.error(row, mapping.levels[gap], "empty", text("level_gap"))
            continue
        above = path + [""] * (len(mapping.levels) - depth - 1)
        for d in range(depth + 1):
            key = tuple(path[:d + 1])
            if key in paths and d == depth and d == len(mapping.levels) - 1:
                report.error(row, mapping.levels[d], "duplicate",
                             text("level_duplicate", name=path[d], parent=" / ".join(path[:d]),
                                  row=paths[key]) if d else
                             text("level_duplicate_top", name=path[d], row=paths[key]))
            paths.setdefault(key, row)
        if leaf_code and depth == len(mapping.levels) - 1:
            leaf_codes[tuple(path)] = cells[index[leaf_code]].strip()
    nodes_named: dict[str, int] = {}
    for path in paths:
        nodes_named[path[-1]] = nodes_named.get(path[-1], 0) + 1
    code_of: dict[tuple[str, ...], str] = {}
    records = []
    for path, row in paths.items():  # parents come first: a path is seen before its child
        code = leaf_codes.get(path) or (path[-1] if nodes_named[path[-1]] == 1
                                        else " / ".join(path))
        code_of[path] = code
        parent = code_of[path[:-1]] if len(path) > 1 else mapping.constants.get("parent")
        records.append(UnitRecord(row, code, path[-1], parent))
    return records


def validate(records: list[UnitRecord], ws: Workspace, report: ImportReport,
             mapping: ColumnMapping) -> dict[str, tuple]:
    """Duplicates, unknown parents, cycles; returns the workspace's units by code."""
    with ws.read() as conn:
        org = loads.org_columns(conn)
    existing = {c: (org.id[i], org.name[i], org.kind[i],
                    org.code[org.parent_index[i]] if org.parent_index[i] >= 0 else None,
                    org.manager[i], org.headcount[i]) for i, c in enumerate(org.code)}
    parent_col = mapping.columns.get("parent") if not mapping.levels else None
    code_col = mapping.columns.get("code") if not mapping.levels else None
    seen: dict[str, int] = {}
    for rec in records:
        if not rec.code:
            report.error(rec.row, code_col, "empty", text("code_required"))
        elif rec.code in seen:
            report.error(rec.row, code_col, "duplicate",
                         text("code_duplicate", code=rec.code, row=seen[rec.code]))
        else:
            seen[rec.code] = rec.row
        if rec.kind is not None:
            kind = _KIND_WORDS.get(rec.kind, rec.kind.lower())
            if kind not in set(UnitKind):
                report.error(rec.row, mapping.columns.get("kind"), "bad_kind",
                             text("bad_kind", kind=rec.kind))
            rec.kind = kind
    parent_of = {c: e[3] for c, e in existing.items()}
    parent_of.update({r.code: r.parent for r in records})
    for rec in records:
        if rec.parent is not None and rec.parent not in parent_of:
            close = [c for c in parent_of if c.casefold() == rec.parent.casefold()]
            report.error(rec.row, parent_col, "unknown_parent",
                         text("unknown_parent", parent=rec.parent),
                         hint("did_you_mean", close=close[0]) if close else None)
    if not report.ok:
        return existing
    for rec in records:
        chain, at = {rec.code}, rec.parent
        for _ in range(len(parent_of) + 1):  # bounded: a chain longer than the tree loops
            if at is None:
                break
            if at in chain:
                report.error(rec.row, parent_col, "cycle",
                             text("parent_cycle", code=rec.code, parent=at))
                break
            chain.add(at)
            at = parent_of.get(at)
    roots = [r.code for r in records if r.parent is None]
    if len(roots) > 1:
        report.warn(None, parent_col, "forest",
                    text("forest", count=len(roots),
                         codes=", ".join(roots[:10]) + ("…" if len(roots) > 10 else "")))
    return existing


def infer_kinds(records: list[UnitRecord], existing: dict[str, tuple]) -> None:
    """Units without a kind column: a lone root is the company, leaves are people, the
    level under a root (or the roots of a forest) regions, the rest teams."""
    by_code = {r.code: r for r in records}
    for r in records:
        if r.parent in by_code:
            by_code[r.parent].children += 1
    roots = [r for r in records if r.parent is None]
    for r in records:
        if r.kind is not None:
            continue
        if r.code in existing:
            r.kind = existing[r.code][2]
        elif r.children == 0 and r.parent is not None:
            r.kind = "person"
        elif r.parent is None:
            r.kind = "company" if len(roots) == 1 else "region"
        else:
            parent = by_code.get(r.parent)
            top = parent is not None and parent.parent is None and len(roots) == 1
            r.kind = "region" if top or (r.parent in existing and
                                         existing[r.parent][2] == "company") else "team"


def plan_and_write(ws: Workspace, records: list[UnitRecord], existing: dict[str, tuple],
                   report: ImportReport, *, dry_run: bool,
                   cancel: CancelFlag | None) -> None:
    new, updates = [], []
    for r in records:
        fields = {"name": r.name, "kind": r.kind, "parent": r.parent}
        if r.manager is not None:
            fields["manager"] = r.manager
        if r.headcount is not None:
            fields["headcount"] = r.headcount
        if r.code not in existing:
            new.append(r)
            continue
        uid, name, kind, parent, manager, headcount = existing[r.code]
        before = {"name": name, "kind": kind, "parent": parent, "manager": manager,
                  "headcount": headcount}
        diff = {f: (before[f], v) for f, v in fields.items() if before[f] != v}
        if diff:
            updates.append((uid, r, diff))
    report.rows, report.added, report.changed = len(records), len(new), len(updates)
    report.unchanged = len(records) - len(new) - len(updates)
    for _, r, diff in updates[:CHANGE_EXAMPLES]:
        report.changes.append(f"{r.code}: " + ", ".join(f"{f} {a!r} → {b!r}"
                                                        for f, (a, b) in diff.items()))
    check_cancel(cancel)
    if dry_run or not (new or updates):
        return
    ids = {c: e[0] for c, e in existing.items()}
    ids.update({r.code: new_id() for r in new})
    with ws.transaction() as tx:
        tx.insert_many("org_unit", [
            {"id": ids[r.code], "code": r.code, "name": r.name, "kind": r.kind,
             "parent_id": ids.get(r.parent) if r.parent else None,
             "manager": r.manager or "", "headcount": 1 if r.headcount is None
             else r.headcount} for r in _parents_first(new)])
        check_cancel(cancel)
        for uid, _r, diff in updates:
            changes = {("parent_id" if f == "parent" else f): (ids[b] if f == "parent" and b
                                                                else b)
                       for f, (_a, b) in diff.items()}
            tx.update("org_unit", {"id": uid}, changes)
        check_cancel(cancel)
    report.written = True


def _parents_first(records: list[UnitRecord]) -> list[UnitRecord]:
    """Insert order: a unit after its parent (ChangeWriter resolves references as it
    goes). Validation has ruled out cycles, so this terminates."""
    by_code = {r.code: r for r in records}
    out, placed = [], set()

    def place(r: UnitRecord) -> None:
        stack = []
        while r is not None and r.code not in placed:
            stack.append(r)
            r = by_code.get(r.parent) if r.parent else None
        for item in reversed(stack):
            placed.add(item.code)
            out.append(item)

    for r in records:
        place(r)
    return out
