"""The MeV plasma (mevdm.early.plasma) against physics: analytic limits, an independent quadrature,
the Standard-Model N_eff, the QED shift, entropy conservation, the published values quoted in
resources/references/neff_published.yaml, and NUDEC_BSM's output files."""

import math
import re

import numpy as np
import pytest
import yaml
from scipy.integrate import quad

from mevdm import configuration as C
from mevdm.core import units
from mevdm.core.paths import RESOURCES_DIR
from mevdm.early import plasma as P

PUBLISHED = yaml.safe_load((RESOURCES_DIR / "references" / "neff_published.yaml").read_text())
TOL = PUBLISHED["tolerance"]


def _quoted(entry, key):
    """entry[key], after checking that the verbatim quote prints that number."""
    value = entry[key]
    printed = [float(x) for x in re.findall(r"\d+\.\d+|\d+", entry["quote"])]
    assert any(math.isclose(value, x, rel_tol=1e-12) for x in printed), (value, entry["quote"])
    return value


def _quad_thermo(x, eta):
    def f(y):
        ex = math.exp(-math.sqrt(y * y + x * x))
        return ex / (1.0 + eta * ex)

    E = lambda y: math.sqrt(y * y + x * x)  # noqa: E731
    c = 1.0 / (2.0 * math.pi**2)
    kw = dict(epsabs=0, epsrel=1e-13, limit=200)
    rho = c * quad(lambda y: y * y * E(y) * f(y), 0, 400, **kw)[0]
    p = c / 3.0 * quad(lambda y: y**4 / E(y) * f(y), 0, 400, **kw)[0]
    return rho, p


@pytest.mark.parametrize("x", [0.01, 0.3, 1.0, 4.0, 20.0])
@pytest.mark.parametrize("eta", [1.0, -1.0])
def test_thermo_integrals_match_adaptive_quadrature(x, eta):
    # independent algorithm (QUADPACK on [0, inf)); 1e-10: our fixed Gauss-Legendre claims 1e-12
    rho, p, _, _ = P.thermo_integrals(x, eta)
    qr, qp = _quad_thermo(x, eta)
    assert rho == pytest.approx(qr, rel=1e-10)
    assert p == pytest.approx(qp, rel=1e-10)


def test_massless_limits_and_entropy_derivative():
    # rho/T^4 per dof: 7/8 pi^2/30 (FD), pi^2/30 (BE) (Kolb & Turner 1990, Ch. 3); x = 1e-6
    rf, pf, df, _ = P.thermo_integrals(1e-6, 1.0)
    rb, pb, db, _ = P.thermo_integrals(1e-6, -1.0)
    assert rf == pytest.approx(7 / 8 * math.pi**2 / 30, rel=1e-9)
    assert rb == pytest.approx(math.pi**2 / 30, rel=1e-9)
    assert pf == pytest.approx(rf / 3, rel=1e-9)
    # d rho/dT = 4 rho/T for massless species (T^-3 d rho/dT = 4 rho/T^4)
    assert df == pytest.approx(4 * rf, rel=1e-9) and db == pytest.approx(4 * rb, rel=1e-9)


def test_qed_pressure_massless_limit():
    # two-loop QED pressure for massless electrons: -5 e^2 T^4 / 288 (Kapusta & Gale, Finite-
    # Temperature Field Theory, the e^2 term of the QED free energy)
    T = 3.0
    e2 = 4 * math.pi * units.ALPHA_EM
    assert P.qed_pressure(T, 1e-8) == pytest.approx(-5 * e2 * T**4 / 288, rel=1e-8)


def test_standard_model_neff():
    # Escudero's method is good to 0.01 in the SM (his 2019 abstract); his 2020 abstract prints 3.045,
    # Bennett et al. 2021 3.0440. Ours, 3.049, is +0.004 above 3.045: our collision terms take
    # massless electrons (module docstring), which overstates the e+- -> nu heating below T ~ m_e;
    # NUDEC_BSM's SM run, the same equations with m_e in the rates, gives 3.04482 (Results/SM/SM.dat
    # header), i.e. the 0.004 is that approximation; 3.0448 -> 3.0440 is the momentum-averaged method
    # itself and the O(e^3) QED and oscillation effects it leaves out (Bennett et al.).
    sm = PUBLISHED["standard_model"]
    grade = _quoted(sm["escudero2019_accuracy"], "accuracy")
    assert grade == TOL["sm_neff_abs"]
    h = P.evolve()
    assert h.N_eff == pytest.approx(_quoted(sm["escudero2020"], "neff"), abs=grade)
    assert h.N_eff == pytest.approx(_quoted(sm["bennett2021"], "neff"), abs=grade)
    assert P.NEFF_SM_REFERENCE == _quoted(sm["bennett2021"], "neff")
    # NUDEC_BSM's published SM run (Results/SM/SM.dat header): N_eff = 3.04482, T_g/T_nu = 1.39583;
    # grade 0.005 (the massless-electron rates above)
    assert h.N_eff == pytest.approx(3.04482, abs=0.005)
    assert h.T_ratio_today == pytest.approx(1.39583, rel=1e-3)


