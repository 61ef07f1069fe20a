"""mevdm.early.relic: Boltzmann freeze-out against hazma 2.2, a scipy Radau solve and analytic limits."""

import math

import numpy as np
import pytest

from mevdm.early import relic
from mevdm.early.cosmology import Cosmology
from mevdm.models import line511

HAZMA_X_END = math.exp(7.0)


@pytest.fixture(scope="module")
def cosmo(store):
    return Cosmology.from_store(store)


# --- reference solvers ---------------------------------------------------------
POINTS = [(1.0, 3e-26, 0.0), (10.0, 3e-26, 0.0), (2.0, 0.0, 2.2e-25), (100.0, 0.0, 2.2e-25)]


@pytest.mark.parametrize("m,a,b", POINTS)
def test_against_hazma(m, a, b, cosmo):
    """Same equation as hazma's solve_boltzmann (x = 1 ... e^7, no tail): within 0.5 %."""
    pytest.importorskip("hazma")
    from mevdm.papers.validation.analysis import hazma_omega_h2

    ref = hazma_omega_h2(m, a, b, rtol=1e-8, atol=1e-9)
    ours = relic.omega_h2(m, a, b, x_start=1.0, x_end=HAZMA_X_END, tail=False, cosmo=cosmo)
    # 0.5 % is the acceptance; the observed difference is < 0.05 % (a factor 2 error is 100 %)
    assert ours == pytest.approx(ref, rel=5e-3)


@pytest.mark.parametrize("m,a,b", POINTS[1:3])
def test_against_scipy_radau(m, a, b, cosmo):
    """Independent scipy Radau reference (does not need hazma): within 0.5 %."""
    ref = relic.omega_h2_scipy(m, a, b, cosmo=cosmo, x_end=HAZMA_X_END, rtol=1e-7, atol=1e-10)
    ours = relic.omega_h2(m, a, b, x_start=1.0, x_end=HAZMA_X_END, tail=False, cosmo=cosmo)
    assert ours == pytest.approx(ref, rel=5e-3)


def test_step_convergence(cosmo):
    """BDF4 with the default step is converged to < 1e-3 (halving the step)."""
    m, a, b = [1.0, 10.0, 2.0], [3e-26, 3e-26, 0.0], [0.0, 0.0, 2.2e-25]
    coarse = relic.omega_h2(m, a, b, cosmo=cosmo)
    fine = relic.omega_h2(m, a, b, cosmo=cosmo, du_fine=0.01)
    np.testing.assert_allclose(coarse, fine, rtol=1e-3)


def test_tail_beyond_hazma_range(cosmo):
    """Annihilation after x = e^7 lowers an s-wave Omega by ~x_f/x_end ~ 1.5 %; p-wave far less."""
    s_cut = relic.omega_h2(10.0, 3e-26, x_end=HAZMA_X_END, tail=False, cosmo=cosmo)
    s_inf = relic.omega_h2(10.0, 3e-26, cosmo=cosmo)
    assert 0.005 < 1 - s_inf / s_cut < 0.03
    p_cut = relic.omega_h2(10.0, 0.0, 2.2e-25, x_end=HAZMA_X_END, tail=False, cosmo=cosmo)
    p_inf = relic.omega_h2(10.0, 0.0, 2.2e-25, cosmo=cosmo)
    assert 0 < 1 - p_inf / p_cut < 0.002


# --- analytic limits and published numbers -------------------------------------
def test_thermal_swave_cross_section(cosmo):
    """Steigman, Dasgupta, Beacom 2012 (Fig. 5): self-conjugate thermal <sigma v> ~ 4.4-5e-26 cm^3/s
    at 1-10 MeV and ~4.4-4.8e-26 at 1 GeV; Dirac twice that.  10 % tolerance (their g* table)."""
    m = np.array([1.0, 10.0, 1000.0])
    sv = relic.sigmav_for_omega(m, cosmo=cosmo)
    assert sv[0] == pytest.approx(4.9e-26, rel=0.1)
    assert sv[1] == pytest.approx(4.0e-26, rel=0.1)
    assert sv[2] == pytest.approx(4.4e-26, rel=0.1)
    # Dirac: twice, times the later freeze-out of g_tot = 4 (x_f shifts by ln 2: ~ +5 %)
    dirac = relic.sigmav_for_omega(m, self_conjugate=False, cosmo=cosmo)
    assert np.all((dirac / sv > 2.0) & (dirac / sv < 2.25))
    # the inverse reproduces the target
    np.testing.assert_allclose(relic.omega_h2(m, sv, cosmo=cosmo), 0.120, rtol=1e-5)


def test_pwave_ema2021_relic_input(cosmo):
    """ema2021 Eq. (2) input b = 2.2e-25 cm^3/s at M = 2 MeV: spec T20 Omega h^2 ~ 0.13 (25 %);
    our thermal b at 2 MeV is within 5 % of 2.2e-25."""
    assert relic.omega_h2(2.0, 0.0, 2.2e-25, cosmo=cosmo) == pytest.approx(0.13, rel=0.25)
    assert relic.sigmav_for_omega(2.0, 0.0, 1.0, cosmo=cosmo) == pytest.approx(2.2e-25, rel=0.05)


