"""Exports round-trip through the import (CSV and .xlsx), are written atomically, and the
CLI's import/export commands report and exit as the other commands do."""

import json

import pytest

from desktop.cli import main
from desktop.exchange import export as export_mod
from desktop.exchange.export import export
from desktop.exchange.importer import run_import
from desktop.store import fact_arrays

ORG = "code,parent,name\nHQ,,Head office\nP-1,HQ,Rep 1\nP-2,HQ,Rep 2\n"
ACTUALS = ("unit,metric,date,value,denominator\nP-1,sales,2025-04-01,100,\n"
           "P-2,hm_share,2025-04-01,3,10\n")


@pytest.fixture
def filled(ws, tmp_path):
    (tmp_path / "org.csv").write_text(ORG)
    (tmp_path / "a.csv").write_text(ACTUALS)
    run_import(ws, "org", tmp_path / "org.csv")
    run_import(ws, "actuals", tmp_path / "a.csv")
    return ws


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_actuals_export_imports_back_unchanged(filled, tmp_path, suffix):
    out = tmp_path / f"actuals{suffix}"
    assert export(filled, "actuals", out) == 2
    report = run_import(filled, "actuals", out, dry_run=True)
    assert (report.added, report.changed, report.unchanged) == (0, 0, 2)
    with filled.read() as conn:
        before = fact_arrays.actuals(conn)
    assert sorted(before.value.tolist()) == [3.0, 100.0]


@pytest.mark.parametrize("kind", ["targets", "alerts"])
def test_other_exports_write_a_header(filled, tmp_path, kind):
    out = tmp_path / f"{kind}.csv"
    export(filled, kind, out)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("unit")


def test_a_failed_export_leaves_no_file(filled, tmp_path, monkeypatch):
    out = tmp_path / "actuals.csv"
    out.write_text("the previous export\n")

    def broken(_ws):
        def rows():
            yield ("P-1", "sales", "2025-04-01", 1.0, "")
            raise OSError("disk full")
        return ["unit", "metric", "date", "value", "denominator"], rows()

    monkeypatch.setattr(export_mod, "_actuals", broken)
    with pytest.raises(OSError, match="disk full"):
        export(filled, "actuals", out)
    assert out.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_cli_import_dry_run_json_and_refusal(filled, tmp_path, capsys):
    filled.close()
    path = str(filled.path)
    (tmp_path / "new.csv").write_text(ACTUALS.replace("100", "120"))
    assert main(["import", path, "actuals", str(tmp_path / "new.csv"), "--dry-run",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["changed"], out["written"]) == (1, False)
    (tmp_path / "bad.csv").write_text(ACTUALS + "P-9,sales,2025-04-02,1,\n")
    assert main(["import", path, "actuals", str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, row 4, column 'unit': unknown unit 'P-9'" in err
    assert "nothing was imported" in err
    (tmp_path / "map.json").write_text('{"kind": "actuals", "date_format": "DMY"}')
    assert main(["import", path, "actuals", str(tmp_path / "new.csv"), "--mapping",
                 str(tmp_path / "map.json"), "--save-mapping",
                 str(tmp_path / "saved.json")]) == 0
    assert "1 changed" in capsys.readouterr().out
    saved = json.loads((tmp_path / "saved.json").read_text())
    assert saved["columns"]["unit"] == "unit" and saved["date_format"] == "DMY"
    assert main(["import", path, "actuals", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv: no such file" in capsys.readouterr().err


def test_cli_export(filled, tmp_path, capsys):
    filled.close()
    assert main(["export", str(filled.path), "actuals", str(tmp_path / "a.xlsx")]) == 0
    assert "2 actuals rows" in capsys.readouterr().out
    assert main(["export", str(filled.path), "actuals", str(tmp_path / "no" / "a.csv")]) == 2
