"""Primordial excited-state fraction f* = n_chi*/(n_chi + n_chi*) of inelastic DM
(baryakhtar2020 Sec. 3.1, Eqs. 3.2-3.5; spec paper-003-004 A3).

Ingredients (T is the SM temperature, T_chi the DM temperature, all in MeV):

* chi* e <-> chi e rate per chi* (spec A3 CHOICE, valid at all T, reduces to Eq. 3.2 for T >> m_e):
  Gamma_chie = 8 pi alpha alpha_D eps^2 / m_A'^4 * G(T),
  G(T) = (g_e/2 pi^2) int dp p^2 (p/E) f_FD(E/T) (E^2 + m_e^2) = (g_e/2 pi^2) int_{m_e} dE (E^4 - m_e^4) f_FD,
  g_e = 4; tabulated once in ln T (Gauss-Laguerre in (E - m_e)/T).
* T_kin from Gamma_chie(T_kin) = H(T_kin); T_chi = T above T_kin and T^2/T_kin below.
* chi* chi* -> chi chi (Eq. 3.3): <sigma v>_down = 2^{5/2} pi alpha_D^2 m^{3/2}/m_A'^4 max(2 T_chi/pi, delta)^{1/2},
  Gamma_chi*chi = e^{-delta/T_chi} n_chi <sigma v>_down, with n_chi = f_chi Omega_DM rho_c s(T)/(s0 m).
* T_chichi*: T_chi at the last T where Gamma_chi*chi = H.  T_chem = min(T_kin, T_chichi*).

Recipes:
(a) ``fstar_semi``: f* = e^{-delta/T_chem}/(1 + e^{-delta/T_chem}) (Eq. 3.4).
(b) ``fstar_ode``: df/ds = -(1/H)[Gamma_chie (f - (1-f) e^{-delta/T})
                                 + n <sigma v>_down (f^2 - (1-f)^2 e^{-2 delta/T_chi})],  s = ln(1/T),
    from T = m/20 (f in equilibrium) to T = T_end, by BDF2 with uniform steps in s; each implicit
    step is a quadratic in f solved in closed form (positive root, no cancellation), so the very
    stiff early phase is stable; the loop stops once the relaxation rate is < 1e-9 per e-fold.

Both loop over parameter points inside numba kernels.  The figures use (a) (spec A3 baseline);
(b) is reported beside it (tests/test_excited_fraction.py pins their difference).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from mevdm.early.cosmology import Cosmology, interp_uniform
from mevdm.core.units import (ALPHA_EM, GEV_PER_CM3_IN_MEV, M_E, M_PLANCK_MEV,
                    OMEGA_DM_H2, RHO_CRIT_OVER_H2_GEV_CM3, S0_CM3)

G_E = 4.0  # electron + positron spin states
# ln G(T) table (G in MeV^5), uniform in ln T
LNT_MIN, LNT_MAX, N_LNT = math.log(1e-10), math.log(1e4), 4001
# rho_DM / s0 [MeV]: n_chi(T) [MeV^3] = RHO_OVER_S0 f_chi s(T)[MeV^3] / m_chi
RHO_OVER_S0_MEV = OMEGA_DM_H2 * RHO_CRIT_OVER_H2_GEV_CM3 * GEV_PER_CM3_IN_MEV / S0_CM3
HUBBLE_CONST = math.sqrt(8 * math.pi**3 / 90.0) / M_PLANCK_MEV


def _ln_G_table():
    """ln G(T) on the ln T grid (module docstring), G = (g_e/2pi^2) int_{m_e} (E^4 - m_e^4) f_FD dE."""
    u, w = np.polynomial.laguerre.laggauss(80)
    lnT = np.linspace(LNT_MIN, LNT_MAX, N_LNT)
    out = np.empty(N_LNT)
    for i, lt in enumerate(lnT):
        T = math.exp(lt)
        E = M_E + T * u
        # (E^4 - m^4) = (E - m)(E + m)(E^2 + m^2); factor e^{-m/T} out of f_FD
        poly = (T * u) * (E + M_E) * (E * E + M_E * M_E)
        fd = 1.0 / (1.0 + np.exp(-E / T))  # f_FD e^{E/T}
        integ = T * np.sum(w * poly * fd)
        out[i] = -M_E / T + math.log(G_E / (2 * math.pi**2) * integ)
    return out


LN_G = _ln_G_table()
DLNT_G = (LNT_MAX - LNT_MIN) / (N_LNT - 1)


def gamma_chie_MeV(T_MeV, eps, alpha_D, mA_MeV):
    """Gamma(chi* e -> chi e) per chi* [MeV] (Eq. 3.2 generalised to all T, spec A3)."""
    lnT = np.log(np.asarray(T_MeV, float))
    g = np.exp(np.interp(lnT, np.linspace(LNT_MIN, LNT_MAX, N_LNT), LN_G))
    return 8 * math.pi * ALPHA_EM * alpha_D * eps**2 / mA_MeV**4 * g


def gamma_chie_eq3_2_MeV(T_MeV, eps, alpha_D, mA_MeV):
    """Relativistic-electron limit 360 zeta(5)/pi alpha alpha_D eps^2 T^5/m_A'^4 (Eq. 3.2)."""
    zeta5 = 1.0369277551433699
    return 360 * zeta5 / math.pi * ALPHA_EM * alpha_D * eps**2 * np.asarray(T_MeV) ** 5 / mA_MeV**4


