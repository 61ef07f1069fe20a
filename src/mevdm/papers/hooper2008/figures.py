"""Figures for Hooper & Zurek, arXiv:0801.3686: plotting only (numbers in analysis.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mevdm.constraints.plot import record_drawn
from mevdm.core.plotting import new_figure
from mevdm.figure import FigureContext, FigureResult
from mevdm.scoreboard import paper_values
from mevdm.papers.hooper2008 import analysis as an


def fig_coupling(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    a = an.fig_coupling(ctx.config, ctx.data)
    fig, ax = new_figure()
    mu_band = np.geomspace(p["m_U_min_MeV"], p["m_U_max_MeV"], 200)
    ax.fill_between(mu_band, p["band_low"] * (mu_band / 10.0) ** 2,
                    p["band_high"] * (mu_band / 10.0) ** 2, color="0.85", lw=0,
                    label=r"paper: $10^{-7}$–$10^{-5}\,(m_U/10\,\mathrm{MeV})^2$")
    record_drawn(ax, "paper_band", "the paper's range 1e-7 - 1e-5 (m_U/10 MeV)^2", mu_band,
                 p["band_low"] * (mu_band / 10.0) ** 2, upper=p["band_high"] * (mu_band / 10.0) ** 2,
                 style="grey band")
    rows = []
    for j, c in enumerate(a["curves"]):
        m_X, grid = c["m_chi_MeV"], c["m_U_MeV"]
        col = f"C{j}"
        ax.plot(grid, c["product"], color=col, label=rf"$m_X = {m_X:g}$ MeV")
        ax.plot(grid, c["analytic"], color=col, ls="--", lw=1)
        ax.plot(grid, c["product_511"], color=col, ls="-.", lw=1.2)
        ax.axvline(2 * m_X, color=col, ls=":", lw=0.6)
        # X~X~ -> UU opens for m_U < m_X (not in Eq. 1): hatched, it dominates there
        ax.axvspan(p["m_U_min_MeV"], min(m_X, p["m_U_max_MeV"]), facecolor="none",
                   edgecolor=col, hatch="//", lw=0, alpha=0.35)
        rows.append(pd.DataFrame({"m_X_MeV": m_X, "m_U_MeV": grid, "gUXX_gUee": c["product"],
                                  "gUXX_gUee_analytic": c["analytic"], "gUXX_gUee_511": c["product_511"]}))
    ax.plot([], [], color="k", ls="--", lw=1, label=r"analytic $(m_U^2/m_X)\sqrt{6\pi b}$")
    ax.plot([], [], color="k", ls="-.", lw=1.2,
            label=r"511 keV line: $\sigma v(v_b) = 5\times10^{-31}(m_X/3\,\mathrm{MeV})^2$ cm$^3$/s")
    ax.fill_between([], [], [], facecolor="none", edgecolor="0.3", hatch="//",
                    label=r"$m_U < m_X$: $\tilde X\tilde X\to UU$ open, dominates (not in Eq. 1)")
    ax.set(xscale="log", yscale="log", xlim=(p["m_U_min_MeV"], p["m_U_max_MeV"]),
           ylim=(1e-8, 1e-2), xlabel=r"$m_U$ [MeV]", ylabel=r"$g_{UXX}\,g_{Uee}$")
    # below the frame: inside it lay on the hatched m_U < m_X region and the m_X = 1 MeV curve
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=7)
    ax.set_title(r"$\Omega h^2 = 0.120$, $g_L = g_R$ (p-wave)", loc="right")
    return FigureResult(fig, {**a["numbers"], "paper": paper_values(ctx.key, ctx.name)}, pd.concat(rows, ignore_index=True),
                        ("m_X_MeV: MeV", "m_U_MeV: MeV", "gUXX_gUee: dimensionless",
                         "gUXX_gUee_analytic: dimensionless, (m_U^2/m_X) sqrt(6 pi b)",
                        "gUXX_gUee_511: dimensionless, sigma v(v_bulge) = 5e-31 (m_X/3 MeV)^2 cm^3/s"))


def fig_sigmav(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    a = an.fig_sigmav(ctx.config, ctx.data)
    n, curves = a["numbers"], a["curves"]
    v, target = curves["v_rel"], n["sigmav511_target_cm3_s"]
    fig, ax = new_figure()
    ax.plot(v, curves["sigmav_vector_cm3_s"], color="C0", label=r"vector ($g_L = g_R$)")
    for j, f in enumerate(p["axial_fractions"]):
        ax.plot(v, curves[f"sigmav_axial_{f:g}_cm3_s"], color=f"C{j + 1}",
                label=rf"$(g_R-g_L)/g_V = {f:g}$")
    ax.axhline(target, color="k", ls="--", lw=1)
    v_fo = n["v_freezeout"]
    # under the line, ending before v_fo (above the line it crossed the curves)
    ax.text(v_fo * 0.8, target / 2.5, r"511 keV: $5\times10^{-31}(m_X/3\,\mathrm{MeV})^2$"
            " (Ema+ 2021 Eq. 1)", fontsize=7, ha="right", va="top")
    v_b = ctx.paper["v_bulge"]
    ax.axvline(v_b, color="0.4", ls=":", lw=1)
    ax.text(v_b * 1.15, 1e-22, r"$v_b$", color="0.3")
    ax.axvline(v_fo, color="0.4", ls="-.", lw=1)
    ax.text(v_fo * 0.55, 1e-22, r"$v_{\rm fo}$", color="0.3")
    ax.plot([v_b], [n["sigmav_vector_at_vbulge_cm3_s"]], "o", color="C0", ms=4)
    ax.set(xscale="log", yscale="log", xlim=(1e-4, 1.0), ylim=(1e-38, 1e-21),
           xlabel=r"$v_{\rm rel}/c$", ylabel=r"$\sigma v$ [cm$^3$/s]")
    ax.legend(loc="lower center", fontsize=7)  # lower right lay on the v_fo line
    mant, expo = f"{n['gUXX_gUee']:.1e}".split("e")
    ax.set_title(rf"$m_X = {p['m_chi_MeV']:g}$, $m_U = {p['m_U_MeV']:g}$ MeV, "
                 rf"$g_{{UXX}}g_{{Uee}} = {mant}\times10^{{{int(expo)}}}$", loc="right")
    units_ = ("v_rel: c",) + tuple(f"{k}: cm^3/s" for k in curves if k != "v_rel")
    return FigureResult(fig, {**n, "paper": paper_values(ctx.key, ctx.name)}, pd.DataFrame(curves), units_)


def fig_radiative(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    a = an.fig_radiative(ctx.config)
    curves = a["curves"]
    mS_GeV = curves["m_S_GeV"]
    fig, ax = new_figure()
    for j, gf in enumerate(p["g_f"]):
        ax.plot(mS_GeV, curves[f"mU_eq2_gf{gf:g}_MeV"], color=f"C{j}",
                label=rf"$g_{{Uff}} = 10^{{{math.log10(gf):.0f}}}$")
        ax.plot(mS_GeV, curves[f"mU_eq3_gf{gf:g}_MeV"], color=f"C{j}", ls="--", lw=1)
        if f"mX_scalar_gf{gf:g}_MeV" in curves:
            ax.plot(mS_GeV, curves[f"mX_scalar_gf{gf:g}_MeV"], color=f"C{j}", ls=":", lw=1)
            ax.plot(mS_GeV, curves[f"mU_eq2_6states_gf{gf:g}_MeV"], color=f"C{j}", ls="-.", lw=1)
    ref = a["numbers"]["eq3_reference_TeV"]
    ax.plot([], [], color="k", ls="--", lw=1,
            label=rf"Eq. (3), $10^{{-10}}\,({ref:g}\,\mathrm{{TeV}})^2$ reading")
    ax.plot([], [], color="k", ls=":", lw=1, label=r"$m_X = \sqrt{2}\,m_U$")
    ax.plot([], [], color="k", ls="-.", lw=1, label="6 states")
    ax.set(xscale="log", yscale="log", xlim=(p["m_S_min_GeV"], p["m_S_max_GeV"]),
           xlabel=r"$m_{\tilde f}$ [GeV]", ylabel=r"$m_U = \sqrt{|m^2_{X,\rm rad}|}$ [MeV]")
    ax.legend(loc="upper left", fontsize=7)
    units_ = ("m_S_GeV: GeV",) + tuple(f"{k}: MeV" for k in curves if k != "m_S_GeV")
    return FigureResult(fig, {**a["numbers"], "paper": paper_values(ctx.key, ctx.name)}, pd.DataFrame(curves), units_)
