"""jho2020 fits, p-values, neutron-star capture and config (spec B1, B4, C #13-19)."""

import copy

import numpy as np
import pytest
import yaml

from mevdm import configuration as mconfig
from mevdm.detectors import fits
from mevdm.astro import neutron_star as ns
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.papers.jho2020 import analysis as fj
from mevdm.scoreboard import load_paper_numbers

PAPER = {e["id"]: e.get("paper_value") for e in load_paper_numbers("jho2020")["numbers"]}


@pytest.fixture(scope="module")
def det(store):
    return Xenon1TSR1.load(store)


def test_chi2_quadratic_matches_detector(det):
    rng = np.random.default_rng(0)
    templates = rng.uniform(0, 5, (3, 4, det.bin_centres_keV.size))
    q = fits.Chi2Quadratic.from_templates(det, templates)
    scales = np.array([0.0, 0.3, 2.0])
    chi = q.chi2(scales)
    for i, j, k in [(0, 0, 0), (1, 2, 1), (2, 3, 2)]:
        assert chi[i, j, k] == pytest.approx(det.chi2(scales[k] * templates[i, j]), rel=1e-12)
    c = q.best_scale()
    assert np.all(c >= 0)
    # the analytic minimum is a minimum
    assert np.all(q.chi2_min() <= q.chi2(np.array([0.5, 1.0, 1.5])).min(axis=-1) + 1e-12)


def test_chi2_b0_close_to_paper(det):
    # spec B1 OPEN: reproduce 46.49 within 0.5 (we get 46.90 from the released B0 per bin)
    assert det.chi2() == pytest.approx(PAPER["chi2_b0"], abs=0.5)


@pytest.mark.parametrize("dchi2,k,p", [(4.46, 2, 0.108), (3.67, 2, 0.160), (4.68, 3, 0.197)])
def test_p_values_spec_16(dchi2, k, p):
    # spec C #16: p = P(chi^2_k > Delta chi^2), tolerance 0.005
    assert fits.fit_summary(46.49, 46.49 - dchi2, k)["p_value"] == pytest.approx(p, abs=0.005)


def test_significance_convention():
    # Phi^-1(1 - p/2): p = 0.108 -> 1.61 sigma (spec B1; paper quotes 1.64 for p = 0.109)
    assert fits.significance(0.108) == pytest.approx(1.61, abs=0.01)


def test_minimiser_finds_known_minimum():
    f = lambda x: (np.log10(x[0]) + 2.3) ** 2 + (np.log10(x[1]) - 0.7) ** 2 + 40.0  # noqa: E731
    x, fmin, _ = fits.minimise_log(f, [1e-2, 1.0], [[1e-4, 1.0], [1e-2, 1e2]])
    assert np.allclose(np.log10(x), [-2.3, 0.7], atol=1e-3) and fmin == pytest.approx(40.0, abs=1e-6)


def test_profile():
    a = np.arange(24.0).reshape(2, 3, 4)
    assert np.array_equal(fits.profile(a, (0, 2)), a.min(axis=1))


def test_ns_geometric_and_critical_against_the_paper():
    # the paper's Eq. 11 rates and sigma_crit (2-digit prints: 5 %, 10 % for the 1-digit one)
    assert ns.c_geom_s(1.43, 0.4) == pytest.approx(PAPER["ns_c_geom_best"], rel=0.05)
    assert ns.c_geom_s(1e-4, 0.4) == pytest.approx(PAPER["ns_c_geom_extreme"], rel=0.05)
    assert ns.sigma_crit_cm2() == pytest.approx(PAPER["ns_sigma_crit"], rel=0.10)
    assert ns.n_electrons() == pytest.approx(9.0e55, rel=0.02)


def test_ns_capture_spec_19():
    # spec [computed]: sigma_tot = 5.5e-31 cm^2, C_c/xi = 3.1e41 /s (10 %); with our xi
    # convention C_c is within x10 of the paper's 9.5e37 and >= 1e8 C_geom (acceptance of B4)
    assert ns.sigma_tot_cm2(1.43, 0.16, 3.79e-3) == pytest.approx(5.5e-31, rel=0.1)
    per_xi = ns.capture_rate_s(1.43, 0.16, 3.79e-3, 1.0)
    assert per_xi == pytest.approx(3.1e41, rel=0.1)
    c = per_xi * ns.pauli_xi(1.43, 0.16)
    paper_c = PAPER["ns_c_capture_best"]
    assert paper_c / 10 < c < paper_c * 10 and c > 1e8 * ns.c_geom_s(1.43, 0.4)
    c_ext = ns.capture_rate_s(1e-4, 0.03, 1e-3, ns.pauli_xi(1e-4, 0.03))
    paper_ext = PAPER["ns_c_capture_extreme"]
    assert paper_ext / 10 < c_ext < paper_ext * 10 and c_ext > ns.c_geom_s(1e-4, 0.4)


def test_ns_bad_inputs():
    with pytest.raises(ValueError, match="v_esc_c"):
        ns.dm_kinetic_energy_MeV(1.0, 1.2)
    with pytest.raises(ValueError, match="convention"):
        ns.pauli_xi(1.0, 0.1, "bogus")
    with pytest.raises(ValueError, match="xi_fixed"):
        ns.pauli_xi(1.0, 0.1, "fixed")


def test_scenario1_best_fit_near_paper(det, store):
    # spec C #13: our best fit lands within x1.5 of the paper's (m_X, g_e); the chi^2 gap is
    # reported in docs/reproduction/jho2020.md, not tested against 42.03
    cfg = mconfig.validate(_cfg())["jho2020"]
    kr = fj.recoil_grid_keV(cfg)
    nux = fj.solar_model(cfg, store, kr)
    mx = np.geomspace(1e-3, 1.0, 120)
    q = fits.Chi2Quadratic.from_templates(det, fits.LogLogFolder(det, kr).fold(nux.rate_grid(mx)))
    i = int(np.argmin(q.chi2_min()))
    m_p, g_p = PAPER["s1_best_mx"] * 1e-3, PAPER["s1_best_ge"]
    assert m_p / 1.5 < mx[i] < m_p * 1.5
    assert g_p / 1.5 < q.best_scale()[i] ** 0.25 < g_p * 1.5
    assert q.chi2_min()[i] < det.chi2() - 2.0  # the excess is fitted


def _cfg():
    cfg = yaml.safe_load(open(mconfig.CONFIG_DIR / "config.yaml"))
    cfg["data_mirror"] = None
    return cfg


def test_config_valid_and_rejects_bad_values():
    mconfig.validate(_cfg())
    bad = _cfg()
    bad["jho2020"]["boosted"]["d_eff_kpc"] = -1.0
    with pytest.raises(mconfig.ConfigError, match="d_eff_kpc"):
        mconfig.validate(bad)
    bad = _cfg()
    bad["jho2020"]["fig5"]["m_X_MeV"] = [10.0, 1.0e-3]
    with pytest.raises(mconfig.ConfigError, match="low < high"):
        mconfig.validate(bad)
    bad = copy.deepcopy(_cfg())
    bad["jho2020"]["ns_heating"]["xi_convention"] = "fixed"
    with pytest.raises(mconfig.ConfigError, match="xi_fixed"):
        mconfig.validate(bad)
