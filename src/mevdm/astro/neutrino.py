"""Solar neutrino fluxes and nu-e scattering through a light vector X (jho2020 Scenario #1, Eqs. 5-7).

Fluxes: B16 SSM normalisations (GS98 or AGSS09met) x Bahcall spectral shapes (mirror
`solar_neutrino_fluxes`); pep and the two 7Be lines are delta functions (their thermal
widths, ~1 keV, are irrelevant for keV recoils).  Fluxes are production fluxes at 1 AU.

Signal (spec B2): the pure-X term of Eq. 6 with m_nu -> 0, no SM interference (the SM nu-e
rate is part of B0), every solar neutrino coupling with g_nu times `flavour_factor`
(CHOICE: 1, all flavours; 0.77 would be P_ee + P_emu for L_e - L_mu at pp energies).
Because Eq. 6 at m_nu = 0 is m_e [2 - 2K/E - m_e K/E^2 + K^2/E^2] / [4 pi (2 m_e K + m_X^2)^2],
the neutrino integral factorises into three cumulative moments
I_n(E_min) = int_{E_min} dPhi/dE E^-n dE, independent of m_X and of the coupling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from mevdm.core import checks as check
from mevdm.core.data import DataStore
from mevdm.models.lepton_vector import k1_min
from mevdm.core.units import MEV2_TO_CM2, M_E, RATE_TO_T_YR_KEV, keV

DATASET = "solar_neutrino_fluxes"
SHAPE_FILES = {
    "pp": "pp_shape.csv",
    "13N": "n13_shape.csv",
    "15O": "o15_shape.csv",
    "17F": "f17_shape.csv",
    "8B": "8B_shape_Winter_et_al.csv",
    "hep": "hep_shape.csv",
}
FLUX_TABLE = f"{DATASET}/solar_nu_fluxes_b16.csv"
FILES = [FLUX_TABLE] + [f"{DATASET}/{f}" for f in SHAPE_FILES.values()]
BE7_LINES_MEV = (0.8618, 0.3843)


@dataclass(frozen=True)
class SolarNeutrinoFlux:
    """Continuous spectrum on a log grid plus lines; E in MeV, fluxes in cm^-2 s^-1 (MeV^-1)."""

    energy_MeV: np.ndarray  # grid of the continuous part
    dphi_dE: np.ndarray  # [cm^-2 s^-1 MeV^-1]
    line_energy_MeV: np.ndarray
    line_flux: np.ndarray  # [cm^-2 s^-1]
    sources: tuple[str, ...]
    model: str

    def total_flux(self) -> float:
        """Total flux [cm^-2 s^-1] (continuous + lines)."""
        return float(np.trapezoid(self.dphi_dE, self.energy_MeV) + self.line_flux.sum())

    def moments(self, e_min_MeV):
        """I_n(E_min) = int_{E_min}^inf dPhi/dE E^-n dE for n = 0, 1, 2 [cm^-2 s^-1 MeV^-n]."""
        e_min = np.atleast_1d(np.asarray(e_min_MeV, dtype=float))
        return _moments(e_min, self.energy_MeV, self.dphi_dE, self.line_energy_MeV,
                        self.line_flux)


def load_solar_flux(store: DataStore, model: str = "GS98", sources=None,
                    be7_branching: float = 0.897, n_grid: int = 6000) -> SolarNeutrinoFlux:
    """B16 fluxes x Bahcall shapes (shapes re-normalised to unit integral; 7Be split by `be7_branching`)."""
    if model not in ("GS98", "AGSS09met"):
        raise ValueError(f"model must be 'GS98' or 'AGSS09met', got {model!r}")
    if not 0.0 < be7_branching < 1.0:
        raise ValueError(f"be7_branching must be in (0, 1), got {be7_branching}")
    known = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
    if sources is not None and len(sources) == 0:
        raise ValueError(f"sources = []: name at least one of {known} (None: all of them)")
    sources = tuple(known if sources is None else sources)
    bad = [s for s in sources if s not in known]
    if bad:
        raise ValueError(f"unknown solar neutrino sources {bad}; allowed: {known}")
    table = pd.read_csv(store.path(FLUX_TABLE), comment="#").set_index("source")
    col = f"flux_{model}_cm-2_s-1"
    grid = np.geomspace(1.0e-3, 20.0, n_grid)
    dphi = np.zeros_like(grid)
    for src in sources:
        if src in SHAPE_FILES:
            raw = np.loadtxt(store.path(f"{DATASET}/{SHAPE_FILES[src]}"), delimiter=",",
                             comments="#", usecols=(0, 1))
            e, shape = raw[:, 0], raw[:, 1]
            shape = shape / np.trapezoid(shape, e)  # 8B (Winter) is tabulated in 1e-3/MeV
            dphi += float(table.loc[src, col]) * np.interp(grid, e, shape, left=0.0, right=0.0)
    lines_e, lines_f = [], []
    if "pep" in sources:
        lines_e.append(float(table.loc["pep", "E_line_MeV"]))
        lines_f.append(float(table.loc["pep", col]))
    if "7Be" in sources:
        phi = float(table.loc["7Be", col])
        lines_e += list(BE7_LINES_MEV)
        lines_f += [phi * be7_branching, phi * (1.0 - be7_branching)]
    return SolarNeutrinoFlux(grid, dphi, np.array(lines_e), np.array(lines_f), sources, model)


@njit(cache=True)
def _moments(e_min, grid, dphi, line_e, line_f):
    """Cumulative moments I_0,1,2 above e_min (trapezoid on the grid, exact partial cell)."""
    n = grid.size
    # cumulative from the top: cum[k, i] = int_{grid[i]}^{grid[-1]} dphi E^-k dE
    cum = np.zeros((3, n))
    for i in range(n - 2, -1, -1):
        h = grid[i + 1] - grid[i]
        for k in range(3):
            f0 = dphi[i] * grid[i] ** (-k)
            f1 = dphi[i + 1] * grid[i + 1] ** (-k)
            cum[k, i] = cum[k, i + 1] + 0.5 * h * (f0 + f1)
    out = np.zeros((3, e_min.size))
    for j in range(e_min.size):
        x = e_min[j]
        if x < grid[-1]:
            if x <= grid[0]:
                for k in range(3):
                    out[k, j] = cum[k, 0]
            else:
                i = np.searchsorted(grid, x) - 1
                t = (x - grid[i]) / (grid[i + 1] - grid[i])
                dx = dphi[i] + t * (dphi[i + 1] - dphi[i])
                for k in range(3):
                    f1 = dphi[i + 1] * grid[i + 1] ** (-k)
                    fx = dx * x ** (-k)
                    out[k, j] = cum[k, i + 1] + 0.5 * (grid[i + 1] - x) * (fx + f1)
        for m in range(line_e.size):
            if line_e[m] >= x:
                for k in range(3):
                    out[k, j] += line_f[m] * line_e[m] ** (-k)
    return out


def e_nu_min_MeV(recoil_MeV):
    """Minimum neutrino energy for electron recoil K_r: (K_r + sqrt(K_r^2 + 2 m_e K_r))/2 (Eq. 7)."""
    k = np.asarray(recoil_MeV, dtype=float)
    return 0.5 * (k + np.sqrt(k * k + 2.0 * M_E * k))


@dataclass(frozen=True)
class NuElectronX:
    """Scenario #1 rate factorised as dR/dK = g_e^2 g_nu^2 f_flav H(K)/(2 m_e K + m_X^2)^2."""

    recoil_keV: np.ndarray
    h_factor: np.ndarray  # [events/(t yr keV) MeV^4] for g_e g_nu = 1

    @classmethod
    def build(cls, flux: SolarNeutrinoFlux, recoil_keV, flavour_factor: float = 1.0):
        if not 0.0 <= flavour_factor <= 1.0:
            raise ValueError(f"flavour_factor must be in [0, 1], got {flavour_factor}")
        k = np.asarray(recoil_keV, dtype=float) * keV
        if np.any(k <= 0):
            raise ValueError("recoil_keV must be > 0")
        i0, i1, i2 = flux.moments(e_nu_min_MeV(k))
        h = M_E * (2.0 * i0 - 2.0 * k * i1 + (k * k - M_E * k) * i2) / (4.0 * math.pi)
        h = np.clip(h, 0.0, None) * flavour_factor * MEV2_TO_CM2 * RATE_TO_T_YR_KEV
        return cls(np.asarray(recoil_keV, dtype=float), h)

    def rate(self, m_x_MeV, g_e=1.0, g_nu=None):
        """dR/dK_r [events/(t yr keV)] on recoil_keV for X mass m_X [MeV] and couplings (Eqs. 5-6)."""
        check.number("m_x_MeV", m_x_MeV, lo=0.0, lo_open=True, unit="MeV")
        check.number("g_e", g_e)
        g_nu = g_e if g_nu is None else check.number("g_nu", g_nu)
        k = self.recoil_keV * keV
        return (g_e * g_nu) ** 2 * self.h_factor / (2.0 * M_E * k + m_x_MeV ** 2) ** 2

    def rate_grid(self, m_x_MeV):
        """Unit-coupling spectra for many m_X: shape (n_mX, n_recoil)."""
        m = check.array("m_x_MeV", m_x_MeV, lo=0.0, lo_open=True, unit="MeV", nonempty=True)
        m = np.atleast_1d(m)[:, None]
        k = self.recoil_keV[None, :] * keV
        return self.h_factor[None, :] / (2.0 * M_E * k + m ** 2) ** 2


