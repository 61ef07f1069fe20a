"""Cosmic-ray-electron boosted dark matter (jho2020 Scenario #2, Eqs. 8-10; spec B3).

* Electron LIS: the Boschini et al. 2018 analytic fit (arXiv:1801.04059, as coded in
  physcxia/BoostedDarkMatter.jl), valid for 2 MeV <= T <= 90 GeV and zero outside.
* Boosted flux (Eq. 10) averaged over the sky, J-bar = rho_local D_eff:
  dPhi/dK_DM = (rho_local D_eff / m_DM) int dK_e [4 pi F(K_e)] dsigma/dK_DM(K_e, K_DM).
  D_eff [kpc] is an explicit parameter (spec OPEN #6; baseline 1 kpc).
* Detector spectrum (Eq. 9 kinematics): dR/dK_r = N_T int dK_DM dPhi/dK_DM dsigma/dK_e.
Two interactions: 'effective' (dsigma/dK = sigma/K_max, rates per sigma^2 with sigma = 1 cm^2)
and 'mediator' (Eq. 8 with X of mass m_X, rates per (g_e g_chi)^2 = 1 in the flux and again
in the detector, i.e. the total scales as (g_e g_chi)^4 = sqrt(g_e g_chi)^8).
No Earth/atmosphere attenuation (CHOICE, not mentioned in the paper).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.models.lepton_vector import _gl, dsigma_dT, k1_min, t_max
from mevdm.core.units import GEV_PER_CM3_IN_MEV, KPC_CM, MEV2_TO_CM2, M_E, RATE_TO_T_YR_KEV, keV

LIS_T_MIN_MEV = 2.0  # Boschini 2018 fit validity (and the paper's K_e range)
LIS_T_MAX_MEV = 9.0e4
LIS_T_BREAK_MEV = 6880.0
# m^-2 s^-1 sr^-1 GeV^-1 -> cm^-2 s^-1 sr^-1 MeV^-1
LIS_UNIT = 1.0e-4 * 1.0e-3
MODES = {"effective": 0, "mediator": 1}


@njit(cache=True)
def _lis_scalar(t_mev):
    if t_mev < LIS_T_MIN_MEV or t_mev > LIS_T_MAX_MEV:
        return 0.0
    t = t_mev * 1.0e-3  # GeV
    if t < 6.88:
        f = 1.181e11 * t ** -12.061 / (1.0 + 4.307e8 * t ** -9.269 + 3.125e8 * t ** -10.697)
    else:
        f = 995.598 * t ** -3.505 + 4.423 * t ** -2.620
    return f * LIS_UNIT


@njit(cache=True)
def electron_lis(t_mev):
    """CR electron LIS F(T) [cm^-2 s^-1 sr^-1 MeV^-1], T [MeV]; Boschini 2018 fit, 0 outside 2 MeV-90 GeV."""
    out = np.empty(t_mev.size)
    for i in range(t_mev.size):
        out[i] = _lis_scalar(t_mev[i])
    return out


def electron_lis_checked(t_mev):
    """electron_lis, raising ValueError outside its validity range 2 MeV - 90 GeV."""
    t = np.atleast_1d(np.asarray(t_mev, dtype=float))
    if np.any((t < LIS_T_MIN_MEV) | (t > LIS_T_MAX_MEV)):
        raise ValueError(f"T = {t.min()}..{t.max()} MeV outside the Boschini 2018 LIS fit "
                         f"range [{LIS_T_MIN_MEV}, {LIS_T_MAX_MEV}] MeV")
    return electron_lis(t)


def column_cm2_mev(rho_local_GeV_cm3, d_eff_kpc):
    """Sky-averaged DM column J-bar = rho_local D_eff [MeV cm^-2]."""
    check.number("rho_local_GeV_cm3", rho_local_GeV_cm3, lo=0.0, lo_open=True, unit="GeV/cm^3")
    check.number("d_eff_kpc", d_eff_kpc, lo=0.0, lo_open=True, unit="kpc")
    return rho_local_GeV_cm3 * GEV_PER_CM3_IN_MEV * d_eff_kpc * KPC_CM


@njit(cache=True)
def _xs_unit(t, k, m_in, m_target, m_x, mode):
    """dsigma/dT [cm^2/MeV] for a particle of mass m_in and kinetic energy k on m_target at rest
    (unit sigma: flat up to T_max; or unit coupling): used both ways, e on DM and DM on e."""
    if mode == 0:
        tm = t_max(k, m_in, m_target)
        return 1.0 / tm if t <= tm else 0.0
    return dsigma_dT(t, k, m_in, m_target, m_x) * MEV2_TO_CM2


@njit(cache=True)
def _lis_nodes(kdm, m_dm, x, w, ke, pe):
    """The CR-electron nodes of Eq. 10 at one K_DM, into ke and pe (2 n_nodes each): K_e and
    0.5 (b - a) w K_e 4 pi F(K_e) on the two segments of the LIS fit (zero where a segment is
    empty); False if no electron can give K_DM."""
    n_nodes = x.size
    lo = max(LIS_T_MIN_MEV, k1_min(kdm, M_E, m_dm))
    if lo >= LIS_T_MAX_MEV:
        return False
    # two segments, split at the break of the LIS fit
    edges = (lo, min(max(lo, LIS_T_BREAK_MEV), LIS_T_MAX_MEV), LIS_T_MAX_MEV)
    for sgm in range(2):
        a, b = math.log(edges[sgm]), math.log(edges[sgm + 1])
        if b <= a:
            continue
        for i in range(n_nodes):
            k = math.exp(0.5 * (b - a) * x[i] + 0.5 * (b + a))
            ke[sgm * n_nodes + i] = k
            pe[sgm * n_nodes + i] = 0.5 * (b - a) * w[i] * k * 4.0 * math.pi * _lis_scalar(k)
    return True


@njit(cache=True)
def boosted_flux(kdm, m_dm, m_x, mode, n_nodes=48):
    """dPhi/dK_DM / (J-bar/m_DM) [cm^-2 s^-1 MeV^-1 per MeV cm^-2 / MeV] (Eq. 10; unit sigma/coupling)."""
    x, w = _gl(n_nodes)
    out = np.zeros(kdm.size)
    ke, pe = np.zeros(2 * n_nodes), np.zeros(2 * n_nodes)
    for j in range(kdm.size):
        ke[:] = 0.0
        pe[:] = 0.0
        if not _lis_nodes(kdm[j], m_dm, x, w, ke, pe):
            continue
        total = 0.0
        for i in range(2 * n_nodes):
            if pe[i] != 0.0:
                total += pe[i] * _xs_unit(kdm[j], ke[i], M_E, m_dm, m_x, mode)
        out[j] = total
    return out


@njit(cache=True)
def _interp_loglog(x, xs, lys):
    """exp(interp(log x; log xs, log ys)) with zero outside (lys = log y, -inf allowed as -700)."""
    lx = math.log(x)
    if lx < xs[0] or lx > xs[-1]:
        return 0.0
    i = np.searchsorted(xs, lx) - 1
    if i < 0:
        i = 0
    if i > xs.size - 2:
        i = xs.size - 2
    t = (lx - xs[i]) / (xs[i + 1] - xs[i])
    return math.exp(lys[i] + t * (lys[i + 1] - lys[i]))


@njit(cache=True)
def recoil_spectrum(kr_mev, m_dm, m_x, mode, n_flux=160, n_nodes=48):
    """dR/dK_r / (J-bar/m_DM) per target electron [s^-1 MeV^-1 per (MeV cm^-2 / MeV)] (Eqs. 9-10)."""
    # DM energies that matter: from the lightest one giving the smallest recoil to the top of the boost
    kdm_lo = k1_min(kr_mev.min(), m_dm, M_E)
    kdm_hi = t_max(LIS_T_MAX_MEV, M_E, m_dm)
    out = np.zeros(kr_mev.size)
    if kdm_hi <= kdm_lo:
        return out
    lgrid = np.linspace(math.log(kdm_lo), math.log(kdm_hi), n_flux)
    phi = boosted_flux(np.exp(lgrid), m_dm, m_x, mode, n_nodes)
    lphi = np.empty(n_flux)
    for i in range(n_flux):
        lphi[i] = math.log(phi[i]) if phi[i] > 0.0 else -700.0
    x, w = _gl(n_nodes)
    for j in range(kr_mev.size):
        kr = kr_mev[j]
        a = math.log(k1_min(kr, m_dm, M_E))
        b = lgrid[-1]
        if b <= a:
            continue
        total = 0.0
        for i in range(n_nodes):
            lk = 0.5 * (b - a) * x[i] + 0.5 * (b + a)
            k = math.exp(lk)
            total += (0.5 * (b - a) * w[i] * k * _interp_loglog(k, lgrid, lphi)
                      * _xs_unit(kr, k, m_dm, M_E, m_x, mode))
        out[j] = total
    return out


@njit(cache=True)
def recoil_spectra_grid(kr_mev, m_dm, m_x, mode, n_flux=160, n_nodes=48):
    """Unit-normalised spectra for every (m_DM, m_X): shape (n_mDM, n_mX, n_kr), incl. the 1/m_DM factor.

    The same sums as ``recoil_spectrum`` term by term (bit-identical), with everything that does
    not depend on m_X computed once per m_DM: the K_DM grid, the CR-electron nodes with their
    LIS weights (Eq. 10) and the recoil nodes with their log-log interpolation cells (Eq. 9).
    """
    out = np.zeros((m_dm.size, m_x.size, kr_mev.size))
    x, w = _gl(n_nodes)
    nkr = kr_mev.size
    for im in range(m_dm.size):
        md = m_dm[im]
        kdm_lo = k1_min(kr_mev.min(), md, M_E)
        kdm_hi = t_max(LIS_T_MAX_MEV, M_E, md)
        if kdm_hi <= kdm_lo:
            continue
        lgrid = np.linspace(math.log(kdm_lo), math.log(kdm_hi), n_flux)
        kdm = np.exp(lgrid)
        # Eq. 10 nodes per K_DM: K_e and 0.5 (b - a) w K_e 4 pi F(K_e) (boosted_flux's factors)
        ke = np.zeros((n_flux, 2 * n_nodes))
        pe = np.zeros((n_flux, 2 * n_nodes))
        for j in range(n_flux):
            _lis_nodes(kdm[j], md, x, w, ke[j], pe[j])
        # Eq. 9 nodes per recoil: K_DM, 0.5 (b - a) w K_DM and its cell of the K_DM grid
        kk = np.zeros((nkr, n_nodes))
        pk = np.zeros((nkr, n_nodes))
        cell = np.full((nkr, n_nodes), -1, dtype=np.int64)  # -1: off the grid (zero flux)
        frac = np.zeros((nkr, n_nodes))
        for jr in range(nkr):
            a = math.log(k1_min(kr_mev[jr], md, M_E))
            b = lgrid[-1]
            if b <= a:
                continue
            for i in range(n_nodes):
                k = math.exp(0.5 * (b - a) * x[i] + 0.5 * (b + a))
                kk[jr, i] = k
                pk[jr, i] = 0.5 * (b - a) * w[i] * k
                lx = math.log(k)
                if lx < lgrid[0] or lx > lgrid[-1]:
                    continue
                c = np.searchsorted(lgrid, lx) - 1
                if c < 0:
                    c = 0
                if c > lgrid.size - 2:
                    c = lgrid.size - 2
                cell[jr, i] = c
                frac[jr, i] = (lx - lgrid[c]) / (lgrid[c + 1] - lgrid[c])
        lphi = np.empty(n_flux)
        for imx in range(m_x.size):
            mx = m_x[imx]
            for j in range(n_flux):
                total = 0.0
                for n in range(2 * n_nodes):
                    if pe[j, n] != 0.0 or ke[j, n] != 0.0:
                        total += pe[j, n] * _xs_unit(kdm[j], ke[j, n], M_E, md, mx, mode)
                lphi[j] = math.log(total) if total > 0.0 else -700.0
            for jr in range(nkr):
                total = 0.0
                for i in range(n_nodes):
                    if kk[jr, i] == 0.0:
                        continue
                    c = cell[jr, i]
                    f = 0.0
                    if c >= 0:
                        t = frac[jr, i]
                        f = math.exp(lphi[c] + t * (lphi[c + 1] - lphi[c]))
                    total += pk[jr, i] * f * _xs_unit(kr_mev[jr], kk[jr, i], md, M_E, mx, mode)
                out[im, imx, jr] = total / md
    return out


class BoostedDM:
    """Scenario #2 rates in events/(t yr keV) on a recoil grid; normalisation explicit.

    rate = column(rho, D_eff) * S_unit * N, with N = sigma^2 [cm^4] (effective) or
    (g_e g_chi)^4 (mediator).
    """

    def __init__(self, recoil_keV, rho_local_GeV_cm3=0.3, d_eff_kpc=1.0, n_flux=160,
                 n_nodes=48):
        self.recoil_keV = check.array("recoil_keV", recoil_keV, lo=0.0, lo_open=True, unit="keV",
                                      nonempty=True)
        self.column = column_cm2_mev(rho_local_GeV_cm3, d_eff_kpc)
        self.n_flux = check.integer("n_flux", n_flux, lo=8, hi=100_000)
        self.n_nodes = check.integer("n_nodes", n_nodes, lo=2, hi=1000)

    @property
    def prefactor(self):
        return self.column * RATE_TO_T_YR_KEV

    def unit_spectra(self, m_dm_MeV, m_x_MeV, mode):
        """(n_mDM, n_mX, n_recoil) spectra [events/(t yr keV)] at unit sigma [cm^2] or coupling."""
        m_dm = np.atleast_1d(check.array("m_dm_MeV", m_dm_MeV, lo=0.0, lo_open=True, unit="MeV"))
        m_x = np.atleast_1d(np.asarray(m_x_MeV, dtype=float))
        if mode not in MODES:
            raise ValueError(f"mode = {mode!r}: must be one of {list(MODES)}")
        if MODES[mode] == 1:
            check.array("m_x_MeV", m_x, lo=0.0, lo_open=True, unit="MeV")
        return self.prefactor * recoil_spectra_grid(self.recoil_keV * keV, m_dm, m_x,
                                                    MODES[mode], self.n_flux, self.n_nodes)

    def rate_effective(self, m_dm_MeV, sigma_cm2):
        """dR/dK_r [events/(t yr keV)] for an effective cross section sigma_DM-e [cm^2]."""
        return sigma_cm2 ** 2 * self.unit_spectra(m_dm_MeV, 1.0, "effective")[0, 0]


    def flux(self, k_dm_MeV, m_dm_MeV, m_x_MeV=1.0, mode="effective", norm=1.0):
        """Boosted flux dPhi/dK_DM [cm^-2 s^-1 MeV^-1] (norm = sigma [cm^2] or (g_e g_chi)^2)."""
        k = np.atleast_1d(check.array("k_dm_MeV", k_dm_MeV, lo=0.0, unit="MeV"))
        check.number("m_dm_MeV", m_dm_MeV, lo=0.0, lo_open=True, unit="MeV")
        if mode not in MODES:
            raise ValueError(f"mode = {mode!r}: must be one of {list(MODES)}")
        if MODES[mode] == 1:
            check.number("m_x_MeV", m_x_MeV, lo=0.0, lo_open=True, unit="MeV")
        check.number("norm", norm, lo=0.0, unit="(sigma [cm^2] or (g_e g_chi)^2)")
        return norm * self.column / m_dm_MeV * boosted_flux(k, m_dm_MeV, m_x_MeV, MODES[mode],
                                                             self.n_nodes)
