"""Solar neutrino-electron scattering through an effective neutrino magnetic moment (free electrons
in the stepping approximation).

Per free electron (Vogel & Engel, PRD 39 (1989) 3378, Eq. 2 magnetic term):
    dsigma/dT = pi alpha^2 / m_e^2 (mu_nu / mu_B)^2 (1/T - 1/E_nu).
Bound xenon electrons in the stepping approximation (Chen et al., PLB 731 (2014) 159; as used by XENON1T,
PRD 102 (2020) 072004, and XENONnT, PRL 129 (2022) 161805): a shell scatters as free electrons when
the energy transfer T exceeds its binding energy, so
    dR/dT = N_Xe Z_eff(T) pi alpha^2/m_e^2 mu^2 [I_0(E_min)/T - I_1(E_min)],
Z_eff(T) = sum_shells n_s theta(T - B_s) (RHF binding energies), I_n the flux moments of
``astro.neutrino.SolarNeutrinoFlux`` above E_min(T) (Eq. 7 of jho2020, the same kinematics).
The effective moment is flavour-blind, so oscillations do not enter.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mevdm.astro.neutrino import SolarNeutrinoFlux, e_nu_min_MeV
from mevdm.core.data import DataStore
from mevdm.core.units import A_XE_G_MOL, ALPHA_EM, M_E, MEV2_TO_CM2, N_AVOGADRO, TONNE_G, YEAR_S, keV

BINDING_FILE = "xenon_ionization_form_factors/xenon_shell_binding_energies.csv"
XE_ATOMS_PER_TONNE = TONNE_G / A_XE_G_MOL * N_AVOGADRO


def z_eff(recoil_keV, store: DataStore):
    """Electrons per Xe atom with binding energy below T (stepping approximation, RHF energies)."""
    table = pd.read_csv(store.path(BINDING_FILE), comment="#")
    t_eV = np.asarray(recoil_keV, dtype=float)[..., None] * 1.0e3
    return np.sum(table["occupancy"].to_numpy(float) * (t_eV > table["E_bind_eV_RHF"].to_numpy(float)),
                  axis=-1)


def rate_per_mu2(flux: SolarNeutrinoFlux, recoil_keV, store: DataStore):
    """dR/dT [events/(t yr keV)] for mu_nu = 1 mu_B (scale by (mu_nu/mu_B)^2)."""
    t = np.asarray(recoil_keV, dtype=float) * keV
    if np.any(t <= 0):
        raise ValueError("recoil_keV must be > 0")
    i0, i1, _ = flux.moments(e_nu_min_MeV(t))
    per_electron = math.pi * ALPHA_EM ** 2 / M_E ** 2 * np.clip(i0 / t - i1, 0.0, None)  # MeV^-3 s^-1
    return (per_electron * MEV2_TO_CM2 * XE_ATOMS_PER_TONNE * z_eff(recoil_keV, store)
            * YEAR_S * keV)


def mu_nu_interval(detector, flux: SolarNeutrinoFlux, store: DataStore, cl=0.90, method="binned",
                   background="fixed", mu_max=1.0e-10):
    """(lower, best, upper) effective mu_nu [mu_B] from an ER detector's likelihood: XenonNTSR0
    (``method``/``background`` as its ``loglike``) or Xenon1TSR1 (binned Poisson, B0 fixed)."""
    from mevdm.detectors.intervals import interval_scale

    spectrum = rate_per_mu2(flux, detector.true_centres_keV, store)
    if hasattr(detector, "loglike"):
        q = lambda c: -2.0 * detector.loglike(spectrum * c, method, background)[0]  # noqa: E731
    else:
        if (method, background) != ("binned", "fixed"):
            raise ValueError("XENON1T SR1 has the binned likelihood with B0 fixed only")
        q = lambda c: -2.0 * detector.poisson_loglike(detector.fold(spectrum * c))  # noqa: E731
    lo, best, up = interval_scale(q, mu_max ** 2, cl)
    return float(np.sqrt(lo)), float(np.sqrt(best)), float(np.sqrt(up))