def sigmav_down_MeV2(m_chi_MeV, alpha_D, mA_MeV, T_chi_MeV, delta_MeV):
    """<sigma v>(chi* chi* -> chi chi) [MeV^-2] (Eq. 3.3)."""
    return (2**2.5 * math.pi * alpha_D**2 * m_chi_MeV**1.5 / mA_MeV**4
            * np.sqrt(np.maximum(2 * T_chi_MeV / math.pi, delta_MeV)))


# ----------------------------------------------------------------------------
# kernels
# ----------------------------------------------------------------------------
@njit(cache=True)
def _gchi(lnT, lnG):
    return math.exp(interp_uniform(lnT, LNT_MIN, DLNT_G, lnG))


@njit(cache=True)
def _hubble(lnT, lnT0, dlnT, gstar):
    T = math.exp(lnT)
    return HUBBLE_CONST * math.sqrt(interp_uniform(lnT, lnT0, dlnT, gstar)) * T * T


@njit(cache=True)
def _n_chi(lnT, m, f_chi, lnT0, dlnT, gstar_s):
    """n_chi + n_chi* [MeV^3] after freeze-out (DM fraction f_chi)."""
    T = math.exp(lnT)
    s = 2.0 * math.pi**2 / 45.0 * interp_uniform(lnT, lnT0, dlnT, gstar_s) * T * T * T
    return RHO_OVER_S0_MEV * f_chi * s / m


@njit(cache=True)
def _sv_down(m, aD, mA, Tchi, delta):
    v = 2.0 * Tchi / math.pi
    if delta > v:
        v = delta
    return 2.0**2.5 * math.pi * aD * aD * m**1.5 / mA**4 * math.sqrt(v)


@njit(cache=True)
def _tchi(lnT, lnTkin):
    if lnT >= lnTkin:
        return math.exp(lnT)
    return math.exp(2.0 * lnT - lnTkin)


@njit(cache=True)
def _t_kin(ce, lnT_hi, lnG, lnT0, dlnT, gstar):
    """ln T_kin with Gamma_chie = H (bisection in ln T; ce = 8 pi alpha alpha_D eps^2/m_A'^4)."""
    lo = LNT_MIN
    hi = lnT_hi
    if ce * _gchi(hi, lnG) < _hubble(hi, lnT0, dlnT, gstar):
        return hi  # already decoupled at the start
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if ce * _gchi(mid, lnG) > _hubble(mid, lnT0, dlnT, gstar):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


@njit(cache=True)
def _ratio_dd(lnT, m, aD, mA, delta, f_chi, lnTkin, lnT0, dlnT, gstar, gstar_s):
    """ln(Gamma_chi*chi / H) at SM temperature T (Eq. 3.3)."""
    tc = _tchi(lnT, lnTkin)
    g = _n_chi(lnT, m, f_chi, lnT0, dlnT, gstar_s) * _sv_down(m, aD, mA, tc, delta)
    return -delta / tc + math.log(g) - math.log(_hubble(lnT, lnT0, dlnT, gstar))


