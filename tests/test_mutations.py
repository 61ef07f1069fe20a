"""Mutation test (issue 24): for every figure target, one physics input it reads changed as a
careless edit could change it must make the figure's independent pins (tests/figure_pins.py) fail,
while the same pins pass on the default config. Table and how to add a row:
docs/reproduction/mutations.md."""

import pytest

from figure_pins import PINS, compute

# (figure, dotted config key, mutated value, why a careless edit could make it). Every key is one the
# figure declares in its figures.yaml config: list (or one of its scans does).
MUTATIONS = [
    ("halp2025/fig1", "halp2025.medium.x_ion", 0.0, "the neutral-H variant left on (1 -> 0)"),
    ("halp2025/figc1", "halp2025.line_flux_roi_ph_cm2_s", 1.0e-3, "line flux normalisation halved"),
    ("halp2025/fig2", "halp2025.observed_bulge_flux_ph_cm2_s", 1.92e-3, "bulge flux doubled"),
    ("halp2025/fig3", "halp2025.halo.rho_local_GeV_cm3", 0.8, "local density doubled"),
    ("halp2025/figd1", "halp2025.f_ps", 0.5, "positronium fraction 0.967 -> 0.5"),
    ("halp2025/table_b1", "halp2025.relic_convention.dirac_half", False, "Dirac factor 1/2 dropped"),
    ("hooper2008/fig_radiative", "hooper2008.fig_radiative.lambda_uv_GeV", 1.0e10, "Lambda_UV 1e9 -> 1e10 GeV"),
    ("hooper2008/fig_sigmav", "hooper2008.K", 1.0, "Eq. (1) s-wave factor as printed (K = 1)"),
    ("hooper2008/fig_coupling", "hooper2008.v_bulge", 2.2e-3, "bulge velocity doubled"),
    ("jho2020/fig1", "jho2020.solar.flavour_factor", 0.77, "P_ee + P_emu flavour factor on"),
    ("jho2020/fig2", "jho2020.efficiency.baseline", "selection_only", "efficiency without the threshold roll-off"),
    ("jho2020/fig3", "jho2020.efficiency.baseline", "selection_only", "efficiency without the threshold roll-off"),
    ("jho2020/fig4", "jho2020.efficiency.baseline", "selection_only", "efficiency without the threshold roll-off"),
    ("jho2020/ns_heating", "jho2020.ns_heating.rho_local_GeV_cm3", 0.8, "local density doubled"),
    ("jho2020/xenonnt", "jho2020.efficiency.baseline", "selection_only", "efficiency without the threshold roll-off"),
    ("ema2021/relic_numbers", "ema2021.v_bulge", 2.2e-3, "bulge velocity doubled"),
    ("ema2021/fig1", "ema2021.rho_local_GeV_cm3", 0.6, "local density doubled"),
    ("ema2021/fig3", "ema2021.v_dm_km_s", 440.0, "halo DM speed doubled"),
    ("ema2021/xenonnt", "ema2021.rho_local_GeV_cm3", 3.0, "local density 0.3 -> 3 (decimal slip)"),
    ("ema2021/fig2", "ema2021.fig2.m_V_MeV", 30.0, "dark-photon mass doubled"),
    ("jho2020/fig5", "jho2020.boosted.rho_local_GeV_cm3", 0.6, "local density doubled"),
    ("jho2020/fig6", "constraints.g2_delta_ae_max", 2.5e-13, "(g-2)_e bound quartered"),
    ("baryakhtar2020/fig1", "baryakhtar2020.alpha_D", 0.1, "dark coupling 0.5 -> 0.1"),
    ("baryakhtar2020/fig2", "baryakhtar2020.mA_over_mchi", 6.0, "mediator mass ratio doubled"),
    ("baryakhtar2020/fig3", "baryakhtar2020.rho_local_GeV_cm3", 0.6, "local density doubled"),
    ("baryakhtar2020/fig4", "baryakhtar2020.sun.T_keV", 1.0, "solar-core temperature 1.1 -> 1.0 keV"),
    ("baryakhtar2020/fig5", "baryakhtar2020.sun.v_esc_km_s", 3000.0, "solar escape speed doubled"),
    ("baryakhtar2020/fig6", "baryakhtar2020.sun.T_keV", 2.2, "solar-core temperature doubled"),
    ("baryakhtar2020/fig7", "baryakhtar2020.mA_over_mchi", 6.0, "mediator mass ratio doubled"),
    ("baryakhtar2020/xenonnt", "xenonnt.cl", 0.99, "confidence level 90 -> 99 %"),
]

