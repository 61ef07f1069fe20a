"""Every digitised overlay against a statement of its source paper.

Each curve is read through the constraint library exactly as the figures read it
(``library(...).get(name).curve(plane, ...)``), in its published plane or, where the statement
is made in another plane, through the library's recast. Each check quotes the statement it
tests and its source (arXiv id + abstract/section), and each tolerance gives its reason; every
check fails if the curve is read in the wrong unit (a GeV file read as MeV is off by 1e3).

No quantitative statement of the source could be retrieved (so no test) for E137_dm
(arXiv:1406.2698 abstract is qualitative), E137_visible (arXiv:1209.6083 abstract gives no
number), TEXONO_BL (arXiv:1803.05466 text not retrievable; DarkCast notes give only
E_nu = 2 MeV; TEXONO_LeLmu's B-L -> L_e - L_mu step is checked against DarkCast's own recast), ALP_BaBar / ALP_beam_dump (attribution to arXiv:1708.00443 inferred; the
numbers of halp2025's ALP-electron window are lost in the seed text) and the couplings of
Stellar_HB / Stellar_RG (arXiv:2304.12907 text not retrievable; only their mass range is tested).
"""

import math

import numpy as np
import pytest
from scipy import integrate

from mevdm.core import units as u
from mevdm.constraints import library


@pytest.fixture(scope="module")
def lib(store):
    return library(store=store)


def at(curve, m_MeV):
    """The curve at masses m_MeV (log-log interpolation; NaN outside the data)."""
    m = np.asarray(m_MeV, float)
    return np.exp(np.interp(np.log(m), np.log(curve.mass_MeV), np.log(curve.coupling),
                            left=np.nan, right=np.nan))


def thermal_target(store, kind):
    """ESPP2026 thermal-target line y(m_chi) (PROVENANCE: columns m_chi [GeV], y) -> (MeV, y)."""
    a = np.loadtxt(store.path(f"dark_photon_invisible_y_plane/relic-target-{kind}.csv"),
                   delimiter=",", skiprows=1)
    a = a[np.argsort(a[:, 0])]
    return a[:, 0] * u.GeV, a[:, 1]


def target_at(target, m_MeV):
    m, y = target
    return np.exp(np.interp(np.log(m_MeV), np.log(m), np.log(y), left=np.nan, right=np.nan))


def vector_loop(m_MeV, m_lepton_MeV):
    """Delta a_l / (alpha eps^2 / 2 pi) of a vector of mass m (one loop; Endo, Hamaguchi, Mishima
    arXiv:1209.2558 Eq. 6, the formula of DarkCast limits/AMM.py)."""
    r2 = (m_MeV / m_lepton_MeV) ** 2

    def integrand(z):
        return 2 * z * (1 - z) ** 2 / ((1 - z) ** 2 + z * r2)

    return integrate.quad(integrand, 0.0, 1.0, epsabs=0.0, epsrel=1e-9, limit=200)[0]


