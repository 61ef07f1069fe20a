"""Dirac DM chi annihilating into pseudoscalar ALPs a (halp2025, spec paper-001 §1-§4).

L ⊃ -i g_achi a chibar gamma5 chi; r = m_a/m_chi with 2 m_e/m_chi < r < 2/3.

* chi chibar -> a a   : p-wave, sigma v = b v_rel^2        (Eq. A1, spec §2.1)
* chi chibar -> a a a : s-wave, sigma v = g^6 I3(r)/(384 pi^3 m^2)  (Eqs. 3, A2-A6, spec §2.2)
* positron injection spectrum from a -> e+e- at rest, E_e = E_a/2 (Eqs. A8-A9, spec §4)
* kinetic-energy range of the positrons (Eq. 6)
* relic coupling: Servant-Tait semi-analytic freeze-out of the dark sector at T'/T = xi
  (App. B, spec §3), with switches for the open conventions of spec §8.

Units: MeV for masses and energies, cross sections in MeV^-2 unless the name says cm3_s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.core import units as u

# Dalitz-region quadrature: Gauss-Legendre nodes on [-1, 1] (outer in theta, inner in x2).
_N_OUTER = 96
_N_INNER = 64
# Quadrature nodes: module constants the kernels read (numba freezes them), never array default
# arguments, which numba's cache cannot key (every job would compile the kernel again).
_GL_OUT_X, _GL_OUT_W = np.polynomial.legendre.leggauss(_N_OUTER)
_GL_IN_X, _GL_IN_W = np.polynomial.legendre.leggauss(_N_INNER)

TWO_THIRDS = 2.0 / 3.0
XI_DARK_DEFAULT = (10.75 / 106.75) ** (1.0 / 3.0)  # T'/T after EW-scale decoupling (spec §3)
G_STAR_FO = 10.75  # g_* = g_*s at freeze-out (CHOICE spec §3)
G_DIRAC = 4.0  # internal dof of chi + chibar
OMEGA_FACTOR_GEV = 1.04e9  # Servant-Tait Omega h^2 prefactor [GeV^-1] (Eq. B3)
M_PLANCK_GEV = 1.22e19  # value used by the spec/paper (units.M_PLANCK_MEV = 1.22089e22 MeV)


# -------------------------------------------------------------------------- checks
def check_r(m_chi_MeV: float, r: float, channel: str = "3a") -> None:
    """Raise ValueError unless 2 m_e/m_chi <= r < 2/3 (3a, a -> e+e-) or 0 <= r < 1 (2a, relic)."""
    r_max = TWO_THIRDS if channel == "3a" else 1.0
    r_min = 2.0 * u.M_E / m_chi_MeV if channel == "3a" else 0.0
    if not (m_chi_MeV > 0 and r_min <= r < r_max):
        raise ValueError(
            f"r = m_a/m_chi = {r} is outside the allowed range [{r_min:.4g}, {r_max:.4g}) "
            f"for m_chi = {m_chi_MeV} MeV (a -> e+e- needs m_a >= 2 m_e; channel {channel})")


def is_allowed(m_chi_MeV, r):
    """True where the 3a channel is open and a -> e+e-: 2 m_e <= r m_chi and r < 2/3."""
    m = np.asarray(m_chi_MeV, dtype=float)
    rr = np.asarray(r, dtype=float)
    return (rr * m >= 2.0 * u.M_E) & (rr < TWO_THIRDS)


# ------------------------------------------------------------------ 2.1 p-wave 2a
@njit(cache=True)
def sigmav2a_b_coeff(m_chi, r):
    """b/g^4 [MeV^-2] of sigma v_2a = b v_rel^2: m^4 (1-r^2)^{5/2}/(24 pi m^4 (2-r^2)^4) /m^2 (Eq. A1)."""
    return (1.0 - r * r) ** 2.5 / (24.0 * math.pi * (2.0 - r * r) ** 4) / (m_chi * m_chi)


# ------------------------------------------------------------------ 2.2 s-wave 3a
@njit(cache=True)
def amp_F(x1, x2, r):
    """Threshold amplitude function F(x1, x2; r) of chi chibar -> aaa (Eq. A3, spec §2.2)."""
    x3 = 2.0 - x1 - x2
    r2 = r * r
    d1 = 2.0 * x1 - r2
    d2 = 2.0 * x2 - r2
    d3 = 2.0 * x3 - r2
    num = ((4.0 - 4.0 * x1 - r2) * d1 + (4.0 - 4.0 * x2 - r2) * d2
           + (4.0 - 4.0 * x3 - r2) * d3)
    return num / (d1 * d2 * d3)


@njit(cache=True)
def dalitz_x2_limits(x1, r):
    """Dalitz limits x2^-(x1), x2^+(x1) for x1 in [r, 1 - 3r^2/4] (Eqs. A4-A5)."""
    r2 = r * r
    a = x1 * x1 - r2
    b = 1.0 - 4.0 * r2 / (4.0 - 4.0 * x1 + r2)
    h = 0.5 * math.sqrt(max(a, 0.0)) * math.sqrt(max(b, 0.0))
    c = 0.5 * (2.0 - x1)
    return c - h, c + h


@njit(cache=True)
def _marginal_one(x1, r, gx, gw):
    lo, hi = dalitz_x2_limits(x1, r)
    if hi <= lo:
        return 0.0
    half = 0.5 * (hi - lo)
    mid = 0.5 * (hi + lo)
    s = 0.0
    for j in range(gx.size):
        f = amp_F(x1, mid + half * gx[j], r)
        s += gw[j] * f * f
    return s * half


@njit(cache=True)
def dI3_dx1(x1, r):
    """Single-ALP energy marginal dI3/dx1 = int F^2 dx2 over the Dalitz region (Eq. A8), array x1."""
    gx, gw = _GL_IN_X, _GL_IN_W
    out = np.zeros(x1.size)
    x1max = 1.0 - 0.75 * r * r
    for i in range(x1.size):
        if x1[i] > r and x1[i] < x1max:
            out[i] = _marginal_one(x1[i], r, gx, gw)
    return out


@njit(cache=True)
def _i3_one(r, ox, ow, gx, gw):
    # x1 = a + (b-a)(1-cos th)/2 removes the sqrt endpoints of the marginal.
    a = r
    b = 1.0 - 0.75 * r * r
    s = 0.0
    for i in range(ox.size):
        th = 0.5 * math.pi * (ox[i] + 1.0)
        x1 = a + 0.5 * (b - a) * (1.0 - math.cos(th))
        jac = 0.5 * (b - a) * math.sin(th) * 0.5 * math.pi
        s += ow[i] * jac * _marginal_one(x1, r, gx, gw)
    return s


@njit(cache=True)
def I3_kernel(r):
    """I3(r) = int int F^2 dx1 dx2 over the Dalitz region (Eq. A6); I3(0) = 7 pi^2/4 - 15, array r."""
    ox, ow, gx, gw = _GL_OUT_X, _GL_OUT_W, _GL_IN_X, _GL_IN_W
    out = np.zeros(r.size)
    for k in range(r.size):
        if r[k] >= 0.0 and r[k] < TWO_THIRDS:
            out[k] = _i3_one(r[k], ox, ow, gx, gw)
    return out


def I3(r):
    """I3(r) (Eq. A6) for scalar or array r in [0, 2/3); 0 at r = 2/3."""
    rr = np.atleast_1d(np.asarray(r, dtype=float))
    if np.any((rr < 0) | (rr > TWO_THIRDS)):
        raise ValueError(f"r must lie in [0, 2/3], got {rr.min()}..{rr.max()}")
    out = I3_kernel(rr)
    return out if np.ndim(r) else float(out[0])


def sigmav_3a(g, m_chi_MeV, r):
    """s-wave sigma v(chi chibar -> aaa) [MeV^-2] = g^6 I3(r)/(384 pi^3 m^2) (Eq. 3)."""
    check.array("g", g)
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    return np.asarray(g, float) ** 6 * I3(r) / (384.0 * math.pi ** 3 * np.asarray(m_chi_MeV) ** 2)


def sigmav_3a_cm3_s(g, m_chi_MeV, r):
    """s-wave sigma v(chi chibar -> aaa) [cm^3/s] (Eq. 3)."""
    return sigmav_3a(g, m_chi_MeV, r) * u.MEV2_TO_CM3_S


def sigmav_2a(g, m_chi_MeV, r, v_rel):
    """p-wave sigma v(chi chibar -> aa) [MeV^-2] = g^4 b(m, r) v_rel^2 (Eq. A1)."""
    check.array("g", g)
    check.number("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("v_rel", v_rel, lo=0.0, hi=2.0, unit="(c)")
    return np.asarray(g, float) ** 4 * sigmav2a_b_coeff(float(m_chi_MeV), float(r)) * np.asarray(v_rel) ** 2


def ratio_3a_2a(g, r, v_rel):
    """sigma v_3a / sigma v_2a at equal m (Eq. 4); massless: (7 pi^2 - 60) g^2/(4 pi^2 v^2)."""
    check.array("g", g)
    check.array("v_rel", v_rel, lo=0.0, lo_open=True, hi=2.0, unit="(c)")
    num = g ** 6 * I3(r) / (384.0 * math.pi ** 3)
    den = g ** 4 * sigmav2a_b_coeff(1.0, float(r)) * v_rel ** 2
    return num / den


# ------------------------------------------------------------ 4. positron source
def tkin_range(m_chi_MeV, r):
    """Positron kinetic-energy range [T_min, T_max] in MeV (Eq. 6), E_e = E_a/2."""
    check_r(m_chi_MeV, r)
    m_a = r * m_chi_MeV
    return (m_a / 2.0 - u.M_E, m_chi_MeV / 2.0 - 3.0 * m_a ** 2 / (8.0 * m_chi_MeV) - u.M_E)


def tmax_grid(m_chi_MeV, r):
    """T_max(m, r) = m/2 - 3 r^2 m/8 - m_e [MeV] (Eq. 6) on arrays (no range check)."""
    m = np.asarray(m_chi_MeV, float)
    return m / 2.0 - 3.0 * np.asarray(r, float) ** 2 * m / 8.0 - u.M_E


def positron_spectrum(E_e_MeV, m_chi_MeV, r):
    """Per-positron injection spectrum dN/dE_e [1/MeV], normalised to 1 (Eqs. A8-A9, spec §4).

    E_e is the positron total energy; dN/dE_e = (2/m) (dI3/dx1)/I3 at x1 = 2 E_e/m.
    """
    check_r(m_chi_MeV, r)
    E = np.atleast_1d(np.asarray(E_e_MeV, dtype=float))
    x1 = 2.0 * E / m_chi_MeV
    return (2.0 / m_chi_MeV) * dI3_dx1(x1, float(r)) / I3(float(r))


def positron_energy_grid(m_chi_MeV, r, n=256):
    """Total-energy grid [MeV] over the Eq. 6 range with cosine clustering at both sqrt edges."""
    tmin, tmax = tkin_range(m_chi_MeV, r)
    th = np.linspace(0.0, math.pi, n + 2)[1:-1]
    return u.M_E + tmin + (tmax - tmin) * 0.5 * (1.0 - np.cos(th))



# ----------------------------------------------------------------- 3. relic (semi-analytic)
V_CONVENTIONS = ("relative", "single")
XI_MODES = ("numerator", "none", "denominator")


@dataclass(frozen=True)
class RelicConvention:
    """Open conventions of the relic computation (spec §8).

    v_convention: 'relative' (baseline: sigma v = b v_rel^2, <v_rel^2> = 6/x') or 'single'
        (the coefficient applied to the single-particle CM velocity v = v_rel/2: b -> b/4).
    xi_mode: 'numerator' (baseline, T' = xi T), 'none' (xi = 1), 'denominator' (xi -> 1/xi).
    dirac_half: Y counts chi + chibar with g = 4, so sigma_eff = sigma_{chi chibar}/2 (baseline True).
    """

    v_convention: str = "relative"
    xi_mode: str = "numerator"
    dirac_half: bool = True

    def __post_init__(self):
        if self.v_convention not in V_CONVENTIONS:
            raise ValueError(f"v_convention must be one of {V_CONVENTIONS}, got {self.v_convention!r}")
        if self.xi_mode not in XI_MODES:
            raise ValueError(f"xi_mode must be one of {XI_MODES}, got {self.xi_mode!r}")

    @property
    def label(self) -> str:
        return f"v={self.v_convention},xi={self.xi_mode},dirac_half={self.dirac_half}"

    def xi(self, xi_dark: float = XI_DARK_DEFAULT) -> float:
        return {"numerator": xi_dark, "none": 1.0, "denominator": 1.0 / xi_dark}[self.xi_mode]

    def b_factor(self) -> float:
        """Multiplier on the v_rel^2 coefficient b entering the Boltzmann equation."""
        f = 0.25 if self.v_convention == "single" else 1.0
        return f * (0.5 if self.dirac_half else 1.0)


BASELINE = RelicConvention()


def b_eff_GeV2(g, m_chi_MeV, r, conv: RelicConvention = BASELINE):
    """Effective p-wave coefficient b_eff [GeV^-2] entering the Boltzmann equation (spec §3)."""
    return g ** 4 * sigmav2a_b_coeff(m_chi_MeV, r) * u.GeV ** 2 * conv.b_factor()


def freezeout_x(g, m_chi_MeV, r, conv: RelicConvention = BASELINE, xi_dark=XI_DARK_DEFAULT,
                g_star=G_STAR_FO, tol=1e-10, maxiter=200):
    """Servant-Tait freeze-out x'_f = m/T'_f by fixed-point iteration from 20 (Eq. B2)."""
    xi = conv.xi(xi_dark)
    b = b_eff_GeV2(g, m_chi_MeV, r, conv)
    m_gev = m_chi_MeV / u.GeV
    c = 0.5
    pref = c * (c + 2.0) * math.sqrt(45.0 / 8.0) * G_DIRAC * m_gev * M_PLANCK_GEV * xi ** 2 \
        / (2.0 * math.pi ** 3 * math.sqrt(g_star))
    x = 20.0
    for _ in range(maxiter):
        arg = pref * (6.0 * b / x) / math.sqrt(x)
        if arg <= 1.0:
            raise ValueError(f"no freeze-out for g = {g} at m_chi = {m_chi_MeV} MeV (coupling too small)")
        xn = math.log(arg)
        if abs(xn - x) < tol:
            return xn
        x = xn
    return x


def omega_h2_semi_analytic(g, m_chi_MeV, r, conv: RelicConvention = BASELINE,
                           xi_dark=XI_DARK_DEFAULT, g_star=G_STAR_FO):
    """Omega h^2 = 1.04e9 GeV^-1 xi x'_f/(M_Pl sqrt(g*) 3b/x'_f) (Eq. B3, Servant-Tait, a = 0)."""
    xi = conv.xi(xi_dark)
    xf = freezeout_x(g, m_chi_MeV, r, conv, xi_dark, g_star)
    b = b_eff_GeV2(g, m_chi_MeV, r, conv)
    return OMEGA_FACTOR_GEV * xi * xf / (M_PLANCK_GEV * math.sqrt(g_star) * (3.0 * b / xf))


def g_relic_semi_analytic(m_chi_MeV, r, conv: RelicConvention = BASELINE, omega_h2=u.OMEGA_DM_H2,
                          xi_dark=XI_DARK_DEFAULT, g_star=G_STAR_FO):
    """Coupling g_achi with Omega h^2 = 0.12 (brentq on [1e-4, 50]) and its x'_f (App. B, spec §3)."""
    from scipy.optimize import brentq

    check_r(m_chi_MeV, r, channel="2a")

    def f(lg):
        try:
            return math.log(omega_h2_semi_analytic(10.0 ** lg, m_chi_MeV, r, conv, xi_dark, g_star) / omega_h2)
        except ValueError:
            return 50.0  # no freeze-out: overabundant

    lg = brentq(f, -4.0, math.log10(50.0), xtol=1e-12)
    g = 10.0 ** lg
    return g, freezeout_x(g, m_chi_MeV, r, conv, xi_dark, g_star)


ALL_CONVENTIONS = tuple(RelicConvention(v, x, d) for v in V_CONVENTIONS for x in XI_MODES
                        for d in (True, False))


def g_relic_boltzmann(m_chi_MeV, r, conv: RelicConvention = BASELINE, omega_h2=u.OMEGA_DM_H2,
                      xi_dark=XI_DARK_DEFAULT, g_star=G_STAR_FO, cosmo=None):
    """Coupling with Omega h^2 = 0.12 from the full Boltzmann solve of mevdm.early.relic (App. B, spec §3).

    Dirac counting (dirac_half): self_conjugate=False (g = 2 x 2, sigma halved); without it the
    pair is one species with g = 4 and sigma as is.  T'/T enters as xi <= 1 only (the relic solver's
    range): xi_mode='denominator' (xi -> 1/xi > 1) raises ValueError.
    """
    from mevdm.early import relic
    from mevdm.early.cosmology import Cosmology

    check_r(m_chi_MeV, r, channel="2a")
    xi = conv.xi(xi_dark)
    if xi > 1.0:
        raise ValueError(f"xi = {xi:.4g} > 1 (xi_mode={conv.xi_mode!r}) is outside the relic solver's range (0, 1]")
    cosmo = cosmo or Cosmology.constant(g_star)
    v_factor = 0.25 if conv.v_convention == "single" else 1.0
    b1 = sigmav2a_b_coeff(m_chi_MeV, r) * u.MEV2_TO_CM3_S * v_factor  # b at g = 1 [cm^3/s]
    if conv.dirac_half:
        kw = dict(g_chi=2.0, self_conjugate=False)
    else:
        kw = dict(g_chi=4.0, self_conjugate=True)
    k = relic.sigmav_for_omega(m_chi_MeV, 0.0, b1, omega_h2_target=omega_h2, xi=xi, method="full",
                               cosmo=cosmo, **kw)
    g = float(k) ** 0.25
    xf = float(relic.freezeout_x(m_chi_MeV, 0.0, b1 * k, xi=xi, cosmo=cosmo, **kw))
    return g, xf
