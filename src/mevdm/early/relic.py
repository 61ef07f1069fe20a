"""Thermal freeze-out: relic abundance Omega h^2 and the cross section that gives Omega h^2 = 0.120.

Boltzmann equation (Gondolo & Gelmini 1991; Edsjo & Gondolo 1997 for coannihilation) for
the total comoving yield Y = sum_i n_i / s, in u = ln x', x' = m_1/T' with T' = xi T the
temperature of the dark sector (xi = 1: DM in equilibrium with the SM plasma):

    dY/du = -(sqrt(pi/45) M_Pl m_1 g*^{1/2}(T) / (xi x')) <sigma v>_eff(x') (Y^2 - Y_eq^2),
    Y_eq  = 45 xi^3 / (2 pi^2 g*s(T)) sum_i g_i nbar(x'(1 + Delta_i)),   T = m_1/(xi x'),

with nbar = n/(g T^3) (exact Fermi-Dirac by default), Delta = (m_2 - m_1)/m_1 and

    <sigma v>_eff = [g1^2 s11 + 2 g1 g2 w s12 + g2^2 w^2 s22] / (g1 + g2 w)^2,
    w = (1 + Delta)^{3/2} e^{-x' Delta},   s_ij = a_ij + 6 b_ij / x'   (sigma v = a + b v_rel^2).

Counting: a self-conjugate (Majorana/real) particle has Y = n_chi/s and the
cross section enters as is; for a Dirac particle (``self_conjugate=False``) Y counts
chi + chibar, every g_i is doubled and every sigma v is halved (sigma_eff = sigma v(chi chibar)/2).
Omega h^2 = m_1 Y_inf s_0 / (rho_c/h^2) (Planck 2018 constants, mevdm.core.units).

Numerics (``method="full"``): fixed-step BDF4 in u (stable here: the Jacobian is
real and negative) with the implicit equation solved exactly (it is quadratic in Y),
from x' = min(``x_start``, x_f/4) (Y = Y_eq) until Y_eq < 1e-3 Y; then
d(1/Y)/du = k(u) is integrated by Simpson's rule up to ``x_end``, plus the analytic tail 1/Y_inf = 1/Y(x_end) + int_{x_end}^inf (Y_eq = 0)
unless ``tail=False`` (hazma stops at x = e^7 without a tail; use that to compare).
``method="semi"``: freeze-out point from x_f = ln[c(c+2) sqrt(45/8) g_eff m M_Pl xi^2
<sigma v>(x_f)/(2 pi^3 sqrt(g* x_f))], c = 1/2 (Kolb & Turner 1990; Servant & Tait 2003),
and 1/Y_inf = sqrt(pi/45) M_Pl m / xi int_{x_f}^inf g*^{1/2} <sigma v>/x^2 dx (8-point
Gauss-Legendre).  Its error against the full solve is pinned in tests/test_relic.py.

All loops over parameter points run inside numba kernels; the inverse
(``sigmav_for_omega``) is a bracketed secant search in ln(scale) inside the kernel.
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np

from mevdm.core import units
from mevdm.early.cosmology import (OMEGA_H2_PER_MEV_Y, SMDOF_REGISTRY_NAME, Cosmology, _stat_code,
                        interp_uniform, ln_neq_over_T3)

__all__ = ["omega_h2", "sigmav_for_omega", "freezeout_x", "thermal_average_gg",
           "default_cosmology", "cosmology_for", "RelicError"]

SQRT_PI_45 = math.sqrt(math.pi / 45.0)
# Kolb–Turner freeze-out constant c(c+2) sqrt(45/8) / (2 pi^3) with c = 1/2
KT_CONST = 0.5 * 2.5 * math.sqrt(45.0 / 8.0) / (2.0 * math.pi**3)

# parameter-row layout of the kernels
A11, B11, A12, B12, A22, B22, G1, G2, DELTA, MASS, NPAR = range(11)

_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)
GL_X = 0.5 * (_GL_X + 1.0)
GL_W = 0.5 * _GL_W


class RelicError(ValueError):
    """Bad relic input or a solve that did not converge; the message names the point."""


@functools.lru_cache(maxsize=8)
def _cosmology_from_file(path: str) -> Cosmology:
    return Cosmology.from_file(path)


THERMODYNAMICS = ("hazma", "plasma")


def default_cosmology(store=None, thermodynamics: str = "hazma") -> Cosmology:
    """The Standard-Model g*(T), g*s(T) via a DataStore, built once per file.

    thermodynamics (config relic.thermodynamics): "hazma" — hazma's table hazma_sm_dof/smdof.dat;
    "plasma" — the MeV plasma computed with neutrino decoupling (mevdm.early.plasma) below 5 MeV,
    joined to hazma's table above 15 MeV.  Without a store, ``DataStore.default()`` is used
    (mirror from $MEVDM_DATA_MIRROR, else the repository's .data-cache, else a download).
    The result is immutable.
    """
    if thermodynamics not in THERMODYNAMICS:
        raise RelicError(f"relic.thermodynamics = {thermodynamics!r}; allowed: {list(THERMODYNAMICS)}")
    if store is None:
        from mevdm.core.data import DataStore

        store = DataStore.default()
    path = str(store.path(SMDOF_REGISTRY_NAME))
    return _cosmology_from_file(path) if thermodynamics == "hazma" else _plasma_cosmology(path)


def cosmology_for(config: dict, store=None) -> Cosmology:
    """default_cosmology with the thermodynamics of config relic.thermodynamics (its one home:
    config/config.yaml; a figure reading it declares it)."""
    try:
        choice = config["relic"]["thermodynamics"]
    except (KeyError, TypeError):
        raise RelicError("config relic.thermodynamics is not set (config/config.yaml holds the "
                         "default; a figure or scan must declare the key)") from None
    return default_cosmology(store, choice)


@functools.lru_cache(maxsize=2)
def _plasma_cosmology(path: str) -> Cosmology:
    from mevdm.early import plasma

    return plasma.plasma_cosmology(_cosmology_from_file(path))


# ----------------------------------------------------------------------------
# kernels
# ----------------------------------------------------------------------------
@numba.njit(cache=True, inline="always")
def _sigma_eff(x, p, scale, tab_lnx, tab_lnsv, itab):
    """<sigma v>_eff(x') [MeV^-2] (module docstring); table mode when itab >= 0."""
    g1 = p[G1]
    g2 = p[G2]
    if itab >= 0:
        n = tab_lnx.size
        lx = math.log(x)
        u = (lx - tab_lnx[0]) / (tab_lnx[1] - tab_lnx[0])
        if u <= 0.0:
            v = tab_lnsv[itab, 0]
        elif u >= n - 1:
            # power-law extrapolation from the last two nodes
            slope = (tab_lnsv[itab, n - 1] - tab_lnsv[itab, n - 2])
            v = tab_lnsv[itab, n - 1] + slope * (u - (n - 1))
        else:
            i = int(u)
            f = u - i
            v = tab_lnsv[itab, i] * (1.0 - f) + tab_lnsv[itab, i + 1] * f
        return scale * math.exp(v)
    s11 = p[A11] + 6.0 * p[B11] / x
    if g2 == 0.0:
        return scale * s11
    w = (1.0 + p[DELTA]) ** 1.5 * math.exp(-x * p[DELTA])
    s12 = p[A12] + 6.0 * p[B12] / x
    s22 = p[A22] + 6.0 * p[B22] / x
    ge = g1 + g2 * w
    return scale * (g1 * g1 * s11 + 2.0 * g1 * g2 * w * s12 + g2 * g2 * w * w * s22) / (ge * ge)


@numba.njit(cache=True)
def _geff(x, p):
    """g_eff(x') = g1 + g2 (1+Delta)^{3/2} e^{-x' Delta} (MB weights)."""
    if p[G2] == 0.0:
        return p[G1]
    return p[G1] + p[G2] * (1.0 + p[DELTA]) ** 1.5 * math.exp(-x * p[DELTA])


M_PL = units.M_PLANCK_MEV
LN_YEQ_CONST = math.log(45.0 / (2.0 * math.pi**2))


@numba.njit(cache=True, inline="always")
def _ln_yeq_at(x, lnT, p, xi, stat, lnT0, dlnT, hs):
    """ln Y_eq(x') = ln[45 xi^3/(2 pi^2 g*s(T)) sum_i g_i nbar(x'(1+Delta_i))], x' and ln T given."""
    ln1 = ln_neq_over_T3(x, stat)
    lnsum = math.log(p[G1]) + ln1
    if p[G2] != 0.0:
        ln2 = ln_neq_over_T3(x * (1.0 + p[DELTA]), stat)
        lnsum = ln1 + math.log(p[G1] + p[G2] * math.exp(ln2 - ln1))
    return LN_YEQ_CONST + 3.0 * math.log(xi) - math.log(interp_uniform(lnT, lnT0, dlnT, hs)) + lnsum


@numba.njit(cache=True, inline="always")
def _rate_at(x, lnT, p, xi, lnT0, dlnT, sg):
    """sqrt(pi/45) M_Pl m g*^{1/2}(T) / (xi x'): prefactor of dY/du (u = ln x'), ln T given."""
    return SQRT_PI_45 * M_PL * p[MASS] * interp_uniform(lnT, lnT0, dlnT, sg) / (xi * x)


@numba.njit(cache=True, inline="always")
def _k_at(x, lnT, p, scale, xi, lnT0, dlnT, sg, tab_lnx, tab_lnsv, itab):
    """Coefficient k(x') of dY/du = -k (Y^2 - Y_eq^2); the solver steps in u = ln x', so it
    passes ln T = ln(m/xi) - u instead of a logarithm per call."""
    return _rate_at(x, lnT, p, xi, lnT0, dlnT, sg) * _sigma_eff(x, p, scale, tab_lnx, tab_lnsv, itab)


@numba.njit(cache=True)
def _xf_semi(p, scale, xi, lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab):
    """Kolb–Turner freeze-out x'_f by fixed-point iteration (module docstring)."""
    m = p[MASS]
    xf = 20.0
    for _ in range(60):
        lnT = math.log(m / (xi * xf))
        gstar = interp_uniform(lnT, lnT0, dlnT, gs)
        sv = _sigma_eff(xf, p, scale, tab_lnx, tab_lnsv, itab)
        arg = KT_CONST * _geff(xf, p) * m * M_PL * xi * xi * sv / math.sqrt(gstar * xf)
        if arg <= 1.0:
            return 1.0
        new = math.log(arg)
        if abs(new - xf) < 1e-7 * xf:
            return new
        xf = 0.5 * (xf + new) if new < 1.0 else new
    return xf


@numba.njit(cache=True)
def _omega_semi(p, scale, xi, lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab):
    """Semi-analytic Omega h^2 (module docstring)."""
    m = p[MASS]
    xf = _xf_semi(p, scale, xi, lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab)
    integ = 0.0
    for k in range(GL_X.size):
        uu = GL_X[k]
        x = xf / uu
        lnT = math.log(m / (xi * x))
        integ += GL_W[k] * interp_uniform(lnT, lnT0, dlnT, sg) * \
            _sigma_eff(x, p, scale, tab_lnx, tab_lnsv, itab)
    integ /= xf
    yinf = 1.0 / (SQRT_PI_45 * M_PL * m / xi * integ)
    return m * yinf * OMEGA_H2_PER_MEV_Y


@numba.njit(cache=True)
def _omega_full(p, scale, xi, stat, x_start, x_end, du, tail,
                lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab):
    """Full Boltzmann solve (fixed-step BDF4 in u = ln x', then exact Y_eq -> 0 quadrature).

    Returns Omega h^2, or -1 if the solve fails.  BDF4 is stable for this scalar problem
    (real negative Jacobian); each implicit step is solved for W = ln Y by Newton's method
    (2-3 iterations from the extrapolated value).  The small helpers are inlined into this loop
    (``inline="always"``): the calls, not the arithmetic, were a third of its time.  The Bessel
    sums of Y_eq stay calls: inlined at each of their 20 sites they made the first compile 13 s
    instead of 6 s, for no gain in speed.
    Once Y_eq < 1e-3 Y the equation is d(1/Y)/du = k(u) up to O(Y_eq^2/Y^2) < 1e-6 and is
    integrated by Simpson's rule in u up to x_end (plus the x' > x_end tail if ``tail``).
    """
    m = p[MASS]
    xf_guess = _xf_semi(p, scale, xi, lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab)
    xs = x_start
    if xs > 0.25 * xf_guess:
        xs = max(0.25 * xf_guess, 0.1)
    u = math.log(xs)
    u_end = math.log(x_end)
    lnm_xi = math.log(m / xi)  # ln T = ln(m/xi) - u
    # history: equilibrium at the 3 previous nodes (deep in equilibrium); one call site, as
    # each inlined copy of Y_eq costs compile time
    w3 = w2 = w1 = w0 = 0.0
    for j in range(3, -1, -1):
        uj = u - j * du
        w3, w2, w1 = w2, w1, w0
        w0 = _ln_yeq_at(math.exp(uj) if j else xs, lnm_xi - uj, p, xi, stat, lnT0, dlnT, hs)
    nstep = 0
    beta = 12.0 / 25.0 * du
    while True:
        un = u + du
        if un >= u_end:
            break
        xn = math.exp(un)
        lnT = lnm_xi - un
        le = _ln_yeq_at(xn, lnT, p, xi, stat, lnT0, dlnT, hs)
        k = _k_at(xn, lnT, p, scale, xi, lnT0, dlnT, sg, tab_lnx, tab_lnsv, itab)
        # BDF4 on W = ln Y:  W = c - beta k (e^W - E^2 e^-W);  Newton from the extrapolation
        c = (48.0 * w0 - 36.0 * w1 + 16.0 * w2 - 3.0 * w3) / 25.0
        a = beta * k
        w = 4.0 * w0 - 6.0 * w1 + 4.0 * w2 - w3
        if w < le:
            w = le if le > -700.0 else w
        e = math.exp(le) if le > -700.0 else 0.0
        for _ in range(50):
            ep = math.exp(w)
            em = e * (e / ep)  # E^2 e^-W
            g = w - c + a * (ep - em)
            dg = 1.0 + a * (ep + em)
            dw = -g / dg
            if dw > 1.0:
                dw = 1.0
            elif dw < -1.0:
                dw = -1.0
            w += dw
            if abs(dw) < 1.0e-11:
                break
        w3, w2, w1, w0 = w2, w1, w0, w
        u = un
        nstep += 1
        if not (w == w) or nstep > 100000:
            return -1.0
        if le < w + math.log(1.0e-3) and xn > xf_guess:
            break
    y0 = math.exp(w0)
    # post-freeze-out: 1/Y(u_end) = 1/Y(u) + int_u^{u_end} k du (Simpson, step <= 0.1)
    inv = 1.0 / y0
    span = u_end - u
    if span > 0.0:
        nseg = 2 * int(math.ceil(span / 0.2))
        hq = span / nseg
        acc = 0.0
        xj = math.exp(u)
        step = math.exp(hq)
        for j in range(nseg + 1):
            wj = 1.0 if (j == 0 or j == nseg) else (4.0 if j % 2 == 1 else 2.0)
            acc += wj * _k_at(xj, lnm_xi - (u + j * hq), p, scale, xi, lnT0, dlnT, sg,
                              tab_lnx, tab_lnsv, itab)
            xj *= step
        inv += acc * hq / 3.0
    if tail:
        inv += _tail(x_end, p, scale, xi, lnT0, dlnT, sg, tab_lnx, tab_lnsv, itab)
    return m / inv * OMEGA_H2_PER_MEV_Y


@numba.njit(cache=True)
def _tail(x, p, scale, xi, lnT0, dlnT, sg, tab_lnx, tab_lnsv, itab):
    """int_{x}^inf k du with Y_eq = 0, g* frozen at T(x), sigma_eff = A + 6B/x' fitted at x, 2x."""
    r = _rate_at(x, math.log(p[MASS] / (xi * x)), p, xi, lnT0, dlnT, sg) * x  # rate = r / x'
    s1 = _sigma_eff(x, p, scale, tab_lnx, tab_lnsv, itab)
    s2 = _sigma_eff(2.0 * x, p, scale, tab_lnx, tab_lnsv, itab)
    if itab >= 0:
        n = math.log(s2 / s1) / math.log(2.0)
        if n > 0.5:
            n = 0.5
        return r * s1 / (x * (1.0 - n))
    bb = (s1 - s2) * x / 3.0  # 6B/x - 6B/(2x) = 3B/x
    aa = s1 - 6.0 * bb / x
    return r * (aa / x + 3.0 * bb / (x * x))


@numba.njit(cache=True)
def _omega_point(p, scale, method, xi, stat, x_start, x_end, du_fine, tail,
                 lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab):
    if method == 0:
        return _omega_full(p, scale, xi, stat, x_start, x_end, du_fine, tail,
                           lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab)
    return _omega_semi(p, scale, xi, lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab)


@numba.njit(cache=True)
def _omega_kernel(P, method, xi, stat, x_start, x_end, du_fine, tail,
                  lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, use_tab):
    """Omega h^2 for every parameter row of P (loop inside the kernel)."""
    n = P.shape[0]
    out = np.empty(n)
    for i in range(n):
        itab = i if use_tab else -1
        out[i] = _omega_point(P[i], 1.0, method, xi[i], stat, x_start, x_end, du_fine, tail,
                              lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab)
    return out


@numba.njit(cache=True)
def _secant(p, lt, l0, method, xi, stat, x_start, x_end, du, tail,
            lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab, rtol):
    """(l, lo, hi): ln(scale) with ln Omega(scale) = lt and the bracket [lo, hi] that holds it.

    Secant steps from l0 (Omega ~ 1/scale) until the root is bracketed, then secant steps kept
    inside the bracket, bisection whenever a step leaves it or (from step 10) two steps fail to
    halve it: the bracket then halves at least every second step, so the search cannot cycle.  Converged when
    |ln Omega - lt| < rtol or when the bracket is narrower than rtol in ln(scale) (the scale
    is then known to rtol even where the solve's Omega jumps by more than rtol); l = nan when
    it fails (Omega not positive, or no bracket within +-300 in ln(scale)).
    """
    lo, hi = -math.inf, math.inf
    l1, l_prev, f_prev = l0, 0.0, 0.0
    width_before = math.inf
    for it in range(200):
        o1 = _omega_point(p, math.exp(l1), method, xi, stat, x_start, x_end, du, tail,
                          lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab)
        if not (o1 > 0.0):
            return math.nan, lo, hi
        f1 = math.log(o1) - lt
        if abs(f1) < rtol:
            return l1, lo, hi
        if f1 > 0.0:  # Omega falls as sigma v grows: the root lies at larger ln(scale)
            lo = max(lo, l1)
        else:
            hi = min(hi, l1)
        bracketed = lo > -math.inf and hi < math.inf
        if bracketed and hi - lo < rtol:
            return 0.5 * (lo + hi), lo, hi
        if it == 0:
            step = f1  # Omega ~ 1/scale: first step of slope -1
        else:
            slope = (f1 - f_prev) / (l1 - l_prev) if l1 != l_prev else -1.0
            if not (slope < -0.05):  # Omega decreases with sigma v; guard the secant
                slope = -1.0
            step = min(5.0, max(-5.0, -f1 / slope))
        l_new = l1 + step
        if bracketed:
            # bisect on a step out of the bracket, and (after the few steps a smooth Omega
            # needs) whenever two steps did not halve it
            if not (lo < l_new < hi) or (it >= 10 and it % 2 == 0 and hi - lo > 0.5 * width_before):
                l_new = 0.5 * (lo + hi)
            if it % 2 == 0:
                width_before = hi - lo
        elif abs(l_new) > 300.0:
            return math.nan, lo, hi
        l_prev, f_prev = l1, f1
        l1 = l_new
    return math.nan, lo, hi


@numba.njit(cache=True)
def _inverse_kernel(P, target, method, xi, stat, x_start, x_end, du, tail,
                    lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, use_tab, rtol):
    """Scale factor s of all cross sections with Omega h^2(s) = target, per row of P, and the
    last bracket [lo, hi] of ln(s) per row (reported when a solve fails).

    The semi-analytic solution (about 1 us) seeds the secant of the full solve (3-4 solves).
    """
    n = P.shape[0]
    out = np.empty(n)
    bracket = np.empty((n, 2))
    semi = np.int64(1)  # not the literal 1: numba would compile _secant once per literal method
    for i in range(n):
        itab = i if use_tab else -1
        lt = math.log(target[i])
        # seed: Omega ~ 1/scale from scale = 1, then semi-analytic secant
        o = _omega_semi(P[i], 1.0, xi[i], lnT0, dlnT, sg, gs, tab_lnx, tab_lnsv, itab)
        l0 = math.log(o) - lt if o > 0.0 else 0.0
        l0, lo, hi = _secant(P[i], lt, l0, semi, xi[i], stat, x_start, x_end, du, tail,
                             lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab, 1.0e-3)
        if not (l0 == l0):
            l0 = 0.0
        if method == 0:
            l0, lo, hi = _secant(P[i], lt, l0, method, xi[i], stat, x_start, x_end, du, tail,
                                 lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab, rtol)
        elif rtol < 1.0e-3:
            l0, lo, hi = _secant(P[i], lt, l0, semi, xi[i], stat, x_start, x_end, du, tail,
                                 lnT0, dlnT, sg, hs, gs, tab_lnx, tab_lnsv, itab, rtol)
        out[i] = math.exp(l0) if l0 == l0 else -1.0
        bracket[i, 0] = lo
        bracket[i, 1] = hi
    return out, bracket


# ----------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------
_METHODS = {"full": 0, "semi": 1}


def _prepare_scalar(m, a, b, g1, self_conjugate, xi, g2, dl, a12, b12, a22, b22, statistics,
                    method):
    """_prepare for one point given as Python floats: the same checks and parameter row, without
    the per-call cost of numpy on one-element arrays (a scalar call is ~3x faster)."""
    vals = dict(m_MeV=m, sigmav_a_cm3_s=a, sigmav_b_cm3_s=b, g_chi=g1, xi=xi, g_partner=g2,
                delta_MeV=dl, sigmav12_a_cm3_s=a12, sigmav12_b_cm3_s=b12,
                sigmav22_a_cm3_s=a22, sigmav22_b_cm3_s=b22)
    fin = math.isfinite
    checks = [("m_MeV", not (m > 0) or not fin(m), "> 0 and finite"),
              ("g_chi", not (g1 > 0), "> 0"),
              ("g_partner", not (g2 >= 0), ">= 0"),
              ("xi", not (0 < xi <= 1), "in (0, 1] (xi = T'/T)"),
              ("delta_MeV", not (dl >= 0) or not (dl < m), "in [0, m_MeV) (splitting below the mass)")]
    for nm in ("sigmav_a_cm3_s", "sigmav_b_cm3_s", "sigmav12_a_cm3_s", "sigmav12_b_cm3_s",
               "sigmav22_a_cm3_s", "sigmav22_b_cm3_s"):
        checks.append((nm, not (vals[nm] >= 0) or not fin(vals[nm]), ">= 0 and finite"))
    for nm, bad, allowed in checks:
        if bad:
            raise RelicError(f"{nm} = {vals[nm]} at point 0 (m = {m} MeV): must be {allowed}")
    if method not in _METHODS:
        raise RelicError(f"method = {method!r}; allowed: {sorted(_METHODS)}")
    stat = _stat_code(statistics)
    if a + b + a12 + b12 + a22 + b22 <= 0:
        raise RelicError(f"all cross sections vanish at point 0 (m = {m} MeV): "
                         "give sigmav_a_cm3_s or sigmav_b_cm3_s > 0")
    conv = 1.0 / units.MEV2_TO_CM3_S
    fac = 1.0 if self_conjugate else 0.5
    gfac = 1.0 if self_conjugate else 2.0
    P = np.zeros((1, NPAR))
    row = P[0]
    row[A11], row[B11] = a * conv * fac, b * conv * fac
    row[A12], row[B12] = a12 * conv * fac, b12 * conv * fac
    row[A22], row[B22] = a22 * conv * fac, b22 * conv * fac
    row[G1], row[G2] = g1 * gfac, g2 * gfac
    row[DELTA] = dl / m
    row[MASS] = m
    return (), P, np.array([float(xi)]), stat, np.zeros(2), np.zeros((1, 2)), False


def _prepare(m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, self_conjugate, xi,
             g_partner, delta_MeV, sigmav12_a_cm3_s, sigmav12_b_cm3_s,
             sigmav22_a_cm3_s, sigmav22_b_cm3_s, sigmav_table, statistics, method):
    point = (m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, xi, g_partner, delta_MeV,
             sigmav12_a_cm3_s, sigmav12_b_cm3_s, sigmav22_a_cm3_s, sigmav22_b_cm3_s)
    if sigmav_table is None and all(type(v) in (float, int, np.float64) for v in point):
        m, a, b, g1, xi_, g2, dl, a12, b12, a22, b22 = (float(v) for v in point)
        return _prepare_scalar(m, a, b, g1, self_conjugate, xi_, g2, dl, a12, b12, a22, b22,
                               statistics, method)
    arrs = np.broadcast_arrays(*[np.asarray(v, float) for v in (
        m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, xi, g_partner, delta_MeV,
        sigmav12_a_cm3_s, sigmav12_b_cm3_s, sigmav22_a_cm3_s, sigmav22_b_cm3_s)])
    shape = arrs[0].shape
    (m, a, b, g1, xi_, g2, dl, a12, b12, a22, b22) = [np.array(v.ravel(), dtype=float) for v in arrs]

    vals = dict(m_MeV=m, sigmav_a_cm3_s=a, sigmav_b_cm3_s=b, g_chi=g1, xi=xi_, g_partner=g2,
                delta_MeV=dl, sigmav12_a_cm3_s=a12, sigmav12_b_cm3_s=b12,
                sigmav22_a_cm3_s=a22, sigmav22_b_cm3_s=b22)

    def bad(name, mask, allowed):
        i = int(np.flatnonzero(mask)[0])
        raise RelicError(f"{name} = {vals[name][i]} at point {i} (m = {m[i]} MeV): "
                         f"must be {allowed}")

    checks = [("m_MeV", ~(m > 0) | ~np.isfinite(m), "> 0 and finite"),
              ("g_chi", ~(g1 > 0), "> 0"),
              ("g_partner", ~(g2 >= 0), ">= 0"),
              ("xi", ~((xi_ > 0) & (xi_ <= 1)), "in (0, 1] (xi = T'/T)"),
              ("delta_MeV", ~(dl >= 0) | ~(dl < m), "in [0, m_MeV) (splitting below the mass)")]
    for nm in ("sigmav_a_cm3_s", "sigmav_b_cm3_s", "sigmav12_a_cm3_s", "sigmav12_b_cm3_s",
               "sigmav22_a_cm3_s", "sigmav22_b_cm3_s"):
        checks.append((nm, ~(vals[nm] >= 0) | ~np.isfinite(vals[nm]), ">= 0 and finite"))
    for nm, mask, allowed in checks:
        if mask.any():
            bad(nm, mask, allowed)
    if method not in _METHODS:
        raise RelicError(f"method = {method!r}; allowed: {sorted(_METHODS)}")
    stat = _stat_code(statistics)

    conv = 1.0 / units.MEV2_TO_CM3_S
    fac = 1.0 if self_conjugate else 0.5  # Dirac: sigma_eff = sigma v(chi chibar)/2
    gfac = 1.0 if self_conjugate else 2.0  # Dirac: Y counts chi + chibar
    P = np.zeros((m.size, NPAR))
    P[:, A11], P[:, B11] = a * conv * fac, b * conv * fac
    P[:, A12], P[:, B12] = a12 * conv * fac, b12 * conv * fac
    P[:, A22], P[:, B22] = a22 * conv * fac, b22 * conv * fac
    P[:, G1], P[:, G2] = g1 * gfac, g2 * gfac
    P[:, DELTA] = dl / m
    P[:, MASS] = m

    if sigmav_table is not None:
        tx, tsv = sigmav_table
        tx = np.asarray(tx, float)
        tsv = np.asarray(tsv, float)
        if tx.ndim != 1 or tx.size < 2 or np.any(~(tx > 0)):
            raise RelicError("sigmav_table x grid must be 1-D, > 0, at least 2 nodes")
        lnx = np.log(tx)
        if not np.allclose(np.diff(lnx), lnx[1] - lnx[0], rtol=1e-6, atol=0):
            raise RelicError("sigmav_table x grid must be uniform in ln x (np.geomspace)")
        tsv = np.broadcast_to(tsv, (m.size, tx.size)) if tsv.ndim == 1 else tsv.reshape(-1, tx.size)
        if tsv.shape[0] != m.size:
            raise RelicError(f"sigmav_table has {tsv.shape[0]} rows for {m.size} points")
        if np.any(~(tsv > 0)) or np.any(~np.isfinite(tsv)):
            raise RelicError("sigmav_table values must be > 0 and finite (cm^3/s)")
        tab_lnx = np.ascontiguousarray(lnx)
        tab_lnsv = np.ascontiguousarray(np.log(tsv * conv * fac))
        use_tab = True
    else:
        if np.any((P[:, A11] + P[:, B11] + P[:, A12] + P[:, B12] + P[:, A22] + P[:, B22]) <= 0):
            i = int(np.flatnonzero((a + b + a12 + b12 + a22 + b22) <= 0)[0])
            raise RelicError(f"all cross sections vanish at point {i} (m = {m[i]} MeV): "
                             "give sigmav_a_cm3_s or sigmav_b_cm3_s > 0")
        tab_lnx = np.zeros(2)
        tab_lnsv = np.zeros((1, 2))
        use_tab = False
    return shape, P, xi_, stat, tab_lnx, tab_lnsv, use_tab


def _shape_out(values, shape):
    return float(values[0]) if shape == () else values.reshape(shape)


def omega_h2(m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s=0.0, *, g_chi=2.0, self_conjugate=True,
             xi=1.0, g_partner=0.0, delta_MeV=0.0, sigmav12_a_cm3_s=0.0, sigmav12_b_cm3_s=0.0,
             sigmav22_a_cm3_s=0.0, sigmav22_b_cm3_s=0.0, sigmav_table=None,
             method="full", statistics="fermion", cosmo: Cosmology | None = None,
             x_start=3.0, x_end=1.0e4, tail=True, du_fine=0.04):
    """Relic abundance Omega h^2 of a thermal relic (Boltzmann eq. in the module docstring).

    Parameters (arrays broadcast together; one result per point):
      m_MeV              DM mass m_1 [MeV] (> 0)
      sigmav_a_cm3_s     s-wave coefficient a of sigma v = a + b v_rel^2 for chi1 chi1 [cm^3/s]
      sigmav_b_cm3_s     p-wave coefficient b [cm^3/s]; <sigma v> = a + 6 b/x
      g_chi              internal degrees of freedom of chi1 (2 for a Majorana fermion)
      self_conjugate     False for Dirac DM: Y counts chi + chibar, g doubled, sigma v halved
      xi                 T'/T of the dark sector, in (0, 1]
      g_partner, delta_MeV, sigmav12_*, sigmav22_*
                         coannihilating partner chi2 (dof, m2 - m1 [MeV], chi1 chi2 and
                         chi2 chi2 cross sections); g_partner = 0 means none
      sigmav_table       (x_grid, sigmav_cm3_s): tabulated effective <sigma v>(x') on a grid
                         uniform in ln x (1-D: shared; 2-D: one row per point), e.g. from
                         ``thermal_average_gg`` near resonances; replaces the a/b inputs
      method             "full" (Boltzmann solve) or "semi" (Kolb–Turner, fast)
      statistics         "fermion" | "boson" | "mb" for Y_eq (full method)
      cosmo              Cosmology (default: the SM table from the data registry)
      x_start, x_end     integration range in x' = m/T'; tail: add the x' > x_end tail
      du_fine            step in ln x' of the BDF4 stage (0.04: < 1e-4 error, tests)
    """
    cosmo = cosmo or default_cosmology()
    shape, P, xi_, stat, tab_lnx, tab_lnsv, use_tab = _prepare(
        m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, self_conjugate, xi, g_partner, delta_MeV,
        sigmav12_a_cm3_s, sigmav12_b_cm3_s, sigmav22_a_cm3_s, sigmav22_b_cm3_s, sigmav_table,
        statistics, method)
    _check_x(x_start, x_end, du_fine)
    out = _omega_kernel(P, _METHODS[method], xi_, stat, float(x_start), float(x_end),
                        float(du_fine), bool(tail), cosmo.lnT0, cosmo.dlnT, cosmo.sqrt_gstar,
                        cosmo.gstar_s, cosmo.gstar, tab_lnx, tab_lnsv, use_tab)
    if cosmo.s0_scale != 1.0:  # present entropy density of the table's own thermal history
        out = out * cosmo.s0_scale
    _check_finite(out, P, "Omega h^2")
    return _shape_out(out, shape)


def sigmav_for_omega(m_MeV, sigmav_a_cm3_s=1.0, sigmav_b_cm3_s=0.0, *, omega_h2_target=None,
                     g_chi=2.0, self_conjugate=True, xi=1.0, g_partner=0.0, delta_MeV=0.0,
                     sigmav12_a_cm3_s=0.0, sigmav12_b_cm3_s=0.0, sigmav22_a_cm3_s=0.0,
                     sigmav22_b_cm3_s=0.0, sigmav_table=None, method="full",
                     statistics="fermion", cosmo: Cosmology | None = None, x_start=3.0,
                     x_end=1.0e4, tail=True, du_fine=0.04, rtol=1.0e-6):
    """Scale factor k such that cross sections k*(inputs) give Omega h^2 = target (default 0.120).

    The inputs fix the *shape* (e.g. a = 0, b = 1 for pure p-wave; a table); the result
    multiplies every cross section.  With the default sigmav_a_cm3_s = 1 the result is the
    thermal s-wave <sigma v> in cm^3/s.  A coupling follows as g ~ k^{1/2} (sigma v ~ g^2) or
    k^{1/4} (g^4).  Same parameters as ``omega_h2``; target may be an array (e.g. 0.12 f_chi).
    """
    cosmo = cosmo or default_cosmology()
    target = units.OMEGA_DM_H2 if omega_h2_target is None else omega_h2_target
    shape, P, xi_, stat, tab_lnx, tab_lnsv, use_tab = _prepare(
        m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, self_conjugate, xi, g_partner, delta_MeV,
        sigmav12_a_cm3_s, sigmav12_b_cm3_s, sigmav22_a_cm3_s, sigmav22_b_cm3_s, sigmav_table,
        statistics, method)
    _check_x(x_start, x_end, du_fine)
    tgt = np.ascontiguousarray(np.broadcast_to(np.asarray(target, float),
                                               shape).ravel()).astype(float)
    if tgt.size != P.shape[0]:
        tgt = np.full(P.shape[0], float(np.ravel(target)[0]))
    if np.any(~(tgt > 0)):
        raise RelicError(f"omega_h2_target = {target} must be > 0")
    if not (1e-12 <= rtol <= 0.1):
        raise RelicError(f"rtol = {rtol} must be in [1e-12, 0.1]")
    if cosmo.s0_scale != 1.0:  # Omega h^2 = s0_scale x (kernel's value): aim the kernel lower
        tgt = tgt / cosmo.s0_scale
    out, bracket = _inverse_kernel(P, tgt, _METHODS[method], xi_, stat, float(x_start),
                                   float(x_end), float(du_fine), bool(tail), cosmo.lnT0,
                                   cosmo.dlnT, cosmo.sqrt_gstar, cosmo.gstar_s, cosmo.gstar,
                                   tab_lnx, tab_lnsv, use_tab, float(rtol))
    _check_finite(out, P, "sigma v scale for Omega h^2 target", np.exp(bracket))
    return _shape_out(out, shape)


def freezeout_x(m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s=0.0, *, g_chi=2.0, self_conjugate=True,
                xi=1.0, cosmo: Cosmology | None = None):
    """Kolb–Turner freeze-out point x'_f = m/T'_f (same counting as ``omega_h2``)."""
    cosmo = cosmo or default_cosmology()
    shape, P, xi_, stat, tab_lnx, tab_lnsv, use_tab = _prepare(
        m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s, g_chi, self_conjugate, xi, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, None, "fermion", "semi")
    out = np.array([_xf_semi(P[i], 1.0, xi_[i], cosmo.lnT0, cosmo.dlnT, cosmo.sqrt_gstar,
                             cosmo.gstar, tab_lnx, tab_lnsv, -1) for i in range(P.shape[0])])
    if np.any(out <= 1.0):  # the kernel's mark of "never in equilibrium"
        i = int(np.flatnonzero(out <= 1.0)[0])
        raise RelicError(f"sigmav_a_cm3_s, sigmav_b_cm3_s at point {i} (m = {P[i, MASS]} MeV): too "
                         "small for chemical equilibrium at any x' >= 1 (no freeze-out); a thermal "
                         "relic needs <sigma v> of order 1e-26 cm^3/s")
    return _shape_out(out, shape)


def _check_x(x_start, x_end, du_fine):
    if not (0.05 <= x_start < x_end):
        raise RelicError(f"x_start = {x_start}, x_end = {x_end}: need 0.05 <= x_start < x_end")
    if not (1e-4 <= du_fine <= 0.2):
        raise RelicError(f"du_fine = {du_fine} must be in [1e-4, 0.2]")


def _check_finite(out, P, what, bracket=None):
    bad = ~np.isfinite(out) | ~(out > 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        row = P[i]
        where = "" if bracket is None else \
            f"; last bracket of the scale: [{bracket[i, 0]:.6g}, {bracket[i, 1]:.6g}]"
        raise RelicError(
            f"{what}: solve failed at point {i} (m = {row[MASS]} MeV, a = "
            f"{row[A11] * units.MEV2_TO_CM3_S:.3e}, b = {row[B11] * units.MEV2_TO_CM3_S:.3e} "
            f"cm^3/s, g_chi = {row[G1]}, g_partner = {row[G2]}, Delta = {row[DELTA]:.3e}{where})")


# ----------------------------------------------------------------------------
# Gondolo–Gelmini thermal average
# ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _gg_grid(x: float, n_z: int):
    """(z_max, z, z^2 - 4, K1(x z) e^{x z}, e^{-x (z-2)}) of thermal_average_gg's grid at x without
    resonance nodes: mass-independent, so computed once per (x, n_z) for every DM mass."""
    from scipy.special import k1e

    zmax = 2.0 + 60.0 / x
    # grid in t = sqrt(z - 2): resolves the threshold and the exponential tail
    t = np.linspace(0.0, math.sqrt(zmax - 2.0), n_z)
    z = 2.0 + t * t
    arrays = (z, z * z - 4.0, k1e(x * z), np.exp(-x * (z - 2.0)))
    for a in arrays:
        a.flags.writeable = False  # shared by every later call
    return (zmax, *arrays)


@functools.lru_cache(maxsize=1)
def _resonance_offsets():
    """Relative offsets of the nodes thermal_average_gg adds on each side of a resonance."""
    off = np.geomspace(1e-7, 0.5, 400)
    off.flags.writeable = False
    return off


def _with_nodes(x, z, z2m4, k1, ex, extra):
    """The grid z with the nodes ``extra`` added (sorted, duplicates once, as np.unique of both)
    and its z^2 - 4, K1(x z) e^{x z}, e^{-x (z-2)}: the Bessel function and the exponential are
    evaluated on the new nodes only (the same elementwise values as on the merged grid)."""
    from scipy.special import k1e

    extra = np.sort(extra)
    merged = _merge_nodes(z, extra, (z2m4, extra * extra - 4.0), (k1, k1e(x * extra)),
                          (ex, np.exp(-x * (extra - 2.0))))
    if merged is None:  # a node twice: the general path
        z = np.unique(np.concatenate([z, extra]))
        merged = z, z * z - 4.0, k1e(x * z), np.exp(-x * (z - 2.0))
    for a in merged:
        a.flags.writeable = False  # like the cached grid's (one numba signature downstream)
    return merged


def _merge_nodes(z, extra, *columns):
    """(z, *columns) merged with ``extra`` and the columns' values there, both sorted in z; None
    if a value occurs twice."""
    if extra.size and (np.any(extra[1:] == extra[:-1])
                       or np.any(z[np.minimum(np.searchsorted(z, extra), z.size - 1)] == extra)):
        return None
    out = _merge_sorted(z, extra, np.stack([c[0] for c in columns]),
                        np.stack([c[1] for c in columns]))
    return (out[0], *out[1:])


@numba.njit(cache=True)
def _merge_sorted(a, b, ca, cb):
    """Rows [a, *ca] and [b, *cb] merged in the order of the sorted keys a, b (no equal keys)."""
    n, m = a.size, b.size
    out = np.empty((1 + ca.shape[0], n + m))
    i = j = 0
    for k in range(n + m):
        if j >= m or (i < n and a[i] < b[j]):
            out[0, k] = a[i]
            for r in range(ca.shape[0]):
                out[1 + r, k] = ca[r, i]
            i += 1
        else:
            out[0, k] = b[j]
            for r in range(cb.shape[0]):
                out[1 + r, k] = cb[r, j]
            j += 1
    return out


@numba.njit(cache=True)
def _gg_integrand(sig, z, z2m4, k1, ex):
    """sigma z^2 (z^2 - 4) K1 e^{xz} e^{-x(z-2)} elementwise (the products in this order) and
    whether every value is finite and >= 0."""
    f = np.empty(z.size)
    ok = True
    for i in range(z.size):
        f[i] = sig[i] * z[i] * z[i] * z2m4[i] * k1[i] * ex[i]
        if not (np.isfinite(f[i]) and f[i] >= 0.0):
            ok = False
    return f, ok


def thermal_average_gg(sigma_inv_MeV2, m_MeV, x, z_points=(), n_z=4000):
    """<sigma v>(x) = x/(4 K2(x)^2) int_2^inf sigma(z m) z^2 (z^2-4) K1(x z) dz [MeV^-2].

    Gondolo & Gelmini 1991 Eq. 3.8 with z = sqrt(s)/m; ``sigma_inv_MeV2(sqrt_s_MeV)`` is the
    total cross section sigma(s) in MeV^-2 (vectorised).  ``z_points``: places to resolve
    (e.g. a resonance at z = m_U/m); the z grid is refined around them.  Returns an array over x.
    """
    from scipy.special import kve

    from mevdm.core import checks as check

    m_MeV = check.number("m_MeV", m_MeV, lo=0.0, lo_open=True, unit="MeV")
    x = np.atleast_1d(check.array("x", x, lo=1e-3, hi=1e4, unit="(x = m/T)"))
    n_z = check.integer("n_z", n_z, lo=50, hi=10**7)
    out = np.empty(x.size)
    offsets = _resonance_offsets()
    for i, xv in enumerate(x):
        zmax, z, z2m4, k1, ex = _gg_grid(float(xv), n_z)
        extra = []
        for zp in z_points:
            if 2.0 < zp < zmax:
                # dense grid around a resonance
                extra.append(zp + offsets * zp)
                extra.append(zp - offsets * zp)
        if extra:
            extra = np.concatenate([e[(e > 2.0) & (e < zmax)] for e in extra])
            z, z2m4, k1, ex = _with_nodes(float(xv), z, z2m4, k1, ex, extra)
        # e^{-x(z-2)} scaled integrand / (e^{-x} K2)^2 e^{...}: work with scaled Bessels
        sig = np.empty(z.size)  # writable, and the grid's arrays read-only: one numba signature
        sig[:] = sigma_inv_MeV2(z * m_MeV)
        f, ok = _gg_integrand(sig, z, z2m4, k1, ex)
        k2e = kve(2, xv)
        if not ok:
            raise ValueError(f"sigma_inv_MeV2 returned a negative or non-finite cross section on "
                             f"sqrt(s) in [{2 * m_MeV:g}, {zmax * m_MeV:g}] MeV (m_MeV = {m_MeV:g})")
        out[i] = xv / (4.0 * k2e * k2e) * np.trapezoid(f, z)
    return out


# ----------------------------------------------------------------------------
# independent plain-scipy reference (validation and benchmark only)
# ----------------------------------------------------------------------------
def omega_h2_scipy(m_MeV, sigmav_a_cm3_s, sigmav_b_cm3_s=0.0, *, g_chi=2.0, cosmo=None,
                   x_start=1.0, x_end=math.exp(8.0), rtol=1.0e-9, atol=1.0e-12):
    """Omega h^2 from scipy solve_ivp (Radau) on W = ln Y, self-conjugate, one species.

    Same equation as ``omega_h2`` (and as hazma 2.2's ``solve_boltzmann``): exact Fermi–Dirac
    Y_eq from scipy.special.kn, g* from ``cosmo``, no tail beyond x_end.  Scalar inputs only.
    """
    from scipy.integrate import solve_ivp
    from scipy.special import kn

    cosmo = cosmo or default_cosmology()
    m = float(m_MeV)
    if not m > 0:
        raise RelicError(f"m_MeV = {m_MeV} must be > 0")
    conv = 1.0 / units.MEV2_TO_CM3_S
    a, b = sigmav_a_cm3_s * conv, sigmav_b_cm3_s * conv

    def lnyeq(x):
        T = m / x
        ks = np.arange(1, 6)
        nbar = x**2 * np.sum((-1.0) ** (ks + 1) / ks * kn(2, ks * x)) / (2.0 * math.pi**2)
        return math.log(g_chi * nbar * 45.0 / (2.0 * math.pi**2 * float(cosmo.g_star_s(T))))

    def rhs(u, w):
        x = math.exp(u)
        k = SQRT_PI_45 * M_PL * m * float(cosmo.sqrt_g_star(m / x)) / x * (a + 6.0 * b / x)
        le = lnyeq(x) if x < 600.0 else -1e300
        return [-k * (math.exp(w[0]) - math.exp(2.0 * le - w[0]))]

    def jac(u, w):
        x = math.exp(u)
        k = SQRT_PI_45 * M_PL * m * float(cosmo.sqrt_g_star(m / x)) / x * (a + 6.0 * b / x)
        le = lnyeq(x) if x < 600.0 else -1e300
        return [[-k * (math.exp(w[0]) + math.exp(2.0 * le - w[0]))]]

    sol = solve_ivp(rhs, (math.log(x_start), math.log(x_end)), [lnyeq(x_start)], method="Radau",
                    jac=jac, rtol=rtol, atol=atol)
    if not sol.success:
        raise RelicError(f"scipy reference failed at m = {m} MeV: {sol.message}")
    return m * math.exp(sol.y[0, -1]) * OMEGA_H2_PER_MEV_Y * cosmo.s0_scale
