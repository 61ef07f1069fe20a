"""Ema, Sala, Sato, arXiv:2007.09105: the numbers and arrays behind the figures (no plotting).

Spec paper-000-002 §1.  fig3: XENON1T electron-recoil spectra of Sun-reflected DM for the
p-wave (S2-only data) and coannihilation (S1+S2 data) benchmarks.  fig1 / fig2: the model
planes with perturbativity, NA64 and the XENON1T limits computed here (3 sigma overshoot rule).
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from mevdm.astro.solar_model import AGSS09_FILE, load_agss09
from mevdm.astro.solar_reflection import ReflectedFluxTable, reflected_flux
from mevdm.core.data import DataStore
from mevdm.core.units import keV
from mevdm.detectors import atomic
from mevdm.detectors.xenon1t import FILES as SR1_FILES
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.xenon1t_s2only import FILES as S2_FILES
from mevdm.detectors.xenon1t_s2only import (Xenon1TS2Only, regrouped_limit_factor,
                                            release_bin_limit_factor, sigma_limit_quadratic,
                                            sr1_limit_factor)

KEY = "ema2021"
E_R_GRID_KEV = np.geomspace(0.02, 40.0, 160)  # tabulation grid of dR_nl/dE_R
NA64 = "NA64_2019"
LDMX = "LDMX_projection"
DATA = [AGSS09_FILE, *atomic.registry_names(atomic.DEFAULT_SHELLS),
        *atomic.registry_names(atomic.ESSIG_SHELLS, "essig2017")[1:], *S2_FILES.values(),
        *SR1_FILES.values()]


# --- shared pipeline ---------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _inputs(store: DataStore, form_factors: str, shells: tuple, roi: tuple, n_coarse: int,
            xenon: tuple):
    sun = load_agss09(store)
    ff = atomic.load_form_factors(store, form_factors, shells)
    rs = atomic.XenonRecoilSpectrum.build(ff, E_R_GRID_KEV)
    s2 = Xenon1TS2Only.load(store, roi_pe=roi, n_coarse=n_coarse)
    sr1 = Xenon1TSR1.load(store, **dict(xenon))
    return sun, ff, rs, s2, sr1


@functools.lru_cache(maxsize=2)
def _flux_table(store: DataStore, v_dm_km_s: float):
    return ReflectedFluxTable.build(load_agss09(store), v_dm_km_s)


def flux_table(config: dict, store: DataStore) -> ReflectedFluxTable:
    """The Sun's radial sum of Eq. 14 tabulated once (solar_reflection.ReflectedFluxTable)."""
    return _flux_table(store, float(config[KEY]["v_dm_km_s"]))


def pipeline(config: dict, store: DataStore):
    """(solar profile, form factors, recoil tabulator, S2-only release, SR1 data) of the config."""
    paper = config[KEY]
    xenon = tuple(sorted((config.get("xenon1t") or {}).items()))
    return _inputs(store, paper["form_factors"], tuple(paper["shells"]),
                   tuple(paper["s2_roi_pe"]), int(paper["s2_n_coarse"]), xenon)


def with_form_factors(config: dict, form_factors: str, shells) -> dict:
    """A copy of the config with another form-factor set and its shells."""
    other = copy.deepcopy(config)
    other[KEY]["form_factors"] = form_factors
    other[KEY]["shells"] = list(shells)
    return other


def recoil(config, store, m_chi_MeV, sigma_e_cm2, delta_keV=0.0, table=None):
    """Reflected flux (Eq. 14) and per-shell dR_nl/dE_R (Eq. 15) [events/(t yr keV)] on
    E_R_GRID_KEV; ``table``: flux_table(config, store) for scans (Eq. 14 within 1e-10)."""
    paper = config[KEY]
    sun, _, rs, _, _ = pipeline(config, store)
    if table is None:
        flux = reflected_flux(sun, m_chi_MeV, sigma_e_cm2, delta_keV * keV,
                              paper["rho_local_GeV_cm3"], paper["v_dm_km_s"])
    else:
        flux = table.flux(m_chi_MeV, sigma_e_cm2, delta_keV * keV, paper["rho_local_GeV_cm3"])
    per_shell = rs.per_shell(flux.E_MeV, flux.dphi_dE, m_chi_MeV, sigma_e_cm2, delta_keV * keV)
    return flux, per_shell


def detected(config, store, per_shell, E_keV):
    """Shell-summed spectrum at detected energies E_keV (E_R, or E_R + |E_nl| with add_binding)."""
    _, ff, _, _, _ = pipeline(config, store)
    return atomic.detected_spectrum(E_R_GRID_KEV, per_shell, ff.E_bind_MeV, E_keV,
                                    config[KEY]["add_binding"])


def s2_limit(config, store, m_chi_MeV, delta_keV=0.0, sigma_ref=1.0e-38):
    """sigma_e limit [cm^2] from S2-only, coarse regrouped bins (signal ~ sigma^2: reflection x detection)."""
    _, _, _, s2, _ = pipeline(config, store)
    _, ps = recoil(config, store, m_chi_MeV, sigma_ref, delta_keV)
    lam = s2.limit_factor(detected(config, store, ps, s2.energy_keV), config[KEY]["n_sigma"])
    return sigma_limit_quadratic(sigma_ref, lam)


