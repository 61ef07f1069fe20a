"""Shared timing helper for the benchmark scripts."""

import time

import numpy as np


def timeit(func, repeat=5):
    """Best wall time of `repeat` calls after one warm-up call (numba compile, caches)."""
    func()
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best
