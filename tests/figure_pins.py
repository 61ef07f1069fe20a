"""Independent physics pins of every figure target (issue 24): ``PINS["<key>/<name>"](out)`` asserts
numbers of the figure's output ``out`` against values that do not come from the code under test:
the paper's printed numbers graded with the scoreboard's tolerance (``resources/papers/*.yaml``), a
collaboration's published number, an independent audit or algorithm, hand arithmetic. ``out`` is
what ``compute(key, name, overrides, mirror)`` returns: the figure's JSON numbers through the public
``mevdm.build.build``, or for halp2025 the analysis dict its figure function draws.

tests/test_mutations.py runs each pin on the default config (it must pass) and on one mutated physics
input (it must fail): docs/reproduction/mutations.md.
"""

from __future__ import annotations

import functools
import json
import math
import tempfile
from pathlib import Path

import numpy as np

from mevdm.scoreboard import grade_claim, grade_number, load_paper_numbers, lookup

M_E_MEV, KPC_CM = 0.51099895, 3.0857e21
R_E_CM, C_CM_S = 2.8179403262e-13, 2.99792458e10

# XENON1T (PRD 102 (2020) 072004, arXiv:2006.09721): 285 events observed against 232 expected from B0
# in 1-7 keV over 0.6473 t yr: 53 excess events, Poisson 1 sigma sqrt(285) = 17 (~30 %).
XENON1T_EXCESS_EVENTS_1_7KEV = 285 - 232
XENON1T_EXPOSURE_T_YR = 0.6473
XENONNT_EXPOSURE_T_YR = 1.16  # XENONnT SR0 (PRL 129 (2022) 161805)


# ----------------------------------------------------------------------------- computing a figure
@functools.cache
def _store(mirror: str):
    """A DataStore reading the mirror, never downloading (its cache a temporary folder, removed at exit)."""
    import atexit
    import shutil

    from mevdm.core.data import DataStore

    cache = tempfile.mkdtemp(prefix="mevdm-pins-")
    atexit.register(shutil.rmtree, cache, True)
    return DataStore(mirror=mirror, cache=cache, allow_download=False)


@functools.cache
def _compute(key: str, name: str, overrides: str, mirror: str):
    from mevdm import configuration as mconfig
    from mevdm.core.registry import spec

    config = mconfig.merged(overrides={**json.loads(overrides), "data_mirror": mirror})
    store = _store(mirror)
    if key == "halp2025":  # the analysis dict the figure function draws (curves and numbers)
        from mevdm.papers.halp2025 import analysis as A

        p = config["halp2025"]
        args = {"fig1": (store, p, p["fig1"]), "figc1": (store, p, p["figc1"]),
                "fig2": (store, config, p, p["fig2"], tuple(spec(key, name).limits)), "fig3": (p, p["fig3"]),
                "figd1": (p, p["figd1"]), "table_b1": (p, p["table_b1"])}[name]
        out = getattr(A, name)(*args)
        return {"numbers": out["numbers"], "curves": out.get("curves"), "E": out.get("E"),
                "bg": out.get("bg"), "config": config}
    import matplotlib.pyplot as plt

    from mevdm.build import build

    with tempfile.TemporaryDirectory() as tmp:
        build(key, name, config, {"json": f"{tmp}/numbers.json"}, store=store)
        plt.close("all")
        return json.loads(Path(tmp, "numbers.json").read_text())


def compute(key: str, name: str, overrides: dict, mirror) -> dict:
    """The figure's output with ``overrides`` merged onto the default config and validated (one
    computation per process and argument set)."""
    return _compute(key, name, json.dumps(overrides, sort_keys=True), str(mirror))


# ----------------------------------------------------------------------------- reference checks
@functools.cache
def _entries(key: str) -> dict:
    return {e["id"]: e for e in load_paper_numbers(key)["numbers"]}