def s2_limit_release_bins(config, store, m_chi_MeV, delta_keV=0.0, sigma_ref=1.0e-38):
    """sigma_e limit [cm^2] from S2-only: Poisson upper limit (one-sided n_sigma CL) in each
    of the release's own S2 bins in the ROI (no regrouping)."""
    _, _, _, s2, _ = pipeline(config, store)
    _, ps = recoil(config, store, m_chi_MeV, sigma_ref, delta_keV)
    lam = release_bin_limit_factor(s2, detected(config, store, ps, s2.energy_keV),
                                   config[KEY]["n_sigma"])
    return sigma_limit_quadratic(sigma_ref, lam)


def s2_limit_vs_regrouping(config, store, m_chi_MeV, n_bins, sigma_ref=1.0e-38):
    """The coarse-bin sigma_e limit [cm^2] for each number of log bins in n_bins (binning dependence)."""
    _, _, _, s2, _ = pipeline(config, store)
    _, ps = recoil(config, store, m_chi_MeV, sigma_ref, 0.0)
    det = detected(config, store, ps, s2.energy_keV)
    return {int(n): sigma_limit_quadratic(sigma_ref, regrouped_limit_factor(
        s2, det, int(n), config[KEY]["n_sigma"])) for n in n_bins}


def sr1_limit(config, store, m_chi_MeV, delta_keV=0.0, sigma_ref=1.0e-38, table=None):
    """sigma_e limit [cm^2] from XENON1T SR1 S1+S2 (same rule); ``table`` as in recoil."""
    _, _, _, _, sr1 = pipeline(config, store)
    _, ps = recoil(config, store, m_chi_MeV, sigma_ref, delta_keV, table)
    obs = sr1.fold(detected(config, store, ps, sr1.true_centres_keV))
    return sigma_limit_quadratic(sigma_ref, sr1_limit_factor(sr1, obs, config[KEY]["n_sigma"]))


FORM_FACTOR_LABEL = {
    "darkarc": "DarkARC W_1 tables (Catena+ 2019), RHF binding energies",
    "essig2017": "Essig+ 2017 tables (wimprates 0.5.0), Essig Table II binding energies (RHF "
                 "for 3d, 3p), zero above each shell's table (E_R <= 0.37-2.5 keV)",
}


def choices(paper: dict) -> dict:
    """The reconstruction choices written into every figure's JSON."""
    return {
        "solar_model": "AGSS09 (Serenelli+ 2009) verbatim table; n_e full ionisation; "
                       "v_esc from M(r)",
        "halo": f"rho_DM = {paper['rho_local_GeV_cm3']} GeV/cm3, v_DM = {paper['v_dm_km_s']} km/s",
        "form_factors": FORM_FACTOR_LABEL[paper["form_factors"]] + ", shells "
                        + ",".join(paper["shells"]),
        "detected_energy": "E_R + |E_nl|" if paper["add_binding"] else "E_R (paper's Eq. 15)",
        "limit_rule": f"S + B <= D + {paper['n_sigma']} sigma in every bin with non-negligible "
                      "signal; signal ~ sigma_e^2",
        "s2_roi": f"{paper['s2_roi_pe']} PE in {paper['s2_n_coarse']} log bins, "
                  "Delta = sqrt(max(D,1)), B = ER + CEvNS",
    }


def model_sigma_coann(m_chi_MeV, delta_keV, m_phi, m_V, v_b):
    """sigma_e of the coannihilation model at (M, delta) from models.line511 (Eqs. 9-13)."""
    from mevdm.models import line511 as model
    sol = model.coann_solution(np.array(m_chi_MeV), np.array(delta_keV * keV), m_phi, m_V, v_b)
    return float(sol["sigma_e_cm2"]) if bool(sol["valid"]) else None


def _tag(prefix, value) -> str:
    """JSON key for a parameter value, dot-free for dotted lookups: ('rho', 0.3) -> 'rho0p3'."""
    return f"{prefix}{value:g}".replace(".", "p")


def crossings(x, y, level):
    """x where the sampled y(x) crosses level (linear interpolation between samples)."""
    s = np.sign(y - level)
    idx = np.nonzero(s[:-1] * s[1:] < 0)[0]
    return [float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i])) for i in idx]


# --- fig3 ------------------------------------------------------------------------------------

def benchmark_spectra(config: dict, store: DataStore):
    """The two Fig. 3 benchmarks with the config's form factors: (M, sigma_e, flux, per-shell
    spectra, detected dR/dE_R on E_R_GRID_KEV) for the p-wave one, and (M, sigma_e, delta, ...)
    for the coannihilation one."""
    p = config[KEY]["fig3"]
    Mp, sp = p["pwave_m_chi_MeV"], p["pwave_sigma_e_cm2"]
    Mc, sc, dc = p["coann_m_chi_MeV"], p["coann_sigma_e_cm2"], p["coann_delta_keV"]
    flux_p, ps_p = recoil(config, store, Mp, sp, 0.0)
    flux_c, ps_c = recoil(config, store, Mc, sc, dc)
    return ((Mp, sp, flux_p, ps_p, detected(config, store, ps_p, E_R_GRID_KEV)),
            (Mc, sc, dc, flux_c, ps_c, detected(config, store, ps_c, E_R_GRID_KEV)))


