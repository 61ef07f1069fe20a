"""mevdm.early.cosmology: SM degrees of freedom, H, s and equilibrium yields."""

import math

import numpy as np
import pytest
from scipy.special import kn

from mevdm.core import units
from mevdm.early.cosmology import Cosmology, bessel_k1, bessel_k2, ln_neq_over_T3


@pytest.fixture(scope="module")
def cosmo(store):
    return Cosmology.from_store(store)


def test_dof_limits(cosmo):
    # late times: photons + 3 nu at T_nu = (4/11)^{1/3} T: g* = 3.36, g*s = 3.91 (table 3.384/3.939)
    assert cosmo.g_star(1e-3) == pytest.approx(3.38, rel=0.01)
    assert cosmo.g_star_s(1e-3) == pytest.approx(3.94, rel=0.01)
    # 1-10 MeV: gamma + e+- + 3 nu = 10.75 (spec A2 check values 10.59, 10.76; 2 % for the
    # table's non-instantaneous e+- and nu treatment)
    assert cosmo.g_star(1.0) == pytest.approx(10.59, rel=0.02)
    assert cosmo.g_star(10.0) == pytest.approx(10.76, rel=0.02)
    # 100 MeV: muons and pions partly populated (spec A2: 16.4); table 17.8 -> 10 %
    assert cosmo.g_star(100.0) == pytest.approx(16.4, rel=0.1)
    # far above the EW scale: 106.75 (SM)
    assert cosmo.g_star(1e7) == pytest.approx(106.75, rel=0.01)


def test_sqrt_gstar_equals_combination_without_steps(cosmo):
    # where g*s is flat, g*^{1/2} = g*s/sqrt(g*) (the derivative term vanishes); 1 % catches a
    # mix-up of the columns (sqrt(g*) vs g*s/sqrt(g*) differ by 15 % at 1 keV)
    for T in (1e-3, 3.0):
        assert cosmo.sqrt_g_star(T) == pytest.approx(cosmo.g_star_s(T) / math.sqrt(cosmo.g_star(T)),
                                                     rel=0.01)


def test_table_nodes_reproduced(cosmo, store):
    d = np.genfromtxt(store.path("hazma_sm_dof/smdof.dat"), delimiter=",", skip_header=1)
    T = d[::7, 0] * 1e3
    np.testing.assert_allclose(cosmo.g_star_s(T), d[::7, 2], rtol=1e-4)
    np.testing.assert_allclose(cosmo.sqrt_g_star(T), d[::7, 1], rtol=1e-4)


def test_hubble_and_entropy(cosmo):
    T = 1.0
    g = cosmo.g_star(T)
    assert cosmo.hubble(T) == pytest.approx(1.66 * math.sqrt(g) * T**2 / units.M_PLANCK_MEV,
                                            rel=2e-3)
    # today: s0 = 2891 cm^-3 from T_CMB = 2.7255 K and g*s = 3.91 (0.5 %: table g*s = 3.939)
    s0 = cosmo.entropy_density_cm3(units.kelvin_to_mev(units.T_CMB_K))
    assert s0 == pytest.approx(units.S0_CM3, rel=0.01)


def test_bessel_functions():
    x = np.array([1e-3, 0.3, 1.99, 2.01, 7.0, 50.0, 400.0])
    np.testing.assert_allclose([bessel_k1(v) for v in x], kn(1, x), rtol=1e-6)
    np.testing.assert_allclose([bessel_k2(v) for v in x], kn(2, x), rtol=1e-6)


def test_equilibrium_yields(cosmo):
    # relativistic limit: n = (3/4) zeta(3)/pi^2 g T^3 (fermion), zeta(3)/pi^2 g T^3 (boson);
    # the 5-term Bessel series (as in hazma) truncates sum 1/k^3 at 0.3 % (FD) / 1.4 % (BE)
    z3 = 1.2020569031595942
    assert math.exp(ln_neq_over_T3(1e-4, 0)) == pytest.approx(0.75 * z3 / math.pi**2, rel=5e-3)
    assert math.exp(ln_neq_over_T3(1e-4, 1)) == pytest.approx(z3 / math.pi**2, rel=2e-2)
    # at x = 1 the series is converged: compare with 40 terms
    terms = sum((-1) ** (k + 1) / k * kn(2, k * 1.0) for k in range(1, 41)) / (2 * math.pi**2)
    assert math.exp(ln_neq_over_T3(1.0, 0)) == pytest.approx(terms, rel=5e-4)
    # non-relativistic: all statistics agree, n = g (m T/2 pi)^{3/2} e^{-x}
    x = 30.0
    nr = (x / (2 * math.pi)) ** 1.5 * math.exp(-x)
    for stat in (0, 1, 2):
        assert math.exp(ln_neq_over_T3(x, stat)) == pytest.approx(nr, rel=1.0 / x)
    # Y_eq = n/s with xi^3 scaling of a colder dark sector
    y1 = cosmo.yield_eq(20.0, mass_MeV=10.0)
    y2 = cosmo.yield_eq(20.0, mass_MeV=10.0 * 0.5, xi=0.5)  # same T = m/(xi x) = 0.5 MeV
    assert y2 / y1 == pytest.approx(0.125, rel=1e-6)


def test_constant_cosmology_and_errors(cosmo):
    c = Cosmology.constant(10.75)
    assert c.g_star(0.3) == 10.75 and c.sqrt_g_star(1e3) == pytest.approx(math.sqrt(10.75))
    with pytest.raises(ValueError, match="g_star"):
        Cosmology.constant(-1.0)
    with pytest.raises(ValueError, match="T_MeV"):
        cosmo.g_star(-1.0)
    with pytest.raises(ValueError, match="statistics"):
        cosmo.yield_eq(3.0, statistics="quantum")


def test_not_a_knot_spline_is_scipys_cubic_spline():
    # our spline avoids importing scipy.interpolate (~1 s per job); it must be the same curve
    from scipy.interpolate import CubicSpline

    from mevdm.early.cosmology import not_a_knot_spline

    rng = np.random.default_rng(7)
    x = np.cumsum(rng.uniform(0.05, 0.2, 300))
    y = np.sin(x) + 0.1 * rng.normal(size=x.size)
    xn = np.linspace(x[0], x[-1], 4000)
    np.testing.assert_allclose(not_a_knot_spline(x, y, xn), CubicSpline(x, y)(xn), rtol=0, atol=1e-12)