# ------------------------------------------------------------------------------ (g-2)_e
@pytest.mark.parametrize("name, delta_ae_3sigma", [
    ("g2e_Cs", (8.7 + 3 * 3.6) * 1e-13),
    ("g2e_Rb", (4.8 + 3 * 3.0) * 1e-13),
])
def test_g2e_curve_is_the_3_sigma_delta_ae(lib, name, delta_ae_3sigma):
    """Bodas, Coy, King (arXiv:2102.07781) Eq. 2 (alpha from Cs) and Eq. 3 (alpha from Rb), as
    DarkCast v2.1 limits/AMM.py builds these two tables:
        "Electron AMM (3 sigma, Cesium, equation 2 of Bodas:2021fsy).
         limit("AMMe_Bodas2021fsy_cs", "e", (8.7 + 3*3.6)*1e-13)"
        "Electron AMM (3 sigma, Rubidium, equation 3 of Bodas:2021fsy).
         limit("AMMe_Bodas2021fsy_rb", "e", (4.8 + 3*3.0)*1e-13)"
    So along the whole curve the one-loop dark-photon contribution equals that Delta a_e, in the
    published (m_A', eps) plane and after the recast to g_e = e eps (the plane jho2020 draws).
    Tolerance 1 %: the tables are computed (5 digits), not digitised; a factor 2 in eps is 4 in
    Delta a_e, and GeV read as MeV moves m by 1e3 and Delta a_e by up to 1e6."""
    lim = lib.get(name)
    assert lim.excluded == "above"
    dp = lim.curve("dark_photon")
    ge = lim.curve("vector_ge")
    for m, eps, g in list(zip(dp.mass_MeV, dp.coupling, ge.coupling))[::9]:
        loop = vector_loop(m, u.M_E)
        assert u.ALPHA_EM * eps ** 2 / (2 * math.pi) * loop == pytest.approx(delta_ae_3sigma, rel=0.01)
        assert g ** 2 / (8 * math.pi ** 2) * loop == pytest.approx(delta_ae_3sigma, rel=0.01)


# ------------------------------------------------------------------------------ BaBar 2017
def test_babar_2017_reaches_8_GeV_and_excludes_the_muon_g2_band(lib):
    """BaBar, arXiv:1702.03327, abstract: "We find no evidence for such processes and set 90%
    confidence level upper limits on the coupling strength of A' to e+e- in the mass range
    m_A' <= 8 GeV. In particular, our limits exclude the values of the A' coupling suggested by
    the dark-photon interpretation of the muon (g-2)_mu anomaly".
    The (g-2)_mu band is the 2 sigma band of Bodas et al. arXiv:2102.07781 Eq. 1,
    Delta a_mu = (2.79 +- 0.76)e-9 (DarkCast limits/AMM.py: "Muon AMM preferred band (2 sigma,
    equation 1 of Bodas:2021fsy)"): BaBar must lie below its LOWER edge at every mass.
    The margin is 11 % at m_A' -> 0 (eps 9.5e-4 against 1.06e-3), so a digitisation 12 % too high
    fails; the end of the curve must be 8 GeV to 1 % (a GeV file read as MeV ends at 8 MeV)."""
    lim = lib.get("BaBar_2017")
    c = lim.curve("dark_photon")
    assert lim.excluded == "above"  # upper limits on the coupling
    assert c.mass_MeV[-1] == pytest.approx(8.0 * u.GeV, rel=0.01)
    band_lower = (2.79 - 2 * 0.76) * 1e-9
    eps_band = np.array([math.sqrt(band_lower / (u.ALPHA_EM / (2 * math.pi) * vector_loop(m, u.M_MU)))
                         for m in c.mass_MeV])
    assert np.all(c.coupling < eps_band)


def test_babar_2017_two_digitisations_agree(lib, store):
    """The same BaBar limit (arXiv:1702.03327) digitised independently by P. Crivelli for ESPP 2026
    in (m_chi, y) at alpha_D = 0.1, m_A' = 3 m_chi (PROVENANCE of dark_photon_invisible_y_plane:
    m_chi [GeV], y). Compared through the library's recast of the DarkCast eps curve to that y
    plane: within 5 % (two readings of a flat line on a log plot) for m_A' <= 1.5 GeV. Above it
    the two differ by up to x3 (the DarkCast curve has dips at 2-5 GeV that the ESPP line lacks;
    which one follows the PRL's Fig. 5 is not checked here). A factor 2 in eps is 4 in y."""
    espp = np.loadtxt(store.path("dark_photon_invisible_y_plane/Constraints_BC2_BaBar.csv"),
                      delimiter=",", skiprows=1)
    m_chi, y_espp = espp[:, 0] * u.GeV, espp[:, 1]
    keep = m_chi <= 500.0
    ours = at(lib.get("BaBar_2017").curve("y", alpha_D=0.1, mA_over_mchi=3.0), m_chi[keep])
    ok = np.isfinite(ours)
    assert ok.sum() > 50
    np.testing.assert_allclose(y_espp[keep][ok], ours[ok], rtol=0.05)


