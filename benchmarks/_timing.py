"""Interleaved timing: our kernel and its reference measured in one loop, under the same load.

Each round times one sample of each side, the order alternating between rounds (ours first,
then the reference first, ...), after an untimed warm-up of both (numba compilation, caches).
A sample of a fast side repeats the call `number` times (chosen so a sample lasts >= ~20 ms)
and reports the time per call.  The ratio is the median of the per-round ratios (both sides
of a round ran under the same load); medians, quartiles and extremes of both sides are kept.
"""

from __future__ import annotations

import math
import time

import numpy as np

MIN_SAMPLE_S = 0.02  # a sample shorter than this repeats the call (timer resolution, jitter)


def clock(func, number=None):
    """A timer for `func`: a callable returning the wall time [s] of one call of `func`,
    averaged over `number` consecutive calls (None: enough calls for >= MIN_SAMPLE_S)."""
    state = {"number": number}

    def sample():
        n = state["number"]
        if n is None:  # first sample: one call sets the repetition count
            t0 = time.perf_counter()
            func()
            dt = time.perf_counter() - t0
            state["number"] = max(1, math.ceil(MIN_SAMPLE_S / max(dt, 1e-9)))
            return dt
        t0 = time.perf_counter()
        for _ in range(n):
            func()
        return (time.perf_counter() - t0) / n

    sample.state = state
    return sample


def summary(samples) -> dict:
    """Median, quartiles and extremes of a list of times [s]."""
    s = np.asarray(samples, float)
    q1, med, q3 = np.percentile(s, [25, 50, 75])
    return {"median_s": float(med), "q1_s": float(q1), "q3_s": float(q3),
            "min_s": float(s.min()), "max_s": float(s.max()), "n": int(s.size)}


def interleaved(ours, reference, repeat=7, warmup=1, warmup_reference=True) -> dict:
    """Time two timers (from `clock`, or any callable returning seconds per call) in alternation,
    after `warmup` untimed calls of ours (and of the reference unless `warmup_reference` is
    False: a pure-Python reference taking seconds has nothing to compile or cache).

    Returns {"ours": summary, "reference": summary, "ratio": median of the per-round
    reference/ours ratios, "ratio_range": [min, max] of them, "rounds": repeat}.
    """
    if repeat < 3:
        raise ValueError(f"repeat = {repeat}: at least 3 rounds for a median and a spread")
    for _ in range(warmup):
        ours()
        if warmup_reference:
            reference()
    t_ours, t_ref = [], []
    for i in range(repeat):
        if i % 2 == 0:
            t_ours.append(ours())
            t_ref.append(reference())
        else:
            t_ref.append(reference())
            t_ours.append(ours())
    ratios = np.asarray(t_ref) / np.asarray(t_ours)
    return {"ours": summary(t_ours), "reference": summary(t_ref),
            "ratio": float(np.median(ratios)),
            "ratio_range": [float(ratios.min()), float(ratios.max())], "rounds": repeat}


def timeit(func, repeat=5):
    """Median wall time per call of `func` after a warm-up (single-side scripts only; every
    comparison with a reference goes through `interleaved`)."""
    timer = clock(func)
    timer()
    return float(np.median([timer() for _ in range(repeat)]))
