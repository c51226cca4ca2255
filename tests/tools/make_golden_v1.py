"""Write tests/data/golden_v1.tfw: a small workspace of schema format 1 (revision 0001).

Run once, at revision 0001, and commit the file; never regenerate it after a schema
change — its whole point is to be an old file that later releases must still open
(tests/store/test_migrations.py). Everything in it comes from a fixed seed through the
store's public API, so its contents are known to the tests.

    .venv/bin/python tests/tools/make_golden_v1.py [OUT]
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from store_sample import build_world, write_actuals, write_world  # noqa: E402

from desktop.store.fileformat import FORMAT_VERSION, HEAD_REVISION  # noqa: E402
from desktop.store.workspace import Workspace  # noqa: E402

SEED = 20250401
GOLDEN_REPLICA = "9a0c1f5e-0000-4000-8000-00000000a001"


def make(out: Path) -> Path:
    if (FORMAT_VERSION, HEAD_REVISION) != (1, "0001"):
        raise SystemExit("golden_v1 must be made by the code of revision 0001")
    os.environ["TARGETFLOW_AUTHOR"] = "golden"
    world = build_world(seed=SEED)
    out.unlink(missing_ok=True)
    with (Workspace.create(out, name="Golden v1", author="golden") as ws,
          ws.engine.begin() as conn):  # a fixed replica id, so known values are known
        conn.exec_driver_sql("UPDATE workspace_meta SET value = ? WHERE name = "
                             "'replica_id'", (GOLDEN_REPLICA,))
    with Workspace.open(out) as ws:
        with ws.transaction() as tx:
            write_world(tx, world)
        with ws.transaction() as tx:
            write_actuals(tx, world)
        with ws.transaction() as tx:  # some history: an update and a delete
            region = next(u for u in world.units if u.kind == "region")
            tx.update("org_unit", {"id": region.id}, {"name": "Region 0 (renamed)"})
            tx.delete("unit_factor", {"unit_id": region.id, "factor": "competition_intensity"})
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "golden_v1.tfw"
    print(make(target), target.stat().st_size, "bytes")
