"""Milky-Way dark matter, J-factors and 511 keV line morphology (halp2025, spec paper-001 §6-§7).

* generalised NFW rho(r) = rho_s (r/r_s)^-gamma (1 + r/r_s)^(gamma-3) with contraction index gamma;
* J-factor over a rectangular ROI |l| < L, |b| < B by two independent integrators:
  (A) in psi (angle from the GC) weighted by the exact azimuthal fraction inside the ROI, line of
      sight in t with l = d sinh t; (B) directly on an (l, b) tensor grid (power-mapped to the
      cusp), line of sight in theta with l = d tan theta;
* on-the-spot 511 keV line flux and emissivity, longitude/latitude profiles in 2D bins,
  optional diffusion smearing (spherical Gaussian of width sigma_x), young stellar disk
  (Robin et al. 2003), and the Siegert et al. 2016 best-fit SPI sky model (2D Gaussians).

Units: distances in kpc, densities in GeV/cm^3, J in GeV^2 cm^-5, angles in degrees at the API
and radians inside kernels, fluxes in ph cm^-2 s^-1 (per sr for intensities).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.core import units as u

DEG = math.pi / 180.0
F_PS_DEFAULT = u.F_PS  # positronium fraction


# ----------------------------------------------------------------------------- halo
@dataclass(frozen=True)
class GNFW:
    """Generalised NFW halo (spec §6): inner slope gamma, outer 3, scale r_s [kpc], rho(R_sun) [GeV/cm3]."""

    gamma: float = 1.0
    r_s_kpc: float = 20.0
    R_sun_kpc: float = 8.5
    rho_local_GeV_cm3: float = 0.4

    def __post_init__(self):
        if not 0.0 <= self.gamma < 1.5:
            raise ValueError(f"gamma = {self.gamma} must lie in [0, 1.5) (J diverges at 1.5)")
        for name in ("r_s_kpc", "R_sun_kpc", "rho_local_GeV_cm3"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} = {getattr(self, name)} must be positive")

    @property
    def rho_s(self) -> float:
        """rho_s [GeV/cm3] fixed by rho(R_sun) = rho_sun."""
        x = self.R_sun_kpc / self.r_s_kpc
        return self.rho_local_GeV_cm3 * x ** self.gamma * (1.0 + x) ** (3.0 - self.gamma)

    def density(self, r_kpc):
        """rho(r) [GeV/cm3] (spec §6)."""
        return gnfw_rho(np.atleast_1d(np.asarray(r_kpc, float)), self.gamma, self.r_s_kpc, self.rho_s)


@njit(cache=True)
def _rho(r, gamma, r_s, rho_s):
    x = r / r_s
    return rho_s * x ** (-gamma) * (1.0 + x) ** (gamma - 3.0)


@njit(cache=True)
def gnfw_rho(r, gamma, r_s, rho_s):
    """gNFW density [GeV/cm3] rho_s (r/r_s)^-gamma (1+r/r_s)^(gamma-3) on an array r [kpc] (spec §6)."""
    out = np.empty(r.size)
    for i in range(r.size):
        out[i] = _rho(r[i], gamma, r_s, rho_s)
    return out


# ----------------------------------------------------------- line of sight, method A
# Quadrature nodes: module constants the kernels read (numba freezes them), never array default
# arguments, which numba's cache cannot key (every job would compile the kernel again).
_GL_T_X, _GL_T_W = np.polynomial.legendre.leggauss(200)


@njit(cache=True)
def _branch_sinh(d, L, gamma, r_s, rho_s, gx, gw):
    # int_0^L dl rho^2(sqrt(d^2 + l^2)) with l = d sinh t: dl = r dt.
    if L <= 0.0:
        return 0.0
    tmax = math.asinh(L / d)
    s = 0.0
    for k in range(gx.size):
        t = 0.5 * tmax * (gx[k] + 1.0)
        r = d * math.cosh(t)
        rho = _rho(r, gamma, r_s, rho_s)
        s += gw[k] * rho * rho * r
    return s * 0.5 * tmax


@njit(cache=True)
def los_rho2_sinh(psi_rad, gamma, r_s, rho_s, R_sun, s_max):
    """int_0^s_max ds rho^2 [GeV^2 cm^-6 kpc] at angle psi from the GC; l = d sinh t (spec §6, method A)."""
    gx, gw = _GL_T_X, _GL_T_W
    out = np.empty(psi_rad.size)
    for i in range(psi_rad.size):
        d = R_sun * math.sin(psi_rad[i])
        s0 = R_sun * math.cos(psi_rad[i])
        if s0 > 0.0:
            out[i] = _branch_sinh(d, s0, gamma, r_s, rho_s, gx, gw) + \
                _branch_sinh(d, s_max - s0, gamma, r_s, rho_s, gx, gw)
        else:
            out[i] = _branch_sinh(d, s_max - s0, gamma, r_s, rho_s, gx, gw) - \
                _branch_sinh(d, -s0, gamma, r_s, rho_s, gx, gw)
    return out


@njit(cache=True)
def azimuth_fraction(psi_rad, L_rad, B_rad):
    """Fraction of the circle at angle psi around the GC inside |l| < L, |b| < B (psi < 90 deg)."""
    out = np.zeros(psi_rad.size)
    for i in range(psi_rad.size):
        p = psi_rad[i]
        if p <= 0.0:
            out[i] = 1.0
            continue
        sb = math.sin(B_rad) / math.sin(p)
        cl = math.tan(L_rad) / math.tan(p) if p < 0.5 * math.pi else 1e300
        phi_hi = math.asin(min(1.0, sb))  # |b| < B  <=>  |sin phi| < sin B/sin psi
        phi_lo = math.acos(min(1.0, cl))  # |l| < L  <=>  |cos phi| < tan L/tan psi
        out[i] = max(0.0, phi_hi - phi_lo) / (0.5 * math.pi)
    return out


def _cos_mapped_nodes(a, b, n):
    x, w = np.polynomial.legendre.leggauss(n)
    th = 0.5 * math.pi * (x + 1.0)
    return a + 0.5 * (b - a) * (1.0 - np.cos(th)), w * 0.5 * (b - a) * np.sin(th) * 0.5 * math.pi


def _power_mapped_nodes(a, b, n, p):
    x, w = np.polynomial.legendre.leggauss(n)
    t = 0.5 * (x + 1.0)
    return a + (b - a) * t ** p, w * 0.5 * (b - a) * p * t ** (p - 1)


def j_factor_psi(halo: GNFW, l_max_deg=30.0, b_max_deg=15.0, s_max_kpc=100.0, n=160):
    """J_ROI [GeV^2 cm^-5] by integrator A: 2 pi int dpsi sin psi f_ROI(psi) int ds rho^2 (spec §6)."""
    _check_roi(l_max_deg, b_max_deg)
    L, B = l_max_deg * DEG, b_max_deg * DEG
    psi_c = math.acos(math.cos(L) * math.cos(B))
    lo, hi = min(L, B), max(L, B)
    p1, w1 = _power_mapped_nodes(0.0, lo, n, 10.0)   # cusp: psi^(2-2 gamma)
    p2, w2 = _cos_mapped_nodes(lo, hi, n)             # sqrt kinks of f_ROI at psi = B, L
    p3, w3 = _cos_mapped_nodes(hi, psi_c, n)
    psi = np.concatenate([p1, p2, p3])
    w = np.concatenate([w1, w2, w3])
    f = azimuth_fraction(psi, L, B)
    los = los_rho2_sinh(psi, halo.gamma, halo.r_s_kpc, halo.rho_s, halo.R_sun_kpc, s_max_kpc)
    return float(2.0 * math.pi * np.sum(w * np.sin(psi) * f * los) * u.KPC_CM)


# ----------------------------------------------------------- line of sight, method B
_GL_TH_X, _GL_TH_W = np.polynomial.legendre.leggauss(256)


@njit(cache=True)
def _branch_tan(d, L, gamma, r_s, rho_s, gx, gw):
    # int_0^L dl rho^2 with l = d tan theta: dl = d sec^2 theta dtheta.
    if L <= 0.0:
        return 0.0
    thmax = math.atan(L / d)
    s = 0.0
    for k in range(gx.size):
        th = 0.5 * thmax * (gx[k] + 1.0)
        c = math.cos(th)
        rho = _rho(d / c, gamma, r_s, rho_s)
        s += gw[k] * rho * rho * d / (c * c)
    return s * 0.5 * thmax


@njit(cache=True)
def j_lb_grid_kernel(l_rad, wl, b_rad, wb, gamma, r_s, rho_s, R_sun, s_max):
    """sum_ij w_i w_j cos b_j int ds rho^2 over an (l, b) tensor grid (spec §6, method B) [GeV^2 cm^-6 kpc sr]."""
    gx, gw = _GL_TH_X, _GL_TH_W
    tot = 0.0
    for i in range(l_rad.size):
        for j in range(b_rad.size):
            cpsi = math.cos(l_rad[i]) * math.cos(b_rad[j])
            sl = math.sin(l_rad[i])
            spsi = math.sqrt(sl * sl + (1.0 - sl * sl) * math.sin(b_rad[j]) ** 2)
            d = R_sun * spsi
            s0 = R_sun * cpsi
            if s0 > 0.0:
                los = _branch_tan(d, s0, gamma, r_s, rho_s, gx, gw) + \
                    _branch_tan(d, s_max - s0, gamma, r_s, rho_s, gx, gw)
            else:
                los = _branch_tan(d, s_max - s0, gamma, r_s, rho_s, gx, gw) - \
                    _branch_tan(d, -s0, gamma, r_s, rho_s, gx, gw)
            tot += wl[i] * wb[j] * math.cos(b_rad[j]) * los
    return tot


def j_factor_lb(halo: GNFW, l_max_deg=30.0, b_max_deg=15.0, s_max_kpc=100.0, n=96, p=8.0):
    """J_ROI [GeV^2 cm^-5] by integrator B: 4 int_0^L dl int_0^B db cos b int ds rho^2 (spec §6)."""
    _check_roi(l_max_deg, b_max_deg)
    lq, wl = _power_mapped_nodes(0.0, l_max_deg * DEG, n, p)
    bq, wb = _power_mapped_nodes(0.0, b_max_deg * DEG, n, p)
    tot = j_lb_grid_kernel(lq, wl, bq, wb, halo.gamma, halo.r_s_kpc, halo.rho_s, halo.R_sun_kpc, s_max_kpc)
    return float(4.0 * tot * u.KPC_CM)


def roi_solid_angle(l_max_deg=30.0, b_max_deg=15.0):
    """Solid angle [sr] of |l| < L, |b| < B: 4 L sin B."""
    _check_roi(l_max_deg, b_max_deg, 180.0 + 1e-9, 90.0 + 1e-9)
    return 4.0 * l_max_deg * DEG * math.sin(b_max_deg * DEG)


def _check_roi(l_max_deg, b_max_deg, l_limit=90.0, b_limit=90.0):
    if not (0 < l_max_deg < l_limit and 0 < b_max_deg < b_limit):
        raise ValueError(f"ROI |l| < {l_max_deg}, |b| < {b_max_deg} deg: l_max must lie in (0, {l_limit}) "
                         f"and b_max in (0, {b_limit})")


# ------------------------------------------------------------------ line flux
def line_photons_per_positron(f_ps=F_PS_DEFAULT):
    """511 keV photons per positron 2 (1 - 3 f_Ps/4) (spec §6)."""
    if not 0.0 <= f_ps <= 1.0:
        raise ValueError(f"f_Ps = {f_ps} must lie in [0, 1]")
    return 2.0 * (1.0 - 0.75 * f_ps)


def line_flux(sigmav_cm3_s, m_chi_MeV, J_GeV2_cm5, positrons_per_ann=3.0, f_ps=F_PS_DEFAULT):
    """On-the-spot 511 keV flux [ph cm^-2 s^-1] = sigma v/(4 m^2) J/(4 pi) * 3 * 2(1 - 3f/4) (spec §6)."""
    check.array("sigmav_cm3_s", sigmav_cm3_s, lo=0.0, unit="cm^3/s")
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("J_GeV2_cm5", J_GeV2_cm5, lo=0.0, unit="GeV^2/cm^5")
    check.number("positrons_per_ann", positrons_per_ann, lo=0.0)
    check.number("f_ps", f_ps, lo=0.0, hi=1.0)
    m_gev = m_chi_MeV / u.GeV
    return sigmav_cm3_s / (4.0 * m_gev ** 2) * J_GeV2_cm5 / (4.0 * math.pi) * positrons_per_ann \
        * line_photons_per_positron(f_ps)


def line_emissivity_prefactor(sigmav_cm3_s, m_chi_MeV, positrons_per_ann=3.0, f_ps=F_PS_DEFAULT):
    """K [ph cm^3 s^-1 GeV^-2 sr^-1] with I = K int ds rho^2 (n_chi = n_chibar = rho/2m) (spec §7, level 0)."""
    m_gev = m_chi_MeV / u.GeV
    return sigmav_cm3_s / (4.0 * m_gev ** 2) / (4.0 * math.pi) * positrons_per_ann * line_photons_per_positron(f_ps)


# -------------------------------------------------- tabulated emissivity, smearing
def radial_grid(r_min_kpc=1e-7, r_max_kpc=300.0, n=1200):
    """Log-spaced radial grid [kpc] for tabulated emissivities."""
    return np.geomspace(r_min_kpc, r_max_kpc, n)


@njit(cache=True)
def gaussian_smear_spherical(r, j, sigma):
    """j_s(r) = 1/(sqrt(2 pi) sigma r) int r' j(r') [e^-(r-r')^2/2s^2 - e^-(r+r')^2/2s^2] dr' (3D Gaussian, spec §7 level 1)."""
    n = r.size
    out = np.empty(n)
    # trapezoid weights in r' on the (log) grid, plus the r' < r[0] part from j ~ r^slope
    w = np.zeros(n)
    for k in range(n - 1):
        h = r[k + 1] - r[k]
        w[k] += 0.5 * h
        w[k + 1] += 0.5 * h
    for i in range(n):
        s = 0.0
        for k in range(n):
            a = (r[i] - r[k]) ** 2 / (2.0 * sigma * sigma)
            if a > 60.0:
                continue
            bracket = math.exp(-a) * (-math.expm1(-2.0 * r[i] * r[k] / (sigma * sigma)))
            s += w[k] * r[k] * j[k] * bracket
        out[i] = s / (math.sqrt(2.0 * math.pi) * sigma * r[i])
    return out