def rate_direct(recoil_keV, m_x_MeV, flux: SolarNeutrinoFlux, g=1.0, flavour_factor=1.0):
    """Reference: Eq. 5 by direct quadrature of Eq. 6 over the flux grid (slow; for tests)."""
    from mevdm.models.lepton_vector import dsigma_dT

    check.number("m_x_MeV", m_x_MeV, lo=0.0, lo_open=True, unit="MeV")
    out = []
    for kr in np.atleast_1d(check.array("recoil_keV", recoil_keV, lo=0.0, lo_open=True,
                                        unit="keV")) * keV:
        emin = k1_min(kr, 0.0, M_E)
        e = flux.energy_MeV[flux.energy_MeV > emin]
        f = flux.dphi_dE[flux.energy_MeV > emin]
        xs = np.array([dsigma_dT(kr, ei, 0.0, M_E, m_x_MeV) for ei in e])
        val = np.trapezoid(f * xs, e)
        for el, fl in zip(flux.line_energy_MeV, flux.line_flux):
            val += fl * dsigma_dT(kr, el, 0.0, M_E, m_x_MeV)
        out.append(val)
    return np.array(out) * g ** 4 * flavour_factor * MEV2_TO_CM2 * RATE_TO_T_YR_KEV


# --------------------------------------------------------------------------- SM interference (beyond the paper)
G_F_MEV2 = 1.1663788e-11  # Fermi constant [MeV^-2] (PDG 2020)
# SM nu_alpha - e couplings (g_V, g_A) in the Vogel-Engel convention: nu_e has CC + NC,
# nu_mu / nu_tau NC only; g_V = -1/2 + 2 s_W^2 + delta_{alpha e}, g_A = -1/2 + delta_{alpha e}.
LE_LMU_CHARGE = {"e": 1.0, "mu": -1.0, "tau": 0.0}  # U(1)_{L_e - L_mu} charges of nu_alpha