@njit(cache=True)
def _t_chichi(m, aD, mA, delta, f_chi, lnT_hi, lnTkin, lnT0, dlnT, gstar, gstar_s):
    """ln T where Gamma_chi*chi = H (nan if below H already at T_hi).

    Gamma_chi*chi/H ~ e^{-delta/T_chi} T T_chi^{1/2} rises monotonically with T, so the crossing
    is unique (the "last" one of spec A3) and bisection in ln T finds it.
    """
    if _ratio_dd(lnT_hi, m, aD, mA, delta, f_chi, lnTkin, lnT0, dlnT, gstar, gstar_s) < 0.0:
        return np.nan
    lo = LNT_MIN
    hi = lnT_hi
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _ratio_dd(mid, m, aD, mA, delta, f_chi, lnTkin, lnT0, dlnT, gstar, gstar_s) >= 0.0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


@njit(cache=True)
def _ode(m, aD, mA, delta, f_chi, ce, lnT_start, lnT_end, lnTkin, h,
         lnG, lnT0, dlnT, gstar, gstar_s):
    """f* from the rate equation (module docstring (b)); BDF2 in s = -ln T, closed-form steps."""
    lnT = lnT_start
    T = math.exp(lnT)
    a0 = math.exp(-delta / T)
    f_prev = a0 / (1.0 + a0)
    f = f_prev
    n = 0
    while lnT > lnT_end:
        lnT -= h
        T = math.exp(lnT)
        H = _hubble(lnT, lnT0, dlnT, gstar)
        tc = _tchi(lnT, lnTkin)
        A = ce * _gchi(lnT, lnG) / H
        a = math.exp(-delta / T)
        B = _n_chi(lnT, m, f_chi, lnT0, dlnT, gstar_s) * _sv_down(m, aD, mA, tc, delta) / H
        b = math.exp(-2.0 * delta / tc)
        # R(f) = -alpha2 f^2 - alpha1 f + alpha0
        al2 = B * (1.0 - b)
        al1 = A * (1.0 + a) + 2.0 * B * b
        al0 = A * a + B * b
        if n == 0:
            c, k = f, h  # backward Euler for the first step
        else:
            c = (4.0 * f - f_prev) / 3.0
            k = 2.0 * h / 3.0
            if c <= 0.0:
                c, k = f, h
        qa = k * al2
        qb = 1.0 + k * al1
        qc = c + k * al0
        f_new = 2.0 * qc / (qb + math.sqrt(qb * qb + 4.0 * qa * qc))
        f_prev = f
        f = f_new
        n += 1
        lam = A * (1.0 + a) + 2.0 * B * (f * (1.0 - b) + b)
        if lam < 1.0e-9 and T < 0.1 * delta and lnT < lnTkin:
            break
    return f


@njit(cache=True)
def fstar_kernel(m, aD, mA, eps, delta, f_chi, t_start_over_m, lnT_end, h, do_ode,
                 lnG, lnT0, dlnT, gstar, gstar_s, out):
    """For each point i: out[i] = (T_kin, T_chichi*, T_chem, f*_semi, f*_ode) (spec A3 (a), (b))."""
    for i in range(m.size):
        ce = 8.0 * math.pi * ALPHA_EM * aD[i] * eps[i] ** 2 / mA[i] ** 4
        lnT_hi = math.log(t_start_over_m * m[i])
        lnTkin = _t_kin(ce, lnT_hi, lnG, lnT0, dlnT, gstar)
        lnTdd = _t_chichi(m[i], aD[i], mA[i], delta[i], f_chi[i], lnT_hi, lnTkin,
                          lnT0, dlnT, gstar, gstar_s)
        tkin = math.exp(lnTkin)
        if lnTdd != lnTdd:
            tdd = math.inf  # chi* chi* -> chi chi never faster than H
        else:
            tdd = _tchi(lnTdd, lnTkin)
        tchem = min(tkin, tdd)
        x = math.exp(-delta[i] / tchem)
        out[i, 0] = tkin
        out[i, 1] = tdd
        out[i, 2] = tchem
        out[i, 3] = x / (1.0 + x)
        if do_ode:
            out[i, 4] = _ode(m[i], aD[i], mA[i], delta[i], f_chi[i], ce, lnT_hi, lnT_end, lnTkin,
                             h, lnG, lnT0, dlnT, gstar, gstar_s)
        else:
            out[i, 4] = out[i, 3]
    return out