def printed(key: str, entry_id: str, numbers: dict) -> None:
    """Our number against the paper's printed one, graded as the scoreboard grades it (the tolerance
    follows from how the paper states it: schema.yaml policy)."""
    e = _entries(key)[entry_id]
    ours = lookup(numbers, e["ours"]) - (lookup(numbers, e["ours_minus"]) if "ours_minus" in e else 0.0)
    grade = grade_number(ours, e["paper_value"], e["form"])
    assert grade in ("match", "consistent"), (
        f"{key} {entry_id}: ours {ours:.4g} vs printed {e['paper_value']:g} ({e['form']}): "
        f"ratio {ours / e['paper_value']:.3g}")


def claim(key: str, entry_id: str, numbers: dict) -> None:
    """A paper claim that rests on our number and a threshold (the scoreboard's claim grade) holds."""
    r = _entries(key)[entry_id]["rests_on"]
    ours = lookup(numbers, r["ours"])
    grade, margin = grade_claim(ours, r["threshold"], r["holds_if"])
    assert grade == "holds", f"{key} {entry_id}: {r['ours']} = {ours:.4g} {r['holds_if']} " \
                             f"{r['threshold']} {grade} (margin {margin})"


def within(value: float, ref: float, factor: float, what: str) -> None:
    """ref/factor <= value <= ref*factor."""
    assert ref / factor <= value <= ref * factor, f"{what}: {value:.4g} vs {ref:.4g} (x{value / ref:.3g}, " \
                                                  f"tolerance x{factor:g})"


def near(value: float, ref: float, abs_tol: float, what: str) -> None:
    """|value - ref| <= abs_tol."""
    assert abs(value - ref) <= abs_tol, f"{what}: {value:.4g} vs {ref:.4g} (off by {value - ref:+.3g}, " \
                                        f"tolerance {abs_tol:g})"


# ============================================================================= halp2025
# A textbook stopping power (Longair, High Energy Astrophysics, 3rd ed., Sec. 6.3: ionisation losses
# in neutral hydrogen and Coulomb losses in a fully ionised plasma, relativistic electrons), the ROI
# solid angle and the SPI line flux by hand, and a J-factor integrated here with numpy over the
# GC-centred sphere with the paper's halo (r_s = 20 kpc, R_sun = 8.5 kpc, rho_local = 0.4 GeV/cm^3).

SPI_ROI_FLUX = 2.0e-3  # ph/cm^2/s in |l|<30, |b|<15 deg (Siegert+2016 ROI flux, spec 001 §7)
SPI_BULGE_FLUX = 9.6e-4  # ph/cm^2/s, Siegert+2016 bulge (spec 001 §6)
ROI_SOLID_ANGLE = 4 * math.radians(30.0) * math.sin(math.radians(15.0))  # 0.54207 sr
F_PS = 0.967  # positronium fraction, Jean+2006 (SPI)


def _sigma_dirac(gam):
    """Dirac e+e- -> 2 gamma cross section [cm^2], e- at rest (Heitler)."""
    s = np.sqrt(gam * gam - 1)
    return np.pi * R_E_CM ** 2 / (gam + 1) * ((gam * gam + 4 * gam + 1) / (gam * gam - 1) * np.log(gam + s)
                                               - (gam + 3) / s)


def one_minus_p_inf_longair(T0_MeV, ionised, n_e_cm3=0.1):
    """In-flight annihilation probability with Longair's loss rates: -dE/dt = 7.64e-15 N (3 ln g + 19.8)
    eV/s (neutral H) or 7.64e-15 N (ln g - ln N + 73.4) eV/s (ionised), N in m^-3."""
    T = np.geomspace(1e-3, T0_MeV, 4000)
    g = 1 + T / M_E_MEV
    beta, N = np.sqrt(1 - 1 / g ** 2), n_e_cm3 * 1e6
    rate = 7.64e-15 * N * ((np.log(g) - np.log(N) + 73.4) if ionised else (3 * np.log(g) + 19.8))
    dEdx = rate * 1e-6 / (beta * C_CM_S)  # MeV/cm
    return 1 - np.exp(-np.trapezoid(n_e_cm3 * _sigma_dirac(g) / dEdx, T))


# Longair's plasma log and ours (plasma frequency cut-off) differ: his ionised in-flight probability is
# 1.3x ours; neutral agrees to 5-10 % at T0 >= 3 MeV. The 1.4 tolerance covers that; neutral vs ionised
# differ by 2.5x, so a medium swap fails.
MEDIUM_TOL = 1.4


