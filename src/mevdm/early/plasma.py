"""The MeV plasma computed: photons, e± (and μ±) with full Fermi–Dirac statistics, three neutrinos
with decoupling, and an optional thermal dark-sector species; N_eff and g_eff(T), h_eff(T).

Method (Escudero, JCAP 02 (2019) 007, arXiv:1812.05605): every species keeps an
equilibrium distribution; the electromagnetic sector (γ, e±, μ±, QED correction, and an
electrophilic species χ) has temperature T_γ, the neutrinos (three flavours, one common T_ν, and a
neutrinophilic χ) have T_ν.  With N = ln a,

    dT_γ/dN = −[3(ρ_em + p_em) + Q/H] / (dρ_em/dT_γ),
    dT_ν/dN = −[3(ρ_νs + p_νs) − Q/H] / (dρ_νs/dT_ν),             (energy conservation per sector)

with Q = δρ_νe/δt + 2 δρ_νμ/δt the energy the e± pass to the neutrinos per time and volume
(massless-electron collision terms; f_a = f_s = 1: Maxwell–Boltzmann statistics in the
collision terms; f_a = 0.884, f_s = 0.829: the Fermi–Dirac factors of Escudero, JCAP 05 (2020)
048, arXiv:2001.04466):

    Q = G_F²/π⁵ [(1 + 4 s_W² + 8 s_W⁴) + 2 (1 − 4 s_W² + 8 s_W⁴)]
        × [32 f_a (T_γ⁹ − T_ν⁹) + 56 f_s T_γ⁴ T_ν⁴ (T_γ − T_ν)]

(the normalisation of arXiv:2001.04466; the 2018 NUDEC_BSM script of arXiv:1812.05605 carries half
of it, 16 and 7).  With it the SM evolution follows NUDEC_BSM's published one (Results/SM/SM.dat:
T_γ/T_ν − 1 within 0.3 % from 2 to 0.2 MeV) and N_eff = 3.049 (theirs 3.0448, with the electron
mass in the rates).

The O(e²) finite-temperature QED correction to the e±γ plasma is
P_int = −e² T² J/(6π²) − e² J²/(2π⁴), J = ∫ dp p²/E f_FD(E/T), i.e. the two-loop pressure
−2e²(I_F² + 2 I_F I_B) with the electron mass kept in I_F (Heckler 1994; Mangano et al. 2002;
Bennett et al., arXiv:1911.04504): −5e²T⁴/288 for massless electrons.
ρ_int = −P_int + T P_int', dρ_int/dT = T P_int''.

Thermodynamic integrals are done numerically (composite Gauss–Legendre in p/T, no Boltzmann
or series approximation); their error is < 1e-10 relative (tests/test_plasma.py against
scipy.integrate.quad).  Everything is in MeV.  The instantaneous-decoupling variant sets Q = ∞
above T_d (one common temperature) and Q = 0 below.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numba
import numpy as np

from mevdm.core import units

G_F = 1.1663787e-11  # Fermi constant [MeV^-2] (PDG 2020)
SIN2_THETA_W = 0.223  # on-shell 1 − m_W²/m_Z², the value Escudero 2019 uses
RATES = {"fd": (0.884, 0.829), "mb": (1.0, 1.0)}  # (f_a, f_s): arXiv:2001.04466 / Maxwell–Boltzmann
N_NU = 3
T_START_MEV = 30.0  # start of the evolution: neutrinos coupled, muons included
T_END_MEV = 2.0e-3  # e± gone (e^{-255}): T_ν/T_γ frozen
NEFF_SM_REFERENCE = 3.0440  # Bennett et al., JCAP 04 (2021) 073, arXiv:2012.02726, abstract
STATS = {"fermion": 1, "boson": -1}
COUPLINGS = ("electrophilic", "neutrinophilic")

# composite Gauss-Legendre in y = p/T on [0, y_max]: geometric panels below y = 2 resolve the
# scale y ~ x = m/T of a light boson's 1/E peak, uniform panels above
_NPANEL = 20
_GEO_EDGES = np.concatenate([[0.0], np.geomspace(1.0e-3, 2.0, 12)])
_GX, _GW = np.polynomial.legendre.leggauss(16)
_GX = 0.5 * (_GX + 1.0)
_GW = 0.5 * _GW
_E_CUT = 60.0  # integrate to E/T = x + 60: e^-60 ~ 1e-26 of the integrand's peak


@numba.njit(cache=True)
def thermo_integrals(x, eta):
    """(ρ/T⁴, p/T⁴, T⁻³ dρ/dT, J/T²) per internal degree of freedom at x = m/T, zero chemical
    potential; eta = +1 Fermi–Dirac, −1 Bose–Einstein (Kolb & Turner 1990, Ch. 3)."""
    if x > 200.0:
        return 0.0, 0.0, 0.0, 0.0
    ymax = math.sqrt((x + _E_CUT) ** 2 - x * x)
    hu = (ymax - 2.0) / _NPANEL
    r = 0.0
    p = 0.0
    d = 0.0
    jj = 0.0
    ngeo = _GEO_EDGES.size - 1
    for k in range(ngeo + _NPANEL):
        if k < ngeo:
            a = _GEO_EDGES[k]
            h = _GEO_EDGES[k + 1] - a
        else:
            a = 2.0 + (k - ngeo) * hu
            h = hu
        for i in range(_GX.size):
            y = a + h * _GX[i]
            w = h * _GW[i]
            e = math.sqrt(y * y + x * x)
            ex = math.exp(-e)
            f = ex / (1.0 + eta * ex)  # 1/(e^E ± 1)
            y2 = y * y
            r += w * y2 * e * f
            p += w * y2 * y2 / e * f
            d += w * y2 * e * e * f * (1.0 - eta * f)  # f(1 ∓ f) = -df/dE
            jj += w * y2 / e * f
    c = 1.0 / (2.0 * math.pi**2)
    return c * r, c * p / 3.0, c * d, jj


@numba.njit(cache=True)
def _species(T, m, g, eta):
    """ρ, p, dρ/dT of g degrees of freedom of mass m at temperature T."""
    if g == 0.0:
        return 0.0, 0.0, 0.0
    r, p, d, _ = thermo_integrals(m / T, eta)
    T3 = T * T * T
    return g * r * T3 * T, g * p * T3 * T, g * d * T3


@numba.njit(cache=True)
def qed_pressure(T, me):
    """O(e²) finite-temperature QED pressure of the e±γ plasma [MeV⁴] (module docstring)."""
    e2 = 4.0 * math.pi * units.ALPHA_EM
    J = thermo_integrals(me / T, 1.0)[3] * T * T
    return -e2 * T * T * J / (6.0 * math.pi**2) - e2 * J * J / (2.0 * math.pi**4)


@numba.njit(cache=True)
def _qed(T, me, on):
    """(ρ_int, p_int, dρ_int/dT) from P_int by central differences (step 1e-3 T: error ~1e-7 of
    a correction that is itself 1e-2 of ρ)."""
    if not on:
        return 0.0, 0.0, 0.0
    h = 1.0e-3 * T
    p0 = qed_pressure(T, me)
    pp = qed_pressure(T + h, me)
    pm = qed_pressure(T - h, me)
    d1 = (pp - pm) / (2.0 * h)
    d2 = (pp - 2.0 * p0 + pm) / (h * h)
    return -p0 + T * d1, p0, T * d2


@numba.njit(cache=True)
def _with_dark(T, dm, coupling, rho, p, d):
    """ρ, p, dρ/dT of a sector plus the dark species' when it couples there (dm[3] == coupling)."""
    if dm[3] == coupling:
        r1, p1, d1 = _species(T, dm[0], dm[1], dm[2])
        return rho + r1, p + p1, d + d1
    return rho, p, d