def test_semi_analytic_error(cosmo):
    """Stated error of method='semi' against the full solve: < 3 % (s-wave), < 5 % (p-wave)."""
    m = np.geomspace(0.5, 1000.0, 12)
    for a, b, tol in ((3e-26, 0.0, 0.03), (0.0, 2.2e-25, 0.05)):
        full = relic.omega_h2(m, a, b, cosmo=cosmo)
        semi = relic.omega_h2(m, a, b, method="semi", cosmo=cosmo)
        assert np.max(np.abs(semi / full - 1)) < tol


def test_freezeout_point(cosmo):
    """x_f ~ 15 for a thermal cross section at MeV masses (Kolb & Turner)."""
    assert 12.0 < relic.freezeout_x(3.0, 4.4e-26, cosmo=cosmo) < 18.0


def test_coannihilation_limits(cosmo):
    """Degenerate partner with equal cross sections = a single species of g1 + g2 dof; a very
    heavy partner decouples; the baryakhtar2020 counting gives sigma_eff = sigma v(chi chi*)/2."""
    m, a = 10.0, 3e-26
    single = relic.omega_h2(m, a, g_chi=4.0, cosmo=cosmo)
    pair = relic.omega_h2(m, a, g_chi=2.0, g_partner=2.0, delta_MeV=0.0, sigmav12_a_cm3_s=a,
                          sigmav22_a_cm3_s=a, cosmo=cosmo)
    assert pair == pytest.approx(single, rel=1e-6)
    heavy = relic.omega_h2(m, a, g_partner=2.0, delta_MeV=5.0, sigmav12_a_cm3_s=a,
                           sigmav22_a_cm3_s=a, cosmo=cosmo)
    assert heavy == pytest.approx(relic.omega_h2(m, a, cosmo=cosmo), rel=1e-3)
    # chi chi* pair (g_tot = 4, only 12 coannihilation) == Dirac particle with sigma v(chi chibar)
    coann = relic.sigmav_for_omega(m, 0.0, g_partner=2.0, delta_MeV=3e-3, sigmav12_a_cm3_s=1.0,
                                   cosmo=cosmo)
    dirac = relic.sigmav_for_omega(m, self_conjugate=False, cosmo=cosmo)
    assert coann == pytest.approx(dirac, rel=0.01)
    # spec paper-003-004 A2 table (ideal-gas g*; < 5 % in eps -> < 10 % in sigma v)
    assert coann == pytest.approx(8.21e-26, rel=0.1)


def test_ema2021_coannihilation_benchmark(cosmo):
    """Full coannihilation solve at the paper's Eq. (12) couplings lands within 20 % of 0.12
    (Eq. 12 uses x_FO = 15 and the 3b/x_f shortcut)."""
    sol = line511.coann_solution(3.0, 3e-3, 2.0, 15.0, 1.1e-3)  # the paper's m_phi, m_V, v_b
    sv12 = float(line511.sigmav_12_ee_cm3_s(3.0, 15.0, sol["g_D"], sol["eps"]))
    b = float(sol["b_ii_cm3_s"])
    om = relic.omega_h2(3.0, 0.0, b, g_partner=2.0, delta_MeV=3e-3, sigmav12_a_cm3_s=sv12,
                        sigmav22_b_cm3_s=b, cosmo=cosmo)
    assert om == pytest.approx(0.12, rel=0.2)


def test_dark_sector_temperature(cosmo):
    """halp2025 spec §3: Dirac p-wave at xi = 0.46524, g* = g*s = 10.75: the full solve agrees
    with the spec's Servant–Tait number g = 2.0e-3 sqrt(m/MeV) to 5 % (sigma v ~ g^4 -> 20 %)."""
    c = Cosmology.constant(10.75)
    xi = 0.46524
    b_full = relic.sigmav_for_omega(10.0, 0.0, 1.0, self_conjugate=False, xi=xi, cosmo=c)
    b_semi = relic.sigmav_for_omega(10.0, 0.0, 1.0, self_conjugate=False, xi=xi, cosmo=c,
                                    method="semi")
    assert b_full == pytest.approx(b_semi, rel=0.08)
    # a colder dark sector needs a smaller cross section (Omega ~ xi / sigma v at fixed x'_f)
    b_hot = relic.sigmav_for_omega(10.0, 0.0, 1.0, self_conjugate=False, xi=1.0, cosmo=c)
    assert 0.3 < b_full / b_hot < 0.7


def test_tabulated_cross_section_matches_ab(cosmo):
    """A table of a + 6b/x on a ln-x grid reproduces the (a, b) solve to 1e-3."""
    x = np.geomspace(0.5, 2e4, 200)
    a, b = 1e-26, 1e-25
    tab = relic.omega_h2(10.0, 0.0, sigmav_table=(x, a + 6 * b / x), cosmo=cosmo)
    ab = relic.omega_h2(10.0, a, b, cosmo=cosmo)
    assert tab == pytest.approx(ab, rel=1e-3)


