"""XENONnT SR0 detector and likelihoods against the collaboration's published numbers
(PRL 129 (2022) 161805, arXiv:2207.11330) and XENON1T's magnetic-moment interval through our XENON1T
pipeline (PRD 102 (2020) 072004, arXiv:2006.09721)."""

import numpy as np
import pytest
import yaml

from mevdm.astro.neutrino import load_solar_flux
from mevdm.core.paths import RESOURCES_DIR
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.xenonnt import (BACKGROUND_PRIOR_SIGMA, BACKGROUND_RATE, EXPOSURE_T_YR, RESOLUTIONS,
                                     XenonNTSR0)
from mevdm.models.neutrino_magnetic_moment import mu_nu_interval, z_eff
from mevdm.scoreboard import quoted_numbers, states_number

# the collaborations' statements, verbatim with their place and url (the pinned numbers are parsed
# from these quotes, so the transcription and the quote cannot drift apart)
SR0_REFS = yaml.safe_load((RESOURCES_DIR / "references" / "xenonnt_sr0.yaml").read_text())


@pytest.fixture(scope="module")
def nt(store):
    return XenonNTSR0.load(store)


@pytest.fixture(scope="module")
def flux_pp_be7(store):
    # "solar pp + 7Be neutrinos" of both collaborations' magnetic-moment signal
    return load_solar_flux(store, sources=("pp", "7Be"))


def test_events_and_B0_only_expectation(nt, store):
    # The release readme (the collaboration's words, read from the mirrored file itself): "The total
    # number of events is 433."
    readme = SR0_REFS["release_readme"]
    assert readme["quote_events"] in " ".join(store.path("xenonnt_sr0_er/readme.txt").read_text().split())
    assert quoted_numbers(readme["quote_events"]) == [nt.events_keV.size] == [nt.observed_counts.sum()]
    # Exposure, published abstract: "With an exposure of 1.16 ton-years"
    assert states_number(SR0_REFS["abstract_prl"]["quote"], EXPOSURE_T_YR) and nt.exposure_t_yr == EXPOSURE_T_YR
    # Ours, not the Letter's (mirror PROVENANCE, B0 x 1.16 t yr): 426.5 expected in 1-30 keV, 114.6
    # vs 106 observed in 1-10 keV.  0.3 events: the released 0.1-keV grid summed exactly; a wrong
    # exposure (1.16 vs e.g. 1.1) or a 1-keV bin slip moves these by > 5 events.
    assert nt.b0_counts.sum() == pytest.approx(426.5, abs=0.3)
    assert nt.b0_counts[:9].sum() == pytest.approx(114.6, abs=0.3)
    assert nt.observed_counts[:9].sum() == 106


def test_efficiency_corrected_background_is_the_abstracts(nt):
    # Published abstract: "reduced the background in the (1, 30) keV search region to (15.8±1.3)
    # events/(ton×year×keV)": the released B0 (efficiency-weighted) divided by the released
    # efficiency, averaged over 1-30 keV; an independent check of the B0 and efficiency reading
    # (B0 alone averages 12.7: forgetting the efficiency is off by 3 sigma).
    quote = SR0_REFS["abstract_prl"]["quote"]
    assert "(15.8±1.3) events/(ton×year×keV)" in quote and BACKGROUND_RATE == (15.8, 1.3)
    e = nt.fine_centres_keV
    rate = np.mean(nt.b0_fine_rate / nt.efficiency(e))
    assert rate == pytest.approx(BACKGROUND_RATE[0], abs=BACKGROUND_RATE[1])
    assert BACKGROUND_PRIOR_SIGMA == pytest.approx(1.3 / 15.8)


def test_flat_spectrum_folds_to_the_efficiency_integral(nt):
    # sum over bins of a folded flat 1/(t yr keV) = int_1^30 eta(E') dE' up to resolution spill at the
    # ROI edges (< 1 %); the binned and unbinned (0.1-keV) responses agree
    grid = np.linspace(1.0, 30.0, 3001)
    expected = np.trapezoid(nt.efficiency(grid), grid)
    flat = lambda e: np.ones_like(e)  # noqa: E731
    assert nt.fold(flat).sum() == pytest.approx(expected, rel=0.01)
    assert nt.observed_density(flat).sum() * 0.1 == pytest.approx(nt.fold(flat).sum(), rel=1e-3)


