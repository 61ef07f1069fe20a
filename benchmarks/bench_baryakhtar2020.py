"""Speed of the baryakhtar2020 scans (not a test): f* per grid point (both recipes) and the
solar rate per point, against plain scipy references; plus the wall time of each scan job
recorded by Snakemake (benchmarks/out/baryakhtar2020/scan_*.tsv).

    python benchmarks/bench_baryakhtar2020.py [--mirror ../shared/data]
"""

import argparse
import glob
import math
import time

import numpy as np
from scipy import integrate, optimize

from mevdm import configuration as mconfig
from mevdm.early import excited_fraction as ef
from mevdm.papers.baryakhtar2020 import analysis as sc
from mevdm.astro import solar_upscatter as solar
from mevdm.core.data import DataStore
from mevdm.models import inelastic, inelastic_thermal as it
from mevdm.early.relic import default_cosmology
from mevdm.core.units import ALPHA_EM, keV


def timed(fn, repeat=3):
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def scipy_fstar_ode(m, delta, eps, aD, cosmo, r=3.0):
    """Reference: rate equation (b) in ln f with scipy BDF, T_kin by brentq."""
    mA = r * m
    ce = 8 * math.pi * ALPHA_EM * aD * eps**2 / mA**4
    grid = np.linspace(ef.LNT_MIN, ef.LNT_MAX, ef.N_LNT)
    lnG = lambda T: float(np.interp(math.log(T), grid, ef.LN_G))  # noqa: E731
    G = lambda T: math.exp(lnG(T))  # noqa: E731
    H = lambda T: float(cosmo.hubble(T))  # noqa: E731
    lnTkin = optimize.brentq(lambda lt: math.log(ce) + lnG(math.exp(lt)) - math.log(H(math.exp(lt))),
                             math.log(1e-6), math.log(m / 20))
    Tkin = math.exp(lnTkin)

    def rhs(s, y):
        T = math.exp(-s)
        f = math.exp(y[0])
        tc = T if T >= Tkin else T * T / Tkin
        n = ef.RHO_OVER_S0_MEV * float(cosmo.entropy_density(T)) / m
        sv = float(ef.sigmav_down_MeV2(m, aD, mA, tc, delta))
        dfds = -(ce * G(T) * (f - (1 - f) * math.exp(-delta / T))
                 + n * sv * (f * f - (1 - f) ** 2 * math.exp(-2 * delta / tc))) / H(T)
        return [dfds / f]

    T0 = m / 20
    f0 = math.exp(-delta / T0) / (1 + math.exp(-delta / T0))
    sol = integrate.solve_ivp(rhs, (-math.log(T0), -math.log(1e-8)), [math.log(f0)],
                              method="BDF", rtol=1e-7, atol=1e-9)
    return math.exp(sol.y[0, -1])