@functools.cache
def j_factor_roi(gamma, r_s=20.0, R=8.5, rho_local=0.4, L=30.0, B=15.0, n_dir=40000):
    """J [GeV^2 cm^-5] of a gNFW over |l| < L, |b| < B: int dr r^2 rho^2(r) int dOmega_GC 1_ROI / s^2,
    the angular integral over a Fibonacci sphere of directions about the Galactic Centre."""
    shape = lambda r: (r / r_s) ** -gamma * (1 + r / r_s) ** (gamma - 3)  # noqa: E731
    rho_s = rho_local / shape(R)
    i = np.arange(n_dir) + 0.5
    z = 1 - 2 * i / n_dir
    phi = np.pi * (1 + 5 ** 0.5) * i
    u = np.stack([np.sqrt(1 - z * z) * np.cos(phi), np.sqrt(1 - z * z) * np.sin(phi), z], axis=1)
    r = np.geomspace(1e-7, 300.0, 3000)
    w = np.empty_like(r)
    for k, rk in enumerate(r):
        x = rk * u + np.array([R, 0.0, 0.0])  # the point seen from the Sun; the GC at (R, 0, 0), l = 0
        s = np.linalg.norm(x, axis=1)
        ll = np.degrees(np.arctan2(x[:, 1], x[:, 0]))
        bb = np.degrees(np.arcsin(x[:, 2] / s))
        inside = (np.abs(ll) < L) & (np.abs(bb) < B)
        w[k] = 4 * np.pi * np.mean(inside / s ** 2)
    return np.trapezoid(r ** 3 * (rho_s * shape(r)) ** 2 * w, np.log(r)) * KPC_CM


def line_prefactor(sv, m_MeV, f_ps=F_PS):
    """sigma v/(4 m^2)/(4 pi) x 3 e+ per annihilation x 2 (1 - 3 f_Ps/4) photons per e+ (Dirac DM)."""
    return sv / (4 * (m_MeV / 1e3) ** 2) / (4 * np.pi) * 3 * 2 * (1 - 0.75 * f_ps)


# the J-factor: Fibonacci directions + a log-r grid, ~1 % (3 % leaves room; a factor 2 fails)
J_TOL = 1.03


def pin_halp2025_fig1(out):
    """Fig. 1: the line intensity that scales every IfA curve is SPI's ROI flux over the ROI solid angle
    (by hand); the IfA at 10 MeV in the configured medium over the same IfA in neutral H is the ratio
    of the in-flight probabilities with Longair's stopping powers at the spectrum's typical T0 = 3 MeV."""
    from mevdm.papers.halp2025 import analysis as A

    # 1e-4: two exact inputs and our 0.54207 sr to five digits
    within(out["numbers"]["line_intensity_ph_cm2_s_sr"], SPI_ROI_FLUX / ROI_SOLID_ANGLE, 1 + 1e-4,
           "fig1 line intensity")
    p = out["config"]["halp2025"]
    E, line = out["E"], out["bg"]["line"]
    neutral = A.alp_ifa(A.medium(p, x_ion=0.0), E, line, p, 10.0, float(p["fig1"]["r"]))
    ratio = np.trapezoid(out["curves"]["IfA_m10"], np.log(E)) / np.trapezoid(neutral, np.log(E))
    longair = one_minus_p_inf_longair(3.0, True) / one_minus_p_inf_longair(3.0, False)
    within(ratio, longair, MEDIUM_TOL, "fig1 IfA ionised/neutral vs Longair")


def pin_halp2025_figc1(out):
    """Fig. C1 left, direct e+e- at 10 MeV (T0 = 9.49 MeV): COMPTEL max ratio in the configured (warm
    ionised) medium over the neutral-H variant = Longair's in-flight probability ratio; the line
    intensity = SPI's ROI flux over the ROI solid angle."""
    d = out["numbers"]["direct"]["m10"]
    ratio = d["comptel_max_ratio_central"] / d["comptel_max_ratio_central_neutral_variant"]
    longair = one_minus_p_inf_longair(9.489, True) / one_minus_p_inf_longair(9.489, False)
    within(ratio, longair, MEDIUM_TOL, "figc1 direct 10 MeV ionised/neutral vs Longair")
    within(out["bg"]["line"], SPI_ROI_FLUX / ROI_SOLID_ANGLE, 1 + 1e-4, "figc1 line intensity")