def fig3(config: dict, store: DataStore) -> dict:
    """Spectra of the two benchmarks (paper Fig. 3): arrays for plotting and the numbers."""
    paper, p, rn = config[KEY], config[KEY]["fig3"], config[KEY]["relic_numbers"]
    sun, ff, rs, s2, sr1 = pipeline(config, store)
    (Mp, sp, flux_p, ps_p, true_p), (Mc, sc, dc, flux_c, ps_c, true_c) = \
        benchmark_spectra(config, store)

    # S2-only: fine response -> events per coarse display bin (ROI bins + 90-150 PE)
    det_p_s2 = detected(config, store, ps_p, s2.energy_keV)
    sig_fine = s2.expected_fine(det_p_s2)
    disp_idx = np.unique(np.concatenate([[0], s2.coarse_index]))

    def regroup(fine):
        return np.array([np.sum(fine[a:b]) for a, b in zip(disp_idx[:-1], disp_idx[1:])])

    lam_p = s2.limit_factor(det_p_s2, paper["n_sigma"])
    # S1+S2: smear x efficiency into the 1-keV bins
    obs_c = sr1.fold(detected(config, store, ps_c, sr1.true_centres_keV))
    lam_c = sr1_limit_factor(sr1, obs_c, paper["n_sigma"])

    e = sr1.bin_centres_keV
    band = (E_R_GRID_KEV >= 1.0) & (E_R_GRID_KEV <= 30.0)
    numbers = {
        "pwave_M_MeV": Mp, "pwave_sigma_e_cm2": sp,
        "coann_M_MeV": Mc, "coann_delta_keV": dc, "coann_sigma_e_cm2": sc,
        "sigma_source": p["sigma_source"],
        "coann_sigma_e_model_cm2": model_sigma_coann(Mc, dc, rn["coann_m_phi_MeV"],
                                                     rn["coann_m_V_MeV"], config[KEY]["v_bulge"]),
        "pwave_flux_cm2_s": flux_p.total_cm2_s, "pwave_mean_E_keV": flux_p.mean_E_keV,
        "coann_flux_cm2_s": flux_c.total_cm2_s, "coann_mean_E_keV": flux_c.mean_E_keV,
        "coann_peak_keV": float(E_R_GRID_KEV[np.argmax(true_c)]),
        "coann_peak_observed_bin_keV": float(e[np.argmax(obs_c)]),
        "coann_rate_1_30keV_per_t_yr": float(np.trapezoid(true_c[band], E_R_GRID_KEV[band])),
        "coann_rate_total_per_t_yr": float(np.trapezoid(true_c, E_R_GRID_KEV)),
        "coann_observed_rate_1_30keV_per_t_yr": float(np.sum(obs_c * sr1.bin_widths_keV)),
        "coann_observed_events_1_7keV": float(np.sum(sr1.rate_to_counts(obs_c)[:6])),
        "pwave_peak_below_2keV": bool(E_R_GRID_KEV[np.argmax(true_p)] < 2.0),
        "pwave_rate_total_per_t_yr": float(np.trapezoid(true_p, E_R_GRID_KEV)),
        "pwave_s2_signal_events_roi": float(np.sum(s2.signal(det_p_s2))),
        "pwave_s2_sigma_lim_cm2": sigma_limit_quadratic(sp, lam_p),
        "coann_sr1_sigma_lim_cm2": sigma_limit_quadratic(sc, lam_c),
        "choices": choices(paper),
        **sun.core,
    }
    # issue 4: the other reading of the detected energy (E_R vs E_R + |E_nl|) as a variant
    other = copy.deepcopy(config)
    other[KEY]["add_binding"] = not paper["add_binding"]
    true_c_o = detected(other, store, ps_c, E_R_GRID_KEV)
    lam_p_o = s2.limit_factor(detected(other, store, ps_p, s2.energy_keV), paper["n_sigma"])
    numbers["variant_detected_energy"] = {
        "add_binding": other[KEY]["add_binding"],
        "coann_peak_keV": float(E_R_GRID_KEV[np.argmax(true_c_o)]),
        "pwave_s2_sigma_lim_cm2": sigma_limit_quadratic(sp, lam_p_o),
        "pwave_s2_release_bins_sigma_lim_cm2": s2_limit_release_bins(other, store, Mp, 0.0),
        "coann_sr1_sigma_lim_cm2": sr1_limit(other, store, Mc, dc),
    }
    numbers["pwave_s2_release_bins_sigma_lim_cm2"] = s2_limit_release_bins(config, store, Mp, 0.0)
    # issue 17 item 6: the same spectra with the other form-factor set
    ffv = form_factor_variant(config, store, ps_p, ps_c, true_p, true_c)
    numbers["variant_form_factors"] = ffv["numbers"]
    return {
        "numbers": numbers, "E_R_keV": E_R_GRID_KEV, "pwave_dRdE": true_p, "coann_dRdE": true_c,
        "s2_edges_pe": s2.s2_edges_pe[disp_idx], "s2_data": regroup(s2.observed_fine),
        "s2_background": regroup(s2.background_fine), "s2_signal": regroup(sig_fine),
        "sr1_centres_keV": e, "sr1_rate": sr1.observed_rate,
        "sr1_rate_error": sr1.observed_rate_error, "sr1_b0": sr1.b0_rate, "sr1_signal": obs_c,
        "variant_form_factors": ffv, "s2_signal_variant": regroup(ffv["s2_signal_fine"]),
    }


