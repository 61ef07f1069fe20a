"""Production-rate ratios used to recast missing-energy limits between mediator spins.

NA64-type limits (electron bremsstrahlung e⁻Z → e⁻Z X, X invisible) are recast from a dark
photon to a scalar or pseudoscalar coupled to electrons through the ratio of x-integrated
improved-Weizsäcker–Williams yields above the energy cut (spec paper-000-002 §1.6):

    R_X(m) = ∫_{x_cut}^{1} dσ_X/dx dx / ∫_{x_cut}^{1} dσ_V/dx dx   (equal coupling g = eε)
    g_e^lim(m) = e ε_lim(m) / sqrt(R_X(m))

The differential shapes are those of the NA64 Geant4 package DMG4 (DarkPhotons.cc,
DarkScalars.cc, DarkPseudoScalars.cc), with N_S = N_P = N_V / 2 from the leading-log totals.
Masses and energies in MeV.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from mevdm.core import units as u

# Gauss–Legendre nodes on [-1, 1] for the integral in t = ln(1 - x).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(96)
_LN_U_MIN = np.log(1.0e-14)  # lower end of ln(1-x); the x -> 1 pole is regulated by m_e^2 x
SPINS = {"vector": 0, "scalar": 1, "pseudoscalar": 2}


@njit(cache=True)
def _dsigma_dx(x, m, e0, me, spin):
    """IWW dσ/dx up to a common constant (DMG4; spec paper-000-002 §1.6); spin 0=V, 1=S, 2=P."""
    ut = -m * m * (1.0 - x) / x - me * me * x
    p2 = x * x * e0 * e0 - m * m
    if p2 <= 0.0:
        return 0.0
    p = np.sqrt(p2)
    if spin == 0:
        return p * (me * me * x * (-2.0 + 2.0 * x + x * x) - 2.0 * ut * (3.0 - 3.0 * x + x * x)) \
            / (3.0 * x * ut * ut)
    if spin == 1:
        return 0.5 * p * (me * me * (2.0 - x) ** 2 - 2.0 * ut * x) / (3.0 * ut * ut)
    return 0.5 * p * (me * me * x * x - 2.0 * x * ut) / (3.0 * x * ut * ut)


@njit(cache=True)
def _yield_above_cut(m, e0, x_cut, me, spin, gx, gw, nsub):
    """∫_{x_cut}^{1} dσ/dx dx in t = ln(1-x), split into nsub Gauss–Legendre panels."""
    t_lo = _LN_U_MIN
    t_hi = np.log(1.0 - x_cut)
    total = 0.0
    h = (t_hi - t_lo) / nsub
    for k in range(nsub):
        a = t_lo + k * h
        for i in range(gx.shape[0]):
            t = a + 0.5 * h * (gx[i] + 1.0)
            one_minus_x = np.exp(t)
            total += 0.5 * h * gw[i] * one_minus_x * _dsigma_dx(1.0 - one_minus_x, m, e0, me, spin)
    return total


@njit(cache=True)
def _ratio_kernel(m_arr, e0, x_cut, me, spin, gx, gw, nsub):
    """R_X(m) = yield_X / yield_V above x_cut for each mass (spec paper-000-002 §1.6)."""
    out = np.empty(m_arr.shape[0])
    for j in range(m_arr.shape[0]):
        v = _yield_above_cut(m_arr[j], e0, x_cut, me, 0, gx, gw, nsub)
        s = _yield_above_cut(m_arr[j], e0, x_cut, me, spin, gx, gw, nsub)
        out[j] = s / v
    return out


def brem_yield_ratio(m_MeV, spin: str, beam_energy_MeV: float = 1.0e5, x_cut: float = 0.5):
    """R_X(m): bremsstrahlung yield of spin X over a vector's above x_cut (spec 000 §1.6).

    ``spin`` in {'vector', 'scalar', 'pseudoscalar'}; ``m_MeV`` array of mediator masses [MeV].
    """
    if spin not in SPINS:
        raise ValueError(f"spin must be one of {sorted(SPINS)}, got {spin!r}")
    if not 0.0 < x_cut < 1.0:
        raise ValueError(f"x_cut must be in (0, 1), got {x_cut}")
    m = np.atleast_1d(np.asarray(m_MeV, dtype=float))
    if np.any(m <= 0) or np.any(m >= x_cut * beam_energy_MeV):
        raise ValueError(f"mediator mass must be in (0, x_cut*E0 = {x_cut * beam_energy_MeV}) MeV")
    if spin == "vector":
        return np.ones_like(m)
    return _ratio_kernel(m, float(beam_energy_MeV), float(x_cut), u.M_E, SPINS[spin], _GL_X, _GL_W, 8)


def brem_coupling_factor(m_MeV, spin: str, beam_energy_MeV: float = 1.0e5, x_cut: float = 0.5):
    """g_X^lim / (e ε_lim) = 1/sqrt(R_X(m)) (spec paper-000-002 §1.6, check T10)."""
    return 1.0 / np.sqrt(brem_yield_ratio(m_MeV, spin, beam_energy_MeV, x_cut))