# ------------------------------------------------------------------------------ NA64
def test_na64_2022_excludes_scalar_and_majorana_targets_below_100_MeV(lib, store):
    """NA64, arXiv:2307.02404 (PRL 131 (2023) 161801), abstract: "This allows us to set the most
    sensitive limits on the A' couplings to photons for masses m_A' <~ 0.35 GeV, and to exclude
    scalar and Majorana dark matter with the chi-A' coupling alpha_D <= 0.1 for masses
    0.001 <~ m_chi <~ 0.1 GeV and 3 m_chi <= m_A'."
    In its published plane y(alpha_D = 0.1, m_A' = 3 m_chi), against the thermal targets of the same
    ESPP data set (same author): below the scalar target from the first point (1.04 MeV) to
    100 MeV; the upper crossings of the scalar and Majorana targets at 0.1 GeV within x1.5
    (reading "<~ 0.1 GeV" on a log axis: 129 and 105 MeV). The abstract's lower edge
    "0.001 <~ m_chi" holds for the scalar target (NA64/target <= 0.81); the curve runs along the
    Majorana line (within 3 %) from 3 to 6 MeV and is 1.7x above it at 1 MeV, so the Majorana
    target is checked from 6.2 MeV. A factor 2 in y fails (scalar, at 1-2 MeV)."""
    lim = lib.get("NA64_2022")
    assert lim.excluded == "above"
    c = lim.curve("y", alpha_D=0.1, mA_over_mchi=3.0)
    grid = np.geomspace(c.mass_MeV[0], 400.0, 400)
    for kind, m_lo in (("scalar", c.mass_MeV[0]), ("majorana", 6.2)):
        ratio = at(c, grid) / target_at(thermal_target(store, kind), grid)
        assert np.all(ratio[(grid >= m_lo) & (grid <= 100.0)] < 1.0), kind
        m_up = grid[np.argmax((grid > 50.0) & (ratio > 1.0))]
        assert 100.0 / 1.5 < m_up < 100.0 * 1.5, (kind, m_up)


def test_na64_2022_is_stronger_than_babar_below_350_MeV(lib):
    """NA64, arXiv:2307.02404, abstract: "the most sensitive limits on the A' couplings to photons
    for masses m_A' <~ 0.35 GeV". NA64 2022 (published in y, recast to (m_A', eps)) crosses BaBar
    2017 (arXiv:1702.03327, the other missing-energy limit) at 0.35 GeV within x1.3 (reading a log
    axis); found at 0.34 GeV. NA64 2022 read at alpha_D = 0.5 instead of 0.1 fails."""
    na64 = lib.get("NA64_2022").curve("dark_photon")
    babar = lib.get("BaBar_2017").curve("dark_photon")
    grid = np.geomspace(na64.mass_MeV[0], 1000.0, 2000)
    stronger = at(na64, grid) < at(babar, grid)
    m_cross = grid[np.argmin(stronger)]  # first mass where NA64 is no longer the stronger
    assert stronger[0] and m_cross == pytest.approx(350.0, rel=0.3)


def test_na64_1e13_projection_scales_with_electrons_on_target(lib):
    """NA64 input to the European Strategy, arXiv:2505.14291, abstract: "an upgrade during LS3 will
    enable the experiment to run in background-free mode ... The expected beam exposures are
    approximately 1e13 electrons"; "the signal rate scales as the square of the coupling".
    Background-free, the eps^2 (so y) reach scales as 1/EOT: from 9.37e11 EOT (NA64 2022,
    arXiv:2307.02404 abstract: "With 9.37x10^11 electrons on target") to 1e13, y x 0.0937.
    Median ratio over m_chi = 1-60 MeV within 15 % (efficiencies differ between runs; found 1 %)."""
    proj = lib.get("NA64_1e13_projection").curve("y", alpha_D=0.1, mA_over_mchi=3.0)
    now = lib.get("NA64_2022").curve("y", alpha_D=0.1, mA_over_mchi=3.0)
    grid = np.geomspace(1.1, 60.0, 40)
    assert np.median(at(proj, grid) / at(now, grid)) == pytest.approx(9.37e11 / 1e13, rel=0.15)


