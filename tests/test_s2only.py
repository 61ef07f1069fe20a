"""XENON1T S2-only release (check T15) and the 3-sigma overshoot limit rule (spec §1.8)."""

import numpy as np
import pytest

from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.xenon1t_s2only import (Xenon1TS2Only, overshoot_limit, sigma_limit_quadratic,
                                   sr1_limit_factor)


@pytest.fixture(scope="module")
def s2(store):
    return Xenon1TS2Only.load(store)


def test_release_structure_T15(s2):
    assert s2.s2_edges_pe.size == 200  # 199 S2 bins
    assert s2.s2_edges_pe[0] == pytest.approx(90.0)
    assert s2.s2_edges_pe[-1] == pytest.approx(3000.0)
    assert s2.s2_edges_pe[29] == pytest.approx(150.03, abs=0.01)
    assert s2.energy_keV[0] == pytest.approx(0.05) and s2.energy_keV[-1] == pytest.approx(10.0)
    assert s2.response.shape == (s2.energy_keV.size, 199)
    assert s2.exposure_t_yr == pytest.approx(0.97678)
    assert s2.events_pe.size == 170
    assert s2.observed_fine.sum() == 170


def test_roi_binning(s2):
    edges = s2.coarse_edges_pe
    assert edges[0] == pytest.approx(150.03, abs=0.01) and edges[-1] == pytest.approx(3000.0)
    assert edges.size == 13
    assert s2.observed.sum() == np.sum((s2.events_pe >= edges[0]) & (s2.events_pe < 3000))


def test_expected_counts_linear_and_readme_formula(s2):
    # README: N_j = exposure [kg day] x sum_i dR/dE [/kg/day/keV] dE_i Resp_ij
    flat = np.full(s2.energy_keV.size, 1.0)  # 1 event/(t yr keV)
    n = s2.expected_fine(flat)
    kg_day = 356770.0
    per_kg_day = 1.0 / (1000.0 * 365.25)
    ref = kg_day * (per_kg_day * s2.energy_width_keV) @ s2.response
    np.testing.assert_allclose(n, ref, rtol=1e-4)
    np.testing.assert_allclose(s2.expected_fine(3 * flat), 3 * n, rtol=1e-12)


def test_overshoot_rule_analytic():
    d, e, b = np.array([4.0, 9.0]), np.array([2.0, 3.0]), np.array([1.0, 1.0])
    s = np.array([1.0, 4.0])
    # room = d + 3e - b = (9, 17); lam = min(9/1, 17/4) = 4.25
    assert overshoot_limit(s, b, d, e) == pytest.approx(4.25)
    assert overshoot_limit(2 * s, b, d, e) == pytest.approx(2.125)
    # background already overshooting where the signal lives -> excluded
    assert overshoot_limit(s, np.array([20.0, 1.0]), d, e) == 0.0
    # ... but a bin without signal does not count
    assert overshoot_limit(np.array([0.0, 4.0]), np.array([20.0, 1.0]), d, e) == pytest.approx(4.25)
    assert overshoot_limit(np.zeros(2), b, d, e) == np.inf
    assert sigma_limit_quadratic(1e-38, 4.0) == pytest.approx(2e-38)
    with pytest.raises(ValueError):
        overshoot_limit(-s, b, d, e)


def test_sr1_rule_uses_published_errors(store):
    sr1 = Xenon1TSR1.load(store)
    line = sr1.fold_line(2.5, 10.0)  # 10 events/(t yr) at 2.5 keV
    lam = sr1_limit_factor(sr1, line)
    room = sr1.observed_rate + 3 * sr1.observed_rate_error - sr1.b0_rate
    tested = line > 1e-3 * line.max()
    assert lam == pytest.approx(np.min(room[tested] / line[tested]))
    assert lam > 0
