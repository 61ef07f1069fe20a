"""Solar-reflected flux, Eq. (14) of Ema-Sala-Sato (spec §1.7, check T12)."""

import numpy as np
import pytest
from scipy import integrate, special

from mevdm.astro.solar_model import load_agss09
from mevdm.astro.solar_reflection import reflected_flux, thermal_dsigma_dE_v
from mevdm.core.units import M_E, keV


@pytest.fixture(scope="module")
def sun(store):
    return load_agss09(store)


def test_pwave_benchmark_flux_T12(sun):
    # spec T12 (derived, same model): Phi = 1.82e4 /cm2/s, <E> = 0.51 keV; 10 % tolerance
    f = reflected_flux(sun, 2.0, 4e-38)
    assert f.total_cm2_s == pytest.approx(1.82e4, rel=0.10)
    assert f.mean_E_keV == pytest.approx(0.51, rel=0.10)


def test_coannihilation_benchmark_flux_T12(sun):
    # spec T12: Phi_chi2 = 1.94e2 /cm2/s, <E> = 0.85 keV for M = 3 MeV, delta = 3 keV
    f = reflected_flux(sun, 3.0, 1.9e-38, delta_MeV=3 * keV)
    assert f.total_cm2_s == pytest.approx(194.0, rel=0.10)
    assert f.mean_E_keV == pytest.approx(0.85, rel=0.10)


@pytest.mark.parametrize("M, T_keV", [(2.0, 1.3), (5.0, 0.8)])
def test_elastic_thermal_average_integrates_to_mean_speed(M, T_keV):
    # int dE <dsigma/dE v>/sigma = <v> = sqrt(8T/(pi m_e)); mean E = 4 mu^2 T/(m_e M)
    T = T_keV * keV
    E = np.geomspace(1e-6, 200, 4000) * keV
    g = thermal_dsigma_dE_v(E, M, 0.0, T)
    tot = integrate.trapezoid(g * E, np.log(E))
    assert tot == pytest.approx(np.sqrt(8 * T / (np.pi * M_E)), rel=1e-3)
    mu = M * M_E / (M + M_E)
    mean = integrate.trapezoid(g * E * E, np.log(E)) / tot
    assert mean == pytest.approx(4 * mu**2 * T / (M_E * M), rel=1e-3)


@pytest.mark.parametrize("delta_keV", [1.0, 3.0, 6.0])
def test_inelastic_thermal_average_matches_baryakhtar_eq_4_8(delta_keV):
    # <sigma v>/sigma = sqrt(2 m_e/(pi T)) (delta/mu) e^{-y} K1(y), y = m_e delta/(2 mu T)
    M, T, d = 3.0, 1.3 * keV, delta_keV * keV
    mu = M * M_E / (M + M_E)
    E = np.geomspace(1e-7, 300, 8000) * keV
    g = thermal_dsigma_dE_v(E, M, d, T)
    tot = integrate.trapezoid(g * E, np.log(E))
    y = M_E * d / (2 * mu * T)
    expected = np.sqrt(2 * M_E / (np.pi * T)) * (d / mu) * special.k1e(y) * np.exp(-2 * y)
    assert tot == pytest.approx(expected, rel=2e-3)


def test_flux_scalings(sun):
    # linear in sigma_e and in rho_DM, and ~1/M through n_DM at fixed kinematics
    a = reflected_flux(sun, 2.0, 1e-38).total_cm2_s
    assert reflected_flux(sun, 2.0, 3e-38).total_cm2_s == pytest.approx(3 * a, rel=1e-12)
    assert reflected_flux(sun, 2.0, 1e-38, rho_dm_GeV_cm3=0.4).total_cm2_s == \
        pytest.approx(4 / 3 * a, rel=1e-12)


@pytest.mark.parametrize("kw", [dict(M_MeV=2.0, sigma_e_cm2=1e-38, delta_MeV=2.0),
                                dict(M_MeV=-1.0, sigma_e_cm2=1e-38),
                                dict(M_MeV=2.0, sigma_e_cm2=-1.0),
                                dict(M_MeV=2.0, sigma_e_cm2=1e-38, delta_MeV=-1e-3)])
def test_bad_input_raises(sun, kw):
    with pytest.raises(ValueError):
        reflected_flux(sun, **kw)


@pytest.mark.parametrize("M,delta_keV", [(0.5, 0.0), (3.0, 3.0), (20.0, 20.0)])
def test_flux_early_stop_equals_the_full_radial_sum(sun, M, delta_keV):
    # the kernel stops the radial sum once the outer (cooler) layers cannot add 1e-17 of it;
    # an independent full numpy sum of Eq. 14's trapezoid over every layer must agree to
    # round-off (1e-14: a dropped layer that mattered would show at >= 1e-10)
    from mevdm.astro.solar_reflection import energy_grid_MeV
    from mevdm.core.units import AU_CM, C_CM_S, GEV_PER_CM3_IN_MEV, km_s_to_c
    E = energy_grid_MeV()
    mu = M * M_E / (M + M_E)
    r, T = sun.r_cm, sun.T_MeV
    dr = 0.5 * (np.append(r[1:], r[-1]) - np.insert(r[:-1], 0, r[0]))
    wr = dr * r**2 * (sun.v_esc / km_s_to_c(220.0)) * sun.n_e_cm3 * np.sqrt(2 * M_E / (np.pi * T))
    vmin = (M * E / mu + delta_keV * keV) / np.sqrt(2 * M * E)
    x = 0.5 * M_E * vmin[:, None] ** 2 / T[None, :]
    full = (wr * np.where(x < 700, np.exp(-np.minimum(x, 700)), 0.0)).sum(axis=1)
    full *= 0.3 * GEV_PER_CM3_IN_MEV / M / AU_CM**2 * 1e-38 * C_CM_S * M / (2 * mu * mu)
    got = reflected_flux(sun, M, 1e-38, delta_keV * keV).dphi_dE
    assert np.all(got[full == 0] == 0)
    assert got[full > 0] == pytest.approx(full[full > 0], rel=1e-14)


@pytest.mark.parametrize("M,delta_keV", [(0.5, 0.0), (2.0, 0.0), (10.0, 0.0), (2.05, 0.1),
                                         (3.0, 3.0), (4.3, 10.0), (50.0, 30.0)])
def test_tabulated_radial_sum_equals_the_flux_kernel(sun, M, delta_keV):
    # ReflectedFluxTable (the ema2021 fig2 scan) interpolates ln S(a) of the radial sum between
    # 8192 nodes; against the kernel's direct sum over every layer it must agree to 1e-10
    # (measured <= 1.5e-11, the cubic Hermite error; a wrong node, weight or norm would show at
    # >= 1e-3) wherever the flux is above e^-200 of its peak, and be negligible below
    from mevdm.astro.solar_reflection import ReflectedFluxTable
    table = ReflectedFluxTable.build(sun, 220.0)
    exact = reflected_flux(sun, M, 1e-38, delta_keV * keV, 0.4, 220.0).dphi_dE
    got = table.flux(M, 1e-38, delta_keV * keV, 0.4).dphi_dE
    big = exact > np.exp(-200.0) * exact.max()
    assert got[big] == pytest.approx(exact[big], rel=1e-10)
    assert np.all(got[~big] <= np.exp(-190.0) * exact.max())