@njit(cache=True)
def _interp_loglog(x, lx, ly):
    lv = math.log(x)
    n = lx.size
    if lv <= lx[0]:
        k = 0
    elif lv >= lx[n - 1]:
        return 0.0
    else:
        lo, hi = 0, n - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if lx[mid] <= lv:
                lo = mid
            else:
                hi = mid
        k = lo
    t = (lv - lx[k]) / (lx[k + 1] - lx[k])
    return math.exp(ly[k] + t * (ly[k + 1] - ly[k]))


@njit(cache=True)
def _branch_table(d, L, lr, lj, gx, gw):
    if L <= 0.0:
        return 0.0
    tmax = math.asinh(L / d)
    acc = 0.0
    for k in range(gx.size):
        t = 0.5 * tmax * (gx[k] + 1.0)
        r = d * math.cosh(t)
        acc += gw[k] * _interp_loglog(r, lr, lj) * r
    return acc * 0.5 * tmax


@njit(cache=True)
def los_table(psi_rad, lr, lj, R_sun, s_max):
    """int ds j(r) [j-units kpc] for a spherical emissivity tabulated as (ln r, ln j) (spec §7)."""
    gx, gw = _GL_T_X, _GL_T_W
    out = np.empty(psi_rad.size)
    for i in range(psi_rad.size):
        d = max(R_sun * math.sin(psi_rad[i]), 1e-12)
        s0 = R_sun * math.cos(psi_rad[i])
        if s0 > 0.0:
            out[i] = _branch_table(d, s0, lr, lj, gx, gw) + _branch_table(d, s_max - s0, lr, lj, gx, gw)
        else:
            out[i] = _branch_table(d, s_max - s0, lr, lj, gx, gw) - _branch_table(d, -s0, lr, lj, gx, gw)
    return out


