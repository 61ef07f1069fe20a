"""Computed bounds: (g−2)_e, perturbativity, perturbative unitarity, BBN + N_eff, CMB energy
injection (s-wave with f_eff(E), p-wave at the recombination velocity, excited-state
coannihilation), self-interactions.

Each is a function registered in FUNCTIONS and used by a limit file with ``kind: computed``.
A function gets (plane, mass grid [MeV], config section 'constraints', data store, **parameters)
and returns (mass, coupling, upper, excluded-or-None, steps).  The physics helpers are public
so figure modules can call them directly, e.g. ``cmb_swave_sigmav_max_cm3_s(m, f_eff)``.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.core import units as u
from mevdm.constraints.planes import Plane

G_PER_MEV, PB_C_CM3_S, T_CMB_RECOMBINATION_EV = u.G_PER_MEV, u.PB_C_CM3_S, u.T_CMB_RECOMBINATION_EV

PERTURBATIVITY = {"sqrt4pi": math.sqrt(4.0 * math.pi), "4pi": 4.0 * math.pi, "1": 1.0}

def _config_defaults() -> dict:
    """The section's defaults, from the one place they live: config/config.yaml (used when the
    library runs without a config)."""
    from mevdm.core.config import read_yaml
    from mevdm.core.paths import CONFIG_DIR

    return read_yaml(CONFIG_DIR / "config.yaml")["constraints"]


DEFAULTS = _config_defaults()


def setting(cfg: dict | None, key: str):
    """A value of the config section 'constraints' (or its default)."""
    section = ((cfg or {}).get("constraints") or {})
    value = section.get(key)
    return DEFAULTS[key] if value is None else value


# ------------------------------------------------------------------ (g-2)_e
_GLX, _GLW = np.polynomial.legendre.leggauss(64)


@njit(cache=True)
def _g2_kernel(x_arr, spin, gx, gw):
    """∫0^1 dz f(z)/((1-z)^2 + z x^2) in s = ln(1-z) (Pospelov 0811.1030; Leveille 1978)."""
    out = np.empty(x_arr.shape[0])
    s_lo, s_hi, nsub = math.log(1e-14), 0.0, 12
    h = (s_hi - s_lo) / nsub
    for j in range(x_arr.shape[0]):
        x2 = x_arr[j] ** 2
        tot = 0.0
        for k in range(nsub):
            a = s_lo + k * h
            for i in range(gx.shape[0]):
                s = a + 0.5 * h * (gx[i] + 1.0)
                z = 1.0 - math.exp(s)
                omz = math.exp(s)
                den = omz * omz + z * x2
                if spin == 0:
                    num = z * omz * omz
                elif spin == 1:
                    num = omz * omz * (1.0 + z)
                else:
                    num = omz * omz * omz
                tot += 0.5 * h * gw[i] * omz * num / den
        out[j] = tot
    return out


def delta_ae_per_g2(m_MeV, spin: str):
    """Δa_e / g² for a boson of mass m coupled to electrons (one loop).

    vector: (1/4π²)∫z(1−z)²/D; scalar: (1/8π²)∫(1−z)²(1+z)/D; pseudoscalar: −(1/8π²)∫(1−z)³/D,
    D = (1−z)² + z m²/m_e² (Pospelov arXiv:0811.1030; Leveille NPB 137 (1978) 63).
    """
    x = np.atleast_1d(np.asarray(m_MeV, float)) / u.M_E
    if spin == "vector":
        return _g2_kernel(x, 0, _GLX, _GLW) / (4.0 * math.pi**2)
    if spin == "scalar":
        return _g2_kernel(x, 1, _GLX, _GLW) / (8.0 * math.pi**2)
    if spin == "pseudoscalar":
        return -_g2_kernel(x, 2, _GLX, _GLW) / (8.0 * math.pi**2)
    raise ValueError(f"spin must be vector, scalar or pseudoscalar, got {spin!r}")


def _g2(plane, m, cfg, store, delta_ae_max=None):
    dmax = delta_ae_max if delta_ae_max is not None else setting(cfg, "g2_delta_ae_max")
    spin = {"vector_ge": "vector", "dark_photon": "vector", "scalar_ge": "scalar",
            "pseudoscalar_ge": "pseudoscalar"}[plane.kind]
    g = np.sqrt(dmax / np.abs(delta_ae_per_g2(m, spin)))
    steps = [f"|Delta a_e({spin})| < {dmax:g} (one loop, config constraints.g2_delta_ae_max)"]
    if plane.kind == "dark_photon":
        g = g / u.E_CHARGE
        steps.append("eps = g_e / e")
    return m, g, None, None, steps


# ------------------------------------------------------------------ perturbativity, unitarity
def perturbative_coupling_max(cfg: dict | None = None) -> float:
    """Largest perturbative coupling: √4π (default) or 4π, config constraints.perturbativity."""
    return PERTURBATIVITY[setting(cfg, "perturbativity")]


def _perturbativity(plane, m, cfg, store):
    gmax = perturbative_coupling_max(cfg)
    return m, np.full_like(m, gmax), None, None, [
        f"|g| < {gmax:.4g} ({setting(cfg, 'perturbativity')}, config constraints.perturbativity)"]


def _unitarity(plane, m, cfg, store, g_max=None):
    g = g_max if g_max is not None else setting(cfg, "unitarity_g_max")
    return m, np.full_like(m, g), None, None, [
        f"perturbative unitarity g < {g:.4g} (config constraints.unitarity_g_max; spec 001 §5 CHOICE sqrt(8 pi))"]


# ------------------------------------------------------------------ BBN + Planck N_eff
def bbn_mass_min_MeV(dm_type: str, cfg: dict | None = None) -> float:
    """Lower DM mass bound from BBN + Planck N_eff (Sabti et al. 2020) for a DM type (config)."""
    table = dict(DEFAULTS["bbn_mass_min_MeV"])
    table.update(((cfg or {}).get("constraints") or {}).get("bbn_mass_min_MeV") or {})
    if dm_type not in table:
        raise ValueError(f"unknown DM type {dm_type!r} for the BBN bound; known: {sorted(table)}")
    return float(table[dm_type])


def _bbn(plane, m, cfg, store, dm_type="dirac_fermion", coupling_range=(1.0e-30, 1.0e30)):
    mb = bbn_mass_min_MeV(dm_type, cfg)
    lo, hi = coupling_range
    return np.array([mb, mb]), np.array([lo, hi]), None, "left", [
        f"m_chi > {mb:g} MeV (BBN + Planck N_eff, {dm_type}; config constraints.bbn_mass_min_MeV)"]


def neff_bound_MeV(dm_type: str, coupling: str = "electrophilic", cfg: dict | None = None) -> float:
    """Lower DM mass from N_eff(m) computed in the plasma (mevdm.early.plasma) at the Planck 2018
    95 % CL range of N_eff (config constraints.neff_planck_95)."""
    from mevdm.early import plasma

    lo, hi = (float(v) for v in setting(cfg, "neff_planck_95"))
    return plasma.neff_mass_bound_MeV(dm_type, coupling, lo, hi)


def _neff_computed(plane, m, cfg, store, dm_type="dirac_fermion", coupling="electrophilic",
                   coupling_range=(1.0e-30, 1.0e30)):
    mb = neff_bound_MeV(dm_type, coupling, cfg)
    lo, hi = coupling_range
    nmin, nmax = setting(cfg, "neff_planck_95")
    return np.array([mb, mb]), np.array([lo, hi]), None, "left", [
        f"N_eff(m_chi) from the plasma evolution (Escudero 2019 method), thermal {dm_type} in "
        f"equilibrium with {'e+-' if coupling == 'electrophilic' else 'neutrinos'}",
        f"Planck 2018 95 % CL: {nmin:g} <= N_eff <= {nmax:g} (config constraints.neff_planck_95)",
        f"m_chi > {mb:.3g} MeV"]


# ------------------------------------------------------------------ CMB energy injection
def f_eff_table(store, channel: str = "ee"):
    """(kinetic energy per particle [MeV], f_eff) from Slatyer 2016 (hazma's digitisation)."""
    files = {"ee": "hazma_cmb_feff/f_eff_ep.dat", "gg": "hazma_cmb_feff/f_eff_g.dat"}
    if channel not in files:
        raise ValueError(f"channel = {channel!r}: must be one of {list(files)} (Slatyer 2016 tables)")
    name = files[channel]
    arr = np.loadtxt(store.path(name), delimiter=",", comments="#")
    return arr[:, 0] * u.eV, arr[:, 1]


def f_eff_at(E_kin_MeV, store, channel: str = "ee"):
    """f_eff at kinetic energy E per injected particle (log-linear interpolation, clamped)."""
    e, f = f_eff_table(store, channel)
    E_kin_MeV = check.array("E_kin_MeV", E_kin_MeV, lo=0.0, lo_open=True, unit="MeV")
    return np.interp(np.log(np.clip(E_kin_MeV, e[0], e[-1])), np.log(e), f)


def cmb_swave_sigmav_max_cm3_s(m_chi_MeV, f_eff, p_ann_cm3_s_MeV=3.2e-31):
    """s-wave bound ⟨σv⟩ < p_ann m_χ / f_eff (Planck 2018, self-conjugate DM) [cm³/s]."""
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("f_eff", f_eff, lo=0.0, lo_open=True, hi=1.0)
    check.number("p_ann_cm3_s_MeV", p_ann_cm3_s_MeV, lo=0.0, lo_open=True, unit="cm^3/s/MeV")
    return p_ann_cm3_s_MeV * np.asarray(m_chi_MeV, float) / f_eff


def v_rel_recombination(m_chi_MeV, x_kd=1.0e-4):
    """DM velocity at recombination, 2e-4 (T_rec/eV)(MeV/m) sqrt(1e-4/x_kd) (Slatyer 2016 Eq. 28)."""
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.number("x_kd", x_kd, lo=0.0, lo_open=True, unit="(T_kd / m)")
    return 2.0e-4 * T_CMB_RECOMBINATION_EV / np.asarray(m_chi_MeV, float) * math.sqrt(1.0e-4 / x_kd)


def coannihilation_sigmav_max_cm3_s(m_chi_MeV, fstar=1.0):
    """Excited-state coannihilation: f* σv(χχ*→ℓℓ) < 1 pb c (m_χ/60 GeV) (baryakhtar2020 Eq. 3.7)."""
    check.array("m_chi_MeV", m_chi_MeV, lo=0.0, lo_open=True, unit="MeV")
    check.array("fstar", fstar, lo=0.0, lo_open=True, hi=1.0)
    return PB_C_CM3_S * (np.asarray(m_chi_MeV, float) / 60.0e3) / fstar


def _cmb_swave(plane, m, cfg, store, channel="ee", dirac=False):
    p_ann = setting(cfg, "planck_p_ann_cm3_s_MeV")
    ekin = m - u.M_E if channel == "ee" else m
    keep = ekin > 0
    m = m[keep]
    f = f_eff_at(ekin[keep], store, channel)
    sv = cmb_swave_sigmav_max_cm3_s(m, f, p_ann) * (2.0 if dirac else 1.0)
    return m, sv, None, None, [
        f"<sigma v> < p_ann m / f_eff(E), p_ann = {p_ann:g} cm^3/s/MeV (Planck 2018), f_eff({channel}) "
        "at E = m - m_e per particle (Slatyer 2016 via hazma)" + (", x2 Dirac" if dirac else "")]


def _cmb_pwave(plane, m, cfg, store, channel="ee", x_kd=1.0e-4):
    m2, sv, _, _, steps = _cmb_swave(plane, m, cfg, store, channel)
    v = v_rel_recombination(m2, x_kd)
    return m2, sv / v**2, None, None, steps + [
        f"p-wave sigma v = b v^2 at v_rec = 2e-4 (0.235 eV / m) sqrt(1e-4/x_kd), x_kd = {x_kd:g}"]


def _cmb_coann(plane, m, cfg, store, fstar=1.0):
    return m, coannihilation_sigmav_max_cm3_s(m, fstar), None, None, [
        f"f* <sigma v> < 1 pb c (m/60 GeV), f* = {fstar:g} (baryakhtar2020 Eq. 3.7)"]


def _cmb_alp3a(plane, m, cfg, store, f_eff=None):
    """halp2025: Dirac χχ̄→3a→3(e⁺e⁻): f_eff σv_3a/(2 m_χ) < p_ann (spec 001 §5.3)."""
    from mevdm.models import alp

    r = plane.p["ma_over_mchi"]
    p_ann = setting(cfg, "planck_p_ann_cm3_s_MeV")
    keep = r * m > 2.0 * u.M_E
    m = m[keep]
    if f_eff is None:
        # each e± carries on average E_a/2 = m_chi/3 (three ALPs share 2 m_chi): kinetic m/3 - m_e
        fe = f_eff_at(np.maximum(m / 3.0 - u.M_E, 1e-3), store, "ee")
        how = "f_eff(e+e-) at the mean e± kinetic energy m/3 - m_e"
    else:
        fe = np.full_like(m, float(f_eff))
        how = f"f_eff = {f_eff:g}"
    sv1 = np.array([alp.sigmav_3a_cm3_s(1.0, mi, r) for mi in m])
    g = (2.0 * p_ann * m / (fe * sv1)) ** (1.0 / 6.0)
    return m, g, None, None, [f"f_eff sigma v_3a / (2 m) < p_ann = {p_ann:g} cm^3/s/MeV, {how}",
                              "sigma v_3a from mevdm.models.alp (spec 001 §2.2), ∝ g^6"]


# ------------------------------------------------------------------ self-interactions
def _sidm_value(cfg, default):
    v = setting(cfg, "sidm_sigma_over_m_cm2_g")
    return float(default if v is None else v)


def sidm_born_yukawa_sigma_T_cm2(g, m_chi_MeV, m_med_MeV, v):
    """Born transfer cross section, Yukawa potential, α = g²/4π (Tulin–Yu–Zurek; spec 001 §5.5) [cm²]."""
    alpha = g**2 / (4.0 * math.pi)
    R = m_chi_MeV * v / m_med_MeV
    return 8.0 * math.pi * alpha**2 / (m_chi_MeV**2 * v**4) * (np.log1p(R**2) - R**2 / (1.0 + R**2)) \
        * u.MEV2_TO_CM2


def _sidm_alp(plane, m, cfg, store, sigma_over_m_cm2_g=1.0, v_km_s=10.0):
    bound = _sidm_value(cfg, sigma_over_m_cm2_g)
    r = plane.p["ma_over_mchi"]
    v = u.km_s_to_c(v_km_s)
    s1 = sidm_born_yukawa_sigma_T_cm2(1.0, m, r * m, v) / (m * G_PER_MEV)
    return m, (bound / s1) ** 0.25, None, None, [
        f"sigma_T/m < {bound:g} cm^2/g, Born Yukawa at v = {v_km_s:g} km/s (spec 001 §5.5 CHOICE)"]


def _sidm_darkphoton(plane, m, cfg, store, sigma_over_m_cm2_g=10.0, C=1.0):
    """baryakhtar2020 proxy σ ≈ 4π C α_D² m_χ²/m_A'⁴ (spec 003 §A9, OPEN) in the (m_χ, α_D) plane."""
    bound = _sidm_value(cfg, sigma_over_m_cm2_g)
    r = plane.p["mA_over_mchi"]
    s1 = 4.0 * math.pi * C * m**2 / (r * m) ** 4 * u.MEV2_TO_CM2 / (m * G_PER_MEV)  # at alpha_D = 1
    return m, np.sqrt(bound / s1), None, None, [
        f"sigma/m < {bound:g} cm^2/g with the proxy 4 pi C alpha_D^2 m^2/m_A'^4, C = {C:g} (spec 003 A9, OPEN)"]


def sidm_dark_photon_alphaD_max(m_chi_MeV, mA_over_mchi, sigma_over_m_cm2_g=10.0, C=1.0,
                                scaling="loop"):
    """Largest alpha_D with sigma(chi chi -> chi chi)/m_chi < bound: scaling "loop" (pi C alpha_D^4
    m^4/m_A'^6, indicative) or "proxy" (4 pi C alpha_D^2 m^2/m_A'^4, the earlier proxy)."""
    m = np.asarray(m_chi_MeV, float)
    mA = mA_over_mchi * m
    if scaling == "loop":
        s1 = math.pi * C * m**4 / mA**6 * u.MEV2_TO_CM2 / (m * G_PER_MEV)
        return (sigma_over_m_cm2_g / s1) ** 0.25
    if scaling == "proxy":
        s1 = 4.0 * math.pi * C * m**2 / mA**4 * u.MEV2_TO_CM2 / (m * G_PER_MEV)
        return np.sqrt(sigma_over_m_cm2_g / s1)
    raise ValueError(f"scaling = {scaling!r}; allowed: 'loop', 'proxy'")


def _sidm_darkphoton_loop(plane, m, cfg, store, sigma_over_m_cm2_g=10.0, C=1.0):
    """baryakhtar2020 loop-induced elastic chi chi -> chi chi (Sec. 3.2, 'radiatively induced by A'
    exchange'), INDICATIVE: second-order Born amplitude of the off-diagonal Yukawa exchange through
    chi* chi* in the contact limit (2 delta << m_A'^2/m_chi), f = 2 mu^2 alpha_D^2/m_A'^3, mu = m/2, so
    sigma = 4 pi C f^2 = pi C alpha_D^4 m^4/m_A'^6; C = 1 leaves identical-fermion and spin factors
    (O(1)) unfixed.  sigma/m < bound gives alpha_D < (bound/sigma(alpha_D = 1))^(1/4)."""
    bound = _sidm_value(cfg, sigma_over_m_cm2_g)
    a_max = sidm_dark_photon_alphaD_max(m, plane.p["mA_over_mchi"], bound, C, "loop")
    return m, a_max, None, None, [
        f"INDICATIVE: sigma/m < {bound:g} cm^2/g with the loop-level (second-order Born, contact limit) "
        f"sigma = pi C alpha_D^4 m^4/m_A'^6, C = {C:g} (O(1) spin/identical-particle factors not fixed)"]


# ------------------------------------------------------------------ nu-e scattering, light vector
def nu_e_window_per_g4(m_x_MeV, t1_keV, t2_keV):
    """int_{T1}^{T2} dT dsigma_X/dT per g_e^2 g_nu^2 [MeV^-2] for E_nu >> T (jho2020 Eq. 6 limit):
    dsigma/dT = g^4 m_e / (2 pi (2 m_e T + m_X^2)^2) integrates to
    [1/(2 m_e T1 + m_X^2) - 1/(2 m_e T2 + m_X^2)] / (4 pi)."""
    m2 = np.asarray(m_x_MeV, float) ** 2
    t1, t2 = t1_keV * 1e-3, t2_keV * 1e-3
    return (1.0 / (2 * u.M_E * t1 + m2) - 1.0 / (2 * u.M_E * t2 + m2)) / (4.0 * math.pi)


def _read_darkcast_table(store, name):
    """(m [MeV], g_e) of a DarkCast .lmt lower-limit table (m in GeV, coupling in units of e)."""
    rows = [ln.split() for ln in open(store.path(name)).read().splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]
    arr = np.array(rows, float)
    return arr[:, 0] * 1e3, arr[:, 1] * u.E_CHARGE


def _nu_e_light(plane, m, cfg, store, t1_keV=None, t2_keV=None, kappa_mu_B=None, table=None,
                table_model=None, model=None, beam=None):
    """nu-e scattering bound on a vector X coupled to lepton charges, down to light masses.

    kappa_mu_B: a magnetic-moment bound mu_nu < kappa mu_B from the recoil window [T1, T2]
    (GEMMA) recast by equal integrated excess: int dsigma_X = int dsigma_mu with
    dsigma_mu/dT = pi alpha^2 kappa^2 / (m_e^2 T) (E_nu >> T), g_e = g_nu.
    table: a published (m, g) table derived for ``table_model``, recast to ``model`` for the neutrinos
    ``beam`` saw (mevdm.constraints.recast.recast_nu_e). Below its lowest mass m_0 the bound
    follows the X propagator: at equal excess in the beam's window (interference and pure terms)
    for a line beam, else g(m) = g(m_0) [W(m_0) / W(m)]^(1/4), W the pure-X window integral over
    [T1, T2] (flat for m_X^2 << 2 m_e T1 either way).
    """
    from mevdm.constraints import recast

    if kappa_mu_B is not None:
        w = nu_e_window_per_g4(m, t1_keV, t2_keV)
        mu_rate = math.pi * u.ALPHA_EM ** 2 * kappa_mu_B ** 2 / u.M_E ** 2 * math.log(t2_keV / t1_keV)
        g = (mu_rate / w) ** 0.25
        return m, g, None, None, [
            f"mu_nu < {kappa_mu_B:g} mu_B over T = {t1_keV:g}-{t2_keV:g} keV recast to X exchange by "
            "equal integrated excess (E_nu >> T), g_e = g_nu"]
    if not (table_model and model and beam):
        raise ValueError("nu_e_scattering_light_vector with a table needs table_model, model and beam")
    nb = recast.NU_E_BEAMS.get(beam)
    if nb is None:
        raise recast.RecastError(f"unknown nu-e beam {beam!r}; known: {sorted(recast.NU_E_BEAMS)}")
    t1, t2 = nb.window_keV
    mt, gt = _read_darkcast_table(store, table)
    gt, step = recast.recast_nu_e(mt, gt, table_model, model, beam)
    g = np.exp(np.interp(np.log(m), np.log(mt), np.log(gt)))
    below = m < mt[0]
    if nb.energy_MeV is not None:
        excess0 = recast.nu_e_excess(gt[0], mt[0], model, nb)
        g[below] = recast.nu_e_coupling_at_excess(np.full(below.sum(), excess0[0]), m[below], model, nb)
        how = "at the same excess of nu-e events (interference and pure X)"
    else:
        w = nu_e_window_per_g4(m[below], t1, t2)
        g[below] = gt[0] * (nu_e_window_per_g4(mt[0], t1, t2) / w) ** 0.25
        how = "g ~ W^(-1/4), W the pure-X window integral"
    g[m > mt[-1]] = np.nan
    return m, g, None, None, [
        f"{table} (derived for {table_model}; g = e x DarkCast coupling) above {mt[0]:.3g} MeV",
        step,
        f"below {mt[0]:.3g} MeV continued with the X propagator over T = {t1:g}-{t2:g} keV {how}; "
        "flat for m_X^2 << 2 m_e T"]


# ------------------------------------------------------------------ registry
XENONNT_REFLECTED_DATA = (
    "solar_model/ssm_agss09_serenelli2009_full.dat",
    "xenon_ionization_form_factors/xenon_shell_binding_energies.csv",
    *(f"xenon_ionization_form_factors/catena2019_obscura_W1/Xe_{s}_W1.txt"
      for s in ("5p", "5s", "4d", "4p", "4s", "3d", "3p", "3s")),
    "xenonnt_sr0_er/data_unbinned_1to30kev.txt", "xenonnt_sr0_er/bkg_model.txt", "xenonnt_sr0_er/efficiency.txt")


def _imported_when_called(module: str, name: str) -> Callable:
    """``module.name``, imported only when a limit calls it: the module and what it imports (a
    detector's likelihood, a flux) stay out of the code hash of every job that never evaluates
    the limit; the jobs that do evaluate it hash ``module`` too (``code_modules``)."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.module = module
    return call


@dataclass(frozen=True)
class Computed:
    func: Callable
    planes: tuple[str, ...]
    parameters: tuple[str, ...] = ()
    data: tuple[str, ...] = ()


FUNCTIONS: dict[str, Computed] = {
    "g_minus_2_electron": Computed(_g2, ("vector_ge", "scalar_ge", "pseudoscalar_ge", "dark_photon"),
                                   ("delta_ae_max",)),
    "perturbativity": Computed(_perturbativity, ("alp_chi", "vector_ge", "scalar_ge", "pseudoscalar_ge")),
    "perturbative_unitarity": Computed(_unitarity, ("alp_chi",), ("g_max",)),
    "bbn_neff": Computed(_bbn, ("alp_chi", "chi_eps", "y", "sigma_e", "sigmav", "alphaD"),
                         ("dm_type", "coupling_range")),
    "neff_computed": Computed(_neff_computed, ("alp_chi", "chi_eps", "y", "sigma_e", "sigmav", "alphaD"),
                              ("dm_type", "coupling", "coupling_range")),
    "cmb_swave": Computed(_cmb_swave, ("sigmav",), ("channel", "dirac"),
                          ("hazma_cmb_feff/f_eff_ep.dat", "hazma_cmb_feff/f_eff_g.dat")),
    "cmb_pwave": Computed(_cmb_pwave, ("pwave_b",), ("channel", "x_kd"),
                          ("hazma_cmb_feff/f_eff_ep.dat", "hazma_cmb_feff/f_eff_g.dat")),
    "cmb_coannihilation": Computed(_cmb_coann, ("sigmav",), ("fstar",)),
    "cmb_alp_3a": Computed(_cmb_alp3a, ("alp_chi",), ("f_eff",), ("hazma_cmb_feff/f_eff_ep.dat",)),
    "sidm_born_yukawa": Computed(_sidm_alp, ("alp_chi",), ("sigma_over_m_cm2_g", "v_km_s")),
    "sidm_dark_photon_proxy": Computed(_sidm_darkphoton, ("alphaD",), ("sigma_over_m_cm2_g", "C")),
    "sidm_dark_photon_loop": Computed(_sidm_darkphoton_loop, ("alphaD",), ("sigma_over_m_cm2_g", "C")),
    "xenonnt_sun_reflected": Computed(_imported_when_called("mevdm.constraints.direct_detection",
                                                            "xenonnt_sun_reflected"), ("sigma_e",),
                                      ("delta_keV", "rho_local_GeV_cm3", "v_dm_km_s", "cl", "likelihood"),
                                      XENONNT_REFLECTED_DATA),
    "nu_e_scattering_light_vector": Computed(
        _nu_e_light, ("vector_ge",), ("t1_keV", "t2_keV", "kappa_mu_B", "table", "table_model", "model", "beam"),
        ("darkcast_limits/limits/Borexino_Bauer2018onh.lmt", "darkcast_limits/limits/Texono_Bauer2018onh.lmt")),
}


def code_modules(function_names) -> list[str]:
    """Modules the named computed limits import only when called (their jobs' code hash)."""
    return sorted({getattr(FUNCTIONS[f].func, "module", None) for f in function_names
                   if f in FUNCTIONS} - {None})


def evaluate(limit, plane: Plane, mass_MeV, cfg, store):
    """Run a computed limit in ``plane`` on ``mass_MeV`` (default: log grid over mass_range_MeV)."""
    fn = FUNCTIONS[limit.spec["function"]]
    if mass_MeV is None:
        lo, hi = limit.spec["mass_range_MeV"]
        mass_MeV = np.geomspace(lo, hi, 200)
    m = np.asarray(mass_MeV, float)
    if np.any(m <= 0) or not np.all(np.isfinite(m)):
        raise ValueError(f"{limit.name}: mass_MeV must be positive and finite")
    if fn.data and store is None:
        raise ValueError(f"{limit.name}: needs data {list(fn.data)}; pass store=DataStore")
    mm, c, up, excl, steps = fn.func(plane, m, cfg, store, **(limit.spec.get("parameters") or {}))
    return np.asarray(mm, float), np.asarray(c, float), up, excl, steps


__all__ = ["FUNCTIONS", "code_modules", "delta_ae_per_g2", "perturbative_coupling_max", "bbn_mass_min_MeV", "neff_bound_MeV",
           "cmb_swave_sigmav_max_cm3_s", "coannihilation_sigmav_max_cm3_s", "v_rel_recombination",
           "sidm_born_yukawa_sigma_T_cm2", "f_eff_at", "DEFAULTS", "setting", "nu_e_window_per_g4"]
