"""Benchmark: solar up-scatter kernels and XENON1T folding vs plain scipy.quad references.

    python benchmarks/bench_solar_detector.py [--mirror ../shared/data]

Prints time per call and the speed-up (the ratio is what counts; absolute times depend
on the machine).
"""

import argparse
import warnings

import numpy as np
from scipy import integrate, stats

from mevdm.astro import solar_upscatter as solar
from mevdm.core.data import REPO_ROOT, DataStore
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.models import inelastic
from mevdm.core.units import M_E, keV

from _timing import timeit  # noqa: E402  (benchmarks/ is the script folder)


def reference_dphi_dK(K, m, delta, sigma_e, sun):
    """Eq. 4.2 with the electron-velocity integral done by quad at each K."""
    mu = inelastic.reduced_mass_e(m)
    norm = sun.geometry_cm() * sun.dm_density_cm3(m) * 2.99792458e10

    def f_mb(v):
        return 4 * np.pi * v**2 * (M_E / (2 * np.pi * sun.T_MeV)) ** 1.5 * np.exp(-M_E * v**2 / (2 * sun.T_MeV))

    out = []
    for k in K:
        vmin = (m * k / mu + delta) / np.sqrt(2 * m * k)
        val, _ = integrate.quad(lambda v: f_mb(v) * sigma_e * m / (2 * mu**2 * v), vmin, np.inf)
        out.append(norm * val)
    return np.array(out)


def reference_fold(xe, dRdE, a=0.310, b=0.0037, n_bins=3):
    """Observed rate in the first n_bins by nested quad: int_bin dE' eta(E') int dE dR/dE Gauss."""
    out = []
    for lo, hi in list(zip(xe.bin_edges_keV[:-1], xe.bin_edges_keV[1:]))[:n_bins]:
        def inner(e_rec):
            f = lambda e: dRdE(e) * stats.norm.pdf(e_rec, e, a * np.sqrt(e) + b * e)
            return xe.efficiency(e_rec) * integrate.quad(f, 1e-3, 40, limit=200)[0]
        out.append(integrate.quad(inner, lo, hi)[0])
    return np.array(out)


def main():
    warnings.simplefilter("ignore")  # quad round-off chatter in the reference
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", default=str(REPO_ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    sun = solar.SolarCore()
    m, d = 3.7, 3.5 * keV
    se = inelastic.sigma_e_from_sigmav_ee_cm2(m, 8.68e-26, 0.5, 3.0)
    K = solar.K_grid(m, d, sun.T_MeV, 3000)
    xe = Xenon1TSR1.load(DataStore(mirror=args.mirror, allow_download=False))

    rows = []
    t_k = timeit(lambda: solar.flux_spectrum(K, m, d, se, sun))
    t_r = timeit(lambda: reference_dphi_dK(K[::30], m, d, se, sun), repeat=1) * 30
    rows.append(("dPhi/dK, 3000 energies (Eq. 4.2)", t_k, t_r))
    t_k = timeit(lambda: solar.recoil_cells(xe.true_edges_keV, m, d, se, sun))
    rows.append(("solar recoil spectrum, 3000 K x 2000 cells (Eq. 4.10)", t_k, np.nan))
    t_k = timeit(lambda: solar.sigmav_up(se, m, d, sun.T_MeV), repeat=50)
    t_r = timeit(lambda: solar.sigmav_up_numerical(se, m, d, sun.T_MeV), repeat=1)
    rows.append(("<sigma v> up-scatter (Eq. 4.8 vs Eq. 4.5)", t_k, t_r))
    spectrum = lambda e: np.exp(-np.asarray(e) / 5.0)
    t_k = timeit(lambda: xe.fold(spectrum), repeat=50)
    t_r = timeit(lambda: reference_fold(xe, spectrum), repeat=1) * 29 / 3
    rows.append(("XENON1T fold, 29 bins (matrix vs nested quad)", t_k, t_r))

    print(f"{'benchmark':58s} {'ours':>11s} {'scipy ref':>11s} {'speed-up':>9s}")
    for name, ours, ref in rows:
        ratio = f"{ref / ours:9.0f}" if np.isfinite(ref) else "        -"
        ref_s = f"{ref * 1e3:9.2f}ms" if np.isfinite(ref) else "          -"
        print(f"{name:58s} {ours * 1e3:9.3f}ms {ref_s} {ratio}")


if __name__ == "__main__":
    main()
