"""DM models for the Galactic 511 keV line: a p-wave scalar-mediator model and a
coannihilation model with their relic and 511 keV conditions (Ema, Sala, Sato,
arXiv:2007.09105, Eqs. (1)–(13)).

Spec paper-000-002 §1.1–1.4.  Units: masses in MeV, cross sections returned in cm^3/s
(sigma v) or cm^2 (sigma_e) as the names say; couplings dimensionless.

* 511 keV requirement, Eq. (1): <sigma v>_511(M) = 5e-31 cm^3/s (M/3 MeV)^2 (self-conjugate).
* p-wave model, Eq. (2): sigma v = b v_rel^2 with b = 2.2e-25 cm^3/s; b <v^2>_bulge = <sigma v>_511.
* Scalar mediator, Eqs. (4)–(5) (effective Dirac-like Yukawa y_D, spec §1.3 CHOICE).
* Coannihilation model, Eqs. (7)–(13) with the paper's relic condition Eq. (12)
  (x_FO = 15, sigma v_FO = 8e-26 cm^3/s) and the per-point algorithm of spec §1.4.

Every function is vectorised with numpy and documented with its equation number. The p-wave
coefficient b and the bulge velocity v_b are arguments (a run's values: config
ema2021.b_pwave_cm3_s and ema2021.v_bulge).
"""

from __future__ import annotations

import math

import numpy as np

from mevdm.core import units

ALPHA = units.ALPHA_EM
SIGMAV_511_REF_CM3_S = 5.0e-31  # Eq. (1) normalisation at M = 3 MeV
M_511_REF_MEV = 3.0
SIGMA_B_KM_S = 140.0  # bulge 1-D dispersion
SIGMAV_FO_CM3_S = 8.0e-26  # Eq. (12) right-hand side (chi1/chi2 pair)
X_FO = 15.0  # Eq. (12)


def _pos(name, v):
    a = np.asarray(v, float)
    if np.any(~(a > 0)):
        raise ValueError(f"{name} = {v} must be > 0")
    return a


# ------------------------------------------------------------------ §1.1–1.2
def sigmav_511_cm3_s(M_MeV):
    """<sigma v>_511(M) = 5e-31 cm^3/s (M/3 MeV)^2, Eq. (1)."""
    M = _pos("M_MeV", M_MeV)
    return SIGMAV_511_REF_CM3_S * (M / M_511_REF_MEV) ** 2


def v_bulge_rms(sigma_b_km_s=SIGMA_B_KM_S):
    """<v_rel^2>^{1/2} = sqrt(6) sigma_b for a Maxwellian bulge (spec §1.1, T1) [c]."""
    return math.sqrt(6.0) * units.km_s_to_c(sigma_b_km_s)


def pwave_mass_MeV(b_cm3_s, v_b):
    """M solving b v_b^2 = <sigma v>_511(M): M = 3 MeV sqrt(b / 5e-31) v_b, Eq. (2) (T2)."""
    return M_511_REF_MEV * math.sqrt(b_cm3_s / SIGMAV_511_REF_CM3_S) * v_b


# ------------------------------------------------------------------ §1.3 scalar mediator

def widths_scalar(m_S, M, y_D, g_e):
    """(Gamma(S -> chi chi), Gamma(S -> e+e-)) [MeV] (spec §1.3, same convention as Eq. 4)."""
    m_S = np.asarray(m_S, float)
    bx = np.clip(1.0 - 4.0 * M**2 / m_S**2, 0.0, None)
    be = np.clip(1.0 - 4.0 * units.M_E**2 / m_S**2, 0.0, None)
    return (y_D**2 * m_S * bx**1.5 / (16.0 * math.pi), g_e**2 * m_S * be**1.5 / (8.0 * math.pi))


def yDge_squared(m_S, M, b_cm3_s):
    """(y_D g_e)^2 = 8 pi b (m_S^2 - 4M^2)^2 / [M^2 (1 - m_e^2/M^2)^{3/2}] (spec §1.3; b in MeV^-2)."""
    b = units.sigmav_cm3_s_to_mev2(b_cm3_s)
    m_S = np.asarray(m_S, float)
    return 8.0 * math.pi * b * (m_S**2 - 4.0 * M**2) ** 2 / (
        M**2 * (1.0 - units.M_E**2 / M**2) ** 1.5)


def sigma_e_of_mS_cm2(m_S, M, b_cm3_s):
    """sigma_e(m_S) with (y_D g_e) fixed by relic + 511 (spec §1.3; -> 2.69e-36 cm^2 at m_S >> 2M, T4)."""
    mu = units.reduced_mass(units.M_E, M)
    return units.sigma_mev2_to_cm2(yDge_squared(m_S, M, b_cm3_s) * mu**2 / (
        math.pi * np.asarray(m_S, float) ** 4))


