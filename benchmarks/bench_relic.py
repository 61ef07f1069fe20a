"""Benchmark of the relic solver (not a test): time per parameter point vs references.

    python benchmarks/bench_relic.py [--n 2000] [--n-ref 5] [--thermodynamics hazma|plasma]

Prints, for the same inputs (s-wave <sigma v> = 3e-26 cm^3/s, Majorana, m = 1-100 MeV):
our full Boltzmann solve (numba, vectorised), our semi-analytic freeze-out, the inverse
(<sigma v> for Omega h^2 = 0.120), hazma 2.2's full ODE (``relic_density(semi_analytic=False)``
at its default and at tight tolerances, if installed) and a plain scipy ``solve_ivp`` Radau
solve of the same equation; the speed ratios and the agreement over x = 1 ... e^7.
"""

import argparse
import math
import time

import numpy as np

from mevdm.early import relic
from mevdm.early.cosmology import Cosmology
from mevdm.core.data import REPO_ROOT, DataStore
from mevdm.papers.validation.analysis import HAZMA_X_END, hazma_omega_h2


def per_point(func, n_points, repeat=3):
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best / n_points


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000, help="points for our kernels")
    ap.add_argument("--n-ref", type=int, default=5, help="points for hazma / scipy")
    ap.add_argument("--mirror", default=str(REPO_ROOT.parent / "shared" / "data"))
    ap.add_argument("--thermodynamics", choices=relic.THERMODYNAMICS, default="hazma",
                    help="g_eff/h_eff tables (config relic.thermodynamics)")
    args = ap.parse_args()
    store = DataStore(mirror=args.mirror, allow_download=False)
    cosmo = (Cosmology.from_store(store) if args.thermodynamics == "hazma"
             else relic.default_cosmology(store, args.thermodynamics))
    a = 3e-26
    m = np.geomspace(1.0, 100.0, args.n)
    mref = np.geomspace(1.0, 100.0, args.n_ref)
    relic.omega_h2(m[:2], a, cosmo=cosmo)  # compile / load cache
    relic.omega_h2(m[:2], a, cosmo=cosmo, method="semi")
    relic.sigmav_for_omega(m[:2], cosmo=cosmo)

    t_full = per_point(lambda: relic.omega_h2(m, a, cosmo=cosmo), m.size)
    t_semi = per_point(lambda: relic.omega_h2(m, a, cosmo=cosmo, method="semi"), m.size)
    t_inv = per_point(lambda: relic.sigmav_for_omega(m, cosmo=cosmo), m.size, repeat=1)
    print(f"ours full Boltzmann (BDF4, numba): {t_full * 1e6:9.2f} us/point  (n = {m.size})")
    print(f"ours semi-analytic:                {t_semi * 1e6:9.2f} us/point")
    print(f"ours inverse (sigma v for 0.120):  {t_inv * 1e6:9.2f} us/point")

    ours = relic.omega_h2(mref, a, cosmo=cosmo, x_start=1.0, x_end=HAZMA_X_END, tail=False)
    t0 = time.perf_counter()
    scipy_ref = [relic.omega_h2_scipy(mm, a, cosmo=cosmo, x_end=HAZMA_X_END, rtol=1e-8) for mm in mref]
    t_scipy = (time.perf_counter() - t0) / mref.size
    print(f"scipy solve_ivp Radau (rtol 1e-8): {t_scipy * 1e6:9.0f} us/point  ratio "
          f"{t_scipy / t_full:8.0f}x  max |diff| {np.max(np.abs(ours / scipy_ref - 1)):.2e}")
    if hazma_omega_h2(1.0, a, 0.0) is None:
        print("hazma not installed: pip install 'hazma==2.2.0'")
        return
    for label, tol in (("default tol (rtol 1e-5, atol 1e-3)", (1e-5, 1e-3)),
                       ("tight tol (rtol 1e-9, atol 1e-10)", (1e-9, 1e-10))):
        t0 = time.perf_counter()
        hz = [hazma_omega_h2(mm, a, 0.0, rtol=tol[0], atol=tol[1]) for mm in mref]
        t_hz = (time.perf_counter() - t0) / mref.size
        print(f"hazma 2.2 ODE, {label}: {t_hz * 1e6:9.0f} us/point  ratio {t_hz / t_full:8.0f}x"
              f"  max |diff| {np.max(np.abs(ours / np.array(hz) - 1)):.2e}")


if __name__ == "__main__":
    main()
