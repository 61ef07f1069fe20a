"""Solar up-scattering of inelastic DM (baryakhtar2020 Sec. 4, spec A5 and §C checks 1-7)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mevdm.astro import solar_upscatter as solar
from mevdm.models import inelastic
from mevdm.core.units import C_CM_S, M_E, keV

SUN = solar.SolarCore()
M, DELTA = 3.7, 3.5 * keV
# thermal sigma v(chi chi* -> ee) at 3.7 MeV, alpha_D = 0.5, m_A' = 3 m (spec A2 table)
SIGMA_E = inelastic.sigma_e_from_sigmav_ee_cm2(M, 8.68e-26, 0.5, 3.0)


def test_thermal_sigma_e_at_benchmark():
    assert SIGMA_E == pytest.approx(1.32e-38, rel=0.01)  # spec A2 table


def test_closed_form_equals_direct_integration():
    # check #2: Eq. 4.8 vs the double integral Eq. 4.5
    exact = solar.sigmav_up(SIGMA_E, M, DELTA, SUN.T_MeV)
    assert solar.sigmav_up_numerical(SIGMA_E, M, DELTA, SUN.T_MeV) == pytest.approx(exact, rel=1e-6)
    assert exact / (SIGMA_E * C_CM_S) == pytest.approx(3.947e-3, rel=1e-3)


@settings(max_examples=15, deadline=None)
@given(m=st.floats(0.5, 50.0), delta_keV=st.floats(0.1, 20.0), T_keV=st.floats(0.3, 10.0))
def test_closed_form_equals_integration_everywhere(m, delta_keV, T_keV):
    exact = solar.sigmav_up(1e-38, m, delta_keV * keV, T_keV * keV)
    num = solar.sigmav_up_numerical(1e-38, m, delta_keV * keV, T_keV * keV)
    assert num == pytest.approx(exact, rel=1e-5)


def test_eq_4_9_limits():
    # x << 1: sigma_e sqrt(8T/(pi m_e)); x >> 1: sigma_e sqrt(2 delta/mu) exp(-m_e delta/(mu T))
    T = SUN.T_MeV
    small = solar.sigmav_up(1.0, M, 1e-6 * keV, T) / C_CM_S
    assert small == pytest.approx(np.sqrt(8 * T / (np.pi * M_E)), rel=1e-3)
    mu = inelastic.reduced_mass_e(M)
    d = 60 * keV  # x ~ 30
    large = solar.sigmav_up(1.0, M, d, T) / C_CM_S
    assert large == pytest.approx(np.sqrt(2 * d / mu) * np.exp(-M_E * d / (mu * T)), rel=0.02)


def test_spectrum_integrates_to_the_total_flux_and_peaks_at_mu_delta_over_m():
    K = solar.K_grid(M, DELTA, SUN.T_MeV)
    dphi = solar.flux_spectrum(K, M, DELTA, SIGMA_E, SUN)
    phi = solar.total_flux(M, DELTA, SIGMA_E, SUN)
    assert np.trapezoid(dphi, K) == pytest.approx(phi, rel=1e-5)
    assert phi == pytest.approx(135, rel=0.01)  # spec A5 [computed]
    k_peak = inelastic.reduced_mass_e(M) * DELTA / M
    assert K[np.argmax(dphi)] == pytest.approx(k_peak, rel=0.01)
    assert k_peak / keV == pytest.approx(0.425, rel=0.01)


def test_mean_v2_matches_the_spectrum_average():
    # Eq. 4.13 with the corrected prefactor equals <2K/m> over dPhi/dK (spec A5)
    K = solar.K_grid(M, DELTA, SUN.T_MeV)
    w = solar.flux_spectrum(K, M, DELTA, SIGMA_E, SUN)
    avg = np.trapezoid(w * 2 * K / M, K) / np.trapezoid(w, K)
    assert solar.mean_v2(M, DELTA, SUN.T_MeV) == pytest.approx(avg, rel=1e-4)
    assert solar.enhancement_F(M, DELTA, SUN.T_MeV) == pytest.approx(6.05, rel=0.01)


def test_eq_4_3_flux_ratio():
    from mevdm.scoreboard import paper_values

    paper = paper_values("baryakhtar2020", "fig4")["flux_ratio_eq4_3"]  # the paper's 5e-8
    assert solar.flux_ratio_eq4_3() == pytest.approx(paper, rel=0.05)


def test_recoil_rate_at_benchmark_and_eq_4_16():
    edges = np.arange(0, 40.0001, 0.02)
    cells = solar.recoil_cells(edges, M, DELTA, SIGMA_E, SUN)
    assert cells.sum() == pytest.approx(47.1, rel=0.02)  # spec A5, eta = 1
    # recoil spectrum quantiles 2.64/3.18/3.76 keV (spec A5)
    cdf = np.cumsum(cells) / cells.sum()
    assert np.interp(0.5, cdf, edges[1:]) == pytest.approx(3.18, abs=0.05)
    assert solar.rate_eq4_16() == pytest.approx(26, rel=0.15)  # check #4


def test_xray_estimate_sec_4_3():
    se = inelastic.sigma_e_from_sigmav_ee_cm2(4.0, 8.59e-26, 0.5, 3.0)
    assert solar.sigmav_up(se, 4.0, DELTA, 6.8 * keV) == pytest.approx(4e-29, rel=0.3)


def test_bad_points_are_rejected():
    with pytest.raises(ValueError, match="below m_chi"):
        solar.flux_spectrum(np.array([1e-3]), 3.0, 4.0, 1e-38, SUN)
    with pytest.raises(ValueError, match="m_chi_MeV = -1.0: .* > 0"):
        solar.flux_spectrum(np.array([1e-3]), -1.0, 1e-3, 1e-38, SUN)