def form_factor_variant(config, store, ps_p, ps_c, true_p, true_c) -> dict:
    """fig3's benchmarks with the variant form-factor set (fig3.form_factor_variant): spectra,
    their ratio to the baseline set at low E_R, rates and limits (issue 17 item 6)."""
    paper, p = config[KEY], config[KEY]["fig3"]
    var = p["form_factor_variant"]
    other = with_form_factors(config, var["set"], var["shells"])
    _, ff_o, _, s2, sr1 = pipeline(other, store)
    (Mp, sp, _, ps_po, true_po), (Mc, sc, dc, _, ps_co, true_co) = \
        benchmark_spectra(other, store)
    det_po = detected(other, store, ps_po, s2.energy_keV)
    lam_po = s2.limit_factor(det_po, paper["n_sigma"])
    obs_co = sr1.fold(detected(other, store, ps_co, sr1.true_centres_keV))
    lam_co = sr1_limit_factor(sr1, obs_co, paper["n_sigma"])
    band = (E_R_GRID_KEV >= 1.0) & (E_R_GRID_KEV <= 30.0)
    # baseline / variant per shell at low recoil energy, where both tables exist (5p ... 4s)
    common = [s for s in paper["shells"] if s in var["shells"]]
    _, ff_b, _, _, _ = pipeline(config, store)
    ratio = {}
    for e in p["form_factor_ratio_E_R_keV"]:
        row = {}
        for s in common[:5]:
            b = np.interp(np.log(e), np.log(E_R_GRID_KEV), ps_p[ff_b.shells.index(s)])
            o = np.interp(np.log(e), np.log(E_R_GRID_KEV), ps_po[ff_o.shells.index(s)])
            row[s] = float(b / o) if o > 0 else None
        ratio[_tag("E_R_eV", e * 1e3)] = row
    numbers = {
        "set": var["set"], "shells": list(var["shells"]),
        "label": FORM_FACTOR_LABEL[var["set"]],
        "table_E_R_max_keV": ff_o.E_R_max_keV() if hasattr(ff_o, "E_R_max_keV") else None,
        "pwave_rate_total_per_t_yr": float(np.trapezoid(true_po, E_R_GRID_KEV)),
        "pwave_s2_signal_events_roi": float(np.sum(s2.signal(det_po))),
        "pwave_s2_sigma_lim_cm2": sigma_limit_quadratic(sp, lam_po),
        "pwave_s2_release_bins_sigma_lim_cm2": s2_limit_release_bins(other, store, Mp, 0.0),
        "coann_rate_1_30keV_per_t_yr": float(np.trapezoid(true_co[band], E_R_GRID_KEV[band])),
        "coann_observed_rate_1_30keV_per_t_yr": float(np.sum(obs_co * sr1.bin_widths_keV)),
        "coann_sr1_sigma_lim_cm2": sigma_limit_quadratic(sc, lam_co),
        "baseline_over_variant_pwave_per_shell": ratio,
        "note": "same kernel (Eqs. 15-17), flux and detector; only |f_nl|^2 and E_nl change. The "
                "Essig tables stop at E_R = 0.37 keV (4p) ... 2.5 keV (3p), where they are set to "
                "0 (wimprates' convention): the coannihilation spectrum (1-30 keV) is not "
                "computable with them",
    }
    return {"numbers": numbers, "pwave_dRdE": true_po, "coann_dRdE": true_co,
            "s2_signal_fine": s2.expected_fine(det_po), "sr1_signal": obs_co}


# --- fig1 ------------------------------------------------------------------------------------

