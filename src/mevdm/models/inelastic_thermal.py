"""Thermal target of pseudo-Dirac (inelastic) DM: the kinetic mixing eps(m_chi, alpha_D, m_A'/m_chi)
for which chi chi* -> A'* -> f fbar coannihilation leaves Omega h^2 = 0.120 f_chi
(baryakhtar2020 Sec. 3.1, Eqs. 3.1, 3.6, 3.7; spec paper-003-004 A2).

Boltzmann equation: ``mevdm.relic`` with chi and chi* as two Majorana states (g = 2 each,
delta << T_f so equal weights), only chi chi* annihilating: <sigma v>_eff = sigma v(chi chi*)/2.
Cross sections are evaluated at s = 4 m_chi^2 (s-wave, spec A1 CHOICE):

    sigma v(chi chi* -> l+ l-) = 16 pi alpha alpha_D eps^2 m^2/(4m^2 - m_A'^2)^2
                                 (1 + m_l^2/(2m^2)) sqrt(1 - m_l^2/m^2),   l = e, mu (thresholds);
    sigma v(chi chi* -> hadrons) = sigma v(m_f -> 0) R(sqrt s = 2 m_chi).

CHOICE (no PDG R-ratio table in the data registry): R(sqrt s) is a vector-meson-dominance model,
R = R_pipi(rho, energy-dependent width) + omega and phi Breit-Wigners + a continuum
2 (1 + alpha_s/pi) switched on smoothly over 1.05-1.4 GeV.  It matters only for
m_chi > m_pi (sqrt s > 2 m_pi); the thermal sigma v does not depend on the channels (s-wave),
only eps does.  ``hadrons=False`` gives the leptons-only target of the spec A2 table.

Units: masses in MeV, sigma v in cm^3/s.
"""

from __future__ import annotations

import math

import numpy as np

from mevdm.early import relic
from mevdm.core.units import ALPHA_EM, M_PI_CHARGED, MEV2_TO_CM2, OMEGA_DM_H2
from mevdm.models import inelastic
from mevdm.models.inelastic import reduced_mass_e

# Vector-meson parameters (PDG 2020) for the R-ratio model [MeV]; CHOICE, see module docstring.
M_RHO, G_RHO = 775.26, 147.4
M_OMEGA, G_OMEGA, GEE_OMEGA, BHAD_OMEGA = 782.66, 8.68, 0.60e-3, 0.98
M_PHI, G_PHI, GEE_PHI, BHAD_PHI = 1019.461, 4.249, 1.27e-3, 0.997
ALPHA_S_CONT = 0.5  # alpha_s at ~1.5 GeV for the continuum R = 2 (1 + alpha_s/pi)
CONT_ON_MEV = (1050.0, 1400.0)


def _check_inputs(m_chi_MeV, alpha_D=None, mA_over_mchi=None, f_chi=None):
    m = np.asarray(m_chi_MeV, float)
    if np.any(~(m > 0)) or np.any(~np.isfinite(m)):
        raise ValueError(f"m_chi_MeV must be > 0 and finite, got {m_chi_MeV}")
    if alpha_D is not None:
        a = np.asarray(alpha_D, float)
        if np.any(~(a > 0)) or np.any(a > 4 * math.pi):
            raise ValueError(f"alpha_D must lie in (0, 4 pi] (perturbative), got {alpha_D}")
    if mA_over_mchi is not None and not np.all(np.asarray(mA_over_mchi, float) > 2.0):
        raise ValueError(f"mA_over_mchi must be > 2 (A' -> chi chi* open, s-channel off-shell at "
                         f"s = 4 m^2), got {mA_over_mchi}")
    if f_chi is not None:
        f = np.asarray(f_chi, float)
        if np.any(~(f > 0)) or np.any(f > 1):
            raise ValueError(f"f_chi (DM fraction) must lie in (0, 1], got {f_chi}")


def r_ratio(sqrt_s_MeV):
    """R(sqrt s) = sigma(e+e- -> hadrons)/sigma(e+e- -> mu+mu-), VMD model (module CHOICE)."""
    rs = np.asarray(sqrt_s_MeV, float)
    s = rs * rs
    out = np.zeros_like(rs)
    above = rs > 2 * M_PI_CHARGED
    if np.any(above):
        ss = s[above]
        beta = np.sqrt(1 - 4 * M_PI_CHARGED**2 / ss)
        beta_r = math.sqrt(1 - 4 * M_PI_CHARGED**2 / M_RHO**2)
        width = G_RHO * (M_RHO / np.sqrt(ss)) * (beta / beta_r) ** 3  # p-wave running width
        f_pi2 = M_RHO**4 / ((M_RHO**2 - ss) ** 2 + (M_RHO * width) ** 2)
        out[above] = 0.25 * beta**3 * f_pi2
    sigma_mumu = 4 * math.pi * ALPHA_EM**2 / (3 * s)  # massless, MeV^-2
    for m_v, g_v, g_ee, b_h in ((M_OMEGA, G_OMEGA, GEE_OMEGA, BHAD_OMEGA),
                                (M_PHI, G_PHI, GEE_PHI, BHAD_PHI)):
        bw = 12 * math.pi * g_ee * g_v * b_h * s / (m_v**2 * ((s - m_v**2) ** 2 + (m_v * g_v) ** 2))
        out += np.where(rs > 3 * M_PI_CHARGED, bw / sigma_mumu, 0.0)
    lo, hi = CONT_ON_MEV
    t = np.clip((rs - lo) / (hi - lo), 0, 1)
    out += 2 * (1 + ALPHA_S_CONT / math.pi) * t * t * (3 - 2 * t)
    return out