# ------------------------------------------------------------------------------ LDMX, Belle II
def test_ldmx_reaches_eps_1em6_at_15_MeV(lib):
    """ema2021 (arXiv:2007.09105, seed 000), discussion of Fig. 1: "LDMX [22] will further cut in
    the available parameter space, as it can probe invisibly decaying dark photon with
    m_V = 15 MeV down to eps = 10^-6". LDMX_projection (Phase 2, published in y at alpha_D = 0.5,
    m_A' = 3 m_chi) recast to (m_A', eps): 1e-6 within x1.5 (a round number read off a log plot);
    found 1.3e-6. Phase 1 (5.3e-6 there) would fail, as would a factor 2 in y (x1.41 in eps)."""
    eps = at(lib.get("LDMX_projection").curve("dark_photon"), 15.0)
    assert 1e-6 / 1.5 < eps < 1e-6 * 1.5


def test_ldmx_phase2_probes_the_whole_thermal_idm_plane(lib, store):
    """baryakhtar2020 (arXiv:2006.13918, seed 003), Fig. 6 caption: "Note that the entire
    m_chi-delta parameter space will be probed by LDMX", and Sec. 4.2: "LDMX [51, 52] will be
    sensitive to this entire parameter space" (our Fig. 6 spans m_chi = 1-30 MeV; alpha_D = 0.5,
    m_A' = 3 m_chi, thermal pseudo-Dirac chi). So the LDMX curve the paper draws lies below the
    pseudo-Dirac thermal target over 1-30 MeV (ESPP target line; found <= 0.13 of it), while
    Phase 1 does not (1.3-3x above: the reason LDMX_projection is Phase 2)."""
    target = thermal_target(store, "pseudodirac")
    grid = np.geomspace(1.1, 30.0, 30)
    phase2 = at(lib.get("LDMX_projection").curve("y", alpha_D=0.5, mA_over_mchi=3.0), grid)
    phase1 = at(lib.get("LDMX_phase1_projection").curve("y", alpha_D=0.5, mA_over_mchi=3.0), grid)
    assert np.all(phase2 < target_at(target, grid))
    assert np.all(phase1 > target_at(target, grid))


@pytest.mark.parametrize("name, upstream", [
    ("LDMX_projection", "Phase2AlReach0p5_mA_vs_epsilon_Red.dat"),
    ("LDMX_phase1_projection", "Phase1Reach0p5_mA_vs_epsilon_Blue.dat"),
])
def test_ldmx_curves_are_the_upstream_reach_in_eps2_vs_GeV(lib, store, name, upstream):
    """Units: the LDMX files read by the library (a y-plane table derived in the mirror) recast to
    (m_A', eps) must give back the verbatim upstream reach, which PROVENANCE (ldmx_projection,
    'Units: how they were established') establishes as m_A' [GeV] and eps^2, alpha_D = 0.5,
    m_A' = 3 m_chi (C. Herwig's reach.py). To 1e-6 (the derived table keeps 7 digits)."""
    raw = np.loadtxt(store.path(f"ldmx_projection/{upstream}"))
    c = lib.get(name).curve("dark_photon")
    np.testing.assert_allclose(c.mass_MeV, raw[:, 0] * u.GeV, rtol=1e-6)
    np.testing.assert_allclose(c.coupling ** 2, raw[:, 1], rtol=1e-6)


