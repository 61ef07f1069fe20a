"""Benchmark halp2025 kernels against plain scipy references (not a test).

    python benchmarks/bench_halp2025.py

Prints time per call (numba kernel, after JIT) vs a scipy reference and the ratio for:
I3(r) (Dalitz double integral), J_ROI (gNFW cusp), one IfA spectrum (continuous injection),
and one longitude+latitude profile set.
"""

import math
import time

import numpy as np
from scipy import integrate

from mevdm.astro import galaxy as gal
from mevdm.core import units as u
from mevdm.positrons.in_flight import InFlight, heitler_dsigma_dk, loss_neutral, sigma_dirac
from mevdm.models import alp


def timeit(fn, n=3):
    fn()  # JIT / warm-up
    t = time.perf_counter()
    for _ in range(n):
        out = fn()
    return (time.perf_counter() - t) / n, out


def row(name, t_fast, t_ref, a=None, b=None):
    agree = f"  rel.diff {abs(a / b - 1):.1e}" if a is not None else ""
    print(f"{name:34s} numba {t_fast * 1e3:9.2f} ms   scipy {t_ref * 1e3:10.1f} ms   ratio {t_ref / t_fast:8.1f}{agree}")


def bench_I3():
    r = 0.3
    tf, a = timeit(lambda: alp.I3(r))
    ref = lambda: integrate.dblquad(lambda x2, x1: alp.amp_F(x1, x2, r) ** 2, r, 1 - 0.75 * r * r,  # noqa: E731
                                    lambda x1: alp.dalitz_x2_limits(x1, r)[0],
                                    lambda x1: alp.dalitz_x2_limits(x1, r)[1], epsrel=1e-8)[0]
    tr, b = timeit(ref, 1)
    row("I3(r=0.3)", tf, tr, a, b)


def bench_J():
    h = gal.GNFW(gamma=1.3)
    tf, a = timeit(lambda: gal.j_factor_psi(h))
    L, B = math.radians(30), math.radians(15)

    def ref():
        def los(psi):
            # plain quad in s fails for psi < 1e-5 (peak of width R psi at the GC; J low by 1.5 % at
            # gamma = 1.3): integrate each branch in t with l = d sinh t, which quad handles
            s0, d = h.R_sun_kpc * math.cos(psi), h.R_sun_kpc * math.sin(psi)
            f = lambda t: h.density(d * math.cosh(t))[0] ** 2 * d * math.cosh(t)  # noqa: E731
            return sum(integrate.quad(f, 0, math.asinh(Lb / d), limit=200, epsrel=1e-10)[0] for Lb in (s0, 100 - s0))

        f = lambda psi: 2 * math.pi * math.sin(psi) * gal.azimuth_fraction(np.array([psi]), L, B)[0] * los(psi)  # noqa
        psi_c = math.acos(math.cos(L) * math.cos(B))
        # outer integral in ln(psi) (the cusp is a power law there), split at the kinks B, L
        g = lambda t: f(math.exp(t)) * math.exp(t)  # noqa: E731
        edges = [math.log(1e-9), math.log(B), math.log(L), math.log(psi_c)]
        return sum(integrate.quad(g, a, b, limit=200, epsrel=1e-8)[0] for a, b in zip(edges[:-1], edges[1:])) \
            * u.KPC_CM

    tr, b = timeit(ref, 1)
    row("J_ROI(gamma=1.3)", tf, tr, a, b)


def bench_ifa():
    med = InFlight()
    m, r = 10.0, 0.2
    E = np.geomspace(0.1, 30, 500)
    Ee = alp.positron_energy_grid(m, r, 400)
    S = alp.positron_spectrum(Ee, m, r)
    tf, a = timeit(lambda: med.ifa_e2_flux(E, 1.0, T_inj=Ee - u.M_E, S=S))

    # scipy reference at a single photon energy: nested quad over E0 and E
    k = 2.0 / u.M_E
    T_inj, S_inj = Ee - u.M_E, S

    def ref():
        tau = lambda T: integrate.quad(lambda t: sigma_dirac(t / u.M_E + 1) / loss_neutral(t, 15e-6), 1e-4, T,  # noqa
                                       limit=200)[0]
        gmin = (2 * k * k - 2 * k + 1) / (2 * k - 1)
        Tlo = (gmin - 1) * u.M_E
        Sfun = lambda t: np.interp(t, T_inj, S_inj, left=0, right=0)  # noqa: E731
        inner = lambda T0: Sfun(T0) * integrate.quad(  # noqa: E731
            lambda T: heitler_dsigma_dk(k, T / u.M_E + 1) / loss_neutral(T, 15e-6)
            * math.exp(-(tau(T0) - tau(T))), Tlo, T0, limit=50)[0] if T0 > Tlo else 0.0
        return integrate.quad(inner, T_inj[0], T_inj[-1], limit=50, epsrel=1e-4)[0]

    tr, b = timeit(ref, 1)
    A = med.thermalised_fraction(T_inj, S)
    a1 = med.photon_yield(np.array([2.0]), T_inj=T_inj, S=S)[0] * u.M_E
    print(f"{'IfA spectrum (500 energies)':34s} numba {tf * 1e3:9.2f} ms   "
          f"scipy (ONE energy) {tr * 1e3:10.1f} ms   ratio x500 {500 * tr / tf:8.1f}  rel.diff@2MeV {abs(a1 / b - 1):.1e}")
    del A


def bench_profiles():
    h = gal.GNFW(gamma=1.3)
    le = np.arange(-46.5, 46.6, 3.0)
    be = np.arange(-31.5, 31.6, 3.0)

    def fast():
        r, j = gal.dm_emissivity_table(h)
        I = gal.SphericalIntensity(r, j, h.R_sun_kpc)
        return gal.profiles(I, le, 10.75, be, 10.0)

    tf, _ = timeit(fast, 2)
    print(f"{'DM lon+lat profiles (31+21 bins)':34s} numba {tf * 1e3:9.2f} ms")


if __name__ == "__main__":
    import sys

    if "J" in sys.argv[1:]:
        bench_J()
        raise SystemExit
    bench_I3()
    bench_J()
    bench_ifa()
    bench_profiles()
