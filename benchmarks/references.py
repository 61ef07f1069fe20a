"""Reference computations the benchmarks time against our kernels: plain scipy quadratures of
the same equations, written the way a careful user would (float math in the integrands, no
per-call array overhead), so that a ratio measures the method, not a handicapped reference."""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate

from mevdm.core.units import M_E
from mevdm.models import inelastic

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def dphi_dK(K, m, delta, sigma_e, sun):
    """Eq. 4.2 of Emken+ (solar up-scatter) with the electron-velocity integral by quad at each K."""
    mu = inelastic.reduced_mass_e(m)
    norm = sun.geometry_cm() * sun.dm_density_cm3(m) * 2.99792458e10
    T = sun.T_MeV
    pref = 4.0 * math.pi * (M_E / (2.0 * math.pi * T)) ** 1.5 * sigma_e * m / (2.0 * mu**2)

    def integrand(v):  # f_MB(v) sigma_e m / (2 mu^2 v)
        return pref * v * math.exp(-M_E * v * v / (2.0 * T))

    out = []
    for k in K:
        vmin = (m * k / mu + delta) / math.sqrt(2.0 * m * k)
        out.append(norm * integrate.quad(integrand, vmin, np.inf)[0])
    return np.array(out)


def fold(xe, dRdE, a=0.310, b=0.0037, epsrel=1e-6):
    """Observed rate per analysis bin [events/(t yr keV)] by nested quad:
    (1/width) int_bin dE' eta(E') int dE dR/dE(E) Gauss(E'; E, a sqrt(E) + b E)."""
    out = []
    for lo, hi in zip(xe.bin_edges_keV[:-1], xe.bin_edges_keV[1:]):
        def inner(e_rec):
            def f(e):
                s = a * math.sqrt(e) + b * e
                return dRdE(e) * _INV_SQRT_2PI / s * math.exp(-0.5 * ((e_rec - e) / s) ** 2)
            val = integrate.quad(f, 1e-3, 40.0, limit=200, epsrel=epsrel, points=[e_rec])[0]
            return float(xe.efficiency(e_rec)) * val
        out.append(integrate.quad(inner, lo, hi, epsrel=epsrel)[0] / (hi - lo))
    return np.array(out)


def wimprates_v_earth_km_s(t_days=59.37, v0=238.0, v_pec=(11.1, 12.2, 7.3), v_orbit=29.8):
    """|v_LSR + v_pec + v_orbit(t)| as wimprates 0.5 halo.earth_velocity (its t = None day)."""
    def j2000_from_ymd(year, month, day):
        y, mo = (year, month) if month > 2 else (year - 1, month + 12)
        return math.floor(365.25 * y) + math.floor(30.61 * (mo + 1)) + day - 730563.5
    e1 = np.array([0.9931, 0.1170, -0.01032])
    e2 = np.array([-0.0670, 0.4927, -0.8676])
    phi = 2 * np.pi / 365.25 * (t_days - j2000_from_ymd(2000, 3, 21))
    v = np.array([0.0, v0, 0.0]) + np.array(v_pec) + v_orbit * (e1 * np.cos(phi) + e2 * np.sin(phi))
    return float(np.linalg.norm(v))
