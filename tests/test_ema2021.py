"""ema2021 figure layer: config checks and the fig3 numbers (spec §1.7-1.9, T11-T14)."""

import copy

import numpy as np
import pytest

import mevdm.configuration as mconfig
from mevdm.core.config import ConfigError
from mevdm.papers.ema2021 import analysis


@pytest.fixture(scope="module")
def config(mirror):
    return mconfig.load(data_mirror=str(mirror))


def test_config_section_valid(config):
    assert "fig3" in config["ema2021"]


@pytest.mark.parametrize("path, value, match", [
    (("fig3", "coann_m_chi_MeV"), 2.0e-3, "delta < M"),
    (("fig2", "m_V_MeV"), 8.0, "must exceed 2 m_chi_max_MeV"),
    (("fig2", "m_chi_min_MeV"), 1.5, "must exceed m_phi_MeV"),
    (("fig1", "m_S_max_MeV"), 3.0, "m_S_min_MeV"),
])
def test_physics_checks(config, path, value, match):
    cfg = copy.deepcopy(config)
    cfg["ema2021"][path[0]][path[1]] = value
    with pytest.raises(ConfigError, match=match):
        mconfig.validate(cfg)


def test_schema_rejects_unknown_shell(config):
    cfg = copy.deepcopy(config)
    cfg["ema2021"]["shells"] = ["5p", "6s"]
    with pytest.raises(ConfigError, match="shells"):
        mconfig.validate(cfg)


def test_essig_set_rejects_shell_it_lacks(config):
    cfg = copy.deepcopy(config)
    cfg["ema2021"]["form_factors"] = "essig2017"  # its tables stop at 3p
    with pytest.raises(ConfigError, match="ema2021.shells.*3s.*essig2017"):
        mconfig.validate(cfg)


def test_checks_shell_sets_match_atomic():
    from mevdm.detectors import atomic
    from mevdm.papers.ema2021 import checks
    assert checks._SET_SHELLS == {"darkarc": atomic.ALL_SHELLS, "essig2017": atomic.ESSIG_SHELLS}


def test_fig3_numbers(config, store):
    n = analysis.fig3(config, store)["numbers"]
    # T11 / T12 (10 %), T13 (30-200 events/(t yr)), T14 (peak 2-3 keV; p-wave below 2 keV)
    assert n["ne0_cm3"] == pytest.approx(6.14e25, rel=0.02)
    assert n["T0_keV"] == pytest.approx(1.335, rel=0.02)
    assert n["vesc0_km_s"] == pytest.approx(1382, rel=0.02)
    assert n["pwave_flux_cm2_s"] == pytest.approx(1.82e4, rel=0.10)
    assert n["pwave_mean_E_keV"] == pytest.approx(0.51, rel=0.10)
    assert n["coann_flux_cm2_s"] == pytest.approx(194, rel=0.10)
    assert n["coann_mean_E_keV"] == pytest.approx(0.85, rel=0.10)
    assert 2.0 <= n["coann_peak_keV"] <= 3.0
    assert 30 < n["coann_rate_1_30keV_per_t_yr"] < 200
    assert n["pwave_peak_below_2keV"] is True
    # paper: the coannihilation benchmark explains the excess, i.e. is not excluded by S1+S2
    assert n["coann_sr1_sigma_lim_cm2"] >= n["coann_sigma_e_cm2"]


# --- fig1 / fig2 numbers against values that do not come from the spec's derivation ---------
# Audit of issue 17 (independent scripts): m_S(sigma_e = 1e-38, M = 2 MeV) = 4.128 MeV,
# delta(tau_2 = 1e9 yr, M = 3 MeV) = 0.795 keV, delta(g_D = 1, M = 3 MeV) = 0.927 keV.
# 0.5 % tolerances: the audit prints 3-4 digits; a factor 2 in sigma_e moves m_S by ~5 %.

def test_fig1_mS_for_sigma_1e38():
    from scipy.optimize import brentq
    from mevdm.models import line511 as model
    mS = brentq(lambda m: model.sigma_e_of_mS_cm2(m, 2.0, 2.2e-25) - 1.0e-38, 4.001, 6.0)
    assert mS == pytest.approx(4.128, rel=5e-3)


def test_fig2_delta_roots():
    from mevdm.core.units import keV
    from mevdm.models import line511 as model

    def gD(d):
        return float(model.coann_solution(np.array(3.0), np.array(d * keV), 2.0, 15.0, 1.1e-3)["g_D"])

    def tau(d):
        sol = model.coann_solution(np.array(3.0), np.array(d * keV), 2.0, 15.0, 1.1e-3)
        return float(model.chi2_lifetime_yr(3.0, d * keV, 15.0, sol["g_D"], sol["eps"]))

    assert analysis._root_delta(lambda d: np.log(tau(d) / 1.0e9)) == pytest.approx(0.795, rel=5e-3)
    assert analysis._root_delta(lambda d: np.log(gD(d))) == pytest.approx(0.927, rel=5e-3)


