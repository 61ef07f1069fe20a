"""Thermal target of inelastic DM (baryakhtar2020 Sec. 3.1, Eq. 3.6; spec A2)."""

import math

import numpy as np
import pytest

from mevdm.models import inelastic, inelastic_thermal as it
from mevdm.early.relic import default_cosmology
from mevdm.core.units import C_CM_S, M_E


@pytest.fixture(scope="module")
def cosmo(store):
    return default_cosmology(store)


# spec A2 table (alpha_D = 0.5, m_A' = 3 m, leptons only; ideal-gas g*): m, sigma v, eps
SPEC_A2 = [(1.0, 1.08e-25, 1.14e-6), (3.7, 8.68e-26, 3.73e-6), (10.0, 8.21e-26, 9.79e-6),
           (30.0, 8.50e-26, 2.99e-5), (100.0, 9.04e-26, 1.03e-4)]


def test_thermal_sigmav_and_eps_match_the_spec_table(cosmo):
    # 5%: the spec used an ideal-gas g*(T), we use hazma's table (spec: < 5% in eps)
    m = np.array([r[0] for r in SPEC_A2])
    sv = it.thermal_sigmav_cm3_s(m, cosmo=cosmo)
    eps = it.thermal_eps(m, 0.5, 3.0, hadrons=False, cosmo=cosmo)
    np.testing.assert_allclose(sv, [r[1] for r in SPEC_A2], rtol=0.05)
    np.testing.assert_allclose(eps, [r[2] for r in SPEC_A2], rtol=0.05)


def test_eq_3_6_thermal_eps_at_100_MeV(cosmo):
    # paper ~1e-4 (spec C#9, factor 2); below the pion threshold hadrons do not contribute
    e_had = it.thermal_eps(100.0, 0.5, 3.0, hadrons=True, cosmo=cosmo)
    e_lep = it.thermal_eps(100.0, 0.5, 3.0, hadrons=False, cosmo=cosmo)
    assert e_had == e_lep
    assert 0.5e-4 < e_had < 2e-4


def test_eps_scales_as_alpha_D_to_minus_one_half_and_sigma_e_is_alpha_D_free(cosmo):
    m = np.array([2.0, 50.0, 500.0])
    e1 = it.thermal_eps(m, 0.01, 3.0, cosmo=cosmo)
    e2 = it.thermal_eps(m, 1.0, 3.0, cosmo=cosmo)
    np.testing.assert_allclose(e1 / e2, 10.0, rtol=1e-12)
    s1 = inelastic.sigma_e_cm2(m, e1, 0.01, 3 * m)
    s2 = inelastic.sigma_e_cm2(m, e2, 1.0, 3 * m)
    np.testing.assert_allclose(s1, s2, rtol=1e-12)
    np.testing.assert_allclose(s1, it.thermal_sigma_e_cm2(m, 3.0, cosmo=cosmo), rtol=1e-12)


def test_spec_a1_sigma_e_relation_below_the_muon_threshold(cosmo):
    # sigma_e = (25/81)(mu^2/m^2) sigma v_ee / c for m_A' = 3 m, m_e << m (spec A1)
    m = 20.0
    sv = it.thermal_sigmav_cm3_s(m, cosmo=cosmo)
    mu = inelastic.reduced_mass_e(m)
    ratio = 1 + 0.5 * (M_E / m) ** 2  # (1 + m_e^2/2m^2) sqrt(1 - m_e^2/m^2) correction
    ratio *= math.sqrt(1 - (M_E / m) ** 2)
    expected = 25 / 81 * mu**2 / m**2 * sv / C_CM_S / ratio
    assert it.thermal_sigma_e_cm2(m, 3.0, cosmo=cosmo) == pytest.approx(expected, rel=1e-10)


def test_subdominant_fraction_needs_larger_cross_section(cosmo):
    # Omega ~ x_f/<sigma v> and x_f grows by ln 10 when sigma v grows 10x: ratio
    # 10 (1 + ln 10/x_f) with x_f ~ 14-20 -> between 11 and 12.5 (a factor 2 error fails)
    sv1 = it.thermal_sigmav_cm3_s(10.0, 1.0, cosmo=cosmo)
    sv01 = it.thermal_sigmav_cm3_s(10.0, 0.1, cosmo=cosmo)
    assert 11.0 < sv01 / sv1 < 12.5


def test_r_ratio_thresholds_resonances_and_continuum():
    assert it.r_ratio(np.array([200.0, 2 * 139.0]))[0] == 0.0
    r = it.r_ratio(np.array([775.26, 1019.461, 1800.0]))
    assert 5 < r[0] < 15         # rho peak (e+e- -> pi pi ~ 1.2 nb/ 145 nb ~ 8)
    assert 30 < r[1] < 80        # phi peak (sigma ~ 4.4 ub / 83 nb ~ 53)
    assert r[2] == pytest.approx(2 * (1 + 0.5 / math.pi), rel=0.02)  # u, d, s continuum


def test_hadrons_lower_eps_above_the_pion_threshold(cosmo):
    m = np.array([300.0, 390.0, 1000.0])
    assert np.all(it.thermal_eps(m, 0.5, 3.0, hadrons=True, cosmo=cosmo)
                  < it.thermal_eps(m, 0.5, 3.0, hadrons=False, cosmo=cosmo))


@pytest.mark.parametrize("kw", [dict(m_chi_MeV=-1.0), dict(alpha_D=20.0), dict(mA_over_mchi=1.5),
                                dict(f_chi=1.5)])
def test_bad_input_raises(kw, cosmo):
    args = dict(m_chi_MeV=10.0, alpha_D=0.5, mA_over_mchi=3.0, f_chi=1.0)
    args.update(kw)
    with pytest.raises(ValueError):
        it.thermal_eps(args["m_chi_MeV"], args["alpha_D"], args["mA_over_mchi"], args["f_chi"],
                       cosmo=cosmo)
