"""`targetflow cascade | publish | carry-over` on a small workspace."""

import json

import pytest

from desktop.cli import main
from tests.services.small_company import build


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "small.tfw"
    build(target).close()
    return target


def test_cascade_summary_text_and_json(path, capsys):
    assert main(["cascade", str(path)]) == 0
    out = capsys.readouterr().out
    assert "10 nodes, 3 metrics" in out and "no diagnostics" in out
    assert main(["cascade", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes"] == 10 and data["totals"]["contracts"] == 600.0


def test_explain_prints_the_parts(path, capsys):
    assert main(["cascade", str(path), "--explain", "P-E1", "collections"]) == 0
    out = capsys.readouterr().out
    assert "P-E1 Rep E1" in out and "inherited" in out and "× share" in out


def test_what_if_then_publish_then_carry_over(path, tmp_path, capsys):
    changes = tmp_path / "switch.json"
    changes.write_text(json.dumps({"objective_weights": {"finance": 0.3, "sales": 0.3,
                                                         "product": 0.4}}))
    assert main(["cascade", str(path), "--what-if", str(changes), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    diff = report["changes"]
    assert {d["quantity"] for d in diff} == {"weight"} and len(diff) == 10 * 3
    assert report["baseline"].startswith("the current computation")
    assert main(["publish", str(path), "--note", "Q2 switch"]) == 0
    assert "published version 1" in capsys.readouterr().out
    assert main(["carry-over", str(path), "--to", "2025-Q3"]) == 0
    assert "10 nodes for 2025-Q3" in capsys.readouterr().out


def test_errors_are_one_line_messages_with_exit_code_2(path, tmp_path, capsys):
    assert main(["cascade", str(path), "--explain", "NOPE", "collections"]) == 2
    assert "no org unit with code 'NOPE'" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert main(["cascade", str(path), "--what-if", str(broken)]) == 2
    assert "broken.json: cannot read the changes" in capsys.readouterr().err
    assert main(["carry-over", str(path), "--to", "next year"]) == 2
    assert "a quarter like 2025-Q3" in capsys.readouterr().err
