"""tracking_data._lookup (store keys -> engine rows/columns over millions of facts) gives
what the plain masked lookup gives, for any key and any integer width."""

import numpy as np
import pytest

from desktop.services.tracking_data import _lookup


def _plain(table, keys):
    keys = np.asarray(keys, dtype=np.int64)
    inside = (keys >= 0) & (keys < len(table))
    return np.where(inside, table[np.where(inside, keys, 0)], -1)


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.int64])
@pytest.mark.parametrize("first", [-1, 3], ids=["key 0 unused", "key 0 used"])
def test_lookup_matches_the_masked_lookup(dtype, first):
    rng = np.random.default_rng(1)
    table = rng.integers(-1, 50, 40).astype(np.int64)
    table[0] = first
    keys = rng.integers(-3, 60, 1000).astype(dtype)
    got = _lookup(table, keys)
    assert got.dtype == np.int64 and np.array_equal(got, _plain(table, keys))
    assert _lookup(np.zeros(0, np.int64), keys).tolist() == [-1] * len(keys)
