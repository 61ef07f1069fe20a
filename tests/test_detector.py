"""XENON1T SR1 response and likelihood against the published numbers (spec §0.1)."""

import numpy as np
import pytest

from mevdm.detectors.xenon1t import Xenon1TSR1, p_value, resolution_keV


@pytest.fixture(scope="module")
def xe(store):
    return Xenon1TSR1.load(store)


def test_binning_and_counts(xe):
    assert xe.bin_edges_keV[0] == 1 and xe.bin_edges_keV[-1] == 30 and xe.observed_counts.size == 29
    # 2006.09721: 285 events observed in 1-7 keV against 232 +- 15 expected from B0
    assert xe.observed_counts[:6].sum() == 285
    assert xe.b0_counts[:6].sum() == pytest.approx(232, abs=1)
    assert xe.exposure_t_yr == pytest.approx(0.65, rel=0.01)


def test_chi2_of_B0_matches_jho2020(xe):
    # jho2020 quotes chi^2(B0) (resources/papers/jho2020.yaml); a 0.5 window catches any
    # 1-keV-bin slip
    from mevdm.scoreboard import paper_values

    assert xe.chi2() == pytest.approx(paper_values("jho2020", "fig1")["chi2_b0"], abs=0.5)


def test_resolution_is_the_published_form():
    assert resolution_keV(1.0) == pytest.approx(0.3137)  # 0.310 + 0.0037
    assert resolution_keV(100.0) / 100 == pytest.approx(0.031 + 0.0037)


def test_flat_spectrum_folds_to_the_efficiency(xe):
    # a flat 1/(t yr keV) spectrum far from the threshold comes back as eta(E)
    folded = xe.fold(lambda e: np.ones_like(e))
    centres = xe.bin_centres_keV
    mid = (centres > 6) & (centres < 25)
    assert np.allclose(folded[mid], xe.efficiency(centres[mid]), rtol=0.01)
    assert folded[0] < 0.6 * folded[10]  # threshold region is suppressed


def test_line_conserves_events_times_efficiency(xe):
    for e0 in (5.0, 12.3, 20.0):
        assert xe.fold_line(e0, 10.0).sum() == pytest.approx(10 * xe.efficiency(e0), rel=0.01)
    # a line at 60 keV, far outside the window, gives nothing
    assert xe.fold_line(39.0, 10.0).sum() < 0.01 * 10


def test_signal_increases_chi2_when_overshooting(xe):
    assert xe.chi2(np.full(29, 30.0)) > xe.chi2() + 100
    # Poisson likelihood peaks near the data: B0 scaled by observed/expected total
    scale = xe.observed_counts.sum() / xe.b0_counts.sum()
    assert xe.poisson_loglike(background_rate=scale * xe.b0_rate) > xe.poisson_loglike()


def test_p_values_of_jho2020():
    # spec B1 [computed]: 0.108, 0.160, 0.197 for (4.46, 2), (3.67, 2), (4.68, 3)
    assert p_value(4.46, 2) == pytest.approx(0.108, abs=0.002)
    assert p_value(3.67, 2) == pytest.approx(0.160, abs=0.002)
    assert p_value(4.68, 3) == pytest.approx(0.197, abs=0.002)
