"""jho2020 issue 12, round 2: SM-interference variant (item 2) and the NS Pauli factor (item 7).

References are independent of the code under test: textbook nu-e cross sections (Vogel & Engel
1989; PDG "neutrino-electron scattering": sigma(nu_e e)/E_nu = 9.3e-45, sigma(nu_mu e)/E_nu =
1.5e-45 cm^2/MeV for E_nu >> m_e), the paper's Eq. 6 (a different formula for the pure-X term),
direct quadrature over the flux grid, analytic limits of <q>, and the paper's printed Sec. V claim.
"""

import math

import numpy as np
import pytest

from mevdm.astro import neutrino
from mevdm.astro import neutron_star as ns
from mevdm.core.units import M_E, MEV2_TO_CM2
from mevdm.models.lepton_vector import dsigma_dT, t_max

S2W = 0.23857


def _sigma_over_e(flavour, e=10.0):
    t = np.linspace(0.0, t_max(e, 0.0, M_E), 200001)
    return np.trapezoid(neutrino.dsigma_dT_sm_x(t, e, 1.0, 0.0, flavour, S2W), t) * MEV2_TO_CM2 / e


def test_sm_nu_e_cross_sections_textbook():
    # G_F, g_V, g_A conventions: 5 % covers the s_W^2 and radiative-correction spread; a factor 2 fails
    assert _sigma_over_e("e") == pytest.approx(9.3e-45, rel=0.05)
    assert _sigma_over_e("mu") == pytest.approx(1.5e-45, rel=0.05)


def test_pure_x_part_is_eq6():
    # Vogel-Engel with g_V -> g_V + Q g^2/(sqrt2 G_F P): its g^4 part must be the paper's Eq. 6
    t, e, mx, g = 3e-3, 0.3, 0.0455, 3.2e-7
    sm = neutrino.dsigma_dT_sm_x(t, e, mx, 0.0, "e", S2W)
    f1 = neutrino.dsigma_dT_sm_x(t, e, mx, g, "e", S2W) - sm
    f2 = neutrino.dsigma_dT_sm_x(t, e, mx, 2 * g, "e", S2W) - sm  # = 16 a g^4 + 4 b g^2
    a4 = (f2 - 4 * f1) / 12
    assert a4 == pytest.approx(g ** 4 * dsigma_dT(t, e, 0.0, M_E, mx), rel=1e-9)
    # nu_tau has no L_e - L_mu charge: no change at all
    assert neutrino.dsigma_dT_sm_x(t, e, mx, g, "tau", S2W) == neutrino.dsigma_dT_sm_x(t, e, mx, 0.0, "tau", S2W)


def test_interference_template_matches_direct_quadrature(store):
    # moments (I_0, I_1, I_2) vs direct integration of the full cross section over the flux grid
    flux = neutrino.load_solar_flux(store)
    kr = np.array([1.5, 3.0, 10.0])
    p_ee, p_emu, mx, g = 0.55, 0.225, 0.0455, 3.2e-7
    fast = neutrino.NuElectronXInterference.build(flux, kr, p_ee, p_emu, S2W).rate(mx, g)
    from mevdm.core.units import RATE_TO_T_YR_KEV, keV
    slow = []
    for k in kr * keV:
        emin = neutrino.e_nu_min_MeV(k)
        sel = flux.energy_MeV > emin
        e, f = flux.energy_MeV[sel], flux.dphi_dE[sel]
        tot = 0.0
        for flav, p in (("e", p_ee), ("mu", p_emu)):
            xs = neutrino.dsigma_dT_sm_x(k, e, mx, g, flav, S2W) - neutrino.dsigma_dT_sm_x(k, e, mx, 0.0, flav, S2W)
            val = np.trapezoid(f * xs, e)
            for el, fl in zip(flux.line_energy_MeV, flux.line_flux):
                if el > emin:
                    val += fl * (neutrino.dsigma_dT_sm_x(k, el, mx, g, flav, S2W)
                                 - neutrino.dsigma_dT_sm_x(k, el, mx, 0.0, flav, S2W))
            tot += p * val
        slow.append(tot * MEV2_TO_CM2 * RATE_TO_T_YR_KEV)
    assert fast == pytest.approx(np.array(slow), rel=2e-3)  # trapezoid partial cell, as test_neutrino


def test_interference_roughly_doubles_rate_at_paper_point(store):
    # issue 12 item 2: the X amplitude is ~1.5x the SM nu_e one at the paper's point, so with
    # P_ee = 0.55 the excess is ~2x the pure-X, all-flavour rate (bounds catch a sign flip: < 1)
    flux = neutrino.load_solar_flux(store)
    kr = np.linspace(1.5, 29.5, 29)
    pure = neutrino.NuElectronX.build(flux, kr).rate(0.0455, 3.2e-7).sum()
    inter = neutrino.NuElectronXInterference.build(flux, kr, 0.55, 0.225, S2W).rate(0.0455, 3.2e-7).sum()
    assert 1.8 < inter / pure < 3.0