def sm_couplings(flavour: str, sin2_theta_w: float):
    """(g_V, g_A) of nu_alpha e scattering in the SM (Vogel & Engel 1989)."""
    if flavour not in LE_LMU_CHARGE:
        raise ValueError(f"flavour must be one of {tuple(LE_LMU_CHARGE)}, got {flavour!r}")
    cc = 1.0 if flavour == "e" else 0.0
    return -0.5 + 2.0 * sin2_theta_w + cc, -0.5 + cc


def dsigma_dT_sm_x(t_MeV, e_nu_MeV, m_x_MeV, g, flavour="e", sin2_theta_w=0.23857):
    """dsigma/dT [MeV^-3] of nu_alpha e -> nu_alpha e with the SM and X (charge Q_alpha, g_e = g_nu = g):
    the Vogel-Engel form with g_V -> g_V + Q_alpha g^2 / (sqrt2 G_F (2 m_e T + m_X^2)).  Its g^4 part is
    the paper's Eq. 6 (m_nu = 0); the g^2 part is the SM-X interference (reference for the moments below)."""
    t, e = np.asarray(t_MeV, float), np.asarray(e_nu_MeV, float)
    gv, ga = sm_couplings(flavour, sin2_theta_w)
    gv = gv + LE_LMU_CHARGE[flavour] * g * g / (math.sqrt(2.0) * G_F_MEV2 * (2.0 * M_E * t + m_x_MeV ** 2))
    y = t / e
    val = (G_F_MEV2 ** 2 * M_E / (2.0 * math.pi)
           * ((gv + ga) ** 2 + (gv - ga) ** 2 * (1.0 - y) ** 2 - (gv * gv - ga * ga) * M_E * t / (e * e)))
    return np.where(t <= 2.0 * e * e / (2.0 * e + M_E), val, 0.0)