def test_qed_shift_in_instantaneous_decoupling():
    # delta N_eff^(2) ~ 0.010 in instantaneous decoupling (Bennett et al., arXiv:1911.04504,
    # abstract); grade 0.002 would catch a factor of 2 in the correction
    d = P.n_eff(T_dec_MeV=1.5) - P.n_eff(T_dec_MeV=1.5, qed=False)
    assert d == pytest.approx(0.010, abs=0.002)


def test_instantaneous_decoupling_conserves_em_entropy():
    # Q = 0 below T_d: (2 + h_e(T_d)) T_d^3 a_d^3 = 2 T_g^3 a^3 and T_nu a = T_d a_d, so
    # N_eff = 3 (11/4)^{4/3} [2/(2 + h_e(T_d))]^{4/3}; h_e from QUADPACK (independent)
    Td = 2.0
    x = units.M_E / Td
    rho, p = _quad_thermo(x, 1.0)
    he = 4 * (rho + p) / (2 * math.pi**2 / 45)
    expect = 3 * (11 / 4) ** (4 / 3) * (2 / (2 + he)) ** (4 / 3)
    assert P.n_eff(T_dec_MeV=Td, qed=False) == pytest.approx(expect, abs=2e-4)


@pytest.mark.parametrize("species, published", [
    # NUDEC_BSM repository (github.com/MiguelEA/nudec_BSM), Results/WIMPS/aux_5.00E+00_3.0_B_Neff.dat:
    # thermal dark photon (g = 3, boson) in equilibrium with e±, m = 5 MeV
    (P.Species(5.0, 3, "boson", "electrophilic"), 2.26381),
    # Results/WIMPS/aux_1.00E+01_4.0_F_Neff.dat: Dirac fermion (g = 4), m = 10 MeV, with e± (the
    # runner NUDEC_BSM.py now names this file for a neutrinophilic run; the stored value, below 3,
    # is the electrophilic one: neutrinophilic gives 3.47)
    (P.Species(10.0, 4, "fermion", "electrophilic"), 2.68605),
    # Results/test_nu_Neff.dat: WIMP_nu.py header example "12.9 2 F" (Majorana, with neutrinos)
    (P.Species(12.9, 2, "fermion", "neutrinophilic"), 3.13939),
])
def test_dark_species_neff_against_nudec_bsm(species, published):
    # NUDEC_BSM output files, not printed values (no per-mass N_eff of Escudero 2019 / Sabti et al.
    # 2020 was retrievable: neff_published.yaml). Grade 0.05 (issue 28 acceptance);
    # rate-normalisation or dof errors move these by > 0.1
    assert P.n_eff(species) == pytest.approx(published, abs=0.05)


def test_bad_species_is_refused():
    with pytest.raises(ValueError, match="coupling"):
        P.Species(1.0, 2, "fermion", "photophilic")
    with pytest.raises(ValueError, match="mass_MeV"):
        P.Species(float("nan"), 2)
    with pytest.raises(ValueError, match="rates"):
        P.evolve(rates="exact")


def test_planck_range_is_the_published_one():
    # config constraints.neff_planck_95 = Planck 2018 (+BAO) 2.99 +- 0.17 (68 %, its abstract) at
    # 95 %: +- 1.96 sigma; 0.01 would catch a 1 sigma or 68 %-for-95 % mix-up (0.17)
    planck = PUBLISHED["planck2018"]
    mid, sig = _quoted(planck, "neff"), _quoted(planck, "sigma")
    lo, hi = C.load()["constraints"]["neff_planck_95"]
    assert lo == pytest.approx(mid - 1.96 * sig, abs=0.01)
    assert hi == pytest.approx(mid + 1.96 * sig, abs=0.01)


