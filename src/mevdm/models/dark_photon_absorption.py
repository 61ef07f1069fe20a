"""Absorption of dark-photon dark matter on xenon (Pospelov, Ritz, Voloshin, PRD 78 (2008) 115012;
An, Pospelov, Pradler, PLB 725 (2013) 190).

A non-relativistic dark photon of mass m_V and kinetic mixing kappa is absorbed like a photon of energy
omega = m_V with the mixing squared: sigma_abs v = kappa^2 sigma_pe(m_V) c, so per target atom
    R = (rho_DM / m_V) kappa^2 sigma_pe(m_V) c,
i.e. 4.7e23/A kappa^2 (keV/m_V) (sigma_pe/barn) per kg per day at rho = 0.3 GeV/cm^3 (the form quoted
by the XENON searches); a mono-energetic line at E = m_V.  In-medium mixing is negligible above ~1 keV
in xenon.  sigma_pe(omega) is an input (photoabsorption tables are not part of this package).
"""

from __future__ import annotations

import numpy as np

from mevdm.core.units import A_XE_G_MOL, C_CM_S, N_AVOGADRO, TONNE_G, YEAR_S

XE_ATOMS_PER_TONNE = TONNE_G / A_XE_G_MOL * N_AVOGADRO


def rate_per_kappa2(m_V_keV, sigma_pe_cm2, rho_GeV_cm3=0.3):
    """Absorption rate [events/(t yr)] per kappa^2 for sigma_pe [cm^2 per Xe atom] at omega = m_V."""
    m = np.asarray(m_V_keV, dtype=float)
    if np.any(m <= 0):
        raise ValueError("m_V_keV must be > 0")
    return rho_GeV_cm3 * 1.0e6 / m * C_CM_S * np.asarray(sigma_pe_cm2, float) * XE_ATOMS_PER_TONNE * YEAR_S
