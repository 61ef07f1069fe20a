"""Figures of Ema, Sala, Sato, arXiv:2007.09105 (spec paper-000-002 §1).

fig3: XENON1T electron-recoil spectra of Sun-reflected DM for the p-wave (S2-only data)
and coannihilation (S1+S2 data) benchmarks.  fig1 / fig2: the model planes with
perturbativity, NA64 and the XENON1T limits computed here (3 sigma overshoot rule).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from mevdm.detectors import atomic
from mevdm.core.data import DataStore
from mevdm.detectors.xenon1t import FILES as SR1_FILES
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.xenon1t_s2only import FILES as S2_FILES
from mevdm.detectors.xenon1t_s2only import Xenon1TS2Only, sigma_limit_quadratic, sr1_limit_factor
from mevdm.core.plotting import new_figure
from mevdm.astro.solar_model import AGSS09_FILE, load_agss09
from mevdm.astro.solar_reflection import reflected_flux
from mevdm.core.units import keV
from mevdm.papers import FigureContext, FigureResult

KEY = "ema2021"
E_R_GRID_KEV = np.geomspace(0.02, 40.0, 160)  # tabulation grid of dR_nl/dE_R


# --- shared pipeline ---------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _inputs(store: DataStore, shells: tuple, roi: tuple, n_coarse: int, xenon: tuple):
    sun = load_agss09(store)
    ff = atomic.XenonFormFactors.load(store, shells)
    rs = atomic.XenonRecoilSpectrum.build(ff, E_R_GRID_KEV)
    s2 = Xenon1TS2Only.load(store, roi_pe=roi, n_coarse=n_coarse)
    sr1 = Xenon1TSR1.load(store, **dict(xenon))
    return sun, ff, rs, s2, sr1


def pipeline(ctx: FigureContext):
    paper = ctx.paper
    xenon = tuple(sorted((ctx.config.get("xenon1t") or {}).items()))
    return _inputs(ctx.data, tuple(paper["shells"]), tuple(paper["s2_roi_pe"]),
                   int(paper["s2_n_coarse"]), xenon)


def recoil(ctx: FigureContext, M_MeV, sigma_e_cm2, delta_keV=0.0):
    """Reflected flux and per-shell dR_nl/dE_R [events/(t yr keV)] on E_R_GRID_KEV."""
    paper = ctx.paper
    sun, ff, rs, _, _ = pipeline(ctx)
    flux = reflected_flux(sun, M_MeV, sigma_e_cm2, delta_keV * keV,
                          paper["rho_dm_GeV_cm3"], paper["v_dm_km_s"])
    per_shell = rs.per_shell(flux.E_MeV, flux.dphi_dE, M_MeV, sigma_e_cm2, delta_keV * keV)
    return flux, per_shell


def detected(ctx: FigureContext, per_shell, E_keV):
    _, ff, _, _, _ = pipeline(ctx)
    return atomic.detected_spectrum(E_R_GRID_KEV, per_shell, ff.E_bind_MeV, E_keV,
                                    ctx.paper["add_binding"])


def s2_limit(ctx, M_MeV, delta_keV=0.0, sigma_ref=1.0e-38):
    """sigma_e limit [cm^2] from S2-only (signal ~ sigma^2: reflection x detection)."""
    _, _, _, s2, _ = pipeline(ctx)
    _, ps = recoil(ctx, M_MeV, sigma_ref, delta_keV)
    lam = s2.limit_factor(detected(ctx, ps, s2.energy_keV), ctx.paper["n_sigma"])
    return sigma_limit_quadratic(sigma_ref, lam)


def sr1_limit(ctx, M_MeV, delta_keV=0.0, sigma_ref=1.0e-38):
    """sigma_e limit [cm^2] from XENON1T SR1 S1+S2 (same rule)."""
    _, _, _, _, sr1 = pipeline(ctx)
    _, ps = recoil(ctx, M_MeV, sigma_ref, delta_keV)
    obs = sr1.fold(detected(ctx, ps, sr1.true_centres_keV))
    return sigma_limit_quadratic(sigma_ref, sr1_limit_factor(sr1, obs, ctx.paper["n_sigma"]))


def _choices(paper: dict) -> dict:
    return {
        "solar_model": "AGSS09 (Serenelli+ 2009) verbatim table; n_e full ionisation; "
                       "v_esc from M(r)",
        "halo": f"rho_DM = {paper['rho_dm_GeV_cm3']} GeV/cm3, v_DM = {paper['v_dm_km_s']} km/s",
        "form_factors": "DarkARC W_1 tables (Catena+ 2019), shells " + ",".join(paper["shells"]),
        "detected_energy": "E_R + |E_nl|" if paper["add_binding"] else "E_R (paper's Eq. 15)",
        "limit_rule": f"S + B <= D + {paper['n_sigma']} sigma in every bin with non-negligible "
                      "signal; signal ~ sigma_e^2",
        "s2_roi": f"{paper['s2_roi_pe']} PE in {paper['s2_n_coarse']} log bins, "
                  "Delta = sqrt(max(D,1)), B = ER + CEvNS",
    }


DATA = [AGSS09_FILE, *atomic.registry_names(atomic.DEFAULT_SHELLS), *S2_FILES.values(),
        *SR1_FILES.values()]


def _model_sigma_coann(M_MeV, delta_keV, m_phi=2.0, m_V=15.0):
    """sigma_e of the coannihilation model at (M, delta) from models.ema2021 (Eqs. 9-13)."""
    from mevdm.models import ema2021 as model
    sol = model.coann_solution(np.array(M_MeV), np.array(delta_keV * keV), m_phi, m_V)
    return float(sol["sigma_e_cm2"]) if bool(sol["valid"]) else None


# --- fig3 ------------------------------------------------------------------------------------

def fig3(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    sun, ff, rs, s2, sr1 = pipeline(ctx)

    Mp, sp = p["pwave_M_MeV"], p["pwave_sigma_e_cm2"]
    Mc, sc, dc = p["coann_M_MeV"], p["coann_sigma_e_cm2"], p["coann_delta_keV"]
    flux_p, ps_p = recoil(ctx, Mp, sp, 0.0)
    flux_c, ps_c = recoil(ctx, Mc, sc, dc)
    true_p = detected(ctx, ps_p, E_R_GRID_KEV)
    true_c = detected(ctx, ps_c, E_R_GRID_KEV)

    # S2-only: fine response -> events per coarse display bin (ROI bins + 90-150 PE)
    sig_fine = s2.expected_fine(detected(ctx, ps_p, s2.energy_keV))
    disp_idx = np.unique(np.concatenate([[0], s2.coarse_index]))

    def regroup(fine):
        return np.array([np.sum(fine[a:b]) for a, b in zip(disp_idx[:-1], disp_idx[1:])])

    edges_pe = s2.s2_edges_pe[disp_idx]
    d_s2, b_s2, s_s2 = regroup(s2.observed_fine), regroup(s2.background_fine), regroup(sig_fine)
    lam_p = s2.limit_factor(detected(ctx, ps_p, s2.energy_keV), paper["n_sigma"])

    # S1+S2: smear x efficiency into the 1-keV bins
    obs_c = sr1.fold(detected(ctx, ps_c, sr1.true_centres_keV))
    lam_c = sr1_limit_factor(sr1, obs_c, paper["n_sigma"])

    fig, (axl, axr) = new_figure(ncols=2)
    centres = np.sqrt(edges_pe[1:] * edges_pe[:-1])
    axl.errorbar(centres, d_s2, yerr=np.sqrt(d_s2), fmt="o", color="k", ms=3,
                 label="XENON1T S2-only data")
    axl.stairs(b_s2, edges_pe, color="0.45", label="ER + CEvNS background")
    axl.stairs(b_s2 + s_s2, edges_pe, color="C1", lw=1.6, label="background + signal")
    axl.axvspan(edges_pe[0], paper["s2_roi_pe"][0], color="0.92", zorder=0)
    axl.set(xscale="log", yscale="log", xlim=(90, 3000), ylim=(0.1, 3.0e3),
            xlabel="S2 [PE]", ylabel="events per bin")
    axl.text(0.02, 0.02, "outside ROI", transform=axl.transAxes, fontsize=6, color="0.4")
    axl.set_title(rf"p-wave: $M = {Mp:g}$ MeV, $\sigma_e = {sp:.1e}$ cm$^2$", fontsize=9)
    axl.legend(loc="upper left", fontsize=7)
    ins = axl.inset_axes([0.6, 0.55, 0.37, 0.4])
    m = E_R_GRID_KEV <= 3.0
    ins.plot(E_R_GRID_KEV[m], true_p[m], color="C1")
    ins.set(yscale="log", xlim=(0.05, 3), ylim=(1e-1, 2 * true_p[m].max()))
    ins.set_xlabel(r"$E_R$ [keV]", fontsize=7)
    ins.set_ylabel(r"$dR/dE_R$ [t$^{-1}$yr$^{-1}$keV$^{-1}$]", fontsize=6)
    ins.tick_params(labelsize=6)

    e = sr1.bin_centres_keV
    axr.errorbar(e, sr1.observed_rate, yerr=sr1.observed_rate_error, fmt="o", color="k", ms=3,
                 label="XENON1T SR1 data")
    axr.plot(e, sr1.b0_rate, color="0.45", drawstyle="steps-mid", label=r"$B_0$")
    axr.plot(e, sr1.b0_rate + obs_c, color="C1", lw=1.6, drawstyle="steps-mid",
             label=r"$B_0$ + signal")
    axr.set(xlim=(0, 30), ylim=(0, 140), xlabel=r"$E$ [keV]",
            ylabel=r"events / (t yr keV)")
    axr.set_title(rf"coann.: $M = {Mc:g}$ MeV, $\delta = {dc:g}$ keV, "
                  rf"$\bar\sigma_e = {sc:.1e}$ cm$^2$", fontsize=9)
    axr.legend(loc="upper right", fontsize=7)
    ins2 = axr.inset_axes([0.47, 0.1, 0.5, 0.26])
    ins2.plot(E_R_GRID_KEV, true_c, color="C1", ls="--", label="true $dR/dE_R$")
    ins2.set(xlim=(0, 10), ylim=(0, 1.15 * true_c.max()))
    ins2.set_xlabel(r"$E_R$ [keV]", fontsize=7)
    ins2.tick_params(labelsize=6)
    ins2.legend(fontsize=6)

    band = (E_R_GRID_KEV >= 1.0) & (E_R_GRID_KEV <= 30.0)
    numbers = {
        "pwave_M_MeV": Mp, "pwave_sigma_e_cm2": sp,
        "coann_M_MeV": Mc, "coann_delta_keV": dc, "coann_sigma_e_cm2": sc,
        "sigma_source": p.get("sigma_source", "config"),
        "coann_sigma_e_model_cm2": _model_sigma_coann(Mc, dc),
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
        "pwave_s2_signal_events_roi": float(np.sum(s2.signal(detected(ctx, ps_p, s2.energy_keV)))),
        "pwave_s2_sigma_lim_cm2": sigma_limit_quadratic(sp, lam_p),
        "coann_sr1_sigma_lim_cm2": sigma_limit_quadratic(sc, lam_c),
        "choices": _choices(paper),
        **sun.core,
    }
    curves = pd.DataFrame({"E_R_keV": E_R_GRID_KEV, "pwave_dRdE": true_p, "coann_dRdE": true_c})
    return FigureResult(fig, numbers, curves,
                        ("E_R_keV: keV (true recoil energy)",
                         "pwave_dRdE, coann_dRdE: events/(t yr keV), before detector response"))


# --- fig1 ------------------------------------------------------------------------------------

NA64 = "NA64_2019"


def _crossings(x, y, level):
    """x where the sampled y(x) crosses level (linear interpolation between samples)."""
    s = np.sign(y - level)
    idx = np.nonzero(s[:-1] * s[1:] < 0)[0]
    return [float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i])) for i in idx]


def fig1(ctx: FigureContext) -> FigureResult:
    from mevdm.constraints import brem_coupling_factor, library
    from mevdm.constraints import computed as cc
    from mevdm.models import ema2021 as model

    paper, p = ctx.paper, ctx.params
    M, b = p["M_MeV"], p["b_cm3_s"]
    if not (p["mS_min_MeV"] < p["mS_max_MeV"]):
        raise ValueError("ema2021.fig1: mS_min_MeV must be below mS_max_MeV")
    mS = np.linspace(p["mS_min_MeV"], p["mS_max_MeV"], int(p.get("n_mS", 1201)))
    yg = np.sqrt(model.yDge_squared(mS, M, b))  # y_D g_e fixed by relic + 511
    sig = model.sigma_e_of_mS_cm2(mS, M, b)
    g_pert = cc.perturbative_coupling_max(ctx.config)
    sig_lim = s2_limit(ctx, M, 0.0)
    thick = p.get("sigma_thick_cm2", 4.0e-38)
    na64 = library(store=ctx.data, config=ctx.config).get(NA64).curve("scalar_ge")

    fig, ax = new_figure()
    lo, hi = p["ge_min"], p["ge_max"]
    ax.set(xlim=(mS[0], mS[-1]), ylim=(lo, hi), yscale="log", xlabel=r"$m_S$ [MeV]",
           ylabel=r"$g_e$")
    # gray: y_D = (y_D g_e)/g_e > g_pert  <=>  g_e < (y_D g_e)/g_pert
    ge_pert = yg / g_pert
    ax.fill_between(mS, lo, np.clip(ge_pert, lo, hi), color="0.6", alpha=0.55, lw=0,
                    label=rf"$y_D > {g_pert:.3g}$")
    # blue: NA64 recast (g_e > g_e^lim(m_S))
    ge_na64 = np.interp(mS, na64.mass_MeV, na64.coupling)
    ax.fill_between(mS, np.clip(ge_na64, lo, hi), hi, color="C0", alpha=0.35, lw=0,
                    label="NA64 (recast)")
    ax.plot(mS, ge_na64, color="C0", lw=1)
    # orange: XENON1T S2-only (sigma_e depends on m_S only -> vertical bands)
    ax.fill_between(mS, lo, hi, where=sig > sig_lim, color="C1", alpha=0.3, lw=0,
                    label="XENON1T S2-only", interpolate=False)
    for s in p.get("sigma_lines_cm2", [1e-39, 1e-38, 4e-38, 1e-37]):
        for x in _crossings(mS, sig, s):
            ax.axvline(x, color="C1", lw=2.6 if np.isclose(s, thick, rtol=1e-6, atol=0.0) else 0.9)
            ax.text(x, hi * 0.55, f"{s:.0e}", rotation=90, fontsize=6, color="C1",
                    ha="right", va="top")
    for y in p.get("yD_lines", [0.1, 0.3, 1.0, 3.0]):
        ax.plot(mS, yg / y, color="0.35", lw=0.8)
        j = int(0.93 * mS.size)
        if lo < yg[j] / y < hi:
            ax.text(mS[j], yg[j] / y * 1.15, rf"$y_D={y:g}$", fontsize=6, color="0.3")
    ax.axvline(2 * M, color="k", ls=":", lw=0.8)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color="0.6", alpha=0.55, label=rf"non-perturbative $y_D > {g_pert:.3g}$"),
                       Patch(color="C0", alpha=0.35, label="NA64 (scalar recast)"),
                       Patch(color="C1", alpha=0.3, label="XENON1T S2-only (this work)")],
              loc="lower left", fontsize=7, framealpha=1.0, frameon=True,
              facecolor="white", edgecolor="0.7")

    cross = _crossings(mS, sig, thick)
    above = [x for x in cross if x > 2 * M]
    below = [x for x in cross if x < 2 * M]
    m_thick = above[0] if above else float("nan")
    xenon_excl = _crossings(mS, sig, sig_lim)
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
        "xenon_s2_allowed_mS_window_MeV": xenon_excl,
        "thick_line_allowed_by_s2": bool(thick <= sig_lim),
        "na64_recast_ratio_15MeV": float(brem_coupling_factor(15.0, "scalar")[0]),
        "na64_recast_ratio_4MeV": float(brem_coupling_factor(4.0, "scalar")[0]),
        "na64_ge_lim_at_thick": float(np.interp(m_thick, na64.mass_MeV, na64.coupling)),
        "na64_steps": list(na64.steps),
        "choices": {**_choices(paper), "xenon_dataset": "S2-only [4] (caption)",
                    "width": "Gamma_S neglected in the sigma_e(m_S) relation (spec: <1% of m_S=2M)"},
    }
    curves = pd.DataFrame({"m_S_MeV": mS, "yD_ge": yg, "sigma_e_cm2": sig,
                           "ge_perturbativity_edge": ge_pert, "ge_na64": ge_na64})
    return FigureResult(fig, numbers, curves,
                        ("m_S_MeV: MeV", "yD_ge: dimensionless product fixed by relic + 511",
                         "sigma_e_cm2: cm^2", "ge_*: g_e on the shaded-region edges"))


# --- fig2 ------------------------------------------------------------------------------------

def fig2(ctx: FigureContext) -> FigureResult:
    from mevdm.constraints import library
    from mevdm.constraints import computed as cc
    from mevdm.models import ema2021 as model

    paper, p = ctx.paper, ctx.params
    m_phi, m_V = p["m_phi_MeV"], p["m_V_MeV"]
    if not (p["M_min_MeV"] < p["M_max_MeV"] and p["delta_min_keV"] < p["delta_max_keV"]):
        raise ValueError("ema2021.fig2: need M_min_MeV < M_max_MeV and delta_min_keV < delta_max_keV")
    M = np.linspace(p["M_min_MeV"], p["M_max_MeV"], int(p.get("n_M", 24)))
    d_keV = np.geomspace(p["delta_min_keV"], p["delta_max_keV"], int(p.get("n_delta", 20)))
    MM, DD = np.meshgrid(M, d_keV)
    sol = model.coann_solution(MM, DD * keV, m_phi, m_V)
    valid = sol["valid"]
    g_pert = cc.perturbative_coupling_max(ctx.config)
    na64 = library(store=ctx.data, config=ctx.config).get(NA64).curve("dark_photon")
    eps_lim = float(np.interp(m_V, na64.mass_MeV, na64.coupling))
    mmax = model.coann_mmax_MeV()

    # XENON1T S1+S2 limit on sigma_e at every valid grid point (signal ~ sigma^2)
    sig_lim = np.full(MM.shape, np.inf)
    for i, j in zip(*np.nonzero(valid)):
        sig_lim[i, j] = sr1_limit(ctx, MM[i, j], DD[i, j])
    sig = np.where(valid, sol["sigma_e_cm2"], 0.0)
    xenon_excl = valid & (sig > sig_lim)
    gD = np.where(valid, sol["g_D"], np.nan)
    eps = np.where(valid, sol["eps"], np.nan)
    tau = np.where(valid, model.chi2_lifetime_yr(MM, DD * keV, m_V, sol["g_D"],
                                                 np.where(valid, sol["eps"], 1.0)), np.nan)

    fig, ax = new_figure()
    ax.set(xlim=(M[0], M[-1]), ylim=(d_keV[0], d_keV[-1]), yscale="log",
           xlabel=r"$M_{\rm DM}$ [MeV]", ylabel=r"$\delta$ [keV]")
    ax.contourf(MM, DD, (~valid).astype(float), levels=[0.5, 1.5], colors=["0.85"])
    ax.contourf(MM, DD, np.where(valid, gD, 0.0), levels=[g_pert, 1e9], colors=["0.55"],
                alpha=0.6)
    ax.contourf(MM, DD, np.where(valid, eps, 0.0), levels=[eps_lim, 1.0], colors=["C0"],
                alpha=0.35)
    ratio = np.where(valid & np.isfinite(sig_lim), sig / np.where(sig_lim > 0, sig_lim, 1e-99), 0.0)
    ax.contourf(MM, DD, ratio, levels=[1.0, np.inf], colors=["C1"], alpha=0.35)
    ax.contour(MM, DD, ratio, levels=[1.0], colors=["C1"], linewidths=1.2)
    for s in p.get("sigma_lines_cm2", [1e-39, 3e-39, 1e-38, 1.9e-38, 3e-38]):
        cs = ax.contour(MM, DD, np.where(valid, sig, np.nan), levels=[s], colors="C1",
                        linewidths=0.9)
        ax.clabel(cs, fmt={s: f"{s:.1e}"}, fontsize=5)
    for g in p.get("gD_lines", [0.3, 0.5, 1.0, 2.0, 3.0]):
        cs = ax.contour(MM, DD, gD, levels=[g], colors="0.3", linewidths=0.8)
        ax.clabel(cs, fmt={g: rf"$g_D={g:g}$"}, fontsize=5)
    for e in p.get("eps_lines", [1e-5, 2e-5, 4e-5, 1e-4]):
        cs = ax.contour(MM, DD, eps, levels=[e], colors="c", linewidths=0.8)
        ax.clabel(cs, fmt={e: rf"$\epsilon={e:.0e}$"}, fontsize=5)
    tau_line = p.get("tau2_line_yr", 1.0e9)
    ax.contour(MM, DD, tau, levels=[tau_line], colors="0.3", linestyles="--", linewidths=1.0)
    bM, bd = p.get("benchmark_M_MeV", 3.0), p.get("benchmark_delta_keV", 3.0)
    ax.plot([bM], [bd], marker="^", color="C0", ms=8, ls="none", zorder=5)
    ax.axvline(mmax, color="k", ls=":", lw=0.8)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color="0.55", alpha=0.6, label=rf"$g_D > {g_pert:.3g}$"),
                       Patch(color="C0", alpha=0.35, label=rf"NA64 ($\epsilon_{{lim}}$ at $m_V$)"),
                       Patch(color="C1", alpha=0.35, label="XENON1T S1+S2"),
                       Patch(color="0.85", label="no relic solution")],
              loc="upper left", fontsize=6, framealpha=1.0, frameon=True,
              facecolor="white", edgecolor="0.7")

    bsol = model.coann_solution(np.array(bM), np.array(bd * keV), m_phi, m_V)
    numbers = {
        "m_phi_MeV": m_phi, "m_V_MeV": m_V,
        "benchmark_M_MeV": bM, "benchmark_delta_keV": bd,
        "benchmark_sigma_e_cm2": float(bsol["sigma_e_cm2"]),
        "benchmark_gD": float(bsol["g_D"]), "benchmark_eps": float(bsol["eps"]),
        "benchmark_tau2_yr": float(model.chi2_lifetime_yr(bM, bd * keV, m_V, bsol["g_D"],
                                                          bsol["eps"])),
        "benchmark_xenon_sigma_lim_cm2": sr1_limit(ctx, bM, bd),
        "benchmark_allowed_by_na64": bool(float(bsol["eps"]) < eps_lim),
        "na64_eps_lim_at_mV": eps_lim,
        "mmax_MeV": mmax,
        "g_pert_max": g_pert,
        "choices": {**_choices(paper), "xenon_dataset": "S1+S2 SR1 [5] (caption)",
                    "tau2_line_yr": tau_line, "v_bulge": model.V_BULGE},
    }
    curves = pd.DataFrame({"M_MeV": MM.ravel(), "delta_keV": DD.ravel(),
                           "valid": valid.ravel().astype(int),
                           "g_D": np.nan_to_num(gD.ravel(), nan=-1.0),
                           "eps": np.nan_to_num(eps.ravel(), nan=-1.0),
                           "sigma_e_cm2": sig.ravel(),
                           "xenon_sigma_lim_cm2": np.where(np.isfinite(sig_lim), sig_lim, -1.0).ravel(),
                           "xenon_excluded": xenon_excl.ravel().astype(int)})
    return FigureResult(fig, numbers, curves,
                        ("M_MeV: MeV", "delta_keV: keV", "valid: 1 if relic + 511 solvable",
                         "g_D, eps: dimensionless (-1 where invalid)", "sigma_e_cm2: cm^2",
                         "xenon_sigma_lim_cm2: cm^2 (-1 where invalid)"))
