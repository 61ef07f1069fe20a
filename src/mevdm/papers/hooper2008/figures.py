"""Figures for Hooper & Zurek, arXiv:0801.3686 (spec paper-000-002 §2.3; the paper has no data figures).

fig_coupling: coupling product for Omega h^2 = 0.120 vs m_U (Fig. A);
fig_sigmav:   sigma v vs relative velocity with the 511 keV target (Fig. B);
fig_radiative: radiative mass scale vs MSSM scalar mass, Eqs. (2)–(3) (Fig. C).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mevdm.early import relic
from mevdm.models import ema2021, hooper2008 as hz
from mevdm.core.plotting import new_figure
from mevdm.core.units import GeV
from mevdm.papers import FigureContext, FigureResult

KEY = "hooper2008"


def _choices(paper: dict) -> dict:
    return {
        "eq1": f"re-derived Eq. (1) with K = {paper['K']} and (s - m_U^2)^2 restored "
               "(spec §2.1; K = 1 is the as-printed, dimension-fixed variant)",
        "g_UXX": f"g_UXX = {paper['g_UXX']} (sets the U -> X~X~ width; sigma v ~ (g_UXX g_Uee)^2)",
        "width": "Gamma(U->X~X~) = g^2 m_U beta^3/(24 pi), Gamma(U->ee) = g_e^2 m_U/(12 pi) (CHOICE)",
        "relic": "full Boltzmann solve, Gondolo–Gelmini <sigma v>(x) of Eq. (1), SM g*(T) from "
                 "hazma_sm_dof, Majorana (g = 2, self-conjugate), Omega h^2 = 0.120",
        "not_included": "X~X~ -> UU (open for m_U < m_X) is not in Eq. (1) and is left out",
    }


def _mU_grid(lo, hi, n, m_X):
    base = np.geomspace(lo, hi, n)
    res = 2.0 * m_X * np.concatenate([1.0 - np.geomspace(1e-3, 0.3, 24),
                                      1.0 + np.geomspace(1e-3, 0.3, 24), [1.0]])
    grid = np.unique(np.concatenate([base, res[(res >= lo) & (res <= hi)]]))
    return grid


def fig_coupling(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    cosmo = relic.default_cosmology(ctx.data)
    fig, ax = new_figure()
    mu_band = np.geomspace(p["m_U_min_MeV"], p["m_U_max_MeV"], 200)
    ax.fill_between(mu_band, p["band_low"] * (mu_band / 10.0) ** 2,
                    p["band_high"] * (mu_band / 10.0) ** 2, color="0.85", lw=0,
                    label=r"paper: $10^{-7}$–$10^{-5}\,(m_U/10\,\mathrm{MeV})^2$")
    rows, numbers = [], {"choices": _choices(paper)}
    for j, m_X in enumerate(p["m_X_MeV"]):
        grid = _mU_grid(p["m_U_min_MeV"], p["m_U_max_MeV"], p["n_m_U"], m_X)
        prod = hz.required_coupling(m_X, grid, g=paper["g_UXX"], K=paper["K"], cosmo=cosmo)
        ana = hz.coupling_product_analytic(grid, m_X)
        col = f"C{j}"
        ax.plot(grid, prod, color=col, label=rf"$m_X = {m_X:g}$ MeV")
        ax.plot(grid, ana, color=col, ls="--", lw=1)
        ax.axvline(2 * m_X, color=col, ls=":", lw=0.6)
        rows.append(pd.DataFrame({"m_X_MeV": m_X, "m_U_MeV": grid, "gUXX_gUee": prod,
                                  "gUXX_gUee_analytic": ana}))
        i_min = int(np.argmin(prod))
        numbers[f"mX{m_X:g}"] = {
            "product_at_mU10": float(np.exp(np.interp(np.log(10.0), np.log(grid), np.log(prod)))),
            "analytic_at_mU10": float(hz.coupling_product_analytic(10.0, m_X)),
            "product_at_mU100": float(prod[-1]),
            "analytic_at_mU100": float(ana[-1]),
            "resonance_min_mU_MeV": float(grid[i_min]),
            "resonance_min_product": float(prod[i_min]),
        }
    ax.plot([], [], color="k", ls="--", lw=1, label=r"analytic $(m_U^2/m_X)\sqrt{6\pi b}$")
    ax.set(xscale="log", yscale="log", xlim=(p["m_U_min_MeV"], p["m_U_max_MeV"]),
           ylim=(1e-8, 1e-2), xlabel=r"$m_U$ [MeV]", ylabel=r"$g_{UXX}\,g_{Uee}$")
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title(r"$\Omega h^2 = 0.120$, $g_L = g_R$ (p-wave)", loc="right")
    numbers["paper_range_at_mU10"] = [p["band_low"], p["band_high"]]
    numbers["T16_analytic_mU10_mX3"] = float(hz.coupling_product_analytic(10.0, 3.0))
    return FigureResult(fig, numbers, pd.concat(rows, ignore_index=True),
                        ("m_X_MeV: MeV", "m_U_MeV: MeV", "gUXX_gUee: dimensionless",
                         "gUXX_gUee_analytic: dimensionless, (m_U^2/m_X) sqrt(6 pi b)"))


def fig_sigmav(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    cosmo = relic.default_cosmology(ctx.data)
    m_X, m_U, g = p["m_X_MeV"], p["m_U_MeV"], paper["g_UXX"]
    prod = float(hz.required_coupling(m_X, [m_U], g=g, K=paper["K"], cosmo=cosmo)[0])
    g_e = prod / g
    gam = hz.width_U(m_U, m_X, g, g_e)
    v = np.geomspace(1e-4, 1.0, 400)
    a_pv, b_pv = hz.swave_pwave(m_X, m_U, g, g_e, g_e, K=paper["K"])
    x_f = float(relic.freezeout_x(m_X, 0.0, b_pv, cosmo=cosmo))
    v_fo = math.sqrt(6.0 / x_f)
    target = float(ema2021.sigmav_511_cm3_s(m_X))
    fig, ax = new_figure()
    curves = {"v_rel": v}
    sv = hz.sigmav_v(v, m_X, m_U, g, g_e, g_e, width_U=gam, K=paper["K"])
    ax.plot(v, sv, color="C0", label=r"vector ($g_L = g_R$)")
    curves["sigmav_vector_cm3_s"] = sv
    numbers = {"choices": _choices(paper), "gUXX_gUee": prod, "g_Uee": g_e, "x_f": x_f,
               "v_freezeout": v_fo, "v_bulge": p["v_bulge"], "sigmav511_target_cm3_s": target,
               "b_pwave_cm3_s": b_pv}
    sv_b = float(hz.sigmav_v(p["v_bulge"], m_X, m_U, g, g_e, g_e, width_U=gam, K=paper["K"]))
    numbers["sigmav_vector_at_vbulge_cm3_s"] = sv_b
    numbers["vector_over_target_at_vbulge"] = sv_b / target
    for j, f in enumerate(p["axial_fractions"]):
        gL, gR = g_e * (1.0 - f / 2.0), g_e * (1.0 + f / 2.0)
        s = hz.sigmav_v(v, m_X, m_U, g, gL, gR, width_U=gam, K=paper["K"])
        a, _ = hz.swave_pwave(m_X, m_U, g, gL, gR, K=paper["K"])
        ax.plot(v, s, color=f"C{j + 1}", label=rf"$(g_R-g_L)/g_V = {f:g}$")
        curves[f"sigmav_axial_{f:g}_cm3_s"] = s
        numbers[f"swave_floor_axial_{f:g}_cm3_s"] = a
    ax.axhline(target, color="k", ls="--", lw=1)
    ax.text(1.3e-4, target * 2.5, r"511 keV: $5\times10^{-31}(m_X/3\,\mathrm{MeV})^2$", fontsize=8)
    ax.axvline(p["v_bulge"], color="0.4", ls=":", lw=1)
    ax.text(p["v_bulge"] * 1.15, 1e-22, r"$v_b$", color="0.3")
    ax.axvline(v_fo, color="0.4", ls="-.", lw=1)
    ax.text(v_fo * 0.55, 1e-22, r"$v_{\rm fo}$", color="0.3")
    ax.plot([p["v_bulge"]], [sv_b], "o", color="C0", ms=4)
    ax.set(xscale="log", yscale="log", xlim=(1e-4, 1.0), ylim=(1e-38, 1e-21),
           xlabel=r"$v_{\rm rel}$", ylabel=r"$\sigma v$ [cm$^3$/s]")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(rf"$m_X = {m_X:g}$, $m_U = {m_U:g}$ MeV, $g_{{UXX}}g_{{Uee}} = {prod:.2g}$",
                 loc="right")
    units_ = ("v_rel: c",) + tuple(f"{k}: cm^3/s" for k in curves if k != "v_rel")
    return FigureResult(fig, numbers, pd.DataFrame(curves), units_)


def fig_radiative(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    lam = p["lambda_uv_GeV"] * GeV
    mS_GeV = np.geomspace(p["m_S_min_GeV"], p["m_S_max_GeV"], 200)
    mS = mS_GeV * GeV
    fig, ax = new_figure()
    curves = {"m_S_GeV": mS_GeV}
    for j, gf in enumerate(p["g_f"]):
        mu2 = np.sqrt(np.abs(hz.m2_rad_eq2(mS, 1.0, gf, lam)))
        mu3 = np.sqrt(np.abs(hz.m2_rad_eq3(mS, 1.0, gf)))
        ax.plot(mS_GeV, mu2, color=f"C{j}", label=rf"$g_{{Uff}} = 10^{{{math.log10(gf):.0f}}}$")
        ax.plot(mS_GeV, mu3, color=f"C{j}", ls="--", lw=1)
        curves[f"mU_eq2_gf{gf:g}_MeV"] = mu2
        curves[f"mU_eq3_gf{gf:g}_MeV"] = mu3
        if math.isclose(gf, 1e-5):
            ax.plot(mS_GeV, math.sqrt(2.0) * mu2, color=f"C{j}", ls=":", lw=1)
            mu6 = np.sqrt(np.abs(hz.m2_rad_eq2(mS, 1.0, gf, lam, n_states=6)))
            ax.plot(mS_GeV, mu6, color=f"C{j}", ls="-.", lw=1)
            curves[f"mX_scalar_gf{gf:g}_MeV"] = math.sqrt(2.0) * mu2
            curves[f"mU_eq2_6states_gf{gf:g}_MeV"] = mu6
    ax.plot([], [], color="k", ls="--", lw=1, label="Eq. (3)")
    ax.plot([], [], color="k", ls=":", lw=1, label=r"$m_X = \sqrt{2}\,m_U$")
    ax.plot([], [], color="k", ls="-.", lw=1, label="6 states")
    ax.set(xscale="log", yscale="log", xlim=(p["m_S_min_GeV"], p["m_S_max_GeV"]),
           xlabel=r"$m_{\tilde f}$ [GeV]", ylabel=r"$m_U = \sqrt{|m^2_{X,\rm rad}|}$ [MeV]")
    ax.legend(loc="upper left", fontsize=7)
    m2_2 = float(hz.m2_rad_eq2(2.0e6, 1.0, 1e-5, lam))
    m2_3 = float(hz.m2_rad_eq3(2.0e6, 1.0, 1e-5))
    spec = hz.minimal_spectrum(6.0)
    eig = hz.fermion_masses(0.7, 0.3, 5.0)
    numbers = {
        "T17_m2_eq2_2TeV_gf1e-5_MeV2": m2_2, "T17_m2_eq3_2TeV_gf1e-5_MeV2": m2_3,
        "eq3_over_eq2": m2_3 / m2_2,
        "T18_mU_MeV_for_6MeV2": float(spec["m_U"]), "T18_mX_scalar_MeV": float(spec["m_X_scalar"]),
        "T19_eigenvalues_g0.7_lam0.3_vev5": eig.tolist(),
        "T19_expected": sorted([2 * 0.7 * 5, -2 * 0.7 * 5, math.sqrt(2) * 0.3 * 5,
                                -math.sqrt(2) * 0.3 * 5]),
        "lambda_uv_GeV": p["lambda_uv_GeV"],
    }
    units_ = ("m_S_GeV: GeV",) + tuple(f"{k}: MeV" for k in curves if k != "m_S_GeV")
    return FigureResult(fig, numbers, pd.DataFrame(curves), units_)