def test_gondolo_gelmini_nonrelativistic_limit():
    """<sigma v> of sigma = (a + b v^2)/v_Moller tends to a + 6 b/x at large x (1/x corrections)."""
    m, a, b = 5.0, 1.0, 3.0
    def sigma(sqrt_s):
        s = sqrt_s**2
        beta = np.sqrt(np.clip(1 - 4 * m**2 / s, 1e-300, None))
        v2 = s / m**2 - 4.0
        return (a + b * v2) / (2 * beta)
    x = np.array([200.0, 2000.0])
    gg = relic.thermal_average_gg(sigma, m, x)
    for g, xv in zip(gg, x):  # relativistic corrections O(1/x); 2/x would miss a factor 2
        assert g == pytest.approx(a + 6 * b / xv, rel=2.0 / xv)



def test_gondolo_gelmini_grid_cache_is_mass_independent():
    """The z grid and its Bessel factors are cached per x and shared by every mass: a mass
    computed after another (cache warm) equals the same mass computed alone (cache cold), with
    and without resonance nodes (which bypass the cache)."""
    def sigma_for(m):
        return lambda rs: 1.0 / (1.0 + (rs / m - 2.5) ** 2)
    x = np.geomspace(1.0, 1.0e4, 9)
    for zp in ((), (2.5,)):
        relic._gg_grid.cache_clear()
        cold = relic.thermal_average_gg(sigma_for(7.0), 7.0, x, z_points=zp)
        relic.thermal_average_gg(sigma_for(3.0), 3.0, x, z_points=zp)
        warm = relic.thermal_average_gg(sigma_for(7.0), 7.0, x, z_points=zp)
        assert np.array_equal(cold, warm)

# --- bad input -----------------------------------------------------------------
@pytest.mark.parametrize("kwargs,match", [
    (dict(m_MeV=-1.0, sigmav_a_cm3_s=3e-26), "m_MeV"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=-3e-26), "sigmav_a_cm3_s"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=3e-26, xi=1.5), "xi"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=3e-26, xi=0.0), "xi"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=3e-26, g_partner=2, delta_MeV=1.0), "delta_MeV"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=0.0), "vanish"),
    (dict(m_MeV=1.0, sigmav_a_cm3_s=3e-26, method="magic"), "method"),
    (dict(m_MeV=[1.0, np.nan], sigmav_a_cm3_s=3e-26), "point 1"),
])
def test_bad_input(kwargs, match, cosmo):
    with pytest.raises(relic.RelicError, match=match):
        relic.omega_h2(cosmo=cosmo, **kwargs)


def test_vectorised_shapes(cosmo):
    m = np.geomspace(1, 100, 6).reshape(2, 3)
    out = relic.omega_h2(m, 3e-26, cosmo=cosmo)
    assert out.shape == (2, 3)
    assert isinstance(relic.omega_h2(3.0, 3e-26, cosmo=cosmo), float)
    np.testing.assert_allclose(out.ravel()[2], relic.omega_h2(m.ravel()[2], 3e-26, cosmo=cosmo))


def test_gondolo_gelmini_resonance_nodes_merge_like_unique():
    """The resonance nodes are merged into the cached grid (Bessel factors on the new nodes
    only); the average equals a direct evaluation on np.unique of both grids, also when a
    resonance node falls on a grid node (the general path)."""
    from scipy.special import k1e, kve

    def direct(sigma, m, xv, zp, n_z=4000):
        zmax = 2.0 + 60.0 / xv
        t = np.linspace(0.0, math.sqrt(zmax - 2.0), n_z)
        z = 2.0 + t * t
        off = np.geomspace(1e-7, 0.5, 400)
        ext = np.concatenate([zp + off * zp, zp - off * zp])
        z = np.unique(np.concatenate([z, ext[(ext > 2.0) & (ext < zmax)]]))
        f = sigma(z * m) * z * z * (z * z - 4.0) * k1e(xv * z) * np.exp(-xv * (z - 2.0))
        return xv / (4.0 * kve(2, xv) ** 2) * np.trapezoid(f, z)

    def sigma(rs):
        return 1.0 / (1.0 + (rs / 7.0 - 2.5) ** 2)
    x = np.array([1.0, 3.0, 20.0])
    for zp in (2.5, 4.0):
        got = relic.thermal_average_gg(sigma, 7.0, x, z_points=(zp,))
        assert np.array_equal(got, [direct(sigma, 7.0, xv, zp) for xv in x])
    _, z, z2m4, k1, ex = relic._gg_grid(3.0, 4000)
    extra = np.array([z[10], 0.5 * (z[20] + z[21]), z[10]])  # a grid node, a new one, a repeat
    merged = relic._with_nodes(3.0, z, z2m4, k1, ex, extra)
    zu = np.unique(np.concatenate([z, extra]))
    for a, b in zip(merged, (zu, zu * zu - 4.0, k1e(3.0 * zu), np.exp(-3.0 * (zu - 2.0)))):
        assert np.array_equal(a, b)
