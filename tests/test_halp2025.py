"""halp2025 figure layer: Table B1 end to end, config checks (spec 001 §7, §9)."""

import copy
import math

import numpy as np
import pytest

from mevdm import configuration as mconfig
from mevdm.papers.halp2025 import analysis as A


@pytest.fixture(scope="module")
def cfg(mirror):
    return mconfig.load(data_mirror=str(mirror))


def test_table_b1(cfg):
    p = copy.deepcopy(cfg["halp2025"])
    p["relic_solver"] = "semi_analytic"  # the spec's 2 % baseline values are semi-analytic
    d = A.table_b1(p, p["table_b1"])["numbers"]
    assert d["I3_r0"] == pytest.approx(7 * math.pi ** 2 / 4 - 15, rel=1e-6)
    assert d["I3_r0p2"] == pytest.approx(1.80745, rel=1e-4)
    assert d["I3_r0p5"] == pytest.approx(0.49436, rel=1e-4)
    grid = d["sigmav_3a_cm3_s"]
    assert grid["r0p2"]["m10"] == pytest.approx(1.15e-30, rel=0.02)
    # forbidden exactly where r m < 2 m_e (as null cells)
    for rk, row in grid.items():
        r = float(rk[1:].replace("p", "."))
        for mk, v in row.items():
            m = float(mk[1:].replace("p", "."))
            assert (v is None) == (r * m < 2 * 0.51099895), (r, m)
    assert [10.0, 0.1] in d["forbidden_cells_m_r"]


def test_benchmark_check_rejects_forbidden_r(cfg):
    bad = copy.deepcopy(cfg)
    bad["halp2025"]["fig3"]["r"] = 0.05  # m_a = 0.5 MeV < 2 m_e at 10 MeV
    with pytest.raises(mconfig.ConfigError, match="halp2025.fig3"):
        mconfig.validate(bad)


def test_schema_rejects_unknown_convention(cfg):
    bad = copy.deepcopy(cfg)
    bad["halp2025"]["relic_convention"]["xi_mode"] = "squared"
    with pytest.raises(mconfig.ConfigError, match="xi_mode"):
        mconfig.validate(bad)


def test_line_needs_sigmav_at_cmb_limit(cfg, store):
    # issue 13 item 1 (audit): at (10 MeV, gamma = 1.3) the sigma v that gives the observed bulge flux is
    # 0.97 x the Planck maximum 2 p_ann m / f_eff with f_eff = 0.596 (two-digit audit value: 1 %)
    from mevdm.astro import galaxy as gal
    from mevdm.constraints import computed as cc
    from mevdm.core import units as u

    p = cfg["halp2025"]
    J = gal.j_factor_psi(A.halo(p, 1.3), *A.roi(p))
    f_eff = float(cc.f_eff_at(10.0 / 3.0 - u.M_E, store, "ee"))
    assert f_eff == pytest.approx(0.596, abs=0.001)
    sv_cmb = 2.0 * cfg["constraints"]["planck_p_ann_cm3_s_MeV"] * 10.0 / f_eff
    assert A.sigmav_for_line_cm3_s(p, 10.0, J) / sv_cmb == pytest.approx(0.97, rel=0.01)


def test_first_crossing():
    # log-linear crossing of a power law y = (x/10)^2 through 1 is exactly x = 10
    x = np.geomspace(1.0, 100.0, 7)
    assert A.first_crossing(x, (x / 10.0) ** 2) == pytest.approx(10.0, rel=1e-12)
    assert A.first_crossing(x, 0.5 * np.ones_like(x)) is None