def test_resolution_constants_are_xenon1t_mev_fit():
    # The "xenonnt" resolution sigma/E = 31.71 %/sqrt(E) + 0.15 % is XENON1T's arXiv:2003.03825 fit (the
    # XENONnT Letter's own value could not be read: resources/references/xenonnt_sr0.yaml).  Its abstract:
    # "the relative energy resolution at 1 σ/μ is as low as (0.80 ± 0.02) % ... at Q_ββ", with
    # "Q_ββ = (2457.83 ± 0.37) keV": our constants give 0.790 %, inside the quoted +-0.02; a factor 2 in
    # either constant (1.43 %, 0.94 %) is outside.
    ref = SR0_REFS["resolution"]
    assert ref["xenonnt_letter_read"] is False
    resolution, err = quoted_numbers(ref["quote"])[-2:]
    q_bb = quoted_numbers(ref["quote_q_value"])[0]
    a, b = RESOLUTIONS["xenonnt"]
    assert (resolution, err, q_bb) == (0.80, 0.02, 2457.83)
    assert abs(100 * (a / np.sqrt(q_bb) + b) - resolution) <= err


def test_line_width_is_the_stated_resolution(nt, store):
    # sigma(E) = a sqrt(E) + b E (RESOLUTIONS): at 10 keV sigma = 1.018 keV; the folded line's second
    # moment (efficiency flat, 0.80-0.82, above 5 keV) within 3 %; XENON1T's variant 0.999
    for det, sigma in ((nt, 0.3171 * 10 ** 0.5 + 0.015),
                       (XenonNTSR0.load(store, resolution="xenon1t"), 0.310 * 10 ** 0.5 + 0.037)):
        cells = np.zeros(det.true_centres_keV.size)
        cells[np.argmin(abs(det.true_centres_keV - 10.01))] = 1.0
        dens = det.fine_response @ cells
        x = det.fine_centres_keV
        mean = np.sum(dens * x) / dens.sum()
        assert np.sqrt(np.sum(dens * (x - mean) ** 2) / dens.sum()) == pytest.approx(sigma, rel=0.03)


def test_likelihoods_of_B0(nt):
    # B0 fits: the binned and unbinned background scales float to ~1.01 (433/426.5 = 1.015, pulled
    # back by the 8 % prior), and q of a zero signal is 0
    for method in ("binned", "unbinned"):
        ll_fixed, k_fixed = nt.loglike(None, method, "fixed")
        ll_float, k_float = nt.loglike(None, method, "float")
        assert k_fixed == 1.0 and k_float == pytest.approx(1.011, abs=0.003)
        assert ll_float >= ll_fixed
        assert nt.test_statistic(np.zeros(nt.true_centres_keV.size), method) == 0.0


def test_stepping_approximation_counts_the_shells(store):
    # Xe: 54 electrons; below the 3d edge (0.71 keV) the n = 4, 5 shells (26), above 3s (1.09 keV) 44,
    # above 2s (5.15 keV)
    # all but 1s (52), above 34 keV all 54
    assert z_eff([0.5, 2.0, 10.0, 40.0], store).tolist() == [26, 44, 52, 54]


def test_xenonnt_magnetic_moment_limit_within_20_percent(nt, flux_pp_be7, store):
    # XENONnT SR0 (PRL 129, 161805): the 90 % CL upper limit on an enhanced neutrino magnetic moment,
    # mu_nu < 6.3e-12 mu_B: the value as published, NOT verbatim (the reference file says so and what
    # was searched: the archived ar5iv text stops after the introduction; the abstract names the limit
    # without its number).  Issue 27 acceptance: within 20 %.  Ours: Wilks interval (Delta q = 2.71),
    # pp + 7Be B16-GS98, stepping approximation, B0 of the release.
    from mevdm.papers.validation.xenon_mu_nu import references

    ref = references()["xenonnt_sr0"]
    published = ref["upper_mu_B"]
    assert ref["verbatim_retrieved"] is False and "an enhanced neutrino magnetic moment" in ref["abstract_quote"]
    assert states_number(ref["quote"], published) and published == 6.3e-12  # transcription and its value
    for method, background in (("binned", "fixed"), ("unbinned", "fixed"), ("unbinned", "float")):
        _, _, upper = mu_nu_interval(nt, flux_pp_be7, store, method=method, background=background)
        assert upper == pytest.approx(published, rel=0.20), (method, background, upper)


