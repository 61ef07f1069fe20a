"""Primordial chi* down-scattering (baryakhtar2020 Eqs. 3.8-3.11, spec A4) and the halo."""

import numpy as np
import pytest

from mevdm.detectors import downscattering as primordial
from mevdm.astro.halo import StandardHalo
from mevdm.models import inelastic
from mevdm.core.units import C_KM_S, ELECTRONS_PER_TONNE_XE, GEV_PER_CM3_IN_MEV, YEAR_S, keV

EDGES = np.arange(0, 40.0001, 0.02)


def sigma_e_for_y(y, m, alpha_D=0.5, ratio=3.0):
    eps = np.sqrt(y / alpha_D) * ratio**2
    return inelastic.sigma_e_cm2(m, eps, alpha_D, ratio * m)


def test_halo_is_normalised_and_matches_the_untruncated_mean_speed():
    v, w = StandardHalo().speed_grid()
    assert w.sum() == pytest.approx(1.0)
    h = StandardHalo(v_esc_km_s=1e4)
    v, w = h.speed_grid(4000)
    # boosted Maxwellian: <v> = v0/sqrt(pi) e^{-a^2} + (vE + v0^2/(2 vE)) erf(a), a = vE/v0
    from math import erf, exp, pi, sqrt
    a = 232 / 220
    mean = 220 / sqrt(pi) * exp(-a * a) + (232 + 220**2 / (2 * 232)) * erf(a)
    assert (v * w).sum() == pytest.approx(mean, rel=2e-3)


def test_eq_3_11_normalisation():
    # f* = 1, delta = 1 keV, y = 1e-10, m = 100 MeV, eta = 1: 7.8e5 /(t yr) (spec check #8)
    cells = primordial.recoil_cells(EDGES, 100.0, 1 * keV, sigma_e_for_y(1e-10, 100.0), 1.0,
                                    StandardHalo())
    assert cells.sum() == pytest.approx(7.8e5, rel=0.03)


def test_small_velocity_limit_eq_3_10():
    # for 2 delta/mu >> v^2 the rate tends to n* sigma_e sqrt(2 delta/mu) c, independent of the halo
    m, d, se = 30.0, 3 * keV, 1e-40
    mu = inelastic.reduced_mass_e(m)
    n_star = 0.3 * GEV_PER_CM3_IN_MEV / m
    expected = n_star * se * np.sqrt(2 * d / mu) * C_KM_S * 1e5 * ELECTRONS_PER_TONNE_XE * YEAR_S
    got = primordial.recoil_cells(EDGES, m, d, se, 1.0, StandardHalo()).sum()
    assert got == pytest.approx(expected, rel=0.01)


def test_line_position():
    assert primordial.line_energy_keV(3.0, 3 * keV) == pytest.approx(2.56, abs=0.01)
    assert primordial.line_energy_keV(100.0, 3 * keV) == pytest.approx(2.98, abs=0.01)
    cells = primordial.recoil_cells(EDGES, 100.0, 3 * keV, 1e-40, 1e-3, StandardHalo())
    centre = 0.5 * (EDGES[1:] + EDGES[:-1])
    assert abs(np.average(centre, weights=cells) - primordial.line_energy_keV(100.0, 3 * keV)) < 0.05


def test_fstar_out_of_range():
    with pytest.raises(ValueError, match="f\\*"):
        primordial.recoil_cells(EDGES, 30.0, 3 * keV, 1e-40, 1.5, StandardHalo())