def pin_halp2025_fig2(out):
    """Fig. 2: at gamma = 1.3 the sigma v the bulge line needs at 10 MeV is Siegert's bulge flux over
    (photons per annihilation x J) with the J integrated here; and its ratio to the Planck CMB maximum
    (issue 13 audit: 0.97, two digits: 1.5 %)."""
    lc = out["numbers"]["line_vs_cmb"]["gamma1p3"]
    within(lc["J_roi_GeV2_cm5"], j_factor_roi(1.3), J_TOL, "fig2 J(gamma 1.3)")
    within(lc["sigmav_line_10MeV_cm3_s"], SPI_BULGE_FLUX / (line_prefactor(1.0, 10.0) * j_factor_roi(1.3)),
           J_TOL, "fig2 sigma v of the line at 10 MeV")
    within(lc["sigmav_line_over_cmb_10MeV"], 0.97, 1.015, "fig2 line / CMB sigma v at 10 MeV")


def pin_halp2025_fig3(out):
    """Fig. 3 at gamma = 1.3: our J over |l| < 30, |b| < 15 and the relic-coupling line flux against the
    J integrated here with the paper's halo."""
    n = out["numbers"]
    within(n["J_roi_gamma1p3"], j_factor_roi(1.3), J_TOL, "fig3 J(gamma 1.3)")
    within(n["baseline_line_flux_ph_cm2_s"]["gamma1p3"],
           line_prefactor(n["sigmav_3a_cm3_s_baseline"], n["m_chi_MeV"]) * j_factor_roi(1.3), J_TOL,
           "fig3 line flux at the relic coupling")


def pin_halp2025_figd1(out):
    """Fig. D1 (gamma = 1.3): the line flux at (10 MeV, r = 0.2) against the J integrated here and
    SPI's positronium fraction."""
    e = out["numbers"]["vary_m"]["m10_r0p2"]
    within(e["line_flux_roi_ph_cm2_s"], line_prefactor(e["sigmav_3a_cm3_s"], 10.0) * j_factor_roi(1.3),
           J_TOL, "figd1 line flux at 10 MeV")


def pin_halp2025_table_b1(out):
    """Table B1: the three-body phase-space integral I3 at r -> 0 is 7 pi^2/4 - 15 (analytic), at r = 0.2
    and 0.5 the spec's values (1e-4: five digits); sigma v(10 MeV, r = 0.2) against spec 001's
    semi-analytic 1.15e-30 cm^3/s: our full Boltzmann coupling is up to 1.5 % above the semi-analytic
    one (g^6 in sigma v: up to 9 %), so 12 %; a factor 2 fails."""
    d = out["numbers"]
    within(d["I3_r0"], 7 * math.pi ** 2 / 4 - 15, 1 + 1e-6, "table_b1 I3(r -> 0)")
    within(d["I3_r0p2"], 1.80745, 1 + 1e-4, "table_b1 I3(0.2)")
    within(d["I3_r0p5"], 0.49436, 1 + 1e-4, "table_b1 I3(0.5)")
    within(d["sigmav_3a_cm3_s"]["r0p2"]["m10"], 1.15e-30, 1.12, "table_b1 sigma v(10 MeV, r = 0.2)")



# ============================================================================= hooper2008
HBARC2_C = (1.973269804e-11) ** 2 * C_CM_S  # MeV^-2 -> cm^3/s
B_RELIC_PAPER = 2.2e-25  # cm^3/s, p-wave b at a few MeV (Ema, Sala, Sato 2021 Sec. 1.2, their ref. [13])
V_BULGE_PAPER = 1.1e-3  # bulge <v_rel^2>^(1/2) (Ema, Sala, Sato 2021 Eq. 2)


