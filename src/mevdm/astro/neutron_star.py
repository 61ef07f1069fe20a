"""Neutron-star capture of halo DM on the NS electrons (jho2020 Sec. V, Eqs. 11-12; spec B4).

C_geom: the paper's Eq. 11 scaling; sigma_crit = pi R_NS^2 / N_e with N_e = Y_e M_NS / m_n;
C_c = sqrt(6/pi) (rho/m_DM) (v_esc^2 / vbar^2) (vbar xi) N_e sigma_tot  (Eq. 12, McDermott et al.),
sigma_tot = int_0^{K_e^max} dsigma_X/dK_e dK_e (Eq. 8) for DM of kinetic energy m_DM (gamma - 1)
at v = v_esc (CHOICE), and the Pauli-blocking factor xi = delta p / p_F an explicit parameter.
"""

from __future__ import annotations

import math

import numpy as np

from mevdm.models.lepton_vector import dsigma_dT_array, sigma_total, t_max
from mevdm.core.units import (C_KM_S, C_CM_S, GEV_PER_CM3_IN_MEV, KM_CM, M_E, M_N, M_SUN_G, MEV2_TO_CM2,
                    MEV_PER_GRAM)

C_GEOM_REF_S = 5.6e25  # Eq. 11 normalisation [1/s] at rho = 1 GeV/cm^3, m = 1 GeV, 11.6 km, 1.52 M_sun
R_NS_REF_KM = 11.6
M_NS_REF_MSUN = 1.52


def _positive(**kw):
    for k, v in kw.items():
        if not v > 0:
            raise ValueError(f"{k} must be > 0, got {v}")


def c_geom_s(m_dm_MeV, rho_GeV_cm3=0.4, r_ns_km=R_NS_REF_KM, m_ns_msun=M_NS_REF_MSUN):
    """Geometric capture rate [1/s] (Eq. 11)."""
    _positive(m_dm_MeV=m_dm_MeV, rho_GeV_cm3=rho_GeV_cm3, r_ns_km=r_ns_km, m_ns_msun=m_ns_msun)
    return (C_GEOM_REF_S * rho_GeV_cm3 * (1.0e3 / m_dm_MeV) * (r_ns_km / R_NS_REF_KM)
            * (m_ns_msun / M_NS_REF_MSUN))


def n_electrons(m_ns_msun=M_NS_REF_MSUN, electron_fraction=0.05):
    """Number of electrons N_e = Y_e M_NS / m_n (5 % electrons, Bell-Busoni-Robles)."""
    _positive(m_ns_msun=m_ns_msun, electron_fraction=electron_fraction)
    return electron_fraction * m_ns_msun * M_SUN_G * MEV_PER_GRAM / M_N


def sigma_crit_cm2(r_ns_km=R_NS_REF_KM, m_ns_msun=M_NS_REF_MSUN, electron_fraction=0.05):
    """Critical cross section pi R_NS^2 / N_e [cm^2]."""
    return math.pi * (r_ns_km * KM_CM) ** 2 / n_electrons(m_ns_msun, electron_fraction)


def dm_kinetic_energy_MeV(m_dm_MeV, v_esc_c=0.63):
    """K_DM = m (gamma - 1) of DM falling to the NS surface with v = v_esc."""
    _positive(m_dm_MeV=m_dm_MeV, v_esc_c=v_esc_c)
    if v_esc_c >= 1:
        raise ValueError(f"v_esc_c must be < 1, got {v_esc_c}")
    return m_dm_MeV * (1.0 / math.sqrt(1.0 - v_esc_c ** 2) - 1.0)


def dm_momentum_MeV(m_dm_MeV, v_esc_c=0.63):
    """p_DM = gamma m v at the NS surface [MeV]."""
    return m_dm_MeV * v_esc_c / math.sqrt(1.0 - v_esc_c ** 2)


def sigma_tot_cm2(m_dm_MeV, m_x_MeV, sqrt_gegchi, v_esc_c=0.63):
    """int dK_e dsigma_X/dK_e (Eq. 8) at K_DM = m (gamma - 1) [cm^2]."""
    _positive(m_x_MeV=m_x_MeV, sqrt_gegchi=sqrt_gegchi)
    k = dm_kinetic_energy_MeV(m_dm_MeV, v_esc_c)
    return sqrt_gegchi ** 4 * sigma_total(k, m_dm_MeV, M_E, m_x_MeV) * MEV2_TO_CM2


