"""`targetflow track` on the demo: text and JSON."""

import json
import shutil

import pytest

from desktop.cli import main


@pytest.fixture
def demo(tmp_path_factory):
    from desktop.demo import generate

    path = tmp_path_factory.mktemp("track") / "demo.tfw"
    generate(path)
    return path


def test_text_output_shows_status_alerts_health_and_case_figures(demo, capsys):
    assert main(["track", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "2025-Q2, week 2025-W26" in out
    assert "status (unit × metric): on track" in out
    assert "0 raised, 0 resolved this run" in out
    assert "▸ Behind on the strategic product: Switch the training material" in out
    assert "health 2025-06" in out and "R-NORTHEAST" in out
    east = next(line for line in out.splitlines() if line.strip().startswith("R-EAST")
                and "→" in line)
    assert "9.4 →  1.2" in east and "55% →   90%" in east and "44% →   11%" in east


def test_json_output_and_an_earlier_week_writes_nothing(demo, tmp_path, capsys):
    copy = tmp_path / "copy.tfw"
    shutil.copyfile(demo, copy)
    assert main(["track", str(copy), "--week", "2025-W20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["week"] == "2025-W20" and data["written"] is False
    assert data["health"]["month"] == "2025-05"
    assert {f["region"] for f in data["case_figures"]} >= {"R-EAST", "company"}
    assert data["open_alerts"][0]["action_packs"]
    assert sum(data["status"].values()) == 112 * 4
    assert main(["track", str(copy), "--week", "2025-W99"]) == 2
    assert "not in period 2025-Q2" in capsys.readouterr().err