def test_xenon1t_magnetic_moment_interval_within_20_percent(store, flux_pp_be7):
    # XENON1T, PRD 102 (2020) 072004, abstract: "a confidence interval of mu in (1.4, 2.9) x 10^-11 mu_B
    # (90% C.L.) is reported" (B0 without tritium).  Ours: the SR1 binned Poisson likelihood, B0 fixed.
    from mevdm.papers.validation.xenon_mu_nu import references

    ref = references()["xenon1t_sr1"]
    assert ref["verbatim_retrieved"] is True
    pub_lo, pub_hi = quoted_numbers(ref["quote"])[:2]  # "μ ∈ (1.4,2.9)×10-11μB", parsed from the quote
    assert [pub_lo, pub_hi] == ref["interval_mu_B"] == [1.4e-11, 2.9e-11]
    lower, best, upper = mu_nu_interval(Xenon1TSR1.load(store), flux_pp_be7, store)
    assert lower == pytest.approx(pub_lo, rel=0.20)
    assert upper == pytest.approx(pub_hi, rel=0.20)
    assert lower < best < upper


def test_bad_arguments_are_named(store, nt):
    with pytest.raises(ValueError, match="resolution must be one of"):
        XenonNTSR0.load(store, resolution="xenon2t")
    with pytest.raises(ValueError, match="method must be"):
        nt.loglike(None, "chi2", "fixed")
    with pytest.raises(ValueError, match="background must be one of"):
        nt.loglike(None, "binned", "free")


@pytest.fixture(scope="module")
def config(mirror):
    import yaml

    from mevdm import configuration as mconfig

    cfg = yaml.safe_load(open(mconfig.CONFIG_DIR / "config.yaml"))
    cfg["data_mirror"] = str(mirror)
    return mconfig.validate(cfg)


def test_vectorised_limit_matches_root_finding(nt, store):
    # SignalScan (log-interpolated grid, all templates at once) against brentq on the scalar
    # likelihood (detectors.intervals) for two shapes; 1 %: the grid has 240 points over 6 decades
    from mevdm.detectors.intervals import upper_limit_scale
    from mevdm.detectors.xenonnt import SignalScan

    e = nt.true_centres_keV
    shapes = np.array([np.exp(-e / 2.0), np.where((e > 5) & (e < 6), 1.0, 0.0)])
    for method in ("binned", "unbinned"):
        for background in ("fixed", "float"):
            lim = SignalScan.from_true(nt, shapes, method, background).fit()["upper_scale"]
            for k in range(2):
                ref = upper_limit_scale(lambda c: nt.test_statistic(shapes[k] * c, method, background), 100.0)
                assert lim[k] == pytest.approx(ref, rel=0.01)


@pytest.fixture(scope="module")
def built(config, store, tmp_path_factory):
    """The three XENONnT targets and the magnetic-moment validation, built by the public build into a
    results tree (results/<key>/<name>.*), as `snakemake all` lays them out."""
    from mevdm.build import build

    root = tmp_path_factory.mktemp("results")
    for key, name in (("jho2020", "xenonnt"), ("baryakhtar2020", "xenonnt"), ("ema2021", "xenonnt"),
                      ("validation", "xenon_mu_nu")):
        (root / key).mkdir(exist_ok=True)
        build(key, name, config, {f: root / key / f"{name}.{f}" for f in ("pdf", "png", "json", "csv")}, store=store)
    return root


def test_jho2020_xenonnt_target(built):
    # through the public build: the verdicts, and the size of the XENON1T excess carried to XENONnT.
    # XENON1T (2006.09721): 285 observed vs 232 expected in 1-7 keV over 0.6473 t yr, i.e. ~82 excess
    # events per t yr; our XENON1T best fits of each scenario, folded through XENONnT's response and
    # exposure (1.16 t yr), must carry about that many events (30 %: the two detectors' efficiencies
    # differ by ~10 % at 2-3 keV and part of each spectrum lies above 7 keV), and XENONnT, which saw
    # 106 events against 114.6 expected in 1-10 keV, excludes such a signal far beyond 90 % CL
    # (Delta chi^2 > 9, i.e. > 3 sigma).
    import json

    numbers = json.loads((built / "jho2020" / "xenonnt.json").read_text())
    excess_events = (285 - 232) / 0.6473 * 1.16
    for name, scen in numbers["scenarios"].items():
        ours = [v for k, v in scen["benchmarks"].items() if k.startswith("our_best_fit")][0]
        assert ours["signal_events_1_30keV"] == pytest.approx(excess_events, rel=0.30), name
        assert ours["verdict"] == "excluded" and ours["delta_chi2"] > 9.0, name
        for v in scen["benchmarks"].values():
            assert v["excluded"] == (v["delta_chi2"] > 2.706) and 0 <= v["confidence"] <= 1
    assert numbers["xenonnt_B0_only"]["observed_1_10keV"] == 106
    assert numbers["likelihood"]["cl"] == 0.90