@numba.njit(cache=True)
def em_sector(T, dm):
    """ρ, p, dρ/dT of γ + e± + μ± + QED (+ an electrophilic species) at T_γ = T.

    dm = (m_χ, g_χ, eta_χ, coupling 0 em / 1 ν, qed on, f_a, f_s, mode, T_d)."""
    rho = 2.0 * math.pi**2 / 30.0 * T**4
    p = rho / 3.0
    d = 4.0 * rho / T
    for m, g in ((units.M_E, 4.0), (units.M_MU, 4.0)):
        r1, p1, d1 = _species(T, m, g, 1.0)
        rho += r1
        p += p1
        d += d1
    r1, p1, d1 = _qed(T, units.M_E, dm[4] > 0.0)
    rho += r1
    p += p1
    d += d1
    return _with_dark(T, dm, 0.0, rho, p, d)


@numba.njit(cache=True)
def nu_sector(T, dm):
    """ρ, p, dρ/dT of three neutrino flavours (+ a neutrinophilic species) at T_ν = T."""
    rho = N_NU * 2.0 * 7.0 / 8.0 * math.pi**2 / 30.0 * T**4
    p = rho / 3.0
    d = 4.0 * rho / T
    return _with_dark(T, dm, 1.0, rho, p, d)


@numba.njit(cache=True)
def energy_transfer(Tg, Tn, fa, fs):
    """Q = δρ_νe/δt + 2 δρ_νμ/δt [MeV⁵] (Escudero 2019, 2020; module docstring; common T_ν)."""
    s2 = SIN2_THETA_W
    nu_e = 1.0 + 4.0 * s2 + 8.0 * s2 * s2  # charged + neutral current
    nu_mu = 1.0 - 4.0 * s2 + 8.0 * s2 * s2  # neutral current, per flavour (mu, tau)
    pref = G_F**2 / math.pi**5 * (nu_e + 2.0 * nu_mu)
    return pref * (32.0 * fa * (Tg**9 - Tn**9) + 56.0 * fs * Tg**4 * Tn**4 * (Tg - Tn))