def sigmav_511(m_MeV):
    """sigma v the 511 keV line needs, 5e-31 cm^3/s (m/3 MeV)^2 (Ema, Sala, Sato 2021 Eq. 1)."""
    return 5e-31 * (m_MeV / 3.0) ** 2


def pin_hooper2008_fig_radiative(out):
    """Eq. (2) by hand: -1e-10 (2e6 MeV)^2 ln(Lambda_UV^2/m_S^2)/(64 pi^4) with Lambda_UV = 1e9 GeV and
    m_S = 2 TeV is -1.684 MeV^2; at m_S = 4 TeV -6.38 MeV^2 (0.5 %: four-digit hand values)."""
    n = out
    within(-n["T17_m2_eq2_2TeV_gf1e-5_MeV2"], 1e-10 * 4e12 * math.log(1e24 / 4e12) / (64 * math.pi ** 4),
           1.005, "Eq. 2 at 2 TeV")
    within(-n["eq2_single_scalar_4TeV_MeV2"], 6.38, 1.005, "Eq. 2 at 4 TeV")


def pin_hooper2008_fig_sigmav(out):
    """The s-wave floor of Eq. (1) (v -> 0) by hand, g^2 (g_L - g_R)^2 m_e^2 beta_e/(8 pi m_U^4) at the
    axial fraction 0.1, m_U = 10 MeV, m = 3 MeV, with the line coupling of the figure (1 %: hand
    arithmetic with CODATA constants); the pure-vector p-wave b v^2 over the line's sigma v against
    Ema-Sala-Sato's b = 2.2e-25 and v_b = 1.1e-3 (factor 1.5: our Boltzmann b at 3 MeV is 25 % below
    the quoted b)."""
    g_e = out["g_Uee"]
    sv = (0.1 * g_e) ** 2 * M_E_MEV ** 2 * math.sqrt(1 - M_E_MEV ** 2 / 9.0) / (8 * math.pi * 10.0 ** 4)
    within(out["swave_floor_axial_0.1_cm3_s"], sv * HBARC2_C, 1.01, "Eq. 1 s-wave floor (axial 0.1)")
    within(out["vector_over_target_at_vbulge"], B_RELIC_PAPER * V_BULGE_PAPER ** 2 / sigmav_511(3.0), 1.5,
           "p-wave sigma v at v_b over the 511 line's")


def pin_hooper2008_fig_coupling(out):
    """The coupling product at (m_U, m_X) = (10, 3) MeV against the paper's upper 1e-5 (scoreboard);
    off resonance sigma v = b v^2, so the product the line needs over the relic's is
    sqrt(sigma v_511/(b v_b^2)) with Ema-Sala-Sato's b and v_b: 1.37 at m_X = 3 MeV, 4.6 at 10 MeV
    (25 %: our Boltzmann b differs from 2.2e-25 by up to 30 % at 1-10 MeV, 15 % in the ratio)."""
    printed("hooper2008", "coupling_product_upper", out)
    for m_X in (3.0, 10.0):
        within(out[f"mX{m_X:g}"]["product_511_over_relic_at_mU10"],
               math.sqrt(sigmav_511(m_X) / (B_RELIC_PAPER * V_BULGE_PAPER ** 2)), 1.25,
               f"line/relic coupling at m_X = {m_X:g} MeV")


# ============================================================================= jho2020
# The issue-12 audit (an independent numpy re-derivation of spec B1-B3, not this code): chi^2 of the
# released B0 46.898; Scenario 1 at the paper's (45.5 keV, 3.2e-7) 44.48, minimum 39.78. A chi^2 pin
# of 0.05 catches any bin, efficiency or flux slip (a factor 2 in the rate moves chi^2 by several).
AUDIT_CHI2_B0, AUDIT_S1_AT_PAPER, AUDIT_S1_MIN = 46.898, 44.48, 39.78
XENON1T_EXCESS_RATE = XENON1T_EXCESS_EVENTS_1_7KEV / XENON1T_EXPOSURE_T_YR  # 81.9 /(t yr)