def test_bad_xenonnt_config_is_named(config):
    import copy

    from mevdm import configuration as mconfig

    bad = copy.deepcopy(config)
    bad["xenonnt"]["likelihood"] = "chi2"
    with pytest.raises(mconfig.ConfigError, match="likelihood"):
        mconfig.validate(bad)


def test_baryakhtar2020_xenonnt_target(built):
    # through the public build.  The thermal benchmark (3.7 MeV, 3.5 keV) line lands at ~3.5 keV in
    # both detectors with efficiencies 0.80-0.85 there (XENON1T Fig. 2, XENONnT release), so its observed
    # rate per t yr in XENONnT must match our XENON1T rate (33, the paper's Fig. 5 context) within 20 %;
    # a ~9 event/(t yr) limit on a line at 3.5 keV follows from ~30 B0 events within +-1.2 sigma_E
    # (1.64 sqrt(30) ~ 9 events over 1.16 t yr: 20-45 % leeway for the shape), so the benchmark is out.
    import json

    b = json.loads((built / "baryakhtar2020" / "xenonnt.json").read_text())["benchmark"]
    rate_nt = b["signal_events_1_30keV"] / 1.16
    assert rate_nt == pytest.approx(b["xenon1t_rate_per_t_yr"], rel=0.20)
    assert 9.0 / 1.16 * 0.55 < b["rate_limit_per_t_yr"] < 9.0 / 1.16 * 1.45
    assert b["verdict"] == "excluded" and b["delta_chi2"] > 9.0


def test_ema2021_xenonnt_target(built):
    # through the public build.  Both benchmarks were tuned to XENON1T-visible rates; XENONnT's limit
    # on sigma_e at the p-wave benchmark (M = 2 MeV, Sun-reflected, F_DM = 1) must sit within a factor
    # 2 of PandaX-4T's independent solar-reflected limit there (1.47e-38 cm^2 at 2.01 MeV, arXiv:2412.19970
    # Fig. 4 via the registered trace): comparable xenon exposures and thresholds, different flux codes.
    import json

    n = json.loads((built / "ema2021" / "xenonnt.json").read_text())
    pw, co = n["benchmarks"]["pwave"], n["benchmarks"]["coannihilation"]
    assert pw["sigma_e_limit_cm2"] == pytest.approx(1.47e-38, rel=1.0)
    assert 0.5 < pw["sigma_e_limit_cm2"] / 1.47e-38 < 2.0
    assert pw["verdict"] == co["verdict"] == "excluded"
    assert co["delta_chi2"] > pw["delta_chi2"] > 9.0
    assert 0.0 < n["fraction_of_fig2_solutions_excluded"] < 1.0


def test_jho2020_fig1_xenonnt_overlay_is_opt_in(config, store, tmp_path):
    # default off (the paper figure unchanged); on, the dashed limit at the paper's m_X lies below the
    # paper's printed g_e, as the target's verdict says (paper point excluded at Delta chi^2 = 5 > 2.71)
    import copy
    import json

    from mevdm.build import build
    from mevdm.scoreboard import paper_values

    assert config["jho2020"]["fig1"]["xenonnt_overlay"] is False
    cfg = copy.deepcopy(config)
    cfg["jho2020"]["fig1"]["xenonnt_overlay"] = True
    out = {f: tmp_path / f"f1.{f}" for f in ("pdf", "png", "json", "csv")}
    build("jho2020", "fig1", cfg, out, store=store)
    lim = json.loads(out["json"].read_text())["xenonnt_overlay"]["g_e_limit_at_paper_mX"]
    assert 1.0e-7 < lim < paper_values("jho2020", "fig1")["s1_best_ge"]