def _rhs(N, y, dm):
    return _rhs_nb(y, dm)


@numba.njit(cache=True)
def _rhs_nb(y, dm):
    Tg, Tn = y[0], y[1]
    re, pe, de = em_sector(Tg, dm)
    rn, pn, dn = nu_sector(Tn, dm)
    H = math.sqrt(8.0 * math.pi * (re + rn) / 3.0) / units.M_PLANCK_MEV
    out = np.empty(2)
    if dm[7] == 1.0 and Tg > dm[8]:  # instantaneous decoupling: one temperature above T_d
        dT = -3.0 * (re + pe + rn + pn) / (de + dn)
        out[0] = dT
        out[1] = dT
        return out
    Q = 0.0 if dm[7] == 1.0 else energy_transfer(Tg, Tn, dm[5], dm[6]) / H
    out[0] = -(3.0 * (re + pe) + Q) / de
    out[1] = -(3.0 * (rn + pn) - Q) / dn
    return out


@dataclass(frozen=True)
class Species:
    """A thermal dark-sector species: mass [MeV], internal dof g, statistics, which sector it
    is in equilibrium with (electrophilic or neutrinophilic, as in Escudero 2019)."""

    mass_MeV: float
    g: float
    statistics: str = "fermion"
    coupling: str = "electrophilic"

    def __post_init__(self):
        if not (self.mass_MeV > 0 and math.isfinite(self.mass_MeV)):
            raise ValueError(f"mass_MeV = {self.mass_MeV}: must be a finite number > 0")
        if not (self.g > 0):
            raise ValueError(f"g = {self.g}: internal degrees of freedom must be > 0")
        if self.statistics not in STATS:
            raise ValueError(f"statistics = {self.statistics!r}; allowed: {sorted(STATS)}")
        if self.coupling not in COUPLINGS:
            raise ValueError(f"coupling = {self.coupling!r}; allowed: {list(COUPLINGS)}")