def test_interference_bad_flavour_shares(store):
    flux = neutrino.load_solar_flux(store)
    with pytest.raises(ValueError, match="p_ee"):
        neutrino.NuElectronXInterference.build(flux, [1.0], 0.7, 0.4, S2W)


# --------------------------------------------------------------------------- NS Pauli factor
def test_mean_q_limits():
    # light mediator (m_X << q_max): q dq/(q^2 + m_X^2)^2 has mean (pi/2) m_X;
    # contact (m_X >> q_max): close to (2/3) q_max (the Eq. 8 numerator tilts it slightly)
    assert ns.mean_momentum_transfer_MeV(10.0, 1e-3) == pytest.approx(math.pi / 2 * 1e-3, rel=0.01)
    m = 1e-4
    qmax = math.sqrt(2 * M_E * t_max(ns.dm_kinetic_energy_MeV(m), m, M_E))
    assert ns.mean_momentum_transfer_MeV(m, 100.0) == pytest.approx(2 / 3 * qmax, rel=0.08)


def test_xi_for_kev_dm_paper_claim():
    # paper Sec. V: delta p ~ O(keV) and xi ~ O(1e-5 - 1e-6) for O(keV) DM
    xi = ns.pauli_xi(1e-3, 0.16, "mean_q")
    assert 1e-6 < xi < 1e-5
    assert 0.3 < xi * 200.0 * 1e3 < 3.0  # keV


# --------------------------------------------------------------------------- overlays (item 5)
def test_le_lmu_invisible_branching():
    # analytic limits of the widths nu_e + nu_mu 2 x g^2 m/(24 pi) vs e+e- g^2 m/(12 pi) beta (1 + 2 m_e^2/m^2):
    # BR_inv = 1 below 2 m_e, -> 1/2 far above
    from mevdm.constraints.recast import le_lmu_invisible_branching
    assert le_lmu_invisible_branching(0.9) == 1.0  # below 2 m_e
    assert le_lmu_invisible_branching(100.0) == pytest.approx(0.5, abs=1e-4)
    # (the closed form at 1.5 MeV was the function's own expression again: removed, issue 24)


def test_union_lower_edge_is_the_minimum_over_covering_curves():
    from mevdm.constraints.curve import Curve
    from mevdm.constraints.planes import Plane
    from mevdm.constraints.plot import union_lower_edge
    pl = Plane.make("vector_ge")
    a = Curve("a", "a", pl, np.array([1e-3, 1e-1]), np.array([1e-9, 1e-9]))
    b = Curve("b", "b", pl, np.array([1e-2, 1.0]), np.array([1e-10, 1e-10]))
    m, y = union_lower_edge([a, b], n=200)
    assert np.all(y[m < 1e-2 * 0.999] == pytest.approx(1e-9))
    assert np.all(y[(m > 1e-2 * 1.001) & (m < 1.0)] == pytest.approx(1e-10))
    with pytest.raises(ValueError, match="excluded above"):
        union_lower_edge([Curve("c", "c", pl, a.mass_MeV, a.coupling, excluded="below")])


# --------------------------------------------------------------------------- item 8, Fig. 6 axis
def test_mx_range_of_a_parabola():
    # chi^2 = 40 + 4 (log10 m + 1)^2: Delta chi^2 = 2.30 at log10 m = -1 -+ sqrt(2.30/4), analytic ends
    from mevdm.papers.jho2020 import analysis
    m = np.geomspace(1e-3, 10.0, 401)
    prof = 40.0 + 4.0 * (np.log10(m) + 1.0) ** 2
    lo, hi = analysis.mx_range_1sigma(m, prof, 40.0)
    d = math.sqrt(2.30 / 4.0)
    assert lo == pytest.approx(10 ** (-1 - d), rel=2e-3)
    assert hi == pytest.approx(10 ** (-1 + d), rel=2e-3)
    assert hi == pytest.approx(analysis.mx_max_1sigma(m, prof, 40.0), rel=1e-12)


def test_fig6_axis_holds_the_2sigma_couplings():
    # a mass pair inside Delta chi^2 < 5.99 whose best coupling is far above the configured top
    from mevdm.detectors.fits import Chi2Quadratic
    from mevdm.papers.jho2020 import analysis
    q = Chi2Quadratic(a=50.0, b=np.array([[1.0, 1e-8]]), q=np.array([[1.0, 1e-16]]))  # c = 1 and 1e8
    g_chi = 1.5
    ge = analysis.fixed_gchi_axis(q, g_chi, {"g_e": [1e-9, 1e-3], "n_g_e": 120, "margin_decades": 0.3})
    assert ge[-1] >= (1e8) ** 0.25 / g_chi  # g_e of the c = 1e8 pair (100/1.5)
    assert ge[0] == pytest.approx(1e-9)