def test_belle2_and_ldmx_probe_alpha_D_up_to_1(lib, store):
    """baryakhtar2020 (arXiv:2006.13918, seed 003) Sec. 4.2 on Fig. 7 (left, thermal chi,
    m_A' = 3 m_chi): "At higher DM masses m_chi >~ 10 MeV, current bounds are limited to
    alpha_D <~ 10^-2, but Belle II [14, 50] and LDMX can potentially probe 10^-2 <~ alpha_D <~ 1
    up to m_chi = 1 GeV." On the thermal target y_th (~ alpha_D independent) eps^2 = y_th r^4 /
    alpha_D, so an invisible-A' reach eps_lim probes alpha_D up to y_th / y_lim(alpha_D = 1).
    With the ESPP pseudo-Dirac target, the better of Belle II (published at alpha_D = 0.1) and
    LDMX Phase 2 (at 0.5) reaches alpha_D >= 1 over 10 MeV - 1 GeV (found >= 1.8, at 83 MeV)."""
    target = thermal_target(store, "pseudodirac")
    grid = np.geomspace(10.0, 1000.0, 60)
    reach = [target_at(target, grid) / at(lib.get(n).curve("y", alpha_D=1.0, mA_over_mchi=3.0), grid)
             for n in ("BelleII_projection", "LDMX_projection")]
    assert np.all(np.fmax(*reach) >= 1.0)


# ------------------------------------------------------------------------------ proton beam dumps
def test_lsnd_reaches_kappa_1em5_at_1_to_5_MeV(lib):
    """deNiverville, Pospelov, Ritz, arXiv:1107.4580, abstract: "we find that a large volume of
    parameter space is excluded for m_DM ~ 1-5 MeV, covering vector masses 2 m_DM < m_V < m_eta
    and a range of kinetic mixing parameters reaching as low as kappa ~ 10^-5."
    LSND_dm (published in y at alpha_D = 0.5, m_A' = 3 m_chi) recast to (m_chi, eps): its lowest
    eps over m_chi = 1-5 MeV is 1e-5 within x2 (an order-of-magnitude "~"; found 1.4e-5).
    Kinematics: LSND's 800 MeV protons make the vector in pi0 -> gamma V, so m_V < m_pi0 and the
    curve must end at m_chi = m_V/3 <= 45 MeV (it ends at 39.5 MeV; in GeV it would not)."""
    c = lib.get("LSND_dm").curve("chi_eps", mA_over_mchi=3.0)
    low = c.coupling[(c.mass_MeV >= 1.0) & (c.mass_MeV <= 5.0)].min()
    assert 0.5e-5 < low < 2e-5
    assert 30.0 < c.mass_MeV[-1] <= u.M_PI_NEUTRAL / 3.0


def test_miniboone_y_limit_below_1em8(lib):
    """MiniBooNE-DM, first result of the same dedicated beam-dump run (1.86e20 POT), arXiv:1702.02688
    (PRL 118 (2017) 221803), abstract: "leading to a 90% confidence limit on the dark-matter cross
    section parameter, Y = eps^2 alpha_D (m_chi/m_V)^4 <~ 10^-8, for alpha_D = 0.5 and for
    dark-matter masses of 0.01 < m_chi < 0.3 GeV in a vector portal model". The nucleon-channel
    curve of the full analysis (arXiv:1807.06137; its full abstract could not be retrieved) in its
    published plane y(alpha_D = 0.5, m_A' = 3 m_chi) must overlap 10-300 MeV and stay below 1e-8 there
    (highest point 7.3e-9 at 68.5 MeV: a factor 2 fails)."""
    lim = lib.get("MiniBooNE_dm")
    c = lim.curve("y", alpha_D=0.5, mA_over_mchi=3.0)
    inside = (c.mass_MeV >= 10.0) & (c.mass_MeV <= 300.0)
    assert lim.excluded == "above" and inside.sum() >= 10
    assert np.all(c.coupling[inside] < 1e-8)


