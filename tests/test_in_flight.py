"""mevdm.positrons.in_flight: Heitler, losses, survival, IfA yield, positronium (spec 001 §7, §9.9)."""

import math

import numpy as np
import pytest
from scipy import integrate

from mevdm.positrons import in_flight as F
from mevdm.core import units as u


@pytest.fixture(scope="module")
def neutral():
    return F.InFlight(x_ion=0.0)


@pytest.mark.parametrize("gam", [1.05, 2.0, 7.0, 40.0])
def test_heitler_normalisation(gam):
    # two photons per annihilation: int dsigma/dk dk = 2 sigma_Dirac (spec §7, 1e-6)
    p = math.sqrt(gam * gam - 1)
    val = integrate.quad(lambda k: F.heitler_dsigma_dk(k, gam), 0.5 * (gam + 1 - p), 0.5 * (gam + 1 + p),
                         epsrel=1e-12, limit=200)[0]
    assert val == pytest.approx(2 * F.sigma_dirac(gam), rel=1e-6)


def test_gamma_min_is_kinematic_edge():
    # k > 1: upper edge k_max(gamma_min) = k; 1/2 < k < 1: lower edge k_min(gamma_min) = k
    for k in (0.8, 2.0, 10.0):
        g = F.gamma_min(k)
        sgn = 1.0 if k > 1 else -1.0
        assert 0.5 * (g + 1 + sgn * math.sqrt(g * g - 1)) == pytest.approx(k, rel=1e-12)


def test_classical_electron_radius():
    assert F.R_E_CM == pytest.approx(2.8179403e-13, rel=1e-7)


@pytest.mark.parametrize("T0,val", [(1, 0.030), (3, 0.066), (5, 0.087), (7.5, 0.104), (10, 0.117), (20, 0.151)])
def test_in_flight_fraction_neutral(neutral, T0, val):
    # spec §7 / §9.9 (abs 0.005)
    assert 1 - float(neutral.p_inf(T0)) == pytest.approx(val, abs=0.005)


def test_in_flight_fraction_ionised():
    ion = F.InFlight(x_ion=1.0, n_e_cm3=0.1)
    vals = 1 - ion.p_inf(np.array([1.0, 3.0, 10.0, 20.0]))
    np.testing.assert_allclose(vals, [0.008, 0.020, 0.038, 0.052], atol=0.002)


def test_ifa_photon_count(neutral):
    # a delta injection: IfA photons per positron = 2 (1 - P_inf) (two photons per annihilation)
    T0 = 5.0
    E = np.geomspace(0.2555, 6.0, 6000)
    n = np.trapezoid(neutral.photon_yield(E, T0=T0), E)
    assert n == pytest.approx(2 * (1 - float(neutral.p_inf(T0))), rel=5e-3)


def test_ifa_cutoff(neutral):
    T0 = 4.339
    kmax = F.k_max(T0)
    y = neutral.photon_yield(np.array([0.98 * kmax, 1.01 * kmax]), T0=T0)
    assert y[0] > 0 and y[1] == 0
    assert kmax == pytest.approx(5.09, abs=0.01)  # spec §7: m = 10, r = 0.2


def test_continuous_injection_reduces_to_delta(neutral):
    # a narrow box spectrum (+-0.05 MeV, ~10 grid cells) around T0 gives the delta result to O(width/T0)
    T0 = 3.0
    Tb = np.linspace(T0 - 0.05, T0 + 0.05, 101)
    S = np.full_like(Tb, 1 / 0.1)
    E = np.array([0.7, 1.5, 3.0])
    np.testing.assert_allclose(neutral.photon_yield(E, T_inj=Tb, S=S), neutral.photon_yield(E, T0=T0), rtol=2e-2)


def test_positronium_normalisation():
    line = 1.0e-3
    E = np.geomspace(1e-4, u.M_E, 20001)[:-1]
    n_ops = np.trapezoid(F.ops_continuum_e2(E, line) / E ** 2, E)
    ops, lines = F.ops_fraction_photons(0.967)
    assert n_ops == pytest.approx(line / lines * ops, rel=2e-3)
    El = u.M_E + np.linspace(-0.01, 0.01, 4001)
    assert np.trapezoid(F.pps_line_e2(El, line) / El ** 2, El) == pytest.approx(line, rel=1e-6)


def test_bad_inputs():
    with pytest.raises(ValueError, match="x_ion"):
        F.InFlight(x_ion=1.5)
    with pytest.raises(ValueError, match="kinetic energy"):
        F.InFlight().p_inf(500.0)
