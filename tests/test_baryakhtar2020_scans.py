"""Rate maps of baryakhtar2020 figs 1-3, 6, 7 (mevdm.papers.baryakhtar2020.analysis; spec A4, A5, A8)."""

import copy
import os
import tempfile

import numpy as np
import pytest

from mevdm import scans
from mevdm import configuration as mconfig
from mevdm.papers.baryakhtar2020 import analysis as sc
from mevdm.core.config import ConfigError
from mevdm.models import inelastic
from mevdm.core.units import keV

SMALL = {
    "malpha": {"m_chi_MeV": {"min": 3.0, "max": 300.0, "n": 3},
               "alpha_D": {"min": 0.5, "max": 1.0, "n": 2}, "delta_keV": [3.0], "n_chunks": 2},
    "meps": {"m_chi_MeV": {"min": 3.0, "max": 30.0, "n": 2},
             "eps": {"min": 1.0e-5, "max": 1.0e-4, "n": 2}, "delta_keV": [3.0], "n_chunks": 1},
    "solar_mdelta": {"m_chi_MeV": {"min": 3.7, "max": 10.0, "n": 2},
                     "delta_keV": {"min": 1.0, "max": 3.5, "n": 2}, "n_chunks": 1},
    "solar_mfchi": {"m_chi_MeV": {"min": 3.7, "max": 10.0, "n": 2},
                    "f_chi": {"min": 0.1, "max": 1.0, "n": 2}, "delta_keV": [3.5], "n_chunks": 1},
    "solar_meps": {"m_chi_MeV": {"min": 3.7, "max": 10.0, "n": 2},
                   "eps": {"min": 1.0e-6, "max": 1.0e-5, "n": 2}, "delta_keV": [3.5, 3.0],
                   "n_chunks": 1},
}


@pytest.fixture(scope="module")
def cfg(mirror):
    c = mconfig.load(data_mirror=str(mirror))
    c = copy.deepcopy(c)
    c["baryakhtar2020"]["scans"] = copy.deepcopy(SMALL)
    return c


@pytest.fixture(scope="module")
def ctx(cfg, store):
    return sc.ScanContext(cfg, store)


def chunk(c, name, i):
    """Chunk i of a configured scan, as the scan_chunk job computes it."""
    spec = c.paper["scans"][name]
    return sc.run_chunk(c, name, scans.chunk_slice(spec["m_chi_MeV"]["n"], spec["n_chunks"], i))




@pytest.mark.parametrize("edit, match", [
    (lambda s: s["malpha"]["m_chi_MeV"].update(n=0), "n >= 2|minimum"),
    (lambda s: s["malpha"]["alpha_D"].update(max=15.0), "4 pi"),
    (lambda s: s["meps"].update(delta_keV=[5000.0]), "delta"),
    (lambda s: s["solar_mdelta"]["delta_keV"].update(max=2000.0), "delta|2 m_e"),
    (lambda s: s["meps"].update(n_chunks=3), "n_chunks"),
    (lambda s: s["meps"]["eps"].update(min=1.0e-3, max=1.0e-4), "min < max"),
])
def test_bad_grids_stop_before_any_job(cfg, edit, match):
    bad = copy.deepcopy(cfg)
    edit(bad["baryakhtar2020"]["scans"])
    with pytest.raises(ConfigError, match=match):
        mconfig.validate(bad)


def test_eq_3_11_normalisation(ctx):
    # f* = 1, delta = 1 keV, y = 1e-10, m = 100 MeV, eta = 1: 7.8e5 /(t yr) (spec C#8; paper ~1e6)
    eps = np.sqrt(1e-10 / 0.5) * 9
    se = inelastic.sigma_e_cm2(100.0, eps, 0.5, 300.0)
    r = sc.primordial_unit_rate(100.0, 1 * keV, ctx.xe, ctx.halo, efficiency=False)[0] * se
    assert r == pytest.approx(7.8e5, rel=0.03)