def fig1(config: dict, store: DataStore) -> dict:
    """The (m_S, g_e) plane of the p-wave scalar-mediator model (paper Fig. 1)."""
    from mevdm.constraints import brem_coupling_factor, library
    from mevdm.constraints import computed as cc
    from mevdm.models import line511 as model

    paper, p = config[KEY], config[KEY]["fig1"]
    M, b = p["m_chi_MeV"], paper["b_pwave_cm3_s"]
    mS = np.linspace(p["m_S_min_MeV"], p["m_S_max_MeV"], int(p["n_m_S"]))
    yg = np.sqrt(model.yDge_squared(mS, M, b))  # y_D g_e fixed by relic + 511
    sig = model.sigma_e_of_mS_cm2(mS, M, b)
    g_pert = cc.perturbative_coupling_max(config)
    sig_lim = s2_limit(config, store, M, 0.0)
    thick = p["sigma_thick_cm2"]
    na64 = library(store=store, config=config).get(NA64).curve("scalar_ge")
    ge_na64 = np.interp(mS, na64.mass_MeV, na64.coupling)

    cross = crossings(mS, sig, thick)
    above = [x for x in cross if x > 2 * M]
    below = [x for x in cross if x < 2 * M]
    m_thick = above[0] if above else float("nan")
    numbers = {
        "M_MeV": M, "b_cm3_s": b,
        "sigma_e_4e38_mS_MeV": m_thick,
        "sigma_e_4e38_mS_below_resonance_MeV": below[-1] if below else None,
        "yDge_at_thick": float(np.sqrt(model.yDge_squared(m_thick, M, b))),
        "perturbativity_edge_ge_at_thick": float(np.sqrt(model.yDge_squared(m_thick, M, b))
                                                 / g_pert),
        "g_pert_max": g_pert,
        "sigma_e_mS_infinity_cm2": float(model.sigma_e_of_mS_cm2(1.0e6, M, b)),
        "xenon_s2_sigma_lim_cm2": sig_lim,
        "xenon_s2_allowed_mS_window_MeV": crossings(mS, sig, sig_lim),
        "thick_line_allowed_by_s2": bool(thick <= sig_lim),
        "na64_recast_ratio_15MeV": float(brem_coupling_factor(15.0, "scalar")[0]),
        "na64_recast_ratio_4MeV": float(brem_coupling_factor(4.0, "scalar")[0]),
        "na64_ge_lim_at_thick": float(np.interp(m_thick, na64.mass_MeV, na64.coupling)),
        "na64_steps": list(na64.steps),
        "choices": {**choices(paper), "xenon_dataset": "S2-only [4] (caption)",
                    "width": "Gamma_S neglected in the sigma_e(m_S) relation (spec: <1% of m_S=2M)"},
    }
    # issue 1: both XENON1T analyses; the S2-only one without a regrouping choice
    lim_s1s2 = sr1_limit(config, store, M, 0.0)
    lim_s2 = s2_limit_release_bins(config, store, M, 0.0)
    numbers.update({
        "xenon_s1s2_sigma_lim_2MeV_cm2": lim_s1s2,
        "xenon_s2_sigma_lim_2MeV_cm2": lim_s2,
        "xenon_s2_statistic": "Poisson upper limit (Garwood, one-sided CL of n_sigma) on S + B in "
                              "each of the release's own S2 bins in the ROI: no regrouping choice",
        "thick_line_allowed": {"s1s2": bool(thick <= lim_s1s2), "s2_only": bool(thick <= lim_s2),
                               "s2_only_coarse_regrouped": bool(thick <= sig_lim)},
        "xenon_s1s2_allowed_mS_window_MeV": crossings(mS, sig, lim_s1s2),
        "xenon_s2_release_bins_allowed_mS_window_MeV": crossings(mS, sig, lim_s2),
        "xenon_s2_coarse_lim_vs_n_bins_cm2": {str(k): v for k, v in s2_limit_vs_regrouping(
            config, store, M, (4, 6, 8, 12, 16, 24, 32, 48)).items()},
        "sigma_e_1e38_mS_MeV": [x for x in crossings(mS, sig, 1.0e-38) if x > 2 * M][0],
    })
    # issue 2: the s-channel pole at freeze-out (beyond the paper): Gondolo-Gelmini with Gamma_S
    res = resonance(config, mS)
    numbers.update(res["numbers"])
    return {"numbers": numbers, "m_S_MeV": mS, "yD_ge": yg, "sigma_e_cm2": sig,
            "ge_perturbativity_edge": yg / g_pert, "ge_na64": ge_na64, "g_pert": g_pert,
            "sigma_lim_s2_coarse": sig_lim, "sigma_lim_s2": lim_s2, "sigma_lim_s1s2": lim_s1s2,
            "sigma_thick": thick, "resonance": res}


def resonance(config: dict, mS) -> dict:
    """Couplings with the relic condition solved with the full thermal average (Gondolo–Gelmini,
    x_FO = 15, Gamma_S included) instead of <b v^2>: beyond the paper (issue 17 item 2).

    At fixed M the product y_D g_e drops by 1/sqrt(ratio), ratio = <sigma v>_GG / (6 b/x_FO);
    sigma_e by 1/ratio.  Also the joint relic + 511 solutions with M re-solved at m_S = 4.27 MeV.
    """
    from mevdm.models import line511 as model

    p = config[KEY]["fig1"]
    M, b, thick = p["m_chi_MeV"], config[KEY]["b_pwave_cm3_s"], p["sigma_thick_cm2"]
    m_grid = mS[::5]
    m_grid = m_grid[np.abs(m_grid - 2 * M) > 1.0e-3]
    ratios = {y: np.array([model.resonance_ratio(m, M, y, b) for m in m_grid])
              for y in p["yD_lines"]}
    yg = np.sqrt(model.yDge_squared(m_grid, M, b))
    sig = model.sigma_e_of_mS_cm2(m_grid, M, b)
    m_thick_paper = [x for x in crossings(mS, model.sigma_e_of_mS_cm2(mS, M, b), thick) if x > 2 * M][0]
    r_thick = {y: model.resonance_ratio(m_thick_paper, M, y, b) for y in p["yD_lines"]}
    above = m_grid > 2 * M
    thick_gg = {}
    for y in p["yD_lines"]:
        c = crossings(m_grid[above], (sig / ratios[y])[above], thick)
        if c:
            thick_gg[_tag("yD", y)] = {"m_S_MeV": c[0], "yDge": float(
                np.sqrt(model.yDge_squared(c[0], M, b) / model.resonance_ratio(c[0], M, y, b)))}
    joint = {_tag("yD", y): model.resonant_solutions(4.27, y, b, config[KEY]["v_bulge"])
             for y in p["yD_lines"]}
    numbers = {
        "resonance_ratio_4p27MeV": model.resonance_ratio(4.27, M, 1.0, b),
        "resonance_ratio_4p27MeV_by_yD": {_tag("yD", y): model.resonance_ratio(4.27, M, y, b)
                                          for y in p["yD_lines"]},
        "resonance_yDge_at_thick_M_fixed": {_tag("yD", y): float(np.sqrt(
            model.yDge_squared(m_thick_paper, M, b) / r_thick[y])) for y in p["yD_lines"]},
        "resonance_thick_line_M_fixed": thick_gg,
        "resonance_joint_relic_511_at_4p27MeV": joint,
        "resonance_note": "beyond the paper: relic from the Gondolo-Gelmini average at x_FO = 15 "
                          "with the full S propagator and width, matched to the paper's 6 b/x_FO; "
                          "M fixed at the paper's value for the drawn contours; joint: M re-solved "
                          "from Eq. (1) with today's b (2M < m_S branches)",
    }
    return {"numbers": numbers, "m_S_MeV": m_grid, "ratios": ratios, "yD_ge": yg,
            "sigma_e_cm2": sig}


