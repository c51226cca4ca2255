"""Every problem an import reports carries its key and parameters (so the GUI can say it
in Chinese) and the English the CLI prints is that key's template: the messy files of
tests/data/external and small bad files, org charts, targets and deals."""

import pytest
from exchange_world import DATA, add_units, with_cascade

from desktop.domain.org import OrgUnit
from desktop.exchange.importer import run_import
from desktop.exchange.mapping import ColumnMapping as Map
from desktop.exchange.messages import ENGLISH, HINTS, read_hint
from desktop.exchange.org_import import parse_parent_table
from desktop.exchange.report import ImportRefused, ImportReport
from desktop.exchange.tables import read_table
from desktop.store import entities, loads

AW = DATA / "adventureworks_dw_sales"
EMPLOYEE = {"code": "EmployeeKey", "parent": "ParentEmployeeKey", "ended": "EndDate"}


def problems(ws, kind, path, mapping=None):
    try:
        report = run_import(ws, kind, path, mapping, dry_run=True)
    except ImportRefused as refused:
        report = refused.report
    return [*report.errors, *report.warnings]


def keys_of(issues):
    for issue in issues:
        assert issue.text is not None, str(issue)
        assert issue.text.key in ENGLISH
        assert issue.message == issue.text.english()
        if issue.suggestion and read_hint(issue.suggestion) is not None:
            assert read_hint(issue.suggestion).key in HINTS
    return {issue.text.key for issue in issues}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_org_charts_from_the_wild(ws):
    assert keys_of(problems(ws, "org", AW / "DimEmployee.csv", Map("org", columns=EMPLOYEE))
                   ) == {"ended_parent", "ended_rows"}
    folded = Map("org", columns=EMPLOYEE, history_key="EmployeeNationalIDAlternateKey")
    assert keys_of(problems(ws, "org", AW / "DimEmployee.csv", folded)) == {
        "history_parent", "ended_rows"}
    levels = ["SalesTerritoryGroup", "SalesTerritoryCountry"]
    assert keys_of(problems(ws, "org", AW / "DimSalesTerritory.csv",
                            Map("org", levels=levels))) == {"level_duplicate"}
    assert keys_of(problems(ws, "org", AW / "DimSalesTerritory.csv",
                            Map("org", levels=[*levels, "Zone"]))) == {"level_column_missing"}
    assert keys_of(problems(ws, "org", AW / "DimEmployee.csv",
                            Map("org", columns={**EMPLOYEE, "name": "Nickname"}))) == {
        "column_missing_for"}
    # the wizard and the CLI fill "code" from the header; a mapping read as it is may not
    report = ImportReport("DimEmployee.csv", "org")
    parse_parent_table(read_table(AW / "DimEmployee.csv"),
                       Map("org", columns={"parent": "ParentEmployeeKey"}), report)
    assert keys_of(report.errors) == {"field_unmapped"}


def test_bad_org_files(ws, tmp_path):
    bad = write(tmp_path, "org.csv", "code,name,parent,kind\nX1,Region X,,region\n"
                "X1,Again,,region\n,Nameless,X1,team\nX2,Squad,x1,squad\n")
    assert keys_of(problems(ws, "org", bad)) == {"code_duplicate", "code_required",
                                                 "bad_kind", "unknown_parent"}
    loop = write(tmp_path, "loop.csv", "code,parent\nA,B\nB,A\nC,\nD,\n")
    assert keys_of(problems(ws, "org", loop)) == {"parent_cycle", "forest"}
    headcount = write(tmp_path, "hc.csv", "code,parent,headcount\nA,,many\n")
    assert keys_of(problems(ws, "org", headcount)) == {"bad_headcount"}
    levels = write(tmp_path, "levels.csv", "region,team\n,T1\nR1,\nR1,T1\n")
    assert keys_of(problems(ws, "org", levels, Map("org", levels=["region", "team"]))) == {
        "level_gap"}
    top = write(tmp_path, "top.csv", "region\nR1\nR1\n")
    assert keys_of(problems(ws, "org", top, Map("org", levels=["region"]))) == {
        "level_duplicate_top"}


def test_targets_and_deals(ws, tmp_path):
    add_units(ws, ["272", "281"])
    with_cascade(ws, 2011, 3)
    with ws.read() as conn:
        hq = loads.org_tree(conn).by_code("HQ")
    with ws.transaction("setup") as tx:  # after the cascade: no node in it
        entities.add_org_units(tx, [OrgUnit("282", "282", "person", hq.id)])
    quota = write(tmp_path, "quota.csv", "unit,metric,year,quarter,value\n"
                  "272,quota,2011,3,1\n272,quota,2011,3,2\n282,quota,2011,3,5\n"
                  "281,quota,2010,4,1\n")
    mapping = Map("targets", columns={"unit": "unit", "metric": "metric", "year": "year",
                                      "quarter": "quarter", "value": "value"})
    assert keys_of(problems(ws, "targets", quota, mapping)) == {
        "target_duplicate", "no_node", "no_cascade_for_period"}
    undated = write(tmp_path, "undated.csv", "unit,metric,value\n272,quota,1\n")
    assert keys_of(problems(ws, "targets", undated)) == {"period_unmapped"}
    deals = write(tmp_path, "deals.csv", "opportunity id,owner,stage,amount,created date\n"
                  "D1,272,Prospecting,10,2025-04-01\nD1,272,Prospecting,10,2025-04-01\n")
    assert keys_of(problems(ws, "opportunities", deals)) == {"deal_duplicate",
                                                            "probability_unmapped"}


@pytest.mark.parametrize("key", sorted(HINTS))
def test_every_hint_reads_back(key):
    from desktop.exchange.messages import hint, placeholders

    params = {name: "R1" for name in placeholders(HINTS[key])}
    assert read_hint(hint(key, **params)).key == key
