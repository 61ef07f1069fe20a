"""Thermal history of the Standard-Model plasma: g*(T), g*s(T), H(T), s(T), equilibrium yields.

Everything is in MeV (temperatures, masses) unless a name says otherwise.  The
degrees of freedom come from one table, loaded once into an immutable
:class:`Cosmology` object (no module globals):

* ``Cosmology.from_store(store)`` reads the registry file ``hazma_sm_dof/smdof.dat``
  (hazma 2.2.0's table; columns T [GeV], g*^{1/2}, h_eff = g*s, g_eff = g*; see its
  PROVENANCE: col2 is the combination g*^{1/2} = h_eff/sqrt(g_eff) (1 + T/3 dln h_eff/dT)
  that enters the Boltzmann equation, Gondolo & Gelmini 1991 Eq. 2.14).
* ``Cosmology.constant(g_star, g_star_s)`` gives fixed degrees of freedom (e.g. the
  10.75 used by halp2025, spec paper-001 §3).

The table is resampled once with a cubic spline in ln T onto a fine uniform ln T
grid (``LNT_STEP``), so numba kernels interpolate linearly with an O(1) index
(helpers ``interp_uniform``).  Outside the table the end values are held constant
(as hazma does).

Equilibrium yields: ``yield_eq`` with statistics "fermion"/"boson" (exact
Fermi–Dirac / Bose–Einstein as a sum of Bessel functions, 5 terms as in hazma) or
"mb" (Maxwell–Boltzmann).  The relic solver (mevdm.early.relic) uses the exact
statistics by default; the semi-analytic freeze-out uses Maxwell–Boltzmann.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from mevdm.core import units

# Resampling step of the g* tables in ln T (0.002 dex): linear interpolation error < 1e-5.
LNT_STEP = 0.002 * math.log(10.0)
SMDOF_REGISTRY_NAME = "hazma_sm_dof/smdof.dat"

# Planck 2018 quantities used for Omega h^2 (from mevdm.core.units).
RHO_CRIT_OVER_H2_MEV_CM3 = units.RHO_CRIT_OVER_H2_GEV_CM3 * 1.0e3  # [MeV cm^-3]
# Omega h^2 = m[MeV] * Y_inf * OMEGA_H2_PER_MEV_Y
OMEGA_H2_PER_MEV_Y = units.S0_CM3 / RHO_CRIT_OVER_H2_MEV_CM3
_STATS = {"fermion": 0, "boson": 1, "mb": 2}


@dataclass(frozen=True)
class Cosmology:
    """g*(T), g*s(T) and g*^{1/2}(T) on a uniform ln T grid (T in MeV); immutable.

    Attributes are numpy arrays usable inside numba kernels: ``lnT0`` (first ln T),
    ``dlnT`` (step), ``sqrt_gstar``, ``gstar``, ``gstar_s`` (values on the grid).
    """

    lnT0: float
    dlnT: float
    sqrt_gstar: np.ndarray
    gstar: np.ndarray
    gstar_s: np.ndarray
    source: str
    # present entropy density over units.S0_CM3 (Omega h^2 = m Y s_0/rho_c): 1 for tables whose
    # convention is S0_CM3 (hazma's, constant g*); the computed plasma's own h_eff today otherwise
    s0_scale: float = 1.0

    # ---- construction -------------------------------------------------------
    @classmethod
    def from_table(cls, T_MeV, sqrt_gstar, gstar_s, gstar, source="table"):
        """Build from tabulated (T [MeV], g*^{1/2}, g*s, g*), cubic-spline resampled in ln T."""
        T = np.asarray(T_MeV, float)
        order = np.argsort(T)
        lnT = np.log(T[order])
        n = int(math.ceil((lnT[-1] - lnT[0]) / LNT_STEP)) + 1
        grid = lnT[0] + LNT_STEP * np.arange(n)
        grid[-1] = min(grid[-1], lnT[-1])
        cols = []
        for col in (sqrt_gstar, gstar, gstar_s):
            c = np.asarray(col, float)[order]
            cols.append(np.ascontiguousarray(not_a_knot_spline(lnT, c, grid)))
        return cls(float(lnT[0]), LNT_STEP, *cols, source=source)

    @classmethod
    def from_file(cls, path):
        """Read hazma's smdof.dat (CSV: T [GeV], g*^{1/2}, h_eff, g_eff)."""
        d = np.genfromtxt(path, delimiter=",", skip_header=1)
        if d.ndim != 2 or d.shape[1] != 4:
            raise ValueError(f"{path}: expected 4 columns (T [GeV], sqrt(g*), heff, geff)")
        return cls.from_table(d[:, 0] * units.GeV, d[:, 1], d[:, 2], d[:, 3],
                              source=f"{SMDOF_REGISTRY_NAME}")

    @classmethod
    def from_store(cls, store):
        """Standard-Model table from the data registry (``hazma_sm_dof/smdof.dat``)."""
        return cls.from_file(store.path(SMDOF_REGISTRY_NAME))

    @classmethod
    def constant(cls, g_star=10.75, g_star_s=None):
        """Fixed degrees of freedom (g*^{1/2} = g*s / sqrt(g*), no dlng*s/dT term)."""
        g_star_s = g_star if g_star_s is None else g_star_s
        if not (g_star > 0 and g_star_s > 0):
            raise ValueError(f"g_star = {g_star}, g_star_s = {g_star_s} must be > 0")
        one = np.ones(2)
        return cls(0.0, 1.0, one * g_star_s / math.sqrt(g_star), one * g_star, one * g_star_s,
                   source=f"constant g*={g_star}, g*s={g_star_s}")

    # ---- evaluation (vectorised, numpy) -------------------------------------
    def _interp(self, table, T_MeV):
        T = np.asarray(T_MeV, float)
        if np.any(~(T > 0)):
            raise ValueError("temperature T_MeV must be > 0")
        return _interp_vec(np.log(T).ravel(), self.lnT0, self.dlnT, table).reshape(T.shape)

    def g_star(self, T_MeV):
        """Energy-density degrees of freedom g*(T)."""
        return self._interp(self.gstar, T_MeV)

    def g_star_s(self, T_MeV):
        """Entropy degrees of freedom g*s(T) (h_eff)."""
        return self._interp(self.gstar_s, T_MeV)

    def sqrt_g_star(self, T_MeV):
        """g*^{1/2}(T) = g*s/sqrt(g*) (1 + T/(3 g*s) dg*s/dT) (Gondolo–Gelmini 1991 Eq. 2.14)."""
        return self._interp(self.sqrt_gstar, T_MeV)

    def hubble(self, T_MeV):
        """H(T) = sqrt(8 pi^3 g*/90) T^2 / M_Pl [MeV] (radiation domination)."""
        T = np.asarray(T_MeV, float)
        return np.sqrt(8.0 * math.pi**3 * self.g_star(T) / 90.0) * T**2 / units.M_PLANCK_MEV

    def entropy_density(self, T_MeV):
        """s(T) = 2 pi^2/45 g*s T^3 [MeV^3]."""
        T = np.asarray(T_MeV, float)
        return 2.0 * math.pi**2 / 45.0 * self.g_star_s(T) * T**3

    def entropy_density_cm3(self, T_MeV):
        """s(T) in cm^-3."""
        return self.entropy_density(T_MeV) / units.INV_MEV3_TO_CM3

    def yield_eq(self, x, g=2.0, statistics="fermion", xi=1.0, mass_MeV=1.0):
        """Equilibrium yield Y_eq = n_eq(T')/s(T) at x = m/T', T' = xi T (T = m/(xi x))."""
        x = np.asarray(x, float)
        if np.any(~(x > 0)):
            raise ValueError("x = m/T must be > 0")
        stat = _stat_code(statistics)
        T = mass_MeV / (xi * x)
        h = self.g_star_s(T)
        out = np.empty(x.size)
        for i, xv in enumerate(x.ravel()):
            out[i] = math.exp(ln_neq_over_T3(xv, stat))
        return g * out.reshape(x.shape) * 45.0 * xi**3 / (2.0 * math.pi**2 * h)