def sigmav_scalar_ee_s_MeV2(s_MeV2, M, m_S, yDge, width_S=0.0):
    """sigma v(s) [MeV^-2] of Eq. (4) off threshold: v^2 M^2 beta_e^3 -> (s - 4M^2)(s/4M^2) beta_e(s)^3,
    propagator at s (v^2 = (s - 4M^2)/M^2, so it equals Eq. (4) as s -> 4M^2)."""
    s = np.asarray(s_MeV2, float)
    be2 = np.clip(1.0 - 4.0 * units.M_E**2 / s, 0.0, None)
    num = yDge**2 * (s - 4.0 * M**2) / M**2 * (s / 4.0) * be2**1.5
    return num / (8.0 * math.pi * ((s - m_S**2) ** 2 + m_S**2 * width_S**2))


def thermal_sigmav_scalar_gg_cm3_s(x, M, m_S, y_D, g_e):
    """Gondolo–Gelmini <sigma v>(x) [cm^3/s] of chi chi -> S* -> e+e- with the full propagator and
    Gamma_S = Gamma(S -> chi chi) + Gamma(S -> ee) (beyond the paper, which expands <b v^2>).

    sigma(s) = sigma v(s) / (2 beta_chi): sigma v is sigma times the CM Moller velocity.
    """
    from mevdm.early.relic import thermal_average_gg

    gam = float(sum(widths_scalar(m_S, M, y_D, g_e)))

    def sigma(sqrt_s):
        s = sqrt_s**2
        beta = np.sqrt(np.clip(1.0 - 4.0 * M**2 / s, 1e-300, None))
        return sigmav_scalar_ee_s_MeV2(s, M, m_S, y_D * g_e, gam) / (2.0 * beta)

    return units.sigmav_mev2_to_cm3_s(thermal_average_gg(sigma, M, x, z_points=(m_S / M,)))


def resonance_ratio(m_S, M, y_D, b_cm3_s, x=X_FO):
    """<sigma v>_GG(x) / (6 b / x) on the paper's contour (y_D g_e from yDge_squared): the factor by
    which the s-channel pole raises the freeze-out rate over the <b v^2> expansion."""
    yg = float(np.sqrt(yDge_squared(m_S, M, b_cm3_s)))
    gg = float(thermal_sigmav_scalar_gg_cm3_s(x, M, m_S, y_D, yg / y_D)[0])
    return gg / (6.0 * b_cm3_s / x)


def resonant_solutions(m_S, y_D, b_cm3_s, v_b, x=X_FO, n_scan=48):
    """Relic (Gondolo–Gelmini at x_FO, matched to the expansion's 6 b/x_FO) + 511 (Eq. 1 with
    today's b v_b^2) solved together for (M, y_D g_e) at fixed m_S and y_D, with 2M < m_S.

    The coupling on the paper's contour is rescaled by 1/sqrt(ratio) (relic; the width, set by
    y_D, held fixed); today's b then drops by 1/ratio and Eq. (1) fixes M.  Roots are bracketed
    on an n_scan grid in M in (1.05 m_e, m_S/2) and refined (brentq).  Returns a list (ascending
    M) of dicts M_MeV, yDge, ratio, sigma_e_cm2 (may be empty).
    """
    from scipy.optimize import brentq

    def f(M):
        r = resonance_ratio(m_S, M, y_D, b_cm3_s, x)
        return math.log(b_cm3_s / r * v_b**2 / float(sigmav_511_cm3_s(M)))

    grid = np.linspace(1.05 * units.M_E, m_S / 2.0 * (1.0 - 1.0e-4), n_scan)
    vals = np.array([f(M) for M in grid])
    out = []
    for i in np.nonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) < 0)[0]:
        M = brentq(f, grid[i], grid[i + 1], xtol=1.0e-7)
        r = resonance_ratio(m_S, M, y_D, b_cm3_s, x)
        yg = float(np.sqrt(yDge_squared(m_S, M, b_cm3_s) / r))
        mu = units.reduced_mass(units.M_E, M)
        out.append({"M_MeV": float(M), "yDge": yg, "ratio": float(r),
                    "sigma_e_cm2": float(units.sigma_mev2_to_cm2(yg**2 * mu**2 / (math.pi * m_S**4)))})
    return out


# ------------------------------------------------------------------ §1.4 coannihilation
def sigmav_12_ee_cm3_s(M, m_V, g_D, eps):
    """sigma v(chi1 chi2 -> e+e-) = 4 alpha eps^2 g_D^2 (M^2 + m_e^2/2)/(m_V^2-4M^2)^2 sqrt(1-m_e^2/M^2), Eq. (9) (s-wave)."""
    M = _pos("M", M)
    val = 4.0 * ALPHA * eps**2 * g_D**2 * (M**2 + units.M_E**2 / 2.0) / (
        m_V**2 - 4.0 * M**2) ** 2 * np.sqrt(1.0 - units.M_E**2 / M**2)
    return units.sigmav_mev2_to_cm3_s(val)


