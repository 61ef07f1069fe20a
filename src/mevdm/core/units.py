"""Physical constants and unit conversions (spec §0).

Conventions: natural units (hbar = c = k_B = 1) inside formulas; energies and
masses in MeV, lengths in cm, times in s.  Every conversion between natural and
CGS units goes through the constants below, so kernels never carry magic
numbers.  Values are CODATA 2018 / PDG 2020 unless stated.
"""

import math

# --- energy scales (MeV) -----------------------------------------------------
MeV = 1.0
keV = 1.0e-3
eV = 1.0e-6
GeV = 1.0e3

# --- fundamental constants ---------------------------------------------------
ALPHA_EM = 1.0 / 137.035999
M_E = 0.51099895  # electron mass [MeV]
F_PS = 0.967  # Galactic positronium fraction of the 511 keV emission (Jean et al. 2006)
M_MU = 105.6583755  # muon mass [MeV]
M_PI_CHARGED = 139.57039  # [MeV]
M_PI_NEUTRAL = 134.9768  # [MeV]
M_N = 939.56542052  # neutron mass [MeV]
M_P = 938.27208816  # proton mass [MeV]
HBARC_MEV_CM = 1.973269804e-11  # hbar*c [MeV cm]
C_CM_S = 2.99792458e10  # speed of light [cm/s]
C_KM_S = 2.99792458e5  # speed of light [km/s]
HBAR_MEV_S = 6.582119569e-22  # hbar [MeV s]
M_PLANCK_MEV = 1.22089e22  # Planck mass (not reduced) [MeV]
K_BOLTZMANN_MEV_K = 8.617333262e-11  # [MeV/K]
N_AVOGADRO = 6.02214076e23
G_NEWTON_CGS = 6.67430e-8  # [cm^3 g^-1 s^-2]
MEV_PER_GRAM = 5.60958860e26  # 1 g = 5.6096e26 MeV/c^2
ATOMIC_MASS_UNIT_G = 1.66053906660e-24  # [g]
R_E_CM = ALPHA_EM * HBARC_MEV_CM / M_E  # classical electron radius [cm]
E_CHARGE = math.sqrt(4.0 * math.pi * ALPHA_EM)  # electric charge (Heaviside-Lorentz)

# --- derived conversion factors ----------------------------------------------
MEV2_TO_CM2 = HBARC_MEV_CM**2  # sigma[cm^2] = sigma[MeV^-2] * MEV2_TO_CM2
MEV2_TO_CM3_S = HBARC_MEV_CM**2 * C_CM_S  # <sigma v>[cm^3/s] = <sigma v>[MeV^-2] * this (v in c)
CM_TO_INV_MEV = 1.0 / HBARC_MEV_CM  # 1 cm in MeV^-1
INV_MEV3_TO_CM3 = HBARC_MEV_CM**3  # n[MeV^3] -> n[cm^-3]: divide by this
PB_TO_CM2 = 1.0e-36
PB_C_CM3_S = PB_TO_CM2 * C_CM_S  # 1 pb x c in cm^3/s (2.998e-26)

# --- time, length, mass ------------------------------------------------------
YEAR_S = 3.15576e7  # Julian year [s]
DAY_S = 86400.0
KM_CM = 1.0e5
AU_CM = 1.495978707e13
KPC_CM = 3.0857e21
R_SUN_CM = 6.957e10
M_SUN_G = 1.98841e33
TONNE_G = 1.0e6
G_PER_MEV = 1.0 / MEV_PER_GRAM  # 1 MeV/c^2 in g (1.78266e-27)
GEV_PER_CM3_IN_MEV = 1.0e3  # rho[MeV/cm^3] = rho[GeV/cm^3] * 1e3

# --- cosmology (Planck 2018) -------------------------------------------------
OMEGA_DM_H2 = 0.120
S0_CM3 = 2891.2  # entropy density today [cm^-3]
RHO_CRIT_OVER_H2_GEV_CM3 = 1.05371e-5  # [GeV cm^-3]
T_CMB_K = 2.7255
T_CMB_RECOMBINATION_EV = 0.235  # photon temperature at recombination [eV] (Slatyer 2016 Eq. 28)

# --- xenon target --------------------------------------------------------------
A_XE_G_MOL = 131.293
Z_XE_FREE = 26  # electrons per atom in 4s^2 4p^6 4d^10 5s^2 5p^6 (both papers)
ELECTRONS_PER_TONNE_XE = Z_XE_FREE * N_AVOGADRO / A_XE_G_MOL * TONNE_G  # 1.1926e29
# per-electron dR/dE [s^-1 MeV^-1] -> events/(t yr keV)
RATE_TO_T_YR_KEV = ELECTRONS_PER_TONNE_XE * YEAR_S * keV


def kelvin_to_mev(temperature_k):
    """Temperature in K -> MeV."""
    return temperature_k * K_BOLTZMANN_MEV_K


def km_s_to_c(v_km_s):
    """Speed in km/s -> fraction of c."""
    return v_km_s / C_KM_S


def sigma_mev2_to_cm2(sigma_inv_mev2):
    """Cross section MeV^-2 -> cm^2."""
    return sigma_inv_mev2 * MEV2_TO_CM2


def sigmav_mev2_to_cm3_s(sigmav_inv_mev2):
    """<sigma v> MeV^-2 (v in units of c) -> cm^3/s."""
    return sigmav_inv_mev2 * MEV2_TO_CM3_S


def sigmav_cm3_s_to_mev2(sigmav_cm3_s):
    """<sigma v> cm^3/s -> MeV^-2 (v in units of c)."""
    return sigmav_cm3_s / MEV2_TO_CM3_S


def reduced_mass(m1, m2):
    """Reduced mass m1 m2 / (m1 + m2), same units as the inputs."""
    return m1 * m2 / (m1 + m2)


def per_tonne_year(rate_per_electron_s):
    """Rate per target electron per second -> events per tonne of xenon per year."""
    return rate_per_electron_s * ELECTRONS_PER_TONNE_XE * YEAR_S