def test_primordial_efficiency_at_the_line(ctx):
    # line at mu delta/m_e ~ 2.56 keV (m = 3 MeV, delta = 3 keV) where eta ~ 0.83-0.86
    eff = (sc.primordial_unit_rate(3.0, 3 * keV, ctx.xe, ctx.halo)
           / sc.primordial_unit_rate(3.0, 3 * keV, ctx.xe, ctx.halo, efficiency=False))
    assert 0.8 < eff[0] < 0.87


def test_solar_unit_rate_reproduces_the_fig5_benchmark(ctx):
    # m = 3.7 MeV, delta = 3.5 keV, thermal sigma_e: 39.5 /(t yr) after smearing and eta (spec A5,
    # computed with sigma v at s = 4 m^2: the s4m2 variant; paper ~60, factor 1.6); 3%: our relic
    # sigma v vs the spec table
    se = ctx.variant(average="s4m2", r_ratio="vmd").thermal_sigma_e(3.7)
    r = sc.solar_unit_rate(3.7, 3.5 * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K)[0] * se**2
    assert r == pytest.approx(39.5, rel=0.03)


def test_primordial_rates_on_the_thermal_line(ctx):
    # spec A4 [computed] (leptons only, sigma v at s = 4 m^2, f* recipe (a)): 43, 99, 66 /(t yr) at 3, 30, 300 MeV;
    # the spec's factor-10 tolerance is loose: ours must agree to 10%
    ctx_l = ctx.variant(hadrons=False, average="s4m2")  # the spec's treatment: s = 4 m^2, leptons
    out = chunk(ctx_l, "malpha", 0)  # rows m = 3, 30 MeV
    out2 = chunk(ctx_l, "malpha", 1)  # row m = 300 MeV
    rate = np.concatenate([out["rate_semi"][:, 0, 0], out2["rate_semi"][:, 0, 0]])
    np.testing.assert_allclose(rate, [43, 99, 66], rtol=0.1)
    # alpha_D = 1: 11, 26, 19 (spec) -> hadrons off, 10% tolerance on the first two
    np.testing.assert_allclose(out["rate_semi"][:, 0, 1], [11, 26], rtol=0.1)


def test_merge_of_chunks_equals_the_single_job(cfg, store):
    one = copy.deepcopy(cfg)
    one["baryakhtar2020"]["scans"]["malpha"]["n_chunks"] = 1
    c1 = sc.ScanContext(one, store)
    full = chunk(c1, "malpha", 0)
    c2 = sc.ScanContext(cfg, store)
    parts = [chunk(c2, "malpha", i) for i in range(2)]
    with tempfile.TemporaryDirectory() as d:
        paths = [os.path.join(d, f"c{i}.npz") for i in range(2)]
        for p, a in zip(paths, parts):
            scans.write_chunk(a, p)
        merged = scans.merge_chunks(paths, shared=("y", "delta_keV"))
    for k in ("fstar_semi", "rate_semi", "eps", "m_chi_MeV"):
        np.testing.assert_allclose(merged[k], full[k], rtol=1e-12)
    np.testing.assert_array_equal(merged["y"], full["y"])  # axes stored once


def test_solar_scalings(ctx):
    # fig 6 right: R ~ rho_chi sigma_e^2 with sigma v_th ~ 1/f_chi (x log corrections): R(0.1)/R(1) = 10 (1 + ln 10/x_f)^2 ~ 13-15
    f = chunk(ctx, "solar_mfchi", 0)["rate"]
    assert np.all((f[:, 0] / f[:, 1] > 10) & (f[:, 0] / f[:, 1] < 16))
    e = chunk(ctx, "solar_meps", 0)
    # thermal line: larger delta in the Boltzmann tail lowers the rate; delta 3 vs 3.5 keV
    assert np.all(e["rate_thermal"][:, 1] > e["rate_thermal"][:, 0])
    # fig 6 left at the benchmark equals the solar_meps thermal value (same physics, two scans)
    d = chunk(ctx, "solar_mdelta", 0)
    assert d["rate"][0, 1] == pytest.approx(e["rate_thermal"][0, 0], rel=1e-10)