# Config overrides applied to both the default and the mutated run where the pinned numbers do not
# depend on them (smaller grids): keeps the test's CPU small.
_SMALL = {"m_chi_MeV": {"n": 8}, "n_chunks": 1}
REDUCED = {
    "halp2025/fig1": {"halp2025": {"fig1": {"m_chi_MeV": [10.0], "comptel_scan_m_chi_MeV": [10.0, 20.0]}}},
    "halp2025/fig3": {"halp2025": {"fig3": {"gammas": [1.3]}}},
    "halp2025/figd1": {"halp2025": {"figd1": {"r_values": [0.2], "m_chi_values_MeV": [10.0]}}},
    "hooper2008/fig_coupling": {"hooper2008": {"fig_coupling": {"m_chi_MeV": [3.0, 10.0], "n_m_U": 13}}},
    "ema2021/fig2": {"ema2021": {"fig2": {"n_m_chi": 5, "n_delta": 5, "n_chunks": 1}}},
    "jho2020/fig1": {"jho2020": {"fig1": {"n_m_X": 60, "n_g_e": 60}}},  # the minimiser refines the best fit
    "jho2020/fig5": {"jho2020": {"fig5": {"n_m_chi": 6, "n_m_X": 6, "n_chunks": 1}}},
    "jho2020/fig6": {"jho2020": {"fig5": {"n_m_chi": 6, "n_m_X": 6, "n_chunks": 1}}},
    "baryakhtar2020/fig1": {"baryakhtar2020": {"scans": {"malpha": {**_SMALL, "alpha_D": {"n": 4}}}}},
    "baryakhtar2020/fig2": {"baryakhtar2020": {"scans": {"meps": {**_SMALL, "eps": {"n": 4}}}}},
    "baryakhtar2020/fig3": {"baryakhtar2020": {"scans": {"malpha": {**_SMALL, "alpha_D": {"n": 4}}}}},
    "baryakhtar2020/fig6": {"baryakhtar2020": {"scans": {"solar_mdelta": {**_SMALL, "delta_keV": {"n": 4}},
                                                         "solar_mfchi": {**_SMALL, "f_chi": {"n": 4}}}}},
    "baryakhtar2020/fig7": {"baryakhtar2020": {"scans": {"solar_meps": {**_SMALL, "eps": {"n": 4}}}}},
}


def _nested(dotted, value):
    out = value
    for part in reversed(dotted.split(".")):
        out = {part: out}
    return out


def _merge(a, b):
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


IDS = [m[0] for m in MUTATIONS]


def test_every_paper_figure_has_pins_and_one_mutation():
    from mevdm.core.registry import registry

    figures = sorted(f"{k}/{n}" for k, n in registry() if k not in ("all", "validation"))
    assert sorted(PINS) == figures, set(PINS) ^ set(figures)
    assert sorted(IDS) == figures, set(IDS) ^ set(figures)


@pytest.mark.parametrize("figure", sorted(PINS))
def test_pins_hold_on_the_default_config(figure, mirror):
    key, name = figure.split("/")
    PINS[figure](compute(key, name, REDUCED.get(figure, {}), mirror))


@pytest.mark.parametrize("figure,dotted,value,why", MUTATIONS, ids=IDS)
def test_a_mutated_input_fails_a_pin(figure, dotted, value, why, mirror):
    from mevdm.core.registry import scan_spec, spec

    key, name = figure.split("/")
    fs = spec(key, name)  # the figure reads its own keys and, through its scans, theirs
    declared = [*fs.config, *(c for sc in fs.scans for c in scan_spec(key, sc).config)]
    assert any(dotted == c or dotted.startswith(c + ".") for c in declared), \
        f"{dotted} is not declared by {figure} or its scans"
    out = compute(key, name, _merge(REDUCED.get(figure, {}), _nested(dotted, value)), mirror)
    with pytest.raises(AssertionError) as failed:
        PINS[figure](out)
    print(f"{figure}: {dotted} -> {value!r}: {failed.value}")