def test_dark_photon_absorption_limit_against_the_release(nt, store):
    # XENONnT's own 90 % CL kappa limits (bdm_limits.txt, Fig. 6 lower; the release readme: "the third
    # column is the 90% C.L. upper limit of the kinetic mixing parameter kappa") against ours: a line at
    # E = m_V with the absorption rate (rho = 0.3 GeV/cm^3) and sigma_pe from xraydb's Elam tables (an
    # independent photoabsorption compilation), unbinned likelihood, B0 floating.  kappa ~ sqrt(rate):
    # within 20 % at 3, 7-25 keV; 30 % allowed at 2 and 5 keV, where ours is 26-29 % weaker (the
    # collaboration fits its background components, we scale B0 as a whole).  A factor 2 in kappa fails.
    xraydb = pytest.importorskip("xraydb")
    from mevdm.core.units import A_XE_G_MOL, N_AVOGADRO
    from mevdm.detectors.xenonnt import BOSONIC_LIMITS, SignalScan
    from mevdm.models.dark_photon_absorption import rate_per_kappa2

    readme = " ".join(store.path("xenonnt_sr0_er/readme.txt").read_text().split())
    assert SR0_REFS["release_readme"]["quote_dark_photon"] in readme  # the column is kappa at 90 % C.L.
    published = np.loadtxt(store.path(BOSONIC_LIMITS))
    masses = np.array([2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 25.0])
    sigma_pe = xraydb.mu_elam("Xe", masses * 1e3, kind="photo") * A_XE_G_MOL / N_AVOGADRO  # cm^2/atom
    rate = rate_per_kappa2(masses, sigma_pe)
    x, width = nt.true_centres_keV, np.diff(nt.true_edges_keV)
    lines = np.zeros((masses.size, x.size))  # unit-rate lines, shared linearly by the two nearest cells
    for k, m in enumerate(masses):
        j = np.searchsorted(x, m) - 1
        w = (m - x[j]) / (x[j + 1] - x[j])
        lines[k, j], lines[k, j + 1] = (1 - w) / width[j], w / width[j + 1]
    kappa = np.sqrt(SignalScan.from_true(nt, lines, "unbinned", "float").fit()["upper_scale"] / rate)
    ratio = kappa / np.interp(masses, published[:, 0], published[:, 2])
    tol = np.where(np.isin(masses, [2.0, 5.0]), 0.30, 0.20)
    assert np.all(abs(ratio - 1) < tol), dict(zip(masses, ratio.round(3)))


def test_scoreboard_shows_the_xenonnt_rows_beyond_the_papers(built):
    """Through the real entry point (scripts/scoreboard.py, the rule's script, with the real
    resources/papers): the beyond-the-papers section exists, is not counted, and every row of the four
    XENONnT files has its statistic and CL and our value read from the built targets."""
    import json
    import subprocess
    import sys

    from mevdm import scoreboard as sb
    from mevdm.core.paths import CHECKOUT

    out = built / "scoreboard"
    proc = subprocess.run([sys.executable, str(CHECKOUT / "scripts" / "scoreboard.py"), "--results", str(built),
                           "--out", str(out), "--headline"], capture_output=True, text=True, check=True)
    board = json.loads(out.with_suffix(".json").read_text())
    files = [k for k in sb.paper_keys(sb.PAPERS_DIR) if k.startswith("xenonnt_")]
    ids = {e["id"] for k in files for e in sb.load_paper_numbers(k)["numbers"]}
    rows = {r["id"]: r for r in board["beyond"]}
    assert set(rows) == ids and len(board["beyond"]) == len(ids) >= 17
    for r in board["beyond"]:
        assert r["statistic"] and 0.0 < r["cl"] < 1.0 and r["source"] and r["quote_url"].startswith("http"), r["id"]
        assert r["ours"] is not None, (r["id"], r["ours_reason"])
    assert all(not k.startswith("xenonnt_") for k in board["papers"])  # a section of its own, not counted
    assert board["total"]["n_claim"] == sum(p["n_claim"] for p in board["papers"].values())
    # the verdicts of docs/xenonnt.md: every XENON1T explanation excluded at our best fits; of the
    # papers' printed points, jho2020's Scenario 2 (effective) alone is allowed
    grades = {i: r["grade"] if r["kind"] == "claim" else r["status"] for i, r in rows.items()}
    assert [i for i, g in grades.items() if g not in ("holds", "match")] == ["s2e_paper_point_excluded"]
    assert grades["s2e_paper_point_excluded"] == "fails"
    md = out.with_suffix(".md").read_text()
    assert "## Beyond the papers (not counted in the totals)" in md and "| statistic | CL |" in md
    assert f"beyond the papers (not counted): {len(ids)} entries, each with its statistic and CL" in proc.stdout
    assert "<h2>Beyond the papers (not counted in the totals)</h2>" in out.with_suffix(".html").read_text()
