"""Down-scattering of the primordial excited state chi* e -> chi e at XENON1T
(baryakhtar2020 Sec. 3, Eqs. 3.8-3.11, spec A4)."""

from __future__ import annotations

import numpy as np

from mevdm.astro.halo import StandardHalo
from mevdm.models.inelastic import check_point, flat_box_cells, reduced_mass_e
from mevdm.core.units import (C_KM_S, ELECTRONS_PER_TONNE_XE, GEV_PER_CM3_IN_MEV, KM_CM, M_E, YEAR_S,
                    keV)


def recoil_cells(edges_keV, m_chi_MeV, delta_MeV, sigma_e_cm2, fstar, halo: StandardHalo,
                 n_v=800):
    """Events/(t yr) per true-energy cell from halo chi* (fraction fstar of the DM) (Eq. 3.9)."""
    check_point(m_chi_MeV, delta_MeV, "primordial rate")
    if not 0 <= fstar <= 1:
        raise ValueError(f"excited fraction f* must lie in [0, 1], got {fstar}")
    v_km_s, pdf_dv = halo.speed_grid(n_v)
    n_star = fstar * halo.rho_GeV_cm3 * GEV_PER_CM3_IN_MEV / m_chi_MeV  # cm^-3
    weight = n_star * v_km_s * KM_CM * pdf_dv * sigma_e_cm2  # per electron per s
    cells = flat_box_cells(v_km_s / C_KM_S, weight, float(reduced_mass_e(m_chi_MeV)),
                           float(delta_MeV), M_E, np.asarray(edges_keV, float) * keV,
                           np.zeros(len(edges_keV) - 1))
    return cells * ELECTRONS_PER_TONNE_XE * YEAR_S


def line_energy_keV(m_chi_MeV, delta_MeV):
    """E_R ~ mu delta / m_e for v -> 0 (Eq. 2.8)."""
    return reduced_mass_e(m_chi_MeV) * delta_MeV / M_E / keV
