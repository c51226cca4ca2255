"""Generation itself: deterministic, scalable, atomic at the target path."""

import sqlite3
import subprocess
import sys
import time

import pytest

from desktop.demo import generate
from desktop.store import loads
from desktop.store.errors import WorkspaceError
from desktop.store.workspace import Workspace

CONTENT = {  # the columns that carry content (not the write-time stamps)
    "org_unit": "id, code, name, kind, parent_key, manager, headcount",
    "unit_factor": "unit_key, factor, value",
    "actual": "unit_key, metric_key, day, value, denominator, source",
    "target_node": "id, unit_key, x, y",
    "opportunity": "id, crm_id, name, owner_unit_key, product_line_key, stage, amount",
    "deal_event": "opportunity_key, day, activity, stage",
    "incentive_spend": "unit_key, day, product_line_key, amount",
    "acknowledgement": "id, unit_key, acknowledged_at",
}


def _content(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT {cols} FROM {t} ORDER BY {cols}").fetchall()
                for t, cols in CONTENT.items()}
    finally:
        conn.close()


def test_same_seed_gives_identical_content(tmp_path, demo_path):
    generate(tmp_path / "again.tfw")
    first, second = _content(demo_path), _content(tmp_path / "again.tfw")
    for table in CONTENT:
        assert first[table] == second[table], table


def test_another_seed_gives_another_company(tmp_path, demo_path):
    generate(tmp_path / "other.tfw", seed=8)
    first, other = _content(demo_path), _content(tmp_path / "other.tfw")
    assert first["actual"] != other["actual"]
    assert len(first["org_unit"]) == len(other["org_unit"])


def test_small_scale_run_has_the_same_shape(tmp_path):
    summary = generate(tmp_path / "scaled.tfw", scale=2000)
    assert summary.units == 2000 and summary.regions == 6
    assert 150 <= summary.teams <= 200
    assert summary.reps == 2000 - 1 - 6 - summary.teams
    assert summary.actuals == summary.reps * 4 * 26
    with Workspace.open(tmp_path / "scaled.tfw") as ws, ws.read() as conn:
        counts = loads.counts(conn)
        tree = loads.org_tree(conn)
        cascades = loads.cascades(conn)
    assert counts["org_unit"] == 2000 and counts["actual"] == summary.actuals
    team_sizes = [len(tree.children(u.id)) for u in tree if u.kind == "team"]
    assert min(team_sizes) >= 7 and max(team_sizes) <= 14
    assert sum(team_sizes) / len(team_sizes) == pytest.approx(10, abs=1)
    for cascade in cascades:
        assert len(cascade.nodes) == 2000 and len(cascade.edges) == 1999
        assert len(cascade.roots()) == 1


def test_an_existing_file_is_kept_unless_overwrite(tmp_path):
    target = tmp_path / "keep.tfw"
    target.write_text("not mine to replace")
    with pytest.raises(WorkspaceError, match="already exists"):
        generate(target)
    assert target.read_text() == "not mine to replace"
    generate(target, overwrite=True)
    with Workspace.open(target) as ws, ws.read() as conn:
        assert loads.counts(conn)["org_unit"] == 112
    # beside it only the review's columnar copies, built by the generator's last step
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".keep.tfw.actuals", ".keep.tfw.copies", "keep.tfw"]


def test_progress_is_reported(tmp_path):
    seen = []
    generate(tmp_path / "p.tfw", progress=lambda stage, fraction: seen.append(fraction))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5


def test_a_kill_mid_generation_leaves_nothing_at_the_target(tmp_path):
    target = tmp_path / "killed.tfw"
    code = ("import sys; from desktop.demo import generate; "
            "generate(sys.argv[1], scale=30000, progress=lambda s, f: print(s, flush=True))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)],
                            stdout=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:  # wait until it is writing, then kill it
            if line.startswith("writing the cascades"):
                break
        time.sleep(0.5)
        proc.kill()
    finally:
        proc.wait()
        proc.stdout.close()
    assert not target.exists()