# ------------------------------------------------------------------------------ nu-e scattering
def test_borexino_and_gemma_constrain_the_xenon1t_band(lib):
    """jho2020 (arXiv:2006.13910, seed 004) Sec. VI: "In Scenario #1, the solar neutrino can easily
    generate the low-recoil energy excess ... m_X ~ 10 - 100 keV and g_e = g_nu ~ (3 - 5) x 10^-7
    ... However, the stellar cooling and neutrino-electron scattering limits significantly
    constrain the favored region", with Fig. 1 caption "nu-e scattering at Borexino and Gemma".
    So in (m_X, g_e) the nu-e limits sit at the band's couplings: Borexino (DarkCast B-L table,
    g_BL = value x e) at its lowest tabulated masses, and the stronger of the Borexino / GEMMA
    L_e - L_mu lines jho2020 draws at 10-100 keV (GEMMA alone rises to 7.9e-7 at 100 keV), lie in
    (3-5)e-7 widened by x1.5 (reading the band off Fig. 1).
    A table read without the factor e (x3.3) or a factor 2 in g fails."""
    lo, hi = 3e-7 / 1.5, 5e-7 * 1.5
    table = lib.get("Borexino_BL").curve("vector_ge")
    assert lib.get("Borexino_BL").excluded == "above"
    assert np.all((table.coupling[:2] > lo) & (table.coupling[:2] < hi))
    assert table.mass_MeV[0] == pytest.approx(0.228, rel=0.01)  # DarkCast column 1 in GeV
    m_X = np.array([0.01, 0.03, 0.1])
    g = np.fmin(*[lib.get(n).curve("vector_ge", mass_MeV=m_X).coupling
                  for n in ("Borexino_LeLmu", "GEMMA_LeLmu")])
    assert np.all((g > lo) & (g < hi))


def test_nu_e_recast_carries_texono_over_unchanged_as_darkcast_does(lib, store):
    """DarkCast v2.1 (peer code, arXiv:1801.04847; recast/limits/Le-Lmu_boson/Texono_Bauer2018onh.lmt)
    recasts TEXONO's B-L table to its Le-Lmu_boson model unchanged: 3.2837e-6 at m = 4.3472e-4 GeV and
    3.4508e-6 at 1.1104e-3 GeV in both (reactor anti-nu_e only, Q(nu_e) Q(e) = +1 in both models).
    TEXONO_LeLmu equals TEXONO_BL there to 1e-9 (an exact identity); B-L read as L_e - L_mu with the
    nu_mu charge (a wrong flavour) would not be an identity."""
    m = np.array([4.3472e-4, 1.1104e-3]) * 1e3
    le = lib.get("TEXONO_LeLmu").curve("vector_ge", mass_MeV=m).coupling
    assert le == pytest.approx(np.array([3.2837e-6, 3.4508e-6]) * u.E_CHARGE, rel=1e-3)  # 5 digits printed
    assert le == pytest.approx(at(lib.get("TEXONO_BL").curve("vector_ge"), m), rel=1e-9)