@dataclass(frozen=True)
class NuElectronXInterference:
    """Scenario #1 excess over the SM for U(1)_{L_e-L_mu} with oscillated solar neutrinos (beyond the paper):
    dR/dK = g^4 [P_ee + P_emu] H(K)/(2 m_e K + m_X^2)^2 + g^2 J(K)/(2 m_e K + m_X^2),
    with H of NuElectronX (Eq. 6) and J the SM-X interference summed over nu_e (Q = +1) and nu_mu
    (Q = -1) weighted by P_ee, P_emu (nu_tau has no X charge). The SM term itself is in B0."""

    recoil_keV: np.ndarray
    h_factor: np.ndarray  # [events/(t yr keV) MeV^4] per g^4, flavour-weighted
    j_factor: np.ndarray  # [events/(t yr keV) MeV^2] per g^2

    @classmethod
    def build(cls, flux: SolarNeutrinoFlux, recoil_keV, p_ee: float, p_emu: float, sin2_theta_w: float):
        if not (0.0 <= p_ee <= 1.0 and 0.0 <= p_emu <= 1.0 - p_ee):
            raise ValueError(f"need 0 <= p_ee <= 1 and 0 <= p_emu <= 1 - p_ee, got {p_ee}, {p_emu}")
        pure = NuElectronX.build(flux, recoil_keV, 1.0)
        k = np.asarray(recoil_keV, dtype=float) * keV
        i0, i1, i2 = flux.moments(e_nu_min_MeV(k))
        j = np.zeros_like(k)
        for flav, p in (("e", p_ee), ("mu", p_emu)):
            gv, ga = sm_couplings(flav, sin2_theta_w)
            # int dPhi [(g_V+g_A) + (g_V-g_A)(1-T/E)^2 - g_V m_e T/E^2] = moments I_0, I_1, I_2
            bracket = 2.0 * gv * i0 - 2.0 * (gv - ga) * k * i1 + ((gv - ga) * k * k - gv * M_E * k) * i2
            # dsigma_int/dT = Q G_F m_e g^2 / (sqrt2 pi (2 m_e T + m_X^2)) x bracket
            j += p * LE_LMU_CHARGE[flav] * G_F_MEV2 * M_E / (math.sqrt(2.0) * math.pi) * bracket
        j = j * MEV2_TO_CM2 * RATE_TO_T_YR_KEV
        return cls(pure.recoil_keV, pure.h_factor * (p_ee + p_emu), j)

    def templates(self, m_x_MeV):
        """(pure X per g^4, interference per g^2) spectra for many m_X: each (n_mX, n_recoil)."""
        m = np.asarray(m_x_MeV, dtype=float)[:, None]
        prop = 2.0 * M_E * self.recoil_keV[None, :] * keV + m ** 2
        return self.h_factor[None, :] / prop ** 2, self.j_factor[None, :] / prop

    def rate(self, m_x_MeV, g):
        """dR/dK_r [events/(t yr keV)] at (m_X, g_e = g_nu = g)."""
        a, b = self.templates([m_x_MeV])
        return g ** 4 * a[0] + g ** 2 * b[0]
