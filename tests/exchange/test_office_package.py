"""Office packages: head office → office (offline copy) → office works → return package →
head office has exactly the office's rows, once; refused packages change nothing."""

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import threading
import zipfile

import pytest

from desktop import cli
from desktop.demo import generate
from desktop.domain.alert import CheckIn
from desktop.exchange.office_package import make_office_package
from desktop.exchange.package_format import PackageError, read_package
from desktop.exchange.report import ImportCancelled, ImportRefused
from desktop.exchange.return_package import (
    import_package,
    make_return_package,
    merge_return_package,
)
from desktop.services import acknowledgements, tracking
from desktop.store import alerts as store_alerts
from desktop.store import loads
from desktop.store.clock import day_number
from desktop.store.workspace import Workspace

OFFICE = "R-EAST"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The demo company with a fresh version 2 published (frozen values)."""
    path = tmp_path_factory.mktemp("hq") / "hq.tfw"
    generate(path, seed=7)
    assert cli.main(["publish", str(path), "--note", "v2", "--author", "hq"]) == 0
    return path


@pytest.fixture
def hq(published, tmp_path):
    path = tmp_path / "hq.tfw"
    shutil.copy(published, path)
    return path


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _state(path):
    """Everything a merge could touch: row counts per table and the change log."""
    with Workspace.open(path) as ws, ws.read() as conn:
        counts = loads.counts(conn)
    return counts, _rows(path, "SELECT max(seq) FROM change_log")


def _office_work(office_path, tmp_path):
    """What an office does offline: acknowledge v2, record actuals, a check-in, act on an
    alert. Returns the ids and values to look for at head office."""
    with Workspace.open(office_path) as ws:
        ack = acknowledgements.acknowledge(ws, "T-EAST-1", author="east")
        with ws.read() as conn:
            units = {u.code: u.id for u in loads.org_tree(conn)}
            metrics = {m.code: m.id for m in loads.metrics(conn)}
            open_alert = next(a for a in _alert_rows(conn) if a[1] == "action_taken")
        csv = tmp_path / "east_actuals.csv"
        csv.write_text("unit,metric,date,value\nT-EAST-1,collections,2025-06-30,1234.5\n"
                       "T-EAST-2,collections,2025-06-30,99\n", encoding="utf-8")
        from desktop.exchange.importer import run_import

        run_import(ws, "actuals", csv)
        checkin = CheckIn(units["T-EAST-1"], day_number(dt.date(2025, 6, 30)),
                                       label="at_risk", note="big deal slipped")
        with ws.transaction("east") as tx:
            tx.insert("checkin", store_alerts.checkin_row(checkin))
        action = tracking.record_action(ws, open_alert[0], "call the customer",
                                        author="east")
        tracking.resolve_alert(ws, open_alert[0], author="east", note="won it back")
    return {"ack": ack, "checkin": checkin.id, "action": action, "alert": open_alert[0],
            "metric": metrics["collections"], "unit": units["T-EAST-1"]}


def _alert_rows(conn):
    return conn.exec_driver_sql("SELECT id, state FROM alert ORDER BY key").fetchall()


def test_round_trip_office_work_arrives_once(hq, tmp_path):
    pkg, office, back = tmp_path / "east.tfpkg", tmp_path / "east.tfw", tmp_path / "back.tfpkg"
    with Workspace.open(hq) as ws:
        made = make_office_package(ws, OFFICE, pkg)
    assert made.added["org_unit"] == 24
    result = import_package(office, pkg)
    assert result.created_workspace and result.added["org_unit"] == 24
    assert import_package(office, pkg).total_added == 0  # the same package: no change

    work = _office_work(office, tmp_path)
    with Workspace.open(office) as ws:
        make_return_package(ws, back)
    before, _ = _state(hq)
    merged = import_package(hq, back)
    after, _ = _state(hq)
    assert merged.added == {"alert": 0, "alert_event": 1, "alert_action": 1,
                            "acknowledgement": 1, "checkin": 1, "actual": 2}
    assert merged.changed["alert"] == 1
    for table, grew in (("acknowledgement", 1), ("checkin", 1), ("alert_action", 1),
                        ("alert_event", 1), ("actual", 2), ("alert", 0)):
        assert after[table] - before[table] == grew, table
    for table, key in (("acknowledgement", "ack"), ("checkin", "checkin"),
                       ("alert_action", "action")):
        assert _rows(hq, f"SELECT count(*) FROM {table} WHERE id = '{work[key]}'") == [(1,)]
    assert _rows(hq, f"SELECT state FROM alert WHERE id = '{work['alert']}'") == [
        ("resolved",)]
    assert _rows(hq, "SELECT author FROM acknowledgement WHERE id = "
                     f"'{work['ack']}'") == [("east",)]
    value = _rows(hq, "SELECT a.value FROM actual a JOIN org_unit u ON u.key = a.unit_key "
                      f"WHERE u.id = '{work['unit']}' AND a.day = "
                      f"{day_number(dt.date(2025, 6, 30))}")
    assert value == [(1234.5,)]

    # the same return package again: nothing at all changes, not even the change log
    state = _state(hq)
    assert import_package(hq, back).total_added == 0
    assert _state(hq) == state


def test_office_package_holds_the_subtree_and_frozen_values(hq, tmp_path):
    pkg = tmp_path / "east.tfpkg"
    with Workspace.open(hq) as ws:
        make_office_package(ws, OFFICE, pkg)
    package = read_package(pkg)
    units = package.tables["org_unit"]
    assert units[0]["code"] == OFFICE and units[0]["parent_id"] is None
    with Workspace.open(hq) as ws, ws.read() as conn:
        tree = loads.org_tree(conn)
        top = next(u for u in tree if u.code == OFFICE)
        expected = {u.id for u in tree.subtree(top.id)}
    ids = {u["id"] for u in units}
    assert ids == expected
    assert package.version_targets and {r[1] for r in package.version_targets} <= ids
    with zipfile.ZipFile(pkg) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "targetflow-package" and manifest["version"] == 1
    assert manifest["unit"]["code"] == OFFICE and manifest["kind"] == "office"
    # the office copy holds the same frozen values under the same UUIDs
    office = tmp_path / "east.tfw"
    import_package(office, pkg)
    assert _rows(office, "SELECT count(*) FROM version_target")[0][0] == len(
        package.version_targets)
    assert _rows(office, "SELECT count(*) FROM org_unit WHERE parent_key IS NULL") == [(1,)]


def _rewrite(pkg, out, change):
    with zipfile.ZipFile(pkg) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, change(info.filename, data))


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage, problem", [
    ("truncate", "not a zip archive"),
    ("newer", "newer TargetFlow"),
    ("checksum", "checksum"),
    ("field", "unknown field"),
])
def test_damaged_or_newer_package_is_refused_and_nothing_changes(hq, tmp_path, damage,
                                                                problem):
    pkg, bad = tmp_path / "east.tfpkg", tmp_path / "bad.tfpkg"
    with Workspace.open(hq) as ws:
        make_office_package(ws, OFFICE, pkg)
    if damage == "truncate":
        bad.write_bytes(pkg.read_bytes()[:500])
    elif damage == "newer":
        _rewrite(pkg, bad, lambda n, d: d.replace(b'"version": 1', b'"version": 2')
                 if n == "manifest.json" else d)
    elif damage == "checksum":
        _rewrite(pkg, bad, lambda n, d: d.replace(b"R-EAST", b"R-WEST")
                 if n == "tables/org_unit.json" else d)
    else:
        def extra_field(name, data):
            if name == "manifest.json":
                return data
            return data.replace(b'"fields":["id"', b'"fields":["evil","id"', 1)
        _rewrite(pkg, bad, extra_field)
        # keep the manifest's checksums right, so the field check is what refuses it
        with zipfile.ZipFile(bad) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        manifest = json.loads(members["manifest.json"])
        for name, info in manifest["members"].items():
            info["sha256"] = hashlib.sha256(members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(bad, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    office = tmp_path / "east.tfw"
    with pytest.raises(PackageError) as refused:
        import_package(office, bad)
    assert "bad.tfpkg" in str(refused.value) and problem in str(refused.value)
    assert not office.exists() and not list(tmp_path.glob(".east.tfw*"))
    before = _digest(hq)
    with pytest.raises(PackageError):
        import_package(hq, bad)
    assert _digest(hq) == before


def _returned(hq, tmp_path):
    """The return package of an office that did its work (the file is b.tfpkg)."""
    pkg, office, back = tmp_path / "east.tfpkg", tmp_path / "east.tfw", tmp_path / "b.tfpkg"
    with Workspace.open(hq) as ws:
        make_office_package(ws, OFFICE, pkg)
    import_package(office, pkg)
    _office_work(office, tmp_path)
    with Workspace.open(office) as ws:
        make_return_package(ws, back)
    package = read_package(back)
    return package


def test_return_with_unknown_reference_is_refused_by_member_row_and_field(hq, tmp_path):
    package = _returned(hq, tmp_path)
    package.tables["checkin"][0]["unit_id"] = "00000000-0000-0000-0000-000000000000"
    state = _state(hq)
    with pytest.raises(ImportRefused) as refused, Workspace.open(hq) as ws:
        merge_return_package(ws, package)
    issue = refused.value.report.errors[0]
    assert issue.file == "b.tfpkg" and issue.row == 1
    assert issue.column == "tables/checkin.json: unit_id"
    assert issue.text.key == "unknown_reference"  # a key, so the GUI words it in Chinese
    assert _state(hq) == state


def test_every_return_package_problem_is_a_key(hq, tmp_path):
    package = _returned(hq, tmp_path)
    package.tables["checkin"][0]["id"] = None
    package.tables["alert"][0]["state"] = "forgotten"
    u, _m, _date, value, den, source = package.actuals[0]
    package.actuals[0] = (u, "no-such-metric", "2025-06-31", value, den, source)
    with pytest.raises(ImportRefused) as refused, Workspace.open(hq) as ws:
        merge_return_package(ws, package)
    errors = refused.value.report.errors
    assert {e.text.key for e in errors} == {"id_required", "bad_state", "unknown_reference",
                                            "bad_iso_date"}
    assert all(e.message == e.text.english() for e in errors)
    assert "'2025-06-31' is not an ISO date" in [e.message for e in errors]


def test_cancelled_office_import_leaves_no_file(hq, tmp_path):
    pkg, office = tmp_path / "east.tfpkg", tmp_path / "east.tfw"
    with Workspace.open(hq) as ws:
        make_office_package(ws, OFFICE, pkg)
    flag = threading.Event()

    def progress(stage, fraction):
        if stage == "org_unit":
            flag.set()

    with pytest.raises(ImportCancelled):
        import_package(office, pkg, progress=progress, cancel=flag)
    assert not office.exists() and not list(tmp_path.glob(".east.tfw*"))


def test_acknowledgement_made_at_both_ends_is_kept_once(hq, tmp_path):
    pkg, office, back = tmp_path / "east.tfpkg", tmp_path / "east.tfw", tmp_path / "b.tfpkg"
    with Workspace.open(hq) as ws:
        make_office_package(ws, OFFICE, pkg)
    import_package(office, pkg)
    with Workspace.open(office) as ws:
        acknowledgements.acknowledge(ws, "T-EAST-2", author="east")
        make_return_package(ws, back)
    with Workspace.open(hq) as ws:
        acknowledgements.acknowledge(ws, "T-EAST-2", author="hq")
    result = import_package(hq, back)
    assert "acknowledgement" not in result.added
    assert any("already has one" in note for note in result.skipped)


def test_cli_package_and_import_package(hq, tmp_path, capsys):
    pkg, office, back = tmp_path / "e.tfpkg", tmp_path / "e.tfw", tmp_path / "r.tfpkg"
    assert cli.main(["package", str(hq), "--unit", OFFICE, "--out", str(pkg)]) == 0
    assert cli.main(["import-package", str(office), str(pkg)]) == 0
    assert cli.main(["package", str(office), "--return", "--out", str(back)]) == 0
    assert cli.main(["import-package", str(hq), str(back), "--json"]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and '"kind": "return"' in out
    assert cli.main(["package", str(hq), "--unit", "NOPE", "--out", str(pkg)]) == 2
    assert "no org unit with code 'NOPE'" in capsys.readouterr().err
    bad = tmp_path / "bad.tfpkg"
    bad.write_text("hello", encoding="utf-8")
    assert cli.main(["import-package", str(hq), str(bad)]) == 2
    assert "bad.tfpkg: not a TargetFlow package" in capsys.readouterr().err
