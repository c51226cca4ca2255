"""Benchmark: the demo at 100 000 units (millions of actuals) in under a minute.

Marked ``perf`` by tests/perf/conftest.py; run with ``python -m pytest tests/perf -m perf``."""

import time

from desktop.demo import generate

LIMIT_SECONDS = 60.0


def test_demo_at_100000_units_under_a_minute(tmp_path):
    path = tmp_path / "big.tfw"
    started = time.perf_counter()
    summary = generate(path, scale=100_000)
    elapsed = time.perf_counter() - started
    size = path.stat().st_size
    print(f"\ndemo --scale 100000: {elapsed:.1f} s (limit {LIMIT_SECONDS:.0f} s), "
          f"{size / 2**20:,.0f} MiB: {summary}")
    assert summary.units == 100_000
    assert summary.actuals > 9_000_000
    assert elapsed < LIMIT_SECONDS