def test_r_interval_from_the_dash_pattern(cfg):
    # issue 13 item 6: the paper prints dashes at 5 MeV (rows 1, 2) and at 5 and 7 MeV (row 3); the r
    # interval that gives exactly those dashes is [2 m_e/7, 2 m_e/5) and [2 m_e/10, 2 m_e/7)
    p = cfg["halp2025"]
    masses = p["table_b1"]["m_chi_MeV"]
    me2 = 2 * 0.51099895
    assert A.r_interval_from_dashes(masses, [5.0]) == pytest.approx((me2 / 7, me2 / 5), rel=1e-12)
    assert A.r_interval_from_dashes(masses, [5.0, 7.0]) == pytest.approx((me2 / 10, me2 / 7), rel=1e-12)
    # (whether our rows then show the dashes is true by construction of their r: not tested)


def test_table_b1_row_outside_its_dashes_rejected(cfg):
    bad = copy.deepcopy(cfg)
    bad["halp2025"]["table_b1"]["paper_rows"][2]["r"] = 0.1  # would also dash 10 MeV
    with pytest.raises(mconfig.ConfigError, match="paper_rows"):
        mconfig.validate(bad)


def test_template_ratio_comptel_over_spi(cfg):
    # issue 13 item 3 (audit): the on-the-spot gamma = 1.3 template's mean intensity in |l|<60, |b|<20 is
    # 0.41 x that in |l|<30, |b|<15 (two digits: 1.5 %); a factor-2 region bias would show as 0.2 or 0.8
    assert A.template_intensity_ratio(cfg["halp2025"], 1.3, 60.0, 20.0) == pytest.approx(0.41, rel=0.015)


# ----------------------------------------------------------------------------- figure outputs pinned
# to independent values (issue 24 item 5): a textbook stopping power (Longair, High Energy
# Astrophysics, 3rd ed., Sec. 6.3: ionisation losses in neutral hydrogen and Coulomb losses in a fully
# ionised plasma, relativistic electrons), the ROI solid angle by hand, and a J-factor integrated here
# with numpy over the GC-centred sphere. A mutation of medium.x_ion (1 -> 0), line_flux_roi_ph_cm2_s
# (2e-3 -> 1e-3), f_ps or the halo fails them (docs/reproduction/halp2025.md, "mutation checks").

R_E_CM, C_CM_S, M_E_MEV, KPC_CM = 2.8179403262e-13, 2.99792458e10, 0.51099895, 3.0857e21


def _sigma_dirac(gam):
    """Dirac e+e- -> 2 gamma cross section [cm^2], e- at rest (Heitler)."""
    s = np.sqrt(gam * gam - 1)
    return np.pi * R_E_CM ** 2 / (gam + 1) * ((gam * gam + 4 * gam + 1) / (gam * gam - 1) * np.log(gam + s)
                                               - (gam + 3) / s)


def _one_minus_p_inf_longair(T0_MeV, ionised, n_e_cm3=0.1):
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


@pytest.fixture(scope="module")
def fig1_out(cfg, store):
    p = cfg["halp2025"]
    return A.fig1(store, p, p["fig1"])


@pytest.fixture(scope="module")
def figc1_out(cfg, store):
    p = cfg["halp2025"]
    return A.figc1(store, p, p["figc1"])


def test_fig1_line_intensity_is_the_configured_roi_flux_over_its_solid_angle(fig1_out):
    # |l| < 30, |b| < 15 deg: Omega = 4 (30 deg) sin(15 deg) = 0.54207 sr (by hand); the SPI flux in it
    # 2e-3 ph/cm^2/s (spec §7 choice, the Siegert+2016 ROI flux) -> 3.6896e-3 ph/cm^2/s/sr
    assert fig1_out["numbers"]["line_intensity_ph_cm2_s_sr"] == pytest.approx(2.0e-3 / 0.54207, rel=1e-4)


