"""Pseudo-Dirac (inelastic) DM chi/chi* with a dark photon (baryakhtar2020, spec A1).

Parameters: m_chi [MeV], splitting delta [MeV], m_A' [MeV], kinetic mixing eps,
alpha_D.  Velocities in units of c.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.core.units import ALPHA_EM, M_E, M_MU, MEV2_TO_CM2, MEV2_TO_CM3_S


def check_point(m_chi_MeV, delta_MeV, name="") -> None:
    """Raise ValueError unless 0 < delta < m_chi (the splitting must be below the mass)."""
    where = f" ({name})" if name else ""
    if not np.all(np.asarray(m_chi_MeV) > 0):
        raise ValueError(f"m_chi must be > 0 MeV{where}, got {m_chi_MeV}")
    if not np.all(np.asarray(delta_MeV) >= 0):
        raise ValueError(f"delta must be >= 0{where}, got {delta_MeV} MeV")
    if not np.all(np.asarray(delta_MeV) < np.asarray(m_chi_MeV)):
        raise ValueError(f"delta = {delta_MeV} MeV must be below m_chi = {m_chi_MeV} MeV{where}")


def reduced_mass_e(m_chi_MeV):
    """mu_chi-e = m_e m_chi / (m_e + m_chi) [MeV]."""
    return M_E * m_chi_MeV / (M_E + m_chi_MeV)


def sigma_e_cm2(m_chi_MeV, eps, alpha_D, mA_MeV):
    """Elastic-limit DM-electron cross section 16 pi alpha alpha_D eps^2 mu^2 / m_A'^4 (Eq. 2.3)."""
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("eps", eps)
    check.array("alpha_D", alpha_D, lo=0.0, lo_open=True, hi=4 * math.pi, unit="(perturbative)")
    check.array("mA_MeV", mA_MeV, lo=0.0, lo_open=True, unit="MeV")
    mu = reduced_mass_e(m_chi_MeV)
    return 16 * math.pi * ALPHA_EM * alpha_D * eps**2 * mu**2 / mA_MeV**4 * MEV2_TO_CM2



def sigmav_coann_lepton_cm3_s(m_chi_MeV, eps, alpha_D, mA_MeV, m_lepton_MeV=M_E):
    """sigma v(chi chi* -> l+ l-) at s = 4 m^2 (Eq. 3.7 generalised, spec A1)."""
    m = np.asarray(m_chi_MeV, dtype=float)
    ratio = np.clip(m_lepton_MeV**2 / m**2, 0.0, 1.0)
    phase = (1 + 0.5 * ratio) * np.sqrt(1 - ratio)
    sv = 16 * math.pi * ALPHA_EM * alpha_D * eps**2 * m**2 / (4 * m**2 - mA_MeV**2) ** 2 * phase
    return sv * MEV2_TO_CM3_S


def sigmav_coann_leptons_cm3_s(m_chi_MeV, eps, alpha_D, mA_MeV):
    """Sum over e and mu final states (hadrons are not included here)."""
    return (sigmav_coann_lepton_cm3_s(m_chi_MeV, eps, alpha_D, mA_MeV, M_E)
            + sigmav_coann_lepton_cm3_s(m_chi_MeV, eps, alpha_D, mA_MeV, M_MU))


def eps_from_sigmav_ee(sigmav_cm3_s, m_chi_MeV, alpha_D, mA_MeV):
    """Kinetic mixing giving a chi chi* -> e+ e- cross section sigmav (inverse of the above)."""
    unit = sigmav_coann_lepton_cm3_s(m_chi_MeV, 1.0, alpha_D, mA_MeV, M_E)
    return np.sqrt(sigmav_cm3_s / unit)


def sigma_e_from_sigmav_ee_cm2(m_chi_MeV, sigmav_ee_cm3_s, alpha_D, mA_over_mchi):
    """sigma_e for a given chi chi* -> e+e- sigma v (spec A1); the thermal target solves for sigmav
    in mevdm.models.inelastic_thermal."""
    mA = mA_over_mchi * np.asarray(m_chi_MeV, dtype=float)
    eps = eps_from_sigmav_ee(sigmav_ee_cm3_s, m_chi_MeV, alpha_D, mA)
    return sigma_e_cm2(m_chi_MeV, eps, alpha_D, mA)


@njit(cache=True)
def recoil_range_MeV(v, mu, delta, m_e):
    """Exothermic chi* e -> chi e recoil window [E_R^-, E_R^+] at DM speed v (Eqs. 2.4, 4.11)."""
    root = math.sqrt(mu * mu * v * v + 2.0 * mu * delta)
    q_plus = root + mu * v
    q_minus = root - mu * v
    return q_minus * q_minus / (2.0 * m_e), q_plus * q_plus / (2.0 * m_e)


@njit(cache=True)
def flat_box_cells(v, weight, mu, delta, m_e, edges_MeV, out):
    """Add, for each speed v[i], a flat recoil spectrum of total weight[i] * sqrt(1 + 2 delta/(mu v^2))
    on [E_R^-, E_R^+] (Eqs. 2.5, 4.11) to out[j] = integral over the cell [edges[j], edges[j+1]]."""
    n_cells = edges_MeV.size - 1
    for i in range(v.size):
        if weight[i] == 0.0:
            continue
        e_lo, e_hi = recoil_range_MeV(v[i], mu, delta, m_e)
        total = weight[i] * math.sqrt(1.0 + 2.0 * delta / (mu * v[i] * v[i]))
        density = total / (e_hi - e_lo)
        j = np.searchsorted(edges_MeV, e_lo) - 1
        if j < 0:
            j = 0
        while j < n_cells and edges_MeV[j] < e_hi:
            lo = max(e_lo, edges_MeV[j])
            hi = min(e_hi, edges_MeV[j + 1])
            if hi > lo:
                out[j] += density * (hi - lo)
            j += 1
    return out