# --------------------------------------------------------------------- disk
@njit(cache=True)
def young_disk_shape(R, z, R_plus=5.0, R_minus=3.0, eps=0.0791):
    """Robin+2003 young disk exp(-sqrt(0.25 + a^2/R+^2)) - exp(-sqrt(0.25 + a^2/R-^2)), a^2 = R^2 + z^2/eps^2."""
    a2 = R * R + z * z / (eps * eps)
    return math.exp(-math.sqrt(0.25 + a2 / (R_plus * R_plus))) - math.exp(-math.sqrt(0.25 + a2 / (R_minus * R_minus)))


_GL_S_X, _GL_S_W = np.polynomial.legendre.leggauss(400)


@njit(cache=True)
def disk_los(l_rad, b_rad, R_sun, s_max):
    """int ds of the young-disk shape [kpc] toward (l, b), arrays of equal size (spec §7)."""
    gx, gw = _GL_S_X, _GL_S_W
    out = np.empty(l_rad.size)
    for i in range(l_rad.size):
        cb = math.cos(b_rad[i])
        sb = math.sin(b_rad[i])
        cl = math.cos(l_rad[i])
        smax = min(s_max, 2.5 / max(abs(sb), 1e-9))  # the disk has scale height ~ eps * 3 kpc
        # split at the tangent point (peak of the disk) for accuracy
        s_t = min(max(R_sun * cl * cb, 0.0), smax)
        acc = 0.0
        for (a, b) in ((0.0, s_t), (s_t, smax)):
            if b <= a:
                continue
            for k in range(gx.size):
                s = a + 0.5 * (b - a) * (gx[k] + 1.0)
                x = s * cb
                R = math.sqrt(max(R_sun * R_sun + x * x - 2.0 * R_sun * x * cl, 0.0))
                acc += gw[k] * 0.5 * (b - a) * young_disk_shape(R, s * sb, 5.0, 3.0, 0.0791)
        out[i] = acc
    return out