# --- fig2 ------------------------------------------------------------------------------------

def _ge(model, M, d_keV, m_phi, m_V, v_b):
    sol = model.coann_solution(np.array(M), np.array(d_keV * keV), m_phi, m_V, v_b)
    return float(sol["g_D"]), float(sol["eps"])


def _root_delta(f, lo=1.0e-3, hi=1.0e2):
    """delta [keV] where f(delta) = 0 (brentq on log delta)."""
    from scipy.optimize import brentq
    return float(np.exp(brentq(lambda t: f(np.exp(t)), np.log(lo), np.log(hi), xtol=1e-10)))


def fig2_grid(p: dict):
    """The (M [MeV], delta [keV]) axes of fig2; the scan's rows are the delta axis."""
    return (np.linspace(p["m_chi_min_MeV"], p["m_chi_max_MeV"], int(p["n_m_chi"])),
            np.geomspace(p["delta_min_keV"], p["delta_max_keV"], int(p["n_delta"])))


def scan_chunk(config: dict, store: DataStore, scan: str, rows: slice) -> dict:
    """Chunk of a scan of this paper (mevdm.scans): only 'fig2' exists."""
    if scan != "fig2":
        raise KeyError(f"ema2021 has no scan '{scan}'; known: fig2")
    return fig2_scan_chunk(config, store, rows)


def fig2_scan_chunk(config: dict, store: DataStore, rows: slice) -> dict:
    """XENON1T S1+S2 sigma_e limit [cm^2] at the valid (relic + 511 solvable) points of the
    delta rows ``rows`` of the fig2 grid (signal ~ sigma^2); -1 where there is no relic
    solution or no signal (no limit)."""
    from mevdm.models import line511 as model

    p = config[KEY]["fig2"]
    M, d_keV = fig2_grid(p)
    d_keV = d_keV[rows]
    MM, DD = np.meshgrid(M, d_keV)
    valid = model.coann_solution(MM, DD * keV, p["m_phi_MeV"], p["m_V_MeV"],
                                 config[KEY]["v_bulge"])["valid"]
    lim = np.full(MM.shape, -1.0)
    table = flux_table(config, store)  # ~1e4 fluxes: the radial sum interpolated (within 1e-10)
    for i, j in zip(*np.nonzero(valid)):
        lim[i, j] = sr1_limit(config, store, MM[i, j], DD[i, j], table=table)
    lim[~np.isfinite(lim)] = -1.0
    return {"delta_keV": d_keV, "m_chi_MeV": M, "sigma_lim_cm2": lim}