def pin_jho2020_fig1(out):
    """Scenario 1: the audit's chi^2 values, the paper's best-fit m_X (scoreboard)."""
    near(out["chi2_B0"], AUDIT_CHI2_B0, 0.01, "chi^2 of B0")
    near(out["chi2_at_paper_best_fit"], AUDIT_S1_AT_PAPER, 0.05, "chi^2 at the paper's best fit")
    near(out["chi2_best"], AUDIT_S1_MIN, 0.05, "chi^2 minimum")
    printed("jho2020", "s1_best_mx", out)


def pin_jho2020_fig2(out):
    """Scenario 2 (effective sigma): the paper's Delta chi^2 and m_DM range (scoreboard), its 2-3 keV
    peak (claim); the best fit's rate in 1-30 keV carries the XENON1T excess, 82 events/(t yr) in 1-7 keV
    (30 %: the excess's Poisson 1 sigma)."""
    near(out["chi2_B0"], AUDIT_CHI2_B0, 0.01, "chi^2 of B0")
    printed("jho2020", "s2e_delta_chi2", out)
    printed("jho2020", "s2e_mdm_max", out)
    claim("jho2020", "s2e_peak", out)
    within(out["rate_1_30keV_best_per_t_yr"], XENON1T_EXCESS_RATE, 1.3, "best-fit rate vs the excess")


def pin_jho2020_ns_heating(out):
    """Neutron-star capture: the paper's printed v_esc, geometric capture rates and critical cross
    section (scoreboard, approx: factor 1.5)."""
    for e in ("ns_v_esc", "ns_c_geom_best", "ns_c_geom_extreme", "ns_sigma_crit"):
        printed("jho2020", e, out)


# ============================================================================= ema2021
def pin_ema2021_relic_numbers(out):
    """The paper's relic numbers (scoreboard), and Eq. (1) = (2) by hand: b v_b^2 = 5e-31 (M/3 MeV)^2
    gives M = 3 MeV x 1.1e-3 sqrt(2.2e-25/5e-31) = 2.19 MeV (1 %: three-digit inputs)."""
    for e in ("pwave_mass", "pwave_relic_b", "coann_sigmav_fo", "coann_x_fo"):
        printed("ema2021", e, out)
    within(out["pwave_mass_MeV"], 3.0 * V_BULGE_PAPER * math.sqrt(B_RELIC_PAPER / 5e-31), 1.01,
           "p-wave mass from Eqs. 1-2")


def pin_ema2021_fig1(out):
    """Fig. 1 claims (scoreboard): the thick sigma_e = 4e-38 line allowed by the S1+S2 limit, g_e ~ 1e-6
    above the perturbativity edge, LDMX's eps ~ g_e."""
    for e in ("fig1_thick_line_allowed", "fig1_ge_allowed", "fig1_ldmx_ge"):
        claim("ema2021", e, out)


def pin_ema2021_fig3(out):
    """The coannihilation benchmark explains the XENON1T excess (paper Sec. 2): its observed events in
    1-7 keV over the 0.6473 t yr against the 53 excess events (30 %: the excess's Poisson 1 sigma);
    the p-wave recoils peak below 2 keV (claim)."""
    within(out["coann_observed_events_1_7keV"], XENON1T_EXCESS_EVENTS_1_7KEV, 1.3, "coann events 1-7 keV")
    claim("ema2021", "pwave_peak_below_2kev", out)


def pin_ema2021_xenonnt(out):
    """XENONnT's limit on sigma_e at the p-wave benchmark (M = 2 MeV, Sun-reflected) within a factor 2
    of PandaX-4T's independent solar-reflected limit there, 1.47e-38 cm^2 at 2.01 MeV (arXiv:2412.19970
    Fig. 4): comparable xenon exposures and thresholds, different flux codes. The coannihilation
    benchmark carries the XENON1T excess (82 events/(t yr)) into XENONnT's 1.16 t yr (30 %)."""
    within(out["benchmarks"]["pwave"]["sigma_e_limit_cm2"], 1.47e-38, 2.0, "p-wave sigma_e limit vs PandaX-4T")
    within(out["benchmarks"]["coannihilation"]["signal_events_1_30keV"],
           XENON1T_EXCESS_RATE * XENONNT_EXPOSURE_T_YR, 1.3, "coann events in XENONnT vs the excess")