def scipy_solar_rate(m, delta, sigma_e, sun):
    """Reference: eta = 1 solar rate per electron, int dK dPhi/dK sigma_e sqrt(1 + 2 delta/(mu v^2))."""
    mu = float(inelastic.reduced_mass_e(m))

    def integrand(K):
        v2 = 2 * K / m
        return (solar.flux_spectrum(np.array([K]), m, delta, sigma_e, sun)[0] * sigma_e
                * math.sqrt(1 + 2 * delta / (mu * v2)))

    lo, hi = solar.K_range(m, delta, sun.T_MeV)
    peak = mu * delta / m
    return sum(integrate.quad(integrand, a, b, limit=200, epsrel=1e-8)[0]
               for a, b in ((lo, peak), (peak, hi)))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mirror", default="../shared/data")
    args = ap.parse_args()
    cfg = mconfig.load(data_mirror=args.mirror)
    store = DataStore.from_config(cfg)
    cosmo = default_cosmology(store)
    ctx = sc.ScanContext(cfg, store)

    # --- f*: 100 x 100 grid point cost
    m = np.geomspace(1, 1000, 100)[:, None] * np.ones((1, 100))
    a = np.geomspace(1e-3, 1, 100)[None, :] * np.ones((100, 1))
    eps = it.eps_from_sigmav(it.thermal_sigmav_cm3_s(m[:, :1], cosmo=cosmo), m, a, 3.0)
    ef.excited_fraction(m[:2, :2], 3 * keV, eps[:2, :2], a[:2, :2], cosmo=cosmo)  # compile
    t_semi, _ = timed(lambda: ef.excited_fraction(m, 3 * keV, eps, a, cosmo=cosmo, ode=False), 2)
    t_ode, res = timed(lambda: ef.excited_fraction(m, 3 * keV, eps, a, cosmo=cosmo), 1)
    pts = [(3.0, 0.5), (100.0, 0.5), (30.0, 0.01)]
    t_ref = 0.0
    for mm, aa in pts:
        e = float(it.thermal_eps(mm, aa, 3.0, cosmo=cosmo))
        t0 = time.perf_counter()
        ref = scipy_fstar_ode(mm, 3 * keV, e, aa, cosmo)
        t_ref += time.perf_counter() - t0
        ours = ef.excited_fraction(mm, 3 * keV, e, aa, cosmo=cosmo).fstar_ode
        print(f"f* ode m={mm:g} MeV aD={aa:g}: ours {float(ours):.4g}  scipy BDF {ref:.4g}  "
              f"ratio {float(ours) / ref:.4f}")
    t_ref /= len(pts)
    print(f"f* semi-analytic: {t_semi / m.size * 1e6:8.1f} us/point")
    print(f"f* rate equation: {t_ode / m.size * 1e6:8.1f} us/point; scipy BDF reference "
          f"{t_ref * 1e6:9.0f} us/point; speed-up x{t_ref / (t_ode / m.size):.0f}")

    # --- solar rate per (m, delta) point
    ms = np.geomspace(1, 30, 50)
    sc.solar_unit_rate(ms[:2], 3.5 * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K)
    t_sol, _ = timed(lambda: sc.solar_unit_rate(ms, 3.5 * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K), 2)
    se = float(ctx.thermal_sigma_e(3.7))
    t0 = time.perf_counter()
    ref = scipy_solar_rate(3.7, 3.5 * keV, se, ctx.sun)
    t_sref = time.perf_counter() - t0
    ours = solar.recoil_cells(np.array([0.0, 1.0e4]), 3.7, 3.5 * keV, se, ctx.sun,
                              n_K=ctx.n_K).sum()
    from mevdm.core.units import ELECTRONS_PER_TONNE_XE, YEAR_S
    ref_t_yr = ref * ELECTRONS_PER_TONNE_XE * YEAR_S
    print(f"solar rate (eta = 1) at the benchmark: ours {ours:.4g}, scipy quad {ref_t_yr:.4g} /(t yr), "
          f"ratio {ours / ref_t_yr:.5f}")
    print(f"solar rate, folded 1-30 keV: {t_sol / ms.size * 1e3:6.2f} ms/point; scipy quad "
          f"(eta = 1 only) {t_sref * 1e3:6.1f} ms/point; speed-up x{t_sref / (t_sol / ms.size):.0f}")

    # --- scan wall times recorded by Snakemake
    rows = {}
    for path in sorted(glob.glob("benchmarks/out/baryakhtar2020/*.tsv")):
        s = float(open(path).read().splitlines()[1].split()[0])
        cpu = float(open(path).read().splitlines()[1].split()[-1])
        rows[path.split("/")[-1][:-4]] = (s, cpu)
    scans = {"fig1/fig3": "malpha", "fig2": "meps", "fig6": ("solar_mdelta", "solar_mfchi"),
             "fig7": "solar_meps"}
    print("scan jobs (Snakemake benchmark: wall s, cpu s):")
    for k, (s, cpu) in rows.items():
        print(f"  {k:40s} {s:7.1f} {cpu:7.1f}")
    for fig, names in scans.items():
        names = names if isinstance(names, tuple) else (names,)
        tot = sum(cpu for k, (s, cpu) in rows.items() if any(f"scan_{n}_" in k for n in names))
        print(f"  {fig}: scan cpu total {tot:.1f} s (target < 60 s on 2 cores)")


if __name__ == "__main__":
    main()