@dataclass(frozen=True)
class History:
    """Solved thermal history: photon and neutrino temperatures along N = ln a (a = 1 at start)."""

    N: np.ndarray
    T_gamma: np.ndarray
    T_nu: np.ndarray
    params: tuple

    @property
    def T_ratio_today(self) -> float:
        """T_γ/T_ν after e± annihilation (instantaneous, no χ: (11/4)^{1/3} = 1.40102)."""
        return float(self.T_gamma[-1] / self.T_nu[-1])

    @property
    def N_eff(self) -> float:
        """N_eff = (8/7)(11/4)^{4/3} ρ_ν/ρ_γ after e± annihilation (three flavours at T_ν)."""
        return float(N_NU * (11.0 / 4.0) ** (4.0 / 3.0) * (self.T_nu[-1] / self.T_gamma[-1]) ** 4)

    def densities(self):
        """ρ_tot, p_tot and entropy density s = Σ(ρ+p)/T per sector along the history [MeV⁴, MeV³]."""
        dm = np.asarray(self.params, float)
        n = self.N.size
        rho, p, s = np.empty(n), np.empty(n), np.empty(n)
        for i in range(n):
            re, pe, _ = em_sector(self.T_gamma[i], dm)
            rn, pn, _ = nu_sector(self.T_nu[i], dm)
            rho[i], p[i] = re + rn, pe + pn
            s[i] = (re + pe) / self.T_gamma[i] + (rn + pn) / self.T_nu[i]
        return rho, p, s


def _params(species, rates, qed, T_dec):
    if rates not in RATES:
        raise ValueError(f"rates = {rates!r}; allowed: {sorted(RATES)}")
    fa, fs = RATES[rates]
    mode, Td = (0.0, 0.0) if T_dec is None else (1.0, float(T_dec))
    if T_dec is not None and not (0.01 <= T_dec <= 20.0):
        raise ValueError(f"T_dec = {T_dec} MeV: instantaneous decoupling needs 0.01 <= T_d <= 20")
    if species is None:
        return (1.0, 0.0, 1.0, -1.0, float(qed), fa, fs, mode, Td)
    return (float(species.mass_MeV), float(species.g), float(STATS[species.statistics]),
            float(COUPLINGS.index(species.coupling)), float(qed), fa, fs, mode, Td)


@functools.lru_cache(maxsize=256)
def _solve_cached(params, n_out):
    from scipy.integrate import solve_ivp  # lazy: keeps imports of this module light

    dm = np.asarray(params, float)
    N_end = math.log(T_START_MEV / T_END_MEV) + 0.6  # photons heat by (11/4)^{1/3}: ln 1.4 = 0.34
    grid = np.linspace(0.0, N_end, n_out)
    # stiff while the weak rates are fast (T > 3 MeV): LSODA switches to BDF there
    kw = dict(method="LSODA", rtol=1e-9, atol=1e-11 * T_START_MEV, t_eval=grid)
    if params[7] == 1.0:  # instantaneous decoupling: solve up to T_d, then restart uncoupled
        ev = lambda N, y, dm: y[0] - params[8]  # noqa: E731
        ev.terminal = True
        s1 = solve_ivp(_rhs, (0.0, N_end), [T_START_MEV] * 2, args=(dm,), events=ev, **kw)
        N1, y1 = s1.t_events[0][0], s1.y_events[0][0]
        dm2 = dm.copy()
        dm2[8] = np.inf  # uncoupled from here on
        keep = grid > N1
        s2 = solve_ivp(_rhs, (N1, N_end), y1, args=(dm2,), **{**kw, "t_eval": grid[keep]})
        if not (s1.status >= 0 and s2.success):
            raise RuntimeError(f"plasma evolution failed: {s1.message} / {s2.message}")
        return grid, np.concatenate([s1.y[0], s2.y[0]]), np.concatenate([s1.y[1], s2.y[1]])
    sol = solve_ivp(_rhs, (0.0, N_end), [T_START_MEV] * 2, args=(dm,), **kw)
    if not sol.success:
        raise RuntimeError(f"plasma evolution failed: {sol.message}")
    return sol.t, sol.y[0], sol.y[1]