def fig2(config: dict, store: DataStore, scan: dict) -> dict:
    """The (M, delta) plane of the coannihilation model (paper Fig. 2); ``scan``: the merged
    fig2 scan (XENON1T limit on the grid)."""
    from mevdm.constraints import library
    from mevdm.constraints import computed as cc
    from mevdm.models import line511 as model

    paper, p = config[KEY], config[KEY]["fig2"]
    m_phi, m_V, v_b = p["m_phi_MeV"], p["m_V_MeV"], paper["v_bulge"]
    M, d_keV = fig2_grid(p)
    if not (np.array_equal(scan["m_chi_MeV"], M) and np.array_equal(scan["delta_keV"], d_keV)):
        raise ValueError("ema2021 fig2 scan chunks do not match the configured grid "
                         "(ema2021.fig2.*); rerun the scan_chunk rules")
    MM, DD = np.meshgrid(M, d_keV)
    sol = model.coann_solution(MM, DD * keV, m_phi, m_V, v_b)
    valid = sol["valid"]
    g_pert = cc.perturbative_coupling_max(config)
    na64 = library(store=store, config=config).get(NA64).curve("dark_photon")
    eps_lim = float(np.interp(m_V, na64.mass_MeV, na64.coupling))
    mmax = model.coann_mmax_MeV(v_b)

    # XENON1T S1+S2 limit on sigma_e at every valid grid point, from the scan
    sig_lim = np.where(scan["sigma_lim_cm2"] < 0, np.inf, scan["sigma_lim_cm2"])
    sig = np.where(valid, sol["sigma_e_cm2"], 0.0)
    gD = np.where(valid, sol["g_D"], np.nan)
    eps = np.where(valid, sol["eps"], np.nan)
    tau = np.where(valid, model.chi2_lifetime_yr(MM, DD * keV, m_V, sol["g_D"],
                                                 np.where(valid, sol["eps"], 1.0)), np.nan)
    ratio = np.where(valid & np.isfinite(sig_lim),
                     sig / np.where(sig_lim > 0, sig_lim, 1e-99), 0.0)
    bM, bd = p["benchmark_m_chi_MeV"], p["benchmark_delta_keV"]
    bsol = model.coann_solution(np.array(bM), np.array(bd * keV), m_phi, m_V, v_b)
    numbers = {
        "m_phi_MeV": m_phi, "m_V_MeV": m_V,
        "benchmark_M_MeV": bM, "benchmark_delta_keV": bd,
        "benchmark_sigma_e_cm2": float(bsol["sigma_e_cm2"]),
        "benchmark_gD": float(bsol["g_D"]), "benchmark_eps": float(bsol["eps"]),
        "benchmark_tau2_yr": float(model.chi2_lifetime_yr(bM, bd * keV, m_V, bsol["g_D"],
                                                          bsol["eps"])),
        "benchmark_xenon_sigma_lim_cm2": sr1_limit(config, store, bM, bd),
        "benchmark_allowed_by_na64": bool(float(bsol["eps"]) < eps_lim),
        "na64_eps_lim_at_mV": eps_lim,
        "mmax_MeV": mmax,
        "g_pert_max": g_pert,
        "choices": {**choices(paper), "xenon_dataset": "S1+S2 SR1 [5] (caption)",
                    "tau2_line_yr": p["tau2_line_yr"], "v_bulge": v_b},
    }
    # issue 3: halo-density band and the benchmark's margin; LDMX projection (text, dashed)
    rho0 = paper["rho_local_GeV_cm3"]
    lim_b = numbers["benchmark_xenon_sigma_lim_cm2"]
    rho_band = p["rho_band_GeV_cm3"]
    sig_b = numbers["benchmark_sigma_e_cm2"]
    v_rms = model.v_bulge_rms()
    sol_v = model.coann_solution(np.array(bM), np.array(bd * keV), m_phi, m_V, v_b=v_rms)
    ldmx = library(store=store, config=config).get(LDMX).curve("dark_photon")
    eps_ldmx = float(np.interp(m_V, ldmx.mass_MeV, ldmx.coupling))
    numbers.update({
        # sigma_lim ~ rho^(-1/2): the signal is n_DM (Sun) x sigma_e (Sun) x sigma_e (detector)
        "benchmark_xenon_sigma_lim_by_rho_cm2": {_tag("rho", r): lim_b * np.sqrt(rho0 / r)
                                                  for r in rho_band},
        "benchmark_margin": {_tag("rho", r): lim_b * np.sqrt(rho0 / r) / sig_b for r in rho_band},
        "v_bulge_sqrt6_sigma_b": v_rms,
        "benchmark_sigma_e_cm2_v_bulge_sqrt6_sigma_b": float(sol_v["sigma_e_cm2"]),
        "benchmark_margin_v_bulge_sqrt6_sigma_b": lim_b / float(sol_v["sigma_e_cm2"]),
        "ldmx_eps_projection_at_mV": eps_ldmx,
        "ldmx_note": "LDMX_projection (secondary digitisation, low confidence; recast from the y "
                     "plane): the paper's text says eps ~ 1e-6 at m_V = 15 MeV",
        # issue 5: independent audit numbers (root-finder, not the grid)
        "delta_tau2_line_at_3MeV_keV": _root_delta(
            lambda d: np.log(model.chi2_lifetime_yr(3.0, d * keV, m_V, *_ge(model, 3.0, d, m_phi, m_V, v_b))
                             / p["tau2_line_yr"])),
        "delta_gD1_at_3MeV_keV": _root_delta(
            lambda d: np.log(float(model.coann_solution(np.array(3.0), np.array(d * keV), m_phi,
                                                        m_V, v_b)["g_D"]))),
        "delta_gD_pert_at_3MeV_keV": _root_delta(
            lambda d: np.log(float(model.coann_solution(np.array(3.0), np.array(d * keV), m_phi,
                                                        m_V, v_b)["g_D"]) / g_pert)),
        "sigma_e_ratio_mphi_1p5_over_3": float(
            model.coann_solution(np.array(3.5), np.array(bd * keV), 1.5, m_V, v_b)["sigma_e_cm2"]
            / model.coann_solution(np.array(3.5), np.array(bd * keV), 3.0, m_V, v_b)["sigma_e_cm2"]),
    })
    return {"numbers": numbers, "MM": MM, "DD": DD, "valid": valid, "sigma_e_cm2": sig,
            "sigma_lim_band": {r: sig_lim * np.sqrt(rho0 / r) for r in rho_band},
            "eps_ldmx": eps_ldmx,
            "sigma_lim": sig_lim, "xenon_excluded": valid & (sig > sig_lim), "ratio": ratio,
            "g_D": gD, "eps": eps, "tau2_yr": tau, "eps_lim": eps_lim, "g_pert": g_pert,
            "m_chi_max_MeV": mmax}


# --- relic_numbers ----------------------------------------------------------------------------

