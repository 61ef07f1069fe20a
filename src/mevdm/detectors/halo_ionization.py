"""Xenon ionisation rate of halo dark matter (Essig, Volansky, Yu 2017, Eq. 4; the kernel of
mevdm.detectors.atomic, Ema-Sala-Sato Eqs. 15-17, with the flux of the local halo):

    dR_nl/dE_R = N_T sigma_e / (8 mu^2 E_R) int dq q |f_nl(k', q)|^2 xi(E_min(q)),
    xi(E_min)  = n_DM int_{v_min} d^3v f(v) / v  (= int dE (M/2E) dPhi/dE with E = M v^2/2).

The halo enters only through its Earth-frame speed distribution f(v): the flux
dPhi/dE = n_DM v f(v) dv/dE is tabulated on a log-uniform grid and passed to the same
kernel as the solar-reflected flux, so this module is also a check of that kernel against
an independent code (wimprates, tests/test_halo_ionization.py).
"""

from __future__ import annotations

import numpy as np
from scipy.special import erf

from mevdm.core.units import C_KM_S, GEV_PER_CM3_IN_MEV
from mevdm.detectors.atomic import XenonRecoilSpectrum

SPEED_NORMALISATIONS = ("unit", "wimprates")
Q_MAX_KEV = 1000.0  # top of the q quadrature (XenonFormFactors' tables)


def truncated_maxwellian_speed_pdf(v_km_s, v0_km_s, v_esc_km_s, v_earth_km_s,
                                   normalisation="unit"):
    """Earth-frame speed distribution f(v) [1/(km/s)] of a Maxwellian with dispersion v0
    sharply cut at |u| = v_esc in the Galactic frame (Lewin & Smith 1996, App. 1a).

    The angular integral gives  v/(sqrt(pi) v0 v_E) [e^{-(v-v_E)^2/v0^2} - e^{-(v^2+v_E^2+2 v v_E x_max)/v0^2}],
    x_max = min(1, (v_esc^2 - v_E^2 - v^2)/(2 v v_E)), which integrates to
    N = erf(z) - 2 z e^{-z^2}/sqrt(pi), z = v_esc/v0.  normalisation 'unit' divides by N
    (integral 1); 'wimprates' multiplies by N, as wimprates 0.5 observed_speed_dist does
    (integral N^2 = 0.970 for v0 = 238, v_esc = 544 km/s).
    """
    if normalisation not in SPEED_NORMALISATIONS:
        raise ValueError(f"normalisation '{normalisation}' unknown; allowed: {list(SPEED_NORMALISATIONS)}")
    if not 0 < v0_km_s < v_esc_km_s:
        raise ValueError(f"need 0 < v0_km_s < v_esc_km_s, got v0 = {v0_km_s}, v_esc = {v_esc_km_s}")
    if not 0 < v_earth_km_s < v_esc_km_s:
        raise ValueError(f"v_earth_km_s = {v_earth_km_s} must lie in (0, v_esc_km_s = {v_esc_km_s})")
    v0, ve, vesc = float(v0_km_s), float(v_earth_km_s), float(v_esc_km_s)
    v = np.asarray(v_km_s, float)
    z = vesc / v0
    norm = erf(z) - 2.0 / np.sqrt(np.pi) * z * np.exp(-z * z)
    vs = np.where(v > 0, v, 1.0)
    xmax = np.minimum(1.0, (vesc**2 - ve**2 - vs**2) / (2.0 * ve * vs))
    f = vs / (np.sqrt(np.pi) * v0 * ve) * (np.exp(-((vs - ve) / v0) ** 2)
                                            - np.exp(-(vs**2 + ve**2 + 2.0 * vs * ve * xmax) / v0**2))
    f = np.where((v > 0) & (v <= vesc + ve), f, 0.0)
    return f * (norm if normalisation == "wimprates" else 1.0 / norm)


def halo_flux(m_chi_MeV, rho_local_GeV_cm3, speed_pdf, v_max_km_s, n=4000, v_min_km_s=0.1):
    """(E [MeV], dPhi/dE [cm^-2 s^-1 MeV^-1]) of halo DM on a log-uniform grid up to
    E(v_max): dPhi/dE = n_DM v f(v) dv/dE = n_DM f(v) c^2 / M (v, f in km/s units)."""
    if not m_chi_MeV > 0:
        raise ValueError(f"m_chi_MeV = {m_chi_MeV} must be positive")
    if not rho_local_GeV_cm3 > 0:
        raise ValueError(f"rho_local_GeV_cm3 = {rho_local_GeV_cm3} must be positive")
    if not 0 < v_min_km_s < v_max_km_s:
        raise ValueError(f"need 0 < v_min_km_s < v_max_km_s, got {v_min_km_s}, {v_max_km_s}")
    v = np.geomspace(v_min_km_s, v_max_km_s, int(n))  # log-uniform in v <=> in E
    E = 0.5 * m_chi_MeV * (v / C_KM_S) ** 2
    n_cm3 = rho_local_GeV_cm3 * GEV_PER_CM3_IN_MEV / m_chi_MeV
    dphi = n_cm3 * 1.0e5 * np.asarray(speed_pdf(v), float) * C_KM_S**2 / m_chi_MeV  # 1e5: km -> cm
    return E, dphi


def halo_ionization_rate(ff, E_R_keV, m_chi_MeV, sigma_e_cm2, rho_local_GeV_cm3, speed_pdf,
                         v_max_km_s, n_q=1600, n_v=4000):
    """Per-shell dR_nl/dE_R [events/(t yr keV)] of halo DM (contact interaction, F_DM = 1) for the
    form-factor set ``ff`` (XenonFormFactors or EssigFormFactors); shape (nsh, nE).

    ``speed_pdf(v_km_s)`` is the Earth-frame speed distribution [1/(km/s)], zero above
    v_max_km_s.  n_q: log q nodes on 0.1 keV to the tables' q_max (<= 1000 keV) (1600 keep the q quadrature within 0.1 %
    at E_R = 0.1 keV, 4d; 800 are 0.3 % low, the 160 of the solar-reflected spectra 0.5 % high).
    The form factors on the (E_R, q) grid are interpolated once per ``ff`` and E_R grid
    (XenonRecoilSpectrum.cached); later calls only integrate.
    """
    # a set whose tables end below 1000 keV in q (Essig 2017: 204 keV) gets its last node on
    # that edge: near threshold the kinematic window in q closes right there
    q_max = min(Q_MAX_KEV, getattr(ff, "q_max_keV", Q_MAX_KEV))
    rs = XenonRecoilSpectrum.cached(ff, np.atleast_1d(np.asarray(E_R_keV, float)), n_q=n_q,
                                    q_max_keV=q_max)
    E, dphi = halo_flux(m_chi_MeV, rho_local_GeV_cm3, speed_pdf, v_max_km_s, n=n_v)
    return rs.per_shell(E, dphi, m_chi_MeV, sigma_e_cm2)