def test_fig1_ifa_medium_against_a_textbook_stopping_power(cfg, fig1_out):
    """Fig. 1 IfA at 10 MeV (r = 0.2, T <= 4.3 MeV) over the same IfA in neutral H: the ratio of the
    in-flight probabilities, ionised/neutral, at the spectrum's typical T0 = 3 MeV (Longair: 0.374)."""
    p = cfg["halp2025"]
    bg, E = fig1_out["bg"], fig1_out["E"]
    ours = fig1_out["curves"]["IfA_m10"]
    neutral = A.alp_ifa(A.medium(p, x_ion=0.0), E, bg["line"], p, 10.0, float(p["fig1"]["r"]))
    ratio = np.trapezoid(ours, np.log(E)) / np.trapezoid(neutral, np.log(E))
    longair = _one_minus_p_inf_longair(3.0, True) / _one_minus_p_inf_longair(3.0, False)
    assert longair == pytest.approx(0.374, rel=0.01)
    assert 1 / MEDIUM_TOL < ratio / longair < MEDIUM_TOL, (ratio, longair)


def test_figc1_conventional_dm_ifa_medium_against_a_textbook_stopping_power(figc1_out):
    """Fig. C1 left, direct e+e- at 10 MeV (T0 = 9.49 MeV): COMPTEL max ratio in the configured (warm
    ionised) medium over the neutral-H variant = in-flight probability ratio (Longair: 0.405)."""
    d = figc1_out["numbers"]["direct"]["m10"]
    ratio = d["comptel_max_ratio_central"] / d["comptel_max_ratio_central_neutral_variant"]
    longair = _one_minus_p_inf_longair(9.489, True) / _one_minus_p_inf_longair(9.489, False)
    assert 1 / MEDIUM_TOL < ratio / longair < MEDIUM_TOL, (ratio, longair)
    # and the normalisation: the line intensity that scales every IfA curve (2e-3 ph/cm^2/s / 0.54207 sr)
    assert figc1_out["bg"]["line"] == pytest.approx(2.0e-3 / 0.54207, rel=1e-4)


def _j_factor_sphere(gamma, r_s=20.0, R=8.5, rho_local=0.4, L=30.0, B=15.0, n_dir=40000):
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


@pytest.fixture(scope="module")
def j13():
    return _j_factor_sphere(1.3)


def _line_prefactor(sv, m_MeV, f_ps=0.967):
    """sigma v/(4 m^2)/(4 pi) x 3 e+ per annihilation x 2 (1 - 3 f_Ps/4) photons per e+ (Dirac DM)."""
    return sv / (4 * (m_MeV / 1e3) ** 2) / (4 * np.pi) * 3 * 2 * (1 - 0.75 * f_ps)


def test_fig3_line_flux_and_J_against_an_independent_j_factor(cfg, j13):
    """Fig. 3 at gamma = 1.3: our J over |l| < 30, |b| < 15 and the relic-coupling line flux against the
    J integrated here (r_s = 20 kpc, R_sun = 8.5 kpc, rho_local = 0.4 GeV/cm^3, the configured halo)."""
    p = cfg["halp2025"]
    assert (p["halo"]["r_s_kpc"], p["halo"]["R_sun_kpc"], p["halo"]["rho_local_GeV_cm3"]) == (20.0, 8.5, 0.4)
    n = A.fig3(p, p["fig3"])["numbers"]
    assert n["J_roi_gamma1p3"] == pytest.approx(j13, rel=0.03)  # Fibonacci + log-r grid: ~1 %
    flux = n["baseline_line_flux_ph_cm2_s"]["gamma1p3"]
    assert flux == pytest.approx(_line_prefactor(n["sigmav_3a_cm3_s_baseline"], n["m_chi_MeV"]) * j13, rel=0.03)


def test_figd1_line_flux_against_an_independent_j_factor(cfg, j13):
    p = cfg["halp2025"]
    n = A.figd1(p, p["figd1"])["numbers"]
    assert n["gamma"] == 1.3
    e = n["vary_m"]["m10_r0p2"]
    assert e["line_flux_roi_ph_cm2_s"] == pytest.approx(_line_prefactor(e["sigmav_3a_cm3_s"], 10.0) * j13, rel=0.03)
