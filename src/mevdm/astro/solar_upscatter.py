"""Solar up-scattering of inelastic DM, chi e -> chi* e, in a one-zone solar core
(baryakhtar2020 Sec. 4, spec A5).

The core is a box of volume V at temperature T with electron density n_e; DM at
rest (v_esc << v_e) with density n_chi = n_0 v_esc/v_0 (gravitational focusing).
Units: masses and energies in MeV, velocities in c, densities in cm^-3,
cross sections in cm^2; fluxes in cm^-2 s^-1 (per MeV for spectra).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy import special

from mevdm.core import checks as check
from mevdm.models.inelastic import check_point, flat_box_cells, reduced_mass_e
from mevdm.core.units import (AU_CM, C_CM_S, ELECTRONS_PER_TONNE_XE, GEV_PER_CM3_IN_MEV, M_E, YEAR_S, keV)


@dataclass(frozen=True)
class SolarCore:
    """One-zone solar core (paper's values: T = 1.1 keV, n_e = 2e25 cm^-3, V = 2.2e31 cm^3)."""

    T_MeV: float = 1.1 * keV
    n_e_cm3: float = 2.0e25
    V_cm3: float = 2.2e31
    v_esc_km_s: float = 1500.0
    v0_km_s: float = 220.0

    def __post_init__(self):
        for name in ("T_MeV", "n_e_cm3", "V_cm3", "v_esc_km_s", "v0_km_s"):
            check.number(name, getattr(self, name), lo=0.0, lo_open=True)

    @classmethod
    def from_config(cls, sun: dict) -> "SolarCore":
        return cls(sun["T_keV"] * keV, sun["n_e_cm3"], sun["V_core_cm3"], sun["v_esc_km_s"],
                   sun["v0_km_s"])

    def dm_density_cm3(self, m_chi_MeV, rho0_GeV_cm3=0.3):
        """n_chi,sun = (rho_0/m_chi) v_esc/v_0 (Sec. 4.1)."""
        check.number("rho0_GeV_cm3", rho0_GeV_cm3, lo=0.0, unit="GeV/cm^3")
        check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
        return rho0_GeV_cm3 * GEV_PER_CM3_IN_MEV / m_chi_MeV * self.v_esc_km_s / self.v0_km_s

    def geometry_cm(self):
        """n_e V / (4 pi AU^2) [cm^-5 cm^3 -> cm^-2 per unit n_chi <sigma v>]."""
        return self.n_e_cm3 * self.V_cm3 / (4 * math.pi * AU_CM**2)


def x_parameter(m_chi_MeV, delta_MeV, T_MeV):
    """x = m_e delta / (2 mu T) (Eq. 4.8)."""
    check.array("T_MeV", T_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    return M_E * delta_MeV / (2 * reduced_mass_e(m_chi_MeV) * T_MeV)


def _check_up(sigma_e_cm2, m_chi_MeV, delta_MeV, T_MeV) -> None:
    """Up-scattering needs sigma_e >= 0, 0 < delta < m_chi and T > 0 (Eq. 4.8 has delta/mu, K1(x))."""
    check.array("sigma_e_cm2", sigma_e_cm2, lo=0.0, unit="cm^2")
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("delta_MeV", delta_MeV, lo=0.0, lo_open=True, unit="MeV (an up-scattering needs a splitting)")
    check.array("T_MeV", T_MeV, lo=0.0, lo_open=True, unit="MeV")
    check_point(m_chi_MeV, delta_MeV, "solar up-scattering")


def sigmav_up(sigma_e_cm2, m_chi_MeV, delta_MeV, T_MeV):
    """<sigma_{chi->chi*} v_e> = sigma_e sqrt(2 m_e/(pi T)) (delta/mu) e^-x K1(x) [cm^3/s] (Eq. 4.8)."""
    _check_up(sigma_e_cm2, m_chi_MeV, delta_MeV, T_MeV)
    mu = reduced_mass_e(m_chi_MeV)
    x = x_parameter(m_chi_MeV, delta_MeV, T_MeV)
    return (sigma_e_cm2 * C_CM_S * np.sqrt(2 * M_E / (np.pi * T_MeV)) * (delta_MeV / mu)
            * special.k1e(x) * np.exp(-2 * x))  # k1e(x) = e^x K1(x)


def sigmav_up_numerical(sigma_e_cm2, m_chi_MeV, delta_MeV, T_MeV):
    """Eq. 4.5 by direct double integration over K and v_e (reference for tests)."""
    from scipy import integrate  # the reference only: its import costs ~0.2 s per job

    mu = reduced_mass_e(m_chi_MeV)

    def f_mb(v):  # Eq. 4.7
        return 4 * np.pi * v**2 * (M_E / (2 * np.pi * T_MeV)) ** 1.5 * np.exp(-M_E * v**2 / (2 * T_MeV))

    def inner(K):
        vmin = (m_chi_MeV * K / mu + delta_MeV) / np.sqrt(2 * m_chi_MeV * K)
        # dsigma/dK v_e = sigma_e m_chi / (2 mu^2 v_e)
        val, _ = integrate.quad(lambda v: f_mb(v) * sigma_e_cm2 * m_chi_MeV / (2 * mu**2 * v),
                                vmin, np.inf, epsabs=0, epsrel=1e-10)
        return val

    k_lo, k_hi = K_range(m_chi_MeV, delta_MeV, T_MeV)
    k_peak = mu * delta_MeV / m_chi_MeV
    total = sum(integrate.quad(inner, a, b, epsabs=0, epsrel=1e-10, limit=200)[0]
                for a, b in ((k_lo, k_peak), (k_peak, k_hi)))
    return total * C_CM_S


def mean_v2(m_chi_MeV, delta_MeV, T_MeV):
    """<v^2> of chi* = (2 delta mu / m_chi^2) K2(x)/K1(x) [c^2] (Eq. 4.13, corrected prefactor)."""
    mu = reduced_mass_e(m_chi_MeV)
    x = x_parameter(m_chi_MeV, delta_MeV, T_MeV)
    return 2 * delta_MeV * mu / m_chi_MeV**2 * special.kve(2, x) / special.kve(1, x)


def enhancement_F(m_chi_MeV, delta_MeV, T_MeV):
    """F = sqrt(1 + 2 delta/(mu <v^2>)) (Eq. 4.12)."""
    mu = reduced_mass_e(m_chi_MeV)
    return np.sqrt(1 + 2 * delta_MeV / (mu * mean_v2(m_chi_MeV, delta_MeV, T_MeV)))


@njit(cache=True)
def _dphi_dK_kernel(K, m_chi, delta, T, mu, norm, out):
    """dPhi/dK = norm (m_chi/(2 mu^2)) sqrt(2 m_e/(pi T)) exp(-m_e v_min^2/(2T)) (Eq. 4.2 with 4.4-4.7)."""
    pref = norm * m_chi / (2.0 * mu * mu) * math.sqrt(2.0 * M_E / (math.pi * T))
    for i in range(K.size):
        if K[i] <= 0.0:
            out[i] = 0.0
            continue
        vmin = (m_chi * K[i] / mu + delta) / math.sqrt(2.0 * m_chi * K[i])
        out[i] = pref * math.exp(-M_E * vmin * vmin / (2.0 * T))
    return out


def flux_spectrum(K_MeV, m_chi_MeV, delta_MeV, sigma_e_cm2, sun: SolarCore, rho0_GeV_cm3=0.3):
    """Spectrum of up-scattered chi* at Earth, dPhi/dK [cm^-2 s^-1 MeV^-1] (Eq. 4.2)."""
    _check_up(sigma_e_cm2, m_chi_MeV, delta_MeV, sun.T_MeV)
    check.number("rho0_GeV_cm3", rho0_GeV_cm3, lo=0.0, unit="GeV/cm^3")
    K = np.ascontiguousarray(check.array("K_MeV", K_MeV, lo=0.0, unit="MeV"))
    norm = sun.geometry_cm() * sun.dm_density_cm3(m_chi_MeV, rho0_GeV_cm3) * C_CM_S * sigma_e_cm2
    return _dphi_dK_kernel(K, float(m_chi_MeV), float(delta_MeV), sun.T_MeV,
                           float(reduced_mass_e(m_chi_MeV)), norm, np.empty_like(K))


def total_flux(m_chi_MeV, delta_MeV, sigma_e_cm2, sun: SolarCore, rho0_GeV_cm3=0.3):
    """Phi = n_e <sigma v> n_chi V / (4 pi AU^2) [cm^-2 s^-1] (Eq. 4.1)."""
    return (sun.geometry_cm() * sun.dm_density_cm3(m_chi_MeV, rho0_GeV_cm3)
            * sigmav_up(sigma_e_cm2, m_chi_MeV, delta_MeV, sun.T_MeV))


def flux_ratio_eq4_3(sigmav_cm3_s=1e-30, sun: SolarCore = SolarCore(), v_esc_over_v0=7.0):
    """Phi/Phi_0 = n_e <sigma v> V (v_esc/v0) / (4 pi AU^2 v_0) (Eq. 4.3; paper 5e-8)."""
    return (sun.geometry_cm() * sigmav_cm3_s * v_esc_over_v0
            / (sun.v0_km_s * 1e5))


def K_range(m_chi_MeV, delta_MeV, T_MeV, n_efolds=60.0):
    """Kinetic energies [MeV] where dPhi/dK is within e^-n_efolds of its peak at K* = mu delta/m.

    The exponent is (m_e/2T)[m K/(2 mu^2) + delta/mu + delta^2/(2 m K)] (Eqs. 4.2, 4.6).
    """
    _check_up(0.0, m_chi_MeV, delta_MeV, T_MeV)
    check.number("n_efolds", n_efolds, lo=1.0, hi=700.0)
    mu = reduced_mass_e(m_chi_MeV)
    k_peak = mu * delta_MeV / m_chi_MeV
    k_hi = 4 * n_efolds * mu**2 * T_MeV / (M_E * m_chi_MeV) + 2 * k_peak
    k_lo = min(M_E * delta_MeV**2 / (4 * n_efolds * m_chi_MeV * T_MeV), 0.1 * k_peak)
    return k_lo, k_hi


def K_grid(m_chi_MeV, delta_MeV, T_MeV, n=3000):
    """Log grid of chi* kinetic energies [MeV] over K_range."""
    return np.geomspace(*K_range(m_chi_MeV, delta_MeV, T_MeV), n)


def recoil_cells(edges_keV, m_chi_MeV, delta_MeV, sigma_e_cm2, sun: SolarCore,
                 rho0_GeV_cm3=0.3, n_K=3000):
    """Down-scatter chi* e -> chi e in xenon: events/(t yr) per true-energy cell (Eq. 4.10)."""
    K = K_grid(m_chi_MeV, delta_MeV, sun.T_MeV, n_K)
    dphi = flux_spectrum(K, m_chi_MeV, delta_MeV, sigma_e_cm2, sun, rho0_GeV_cm3)
    dK = np.gradient(K)  # trapezoid-like weights on the log grid
    v = np.sqrt(2 * K / m_chi_MeV)
    weight = dphi * dK * sigma_e_cm2  # flux x sigma_e [s^-1 per electron]
    cells = flat_box_cells(v, weight, float(reduced_mass_e(m_chi_MeV)), float(delta_MeV), M_E,
                           np.asarray(edges_keV, float) * keV, np.zeros(len(edges_keV) - 1))
    return cells * ELECTRONS_PER_TONNE_XE * YEAR_S


def rate_eq4_16(n_e_cm3=2e25, sigma_e_cm2=1e-38, V_cm3=2.2e31, v_ratio=7.0, rho0=0.3,
                m_chi_MeV=3.7, F=8.0, boltzmann=3e-3):
    """Numerical estimate R = 26/(t yr) (...) (Eq. 4.16), evaluated from Eq. 4.15 R = N_T Phi F sigma_e.

    ``boltzmann`` is sqrt(2 delta/mu) exp(-m_e delta/(mu T)), the large-x form of <sigma v>/(sigma_e c).
    """
    sigmav = sigma_e_cm2 * C_CM_S * boltzmann
    n_chi = rho0 * GEV_PER_CM3_IN_MEV / m_chi_MeV * v_ratio
    phi = n_e_cm3 * sigmav * n_chi * V_cm3 / (4 * math.pi * AU_CM**2)
    return phi * F * sigma_e_cm2 * ELECTRONS_PER_TONNE_XE * YEAR_S

