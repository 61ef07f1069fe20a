"""Bad input gets a clear error before any job (issue: reliability): generated config cases
(every numeric setting made NaN, infinite or text), deleted sections, physics cross-checks, a
wrong data mirror, and bad library arguments — each error names the key or argument."""

import copy
import re
import math

import numpy as np
import pytest
import yaml

from mevdm import configuration as mconfig
from mevdm.core.config import ConfigError
from mevdm.core.paths import CONFIG_DIR


_BASE = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text())


def _base():
    return copy.deepcopy(_BASE)


def _numeric_leaves(node, path=()):
    """(path, value) of every number in the config (list elements: their first element)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _numeric_leaves(v, (*path, k))
    elif isinstance(node, list) and node and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                  for v in node):
        yield (*path, 0), node[0]
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


LEAVES = [p for p, _ in _numeric_leaves(_base())]
BAD_VALUES = {"nan": math.nan, "inf": math.inf, "text": "ten"}


def _set(cfg, path, value):
    node = cfg
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return cfg


def _key(path):
    return ".".join(str(p) for p in path if not isinstance(p, int))


@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
@pytest.mark.parametrize("path", LEAVES, ids=[".".join(map(str, p)) for p in LEAVES])
def test_every_numeric_setting_refuses_nan_inf_and_text_naming_its_key(path, kind):
    cfg = _set(_base(), path, BAD_VALUES[kind])
    with pytest.raises(ConfigError) as err:
        mconfig.validate(cfg)
    assert _key(path) in str(err.value).replace("[0]", "").replace(".0:", ":").replace(".0 ", " ")


def test_the_generated_cases_are_many():
    assert len(LEAVES) * len(BAD_VALUES) >= 150


@pytest.mark.parametrize("section", ["xenon1t", "ema2021", "halp2025", "hooper2008",
                                     "baryakhtar2020", "jho2020", "relic", "constraints"])
def test_a_deleted_section_is_named(section):
    cfg = _base()
    del cfg[section]
    with pytest.raises(ConfigError, match=section):
        mconfig.validate(cfg)


def test_an_unknown_key_is_named():
    cfg = _base()
    cfg["jho2020"]["not_a_setting"] = 1
    with pytest.raises(ConfigError, match="not_a_setting"):
        mconfig.validate(cfg)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("data_cache: .c\nfigures: {a: [b]\nxenon1t: 1\n")
    with pytest.raises(ConfigError, match=r"c\.yaml:\d+:\d+: invalid YAML"):
        mconfig.read_yaml(bad)


@pytest.mark.parametrize("mirror, message", [("/nonexistent/mirror", "does not exist"),
                                             ("/etc", "holds none of the registry")])
def test_a_wrong_mirror_is_refused_before_any_file_is_read(mirror, message):
    cfg = _base()
    cfg["data_mirror"] = mirror
    with pytest.raises(ConfigError, match=message):
        mconfig.validate(cfg)


def test_yte_templating_is_refused():
    cfg = _base()
    cfg["__use_yte__"] = True
    with pytest.raises(ConfigError, match="__use_yte__"):
        mconfig.validate(cfg)


# --------------------------------------------------------------------------- library calls
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mevdm.detectors import fits  # noqa: E402
from mevdm.detectors.xenon1t import Xenon1TSR1, p_value  # noqa: E402
from mevdm.early import relic  # noqa: E402


@pytest.fixture(scope="module")
def xe(store):
    return Xenon1TSR1.load(store)


@pytest.mark.parametrize("kwargs, argument", [
    ({"fine_bin_keV": -0.02}, "fine_bin_keV"), ({"fine_bin_keV": 0.0}, "fine_bin_keV"),
    ({"fine_bin_keV": math.nan}, "fine_bin_keV"), ({"resolution_a_sqrt_keV": -0.3}, "resolution_a_sqrt_keV"),
    ({"resolution_b": math.inf}, "resolution_b"), ({"true_energy_max_keV": 10.0}, "true_energy_max_keV"),
    ({"resolution_a_sqrt_keV": 0.0, "resolution_b": 0.0}, "resolution"),
    ({"efficiency": "perfect"}, "efficiency"),
])
def test_detector_load_refuses_bad_arguments(store, kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        Xenon1TSR1.load(store, **kwargs)


def test_folding_refuses_what_would_give_nan_or_garbage(xe):
    n = xe.true_centres_keV.size
    bad_spectra = [np.full(n, np.nan), np.r_[np.ones(n - 1), np.nan], -np.ones(n), np.ones(n + 1)]
    for spectrum in bad_spectra:
        with pytest.raises(ValueError, match="dRdE"):
            xe.fold(spectrum)
    with pytest.raises(ValueError, match="cell_rates"):
        xe.fold_cells(np.ones(3))
    with pytest.raises(ValueError, match="energy_keV"):
        xe.fold_line(1e6, 10.0)  # was a total rate of -19.8
    with pytest.raises(ValueError, match="rate_per_t_yr"):
        xe.fold_line(5.0, -1.0)
    with pytest.raises(ValueError, match="signal_rate"):
        xe.chi2(np.ones(5))
    with pytest.raises(ValueError, match="background_rate"):
        xe.chi2(0.0, background_rate=np.full(29, np.nan))


@pytest.mark.parametrize("call, argument", [
    (lambda: p_value(math.nan, 2), "delta_chi2"), (lambda: p_value(3.0, 0), "n_params"),
    (lambda: fits.significance(2.0), "p"), (lambda: fits.significance(0.0), "p"),
    (lambda: fits.significance(math.nan), "p"),
    (lambda: relic.thermal_average_gg(lambda s: 1e-10 + 0 * s, -1.0, 20.0), "m_MeV"),
    (lambda: relic.thermal_average_gg(lambda s: 1e-10 + 0 * s, 10.0, 0.0), "x"),
    (lambda: relic.thermal_average_gg(lambda s: np.nan * s, 10.0, 20.0), "sigma_inv_MeV2"),
    (lambda: relic.omega_h2(-1.0, 3e-26), "m_MeV"), (lambda: relic.omega_h2(10.0, math.nan), "sigmav_a"),
    (lambda: relic.omega_h2(10.0, 3e-26, xi=2.0), "xi"),
])
def test_library_functions_name_the_bad_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_a_limit_file_with_a_nan_confidence_level_is_refused(tmp_path):
    from mevdm.constraints import LimitFileError, load_limit_file
    from mevdm.core.paths import RESOURCES_DIR

    text = (RESOURCES_DIR / "constraints" / "NA64_2019.yaml").read_text()
    bad = tmp_path / "NA64_2019.yaml"
    bad.write_text(re.sub(r"confidence_level: .*", "confidence_level: .nan", text))
    with pytest.raises(LimitFileError, match="confidence_level"):
        load_limit_file(bad)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.floats(0, 100), b=st.floats(0, 100), seed=st.integers(0, 2**16))
def test_folding_is_linear_and_keeps_rates_non_negative(xe, a, b, seed):
    rng = np.random.default_rng(seed)
    f, g = rng.uniform(0, 5, (2, xe.true_centres_keV.size))
    np.testing.assert_allclose(xe.fold(a * f + b * g), a * xe.fold(f) + b * xe.fold(g),
                               rtol=1e-12, atol=1e-12)
    assert np.all(xe.fold(f) >= 0) and np.all(np.isfinite(xe.fold(f)))


@settings(max_examples=20, deadline=None)
@given(m=st.floats(0.5, 50.0), delta_keV=st.floats(0.5, 20.0))
def test_solar_rates_are_finite_and_non_negative_over_the_allowed_box(m, delta_keV):
    from mevdm.astro import solar_upscatter as solar
    from mevdm.core.units import keV

    sun = solar.SolarCore()
    K = solar.K_grid(m, delta_keV * keV, sun.T_MeV, 200)
    flux = solar.flux_spectrum(K, m, delta_keV * keV, 1e-38, sun)
    assert np.all(np.isfinite(flux)) and np.all(flux >= 0)


# --------------------------------------------------------------------------- the audit's cases
def _with(path, value):
    cfg = _base()
    return _set(cfg, path, value)


@pytest.mark.parametrize("path, value, key", [
    (("jho2020", "fig1", "m_X_keV"), [10000.0, 1.0], "m_X_keV"),            # reversed range
    (("jho2020", "fig5", "m_chi_MeV"), [100.0, 1e-4], "m_chi_MeV"),
    (("hooper2008", "fig_coupling", "m_U_min_MeV"), 200.0, "m_U_min_MeV"),
    (("relic", "validation", "m_min_MeV"), 2000.0, "m_min_MeV"),
    (("ema2021", "fig1", "m_S_min_MeV"), 6.0, "m_S_min_MeV"),
    (("halp2025", "fig2", "m_chi_min_MeV"), 50.0, "m_chi_min_MeV"),
    (("jho2020", "fig5", "n_chunks"), 1000, "n_chunks"),                    # 1000 chunks, 100 rows
    (("jho2020", "ns_heating", "xi_convention"), "fixed", "xi_fixed"),      # a missing xi_fixed
    (("halp2025", "fig2", "r"), 0.9, "r"),                                   # chi chibar -> 3a closed
])
def test_the_audits_cross_field_cases_are_refused(path, value, key):
    with pytest.raises(ConfigError, match=key):
        mconfig.validate(_with(path, value))


def test_splitting_at_or_above_the_mass_is_refused():
    cfg = _base()
    ema = cfg["ema2021"]["fig3"]
    keys = [k for k in ema if "delta_keV" in k]
    assert keys, "ema2021.fig3 has a splitting"
    mass_key = [k for k in ema if k.startswith("coann_m_chi")][0]
    ema[keys[0]] = ema[mass_key] * 1e3 * 1.01  # delta >= M
    with pytest.raises(ConfigError, match=keys[0]):
        mconfig.validate(cfg)
