"""Deterministic ids: the same seed gives the same UUIDs, so two generations of the demo
are identical row for row (and copies of the demo agree on entity ids)."""

import numpy as np


def uuids(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` random version-4 UUIDs drawn from ``rng`` (vectorised)."""
    if count == 0:
        return []
    raw = rng.integers(0, 256, size=(count, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    out = []
    for i in range(0, 32 * count, 32):
        h = text[i:i + 32]
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def uuid_one(rng: np.random.Generator) -> str:
    return uuids(rng, 1)[0]
