"""AGSS09 standard solar model profile for solar reflection (spec paper-000-002 §1.7).

Read from the verbatim Serenelli et al. (2009, arXiv:0909.2668) table as shipped in
temken/DaMaSCUS-SUN (registry ``solar_model/ssm_agss09_serenelli2009_full.dat``);
everything else is derived here:

* n_e(r) = rho(r) sum_i Z_i X_i / (A_i m_u)  (full ionisation) [cm^-3],
* T(r) [MeV] from the tabulated T [K],
* v_esc(r)^2 = 2 G M_sun / R_sun + 2 G int_r^R_sun M(r') / r'^2 dr'  [in units of c].

Rows: r/R_sun = 0.0015 ... 0.985; beyond the last row the enclosed mass is taken as
the last tabulated M(r) (which is 1.0000 M_sun to the table's precision).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mevdm.core.data import DataStore
from mevdm.core.units import (ATOMIC_MASS_UNIT_G, C_CM_S, C_KM_S, G_NEWTON_CGS, K_BOLTZMANN_MEV_K,
                    M_SUN_G, R_SUN_CM)

AGSS09_FILE = "solar_model/ssm_agss09_serenelli2009_full.dat"
HEADER_LINES = 20  # free text, no comment character (PROVENANCE.md)

# Columns 7-35 of the table: (name, Z, A [u]); A are isotope masses for the isotopes
# and standard atomic weights for the elements (the table gives element fractions).
SPECIES = (
    ("H1", 1, 1.007825), ("He4", 2, 4.002602), ("He3", 2, 3.016029),
    ("C12", 6, 12.0), ("C13", 6, 13.003355), ("N14", 7, 14.003074), ("N15", 7, 15.000109),
    ("O16", 8, 15.994915), ("O17", 8, 16.999132), ("O18", 8, 17.999160),
    ("Ne", 10, 20.1797), ("Na", 11, 22.98977), ("Mg", 12, 24.305), ("Al", 13, 26.981539),
    ("Si", 14, 28.0855), ("P", 15, 30.973762), ("S", 16, 32.065), ("Cl", 17, 35.453),
    ("Ar", 18, 39.948), ("K", 19, 39.0983), ("Ca", 20, 40.078), ("Sc", 21, 44.955912),
    ("Ti", 22, 47.867), ("V", 23, 50.9415), ("Cr", 24, 51.9961), ("Mn", 25, 54.938045),
    ("Fe", 26, 55.845), ("Co", 27, 58.933195), ("Ni", 28, 58.6934),
)


@dataclass(frozen=True)
class SolarProfile:
    """Radial profile of the Sun on the table's radial grid (arrays of equal length)."""

    r_cm: np.ndarray  # radius [cm]
    mass_fraction: np.ndarray  # M(r)/M_sun
    T_MeV: np.ndarray  # temperature [MeV]
    rho_g_cm3: np.ndarray  # density [g/cm^3]
    n_e_cm3: np.ndarray  # free-electron density, full ionisation [cm^-3]
    v_esc: np.ndarray  # local escape speed [c]

    @property
    def x(self):
        """r / R_sun."""
        return self.r_cm / R_SUN_CM

    @property
    def core(self) -> dict:
        """Values at the innermost table row (r = 0.0015 R_sun): n_e, T, v_esc."""
        return {"ne0_cm3": float(self.n_e_cm3[0]), "T0_keV": float(self.T_MeV[0] * 1e3),
                "vesc0_km_s": float(self.v_esc[0] * C_KM_S)}


def electron_density_cm3(rho_g_cm3, mass_fractions):
    """n_e = rho sum_i Z_i X_i/(A_i m_u), full ionisation [cm^-3] (spec §1.7)."""
    z_over_a = np.array([z / a for _, z, a in SPECIES])
    return np.asarray(rho_g_cm3) * (np.asarray(mass_fractions) @ z_over_a) / ATOMIC_MASS_UNIT_G


def escape_speed_c(r_cm, mass_fraction):
    """v_esc(r) from v^2 = 2GM_sun/R_sun + 2G int_r^R M(r')/r'^2 dr' (trapezoid) [c]."""
    r = np.asarray(r_cm, float)
    m = np.asarray(mass_fraction, float) * M_SUN_G
    if np.any(np.diff(r) <= 0):
        raise ValueError("escape_speed_c: r_cm must be strictly increasing")
    # extend to the surface with the last enclosed mass (table stops at 0.985 R_sun)
    r_ext = np.append(r, R_SUN_CM) if r[-1] < R_SUN_CM else r
    m_ext = np.append(m, m[-1]) if r[-1] < R_SUN_CM else m
    g = m_ext / r_ext**2
    seg = 0.5 * (g[1:] + g[:-1]) * np.diff(r_ext)
    outer = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # int_{r_i}^{R}
    v2 = 2.0 * G_NEWTON_CGS * M_SUN_G / R_SUN_CM + 2.0 * G_NEWTON_CGS * outer
    return np.sqrt(v2[: r.size]) / C_CM_S


def read_agss09_table(path) -> np.ndarray:
    """The 35-column AGSS09 table (rows: radial zones)."""
    table = np.loadtxt(path, skiprows=HEADER_LINES)
    if table.ndim != 2 or table.shape[1] != 6 + len(SPECIES):
        raise ValueError(f"{path}: expected {6 + len(SPECIES)} columns, got {table.shape}")
    return table


def load_agss09(store: DataStore) -> SolarProfile:
    """AGSS09 profile with n_e, T and v_esc derived from the verbatim table."""
    t = read_agss09_table(store.path(AGSS09_FILE))
    r_cm = t[:, 1] * R_SUN_CM
    return SolarProfile(
        r_cm=r_cm, mass_fraction=t[:, 0], T_MeV=t[:, 2] * K_BOLTZMANN_MEV_K,
        rho_g_cm3=t[:, 3], n_e_cm3=electron_density_cm3(t[:, 3], t[:, 6:]),
        v_esc=escape_speed_c(r_cm, t[:, 0]))


__all__ = ["SolarProfile", "load_agss09", "electron_density_cm3", "escape_speed_c",
           "AGSS09_FILE"]