def sigmav_unit_cm3_s(m_chi_MeV, alpha_D, mA_over_mchi, hadrons=True):
    """sigma v(chi chi* -> all) / eps^2 at s = 4 m^2 [cm^3/s] (Eq. 3.7 + muons + R-ratio)."""
    m = np.asarray(m_chi_MeV, float)
    mA = mA_over_mchi * m
    total = inelastic.sigmav_coann_leptons_cm3_s(m, 1.0, alpha_D, mA)
    if hadrons:  # sigma(hadrons) = R x sigma(massless lepton pair)
        total = total + r_ratio(2 * m) * inelastic.sigmav_coann_lepton_cm3_s(m, 1.0, alpha_D, mA, 0.0)
    return total


def thermal_sigmav_cm3_s(m_chi_MeV, f_chi=1.0, omega_h2=OMEGA_DM_H2, cosmo=None, method="full"):
    """sigma v(chi chi*) [cm^3/s] giving Omega h^2 = omega_h2 f_chi (spec A2; mevdm.relic)."""
    _check_inputs(m_chi_MeV, f_chi=f_chi)
    m, f = np.broadcast_arrays(np.asarray(m_chi_MeV, float), np.asarray(f_chi, float))
    out = relic.sigmav_for_omega(m, 0.0, g_chi=2.0, g_partner=2.0, delta_MeV=0.0,
                                 sigmav12_a_cm3_s=1.0, omega_h2_target=omega_h2 * f,
                                 cosmo=cosmo, method=method)
    return out


def eps_from_sigmav(sigmav_cm3_s, m_chi_MeV, alpha_D, mA_over_mchi, hadrons=True):
    """Kinetic mixing with sigma v(chi chi* -> all) = sigmav (inverse of sigmav_unit_cm3_s)."""
    return np.sqrt(sigmav_cm3_s / sigmav_unit_cm3_s(m_chi_MeV, alpha_D, mA_over_mchi, hadrons))


def thermal_eps(m_chi_MeV, alpha_D=0.5, mA_over_mchi=3.0, f_chi=1.0, hadrons=True, cosmo=None,
                omega_h2=OMEGA_DM_H2):
    """Thermal-target eps(m_chi, alpha_D, m_A'/m_chi) for Omega h^2 = 0.12 f_chi (Eq. 3.6, spec A2)."""
    _check_inputs(m_chi_MeV, alpha_D, mA_over_mchi, f_chi)
    sv = thermal_sigmav_cm3_s(m_chi_MeV, f_chi, omega_h2, cosmo)
    return eps_from_sigmav(sv, m_chi_MeV, alpha_D, mA_over_mchi, hadrons)


def sigma_e_from_sigmav(sigmav_cm3_s, m_chi_MeV, mA_over_mchi=3.0, hadrons=True):
    """sigma_e [cm^2] on the thermal line given sigma v(chi chi* -> all); independent of alpha_D
    (sigma_e and sigma v are both proportional to alpha_D eps^2; Eq. 2.3, spec A1)."""
    m = np.asarray(m_chi_MeV, float)
    mA = mA_over_mchi * m
    eps2_alpha = sigmav_cm3_s / sigmav_unit_cm3_s(m, 1.0, mA_over_mchi, hadrons)
    return 16 * math.pi * ALPHA_EM * eps2_alpha * reduced_mass_e(m) ** 2 / mA**4 * MEV2_TO_CM2


def thermal_sigma_e_cm2(m_chi_MeV, mA_over_mchi=3.0, f_chi=1.0, hadrons=True, cosmo=None,
                        omega_h2=OMEGA_DM_H2):
    """sigma_e [cm^2] on the thermal target for Omega h^2 = 0.12 f_chi (any alpha_D)."""
    _check_inputs(m_chi_MeV, None, mA_over_mchi, f_chi)
    sv = thermal_sigmav_cm3_s(m_chi_MeV, f_chi, omega_h2, cosmo)
    return sigma_e_from_sigmav(sv, m_chi_MeV, mA_over_mchi, hadrons)
