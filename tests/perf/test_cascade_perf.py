"""Cascade engine benchmarks (issue 3). Ratios against a baseline measured in the same run:

- full recompute of 100 000 units × 6 metrics ≤ 5× a bare numpy blend α·w_parent+(1−α)·ℓ
- incremental recompute after an edit at a leaf's parent ≤ 1% of the full recompute
- peak RSS of the full recompute < 1 GiB
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from desktop.engine.cascade import compute, recompute_subtree
from tests.engine.company import company_arrays
from tests.perf.timing import best

N = 100_000
ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture(scope="module")
def company():
    arrays = company_arrays(N, m=6)
    return arrays, compute(arrays)


def test_full_recompute_is_within_5x_of_a_bare_blend(company):
    arrays, result = company
    parent = np.maximum(arrays.parent, 0)
    alpha = np.full(arrays.n, 0.7)[:, None]
    weights, local = result.weights, result.local

    def bare_blend():
        return alpha * weights[parent] + (1.0 - alpha) * local

    baseline = best(bare_blend)
    full = best(lambda: compute(arrays))
    ratio = full / baseline
    print(f"\ncascade full recompute {N:,} units × 6 metrics: {full * 1e3:.1f} ms; "
          f"bare blend {baseline * 1e3:.2f} ms; ratio {ratio:.2f} (bound 5)")
    assert ratio <= 5.0


def test_incremental_after_an_edit_at_a_leafs_parent_is_under_1_percent(company):
    arrays, result = company
    leaf = arrays.n - 1
    team = int(arrays.parent[leaf])
    full = best(lambda: compute(arrays))

    def edit_and_recompute():
        arrays.factors[leaf, 0] += 0.1  # a rep's factor changes: its team recomputes
        recompute_subtree(arrays, result, team)

    incremental = best(edit_and_recompute, rounds=20)
    share = incremental / full
    print(f"\nincremental recompute below a team: {incremental * 1e3:.3f} ms = "
          f"{share:.3%} of the full recompute (bound 1%)")
    assert share <= 0.01


def test_full_recompute_peak_memory_under_1_gib():
    code = textwrap.dedent(f"""
        import resource
        from desktop.engine.cascade import compute
        from tests.engine.company import company_arrays
        arrays = company_arrays({N}, m=6)
        compute(arrays)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    peak_mib = int(out.stdout.strip()) / 1024
    print(f"\npeak RSS of a full recompute of {N:,} units: {peak_mib:.0f} MiB (bound 1024)")
    assert peak_mib < 1024
