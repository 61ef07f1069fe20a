"""Benchmark: NA64 scalar recast factor (numba Gauss-Legendre kernel) vs scipy.quad reference.

    python benchmarks/bench_constraints.py
Prints time per call for 100 masses, the ratio, and the largest relative difference.
"""

import time

import numpy as np
from scipy.integrate import quad

from mevdm.core import units as u
from mevdm.constraints import brem_coupling_factor

E0, XCUT = 1.0e5, 0.5


def _dsig(x, m, spin):
    me = u.M_E
    ut = -m * m * (1 - x) / x - me * me * x
    p = np.sqrt(x * x * E0 * E0 - m * m)
    if spin == "vector":
        return p * (me * me * x * (-2 + 2 * x + x * x) - 2 * ut * (3 - 3 * x + x * x)) / (3 * x * ut * ut)
    return 0.5 * p * (me * me * (2 - x) ** 2 - 2 * ut * x) / (3 * ut * ut)


def reference(m_arr):
    out = []
    for m in m_arr:
        f = {s: quad(lambda t: _dsig(1 - np.exp(t), m, s) * np.exp(t), np.log(1e-14),
                     np.log(1 - XCUT), limit=400)[0] for s in ("vector", "scalar")}
        out.append(1 / np.sqrt(f["scalar"] / f["vector"]))
    return np.array(out)


def timeit(fn, *args, n=3):
    fn(*args)  # warm-up (numba compile / cache load)
    t = time.perf_counter()
    for _ in range(n):
        res = fn(*args)
    return (time.perf_counter() - t) / n, res


if __name__ == "__main__":
    m = np.geomspace(1.0, 1000.0, 100)
    t_nb, a = timeit(brem_coupling_factor, m, "scalar")
    t_sp, b = timeit(reference, m, n=1)
    print(f"brem_coupling_factor (numba, 100 masses): {t_nb * 1e3:8.2f} ms")
    print(f"scipy.quad reference  (100 masses):       {t_sp * 1e3:8.2f} ms")
    print(f"speed-up: {t_sp / t_nb:.1f}x; max rel. diff {np.max(np.abs(a / b - 1)):.2e}")