def test_weakest_mass_bound_against_published():
    # "purely electrophilic and neutrinophilic BSM species ... m > 3.7 MeV at 2 sigma" (Sabti et al.
    # 2020, abstract: BBN + Planck 2018, the weakest case over spin and coupling). Ours: the weakest
    # of the 10 type/coupling cases with Planck 2018's 95 % N_eff range alone (a real scalar with
    # e+-); for electrophilic species N_eff, which both use, drives the bound. Grade 15 % (issue 28).
    # Escudero 2019's abstract (Planck alone, 95 %) says 3.0 MeV: ours is 24 % above it; the N_eff
    # range that bound uses is in the paper's body, not retrievable here (neff_published.yaml).
    lo, hi = C.load()["constraints"]["neff_planck_95"]
    bounds = {(t, c): P.neff_mass_bound_MeV(t, c, lo, hi) for t in P.DM_TYPES for c in P.COUPLINGS}
    weakest = min(bounds, key=bounds.get)
    assert weakest == ("real_scalar", "electrophilic")
    sabti = PUBLISHED["mass_bounds"]["sabti2020_bbn_planck"]
    assert bounds[weakest] == pytest.approx(_quoted(sabti, "m_min_MeV"), rel=TOL["mass_rel"])
    # the neutrinophilic real scalar is bounded more strongly (it is not the weakest case)
    assert bounds[("real_scalar", "neutrinophilic")] > bounds[weakest]


@pytest.mark.parametrize("dm_type", ["complex_scalar", "majorana_fermion", "vector", "dirac_fermion"])
def test_electrophilic_mass_for_neff_2p81_against_published(dm_type):
    # "N_eff = 2.81 +- 0.12 ... thermal electrophilic relics with masses m ~ 8-13 MeV" (Escudero,
    # Ovchynnikov, Weiner 2026, abstract). The mass where ours reaches 2.81 lies in 8-13 MeV for every
    # species with g >= 2 (9.1-11.9 MeV); the real scalar (g = 1) reaches it at 6.3 MeV (the abstract
    # does not say which spins it covers). A weak check: it catches a factor 2 in the rates or the
    # dof of e+- only where they move the mass out of the range.
    lo, hi = _quoted(PUBLISHED["electrophilic_neff"]["escudero_ovchynnikov_weiner2026"], "neff"), 3.33
    m = P.neff_mass_bound_MeV(dm_type, "electrophilic", lo, hi)
    m_lo, m_hi = PUBLISHED["electrophilic_neff"]["escudero_ovchynnikov_weiner2026"]["m_range_MeV"]
    assert m_lo <= m <= m_hi


def test_bound_grows_with_degrees_of_freedom():
    # more dof dump more entropy: Dirac (g = 4) bounded above the real scalar (g = 1)
    assert (P.neff_mass_bound_MeV("dirac_fermion", "electrophilic", 2.66, 3.33)
            > 2.0 * P.neff_mass_bound_MeV("real_scalar", "electrophilic", 2.66, 3.33))


def _h(x, eta, g):
    """Entropy dof g (rho + p)/T^4 / (2 pi^2/45) of a species at x = m/T (QUADPACK)."""
    rho, p = _quad_thermo(x, eta)
    return g * (rho + p) / (2 * math.pi**2 / 45)


@pytest.mark.parametrize("coupling", ["electrophilic", "neutrinophilic"])
def test_light_species_entropy_transfer_in_instantaneous_decoupling(coupling):
    # A Dirac fermion of 100 keV, relativistic at T_d = 2 MeV, annihilates after decoupling: its
    # entropy goes to photons (electrophilic) or neutrinos (neutrinophilic). Sector entropies are
    # conserved separately: N_eff = 3 (11/4)^{4/3} [(5.25 + h_nu-side)/5.25 * 2/(2 + h_e + h_em-side)]^{4/3}
    Td = 2.0
    he = _h(units.M_E / Td, 1.0, 4.0)
    hchi = _h(0.1 / Td, 1.0, 4.0)
    em, nu = (hchi, 0.0) if coupling == "electrophilic" else (0.0, hchi)
    expect = 3 * (11 / 4) ** (4 / 3) * ((5.25 + nu) / 5.25 * 2 / (2 + he + em)) ** (4 / 3)
    got = P.n_eff(P.Species(0.1, 4, "fermion", coupling), T_dec_MeV=Td, qed=False)
    assert got == pytest.approx(expect, abs=2e-4)


@pytest.mark.parametrize("T, published", [
    # NUDEC_BSM Results/SM/SM.dat (SM, common T_nu, QED): T_gamma [MeV] and T_gamma/T_nu
    (2.0096094, 1.000509), (0.99320671, 1.004155), (0.50790875, 1.019936), (0.20026291, 1.12112)])
def test_standard_model_decoupling_history_against_nudec_bsm(T, published):
    # T_g/T_nu - 1 measures the heat the e+- pass to the neutrinos; a factor 2 in the rates moves
    # it by ~40 % at 2 MeV. Grade 1 %: their rates keep the electron mass (ours: m_e = 0 in them)
    h = P.evolve()
    ours = float(np.interp(-T, -h.T_gamma, h.T_gamma / h.T_nu))
    assert ours - 1.0 == pytest.approx(published - 1.0, rel=0.01)