def mean_momentum_transfer_MeV(m_dm_MeV, m_x_MeV, v_esc_c=0.63, n_nodes=200):
    """<q> = int q dsigma/dK_e dK_e / sigma_tot with q = sqrt(2 m_e K_e) [MeV]: the cross-section-
    weighted momentum transfer of Eq. 8 at K_DM = m (gamma - 1), the same kinematics as sigma_tot.

    Limits: (2/3) q_max for m_X >> q_max (contact), (pi/2) m_X for m_X << q_max (light mediator)."""
    _positive(m_x_MeV=m_x_MeV)
    k = dm_kinetic_energy_MeV(m_dm_MeV, v_esc_c)
    tmax = t_max(k, m_dm_MeV, M_E)
    tlo = min(tmax, m_x_MeV ** 2 / (2.0 * M_E)) * 1.0e-10
    x, w = np.polynomial.legendre.leggauss(n_nodes)
    lt = 0.5 * (math.log(tmax) - math.log(tlo)) * x + 0.5 * (math.log(tmax) + math.log(tlo))
    t = np.exp(lt)
    dsig = dsigma_dT_array(t, k, m_dm_MeV, M_E, m_x_MeV) * t * w  # dT = T dlnT
    return float(np.sum(np.sqrt(2.0 * M_E * t) * dsig) / np.sum(dsig))


XI_CONVENTIONS = ("mean_q", "min_pDM_mX", "mX", "pDM", "fixed")


def pauli_xi(m_dm_MeV, m_x_MeV, convention="mean_q", p_fermi_MeV=200.0, v_esc_c=0.63,
             xi_fixed=None):
    """Pauli-blocking factor xi = delta p / p_F (jho2020 Eq. 12) with delta p chosen by `convention`.

    'mean_q': delta p = <q>, the cross-section-weighted momentum transfer (the paper's "typical
    momentum transfer"; -> ~p_DM for a contact-like exchange, ~(pi/2) m_X for a light mediator);
    'min_pDM_mX': delta p = min(p_DM, m_X) (round-1 heuristic); 'mX': m_X; 'pDM': p_DM;
    'fixed': xi = xi_fixed.
    """
    _positive(p_fermi_MeV=p_fermi_MeV)
    if convention not in XI_CONVENTIONS:
        raise ValueError(f"convention must be one of {XI_CONVENTIONS}, got {convention!r}")
    if convention == "fixed":
        if xi_fixed is None or not 0 < xi_fixed <= 1:
            raise ValueError(f"xi_fixed must be in (0, 1] for convention 'fixed', got {xi_fixed}")
        return float(xi_fixed)
    return min(1.0, delta_p_MeV(m_dm_MeV, m_x_MeV, convention, v_esc_c) / p_fermi_MeV)


def delta_p_MeV(m_dm_MeV, m_x_MeV, convention="mean_q", v_esc_c=0.63):
    """Typical momentum transfer delta p [MeV] of the convention (see pauli_xi)."""
    p = dm_momentum_MeV(m_dm_MeV, v_esc_c)
    if convention == "mean_q":
        return mean_momentum_transfer_MeV(m_dm_MeV, m_x_MeV, v_esc_c)
    return {"min_pDM_mX": min(p, m_x_MeV), "mX": m_x_MeV, "pDM": p}[convention]


def capture_rate_s(m_dm_MeV, m_x_MeV, sqrt_gegchi, xi, rho_GeV_cm3=0.4, v_esc_c=0.63,
                   v_bar_km_s=220.0, m_ns_msun=M_NS_REF_MSUN, electron_fraction=0.05):
    """C_c [1/s] of Eq. 12 with the Pauli factor xi."""
    _positive(xi=xi, rho_GeV_cm3=rho_GeV_cm3, v_bar_km_s=v_bar_km_s)
    if np.any(np.asarray(xi, float) > 1.0):
        raise ValueError(f"xi = {xi}: the Pauli-blocking factor must lie in (0, 1]")
    n_dm = rho_GeV_cm3 * GEV_PER_CM3_IN_MEV / m_dm_MeV  # cm^-3
    v_esc = v_esc_c * C_KM_S
    vbar_cm_s = v_bar_km_s / C_KM_S * C_CM_S
    return (math.sqrt(6.0 / math.pi) * n_dm * (v_esc / v_bar_km_s) ** 2 * vbar_cm_s * xi
            * n_electrons(m_ns_msun, electron_fraction)
            * sigma_tot_cm2(m_dm_MeV, m_x_MeV, sqrt_gegchi, v_esc_c))