# ------------------------------------------------------------ binned profiles
def _cell_nodes(lo, hi, n, p):
    """Nodes on [lo, hi] split at 0 and power-mapped toward 0 (integrable cusp)."""
    xs, ws = [], []
    if lo < 0.0 < hi:
        parts = [(0.0, -lo, -1.0), (0.0, hi, 1.0)]
    elif hi <= 0.0:
        parts = [(-hi, -lo, -1.0)]
    else:
        parts = [(lo, hi, 1.0)]
    for a, b, sgn in parts:
        if a == 0.0:
            x, w = _power_mapped_nodes(0.0, b, n, p)
        else:
            x, w = np.polynomial.legendre.leggauss(n)
            x, w = a + 0.5 * (b - a) * (x + 1.0), 0.5 * (b - a) * w
        xs.append(sgn * x)
        ws.append(w)
    return np.concatenate(xs), np.concatenate(ws)


def bin_average(intensity_lb, l_edges_deg, b_edges_deg, n=24, p=4.0):
    """Solid-angle average of intensity_lb(l_rad, b_rad) (vectorised) over each 2D bin [l-bins x b-bins]."""
    out = np.empty((len(l_edges_deg) - 1, len(b_edges_deg) - 1))
    for i in range(out.shape[0]):
        lq, wl = _cell_nodes(l_edges_deg[i] * DEG, l_edges_deg[i + 1] * DEG, n, p)
        for j in range(out.shape[1]):
            bq, wb = _cell_nodes(b_edges_deg[j] * DEG, b_edges_deg[j + 1] * DEG, n, p)
            L, Bg = np.meshgrid(lq, bq, indexing="ij")
            W = np.outer(wl, wb * np.cos(bq))
            out[i, j] = np.sum(W * intensity_lb(L.ravel(), Bg.ravel()).reshape(L.shape)) / np.sum(W)
    return out