def _stat_code(statistics: str) -> int:
    try:
        return _STATS[statistics]
    except KeyError:
        raise ValueError(f"statistics = {statistics!r}; allowed: {sorted(_STATS)}") from None


# ----------------------------------------------------------------------------
# numba helpers (shared with mevdm.early.relic)
# ----------------------------------------------------------------------------


def not_a_knot_spline(x, y, x_new):
    """Cubic spline through (x, y) with not-a-knot ends, evaluated at x_new (as
    scipy.interpolate.CubicSpline, without importing it: that import costs ~1 s per job)."""
    x, y, x_new = (np.asarray(v, float) for v in (x, y, x_new))
    n = x.size
    if n < 4 or np.any(np.diff(x) <= 0):
        raise ValueError(f"spline needs >= 4 strictly increasing nodes, got {n}")
    dx = np.diff(x)
    slope = np.diff(y) / dx
    # tridiagonal system for the node derivatives s: lower a, diagonal b, upper c, rhs r
    a, b, c, r = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    a[1:-1], b[1:-1], c[1:-1] = dx[1:], 2.0 * (dx[:-1] + dx[1:]), dx[:-1]
    r[1:-1] = 3.0 * (dx[1:] * slope[:-1] + dx[:-1] * slope[1:])
    d0, d1 = x[2] - x[0], x[-1] - x[-3]
    b[0], c[0] = dx[1], d0
    r[0] = ((dx[0] + 2.0 * d0) * dx[1] * slope[0] + dx[0] ** 2 * slope[1]) / d0
    a[-1], b[-1] = d1, dx[-2]
    r[-1] = (dx[-1] ** 2 * slope[-2] + (2.0 * d1 + dx[-1]) * dx[-2] * slope[-1]) / d1
    s = _solve_tridiagonal(a, b, c, r)
    t = (s[:-1] + s[1:] - 2.0 * slope) / dx
    c3, c2, c1, c0 = t / dx, (slope - s[:-1]) / dx - t, s[:-1], y[:-1]
    i = np.clip(np.searchsorted(x, x_new, side="right") - 1, 0, n - 2)
    h = x_new - x[i]
    return ((c3[i] * h + c2[i]) * h + c1[i]) * h + c0[i]