# ----------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------
@dataclass
class FstarResult:
    """Arrays with the broadcast shape of the inputs (temperatures in MeV)."""

    T_kin_MeV: np.ndarray
    T_chichi_MeV: np.ndarray  # DM temperature of chi* chi* -> chi chi decoupling (inf: never coupled)
    T_chem_MeV: np.ndarray
    fstar_semi: np.ndarray
    fstar_ode: np.ndarray

    def fstar(self, method: str = "semi") -> np.ndarray:
        if method not in ("semi", "ode"):
            raise ValueError(f"f* method must be 'semi' or 'ode', got {method!r}")
        return self.fstar_semi if method == "semi" else self.fstar_ode


def excited_fraction(m_chi_MeV, delta_MeV, eps, alpha_D, mA_over_mchi=3.0, f_chi=1.0,
                     cosmo: Cosmology | None = None, ode=True, t_start_over_m=0.05,
                     T_end_MeV=1.0e-8, step_lnT=0.005) -> FstarResult:
    """f* (both recipes), T_kin, T_chichi*, T_chem for arrays of points (spec A3; Eqs. 3.2-3.4).

    All parameter arrays broadcast together.  cosmo: g*(T) tables (default: the SM table of
    mevdm.early.relic).  ode=False skips recipe (b) (fstar_ode then equals fstar_semi).
    """
    from mevdm.early.relic import default_cosmology

    arrs = np.broadcast_arrays(*[np.asarray(v, float) for v in
                                 (m_chi_MeV, delta_MeV, eps, alpha_D, mA_over_mchi, f_chi)])
    shape = arrs[0].shape
    m, d, e, a, r, fc = [np.ascontiguousarray(v.ravel()) for v in arrs]
    for name, v, ok, allowed in (
            ("m_chi_MeV", m, (m > 0) & np.isfinite(m), "> 0"),
            ("delta_MeV", d, (d > 0) & (d < m), "in (0, m_chi)"),
            ("eps", e, (e > 0) & (e < 1), "in (0, 1)"),
            ("alpha_D", a, (a > 0) & (a <= 4 * math.pi), "in (0, 4 pi]"),
            ("mA_over_mchi", r, r > 2, "> 2"),
            ("f_chi", fc, (fc > 0) & (fc <= 1), "in (0, 1]")):
        if not np.all(ok):
            i = int(np.flatnonzero(~ok)[0])
            raise ValueError(f"{name} = {v[i]} at point {i} must be {allowed}")
    if not (0 < t_start_over_m <= 1 and 0 < T_end_MeV and 1e-4 <= step_lnT <= 0.1):
        raise ValueError("t_start_over_m in (0, 1], T_end_MeV > 0 and step_lnT in [1e-4, 0.1] needed")
    if np.any(T_end_MeV >= t_start_over_m * m):
        raise ValueError(f"T_end_MeV = {T_end_MeV} must lie below the start T = m_chi x {t_start_over_m}")
    cosmo = cosmo or default_cosmology()
    out = np.empty((m.size, 5))
    fstar_kernel(m, a, r * m, e, d, fc, float(t_start_over_m), math.log(T_end_MeV), float(step_lnT),
                 bool(ode), LN_G, cosmo.lnT0, cosmo.dlnT, cosmo.gstar, cosmo.gstar_s, out)
    cols = [out[:, j].reshape(shape) for j in range(5)]
    return FstarResult(*cols)


def fstar_scaling_eq3_5(m_chi_MeV, alpha_D, delta_keV, T_chem_over_delta, mA_over_mchi=3.0):
    """Eq. 3.5: f* ~ few x 1e-4 (m/100 MeV)^{7/2} (alpha_D/0.5)^-2 (delta/keV)^-1 (T_chem/delta)^-1/2 (r/3)^4
    ("few" = 3, order-of-magnitude only)."""
    return (3e-4 * (np.asarray(m_chi_MeV) / 100) ** 3.5 * (np.asarray(alpha_D) / 0.5) ** -2
            * np.asarray(delta_keV) ** -1 * np.asarray(T_chem_over_delta) ** -0.5
            * (np.asarray(mA_over_mchi) / 3) ** 4)
