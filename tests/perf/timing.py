"""Timing for the benchmarks: the best of several rounds, the figure least disturbed by
whatever else the (noisy, 2-core) machine is doing."""

import time
from collections.abc import Callable


def best(fn: Callable[[], object], rounds: int = 7) -> float:
    """Seconds of the fastest of ``rounds`` calls of ``fn``."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)