class SphericalIntensity:
    """I(psi) [per sr] = K * int ds j(r) for a spherical emissivity, tabulated in psi (spec §7)."""

    def __init__(self, r_kpc, j, R_sun_kpc, K=1.0, s_max_kpc=100.0, n_psi=800):
        self.psi = np.geomspace(1e-6, math.pi, n_psi)
        good = j > 0
        lr, lj = np.log(r_kpc[good]), np.log(j[good])
        self.I = K * los_table(self.psi, lr, lj, R_sun_kpc, s_max_kpc) * u.KPC_CM
        self._lp, self._lI = np.log(self.psi), np.log(np.maximum(self.I, 1e-300))
        # inner power-law extrapolation of the cusp
        self._slope = (self._lI[1] - self._lI[0]) / (self._lp[1] - self._lp[0])

    def __call__(self, l_rad, b_rad):
        cpsi = np.clip(np.cos(l_rad) * np.cos(b_rad), -1.0, 1.0)
        psi = np.arccos(cpsi)
        # accurate small angles: psi^2 ~ l^2 + b^2
        small = psi < 1e-3
        psi = np.where(small, np.hypot(l_rad, b_rad), psi)
        lp = np.log(np.maximum(psi, 1e-300))
        out = np.exp(np.interp(lp, self._lp, self._lI))
        inner = lp < self._lp[0]
        out = np.where(inner, np.exp(self._lI[0] + self._slope * (lp - self._lp[0])), out)
        return out