def _solve_tridiagonal(a, b, c, r):
    """Solve a tridiagonal system (sub-diagonal a[1:], diagonal b, super-diagonal c[:-1]) by
    Gaussian elimination with partial pivoting (the not-a-knot ends are not diagonally dominant)."""
    n = b.size
    A = np.zeros((n, n))
    idx = np.arange(n)
    A[idx, idx] = b
    A[idx[1:], idx[:-1]] = a[1:]
    A[idx[:-1], idx[1:]] = c[:-1]
    return np.linalg.solve(A, r)


@numba.njit(cache=True, inline="always")
def interp_uniform(lnT, lnT0, dlnT, table):
    """Linear interpolation on a uniform ln T grid, constant beyond the ends."""
    u = (lnT - lnT0) / dlnT
    n = table.size
    if u <= 0.0:
        return table[0]
    if u >= n - 1:
        return table[n - 1]
    i = int(u)
    f = u - i
    return table[i] * (1.0 - f) + table[i + 1] * f


@numba.njit(cache=True)
def _interp_vec(lnT, lnT0, dlnT, table):
    out = np.empty(lnT.size)
    for i in range(lnT.size):
        out[i] = interp_uniform(lnT[i], lnT0, dlnT, table)
    return out


@numba.njit(cache=True)
def bessel_k0(x):
    """K_0(x), x > 0 (Abramowitz & Stegun 9.8.5/9.8.6, |rel err| < 2e-7)."""
    if x <= 2.0:
        t = x * x / 14.0625  # (x/3.75)^2
        i0 = 1.0 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (
            0.2659732 + t * (0.0360768 + t * 0.0045813)))))
        y = x * x / 4.0
        return (-math.log(x / 2.0) * i0) + (-0.57721566 + y * (0.42278420 + y * (
            0.23069756 + y * (0.03488590 + y * (0.00262698 + y * (0.00010750 + y * 0.0000074))))))
    y = 2.0 / x
    return (math.exp(-x) / math.sqrt(x)) * (1.25331414 + y * (-0.07832358 + y * (
        0.02189568 + y * (-0.01062446 + y * (0.00587872 + y * (-0.00251540 + y * 0.00053208))))))