def test_nu_e_recast_engine_reproduces_darkcasts_borexino_le_lmu_recast():
    """DarkCast v2.1 (peer code; recast/limits/Le-Lmu_boson/Borexino_Bauer2018onh.lmt vs its B-L table)
    gives g/e = 2.9412e-6 (B-L 2.7066e-6) at m = 9.6628e-4 GeV and 4.5112e-6 (B-L 4.1361e-6) at
    1.7261e-3 GeV, i.e. +8.7 % and +9.1 %, in its convention (limits/Borexino_Bauer2018onh.py):
    E_nu = 862 keV, the whole recoil range, one nu_e + one nu_mu + one nu_tau, each flavour's
    |sigma_X - sigma_SM| added, sin^2 theta_W = 1 - m_W^2/m_Z^2 (pars.py: 80.379, 91.1876 GeV).
    Our excess terms (recast.nu_e_excess_terms) in that convention give both within 3 % (found
    -1.7 %, -1.4 %: our G_F and pure-X normalisation); no recast is 8-9 % off. At DarkCast's lowest
    mass, 0.23 MeV, ours is 6 % below (the pure-X term, large at T -> 0 in the whole-range integral,
    weighs 4x less in DarkCast's; not resolved), so the check stays above 0.9 MeV, where the
    interference dominates. (Our drawn recast uses Borexino's P_ee and signed terms instead.)"""
    from scipy.optimize import brentq

    from mevdm.constraints import recast

    s2w = 1 - (80.379 / 91.1876) ** 2
    beam = recast.NuBeam(0.862, {"nu_e": 1.0, "nu_mu": 1.0, "nu_tau": 1.0}, (0.0, 1e9), False, "DarkCast")

    def excess(g, m, model):  # DarkCast's production function: |Delta sigma| of each flavour, added
        terms = recast.nu_e_excess_terms([m], model, beam, s2w=s2w, n_nodes=200).values()
        return sum(abs(b[0] * g * g + a[0] * g ** 4) for b, a in terms)

    for m_gev, g_bl, g_le in [(9.6628e-4, 2.7066e-6, 2.9412e-6), (1.7261e-3, 4.1361e-6, 4.5112e-6)]:
        m, e = m_gev * 1e3, u.E_CHARGE
        target = excess(g_bl * e, m, "B-L")
        g = brentq(lambda x: excess(x, m, "L_e-L_mu") - target, 1e-9, 1e-3)
        assert g / e == pytest.approx(g_le, rel=0.03)


def test_nu_e_interference_has_the_sign_of_z_exchange():
    """Analytic limit: a vector X with the Z's mass and couplings (g_X = g/c_W, Q(nu_L) = 1/2,
    electron vector charge (-1/2 + 2 s_W^2)/2) adds the SM neutral-current g_V once more: at T << m_Z^2/m_e, g_V -> g_V + g_V^NC with g_V^NC = -1/2 + 2 s_W^2, because
    G_F/sqrt2 = g^2/(8 m_W^2). So for nu_mu e (NC only, g_V = g_V^NC, g_A = -1/2) the excess is the
    closed form of the Vogel-Engel cross section with g_V doubled minus the SM one, integrated over
    T = 0.27-0.665 MeV at E = 0.862 MeV. A flipped interference sign gives a negative excess."""
    from mevdm.constraints import recast

    s2w = recast.SIN2_THETA_W_LOW_Q
    gv_nc, ga = -0.5 + 2 * s2w, -0.5
    m_z = 91187.6  # MeV
    g_x2 = 4 * math.sqrt(2) * recast.G_F_MEV2 * m_z ** 2  # (g/c_W)^2 = 4 sqrt2 G_F m_W^2 / c_W^2 (tree)
    beam = recast.NuBeam(0.862, {"nu_mu": 1.0}, (270.0, 665.0), False, "test")
    recast.NU_E_MODELS["Z-like"] = {"e": gv_nc / 2, "nu_mu": 0.5}
    try:
        ours = recast.nu_e_excess(math.sqrt(g_x2), m_z, "Z-like", beam)[0]
    finally:
        del recast.NU_E_MODELS["Z-like"]
    e, me = 0.862, u.M_E

    def sigma(gv, t):  # int dT of the Vogel-Engel bracket, closed form
        return (recast.G_F_MEV2 ** 2 * me / (2 * math.pi)) * (
            (gv + ga) ** 2 * t + (gv - ga) ** 2 * e / 3 * (1 - (1 - t / e) ** 3) - (gv * gv - ga * ga) * me * t * t / (2 * e * e))

    t1, t2 = 0.27, 0.665
    expect = (sigma(2 * gv_nc, t2) - sigma(2 * gv_nc, t1)) - (sigma(gv_nc, t2) - sigma(gv_nc, t1))
    assert ours == pytest.approx(expect, rel=1e-4)  # m_Z^2 >> 2 m_e T: propagator constant to 1e-10