def _thermal_numbers(M, delta, cosmo) -> dict:
    """The relic numbers one g*(T) history fixes: the thermal p-wave b(2 MeV) (Majorana), Eq. (12)'s
    thermal chi1 chi2 s-wave at M (coannihilating pair, g1 = g2 = 2), twice the thermal Majorana
    s-wave (the paper's footnote 3) and the freeze-out point."""
    from mevdm.early import relic

    sv12 = float(relic.sigmav_for_omega(M, 0.0, 0.0, g_partner=2.0, delta_MeV=delta,
                                        sigmav12_a_cm3_s=1.0, cosmo=cosmo))
    return {"pwave_b_thermal_2MeV_majorana_cm3_s": float(relic.sigmav_for_omega(2.0, 0.0, 1.0, cosmo=cosmo)),
            "coann_sigmav12_thermal_cm3_s": sv12,
            "coann_sigmav12_twice_majorana_cm3_s": 2.0 * float(relic.sigmav_for_omega(M, cosmo=cosmo)),
            # chi1 chi2 with delta -> 0 freeze out as one Dirac pair with sigma v = sigma v_12
            "coann_x_fo": float(relic.freezeout_x(M, sv12, self_conjugate=False, cosmo=cosmo))}


def relic_numbers(config: dict, store: DataStore) -> dict:
    """The paper's relic + 511 algebra (Eqs. 1, 2, 9-13 with x_FO = 15) beside the full
    Boltzmann solve: the thermal p-wave b at 2 MeV and Omega h^2 at the paper's inputs."""
    from mevdm.early import relic
    from mevdm.models.line511 import (chi2_lifetime_yr, coann_mmax_MeV, coann_solution,
                                      pwave_mass_MeV, sigmav_12_ee_cm3_s, sigmav_511_cm3_s,
                                      v_bulge_rms)

    cosmo = relic.cosmology_for(config, store)
    cfg = config[KEY]["relic_numbers"]
    b, v_b = config[KEY]["b_pwave_cm3_s"], config[KEY]["v_bulge"]
    M, delta = cfg["coann_M_MeV"], cfg["coann_delta_keV"] * keV
    m_phi, m_V = cfg["coann_m_phi_MeV"], cfg["coann_m_V_MeV"]
    sol = coann_solution(M, delta, m_phi, m_V, v_b)
    if not bool(sol["valid"]):
        raise ValueError(f"coannihilation benchmark M = {M} MeV, delta = {delta} MeV has no "
                         "solution of Eq. (12) (p-wave alone over-saturates the relic)")
    g_D, eps = float(sol["g_D"]), float(sol["eps"])
    sv12 = float(sigmav_12_ee_cm3_s(M, m_V, g_D, eps))
    b_ii = float(sol["b_ii_cm3_s"])
    omega_coann = relic.omega_h2(M, 0.0, b_ii, g_chi=2.0, g_partner=2.0, delta_MeV=delta,
                                 sigmav12_a_cm3_s=sv12, sigmav22_b_cm3_s=b_ii, cosmo=cosmo)
    used = config["relic"]["thermodynamics"]
    thermal = {t: _thermal_numbers(M, delta, cosmo if t == used else relic.default_cosmology(store, t))
               for t in relic.THERMODYNAMICS}
    b_thermal_2 = thermal[used]["pwave_b_thermal_2MeV_majorana_cm3_s"]
    sv12_thermal = thermal[used]["coann_sigmav12_thermal_cm3_s"]
    return {
        "pwave_mass_MeV": pwave_mass_MeV(b, v_b),
        "pwave_mass_MeV_vb_sqrt6_sigma": pwave_mass_MeV(b, v_bulge_rms()),
        "sigmav511_2MeV_cm3_s": float(sigmav_511_cm3_s(2.0)),
        "coann_mmax_MeV": coann_mmax_MeV(v_b),
        "coann_gD": g_D,
        "coann_eps": eps,
        "coann_sigma_e_cm2": float(sol["sigma_e_cm2"]),
        "coann_b_ii_cm3_s": b_ii,
        "coann_sigmav12_ee_cm3_s": sv12,
        "coann_chi2_lifetime_yr": float(chi2_lifetime_yr(M, delta, m_V, g_D, eps)),
        "check_full_boltzmann": {
            "pwave_b_thermal_2MeV_majorana_cm3_s": float(b_thermal_2),
            "pwave_b_paper_cm3_s": b,
            "omega_h2_pwave_b_paper_2MeV_full": float(relic.omega_h2(2.0, 0.0, b, cosmo=cosmo)),
            "omega_h2_pwave_b_paper_2MeV_semi": float(relic.omega_h2(2.0, 0.0, b, method="semi",
                                                                     cosmo=cosmo)),
            "omega_h2_coann_benchmark_full": float(omega_coann),
            "coann_sigmav12_thermal_cm3_s": sv12_thermal,
            "coann_sigmav12_twice_majorana_cm3_s": thermal[used]["coann_sigmav12_twice_majorana_cm3_s"],
            "coann_x_fo": thermal[used]["coann_x_fo"],
            # the relic numbers with each thermodynamics of config relic.thermodynamics (scoreboard)
            "by_thermodynamics": {"used": used, **{k: {t: thermal[t][k] for t in thermal}
                                                   for k in thermal[used]}},
            "coann_note": "Eq. (12) with x_FO = 15 vs the full coannihilation Boltzmann solve "
                          "(g1 = g2 = 2, delta = m2 - m1, chi1 chi2 -> ee s-wave, chi_i chi_i -> "
                          "phi phi p-wave, Edsjo–Gondolo weights)",
        },
        "inputs": {"b_pwave_cm3_s": b, "v_bulge": v_b, **cfg},
    }