def pin_jho2020_xenonnt(out):
    """Our XENON1T best fit of each scenario, folded through XENONnT's response and 1.16 t yr, carries
    the XENON1T excess, ~82 events/(t yr) (30 %: efficiencies differ by ~10 % at 2-3 keV and part of each
    spectrum lies above 7 keV)."""
    for name, scen in out["scenarios"].items():
        ours = [v for k, v in scen["benchmarks"].items() if k.startswith("our_best_fit")][0]
        within(ours["signal_events_1_30keV"], XENON1T_EXCESS_RATE * XENONNT_EXPOSURE_T_YR, 1.3,
               f"{name} best fit in XENONnT vs the excess")


# ============================================================================= baryakhtar2020
def pin_baryakhtar2020_fig4(out):
    """Sec. 4 numbers printed by the paper (scoreboard, approx): the flux ratio of Eq. (4.3), the X-ray
    sigma v, the Boltzmann factor and F of Eq. (4.16); <sigma v>_up/(sigma_e c) = 3.947e-3 at the
    benchmark in the paper's solar core (independent audit Monte Carlo, issue 18; 0.2 %: its error)."""
    for e in ("flux_ratio_eq4_3", "sigmav_xray", "boltzmann_eq4_16", "f_eq4_16"):
        printed("baryakhtar2020", e, out)
    within(out["sigmav_up_over_sigma_e_c"], 3.947e-3, 1.002, "<sigma v>_up/(sigma_e c) vs the audit MC")


def pin_baryakhtar2020_fig5(out):
    """Eq. (4.16) rate and v_esc/v0 printed by the paper (scoreboard, approx); chi^2 of the released
    XENON1T B0 (issue-12 audit: 46.898, 0.01)."""
    for e in ("rate_eq4_16", "v_esc_over_v0_eq4_16"):
        printed("baryakhtar2020", e, out)
    near(out["chi2_B0"], AUDIT_CHI2_B0, 0.01, "chi^2 of B0")


def pin_baryakhtar2020_xenonnt(out):
    """A line at 3.5 keV over ~30 B0 events within +-1.2 sigma_E: a 90 % CL limit of ~1.64 sqrt(30) ~ 9
    events over 1.16 t yr (45 % leeway for the shape and the resolution)."""
    within(out["benchmark"]["rate_limit_per_t_yr"], 9.0 / XENONNT_EXPOSURE_T_YR, 1.45,
           "XENONnT rate limit at 3.5 keV")


def _printed_value(key, entry_id):
    return _entries(key)[entry_id]["paper_value"]


def pin_baryakhtar2020_fig1(out):
    """Fig. 1: f* at 1 GeV (paper: >~ 0.1, scoreboard lower_order) and the thermal eps at 100 MeV,
    alpha_D = 0.5 against the paper's ~1e-4 (the scoreboard's thermal_eps_100mev entry, approx 1.5)."""
    printed("baryakhtar2020", "fstar_gev", out)
    i = out["fstar_delta3keV_alphaD0p5"]["m_chi_MeV"].index(100.0)
    within(out["eps_thermal_alphaD0p5"][i], _printed_value("baryakhtar2020", "thermal_eps_100mev"), 1.5,
           "thermal eps at 100 MeV")


def pin_baryakhtar2020_fig2(out):
    """Fig. 2: the Eq. (3.11) normalisation (paper ~1e6 /(t yr)) and the thermal eps at 100 MeV (~1e-4),
    scoreboard approx."""
    printed("baryakhtar2020", "eq3_11_norm", out)
    printed("baryakhtar2020", "thermal_eps_100mev", out)


def pin_baryakhtar2020_fig3(out):
    """Fig. 3: primordial down-scatter rates on the thermal line (delta = 3 keV) at 3 and 30 MeV against
    spec A4's independent computation, 43, 99 /(t yr) at alpha_D = 0.5 and 11, 26 at alpha_D = 1
    (spec: leptons only, sigma v at s = 4 m^2; our Gondolo-Gelmini average is ~9 % lower in sigma_e,
    17 % in the rate: 25 %)."""
    r = out["rate_per_t_yr"]
    for a, refs in (("0.5", (43.0, 99.0)), ("1", (11.0, 26.0))):
        row = r[f"delta3keV_alphaD{a}"]
        for m, ref in zip((3.0, 30.0), refs):
            within(row["rate"][row["m_chi_MeV"].index(m)], ref, 1.25, f"primordial rate at {m:g} MeV, alpha_D {a}")