def test_coann_benchmark_against_paper():
    """sigma_e-bar of the benchmark vs the paper's printed 1.9e-38: a match under the grading
    policy of resources/papers/schema.yaml (plain print: 20 %; a factor 2 fails)."""
    from mevdm.core.units import keV
    from mevdm.models import line511 as model
    from mevdm.scoreboard import load_paper_numbers, policy_grade
    e = {x["id"]: x for x in load_paper_numbers("ema2021")["numbers"]}["coann_benchmark_sigma_e"]
    sol = model.coann_solution(np.array(3.0), np.array(3.0 * keV), 2.0, 15.0, 1.1e-3)
    assert policy_grade(e, float(sol["sigma_e_cm2"])) == "match"
    assert float(sol["sigma_e_cm2"]) == pytest.approx(1.929e-38, rel=0.01)  # issue-17 audit, 4 digits


def test_resonance_ratio_at_thick_line():
    """<sigma v>_GG / <b v^2> at m_S = 4.27 MeV, x = 15: audit 27 (y_D = 3) ... 3000 (y_D = 0.3)."""
    from mevdm.models import line511 as model
    assert model.resonance_ratio(4.27, 2.0, 3.0, 2.2e-25) == pytest.approx(27, rel=0.15)
    assert model.resonance_ratio(4.27, 2.0, 0.3, 2.2e-25) == pytest.approx(3000, rel=0.15)
    assert model.resonance_ratio(4.27, 2.0, 1.0, 2.2e-25) > 10
    # far from the pole only the O(<v^2>) = O(6/x) = 40 % terms the expansion drops remain
    assert 1.0 < model.resonance_ratio(40.0, 2.0, 1.0, 2.2e-25) < 1.4


def test_poisson_upper_limit_textbook():
    """Garwood limits: n = 0 -> -ln(1 - CL) exactly; n = 10 at 90 % -> 15.41 (PDG table 40.3)."""
    from mevdm.detectors.xenon1t_s2only import n_sigma_to_cl, poisson_upper_limit
    assert poisson_upper_limit(0, 0.9) == pytest.approx(2.302585, rel=1e-6)
    assert poisson_upper_limit(0, n_sigma_to_cl(3.0)) == pytest.approx(-np.log(1 - 0.998650), rel=1e-4)
    assert poisson_upper_limit(10, 0.9) == pytest.approx(15.41, rel=1e-3)
    with pytest.raises(ValueError, match="cl"):
        poisson_upper_limit(1, 1.5)


def test_s1s2_limit_allows_thick_line(config, store):
    """Issue 17 acceptance: S1+S2 sigma_lim at M = 2 MeV in 4.0e-38 ... 6.0e-38 cm^2."""
    lim = analysis.sr1_limit(config, store, 2.0, 0.0)
    assert 4.0e-38 <= lim <= 6.0e-38


def test_relic_numbers_against_paper(config, store):
    """Eq. (12)'s right-hand side and x_FO (paper: ~8e-26 cm^3/s, x_FO ~ 15) and the p-wave b
    (2.2e-25 at 2 MeV) from the full Boltzmann solve; values and tolerances from the paper yaml."""
    from mevdm.scoreboard import load_paper_numbers, lookup, policy_grade

    n = analysis.relic_numbers(config, store)
    entries = {e["id"]: e for e in load_paper_numbers("ema2021")["numbers"]}
    for pid in ("pwave_relic_b", "coann_x_fo", "coann_sigmav_fo"):
        e = entries[pid]
        assert policy_grade(e, lookup(n, e["ours"])) == "match", pid
    # the full coannihilation solve needs 15 % more than the print; the paper's footnote-3 doubling
    # of the Majorana value is within 7 % of it (both from the issue-17 audit, 3 digits)
    e = entries["coann_sigmav_fo"]
    assert lookup(n, e["ours"]) == pytest.approx(9.23e-26, rel=0.02)
    assert lookup(n, e["variant"]["path"]) == pytest.approx(8.55e-26, rel=0.02)


@pytest.mark.parametrize("key, value, match", [
    ("coann_delta_keV", 4.0e3, "relic_numbers.coann_delta_keV"),
    ("coann_m_V_MeV", 5.0, "relic_numbers.coann_m_V_MeV"),
])
def test_relic_numbers_checks(config, key, value, match):
    cfg = copy.deepcopy(config)
    cfg["ema2021"]["relic_numbers"][key] = value
    with pytest.raises(ConfigError, match=match):
        mconfig.validate(cfg)


def test_fig2_scan_grid_mismatch_is_an_error(config, store):
    with pytest.raises(KeyError, match="fig2"):
        analysis.scan_chunk(config, store, "nope", slice(0, 1))
    M, d = analysis.fig2_grid(config["ema2021"]["fig2"])
    fake = {"m_chi_MeV": M, "delta_keV": d[:-1], "sigma_lim_cm2": np.zeros((d.size - 1, M.size))}
    with pytest.raises(ValueError, match="do not match the configured grid"):
        analysis.fig2(config, store, fake)
