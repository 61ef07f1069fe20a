"""baryakhtar2020 overlays, reach numbers and solar normalisation against independent numbers
(paper values from resources/papers/baryakhtar2020.yaml; ldmx_projection/PROVENANCE.md)."""

import copy

import numpy as np
import pytest
from scipy import integrate

from mevdm.astro import solar_upscatter as solar
from mevdm import configuration as mconfig
from mevdm.core.units import C_CM_S, keV
from mevdm.models import inelastic
from mevdm.papers.baryakhtar2020 import analysis as an
from mevdm.scoreboard import load_paper_numbers, policy_grade


@pytest.fixture(scope="module")
def model(mirror, store):
    cfg = copy.deepcopy(mconfig.load(data_mirror=str(mirror)))
    return an.Model(cfg, store)


def paper(id_):
    return next(e for e in load_paper_numbers("baryakhtar2020")["numbers"] if e["id"] == id_)


def test_ldmx_drawn_lies_below_the_pseudo_dirac_thermal_target(model, store):
    # the paper: LDMX probes the entire (m_chi, delta) plane of Fig. 6 (m_chi = 1-30 MeV)
    m = np.geomspace(1.0, 30.0, 40)
    curve = an.limit_curves(model, store, [an.LDMX_DRAWN])[an.LDMX_DRAWN]
    ratio = an.eps_limit_on(curve, m) / model.thermal_eps(m, model.alpha_D)
    assert np.all(ratio < 1)
    # PROVENANCE: Phase 2 at 0.08-0.4 of the pseudo-Dirac y target -> eps ratio 0.28-0.63 (ours 0.25-0.33)
    assert np.all((ratio**2 > 0.04) & (ratio**2 < 0.4))


def test_ldmx_phase1_does_not_reach_the_target(model, store):
    # PROVENANCE item 2: Phase 1 lies 1.3-3x above pseudo-Dirac in y at 1-30 MeV (never below)
    m = np.geomspace(1.0, 30.0, 40)
    curve = an.limit_curves(model, store, [an.LDMX_PHASE1])[an.LDMX_PHASE1]
    ratio = an.eps_limit_on(curve, m) / model.thermal_eps(m, model.alpha_D)
    assert np.median(ratio) > 1


def test_ldmx_file_is_the_phase2_y_column(model, store):
    # PROVENANCE item 1: y = eps^2 alpha_D / 81 at m_chi = m_A'/3 with eps^2 of the verbatim file
    raw = np.loadtxt(store.path("ldmx_projection/Phase2AlReach0p5_mA_vs_epsilon_Red.dat"))
    from mevdm.constraints import library
    curve = library(store=store, config=model.config).get(an.LDMX_DRAWN).curve("dark_photon")
    eps = np.exp(np.interp(np.log(raw[:, 0] * 1e3), np.log(curve.mass_MeV), np.log(curve.coupling)))
    np.testing.assert_allclose(eps**2, raw[:, 1], rtol=1e-6)  # the recast m_A' = 3 m_chi undoes the table


def test_belle2_present_above_60MeV_in_alpha_plane(model, store):
    m = np.array([80.0, 100.0, 300.0, 1000.0])
    curve = an.limit_curves(model, store, ["BelleII_projection"])["BelleII_projection"]
    a = an.alpha_limit(model, curve, m)
    assert np.all(np.isfinite(a) & (a > 1e-2))  # reaches the alpha_D range the paper says