def pin_baryakhtar2020_fig6(out):
    """Fig. 6: the thermal chi* rate falls below 1 /(t yr) at m_chi ~ 10 MeV (the paper's 'all abundances
    below 10 MeV', scoreboard plain 1.2: m where the rate ~ m^-8 crosses 1) and LDMX Phase 2 reaches
    below the thermal target (claim)."""
    within(out["m_chi_rate_below_1_delta3keV_MeV"], _printed_value("baryakhtar2020", "all_abundances_below_10mev"),
           1.2, "m where the solar rate crosses 1 /(t yr)")
    claim("baryakhtar2020", "claim_ldmx_fig6", out)


def pin_baryakhtar2020_fig7(out):
    """Fig. 7: the paper's 10 MeV crossing and alpha_D bound at 10 MeV (scoreboard)."""
    printed("baryakhtar2020", "all_abundances_below_10mev", out)
    printed("baryakhtar2020", "alphad_bound_10mev", out)


def pin_ema2021_fig2(out):
    """Fig. 2: the coannihilation benchmark's sigma_e (Eq. 13) and the mass where p-wave alone saturates
    the relic (scoreboard); tau_2 < 1e9 yr above 1 keV and the benchmark allowed by XENON (claims)."""
    printed("ema2021", "coann_benchmark_sigma_e", out)
    printed("ema2021", "coann_pwave_only_mass", out)
    claim("ema2021", "tau2_below_1e9yr", out)
    claim("ema2021", "benchmark_allowed", out)


def pin_jho2020_fig5(out):
    """Scenario 2 with the X mediator: the paper's best-fit sqrt(g_e g_chi) and m_X,max (scoreboard); chi^2
    of B0 (audit)."""
    near(out["chi2_B0"], AUDIT_CHI2_B0, 0.01, "chi^2 of B0")
    printed("jho2020", "s2m_best_g", out)
    printed("jho2020", "s2m_mx_max", out)


def pin_jho2020_fig6(out):
    """Fig. 6: the (g-2)_e bound on g_e at small m_X against the paper's 1e-5 (scoreboard, lower)."""
    printed("jho2020", "g2e_ge_bound", out)


def _peak_in_the_excess(curve, what):
    """The XENON1T excess sits at 2-3 keV (the collaboration's Fig. 4; the paper: 'a peak around 2-3
    keV'): a spectrum that fits it peaks in the 2-3 keV bin."""
    assert 2.0 <= curve["peak_bin_keV"] <= 3.0, f"{what}: peak at {curve['peak_bin_keV']} keV, not 2-3 keV"


def pin_jho2020_fig3(out):
    """Fig. 3 (m_DM = 0.1 MeV): the m_X = 0.1 MeV spectrum (the paper's best-fit m_X is 0.16 MeV) peaks
    in the 2-3 keV excess bin; the heavy mediators (1, 10 MeV) bring no signal preference, so their
    chi^2 minimum over the coupling is chi^2 of B0 (audit 46.898)."""
    _peak_in_the_excess(out["m_X = 0.1 MeV"], "m_X = 0.1 MeV")
    for m in ("1", "10"):
        near(out[f"m_X = {m} MeV"]["chi2_min_over_coupling"], AUDIT_CHI2_B0, 0.01, f"chi^2 min at m_X = {m} MeV")


def pin_jho2020_fig4(out):
    """Fig. 4 (m_X = 0.1 MeV): the m_DM = 1 keV spectrum peaks in the 2-3 keV excess bin."""
    _peak_in_the_excess(out["m_DM = 0.001 MeV"], "m_DM = 0.001 MeV")


PINS = {k[4:].replace("_", "/", 1): f for k, f in dict(globals()).items() if k.startswith("pin_")}