@numba.njit(cache=True)
def bessel_k1(x):
    """K_1(x), x > 0 (Abramowitz & Stegun 9.8.7/9.8.8, |rel err| < 2e-7)."""
    if x <= 2.0:
        t = x * x / 14.0625
        i1 = x * (0.5 + t * (0.87890594 + t * (0.51498869 + t * (0.15084934 + t * (
            0.02658733 + t * (0.00301532 + t * 0.00032411))))))
        y = x * x / 4.0
        return (math.log(x / 2.0) * i1) + (1.0 / x) * (1.0 + y * (0.15443144 + y * (
            -0.67278579 + y * (-0.18156897 + y * (-0.01919402 + y * (-0.00110404 + y * (
                -0.00004686)))))))
    y = 2.0 / x
    return (math.exp(-x) / math.sqrt(x)) * (1.25331414 + y * (0.23498619 + y * (
        -0.03655620 + y * (0.01504268 + y * (-0.00780353 + y * (0.00325614 + y * (
            -0.00068245)))))))


@numba.njit(cache=True)
def bessel_k2(x):
    """K_2(x) = K_0(x) + 2 K_1(x)/x."""
    return bessel_k0(x) + 2.0 * bessel_k1(x) / x


@numba.njit(cache=True)
def bessel_k2_scaled(x):
    """e^x K_2(x), stable for large x."""
    if x > 2.0:
        y = 2.0 / x
        k0s = (1.0 / math.sqrt(x)) * (1.25331414 + y * (-0.07832358 + y * (
            0.02189568 + y * (-0.01062446 + y * (0.00587872 + y * (-0.00251540 + y * 0.00053208))))))
        k1s = (1.0 / math.sqrt(x)) * (1.25331414 + y * (0.23498619 + y * (
            -0.03655620 + y * (0.01504268 + y * (-0.00780353 + y * (0.00325614 + y * (
                -0.00068245)))))))
        return k0s + 2.0 * k1s / x
    return math.exp(x) * bessel_k2(x)


@numba.njit(cache=True)
def neq_over_T3(x, stat):
    """n_eq/(g T^3) at x = m/T: stat 0 Fermi–Dirac, 1 Bose–Einstein (5-term Bessel sums), 2 MB."""
    if stat == 2:
        return x * x * bessel_k2(x) / (2.0 * math.pi**2)
    sgn = -1.0 if stat == 0 else 1.0
    tot = 0.0
    c = 1.0
    for k in range(1, 6):
        tot += c / k * bessel_k2(k * x)
        c *= sgn
    return x * x * tot / (2.0 * math.pi**2)


@numba.njit(cache=True)
def ln_neq_over_T3(x, stat):
    """ln[n_eq/(g T^3)] at x = m/T without underflow (same statistics codes as neq_over_T3)."""
    if stat == 2:
        return 2.0 * math.log(x) + math.log(bessel_k2_scaled(x)) - x - math.log(2.0 * math.pi**2)
    sgn = -1.0 if stat == 0 else 1.0
    tot = 0.0
    c = 1.0
    for k in range(1, 6):
        if (k - 1) * x > 32.0:  # remaining terms < 1e-14 relative
            break
        # K2(kx) = e^{-kx} k2s(kx); factor e^{-x} out of the sum
        tot += c / k * math.exp(-(k - 1) * x) * bessel_k2_scaled(k * x)
        c *= sgn
    return 2.0 * math.log(x) + math.log(tot) - x - math.log(2.0 * math.pi**2)
