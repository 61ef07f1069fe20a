"""ema2021 figure layer: config checks and the fig3 numbers (spec §1.7-1.9, T11-T14)."""

import copy

import pytest

import mevdm.core.config as mconfig
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
