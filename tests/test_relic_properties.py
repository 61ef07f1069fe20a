"""Property tests of mevdm.early.relic (hypothesis): monotonicity and scaling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mevdm.early import relic
from mevdm.early.cosmology import Cosmology


@pytest.fixture(scope="module")
def cosmo(store):
    return Cosmology.from_store(store)


masses = st.floats(min_value=0.5, max_value=1000.0)
sigmas = st.floats(min_value=1e-27, max_value=1e-24)


@settings(max_examples=25, deadline=None)
@given(m=masses, a=sigmas, f=st.floats(min_value=1.05, max_value=10.0))
def test_omega_decreases_with_sigmav(cosmo, m, a, f):
    o1, o2 = relic.omega_h2([m, m], [a, a * f], cosmo=cosmo)
    assert o2 < o1
    # Omega ~ 1/sigma v up to the logarithmic shift of x_f: exponent within [0.8, 1.05]
    slope = np.log(o1 / o2) / np.log(f)
    assert 0.8 < slope < 1.05


@settings(max_examples=15, deadline=None)
@given(m=masses, b=sigmas, f=st.floats(min_value=1.05, max_value=10.0))
def test_omega_decreases_with_pwave(cosmo, m, b, f):
    o1, o2 = relic.omega_h2([m, m], 0.0, [b, b * f], cosmo=cosmo)
    assert o2 < o1


@settings(max_examples=15, deadline=None)
@given(m=masses, a=sigmas)
def test_scaling_with_dof(cosmo, m, a):
    """More internal dof -> later freeze-out -> Omega grows ~ logarithmically: g = 4 vs 2 gives
    1 < ratio < 1.15 (x_f shifts by ln 2 ~ 5 %)."""
    o2, o4 = relic.omega_h2(m, a, g_chi=np.array([2.0, 4.0]), cosmo=cosmo)
    assert 1.0 < o4 / o2 < 1.15


@settings(max_examples=15, deadline=None)
@given(m=masses, a=sigmas)
def test_dirac_needs_twice_the_cross_section(cosmo, m, a):
    """Dirac with sigma v(chi chibar) = 2a gives the same Omega as Majorana with a (exact)."""
    maj = relic.omega_h2(m, a, cosmo=cosmo)
    dirac = relic.omega_h2(m, 2 * a, self_conjugate=False, g_chi=2.0, cosmo=cosmo)
    # Y_total of the Dirac pair with g_tot = 4, sigma_eff = a: Omega larger by the log of g
    assert 1.0 < dirac / maj < 1.15


@settings(max_examples=10, deadline=None)
@given(m=masses, target=st.floats(min_value=0.01, max_value=1.0))
def test_inverse_roundtrip(cosmo, m, target):
    sv = relic.sigmav_for_omega(m, omega_h2_target=target, cosmo=cosmo)
    assert relic.omega_h2(m, sv, cosmo=cosmo) == pytest.approx(target, rel=1e-5)
