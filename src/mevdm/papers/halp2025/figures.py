"""halp2025 figures: '(H)ALPing the 511 keV line' (arXiv:2501.10504): figs 1, 2, 3, C1, D1 and Table B1.

Plotting only: the numbers and arrays come from mevdm.papers.halp2025.analysis (spec paper-001 §7).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mevdm.constraints.plot import record_drawn, record_level
from mevdm.core.plotting import new_figure
from mevdm.figure import FigureResult
from mevdm.papers.halp2025 import analysis as A

MODEL_LABEL = "SPI best-fit sky model (Siegert+2016), a model, not data"
FIG2_COLORS = {"BBN_Neff": "0.5", "CMB_ALP_3a": "C3", "Unitarity_ALP": "k", "SIDM_ALP": "C2"}


def _plot_spectrum_frame(ax, bg, E):
    spi, com = bg["spi"], bg["comptel"]
    ax.errorbar(spi.E, spi.y, yerr=[spi.y - spi.dn, spi.up - spi.y], xerr=[spi.E - spi.E_lo, spi.E_hi - spi.E],
                fmt="o", ms=3, color="0.55", label="SPI (Bouchet+2011)", zorder=3)
    ax.errorbar(com.E, com.y, yerr=[com.y - com.dn, com.up - com.y], xerr=[com.E - com.E_lo, com.E_hi - com.E],
                fmt="s", ms=3, color="k", label="COMPTEL (Essig+2013 compil.)", zorder=3)
    ax.plot(E, bg["pps"], "k:", lw=1.2, label="p-Ps line")
    ax.plot(E, bg["ops"], "k-.", lw=1.2, label="o-Ps continuum")
    icm = E >= bg["ic_E_min"]
    ax.plot(E[icm], bg["ic"][icm], "k--", lw=1.2,
            label=fr"IC stand-in: power-law fit to SPI ($>${bg['ic_E_min']:g} MeV) + COMPTEL")
    # below the fit range the power law is an extrapolation, not an IC model: thin, and no sum
    # with o-Ps there (the sum overshot SPI 3-25x below 0.5 MeV)
    ax.plot(E[~icm], bg["ic"][~icm], "k--", lw=0.7, alpha=0.6,
            label=fr"IC stand-in extrapolated below {bg['ic_E_min']:g} MeV (not a model)")
    ax.plot(E[icm], (bg["ops"] + bg["ic"])[icm], color="0.4", lw=0.8, ls=(0, (3, 1, 1, 1)),
            label="o-Ps + IC stand-in")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.1, 30.0)
    ax.set_ylim(1e-5, 1.0)
    ax.set_xlabel(r"$E_\gamma$ [MeV]")
    ax.set_ylabel(r"$E^2\,d\Phi/dE$ [MeV cm$^{-2}$ s$^{-1}$ sr$^{-1}$]")


def _positive(y):
    """Zero outside the kinematic range drawn as a drop to the axis (log scale) instead of a gap."""
    return np.where(y > 0, y, 1e-30)


# ----------------------------------------------------------------------------- Table B1
def _cell(v):
    return "–" if v is None else f"{v:.2e}"


def table_b1(ctx):
    t = A.table_b1(ctx.paper, ctx.params)
    masses, rs, grid, pr = t["masses"], t["rs"], t["grid"], t["paper_rows"]
    fig, (ax, axe) = new_figure(nrows=2, width=6.4, height=0.16 * (len(rs) + len(pr) + 5),
                                gridspec_kw={"height_ratios": [len(pr) + 1, len(rs) + 1]})
    cols = [r"$r = m_a/m_\chi$"] + [f"{m:g} MeV" for m in masses]
    for a_ in (ax, axe):
        a_.axis("off")
    text = [[f"{e['r']:g}  [{e['r_interval_from_dashes'][0]:.3f}, {e['r_interval_from_dashes'][1]:.3f})"]
            + [_cell(e[f"m{A.tag(m)}"]) for m in masses] for e in pr.values()]
    tab = ax.table(cellText=text, colLabels=cols, loc="center", cellLoc="center",
                   colWidths=[0.26] + [0.148] * len(masses))
    tab.auto_set_font_size(False)
    tab.set_fontsize(7)
    tab.scale(1.0, 1.3)
    ax.set_title(r"Table B1 rows: $\langle\sigma v\rangle_{3a}$ [cm$^3$/s] at the relic coupling "
                 "(r inside the interval the paper's dashes allow)", fontsize=8)
    text = [[f"{r:g}"] + [_cell(grid[f"r{A.tag(r)}"][f"m{A.tag(m)}"]) for m in masses] for r in rs]
    tab = axe.table(cellText=text, colLabels=cols, loc="center", cellLoc="center",
                    colWidths=[0.26] + [0.148] * len(masses))
    tab.auto_set_font_size(False)
    tab.set_fontsize(7)
    tab.scale(1.0, 1.3)
    axe.set_title("extended table (our r grid)", fontsize=8)
    return FigureResult(fig, t["numbers"], t["rows"], ("table: paper_row<i> or extended", "r: 1", "m_chi_MeV: MeV",
                                                       "g_relic: 1", "xfprime: 1", "I3: 1", "sigmav_3a_cm3_s: cm^3/s"))


# ----------------------------------------------------------------------------- Fig 1, C1
def fig1(ctx):
    a = A.fig1(ctx.data, ctx.paper, ctx.params)
    E, bg = a["E"], a["bg"]
    fig, ax = new_figure(width=7.2, height=4.2)
    _plot_spectrum_frame(ax, bg, E)
    for i, m in enumerate(a["masses"]):
        ax.plot(E, _positive(a["curves"][f"IfA_m{A.tag(m)}"]), color=f"C{i % 6}", lw=1.6,
                label=fr"IfA $m_\chi$ = {m:g} MeV")
        hi = E > 0.7
        ax.plot(E[hi], _positive(a["curves"][f"IfA_m{A.tag(m)}_comptel_region"][hi]), color=f"C{i % 6}", lw=0.8,
                ls=(0, (1, 1)), label=(r"IfA in the COMPTEL region ($\times$%.2f, DM template)" % a["scale"])
                if i == 0 else None)
    med = a["numbers"]["medium_default"] or f"x_ion = {a['numbers']['medium']['x_ion']:g}"
    ax.set_title(fr"$\chi\bar\chi\to aaa$, $m_a/m_\chi$ = {a['r']:g}, {med} medium", fontsize=9)
    ax.legend(fontsize=6.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    curves = a["curves"]
    units_ = ["E_MeV: MeV"] + [f"{k}: MeV cm^-2 s^-1 sr^-1 (E^2 dPhi/dE)" for k in curves if k != "E_MeV"]
    return FigureResult(fig, a["numbers"], pd.DataFrame(curves), tuple(units_))


def figc1(ctx):

    a = A.figc1(ctx.data, ctx.paper, ctx.params)
    E, bg = a["E"], a["bg"]
    fig, axes = new_figure(ncols=2, width=4.6, height=4.0, sharey=True)
    for ax in axes:
        _plot_spectrum_frame(ax, bg, E)
    for i, (m, y) in enumerate(a["direct"].items()):
        axes[0].plot(E, _positive(y), color=f"C{i}", lw=1.6, label=fr"$m_\chi$ = {m:g} MeV")
    for i, (r, y) in enumerate(a["model"].items()):
        axes[1].plot(E, _positive(y), color=f"C{i}", lw=1.6, label=fr"$m_a/m_\chi$ = {r:g}")
    axes[0].set_title(r"conventional DM: $\chi\chi\to e^+e^-$ (medium x$_{\rm ion}$ = %g)"
                      % ctx.paper["medium"]["x_ion"], fontsize=9)
    axes[1].set_title(fr"ALP model, $m_\chi$ = {a['m0']:g} MeV", fontsize=9)
    axes[1].set_ylabel("")
    nbg = 7  # line, o-Ps, IC, IC extrapolated, o-Ps + IC, SPI, COMPTEL: one shared legend below the panels
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        model = [(hh, ll) for hh, ll in zip(h, lab) if ll.startswith("$m")]
        ax.legend(*zip(*model), fontsize=6.5, loc="upper right")
    h, lab = axes[0].get_legend_handles_labels()
    bgh = [(hh, ll) for hh, ll in zip(h, lab) if not ll.startswith("$m")][:nbg]
    fig.legend(*zip(*bgh), fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3)
    curves = a["curves"]
    units_ = ["E_MeV: MeV"] + [f"{k}: MeV cm^-2 s^-1 sr^-1" for k in curves if k != "E_MeV"]
    return FigureResult(fig, a["numbers"], pd.DataFrame(curves), tuple(units_))


# ----------------------------------------------------------------------------- Fig 3, D1
def fig3(ctx):
    a = A.fig3(ctx.paper, ctx.params)
    gammas, gmid, prof, amp = a["gammas"], a["gmid"], a["prof"], a["amp"]
    fig, axes = new_figure(ncols=2, width=4.6, height=3.8)
    ax, axb = axes
    for a_, x, mod, dk, idx, xl in ((ax, a["lc"], a["lon_mod"], a["disk_lon"], 0, r"Galactic longitude $l$ [deg]"),
                                    (axb, a["bc"], a["lat_mod"], a["disk_lat"], 1, r"Galactic latitude $b$ [deg]")):
        lo = np.min([prof[ga][idx] for ga in gammas], axis=0)
        hi = np.max([prof[ga][idx] for ga in gammas], axis=0)
        kind = fr"smeared, $\sigma_x$={a['sig_kpc']:.2f} kpc" if a["smear"] else "on the spot"
        a_.fill_between(x, lo, hi, step="mid", color="C0", alpha=0.35,
                        label=fr"DM, relic $g$, {kind}, $\gamma$={min(gammas):g}–{max(gammas):g}")
        a_.step(x, a["prof_alt"][gmid][idx], where="mid", color="C0", lw=0.8, ls="--",
                label=fr"DM ($\gamma$={gmid:g}) {'on the spot' if a['smear'] else 'smeared'}")
        a_.step(x, prof[gmid][idx] + amp * dk, where="mid", color="C0", lw=1.4,
                label=fr"DM ($\gamma$={gmid:g}) + young disk")
        a_.step(x, amp * dk, where="mid", color="C2", lw=1.0, ls="--",
                label=r"young disk (fitted to model at $|l|>20^\circ$)")
        a_.step(x, a["scale_best"] * prof[gmid][idx], where="mid", color="C3", lw=1.0, ls=":",
                label=fr"variant: relic $g$ with {a['shown_label']} ($\sigma v\times${a['scale_best']:.1f}, $\gamma$={gmid:g})"
                + (r" -- contradicts the paper's $v=v_{\rm rel}$" if "v=single" in a["shown_label"] else ""))
        a_.step(x, mod, where="mid", color="k", lw=1.4, label=MODEL_LABEL)
        a_.set_xlabel(xl)
        a_.set_yscale("log")
        a_.set_ylim(1e-5, 3e-2)
        a_.invert_xaxis() if idx == 0 else None
    ax.set_ylabel(r"511 keV intensity [ph cm$^{-2}$ s$^{-1}$ sr$^{-1}$]")
    ax.set_title(fr"$|b|<{a['bband']:g}^\circ$, $m_\chi$={a['m']:g} MeV, $m_a/m_\chi$={a['r']:g}", fontsize=8)
    axb.set_title(fr"$|l|<{a['lband']:g}^\circ$", fontsize=8)
    fig.legend(*ax.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2,
               fontsize=7)
    return FigureResult(fig, a["numbers"], a["curves"], ("l_deg, b_deg: deg (bin centres)",
                                                         "all others: ph cm^-2 s^-1 sr^-1 (bin-averaged intensity)"))


def figd1(ctx):
    a = A.figd1(ctx.paper, ctx.params)
    lc, bc = a["lc"], a["bc"]
    fig, axes = new_figure(ncols=2, nrows=2, width=4.4, height=3.2)
    fig.subplots_adjust(hspace=0.38)
    for row, label in enumerate(("r", "m")):
        amp = a["rows"][label]["amp"]
        for i, (m, r, lon, lat) in enumerate(a["rows"][label]["lines"]):
            lab = fr"$m_a/m_\chi$={r:g}" if label == "r" else fr"$m_\chi$={m:g} MeV"
            axes[row, 0].step(lc, lon + amp * a["disk_lon"], where="mid", color=f"C{i}", lw=1.3, label=lab)
            axes[row, 1].step(bc, lat + amp * a["disk_lat"], where="mid", color=f"C{i}", lw=1.3)
        for col in (0, 1):
            axx = axes[row, col]
            axx.step(lc if col == 0 else bc, a["lon_mod"] if col == 0 else a["lat_mod"], where="mid", color="k",
                     lw=1.3, label="Siegert+2016 model" if col == 0 else None)
            axx.step(lc if col == 0 else bc, amp * (a["disk_lon"] if col == 0 else a["disk_lat"]), where="mid",
                     color="C2", ls="--", lw=0.9, label="young disk" if col == 0 else None)
            xs = lc if col == 0 else bc
            record_drawn(axx, "siegert_model", "Siegert+2016 model (published)", xs,
                         a["lon_mod"] if col == 0 else a["lat_mod"], style="black steps")
            record_drawn(axx, "young_disk", "young disk (fitted amplitude)", xs,
                         amp * (a["disk_lon"] if col == 0 else a["disk_lat"]), style="green dashed steps")
            axx.set_yscale("log")
            axx.set_ylim(1e-5, 3e-2)
        axes[row, 0].invert_xaxis()
        axes[row, 0].set_xlabel(r"$l$ [deg]")
        axes[row, 1].set_xlabel(r"$b$ [deg]")
        axes[row, 0].set_ylabel(r"$I_{511}$ [ph cm$^{-2}$ s$^{-1}$ sr$^{-1}$]")
        axes[row, 0].legend(fontsize=6, loc="lower center", ncol=2)
    axes[0, 0].set_title(fr"$m_\chi$={a['m0']:g} MeV, $\gamma$={a['gamma']:g}", fontsize=8)
    axes[1, 0].set_title(fr"$m_a/m_\chi$={a['r0']:g}, $\gamma$={a['gamma']:g}", fontsize=8)
    return FigureResult(fig, a["numbers"], a["curves"], ("l_deg, b_deg: deg", "others: ph cm^-2 s^-1 sr^-1 (DM only)"))


# ----------------------------------------------------------------------------- Fig 2
# what the legend must say beyond the library's label: the SIDM curve is a scalar-Yukawa Born
# cross section while the mediator is a pseudoscalar (spin-dependent, velocity-suppressed
# potential); the CMB bound is Planck 2018, the paper cites Slatyer 2016 (Planck 2015)
FIG2_NOTES = {"SIDM_ALP": ", scalar-Yukawa Born: indicative", "CMB_ALP_3a": ", Planck 2018"}


def fig2(ctx):
    from mevdm.constraints import overlay

    a = A.fig2(ctx.data, ctx.config, ctx.paper, ctx.params, ctx.limits)
    r, m_lo, m_hi, masses = a["r"], a["m_lo"], a["m_hi"], a["masses"]
    fig, (ax, axr) = new_figure(ncols=2, width=4.6, height=3.9)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(m_lo, m_hi)
    ax.set_ylim(1e-4, 10.0)
    for name, c in a["limits"].items():
        overlay(ax, c, color=FIG2_COLORS.get(name), alpha=0.25, label=c.label + FIG2_NOTES.get(name, ""))
    if a["mkin"] > m_lo:
        ax.axvspan(m_lo, a["mkin"], facecolor="none", edgecolor="k", hatch="///", lw=0,
                   label=r"$m_a<2m_e$ (no $a\to e^+e^-$)")
    ax.plot(masses, a["g_fig"], color="C0", lw=2, label="relic (full Boltzmann)")
    ax.plot(masses, a["g_semi"], color="C0", lw=0.8, ls="--", label="relic (semi-analytic)")
    gl = a["g_line"]
    if len(gl) > 1:
        ax.fill_between(masses, np.min(list(gl.values()), axis=0), np.max(list(gl.values()), axis=0),
                        color="C6", alpha=0.3, lw=0)
    gmid = sorted(gl)[len(gl) // 2]
    ax.plot(masses, gl[gmid], color="C6", lw=1.6,
            label=fr"SPI bulge line needs ($\gamma$={min(gl):g}–{max(gl):g}, line: {gmid:g})")
    ax.set_xlabel(r"$m_\chi$ [MeV]")
    ax.set_ylabel(r"$g_{a\chi}$")
    ax.set_title(fr"$m_a/m_\chi$ = {r:g}", fontsize=9)
    ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)

    M, R, T, ok = a["M"], a["R"], a["T"], a["ok"]
    pc = axr.pcolormesh(M, R, np.where(ok, T, np.nan), cmap="Blues", shading="auto", rasterized=True)
    fig.colorbar(pc, ax=axr, label=r"$T_{\rm max}$ [MeV]")
    axr.contourf(M, R, (~ok).astype(float), levels=[0.5, 1.5], colors="k")
    levels = a["levels"]
    cs = axr.contour(M, R, np.where(ok, T, np.nan), levels=levels, colors=["C1", "C3", "C4"][:len(levels)],
                     linewidths=1.2)
    for lv in levels:  # meshgrid (xy): M[0, :] the masses, R[:, 0] the ratios, T[ratio, mass]
        record_level(axr, f"tmax_{lv:g}_MeV", f"T_max = {lv:g} MeV", M[0, :], R[:, 0],
                     np.where(ok, T, np.nan).T, lv, style="coloured contour, labelled", y_name="m_a/m_chi", y_unit="")
    # labels at m_a/m_chi ~ 0.45, clear of the benchmark stars on the 0.2 row
    where = []
    for segs in cs.allsegs:
        pts = np.concatenate([sg for sg in segs if len(sg)]) if any(len(sg) for sg in segs) else None
        if pts is not None:
            where.append(tuple(pts[np.argmin(np.abs(pts[:, 1] - 0.45))]))
    axr.clabel(cs, fmt=lambda v: f"{v:g} MeV", fontsize=6, manual=where)
    axr.axvspan(m_lo, a["m_bbn"], color="0.6", alpha=0.8, lw=0)
    axr.plot(a["bms"], [r] * len(a["bms"]), "*", color="C0", mec="k", ms=10)
    axr.set_xlim(m_lo, m_hi)
    axr.set_ylim(0.0, 0.7)
    axr.set_xlabel(r"$m_\chi$ [MeV]")
    axr.set_ylabel(r"$m_a/m_\chi$")
    return FigureResult(fig, a["numbers"], pd.DataFrame(a["curves"]),
                        ("m_chi_MeV: MeV", "g_relic (figures), g_relic_semi, g_line_gamma* (SPI line) and *_g: "
                         "dimensionless coupling g_achi (NaN outside range)"))