def b_ii_phiphi_cm3_s(M, delta, m_phi, m_V, g_D):
    """p-wave coefficient of sigma v(chi_i chi_i -> phi phi) = v^2 18 delta^2 m_phi^4 g_D^4 sqrt(1-m_phi^2/M^2)/[64 pi m_V^4 (4M^2-m_phi^2)^2], Eq. (10)."""
    M = _pos("M", M)
    k1 = 18.0 * delta**2 * m_phi**4 * np.sqrt(np.clip(1.0 - m_phi**2 / M**2, 0.0, None)) / (
        64.0 * math.pi * m_V**4 * (4.0 * M**2 - m_phi**2) ** 2)
    return units.sigmav_mev2_to_cm3_s(k1 * g_D**4)


def sigma_e_bar_cm2(M, m_V, g_D, eps):
    """sigma_e(chi2 e -> chi1 e, delta -> 0) = 4 alpha g_D^2 eps^2 mu^2 / m_V^4, Eq. (13)."""
    mu = units.reduced_mass(units.M_E, _pos("M", M))
    return units.sigma_mev2_to_cm2(4.0 * ALPHA * g_D**2 * eps**2 * mu**2 / m_V**4)


def b_ii_required_cm3_s(M, v_b):
    """b_ii = (1/2) <sigma v>_511(M) / v_b^2, Eq. (11) (each chi chi -> phi phi gives 2 e+e- pairs)."""
    return 0.5 * sigmav_511_cm3_s(M) / v_b**2


def coann_solution(M, delta, m_phi, m_V, v_b,
                   sigmav_fo_cm3_s=SIGMAV_FO_CM3_S, x_fo=X_FO):
    """Spec §1.4 algorithm at (M, delta) [MeV]: g_D from Eq. (11), eps from Eq. (12), sigma_e from Eq. (13).

    Returns a dict of arrays (g_D, eps, sigma_e_cm2, b_ii_cm3_s, sigmav_s_cm3_s); where the
    p-wave alone over-saturates the relic (sigma v_s <= 0) or M <= m_phi, eps and sigma_e are nan
    and ``valid`` is False (callers must not write those into results).
    """
    M, delta = np.broadcast_arrays(np.asarray(M, float), np.asarray(delta, float))
    b_ii = b_ii_required_cm3_s(M, v_b)
    ok = M > m_phi
    k1 = np.where(ok, b_ii_phiphi_cm3_s(np.where(ok, M, m_phi * 2), delta, m_phi, m_V, 1.0), np.nan)
    g_D = (b_ii / k1) ** 0.25
    sig_s = sigmav_fo_cm3_s - 3.0 * b_ii / x_fo
    valid = ok & (sig_s > 0)
    unit = sigmav_12_ee_cm3_s(M, m_V, g_D, 1.0)  # eps = 1
    eps = np.where(valid, np.sqrt(np.where(valid, sig_s, np.nan) / unit), np.nan)
    return {"g_D": g_D, "eps": eps, "sigma_e_cm2": sigma_e_bar_cm2(M, m_V, g_D, eps),
            "b_ii_cm3_s": b_ii, "sigmav_s_cm3_s": sig_s, "valid": valid}


def coann_mmax_MeV(v_b, sigmav_fo_cm3_s=SIGMAV_FO_CM3_S, x_fo=X_FO):
    """Mass above which the p-wave alone saturates Eq. (12): 3 b_ii(M)/x_FO = sigma v_FO (T7)."""
    # b_ii = 0.5 * 5e-31 (M/3)^2 / v_b^2  =>  M = 3 sqrt(x_fo sigmav_fo v_b^2 / (1.5e-31 * 5/5))
    return M_511_REF_MEV * math.sqrt(x_fo * sigmav_fo_cm3_s * v_b**2 /
                                     (3.0 * 0.5 * SIGMAV_511_REF_CM3_S))


def chi2_lifetime_yr(M, delta, m_V, g_D, eps, g_nu_over_e_eps=1.0e-2):
    """tau(chi2 -> chi1 nu nubar) with Gamma = g_nu^2 g_D^2 delta^5/(40 pi^3 m_V^4), g_nu = 1e-2 e eps (spec §1.4)."""
    g_nu = g_nu_over_e_eps * units.E_CHARGE * np.asarray(eps)
    gam = g_nu**2 * np.asarray(g_D) ** 2 * np.asarray(delta) ** 5 / (40.0 * math.pi**3 * m_V**4)
    return units.HBAR_MEV_S / gam / units.YEAR_S
