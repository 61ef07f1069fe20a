"""Benchmark: jho2020 boosted-DM spectra and the Fig. 5 scan vs a plain scipy.quad reference.

    python benchmarks/bench_jho2020.py [--mirror ../shared/data]

Prints the time per (m_DM, m_X) spectrum (numba kernel, 120 recoil energies) against the same
double integral done with nested scipy.integrate.quad, their agreement, and the in-process wall
time of the default Fig. 5 scan (all chunks, one core).  The ratio is what counts.
"""

import argparse
import time

import numpy as np
import yaml
from scipy import integrate

from mevdm.astro import cosmic_rays as cr
from mevdm import configuration as mconfig
from mevdm.core.data import REPO_ROOT, DataStore
from mevdm.papers.jho2020 import analysis
from mevdm.scans import chunk_slice
from mevdm.models.lepton_vector import dsigma_dT, k1_min, t_max
from mevdm.core.units import M_E, MEV2_TO_CM2, keV

from _timing import timeit  # noqa: E402  (benchmarks/ is the script folder)


def reference_spectrum(kr_keV, m_dm, m_x):
    """Eqs. 9-10 (mediator, unit coupling) by nested quad over K_DM and K_e (per J-bar/m_DM)."""

    def flux(kdm):
        lo = max(cr.LIS_T_MIN_MEV, k1_min(kdm, M_E, m_dm))
        if lo >= cr.LIS_T_MAX_MEV:
            return 0.0
        f = lambda lk: (np.exp(lk) * 4 * np.pi * cr._lis_scalar(np.exp(lk))  # noqa: E731
                        * dsigma_dT(kdm, np.exp(lk), M_E, m_dm, m_x) * MEV2_TO_CM2)
        pts = [np.log(cr.LIS_T_BREAK_MEV)] if lo < cr.LIS_T_BREAK_MEV else None
        return integrate.quad(f, np.log(lo), np.log(cr.LIS_T_MAX_MEV), points=pts, limit=200)[0]

    out = []
    top = np.log(t_max(cr.LIS_T_MAX_MEV, M_E, m_dm))
    for kr in np.asarray(kr_keV) * keV:
        g = lambda lk: (np.exp(lk) * flux(np.exp(lk))  # noqa: E731
                        * dsigma_dT(kr, np.exp(lk), m_dm, M_E, m_x) * MEV2_TO_CM2)
        out.append(integrate.quad(g, np.log(k1_min(kr, m_dm, M_E)), top, limit=200, epsrel=1e-6)[0])
    return np.array(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirror", default=str(REPO_ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    cfg = yaml.safe_load((mconfig.CONFIG_DIR / "config.yaml").read_text())
    cfg["data_mirror"] = args.mirror
    mconfig.validate(cfg)  # fills the schema defaults
    store = DataStore(mirror=args.mirror, cache=REPO_ROOT / ".data-cache", allow_download=False)
    paper = cfg["jho2020"]
    kr = analysis.recoil_grid_keV(paper)
    m_dm, m_x = 1.43, 0.16

    t_fast = timeit(lambda: cr.recoil_spectrum(kr * keV, m_dm, m_x, 1))
    sample = np.array([1.0, 2.5, 5.0, 10.0, 20.0])
    t0 = time.perf_counter()
    ref = reference_spectrum(sample, m_dm, m_x)
    t_ref = (time.perf_counter() - t0) / sample.size * kr.size  # extrapolated to the same 120 points
    fast = cr.recoil_spectrum(sample * keV, m_dm, m_x, 1)
    print(f"spectrum (m_DM={m_dm} MeV, m_X={m_x} MeV, {kr.size} recoil energies):")
    print(f"  numba  {t_fast * 1e3:9.3f} ms")
    print(f"  scipy  {t_ref * 1e3:9.1f} ms (nested quad, extrapolated from {sample.size} energies)")
    print(f"  ratio  {t_ref / t_fast:9.0f} x;  max rel. difference {np.max(np.abs(fast / ref - 1)):.2e}")

    n = paper["fig5"]
    t0 = time.perf_counter()
    for c in range(n["n_chunks"]):
        analysis.fig5_scan_chunk(cfg, store, chunk_slice(n["n_m_chi"], n["n_chunks"], c))
    t_scan = time.perf_counter() - t0
    n_spec = n["n_m_chi"] * n["n_m_X"]
    print(f"fig5 scan {n['n_m_chi']} x {n['n_m_X']} masses (coupling exact) "
          f"({n['n_chunks']} chunks, in-process, 1 core): {t_scan:.2f} s "
          f"= {t_scan / n_spec * 1e3:.2f} ms per (m_DM, m_X) spectrum incl. folding")


if __name__ == "__main__":
    main()