def evolve(species: Species | None = None, *, rates: str = "fd", qed: bool = True,
           T_dec_MeV: float | None = None, n_out: int = 600) -> History:
    """Solve T_γ(N), T_ν(N) from 30 MeV to 2 keV (the equations of the module docstring).

    species: an optional thermal dark-sector :class:`Species`; rates: "fd" (Fermi–Dirac factors,
    arXiv:2001.04466) or "mb" (Maxwell–Boltzmann, arXiv:1812.05605); qed: O(e²) correction;
    T_dec_MeV: instantaneous neutrino decoupling at this photon temperature instead of the rates.
    """
    p = _params(species, rates, qed, T_dec_MeV)
    if not int(n_out) >= 10:
        raise ValueError(f"n_out = {n_out}: need >= 10 output points")
    N, Tg, Tn = _solve_cached(p, int(n_out))
    return History(N, Tg, Tn, p)


def n_eff(species: Species | None = None, **kw) -> float:
    """N_eff after e± annihilation for the SM plus an optional thermal species (see evolve)."""
    return evolve(species, **kw).N_eff


# ------------------------------------------------------------------ tables for the relic kernel
def dof_tables(history: History | None = None):
    """(T_γ [MeV], g_eff, h_eff) along a history (default: the SM with decoupling rates).

    g_eff = ρ_tot/(π²/30 T_γ⁴); h_eff = s/(2π²/45 T_γ³) with s the total entropy density
    (e.m. sector at T_γ, neutrinos at T_ν).  Decreasing T."""
    h = history or evolve()
    rho, _, s = h.densities()
    T = h.T_gamma
    return T, rho / (math.pi**2 / 30.0 * T**4), s / (2.0 * math.pi**2 / 45.0 * T**3)


# ------------------------------------------------------------------ N_eff(m) and the mass bound
# internal degrees of freedom and statistics of a thermal species
DM_TYPES = {"real_scalar": (1.0, "boson"), "complex_scalar": (2.0, "boson"),
            "majorana_fermion": (2.0, "fermion"), "vector": (3.0, "boson"),
            "dirac_fermion": (4.0, "fermion")}


def species(dm_type: str, mass_MeV: float, coupling: str = "electrophilic") -> Species:
    """The thermal species of a named DM type (DM_TYPES) at a mass."""
    if dm_type not in DM_TYPES:
        raise ValueError(f"dm_type = {dm_type!r}; allowed: {sorted(DM_TYPES)}")
    g, stat = DM_TYPES[dm_type]
    return Species(float(mass_MeV), g, stat, coupling)


def neff_of_mass(dm_type: str, masses_MeV, coupling: str = "electrophilic", **kw) -> np.ndarray:
    """N_eff(m_χ) for a thermal species of a DM type in equilibrium with e± or ν (Escudero 2019)."""
    return np.array([n_eff(species(dm_type, m, coupling), **kw) for m in np.atleast_1d(masses_MeV)])


@functools.lru_cache(maxsize=64)
def neff_mass_bound_MeV(dm_type: str, coupling: str, neff_min: float, neff_max: float,
                        rates: str = "fd", m_lo_MeV: float = 0.1, m_hi_MeV: float = 40.0) -> float:
    """Lowest mass allowed by neff_min <= N_eff <= neff_max (as Escudero 2019; Sabti et al. 2020).

    An electrophilic species lowers N_eff (bound where N_eff(m) = neff_min), a neutrinophilic one
    raises it (N_eff(m) = neff_max); N_eff(m) is monotonic and tends to the SM value for heavy m.
    Returns m_lo_MeV if even m_lo is allowed."""
    from scipy.optimize import brentq

    if coupling not in COUPLINGS:
        raise ValueError(f"coupling = {coupling!r}; allowed: {list(COUPLINGS)}")
    if not (neff_min < n_eff(rates=rates) < neff_max):
        raise ValueError(f"the Standard-Model N_eff lies outside [{neff_min}, {neff_max}]")
    level = neff_min if coupling == "electrophilic" else neff_max
    sign = 1.0 if coupling == "electrophilic" else -1.0

    def excess(lnm):
        return sign * (n_eff(species(dm_type, math.exp(lnm), coupling), rates=rates) - level)

    lo, hi = math.log(m_lo_MeV), math.log(m_hi_MeV)
    if excess(lo) >= 0.0:
        return float(m_lo_MeV)
    if excess(hi) < 0.0:
        raise ValueError(f"{dm_type} ({coupling}) excluded up to m = {m_hi_MeV} MeV: raise m_hi_MeV")
    return float(math.exp(brentq(excess, lo, hi, xtol=1e-4)))


