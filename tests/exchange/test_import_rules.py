"""The import's promises: validation before writing, all or nothing (a refused or a
cancelled import leaves the same rows and the same change log), idempotent re-import,
updates from a newer file, and the formats of real spreadsheets (encodings, delimiters,
separators, dates)."""

import sqlite3
import threading

import pytest
from exchange_world import empty

from desktop.exchange.importer import run_import
from desktop.exchange.mapping import ColumnMapping as Map
from desktop.exchange.mapping import load, suggest
from desktop.exchange.report import ImportCancelled, ImportRefused
from desktop.store import fact_arrays, loads

ORG = "code,parent,name\nHQ,,Head office\nR-E,HQ,East\nP-1,R-E,Rep 1\nP-2,R-E,Rep 2\n"
ACTUALS = "unit,metric,date,value\nP-1,sales,2025-04-01,100\nP-2,sales,2025-04-01,200\n"


def snapshot(ws) -> dict[str, list]:
    """Every row of every table (the change log included), for before/after checks."""
    ws.close()
    conn = sqlite3.connect(ws.path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    finally:
        conn.close()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def org_ws(ws, tmp_path):
    run_import(ws, "org", write(tmp_path, "org.csv", ORG))
    return ws


def test_reimport_changes_nothing_and_a_newer_file_updates(org_ws, tmp_path):
    first = run_import(org_ws, "actuals", write(tmp_path, "a.csv", ACTUALS))
    assert (first.added, first.written) == (2, True)
    before = snapshot(org_ws)
    again = run_import(org_ws, "actuals", write(tmp_path, "a.csv", ACTUALS))
    assert (again.added, again.changed, again.unchanged, again.written) == (0, 0, 2, False)
    assert snapshot(org_ws) == before  # not even a batch or a change-log row
    newer = ACTUALS.replace("200", "250") + "P-1,sales,2025-04-02,10\n"
    report = run_import(org_ws, "actuals", write(tmp_path, "b.csv", newer))
    assert (report.added, report.changed, report.unchanged) == (1, 1, 1)
    assert report.changes == ["P-2 sales 2025-04-01: value 200 → 250"]
    with org_ws.read() as conn:
        values = sorted(fact_arrays.actuals(conn).value.tolist())
    assert values == [10.0, 100.0, 250.0]
    log = snapshot(org_ws)["change_log"]
    assert any(r[2] == "actual" and r[4] == "value" and r[5] == "200.0" and r[6] == "250.0"
               for r in log)


def test_reimport_of_an_org_chart_changes_nothing_and_moves_are_updates(org_ws, tmp_path):
    before = snapshot(org_ws)
    assert run_import(org_ws, "org", write(tmp_path, "org.csv", ORG)).unchanged == 4
    assert snapshot(org_ws) == before
    moved = ORG.replace("P-2,R-E,Rep 2", "P-2,HQ,Rep Two")
    report = run_import(org_ws, "org", write(tmp_path, "org2.csv", moved))
    assert report.changed == 1 and "name 'Rep 2' → 'Rep Two'" in report.changes[0]


def test_a_refused_import_leaves_the_workspace_identical(org_ws, tmp_path):
    run_import(org_ws, "actuals", write(tmp_path, "a.csv", ACTUALS))
    before = snapshot(org_ws)
    bad = ACTUALS + "P-9,sales,2025-04-03,1\nP-1,sales,2025-04-04,1.2.3\n"
    with pytest.raises(ImportRefused) as caught:
        run_import(org_ws, "actuals", write(tmp_path, "bad.csv", bad))
    problems = {(e.row, e.column, e.code) for e in caught.value.report.errors}
    assert problems == {(4, "unit", "unknown_unit"), (5, "value", "bad_number")}
    assert snapshot(org_ws) == before


@pytest.mark.parametrize("stage", ["reading", "validating", "writing"])
def test_a_cancelled_import_leaves_the_workspace_identical(org_ws, tmp_path, stage):
    before = snapshot(org_ws)
    cancel = threading.Event()
    seen = []

    def progress(name, fraction):
        seen.append(name)
        if name == stage:
            cancel.set()

    with pytest.raises(ImportCancelled):
        run_import(org_ws, "actuals", write(tmp_path, "a.csv", ACTUALS), progress=progress,
                   cancel=cancel)
    assert stage in seen
    assert snapshot(org_ws) == before


def test_a_cancel_after_the_rows_were_written_rolls_them_back(org_ws, tmp_path):
    """The last check runs inside the transaction, after the facts went in."""
    before = snapshot(org_ws)
    cancel = threading.Event()

    def progress(name, fraction):
        if name == "writing" and fraction >= 0.9:
            cancel.set()

    with pytest.raises(ImportCancelled):
        run_import(org_ws, "actuals", write(tmp_path, "a.csv", ACTUALS), progress=progress,
                   cancel=cancel)
    assert snapshot(org_ws) == before


def test_org_problems_are_reported_by_row_and_column(ws, tmp_path):
    text = ("code,parent,name\nA,,A\nB,A,B\nB,A,B again\nC,Z,C\nD,E,D\nE,D,E\nF,,F\n")
    with pytest.raises(ImportRefused) as caught:
        run_import(ws, "org", write(tmp_path, "org.csv", text))
    found = {(e.row, e.column, e.code) for e in caught.value.report.errors}
    assert found == {(4, "code", "duplicate"), (5, "parent", "unknown_parent")}
    text = "code,parent\nA,\nD,E\nE,D\nF,\n"
    with pytest.raises(ImportRefused) as caught:
        run_import(ws, "org", write(tmp_path, "org.csv", text))
    assert {(e.row, e.code) for e in caught.value.report.errors} == {(3, "cycle"),
                                                                     (4, "cycle")}
    report = run_import(ws, "org", write(tmp_path, "forest.csv", "code,parent\nA,\nB,\nC,A\n"))
    assert report.written and [w.code for w in report.warnings] == ["forest"]


def test_mapping_suggested_from_english_and_chinese_headers():
    en = suggest("actuals", ["Unit Code", "Metric", "Date", "Actual Value"])
    assert en.columns == {"unit": "Unit Code", "metric": "Metric", "day": "Date",
                          "value": "Actual Value"}
    zh = suggest("actuals", ["门店", "指标", "日期", "销售额"])
    assert zh.columns == {"unit": "门店", "metric": "指标", "day": "日期", "value": "销售额"}
    org = suggest("org", ["编码", "上级编码", "名称", "负责人"])
    assert org.columns == {"code": "编码", "parent": "上级编码", "name": "名称",
                           "manager": "负责人"}
    targets = suggest("targets", ["Store Manager", "Store", "Sales Target "])
    assert targets.columns["unit"] == "Store" and targets.columns["value"] == "Sales Target "


def test_mapping_saved_and_loaded_as_json(tmp_path):
    m = Map("actuals", columns={"unit": "门店"}, date_format="DMY", decimal=",",
            thousands=".", aliases={"unit": {"Yorkk": "York"}})
    m.save(tmp_path / "map.json")
    assert load(tmp_path / "map.json", "actuals") == m
    (tmp_path / "bad.json").write_text('{"kind": "actuals", "date_fromat": "DMY"}')
    with pytest.raises(Exception, match=r"unknown mapping key.*date_fromat"):
        load(tmp_path / "bad.json")


def test_gbk_file_with_semicolons_and_decimal_commas(org_ws, tmp_path):
    run_import(org_ws, "org", write(tmp_path, "zh.csv", "编码,上级编码,名称\n华东-1,R-E,张三\n"))
    text = "单位;指标;日期;实际\n华东-1;sales;2025-04-01;1.234,5\nP-1;sales;2025/4/2;7\n"
    path = write(tmp_path, "gbk.csv", text.replace("\n", "\r\n"), encoding="gbk")
    report = run_import(org_ws, "actuals", path, Map("actuals", decimal=",", thousands="."))
    assert report.written and report.added == 2
    with org_ws.read() as conn:
        assert sorted(fact_arrays.actuals(conn).value.tolist()) == [7.0, 1234.5]
    bom = write(tmp_path, "bom.csv", "\ufeff" + ACTUALS)  # Excel's "CSV UTF-8"
    assert run_import(org_ws, "actuals", bom, dry_run=True).ok


def test_thousands_separator_that_does_not_group_by_three_is_refused(org_ws, tmp_path):
    text = 'unit,metric,date,value\nP-1,sales,2025-04-01,"1,5"\nP-2,sales,2025-04-01,"1,500"\n'
    report = run_import(org_ws, "actuals", write(tmp_path, "t.csv", text), dry_run=True)
    assert [(e.row, e.code) for e in report.errors] == [(2, "bad_number")]


def test_ambiguous_dates_are_asked_not_guessed(org_ws, tmp_path):
    text = "unit,metric,date,value\nP-1,sales,3/4/2025,1\nP-2,sales,5/6/2025,2\n"
    path = write(tmp_path, "d.csv", text)
    report = run_import(org_ws, "actuals", path, dry_run=True)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(2, "date",
                                                                   "ambiguous_date")]
    assert "date_format" in report.errors[0].suggestion
    for fmt, first in (("DMY", 20181), ("MDY", 20151)):  # 2025-04-03, 2025-03-04
        report = run_import(org_ws, "actuals", path, Map("actuals", date_format=fmt),
                            dry_run=True)
        assert report.ok, fmt
        tmp = org_ws.path.with_name(f"{fmt}.tfw")
        copy = empty(tmp)
        try:
            run_import(copy, "org", write(tmp_path, "org.csv", ORG))
            run_import(copy, "actuals", path, Map("actuals", date_format=fmt))
            with copy.read() as conn:
                assert fact_arrays.actuals(conn).day.tolist()[0] == first
        finally:
            copy.close()
    # one day above 12 decides the whole column
    decided = text + "P-1,sales,25/6/2025,3\n"
    assert run_import(org_ws, "actuals", write(tmp_path, "e.csv", decided), dry_run=True).ok