def test_flux_averaged_downscatter_ratio_by_direct_integration(model):
    # <sigma_down>/sigma_e = <F(v)> over the chi* spectrum, F(v) = sqrt(1 + 2 delta/(mu v^2)), by direct
    # quadrature of Eq. 4.2; the full recoil calculation (eta = 1) must carry exactly this
    # enhancement: R_full / (N_T Phi sigma_e) = <F> (7.05), not F(<v^2>) of Eq. 4.12 (6.05)
    m, d, T = 3.7, 3.5 * keV, model.sun.T_MeV
    mu = float(inelastic.reduced_mass_e(m))
    K = np.geomspace(1e-6, 5.0, 40000) * keV
    w = solar.flux_spectrum(K, m, d, 1.0, model.sun)
    Fv = np.sqrt(1 + 2 * d / (mu * 2 * K / m))
    F_avg = integrate.trapezoid(w * Fv, K) / integrate.trapezoid(w, K)
    r = an.fig5_spectra(model, model.paper["fig5"], 8.5, 7.0)
    implied = r["rate_solar_eta1_per_t_yr"] / r["rate_solar_eq4_15_per_t_yr"] * r["F_eq4_12"]
    assert implied == pytest.approx(F_avg, rel=0.01)
    assert F_avg > 1.1 * solar.enhancement_F(m, d, T)  # Jensen: <F(v)> > F(<v^2>)


def test_x_parameter_and_upscatter_rate_at_benchmark(model):
    # <sigma v>_up/(sigma_e c) = 3.947e-3 (independent audit MC, issue 18); x = m_e delta/(2 mu T) enters
    # it through exp(-x) (the by-hand x was the same expression as solar.x_parameter: removed)
    m, d, T = 3.7, 3.5 * keV, model.sun.T_MeV
    assert solar.sigmav_up(1.0, m, d, T) / C_CM_S == pytest.approx(3.947e-3, rel=2e-3)


def test_fig5_variants_reproduce_the_paper_60(model):
    p = model.paper["fig5"]
    args = (paper("f_eq4_16")["paper_value"], paper("v_esc_over_v0_eq4_16")["paper_value"])
    r_old = an.fig5_spectra(an.old_thermal(model), p, *args)  # sigma v at s = 4 m^2 (the paper's?)
    r = an.fig5_spectra(model, p, *args)  # thermally averaged target (issue 18 item 3)
    e = paper("rate_solar_benchmark")
    # only the analytic Eq. 4.15 with the printed F = 8.0, v_esc/v0 = 7, eta = 1 and the s = 4 m^2
    # target reaches 'approximately 60' (the yaml's hypothesis variant); the full calculation misses
    assert policy_grade(e, r_old["rate_eq4_15_printed_F_per_t_yr"]) == "match"
    assert policy_grade(e, r["rate_solar_per_t_yr"]) == "miss"
    # the full calculation does not (40-48 at s = 4 m^2; the averaged target is 9% lower in
    # sigma_e, 17% in the rate: 33-40)
    assert 38 < r_old["rate_solar_per_t_yr"] < r_old["rate_solar_eta1_per_t_yr"] < 50
    assert 31 < r["rate_solar_per_t_yr"] < r["rate_solar_eta1_per_t_yr"] < 42
    # (rate ratio = sigma_e ratio squared held by construction, rate = unit rate x sigma_e^2: removed)


def test_reach_numbers(model):
    m = np.geomspace(1.0, 30.0, 60)
    d = np.geomspace(0.5, 20.0, 30)
    rate = np.array([an.solar_unit_rate(m, dd * keV, model.xe, model.sun, model.rho_local_GeV_cm3,
                                        model.n_K) for dd in d]).T * model.thermal_sigma_e(m)[:, None] ** 2
    out = an.fig6_reach(model, {"m_chi_MeV": m, "y": d, "rate": rate}, model.paper["fig6"])
    for key, id_ in (("reach_m_R1_MeV", "reach_m_r1"), ("reach_delta_R1_keV", "reach_delta_r1"),
                     ("reach_m_fchi0p01_MeV", "reach_fchi0p01")):
        assert policy_grade(paper(id_), out[key]) == "match", key
    assert out["reach_m_R100_MeV"] <= paper("reach_m_r100")["paper_value"]


def test_alpha_bound_at_10MeV_below_paper_statement(model, store):
    # "current bounds are limited to alpha_D <~ 1e-2" for m >~ 10 MeV
    a = an.alpha_bound(model, store, np.array([10.0, 30.0, 100.0]))
    assert np.all(a < paper("alphad_bound_10mev")["paper_value"])
    assert np.all(a > 1e-3)