# ------------------------------------------------------------------ g_eff, h_eff for the relic kernel
T_JOIN_MEV = (5.0, 15.0)  # plasma below 5 MeV, the tabulated hazma table above 15 MeV, smooth between


def entropy_today_ratio(history: History | None = None) -> float:
    """h_eff today of the computed plasma over the h_eff implied by units.S0_CM3 (43/11 with
    T_CMB): the factor by which the present entropy density, hence Omega h^2 = m Y s_0/rho_c, moves."""
    h = history or evolve()
    _, _, heff = dof_tables(h)
    T0 = units.K_BOLTZMANN_MEV_K * units.T_CMB_K / units.HBARC_MEV_CM  # [cm^-1]
    h_s0 = units.S0_CM3 / (2.0 * math.pi**2 / 45.0 * T0**3)
    return float(heff[-1] / h_s0)


def plasma_cosmology(table, history: History | None = None, T_join_MeV=T_JOIN_MEV):
    """A :class:`~mevdm.early.cosmology.Cosmology` whose g_eff, h_eff below T_join come from the
    computed plasma (default: SM with decoupling rates) and above from ``table`` (hazma's), joined
    with a smooth step in ln T; g*^{1/2} = h/sqrt(g) (1 + dln h/3dln T) from the joined h (Gondolo &
    Gelmini 1991 Eq. 2.14); ``s0_scale`` = entropy_today_ratio (present entropy density)."""
    from mevdm.early.cosmology import Cosmology, _interp_vec, not_a_knot_spline

    hist = history or evolve(n_out=1500)
    T, g, hs = dof_tables(hist)
    lnT_p = np.log(T[::-1])  # increasing
    lo, hi = (math.log(t) for t in T_join_MeV)
    if not (lnT_p[0] < lo < hi < lnT_p[-1] and table.lnT0 < lo):
        raise ValueError(f"T_join_MeV = {T_join_MeV}: must lie inside the plasma range "
                         f"({T[-1]:.3g}, {T[0]:.3g}) MeV and above the table's start")
    n_tab = table.gstar.size
    top = table.lnT0 + table.dlnT * (n_tab - 1)
    # the table's own nodes, extended down to the plasma's end: above the join values are exact
    n_below = int(math.ceil((table.lnT0 - lnT_p[0]) / table.dlnT))
    grid = np.concatenate([table.lnT0 - table.dlnT * np.arange(n_below, 0, -1),
                           table.lnT0 + table.dlnT * np.arange(n_tab)])
    grid[-1] = min(grid[-1], top)
    inside = np.clip(grid, lnT_p[0], lnT_p[-1])
    g_p = not_a_knot_spline(lnT_p, g[::-1], inside)
    h_p = not_a_knot_spline(lnT_p, hs[::-1], inside)
    g_t = _interp_vec(grid, table.lnT0, table.dlnT, table.gstar)
    h_t = _interp_vec(grid, table.lnT0, table.dlnT, table.gstar_s)
    sg_t = _interp_vec(grid, table.lnT0, table.dlnT, table.sqrt_gstar)
    u = np.clip((grid - lo) / (hi - lo), 0.0, 1.0)
    w = u * u * (3.0 - 2.0 * u)  # C1 smooth step: 0 below T_join[0], 1 above T_join[1]
    gj = (1.0 - w) * g_p + w * g_t
    hj = (1.0 - w) * h_p + w * h_t
    dlnh = np.gradient(np.log(hj), grid)
    sg = np.where(w < 1.0, hj / np.sqrt(gj) * (1.0 + dlnh / 3.0), sg_t)
    source = (f"computed MeV plasma with neutrino decoupling below {T_join_MeV[0]} MeV, "
              f"{table.source} above {T_join_MeV[1]} MeV")
    return Cosmology(float(grid[0]), float(table.dlnT), np.ascontiguousarray(sg),
                     np.ascontiguousarray(gj), np.ascontiguousarray(hj), source=source,
                     s0_scale=entropy_today_ratio(hist))