# ------------------------------------------------------------------------------ stellar cooling
def test_sun_at_or_below_the_redondo_raffelt_bound(lib):
    """Redondo, Raffelt, arXiv:1305.2920, abstract: the Sun must not emit "more than 10% of its
    photon luminosity" in hidden photons; "this conservative requirement implies a bound
    chi < 4 x 10^-12 eV/m for the kinetic mixing parameter. This is the most restrictive stellar
    limit below m ~ 3 eV". Stellar_Sun (arXiv:2304.12907 via AxionLimits, masses in eV) must be at
    or below that conservative bound at m = 0.1-3 eV and not more than x3 below it (found
    eps m = 1.4-2.5e-12 eV; the 2023 paper's criterion and rates could not be retrieved, so the
    lower side is loose). A factor 2 up fails at 0.1 eV; keV read as eV moves eps m by 1e3."""
    sun = lib.get("Stellar_Sun").curve("dark_photon")
    m_eV = np.array([0.1, 0.3, 1.0, 3.0])
    eps_m = at(sun, m_eV * u.eV) * m_eV
    assert np.all((eps_m <= 4e-12) & (eps_m > 4e-12 / 3))


def test_stellar_bounds_span_the_jho2020_mass_range(lib):
    """jho2020 (arXiv:2006.13910, seed 004) Sec. IV: "If X boson in the mass range
    m_X in [0.1, 500] keV is weakly coupled to the electron, ... X boson can be produced inside
    the Sun and easily escape the Sun due to its long lifetime [47]" (the red "cooling of the Sun
    and Globular clusters" region of Fig. 1). The Sun, HB and RG curves, drawn in (m_X, g_e) as
    jho2020 draws them, all lie inside that range, and together reach its top at 500 keV within
    x1.5 (reading the bracket; found 427 keV, RG). Masses read in keV instead of eV fail."""
    curves = [lib.get(n).curve("vector_ge") for n in ("Stellar_Sun", "Stellar_HB", "Stellar_RG")]
    for c in curves:
        assert c.excluded == "above"
        assert c.mass_MeV[0] >= 0.1 * u.keV and c.mass_MeV[-1] <= 500 * u.keV * 1.5
    top = max(c.mass_MeV[-1] for c in curves)
    assert 500 * u.keV / 1.5 < top < 500 * u.keV * 1.5


# ------------------------------------------------------------------------------ coverage
# checked against an independent statement of the same result in another test file
CHECKED_ELSEWHERE = {"NA64_2019": "tests/test_constraints.py::test_lightdm_na64_consistent_with_darkcast "
                                  "(the lightDM digitisation of the same NA64 2019 result, within 5 %)",
                     # the 2023-2025 DM-electron limits: against their abstracts' statements
                     "PandaX4T_SRDM_2025": "tests/test_overlay_sources_recent.py",
                     "PandaX4T_CRDM_2024": "tests/test_overlay_sources_recent.py",
                     "DAMICM_2025": "tests/test_overlay_sources_recent.py",
                     "PandaX4T_S2only_2025": "tests/test_overlay_sources_recent.py"}


def test_every_digitised_curve_is_checked_here_or_labelled_unverified(lib):
    """Each curve read from a published table (kind data, or computed on a DarkCast table) is
    named in a check of this file or carries `unverified:` (its reason), which puts
    '(unverified)' in every legend that draws it."""
    import re
    from pathlib import Path

    body = Path(__file__).read_text().split('"""', 2)[2]  # the checks, not the module docstring
    body = body.split("# ------------------------------------------------------------------------------ coverage")[0]
    for name, lim in lib.limits.items():
        if lim.kind != "data" and "table" not in (lim.spec.get("parameters") or {}):
            continue
        checked = re.search(rf'"{name}"', body) is not None or name in CHECKED_ELSEWHERE
        unverified = bool(lim.spec.get("unverified"))
        # (a partial check, e.g. the stellar curves' mass range only, may still be marked unverified)
        assert checked or unverified, f"{name}: neither checked against its source nor marked unverified"
        assert lim.label.endswith("(unverified)") == unverified
