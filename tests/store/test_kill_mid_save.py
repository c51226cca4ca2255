"""A process killed (SIGKILL) at a random moment of a save leaves the last committed state
intact: the file opens, SQLite finds it sound, and every transaction is all or nothing."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.store.workspace import Workspace

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

ROOT = Path(__file__).resolve().parents[2]
GROUP = 25  # rows per marker group
FACTS = 400  # facts per transaction

_WRITER = f"""
import sys
from desktop.store import bulk
from desktop.store.workspace import Workspace

print("ready", flush=True)
run = sys.stdin.readline().strip()  # imports are paid before the parent says go
ws = Workspace.open(sys.argv[1])
print("open", flush=True)
i = 0
while True:
    marker = f"{{run}}-{{i}}"
    with ws.transaction(author="writer") as tx:
        tx.insert_many("dimension", [
            {{"id": f"{{marker}}-{{k}}", "code": f"{{marker}}-{{k}}", "name": marker}}
            for k in range({GROUP})])
        day = int(run) * 100000 + i
        bulk.insert_facts(tx, "actual", {{
            "unit_key": list(range({FACTS})), "metric_key": [1] * {FACTS},
            "day": [day] * {FACTS}, "value": [float(i)] * {FACTS},
            "denominator": [None] * {FACTS}, "source": ["csv"] * {FACTS}}},
            source="csv", origin=marker)
    print(marker, flush=True)
    i += 1
"""

_CREATOR = """
import sys
from desktop.store.workspace import Workspace
print("ready", flush=True)
Workspace.create(sys.argv[1], name="killed").close()
print("done", flush=True)
"""

_SAVER = """
import sys
from desktop.store.workspace import Workspace
ws = Workspace.open(sys.argv[1])
print("ready", flush=True)
ws.save_as(sys.argv[2]).close()
print("done", flush=True)
"""


def _spawn(code: str, *args: str) -> subprocess.Popen:
    proc = _start(code, *args)
    line = proc.stdout.readline()
    assert line == "ready\n", line + proc.stderr.read()
    return proc


def _start(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)


def _go(proc: subprocess.Popen, run: int) -> subprocess.Popen:
    line = proc.stdout.readline()
    assert line == "ready\n", line + proc.stderr.read()
    proc.stdin.write(f"{run}\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    assert line == "open\n", line + proc.stderr.read()
    return proc


def _kill(proc: subprocess.Popen, delay: float, may_finish: bool = False) -> list[str]:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    finished = may_finish and proc.returncode == 0 and out.split()[-1:] == ["done"]
    assert finished or proc.returncode == -signal.SIGKILL, err
    return out.split()


def _check(path: Path, committed: set[str]) -> set[str]:
    """The file is sound; every group is complete or absent; committed ones are there."""
    with Workspace.open(path) as ws, ws.read() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        groups = dict(conn.exec_driver_sql(
            "SELECT name, count(*) FROM dimension GROUP BY name").all())
        logged = dict(conn.exec_driver_sql(
            "SELECT d.name, count(*) FROM change_log c JOIN dimension d ON d.id = c.entity_id"
            " WHERE c.entity = 'dimension' GROUP BY d.name").all())
        batches = dict(conn.exec_driver_sql(
            "SELECT b.origin, count(a.rowid) FROM fact_batch b "
            "LEFT JOIN actual a ON a.batch_key = b.key GROUP BY b.key").all())
        batch_logs = conn.exec_driver_sql(
            "SELECT count(*) FROM change_log WHERE entity = 'fact_batch'").scalar()
        txns = conn.exec_driver_sql("SELECT count(DISTINCT txn_id) FROM change_log").scalar()
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM actual WHERE batch_key NOT IN (SELECT key FROM fact_batch)"
        ).scalar()
    assert set(groups.values()) <= {GROUP}, "a marker group is incomplete"
    assert logged == groups, "a group's change-log rows are missing or extra"
    assert set(batches) == set(groups) and set(batches.values()) <= {FACTS}
    assert batch_logs == len(batches) and orphans == 0
    assert txns == len(groups), "a transaction left log rows without its changes"
    missing = committed - set(groups)
    assert not missing, f"committed transactions disappeared: {sorted(missing)[:5]}"
    return set(groups)


def test_killing_a_writer_at_random_moments_never_loses_or_halves_a_save(tmp_path):
    rng = random.Random(20250401)
    path = tmp_path / "killed.tfw"
    Workspace.create(path).close()
    committed: set[str] = set()
    kills = 36
    started = time.monotonic()
    waiting = _start(_WRITER, str(path))
    for run in range(kills):
        proc = _go(waiting, run)
        waiting = _start(_WRITER, str(path))  # imports while this one writes and dies
        reported = _kill(proc, rng.uniform(0.0, 0.3))
        committed |= set(reported)
        present = _check(path, committed)
        committed |= present  # a save may commit just before its "done" line is printed
    waiting.kill()
    waiting.communicate()
    assert len(committed) > kills, "too few saves committed to mean anything"
    assert time.monotonic() - started < 50


def _kill_at_random(code: str, args: list[str], target: Path, rng, rounds: int,
                    longest: float) -> int:
    """Kill ``rounds`` runs at random moments up to ``longest`` seconds (about what the
    whole operation takes); return how many got as far as a finished file."""
    complete = 0
    for _ in range(rounds):
        proc = _spawn(code, *args)
        _kill(proc, rng.uniform(0.0, longest), may_finish=True)
        if target.exists():
            with Workspace.open(target) as ws, ws.read() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert ws.meta("format") == "targetflow-workspace"
            complete += 1
            for leftover in (target, *target.parent.glob(target.name + "-*")):
                leftover.unlink()
    return complete


def test_killing_create_leaves_nothing_or_a_whole_workspace(tmp_path):
    target = tmp_path / "new.tfw"
    _kill_at_random(_CREATOR, [str(target)], target, random.Random(1), 10, 0.6)


def test_killing_save_as_leaves_nothing_or_a_whole_copy(tmp_path, filled):
    target = tmp_path / "copy.tfw"
    _kill_at_random(_SAVER, [str(filled), str(target)], target, random.Random(2), 10, 0.08)
    with Workspace.open(filled) as ws, ws.read() as conn:  # the source is intact too
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
