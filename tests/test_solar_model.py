"""AGSS09 profile (spec paper-000-002 §1.7, check T11) and the v_esc integral."""

import numpy as np
import pytest

from mevdm.astro.solar_model import SPECIES, electron_density_cm3, escape_speed_c, load_agss09
from mevdm.core.units import C_KM_S, G_NEWTON_CGS, M_SUN_G, R_SUN_CM


@pytest.fixture(scope="module")
def sun(store):
    return load_agss09(store)


def test_core_values_match_spec_T11(sun):
    # spec T11 (derived from the same table): 2 % tolerance covers A_i and constant choices
    core = sun.core
    assert core["ne0_cm3"] == pytest.approx(6.14e25, rel=0.02)
    assert core["T0_keV"] == pytest.approx(1.335, rel=0.02)
    assert core["vesc0_km_s"] == pytest.approx(1382.0, rel=0.02)


def test_surface_escape_speed_is_keplerian(sun):
    # at 0.985 R_sun almost all mass is inside: v_esc^2 ~ 2GM/R (1/0.985), 1 % tolerance
    v_surface = np.sqrt(2 * G_NEWTON_CGS * M_SUN_G / R_SUN_CM) / 1e5
    assert sun.v_esc[-1] * C_KM_S == pytest.approx(v_surface / np.sqrt(0.985), rel=0.01)
    assert np.all(np.diff(sun.v_esc) < 0)  # escape speed falls outwards


def test_uniform_sphere_centre_escape_speed():
    # homogeneous sphere: v_esc(0)^2 = 3 G M / R exactly (factor sqrt(1.5) over the surface)
    x = np.linspace(1e-3, 1.0, 4001)
    v = escape_speed_c(x * R_SUN_CM, x**3)
    expected = np.sqrt(3 * G_NEWTON_CGS * M_SUN_G / R_SUN_CM) / (C_KM_S * 1e5)
    assert v[0] == pytest.approx(expected, rel=1e-4)


def test_electron_density_pure_hydrogen_and_helium():
    # rho = 1 g/cm^3 of H1: n_e = 1/m_H; of He4: 2/m_He4 (Z/A); catches a missing Z or A
    X = np.zeros((2, len(SPECIES)))
    X[0, 0] = 1.0
    X[1, 1] = 1.0
    ne = electron_density_cm3(np.ones(2), X)
    assert ne[0] == pytest.approx(1 / 1.6735575e-24, rel=1e-4)
    assert ne[1] == pytest.approx(2 / 6.6464731e-24, rel=1e-4)


def test_core_electron_fraction(sun):
    # Y_e = (1 + X_H)/2 for H + He: at the centre X_H = 0.362 -> n_e m_u / rho ~ 0.68 (1 %)
    ye = sun.n_e_cm3[0] * 1.66054e-24 / sun.rho_g_cm3[0]
    assert ye == pytest.approx((1 + 0.362) / 2, rel=0.01)


def test_unsorted_radii_rejected():
    with pytest.raises(ValueError, match="increasing"):
        escape_speed_c(np.array([2.0, 1.0]), np.array([0.5, 0.4]))