def test_excel_serial_dates(org_ws, tmp_path):
    text = "unit,metric,date,value\nP-1,sales,45748,1\n"  # 45748 = 2025-04-01
    run_import(org_ws, "actuals", write(tmp_path, "s.csv", text))
    with org_ws.read() as conn:
        assert fact_arrays.actuals(conn).day.tolist() == [20179]


def test_ratio_metric_needs_a_denominator_and_spend_and_deals(org_ws, tmp_path):
    text = "unit,metric,date,value\nP-1,hm_share,2025-04-01,3\n"
    report = run_import(org_ws, "actuals", write(tmp_path, "r.csv", text), dry_run=True)
    assert [e.code for e in report.errors] == ["missing_denominator"]
    spend = "unit,date,amount,product line\nP-1,2025-04-01,500,HM\nP-2,2025-04-02,90,STD\n"
    assert run_import(org_ws, "spend", write(tmp_path, "s.csv", spend)).added == 2
    assert run_import(org_ws, "spend", write(tmp_path, "s.csv", spend)).added == 0
    deals = ("opportunity id,name,owner,stage,probability,amount,created date,close date,"
             "is won,is closed\nD1,Acme,P-1,Prospecting,10,1000,2025-04-01,2025-06-30,,\n"
             "D2,Initech,P-2,Closed Won,100,500,2025-04-01,2025-04-20,1,1\n")
    report = run_import(org_ws, "opportunities", write(tmp_path, "d.csv", deals))
    assert report.added == 2
    moved = deals.replace("Prospecting,10", "Negotiation,60")
    report = run_import(org_ws, "opportunities", write(tmp_path, "d2.csv", moved))
    assert (report.added, report.changed) == (0, 1)
    with org_ws.read() as conn:
        assert loads.counts(conn)["deal_event"] == 4  # created ×2, won, advanced
