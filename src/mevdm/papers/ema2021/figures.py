"""Figures of Ema, Sala, Sato, arXiv:2007.09105: plotting only (numbers in analysis.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mevdm.constraints import library
from mevdm.constraints.plot import overlay_listed, record, record_drawn, record_level
from mevdm.core.plotting import data_and_background, new_figure
from mevdm.core.units import E_CHARGE
from mevdm.figure import FigureContext, FigureResult
from mevdm.scoreboard import paper_values
from mevdm.papers.ema2021 import analysis as an
from mevdm.papers.ema2021 import xenonnt_sr0


def _pow10(x: float) -> str:
    """1e9 -> '10^{9}', 3e9 -> '3\\times10^{9}' (mathtext)."""
    e = int(np.floor(np.log10(x)))
    m = x / 10.0 ** e
    return rf"10^{{{e}}}" if np.isclose(m, 1.0) else rf"{m:.2g}\times10^{{{e}}}"


# 68 % upper limit on the mean for zero observed counts (Garwood / Gehrels 1986, Table 1, S = 1:
# 1.841): drawn as a downward arrow, since a zero-count bin has no place on a log axis
ZERO_COUNT_UPPER_68 = 1.841


def fig3(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    a = an.fig3(ctx.config, ctx.data)
    n = {**a["numbers"], "pwave_peak_keV": float(a["E_R_keV"][np.argmax(a["pwave_dRdE"])])}
    Mp, sp = p["pwave_m_chi_MeV"], p["pwave_sigma_e_cm2"]
    Mc, sc, dc = p["coann_m_chi_MeV"], p["coann_sigma_e_cm2"], p["coann_delta_keV"]
    E, true_p, true_c = a["E_R_keV"], a["pwave_dRdE"], a["coann_dRdE"]

    fig, (axl, axr) = new_figure(ncols=2)
    edges_pe, d_s2, b_s2, s_s2 = a["s2_edges_pe"], a["s2_data"], a["s2_background"], a["s2_signal"]
    centres = np.sqrt(edges_pe[1:] * edges_pe[:-1])
    nz = d_s2 > 0
    axl.errorbar(centres[nz], d_s2[nz], yerr=np.sqrt(d_s2[nz]), fmt="o", color="k", ms=3,
                 label="XENON1T S2-only data")
    if (~nz).any():
        axl.errorbar(centres[~nz], np.full((~nz).sum(), ZERO_COUNT_UPPER_68), yerr=0.6 * ZERO_COUNT_UPPER_68,
                     uplims=True, fmt="none", ecolor="k", color="k", lw=1,
                     label="0 events (68 % upper limit)")
    axl.stairs(b_s2, edges_pe, color="0.45", label="ER + CEvNS background")
    axl.stairs(b_s2 + s_s2, edges_pe, color="C1", lw=1.6, label="background + signal")
    v = a["variant_form_factors"]
    vlab = {"essig2017": "Essig+ 2017", "darkarc": "DarkARC"}[p["form_factor_variant"]["set"]]
    axl.stairs(b_s2 + a["s2_signal_variant"], edges_pe, color="C2", lw=1.0, ls="--",
               label=f"bkg + signal, {vlab}")
    s2_axes = dict(x_name="S2 (log bin centre)", x_unit="PE", y_name="events per bin", y_unit="")
    for nm, lab, y, st in (("s2_background", "ER + CEvNS background", b_s2, "grey steps"),
                           ("s2_background_plus_signal", "background + signal (p-wave)", b_s2 + s_s2,
                            "orange steps"),
                           ("s2_background_plus_signal_ff_variant", f"bkg + signal, {vlab}",
                            b_s2 + a["s2_signal_variant"], "green dashed steps")):
        record_drawn(axl, nm, lab, centres, y, style=st, **s2_axes)
    axl.axvspan(edges_pe[0], paper["s2_roi_pe"][0], color="0.92", zorder=0)
    axl.set(xscale="log", yscale="log", xlim=(90, 3000), ylim=(0.1, 3.0e3),
            xlabel="S2 [PE]", ylabel="events per bin")
    axl.text(0.02, 0.02, "outside ROI", transform=axl.transAxes, fontsize=6, color="0.4")
    axl.set_title(rf"p-wave: $M = {Mp:g}$ MeV, $\sigma_e = {sp:.1e}$ cm$^2$", fontsize=9)
    axl.legend(loc="upper left", fontsize=6)
    ins = axl.inset_axes([0.6, 0.62, 0.37, 0.34])  # its E_R label clears the 2700 PE point
    m = E <= 3.0
    ins.plot(E[m], true_p[m], color="C1")
    mv = m & (v["pwave_dRdE"] > 0)
    ins.plot(E[mv], v["pwave_dRdE"][mv], color="C2", ls="--")
    ins.set(yscale="log", xlim=(0.05, 3), ylim=(1e-1, 2 * true_p[m].max()))
    ins.set_xlabel(r"$E_R$ [keV]", fontsize=7)
    ins.set_ylabel(r"$dR/dE_R$ [t$^{-1}$yr$^{-1}$keV$^{-1}$]", fontsize=6)
    ins.tick_params(labelsize=6)

    e = a["sr1_centres_keV"]
    axr.errorbar(e, a["sr1_rate"], yerr=a["sr1_rate_error"], fmt="o", color="k", ms=3,
                 label="XENON1T SR1 data")
    axr.plot(e, a["sr1_b0"], color="0.45", drawstyle="steps-mid", label=r"$B_0$")
    axr.plot(e, a["sr1_b0"] + a["sr1_signal"], color="C1", lw=1.6, drawstyle="steps-mid",
             label=r"$B_0$ + signal")
    axr.plot(e, a["sr1_b0"] + v["sr1_signal"], color="C2", lw=1.0, ls="--", drawstyle="steps-mid",
             label=rf"$B_0$ + signal, {vlab} (tables end at 0.4-2.5 keV)")
    sr1_axes = dict(x_name="E (bin centre)", x_unit="keV", y_name="rate", y_unit="events/(t yr keV)")
    for nm, lab, y, st in (("sr1_B0", "XENON1T SR1 background model B0", a["sr1_b0"], "grey steps"),
                           ("sr1_B0_plus_signal", "B0 + signal (coannihilation)", a["sr1_b0"] + a["sr1_signal"],
                            "orange steps"),
                           ("sr1_B0_plus_signal_ff_variant", f"B0 + signal, {vlab}", a["sr1_b0"] + v["sr1_signal"],
                            "green dashed steps")):
        record_drawn(axr, nm, lab, e, y, style=st, **sr1_axes)
    axr.set(xlim=(0, 30), ylim=(0, 140), xlabel=r"$E$ [keV]", ylabel=r"events / (t yr keV)")
    axr.set_title(rf"coann.: $M = {Mc:g}$ MeV, $\delta = {dc:g}$ keV, "
                  rf"$\bar\sigma_e = {sc:.1e}$ cm$^2$", fontsize=9)
    axr.legend(loc="upper right", fontsize=7)
    ins2 = axr.inset_axes([0.47, 0.1, 0.5, 0.26])
    ins2.plot(E, true_c, color="C1", ls="-", label="true $dR/dE_R$ (DarkARC)")
    ins2.plot(E, v["coann_dRdE"], color="C2", ls="--", label=vlab)
    ins2.set(xlim=(0, 10), ylim=(0, 1.15 * true_c.max()))
    ins2.set_xlabel(r"$E_R$ [keV]", fontsize=7)
    ins2.tick_params(labelsize=6)
    ins2.legend(fontsize=6)

    curves = pd.DataFrame({"E_R_keV": E, "pwave_dRdE": true_p, "coann_dRdE": true_c,
                           "pwave_dRdE_ff_variant": v["pwave_dRdE"],
                           "coann_dRdE_ff_variant": v["coann_dRdE"]})
    return FigureResult(fig, {**n, "paper": paper_values(ctx.key, ctx.name)}, curves,
                        ("E_R_keV: keV (true recoil energy)",
                         "pwave_dRdE, coann_dRdE: events/(t yr keV), before detector response",
                         "*_ff_variant: the same with fig3.form_factor_variant (0 above its tables)"))


def fig1(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    a = an.fig1(ctx.config, ctx.data)
    mS, yg, sig, g_pert = a["m_S_MeV"], a["yD_ge"], a["sigma_e_cm2"], a["g_pert"]
    M, thick = p["m_chi_MeV"], a["sigma_thick"]
    fig, ax = new_figure()
    lo, hi = p["ge_min"], p["ge_max"]
    ax.set(xlim=(mS[0], mS[-1]), ylim=(lo, hi), yscale="log", xlabel=r"$m_S$ [MeV]",
           ylabel=r"$g_e$")
    # gray: y_D = (y_D g_e)/g_e > g_pert  <=>  g_e < (y_D g_e)/g_pert
    ax.fill_between(mS, lo, np.clip(a["ge_perturbativity_edge"], lo, hi), color="0.6",
                    alpha=0.55, lw=0)
    ax.fill_between(mS, np.clip(a["ge_na64"], lo, hi), hi, color="C0", alpha=0.35, lw=0)
    ax.plot(mS, a["ge_na64"], color="C0", lw=1)
    na64 = library(store=ctx.data, config=ctx.config).get(an.NA64)
    record(ax, na64.name, "NA64 (scalar recast)", mS, a["ge_na64"], excluded="above",
           citation=na64.citation, model="NA64 2019 dark photon (invisible), recast to a scalar "
           "coupled to electrons", steps=a["numbers"]["na64_steps"], style="solid line, shaded")
    # orange: XENON1T (sigma_e depends on m_S only -> vertical bands); S2-only filled,
    # S1+S2 hatched (the caption cites S2-only [4], the text S1+S2 [5]). S2-only: the Poisson
    # 3 sigma test on the coarse ROI bins, the counterpart of the paper's statement; the test in
    # each fine release bin has almost no power (its limit stays in the JSON)
    ax.fill_between(mS, lo, hi, where=sig > a["sigma_lim_s2_coarse"], color="C1", alpha=0.3, lw=0,
                    interpolate=False)
    ax.fill_between(mS, lo, hi, where=sig > a["sigma_lim_s1s2"], facecolor="none",
                    edgecolor="C1", hatch="\\\\", lw=0, interpolate=False)
    # beyond the paper: relic with the full thermal average at the S pole (M fixed)
    r = a["resonance"]
    for y in p["yD_lines"]:
        ax.plot(r["m_S_MeV"], r["yD_ge"] / np.sqrt(r["ratios"][y]) / y, color="0.35", lw=0.8,
                ls="--")
        record_drawn(ax, f"yD_resonant_{y:g}", f"y_D = {y:g} with resonant <sigma v> (beyond paper)",
                     r["m_S_MeV"], r["yD_ge"] / np.sqrt(r["ratios"][y]) / y, style="dashed grey line")
    # the thick line with the resonant relic: the crossings above the pole that the JSON reports
    # (numbers resonance_thick_line_M_fixed); for the other y_D it lies beyond the m_S range
    res_thick = a["numbers"]["resonance_thick_line_M_fixed"]
    res_y = [y for y in p["yD_lines"] if an._tag("yD", y) in res_thick]
    for y in res_y:
        x = res_thick[an._tag("yD", y)]["m_S_MeV"]
        ax.axvline(x, color="C1", lw=1.6, ls="--")
    beyond = [y for y in p["yD_lines"] if y not in res_y
              and r["sigma_e_cm2"][-1] / r["ratios"][y][-1] < thick]
    res_label = r"$\sigma_e = 4\times10^{-38}$, resonant"
    if res_y:
        res_label += rf", $y_D = {', '.join(f'{y:g}' for y in res_y)}$"
    if beyond:
        res_label += rf" ($y_D = {', '.join(f'{y:g}' for y in beyond)}$: $m_S > {mS[-1]:g}$ MeV)"
    for s in p["sigma_lines_cm2"]:
        for x in an.crossings(mS, sig, s):
            ax.axvline(x, color="C1", lw=2.6 if np.isclose(s, thick, rtol=1e-6, atol=0.0) else 0.9)
            ax.text(x, hi * 0.55, f"{s:.0e}", rotation=90, fontsize=6, color="C1",
                    ha="right", va="top")
    for y in p["yD_lines"]:
        ax.plot(mS, yg / y, color="0.35", lw=0.8)
        record_drawn(ax, f"yD_line_{y:g}", f"y_D = {y:g} (relic + 511 line, s-wave <sigma v>)", mS, yg / y,
                     style="solid grey line")
        j = int(0.93 * mS.size)
        if lo < yg[j] / y < hi:  # ends at mS[j], inside the frame
            ax.text(mS[j], yg[j] / y * 1.15, rf"$y_D={y:g}$", fontsize=6, color="0.3", ha="right")
    ax.axvline(2 * M, color="k", ls=":", lw=0.8)
    # any other limit listed for this figure in figures.yaml, in the (m_S, g_e) plane
    lib = library(store=ctx.data, config=ctx.config)
    extra, extra_handles = overlay_listed(ax, lib, ctx.limits, "scalar_ge", skip=(an.NA64,))
    ax.legend(handles=[Patch(color="0.6", alpha=0.55, label=rf"non-perturbative $y_D > {g_pert:.3g}$"),
                       Patch(color="C0", alpha=0.35, label="NA64 (scalar recast)"),
                       Patch(color="C1", alpha=0.3, label=f"XENON1T S2-only (Poisson {ctx.paper['n_sigma']:g}$\\sigma$, "
                                   f"{ctx.paper['s2_n_coarse']} coarse bins)"),
                       Patch(facecolor="none", edgecolor="C1", hatch="\\\\", label="XENON1T S1+S2"),
                       Line2D([], [], color="0.35", ls="--", lw=0.8,
                              label=r"$y_D$ with resonant $\langle\sigma v\rangle$ (beyond paper)"),
                       Line2D([], [], color="C1", ls="--", lw=1.6, label=res_label), *extra_handles],
              # below the frame: inside it covered the curves at the pole
              loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=6)
    curves = pd.DataFrame({"m_S_MeV": mS, "yD_ge": yg, "sigma_e_cm2": sig,
                           "ge_perturbativity_edge": a["ge_perturbativity_edge"],
                           "ge_na64": a["ge_na64"]})
    limits = {an.NA64: lib.get(an.NA64).citation.get("text", ""), **extra}
    # g_e / eps of the scalar recast at 15 MeV (the paper: g_e 'of the same order' as eps)
    ge_over_eps = a["numbers"]["na64_recast_ratio_15MeV"] * E_CHARGE
    return FigureResult(fig, {**a["numbers"], "limits_drawn": limits, "ge_over_eps_recast_15MeV": ge_over_eps,
                              "paper": paper_values(ctx.key, ctx.name)}, curves,
                        ("m_S_MeV: MeV", "yD_ge: dimensionless product fixed by relic + 511",
                         "sigma_e_cm2: cm^2", "ge_*: g_e on the shaded-region edges"))


def fig2(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    a = an.fig2(ctx.config, ctx.data, ctx.scan("fig2"))
    MM, DD, valid, sig = a["MM"], a["DD"], a["valid"], a["sigma_e_cm2"]
    gD, eps, g_pert = a["g_D"], a["eps"], a["g_pert"]
    fig, ax = new_figure()
    ax.set(xlim=(MM[0, 0], MM[0, -1]), ylim=(DD[0, 0], DD[-1, 0]), yscale="log",
           xlabel=r"$M_{\rm DM}$ [MeV]", ylabel=r"$\delta$ [keV]")
    ax.contourf(MM, DD, (~valid).astype(float), levels=[0.5, 1.5], colors=["0.85"])
    # excluded regions: light fill + a hatch each, so overlaps read as both
    ax.contourf(MM, DD, np.where(valid, gD, 0.0), levels=[g_pert, 1e9], colors=["0.55"],
                alpha=0.45)
    ax.contourf(MM, DD, np.where(valid, gD, 0.0), levels=[g_pert, 1e9], colors="none",
                hatches=[".."])
    ax.contourf(MM, DD, np.where(valid, eps, 0.0), levels=[a["eps_lim"], 1.0], colors=["C0"],
                alpha=0.25)
    ax.contourf(MM, DD, np.where(valid, eps, 0.0), levels=[a["eps_lim"], 1.0], colors="none",
                hatches=["//"])
    band = a["sigma_lim_band"]
    rhos = sorted(band)
    ratio_lo = np.where(valid, sig / np.where(band[rhos[0]] > 0, band[rhos[0]], 1e-99), 0.0)
    ratio_hi = np.where(valid, sig / np.where(band[rhos[-1]] > 0, band[rhos[-1]], 1e-99), 0.0)
    ax.contourf(MM, DD, a["ratio"], levels=[1.0, np.inf], colors=["C1"], alpha=0.3)
    ax.contourf(MM, DD, a["ratio"], levels=[1.0, np.inf], colors="none", hatches=["\\\\"])
    ax.contour(MM, DD, ratio_lo, levels=[1.0], colors=["C1"], linewidths=1.2)
    ax.contourf(MM, DD, ratio_hi, levels=[1.0, np.inf], colors=["C1"], alpha=0.12)
    ax.contour(MM, DD, ratio_hi, levels=[1.0], colors=["C1"], linewidths=0.9, linestyles=":")
    for curve, ratio, rho, style in (("xenon1t_limit_rho_lo", ratio_lo, rhos[0], "solid orange contour"),
                                     ("xenon1t_limit_rho_hi", ratio_hi, rhos[-1], "dotted orange contour")):
        record_level(ax, curve, f"XENON1T S1+S2 limit edge, rho = {rho:g} GeV/cm^3",
                     MM[0, :], DD[:, 0], ratio.T, 1.0, style=style)
    for s in p["sigma_lines_cm2"]:
        cs = ax.contour(MM, DD, np.where(valid, sig, np.nan), levels=[s], colors="C1",
                        linewidths=0.9)
        ax.clabel(cs, fmt={s: f"{s:.1e}"}, fontsize=5, inline_spacing=1)
    for g in p["gD_lines"]:
        cs = ax.contour(MM, DD, gD, levels=[g], colors="0.3", linewidths=0.8)
        ax.clabel(cs, fmt={g: rf"$g_D={g:g}$"}, fontsize=5, inline_spacing=1)
    for e in p["eps_lines"]:
        cs = ax.contour(MM, DD, eps, levels=[e], colors="c", linewidths=0.8)
        ax.clabel(cs, fmt={e: rf"$\epsilon={e:.0e}$"}, fontsize=5, inline_spacing=1)
    cs_ldmx = ax.contour(MM, DD, eps, levels=[a["eps_ldmx"]], colors="C0", linestyles="--", linewidths=1.0)
    # the beam limits as drawn: eps(M, delta) of the relic + 511 solution = the limit's eps at m_V
    lib = library(store=ctx.data, config=ctx.config)
    cs_na64 = ax.contour(MM, DD, np.where(valid, eps, 0.0), levels=[a["eps_lim"]], colors="none")
    for name, cs, label, style in ((an.NA64, cs_na64, r"NA64 ($\epsilon_{lim}$ at $m_V$)", "shaded, hatched //"),
                                   (an.LDMX, cs_ldmx, "LDMX projection", "dashed contour")):
        segs = [sg for sg in cs.allsegs[0] if len(sg)]
        if segs:
            pts = np.concatenate(segs)
            lim = lib.get(name)
            record(ax, name, label, pts[:, 0], pts[:, 1], excluded="inside", projection=lim.projection,
                   citation=lim.citation, model=f"dark photon limit on eps at m_V = {p['m_V_MeV']:g} MeV "
                   "applied to the coannihilation model's eps(M, delta)", style=style)
    ax.contour(MM, DD, a["tau2_yr"], levels=[p["tau2_line_yr"]], colors="0.3", linestyles="--",
               linewidths=1.0)
    record_level(ax, "tau2_line", f"chi_2 lifetime = {p['tau2_line_yr']:g} yr", MM[0, :], DD[:, 0],
                 np.asarray(a["tau2_yr"], float).T, p["tau2_line_yr"], style="dashed grey contour")
    ax.plot([p["benchmark_m_chi_MeV"]], [p["benchmark_delta_keV"]], marker="^", color="C0",
            ms=8, ls="none", zorder=5)
    ax.axvline(a["m_chi_max_MeV"], color="k", ls=":", lw=0.8)
    ax.legend(handles=[Patch(facecolor="0.55", alpha=0.6, hatch="..", label=rf"$g_D > {g_pert:.3g}$"),
                       Patch(facecolor="C0", alpha=0.35, hatch="//",
                             label=r"NA64 ($\epsilon_{lim}$ at $m_V$)"),
                       Patch(facecolor="C1", alpha=0.35, hatch="\\\\",
                             label=rf"XENON1T S1+S2, $\rho = {rhos[0]:g}$"),
                       Line2D([], [], color="C1", ls=":", label=rf"XENON1T, $\rho = {rhos[-1]:g}$ GeV/cm$^3$"),
                       Line2D([], [], color="C0", ls="--", label="LDMX projection"),
                       Line2D([], [], color="0.3", ls="--", label=rf"$\tau_2 = {_pow10(p['tau2_line_yr'])}$ yr"),
                       Patch(color="0.85", label="no relic solution")],
              # below the frame: inside it covered the NA64 and XENON1T overlap
              loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=6)
    sig_lim = a["sigma_lim"]
    curves = pd.DataFrame({"M_MeV": MM.ravel(), "delta_keV": DD.ravel(),
                           "valid": valid.ravel().astype(int),
                           "g_D": np.nan_to_num(gD.ravel(), nan=-1.0),
                           "eps": np.nan_to_num(eps.ravel(), nan=-1.0),
                           "sigma_e_cm2": sig.ravel(),
                           "xenon_sigma_lim_cm2": np.where(np.isfinite(sig_lim), sig_lim, -1.0).ravel(),
                           "xenon_excluded": a["xenon_excluded"].ravel().astype(int)})
    return FigureResult(fig, {**a["numbers"], "paper": paper_values(ctx.key, ctx.name)}, curves,
                        ("M_MeV: MeV", "delta_keV: keV", "valid: 1 if relic + 511 solvable",
                         "g_D, eps: dimensionless (-1 where invalid)", "sigma_e_cm2: cm^2",
                         "xenon_sigma_lim_cm2: cm^2 (-1 where invalid)"))


RELIC_ROWS = (  # (dotted path in the numbers, label, unit, id of the printed value in the paper yaml)
    ("pwave_mass_MeV", "p-wave M from b and the 511 line, Eq. (2), v_b = 1.1e-3", "MeV", "pwave_mass"),
    ("pwave_mass_MeV_vb_sqrt6_sigma", "same, v_b = sqrt(6) x 140 km/s", "MeV", None),
    ("sigmav511_2MeV_cm3_s", "<sigma v>_511 at 2 MeV, Eq. (1)", "cm^3/s", None),
    ("check_full_boltzmann.pwave_b_thermal_2MeV_majorana_cm3_s",
     "thermal p-wave b at 2 MeV (Boltzmann)", "cm^3/s", "pwave_relic_b"),
    ("check_full_boltzmann.omega_h2_pwave_b_paper_2MeV_full", "Omega h^2 for b = 2.2e-25 at 2 MeV",
     "1", None),
    ("coann_mmax_MeV", "M above which chi chi -> phi phi alone saturates the relic", "MeV",
     "coann_pwave_only_mass"),
    ("coann_gD", "coann. benchmark g_D", "1", None),
    ("coann_eps", "coann. benchmark eps", "1", None),
    ("coann_sigma_e_cm2", "coann. benchmark sigma_e, Eq. (13)", "cm^2", "coann_benchmark_sigma_e"),
    ("coann_chi2_lifetime_yr", "coann. benchmark chi2 lifetime", "yr", None),
    ("check_full_boltzmann.coann_sigmav12_thermal_cm3_s", "thermal chi1 chi2 sigma v, Eq. (12) rhs",
     "cm^3/s", "coann_sigmav_fo"),
    ("check_full_boltzmann.coann_sigmav12_twice_majorana_cm3_s",
     "2 x thermal Majorana s-wave (the paper's reading)", "cm^3/s", "coann_sigmav_fo"),
    ("check_full_boltzmann.coann_x_fo", "x_FO of the chi1 chi2 pair", "1", "coann_x_fo"),
    ("check_full_boltzmann.omega_h2_coann_benchmark_full",
     "Omega h^2 of the coann. benchmark (Boltzmann)", "1", None),
)

# the same labels typeset for the figure (the CSV keeps the plain ones above)
RELIC_TEX = {
    "pwave_mass_MeV": r"p-wave $M$ from $b$ and the 511 line, Eq. (2), $v_b = 1.1\times10^{-3}$",
    "pwave_mass_MeV_vb_sqrt6_sigma": r"same, $v_b = \sqrt{6}\times140$ km/s",
    "sigmav511_2MeV_cm3_s": r"$\langle\sigma v\rangle_{511}$ at 2 MeV, Eq. (1)",
    "check_full_boltzmann.pwave_b_thermal_2MeV_majorana_cm3_s":
        r"thermal p-wave $b$ at 2 MeV (Boltzmann)",
    "check_full_boltzmann.omega_h2_pwave_b_paper_2MeV_full":
        r"$\Omega h^2$ for $b = 2.2\times10^{-25}$ at 2 MeV",
    "coann_mmax_MeV": r"$M$ above which $\chi\chi\to\phi\phi$ alone saturates the relic",
    "coann_gD": r"coann. benchmark $g_D$",
    "coann_eps": r"coann. benchmark $\epsilon$",
    "coann_sigma_e_cm2": r"coann. benchmark $\sigma_e$, Eq. (13)",
    "coann_chi2_lifetime_yr": r"coann. benchmark $\chi_2$ lifetime",
    "check_full_boltzmann.coann_sigmav12_thermal_cm3_s":
        r"thermal $\chi_1\chi_2$ $\sigma v$, Eq. (12) rhs",
    "check_full_boltzmann.coann_sigmav12_twice_majorana_cm3_s":
        r"2 $\times$ thermal Majorana s-wave (the paper's reading)",
    "check_full_boltzmann.coann_x_fo": r"$x_{\rm FO}$ of the $\chi_1\chi_2$ pair",
    "check_full_boltzmann.omega_h2_coann_benchmark_full":
        r"$\Omega h^2$ of the coann. benchmark (Boltzmann)",
}
UNIT_TEX = {"cm^3/s": r"cm$^3$/s", "cm^2": r"cm$^2$"}


def relic_numbers(ctx: FigureContext) -> FigureResult:
    from mevdm.scoreboard import load_paper_numbers, lookup, policy_grade

    n = an.relic_numbers(ctx.config, ctx.data)
    printed = {e["id"]: e for e in load_paper_numbers(ctx.key)["numbers"]}
    rows = []
    for path, label, unit, pid in RELIC_ROWS:
        e = printed.get(pid) if pid else None
        status = ("" if e is None else "variant" if (e.get("variant") or {}).get("path") == path
                  else policy_grade(e, lookup(n, path)) or "")
        rows.append([label, f"{lookup(n, path):.4g}", unit,
                     "" if e is None else f"{e['paper_value']:.3g}", status])
    shown = [[RELIC_TEX[path], ours, UNIT_TEX.get(unit, unit), paper, status]
             for (path, *_), (_, ours, unit, paper, status) in zip(RELIC_ROWS, rows)]
    fig, ax = new_figure(width=9.0, height=4.2)
    ax.axis("off")
    tab = ax.table(cellText=shown, colLabels=["quantity", "ours", "unit", "paper", "status"],
                   colWidths=[0.56, 0.12, 0.09, 0.09, 0.14], loc="center", cellLoc="left")
    tab.auto_set_font_size(False)
    tab.set_fontsize(7)
    tab.scale(1.0, 1.25)
    ax.set_title(r"ema2021: relic + 511 keV numbers (paper algebra, $x_{\rm FO} = 15$; Boltzmann checks)",
                 fontsize=9)
    curves = pd.DataFrame(rows, columns=["quantity", "ours", "unit", "paper", "status"])
    return FigureResult(fig, {**n, "paper": paper_values(ctx.key, ctx.name)}, curves,
                        ("the table of the figure; numbers as printed (4 digits); paper values "
                         "from resources/papers/ema2021.yaml",))


# --- xenonnt (beyond the paper) ---------------------------------------------------------------
NT_COLOR = "#1f5fbf"


def xenonnt(ctx: FigureContext) -> FigureResult:
    cl = ctx.config["xenonnt"]["cl"]
    r = xenonnt_sr0.xenonnt_confrontation(ctx.config, ctx.data, ctx.params)
    det, pw, co = r["det"], r["pwave"], r["coann"]
    fig, (a1, a2, a3) = new_figure(ncols=3, layout="constrained")
    # (a) Fig. 2 plane
    M, d = r["M"], r["delta_keV"]
    a1.contourf(M, d, r["valid"].astype(float), levels=[0.5, 1.5], colors=["0.85"])
    with np.errstate(divide="ignore"):
        z = np.where(r["valid"], np.log10(r["sigma_e_cm2"] / r["sigma_limit_cm2"]), np.nan)
    if r["excluded"].any():  # log10(sigma_e / XENONnT limit) > 0
        a1.contourf(M, d, z, levels=[0, np.inf], colors="none", hatches=["////"])
        a1.contour(M, d, z, levels=[0], colors=NT_COLOR, linestyles="--", linewidths=1.4)
        record_level(a1, "xenonnt_excluded_edge", f"XENONnT {cl:.0%} CL edge: sigma_e = its limit", M, d,
                     z.T, 0.0, style="dashed blue contour, hatched inside")
    a1.plot(co["m_chi_MeV"], co["delta_keV"], "^", color="k", ms=7)
    a1.set(yscale="log", xlim=(M[0], M[-1]), ylim=(d[0], d[-1]), xlabel=r"$M_{\rm DM}$ [MeV]",
           ylabel=r"$\delta$ [keV]")
    a1.legend(handles=[Patch(color="0.85", label="relic + 511 keV solutions"),
                       Patch(facecolor="none", edgecolor=NT_COLOR, hatch="////",
                             label=f"XENONnT 2022 {cl:.0%} CL excluded (beyond the paper)"),
                       Line2D([], [], marker="^", color="k", ls="", label="benchmark")],
              fontsize=5.5, loc="lower right")
    a1.set_title("coannihilation model (Fig. 2 plane)", fontsize=8)
    # (b) p-wave: sigma_e limit vs M and the benchmark
    limits = ctx.limits
    a2.plot(r["pwave_m_chi_MeV"], r["pwave_sigma_limit_cm2"], "--", color=NT_COLOR, lw=1.6,
            label=f"XENONnT 2022 {cl:.0%} CL, Sun-reflected (beyond the paper)")
    a2.fill_between(r["pwave_m_chi_MeV"], r["pwave_sigma_limit_cm2"], 1e-34, color=NT_COLOR, alpha=0.12, lw=0)
    drawn = _draw_recent_limits(a2, ctx, limits, pw["m_chi_MeV"])
    for v in drawn.values():  # the same sigma_e at the p-wave benchmark mass: excluded there or not
        v["excludes_pwave_benchmark"] = (None if v["sigma_e_at_benchmark_M_cm2"] is None
                                         else bool(pw["sigma_e_cm2"] > v["sigma_e_at_benchmark_M_cm2"]))
    a2.plot(pw["m_chi_MeV"], pw["sigma_e_cm2"], "*", color="gold", mec="k", ms=10,
            label=r"p-wave benchmark ($\sigma_e$ = 4e-38 cm$^2$)")
    a2.set(xscale="log", yscale="log", xlim=(1.0, 10.0), ylim=(1e-39, 1e-36), xlabel=r"$M_{\rm DM}$ [MeV]",
           ylabel=r"$\sigma_e$ [cm$^2$]")
    a2.set_title(r"p-wave model ($\delta$ = 0), $F_{\rm DM}$ = 1", fontsize=8)
    a2.legend(fontsize=5, loc="lower right")
    # (c) spectra
    edges, _ = data_and_background(a3, det, "XENONnT SR0 (433 events)")
    for sig, name, color in ((r["pwave_signal"], "p-wave (2 MeV, 4e-38)", "C1"),
                             (r["coann_signal"], "coann. (3 MeV, 3 keV, 1.9e-38)", "C3")):
        tot = det.b0_rate + sig
        a3.step(edges, np.append(tot, tot[-1]), where="post", color=color, label=f"$B_0$ + {name}")
    a3.set(xlim=(0, 15), ylim=(0, 80), xlabel="Energy [keV]", ylabel="Events / (t yr keV)")
    a3.legend(fontsize=5.5, loc="upper right")

    x = ctx.config["xenonnt"]
    bench = {"pwave": pw | {"verdict": "excluded" if pw["excluded"] else "allowed"},
             "coannihilation": co | {"verdict": "excluded" if co["excluded"] else "allowed"}}
    numbers = {
        "benchmarks": bench,
        "fraction_of_fig2_solutions_excluded": r["fraction_of_valid_plane_excluded"],
        "pwave_sigma_e_limit_at_benchmark_cm2": pw["sigma_e_limit_cm2"],
        "likelihood": {"statistic": "q = -2 ln[L(B0 + signal)/L(best signal >= 0)], Delta chi^2 with 1 dof; "
                                    "excluded if > chi^2_1 quantile; signal ~ sigma_e^2", "cl": cl,
                       "resolution": x["resolution"], "likelihood": x["likelihood"],
                       "background": x["background"]},
        "recent_limits": drawn,
        "pwave_velocity_dependence": (
            "ema2021's p-wave model scatters on electrons through the scalar S with m_S ~ 4 MeV >> q ~ 10-100 keV: "
            "sigma_e is velocity independent (F_DM = 1); only its annihilation is p-wave (sigma v ~ b v^2). The "
            "solar-reflected limit (F_DM = 1) therefore applies to the p-wave benchmark as published, up to "
            "the reflected-flux and ionisation codes; our XENONnT limit from the same Sun-reflected signal "
            f"({pw['sigma_e_limit_cm2']:.3g} cm^2 at {pw['m_chi_MeV']:g} MeV) is an independent check. The halo "
            "limits (F_DM = 1) also apply to the p-wave model's halo DM (elastic), but not to the coannihilation "
            "model: halo chi_1 cannot up-scatter by delta = 3 keV (kinetic energy ~ eV)."),
        "limits_drawn": list(limits),
    }
    curves = pd.DataFrame({"M_MeV": r["pwave_m_chi_MeV"], "pwave_sigma_e_limit_cm2": r["pwave_sigma_limit_cm2"]})
    spec_frame = pd.DataFrame({"E_keV": det.bin_centres_keV, "observed_rate": det.observed_rate,
                               "observed_rate_error": det.observed_rate_error, "B0_rate": det.b0_rate,
                               "signal_pwave": r["pwave_signal"], "signal_coann": r["coann_signal"]})
    return FigureResult(fig, numbers, pd.concat([curves, spec_frame], axis=1), (
        f"M_MeV: MeV; pwave_sigma_e_limit_cm2: XENONnT {cl:.0%} CL (delta = 0, Sun-reflected flux)",
        "observed_rate, B0_rate, signal_*: events/(t yr keV), XENONnT SR0 1-keV bins"))


def _draw_recent_limits(ax, ctx, names, bench_M):
    """The figure's declared library limits in the sigma_e plane; {name: what it is, its value at 2 MeV}."""
    if not names:
        return {}
    from mevdm.constraints import library, overlay

    lib = library(store=ctx.data, config=ctx.config)
    out = {}
    for name, color in zip(names, ("C2", "C4", "C5", "C6", "C8", "C9")):
        c = lib.get(name).curve("sigma_e", alpha_D=0.5, mA_over_mchi=3.0)
        overlay(ax, c, color=color, fill=False, lw=1.2, label=c.label, zorder=3)
        m = np.asarray(c.mass_MeV)
        at2 = (float(np.exp(np.interp(np.log(bench_M), np.log(m), np.log(c.coupling))))
               if m[0] <= bench_M <= m[-1] else None)
        lim = lib.get(name)
        out[name] = {"label": c.label, "sigma_e_at_benchmark_M_cm2": at2, "citation": c.citation.get("text", ""),
                     "signal_model": " ".join(str(getattr(lim, "notes", "") or "").split())}
    return out