def dm_emissivity_table(halo: GNFW, r_kpc=None, smear_sigma_kpc=0.0):
    """(r [kpc], rho^2 [GeV^2 cm^-6]) optionally smeared by a 3D Gaussian of width sigma (spec §7)."""
    r = radial_grid() if r_kpc is None else r_kpc
    j = halo.density(r) ** 2
    if smear_sigma_kpc > 0.0:
        j = gaussian_smear_spherical(r, j, smear_sigma_kpc)
    return r, j


def profiles(intensity_lb, l_edges_deg, b_band_deg, b_edges_deg, l_band_deg, n=24):
    """Longitude profile (averaged over |b| < b_band) and latitude profile (|l| < l_band) [per sr]."""
    lon = bin_average(intensity_lb, l_edges_deg, np.array([-b_band_deg, b_band_deg]), n)[:, 0]
    lat = bin_average(intensity_lb, np.array([-l_band_deg, l_band_deg]), b_edges_deg, n)[0, :]
    return lon, lat


# -------------------------------------------------- Siegert et al. 2016 sky model
SIEGERT2016_MODEL = (
    # name, total flux [ph cm^-2 s^-1], l0, b0 [deg], sigma_l, sigma_b [deg]  (spec §7)
    ("disk", 1.7e-3, 0.0, 0.0, 60.0, 10.5),
    ("broad bulge", 7.3e-4, 0.0, 0.0, 8.7, 8.7),
    ("narrow bulge", 2.8e-4, -1.15, -0.25, 2.5, 2.5),
    ("GC source", 8.2e-5, -0.06, -0.05, 1.3, 1.3),
)


def siegert_model_bin_average(l_edges_deg, b_edges_deg, components=None):
    """Siegert+2016 best-fit 2D-Gaussian model averaged over (l, b) bins [ph cm^-2 s^-1 sr^-1] (a MODEL, not data).

    The Gaussians are taken on the flat (l, b) plane, as fitted in Siegert et al. 2016; the average
    is flux-in-bin / solid angle of the bin.
    """
    from scipy.special import erf

    comps = SIEGERT2016_MODEL if components is None else [c for c in SIEGERT2016_MODEL if c[0] in components]
    le, be = np.asarray(l_edges_deg, float), np.asarray(b_edges_deg, float)
    out = np.zeros((le.size - 1, be.size - 1))
    for _, F, l0, b0, sl, sb in comps:
        fl = 0.5 * np.diff(erf((le - l0) / (math.sqrt(2) * sl)))
        fb = 0.5 * np.diff(erf((be - b0) / (math.sqrt(2) * sb)))
        out += F * np.outer(fl, fb)
    dl = np.diff(le) * DEG
    domega = np.outer(dl, np.diff(np.sin(be * DEG)))
    return out / domega


def siegert_model_flux(l_max_deg, b_max_deg, components=None):
    """Siegert+2016 model flux [ph cm^-2 s^-1] inside |l| < L, |b| < B."""
    avg = siegert_model_bin_average([-l_max_deg, l_max_deg], [-b_max_deg, b_max_deg], components)
    return float(avg[0, 0] * roi_solid_angle(l_max_deg, b_max_deg))
