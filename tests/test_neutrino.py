"""Solar neutrino fluxes and nu-e scattering through X (jho2020 Scenario #1, Eqs. 5-7)."""

import numpy as np
import pytest

from mevdm.astro import neutrino
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.fits import LogLogFolder
from mevdm.models.lepton_vector import dsigma_dT, k1_min, t_max
from mevdm.core.units import M_E


@pytest.fixture(scope="module")
def flux(store):
    return neutrino.load_solar_flux(store)


def test_flux_normalisations(flux):
    # shapes re-normalised to 1, so each source integrates to its B16-GS98 flux; pp dominates
    total = flux.total_flux()
    expected = 5.98e10 + 1.44e8 + 7980 + 4.93e9 + 5.46e6 + 2.78e8 + 2.05e8 + 5.28e6
    assert total == pytest.approx(expected, rel=2e-3)  # trapezoid on a 6000-point log grid
    assert flux.line_flux.sum() == pytest.approx(1.44e8 + 4.93e9, rel=1e-12)


def test_threshold_eq7_is_inverse_of_kinematics():
    # Eq. 7 (m_nu = 0) and the general k1_min agree, and T_max(E_min(K)) = K
    k = np.geomspace(1e-6, 1e-1, 20)
    emin = neutrino.e_nu_min_MeV(k)
    assert np.allclose([k1_min(x, 0.0, M_E) for x in k], emin, rtol=1e-12)
    assert np.allclose([t_max(e, 0.0, M_E) for e in emin], k, rtol=1e-10)


def test_moments_match_direct_quadrature(flux):
    # the factorised (cumulative-moment) rate equals Eq. 5 integrated directly; reason: same
    # integrand, different quadrature, 1e-3 covers the trapezoid partial cell
    kr = np.array([0.3, 1.5, 2.5, 5.0, 10.0, 25.0])
    for mx in (1e-3, 45.5e-3, 1.0):
        fast = neutrino.NuElectronX.build(flux, kr).rate(mx, 3.2e-7)
        slow = neutrino.rate_direct(kr, mx, flux, g=3.2e-7)
        assert np.allclose(fast, slow, rtol=1e-3)


def test_mass_and_coupling_scaling(flux):
    nux = neutrino.NuElectronX.build(flux, np.array([2.0]))
    # heavy X (m_X^2 >> 2 m_e K ~ 2e-3 MeV^2): contact limit, rate ~ m_X^-4
    assert nux.rate(20.0)[0] / nux.rate(40.0)[0] == pytest.approx(16.0, rel=1e-3)
    # light X (m_X^2 << 2 m_e K): m_X-independent
    assert nux.rate(1e-5)[0] == pytest.approx(nux.rate(1e-6)[0], rel=1e-4)
    # g_e = g_nu: rate ~ g^4
    assert nux.rate(0.05, 2e-7)[0] / nux.rate(0.05, 1e-7)[0] == pytest.approx(16.0, rel=1e-12)


def test_eq6_matches_textbook_massless_form():
    # Eq. 6 at m_nu = 0 equals m_e [2 - 2K/E - m_e K/E^2 + K^2/E^2] / [4 pi (2 m_e K + m_X^2)^2]
    for e, k, mx in ((0.3, 2e-3, 0.05), (0.862, 1e-2, 1e-3), (10.0, 3e-2, 2.0)):
        ref = M_E * (2 - 2 * k / e - M_E * k / e**2 + k**2 / e**2) / (4 * np.pi * (2 * M_E * k + mx**2) ** 2)
        assert dsigma_dT(k, e, 0.0, M_E, mx) == pytest.approx(ref, rel=1e-10)


def test_paper_best_fit_rate_matches_spec_diagnostic(store, flux):
    # spec B2 [computed]: at (45.5 keV, 3.2e-7), all flavours, smeared x efficiency,
    # R(1-30 keV) = 16 /(t yr); 10 % allows for SSM/shape details, catches any factor 2
    det = Xenon1TSR1.load(store)
    kr = np.geomspace(0.05, 40.0, 120)
    obs = LogLogFolder(det, kr).fold(neutrino.NuElectronX.build(flux, kr).rate(45.5e-3, 3.2e-7))
    assert obs.sum() == pytest.approx(16.0, rel=0.1)


def test_bad_inputs(store, flux):
    with pytest.raises(ValueError, match="model"):
        neutrino.load_solar_flux(store, model="BP04")
    with pytest.raises(ValueError, match="flavour_factor"):
        neutrino.NuElectronX.build(flux, [1.0], flavour_factor=1.5)
    with pytest.raises(ValueError, match="m_x_MeV = -1.0"):
        neutrino.NuElectronX.build(flux, [1.0]).rate(-1.0)
