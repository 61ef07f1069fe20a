"""Figures of Baryakhtar, Berlin, Liu, Weiner, arXiv:2006.13918 (spec paper-003-004 Part A).

Plotting only: every number and array comes from mevdm.papers.baryakhtar2020.analysis (maps from
its chunked scans, rule baryakhtar2020_scan_chunk; constraint curves from mevdm.constraints).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mevdm.core import units
from mevdm.early.relic import THERMODYNAMICS
from mevdm.constraints.plot import curve_model, record, record_level
from mevdm.core.plotting import data_and_background, new_figure
from mevdm.figure import FigureContext, FigureResult
from mevdm.papers.baryakhtar2020 import analysis as an
from mevdm.papers.baryakhtar2020 import xenonnt_sr0
from mevdm.scoreboard import paper_values

KEY = "baryakhtar2020"
SIDM = "SIDM_dark_photon"
# The beam limits and projections drawn are the figure's figures.yaml list (but the SIDM bound and
# LDMX Phase 1, which enter as numbers); these are their colours (another gets a colour of its own).
STYLE = {"NA64_2019": dict(color="0.35"), "BaBar_2017": dict(color="0.55"),
         "LDMX_projection": dict(color="C3"), "BelleII_projection": dict(color="C2")}
RATE_COLORS = ["#c6dbef", "#6baed6", "#2171b5"]
# masses at which the thermal-target variants are reported (thresholds: m_mu; rho/omega at 2m ~ 780 MeV,
# phi at 2m ~ 1019 MeV)
THERMAL_REPORT_MASSES = [1.0, 3.7, 10.0, 30.0, 100.0, 104.0, 108.0, 150.0, 300.0, 350.0, 390.0,
                         450.0, 510.0, 700.0, 1000.0]


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def _model(ctx: FigureContext) -> an.Model:
    return an.Model(ctx.config, ctx.data)


def _levels(ctx) -> list[float]:
    return list(ctx.params["rate_levels_per_t_yr"])


def _rate_contours(ax, x, y, rate, levels, label_prefix="XENON1T", label_y=None, label_x=None):
    """Filled blue contours R >= each level (paper: >~1, >~10, >~100 /(t yr)) with edges;
    label_y / label_x: put each contour's label at the point nearest that y / x, at least 8 % of
    the frame inside it (clear of the limits drawn elsewhere)."""
    z = np.log10(np.clip(rate, 1e-300, None))
    lv = np.log10(levels)
    ax.contourf(x, y, z.T, levels=list(lv) + [max(z.max(), lv[-1]) + 1], colors=RATE_COLORS,
                alpha=0.85, zorder=1)
    cs = ax.contour(x, y, z.T, levels=lv, colors="#08306b", linewidths=0.8, zorder=2)
    fmt = {v: rf"$\gtrsim${10 ** v:g}/(t yr)" for v in lv}
    if label_y is None and label_x is None:
        _clabel_inside(ax, cs, fmt)
        return cs
    to_axes = ax.transData + ax.transAxes.inverted()
    where = []
    for segs in cs.allsegs:
        pts = [sg for sg in segs if len(sg)]
        if not pts:
            continue
        pts = np.concatenate(pts)
        fr = to_axes.transform(pts)
        inner = pts[(fr.min(axis=1) > 0.08) & (fr.max(axis=1) < 0.92)]
        pts = inner if len(inner) else pts
        col, target = (1, label_y) if label_y is not None else (0, label_x)
        where.append(tuple(pts[np.argmin(np.abs(np.log(pts[:, col] / target)))]))
    ax.clabel(cs, fmt=fmt, fontsize=6, manual=where)
    return cs


def _clabel_inside(ax, cs, fmt, margin=0.06):
    """Contour labels, dropping those matplotlib places on a sliver at the frame (within
    ``margin`` of an edge in axes coordinates: the stray label at 1 GeV of Fig. 3)."""
    texts = ax.clabel(cs, fmt=fmt, fontsize=6)
    to_axes = ax.transData + ax.transAxes.inverted()
    for t in list(texts):
        x, y = to_axes.transform(t.get_position())
        if min(x, y, 1 - x, 1 - y) < margin:
            t.remove()


def _draw_limit(ax, x, y, label, projection, color, excluded="above", shade_projection=False, curve=None):
    """A limit curve: solid + filled (limit) or dashed (projection), the line as computed (a
    projection leaving the frame is not drawn along its edge). shade_projection: unused, kept
    for the callers of the alpha_D planes.
    curve: the library Curve it was derived from (recorded, as drawn, for the JSON and HEPData)."""
    ok = np.isfinite(y) & (y > 0)
    if not ok.any():
        return
    if curve is not None:
        record(ax, curve.name, label, x[ok], y[ok], excluded=excluded, projection=projection,
               citation=curve.citation, model=curve_model(curve), steps=curve.steps,
               style="dashed line" if projection else "solid line, shaded")
    lo, hi = ax.get_ylim()
    ls = "--" if projection else "-"
    ax.plot(x[ok], y[ok], ls=ls, color=color, lw=1.4,
            label=label + (" (proj.)" if projection else ""), zorder=4)
    edge = hi if excluded == "above" else lo
    if not projection:
        ax.fill_between(x[ok], np.clip(y[ok], lo, hi), edge, color=color, alpha=0.3, lw=0, zorder=3)
    # projections: the dashed line only, as the paper draws them (a hatch hid the rate bands)
    ax.set_ylim(lo, hi)


def _beam_limits(ctx):
    return [n for n in ctx.limits if n not in (SIDM, an.LDMX_PHASE1)]


def _color(name, i):
    return STYLE.get(name, {}).get("color", f"C{(4 + i) % 10}")


def _beam_overlays_eps(ax, ctx, model, m_plot):
    curves = an.limit_curves(model, ctx.data, _beam_limits(ctx))
    for i, (n, c) in enumerate(curves.items()):
        y = an.eps_limit_on(c, m_plot)
        y = np.where(np.isfinite(y), y, np.nan)
        _draw_limit(ax, m_plot, y, c.label.split(" (")[0], c.projection, _color(n, i), curve=c)
    return {n: c.meta() for n, c in curves.items()}


def _beam_overlays_alpha(ax, ctx, model, m_plot):
    curves = an.limit_curves(model, ctx.data, _beam_limits(ctx))
    for i, (n, c) in enumerate(curves.items()):
        y = an.alpha_limit(model, c, m_plot)
        y = np.where(y > 0, y, np.nan)
        _draw_limit(ax, m_plot, y, c.label.split(" (")[0], c.projection, _color(n, i),
                    excluded="below", shade_projection=True, curve=c)
    return {n: c.meta() for n, c in curves.items()}


def _sidm_overlay(ax, ctx, model, m_plot):
    c = an.sidm_curve(model, ctx.data, m_plot)
    _draw_limit(ax, c.mass_MeV, c.coupling, r"SIDM (indicative, $\sigma\propto\alpha_D^4 m_\chi^4/m_{A'}^6$)",
                False, "0.2", curve=c)
    meta = c.meta()
    meta["indicative"] = True
    meta["sidm_variants"] = an.sidm_variants(model, [1.0, 2.0, 3.0, 5.0, 10.0])
    return meta


def _fill_region(ax, x, y, z, color="0.5", label=None, alpha=0.35, hatch=None, ls="-"):
    """Shade z >= 1 on the grid (z indexed [x, y]); optional hatch keeps what lies below visible."""
    if np.nanmax(z) < 1:
        return None
    ax.contourf(x, y, z.T, levels=[1.0, np.inf], colors=[color], alpha=alpha, zorder=3,
                hatches=[hatch])
    cs = ax.contour(x, y, z.T, levels=[1.0], colors=[color], linewidths=1.2, zorder=3, linestyles=ls)
    if label:
        ax.fill_between([], [], [], facecolor=color, alpha=alpha, hatch=hatch, label=label,
                        edgecolor=color, ls=ls, lw=1.2)
    return cs


def _record_contour(ax, cs, curve, label, excluded="inside"):
    """Record a library limit drawn as the z = 1 contour of a grid (its segments' points in order)."""
    segs = [sg for sg in cs.allsegs[0] if len(sg)]
    if not segs:
        return
    pts = np.concatenate(segs)
    record(ax, curve.name, label, pts[:, 0], pts[:, 1], excluded=excluded, projection=curve.projection,
           citation=curve.citation, model=curve_model(curve), steps=curve.steps,
           style=("dashed" if curve.projection else "solid, shaded") + f" contour, {len(segs)} segment(s)")


def _figure_legend(fig, axes, ncol=5):
    """One legend below the panels (unique labels of all axes)."""
    seen = {}
    for ax in np.atleast_1d(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(lab, h)
    fig.legend(list(seen.values()), list(seen.keys()), loc="upper center", ncol=ncol,
               bbox_to_anchor=(0.5, 0.0), fontsize=7, frameon=False)


def _long_frame(x, y, xname, yname, **cols):
    X, Y = np.meshgrid(x, y, indexing="ij")
    data = {xname: X.ravel(), yname: Y.ravel()}
    data.update({k: np.asarray(v).ravel() for k, v in cols.items()})
    return pd.DataFrame(data)


def _fstar_method(ctx) -> str:
    return ctx.paper["fstar"]["method"]


def _choices(ctx) -> dict:
    p = ctx.paper
    return {
        "thermal_target": "relic Boltzmann solve (mevdm.early.relic), chi and chi* Majorana g=2 each, "
                          "<sigma v>_eff = <sigma v(chi chi*)>/2; "
                          f"average={p['thermal']['average']} (Gondolo-Gelmini over sqrt s up to "
                          "2.5 m, below the A' pole), R-ratio "
                          f"{p['thermal']['r_ratio']} (PDG 2020 compilation + narrow J/psi, psi(2S)), "
                          f"hadrons={p['thermal']['hadrons']}; the pre-issue-18 target (s = 4 m^2, "
                          "VMD R) is the variant thermal_target_variants.s4m2_vmd",
        "fstar": f"figures use recipe '{_fstar_method(ctx)}' (spec A3 (a) semi-analytic baseline); "
                 "the rate-equation value is stored beside",
        "primordial_rate": "Eq. 3.9 with eta(E_R) applied in true recoil energy (no smearing), "
                           "SHM halo from config; R = f* sigma_e U(m, delta)",
        "solar_rate": "Eq. 4.10 one-zone core, smeared + efficiency, 1-30 keV",
        "cmb": "f* sigma v(chi chi* -> l l) < 1 pb c (m/60 GeV), thermal eps, f* as the paper writes it",
        "sidm": "INDICATIVE: library SIDM_dark_photon, loop-induced elastic sigma = pi C alpha_D^4 "
                "m^4/m_A'^6 (second-order Born in the contact limit, C = 1; the paper's Ref. [16] formula "
                "not recoverable); the old alpha_D^2 proxy is sidm_variants.proxy_alphaD2",
        "beam_limits": "NA64 2019, BaBar 2017 (DarkCast), LDMX Phase 2 (ldmx_projection, the reach "
                       "the paper means: it probes all of Fig. 6) and Belle II projections via "
                       "mevdm.constraints in (m_chi, eps) with m_A' = 3 m_chi; in alpha_D planes "
                       "excluded alpha_D < (eps_th(alpha_D=1)/eps_lim)^2",
    }


# ----------------------------------------------------------------------------
# Fig. 1: f* in (m_chi, alpha_D)
# ----------------------------------------------------------------------------
def fig1(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    scan = ctx.scan("malpha")
    m, a, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    key = "fstar_semi" if _fstar_method(ctx) == "semi" else "fstar_ode"
    levels = list(p["fstar_levels_log10"])
    model = _model(ctx)
    fig, axes = new_figure(ncols=len(deltas), width=4.2, height=3.6)
    axes = np.atleast_1d(axes)
    greens = ["#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45",
              "#006d2c", "#00441b"]
    for j, (ax, d) in enumerate(zip(axes, deltas)):
        ax.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(a[0], a[-1]),
               xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\alpha_D$")
        z = np.log10(scan[key][:, j])
        lv = [min(z.min(), levels[0]) - 1] + levels + [0.0]
        cf = ax.contourf(m, a, z.T, levels=lv, colors=greens[:len(lv) - 1], zorder=1)
        cs = ax.contour(m, a, z.T, levels=levels, colors="#00441b", linewidths=0.6, zorder=2)
        ax.clabel(cs, fmt={v: rf"$10^{{{v:g}}}$" for v in levels}, fontsize=7)
        _fill_region(ax, m, a, an.cmb_ratio(scan, j, _fstar_method(ctx)), "0.3", "CMB", alpha=0.25,
                     hatch="//", ls=":")  # dotted edge: the SIDM boundary is the solid grey line
        _sidm_overlay(ax, ctx, model, m)
        ax.set_title(rf"$f_*$, $\delta = {d:g}$ keV, $m_{{A'}}/m_\chi = {paper['mA_over_mchi']:g}$",
                     fontsize=9)
    # once above both panels (inside each, its box covered the f* = 0.01, 0.1 contour labels)
    fig.suptitle(r"$\Omega_\chi h^2 = 0.12$ everywhere ($\varepsilon$ thermal)", color="darkcyan",
                 fontsize=8, y=0.99)
    fig.subplots_adjust(wspace=0.3)  # the right panel's y label overlapped the left panel
    _figure_legend(fig, axes)
    cb = fig.colorbar(cf, ax=axes.tolist(), label=r"$\log_{10} f_*$", shrink=0.9)
    cb.set_ticks(levels + [0.0])

    # numbers at the spec C#9 points, computed directly (not interpolated)
    rep = an.fig1_numbers(model, p["report_m_chi_MeV"])
    mr, eps = rep["m_chi_MeV"], rep["eps"]
    t_kin_keV, t_chem_over_delta = rep["T_kin_keV_delta3"], rep["T_chem_over_delta_delta3"]
    rep = {3.0: rep["delta3"], 100.0: rep["delta100"]}
    r3 = rep[3.0]
    numbers = {
        "fstar_delta3keV_alphaD0p5": {"m_chi_MeV": mr, "fstar": r3.fstar(_fstar_method(ctx)),
                                      "fstar_semi": r3.fstar_semi, "fstar_ode": r3.fstar_ode,
                                      "spec_C9_semi": [5.1e-11, 2.0e-9, 1.8e-4, 0.11]},
        "fstar_delta100keV_alphaD0p5": {"m_chi_MeV": mr, "fstar_semi": rep[100.0].fstar_semi,
                                        "fstar_ode": rep[100.0].fstar_ode},
        "T_kin_keV_alphaD0p5": {"m_chi_MeV": mr, "T_kin_keV": t_kin_keV},
        "T_chem_over_delta_delta3keV": t_chem_over_delta,
        "eps_thermal_alphaD0p5": eps,
        "ode_over_semi_range_delta3keV": [float(np.min(scan["fstar_ode"][:, 0] / scan["fstar_semi"][:, 0])),
                                          float(np.max(scan["fstar_ode"][:, 0] / scan["fstar_semi"][:, 0]))],
        "grid": {"n_m": int(m.size), "n_alpha_D": int(a.size)},
        "thermal_target_variants": an.thermal_variants(model, THERMAL_REPORT_MASSES, paper["alpha_D"]),
        "paper": paper_values(KEY, "fig1"),
        "limits": {"SIDM": SIDM, "CMB": "coannihilation_sigmav_max_cm3_s"},
        "choices": _choices(ctx),
    }
    cols = {}
    for j, d in enumerate(deltas):
        cols[f"fstar_semi_d{d:g}keV"] = scan["fstar_semi"][:, j]
        cols[f"fstar_ode_d{d:g}keV"] = scan["fstar_ode"][:, j]
    curves = _long_frame(m, a, "m_chi_MeV", "alpha_D", eps=scan["eps"], **cols)
    return FigureResult(fig, numbers, curves, ("m_chi_MeV: [MeV]", "alpha_D: dark coupling",
                                               "eps: thermal kinetic mixing",
                                               "fstar_*: excited fraction (semi: Eq. 3.4; ode: rate equation)"))


# ----------------------------------------------------------------------------
# Figs. 2 and 3: primordial down-scatter rate
# ----------------------------------------------------------------------------
def _primordial_panels(ctx, model, scan, plane):
    paper = ctx.paper
    m, y, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    fig, axes = new_figure(ncols=len(deltas), width=4.2, height=3.6)
    axes = np.atleast_1d(axes)
    for j, (ax, d) in enumerate(zip(axes, deltas)):
        ylabel = r"$\varepsilon$" if plane == "eps" else r"$\alpha_D$"
        ax.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(y[0], y[-1]),
               xlabel=r"$m_\chi$ [MeV]", ylabel=ylabel)
        # (m, eps): labels at the low-mass end, where the thermal line and LDMX do not pass
        _rate_contours(ax, m, y, scan[key][:, j], _levels(ctx), label_x=2.0 if plane == "eps" else None)
        _fill_region(ax, m, y, an.cmb_ratio(scan, j, _fstar_method(ctx)), "0.3", "CMB", alpha=0.25,
                     hatch="//", ls=":")  # dotted edge: the SIDM boundary is the solid grey line
        if plane == "eps":
            ax.plot(m, scan["eps_thermal_alphaD"], color="k", lw=1.6, label=r"$\Omega_\chi h^2=0.12$",
                    zorder=5)
            ax.plot(m, an.old_thermal(model).thermal_eps(m, paper["alpha_D"]), color="k", lw=0.8,
                    ls=":", zorder=5, label=r"$\Omega_\chi h^2=0.12$ at $s=4m_\chi^2$, VMD R (old)")
            meta = _beam_overlays_eps(ax, ctx, model, m)
        else:
            meta = _beam_overlays_alpha(ax, ctx, model, m)
            meta[SIDM] = _sidm_overlay(ax, ctx, model, m)
        title = (rf"primordial iDM, $\delta = {d:g}$ keV, $\alpha_D = {paper['alpha_D']:g}$"
                 if plane == "eps" else rf"primordial thermal iDM, $\delta = {d:g}$ keV")
        ax.set_title(title + rf", $m_{{A'}}/m_\chi = {paper['mA_over_mchi']:g}$", fontsize=8)
        for c, lv in zip(RATE_COLORS, _levels(ctx)):  # one entry per filled level
            ax.fill_between([], [], [], color=c, label=rf"XENON1T $\gtrsim {lv:g}$/(t yr)")
    _figure_legend(fig, axes)
    return fig, meta


def _thermal_y_and_sigma_p(model, paper, alpha_D) -> dict:
    """y = eps^2 alpha_D (m/m_A')^4 on our thermal target (Eq. 3.1) and the dark-photon DM-proton cross
    section sigma_p = 16 pi alpha alpha_D eps^2 mu_p^2 / m_A'^4 at 1 GeV (Sec. 4.4 'sigma_p ~ 2e-37 cm^2')."""
    r = paper["mA_over_mchi"]
    out = {}
    for label, m in (("100MeV", 100.0), ("1GeV", 1000.0)):
        eps = float(model.thermal_eps(m, alpha_D))
        out[f"thermal_y_{label}_alphaD0p5"] = eps ** 2 * alpha_D / r ** 4
    eps, m = float(model.thermal_eps(1000.0, alpha_D)), 1000.0
    mu_p = m * units.M_P / (m + units.M_P)
    sigma = 16 * np.pi * units.ALPHA_EM * alpha_D * eps ** 2 * mu_p ** 2 / (r * m) ** 4  # MeV^-2
    out["thermal_sigma_p_1GeV_alphaD0p5_cm2"] = sigma * units.HBARC_MEV_CM ** 2
    return out


def _thermal_numbers_by_thermodynamics(model, paper) -> dict:
    """The thermal-target numbers of fig2 with each thermodynamics of the relic solver (config
    relic.thermodynamics; the configured one is `model` itself): the scoreboard shows both."""
    used = model.config["relic"]["thermodynamics"]
    per = {}
    for t in THERMODYNAMICS:
        m = model if t == used else model.with_thermodynamics(t)
        per[t] = {"thermal_eps_100MeV_alphaD0p5": float(m.thermal_eps(100.0, 0.5)),
                  **_thermal_y_and_sigma_p(m, paper, 0.5)}
    return {"used": used, **{k: {t: per[t][k] for t in per} for k in per[used]}}


def fig2(ctx: FigureContext) -> FigureResult:
    paper = ctx.paper
    scan = ctx.scan("meps")
    model = _model(ctx)
    fig, meta = _primordial_panels(ctx, model, scan, "eps")
    norm = an.eq3_11_norm(model)
    m_rep = np.array([3.0, 10.0, 30.0, 100.0, 300.0, 1000.0])
    eps_rep = model.thermal_eps(m_rep, paper["alpha_D"])
    eps_lep = an.thermal_eps_leptons_only(model, m_rep, paper["alpha_D"])
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    on_line = {}
    for j, d in enumerate(scan["delta_keV"]):
        on_line[f"delta{d:g}keV"] = [an.rate_at(scan, key, j, mm, ee) for mm, ee in zip(m_rep, eps_rep)]
    by_thermo = _thermal_numbers_by_thermodynamics(model, paper)
    numbers = {
        **{k: v[by_thermo["used"]] for k, v in by_thermo.items() if k != "used"},
        "by_thermodynamics": by_thermo,
        "eq3_11_norm_per_t_yr": norm,
        "thermal_eps_alphaD": {"m_chi_MeV": m_rep, "eps": eps_rep, "eps_leptons_only": eps_lep},
        "rate_on_thermal_line_per_t_yr": {"m_chi_MeV": m_rep, **on_line,
                                          "spec_A4_delta3keV": [43, 68, 99, 133, 66, 43]},
        "paper": paper_values(KEY, "fig2"),
        "grid": {"n_m": int(scan["m_chi_MeV"].size), "n_eps": int(scan["y"].size)},
        "limits": meta,
        "ldmx": an.ldmx_summary(model, ctx.data),
        "thermal_target_variants": an.thermal_variants(model, THERMAL_REPORT_MASSES, paper["alpha_D"]),
        "choices": _choices(ctx),
    }
    cols = {}
    for j, d in enumerate(scan["delta_keV"]):
        cols[f"rate_d{d:g}keV"] = scan[key][:, j]
        cols[f"fstar_d{d:g}keV"] = scan["fstar_semi" if key == "rate_semi" else "fstar_ode"][:, j]
    curves = _long_frame(scan["m_chi_MeV"], scan["y"], "m_chi_MeV", "eps", **cols)
    return FigureResult(fig, numbers, curves, ("m_chi_MeV: [MeV]", "eps: kinetic mixing",
                                               "rate_*: XENON1T events/(t yr), Eq. 3.9 with eta",
                                               "fstar_*: excited fraction"))


def fig3(ctx: FigureContext) -> FigureResult:
    scan = ctx.scan("malpha")
    model = _model(ctx)
    fig, meta = _primordial_panels(ctx, model, scan, "alpha")
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    rep = {}
    for j, d in enumerate(scan["delta_keV"]):
        for a in (0.01, 0.1, 0.5, 1.0):
            rep[f"delta{d:g}keV_alphaD{a:g}"] = {
                "m_chi_MeV": [3.0, 30.0, 300.0],
                "rate": [an.rate_at(scan, key, j, mm, a) for mm in (3.0, 30.0, 300.0)]}
    numbers = {
        "rate_per_t_yr": rep,
        "spec_A4": {"alphaD1": {"3MeV": 11, "30MeV": 26, "300MeV": 19}, "alphaD_le_0p1": ">~1e3"},
        "grid": {"n_m": int(scan["m_chi_MeV"].size), "n_alpha_D": int(scan["y"].size)},
        "limits": meta,
        "ldmx": an.ldmx_summary(model, ctx.data),
        "choices": _choices(ctx),
    }
    cols = {f"rate_d{d:g}keV": scan[key][:, j] for j, d in enumerate(scan["delta_keV"])}
    curves = _long_frame(scan["m_chi_MeV"], scan["y"], "m_chi_MeV", "alpha_D", **cols)
    return FigureResult(fig, numbers, curves, ("m_chi_MeV: [MeV]", "alpha_D: dark coupling",
                                               "rate_*: XENON1T events/(t yr)"))


# ----------------------------------------------------------------------------
# Figs. 6 and 7: solar up-scatter rate
# ----------------------------------------------------------------------------
def _solar_numbers(ctx, model, p):
    out = an.solar_numbers(model, p, {"thermal_s4m2_vmd": an.old_thermal(model)})
    out["paper"] = paper_values(KEY, ctx.name)
    return out


def fig6(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    left, right = ctx.scan("solar_mdelta"), ctx.scan("solar_mfchi")
    fig, (axl, axr) = new_figure(ncols=2, width=4.2, height=3.6)
    model = _model(ctx)
    curves_eps = an.limit_curves(model, ctx.data, ["NA64_2019", "LDMX_projection"])
    # left
    m, d = left["m_chi_MeV"], left["y"]
    axl.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(d[0], d[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\delta$ [keV]")
    _rate_contours(axl, m, d, left["rate"], _levels(ctx))
    meta = {}
    for n, c in curves_eps.items():
        ratio = left["eps_thermal_alphaD"] / an.eps_limit_on(c, m)  # > 1: thermal point excluded/probed
        excl = m[ratio > 1]
        meta[n] = c.meta()
        if not excl.size:
            meta[n]["note"] = "does not reach the thermal target (alpha_D from config) in this mass range"
            axl.text(0.97, 0.04 + 0.06 * list(curves_eps).index(n),
                     f"{c.label}: thermal target not reached", transform=axl.transAxes,
                     ha="right", fontsize=6, color=STYLE[n]["color"])
        else:
            col = STYLE[n]["color"]
            lo_, hi_ = float(excl.min()), float(excl.max())
            if c.projection:  # reach is delta-independent: dashed edges of the masses it reaches
                for xv in (lo_, hi_):
                    axl.axvline(xv, color=col, ls="--", lw=1.4, zorder=3,
                                label=f"{c.label} (proj.)" if xv == lo_ else None)
                meta[n]["reaches_thermal_m_chi_MeV"] = [lo_, hi_]
                if lo_ <= m[0] and hi_ >= m[-1]:  # its edges are the frame's: say it
                    axl.text(0.97, 0.10, f"{c.label} (proj.): reaches the thermal target at every $m_\\chi$ here",
                             transform=axl.transAxes, ha="right", fontsize=6, color=col)
            else:
                axl.axvspan(lo_, hi_, color=col, alpha=0.35, lw=0, label=c.label)
            y0, y1 = axl.get_ylim()
            record(axl, n, c.label, [lo_, lo_, hi_, hi_], [y0, y1, y1, y0], excluded="inside",
                   projection=c.projection, citation=c.citation, model=curve_model(c), steps=c.steps,
                   style="dashed vertical lines" if c.projection else "shaded vertical band")
    axl.set_title(rf"solar thermal iDM, $\alpha_D={paper['alpha_D']:g}$, $m_{{A'}}/m_\chi = "
                  rf"{paper['mA_over_mchi']:g}$", fontsize=8)
    axl.fill_between([], [], [], color=RATE_COLORS[1], label="XENON1T rate (contours 1, 10, 100 /(t yr))")
    # right
    m2, f = right["m_chi_MeV"], right["y"]
    axr.set(xscale="log", yscale="log", xlim=(m2[0], m2[-1]), ylim=(f[0], f[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$f_\chi$")
    _rate_contours(axr, m2, f, right["rate"], _levels(ctx))
    for n, c in curves_eps.items():
        lim = an.eps_limit_on(c, m2)[:, None]
        ratio = np.where(np.isfinite(lim), right["eps_thermal_alphaD"] / lim, np.nan)
        col = STYLE[n]["color"]
        if c.projection and np.nanmin(ratio) >= 1:  # reaches every point: no edge to draw, say it
            axr.text(0.97, 0.04, f"{c.label} (proj.): reaches every point of this plane",
                     transform=axr.transAxes, ha="right", fontsize=6, color=col)
            y0, y1 = axr.get_ylim()
            record(axr, n, f"{c.label} (proj.)", [m2[0], m2[0], m2[-1], m2[-1]], [y0, y1, y1, y0],
                   excluded="inside", projection=True, citation=c.citation, model=curve_model(c),
                   steps=c.steps, style="not drawn: reaches the whole panel (text note)")
        elif c.projection:  # dashed edge where the thermal point is reached (no hatch: the paper's lines)
            if np.nanmax(ratio) >= 1 and np.nanmin(ratio) < 1:
                cs = axr.contour(m2, f, ratio.T, levels=[1.0], colors=[col], linestyles="--",
                                 linewidths=1.4)
                axr.plot([], [], color=col, ls="--", label=f"{c.label} (proj.)")
                _record_contour(axr, cs, c, f"{c.label} (proj.)")
        else:
            cs = _fill_region(axr, m2, f, ratio, col, c.label)
            if cs is not None:
                _record_contour(axr, cs, c, c.label)
    axr.set_title(rf"solar thermal iDM, $\delta = {right['delta_keV'][0]:g}$ keV, "
                  rf"$\alpha_D={paper['alpha_D']:g}$", fontsize=8)
    _figure_legend(fig, (axl, axr))

    numbers = _solar_numbers(ctx, model, p)
    numbers.update(an.fig6_reach(model, left, p, {"thermal_s4m2_vmd": an.old_thermal(model)}))
    numbers.update({
        "grid": {"left": [int(m.size), int(d.size)], "right": [int(m2.size), int(f.size)]},
        "fchi_right_delta_keV": float(right["delta_keV"][0]),
        "rate_scaling_check": "R ~ 1/f_chi at fixed m (thermal sigma v ~ 1/f_chi)",
        "limits": meta, "ldmx": an.ldmx_summary(model, ctx.data), "choices": _choices(ctx),
    })
    # the largest eps_lim/eps_thermal of the drawn LDMX over the plane (< 1: it probes all of it)
    numbers["ldmx_phase2_over_thermal_max"] = float(np.max(numbers["ldmx"]["eps_lim_over_eps_thermal_phase2"]))
    c_left = _long_frame(m, d, "m_chi_MeV", "y", rate=left["rate"])
    c_left.insert(0, "panel", "left_delta_keV")
    c_right = _long_frame(m2, f, "m_chi_MeV", "y", rate=right["rate"])
    c_right.insert(0, "panel", "right_f_chi")
    curves = pd.concat([c_left, c_right], ignore_index=True)
    return FigureResult(fig, numbers, curves, ("panel: left (y = delta [keV]) or right (y = f_chi)",
                                               "m_chi_MeV: [MeV]", "rate: XENON1T events/(t yr), 1-30 keV"))


def fig7(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    scan = ctx.scan("solar_meps")
    m, eps, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    model = _model(ctx)
    a = an.axis(paper["scans"]["malpha"]["alpha_D"])
    fig, (axl, axr) = new_figure(ncols=2, width=4.2, height=3.6)
    levels = _levels(ctx)
    # left: R(m) independent of alpha_D on the thermal line
    axl.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(a[0], a[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\alpha_D$")
    r_th = scan["rate_thermal"][:, 0]
    # labels at alpha_D = 0.05: at the bottom they sat on the NA64 boundary
    _rate_contours(axl, m, a, np.broadcast_to(r_th[:, None], (m.size, a.size)), levels, label_y=0.05)
    meta = _beam_overlays_alpha(axl, ctx, model, m)
    meta[SIDM] = _sidm_overlay(axl, ctx, model, m)
    axl.set_title(rf"solar thermal iDM, $\delta = {deltas[0]:g}$ keV, $m_{{A'}}/m_\chi = "
                  rf"{paper['mA_over_mchi']:g}$", fontsize=8)
    axl.fill_between([], [], [], color=RATE_COLORS[1], label="XENON1T rate (contours 1, 10, 100 /(t yr))")
    # right: non-thermal (m, eps), band 1 <= R <= 100
    axr.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(eps[0], eps[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\varepsilon$")
    rate = scan["rate"][:, 0]
    z = np.log10(np.clip(rate, 1e-300, None))
    lo, hi = np.log10(min(levels)), np.log10(max(levels))
    axr.contourf(m, eps, z.T, levels=[lo, hi], colors=[RATE_COLORS[1]], alpha=0.85, zorder=1)
    cs = axr.contour(m, eps, z.T, levels=np.log10(levels), colors="#08306b", linewidths=0.8, zorder=2)
    _clabel_inside(axr, cs, {v: f"{10 ** v:g}/(t yr)" for v in np.log10(levels)})
    axr.plot(m, scan["eps_thermal_alphaD"], color="k", lw=1.6, label=r"thermal target", zorder=5)
    meta_r = _beam_overlays_eps(axr, ctx, model, m)
    axr.set_title(rf"solar iDM (non-thermal), $\delta = {deltas[0]:g}$ keV, $\alpha_D = "
                  rf"{paper['alpha_D']:g}$", fontsize=8)
    axr.fill_between([], [], [], color=RATE_COLORS[1], label=f"XENON1T {min(levels):g}-{max(levels):g} /(t yr)")
    _figure_legend(fig, (axl, axr))

    numbers = _solar_numbers(ctx, model, p)
    m_a = np.geomspace(10.0, 1000.0, 41)
    a_b = an.alpha_bound(model, ctx.data, m_a)
    numbers.update({
        "thermal_line_probed_to_MeV": numbers[f"m_chi_rate_below_1_delta{p['benchmark_delta_keV']:g}keV_MeV"],
        "thermal_line_probed_to_MeV_s4m2_vmd":
            numbers["thermal_s4m2_vmd"][f"m_chi_rate_below_1_delta{p['benchmark_delta_keV']:g}keV_MeV"],
        "thermal_line_probed_to_note": "thermal rate at delta = benchmark_delta_keV drops below 1/(t yr) "
                                       "(the paper: ~20 MeV in Sec. 4.2, 13 MeV in Sec. 5)",
        "alphaD_bound_10MeV": float(a_b[0]),
        "alphaD_bound_max_10_1000MeV": float(np.max(a_b)),
        "alphaD_bound_note": "largest alpha_D excluded by NA64 2019 / BaBar 2017 on the thermal line",
    })
    # where the thermal line leaves the 1/(t yr) band (paper: "up to ~20 MeV")
    numbers.update({
        f"m_chi_thermal_rate_below_1_delta{deltas[0]:g}keV_scan_MeV": an.crossing_below(m, r_th, 1.0),
        f"m_chi_thermal_rate_below_1_delta{deltas[1]:g}keV_scan_MeV":
            an.crossing_below(m, scan["rate_thermal"][:, 1], 1.0),
        "scaling_R_eps4_m8": "non-thermal R ~ eps^4 m^-8 (sigma_e ~ eps^2 m^-4 for m >> m_e)",
        "grid": {"n_m": int(m.size), "n_eps": int(eps.size), "n_alpha_D": int(a.size)},
        "limits": {"left": meta, "right": meta_r}, "ldmx": an.ldmx_summary(model, ctx.data),
        "choices": _choices(ctx),
    })
    c_r = _long_frame(m, eps, "m_chi_MeV", "eps", rate=rate)
    c_r["rate_thermal_same_m"] = np.repeat(r_th, eps.size)
    return FigureResult(fig, numbers, c_r, ("m_chi_MeV: [MeV]", "eps: kinetic mixing (alpha_D from config)",
                                            "rate: XENON1T events/(t yr), 1-30 keV, non-thermal",
                                            "rate_thermal_same_m: thermal-target rate at this m (left panel)"))


# ----------------------------------------------------------------------------
# Figs. 4 and 5: solar flux spectrum, XENON1T spectrum
# ----------------------------------------------------------------------------
def _choices_solar(paper: dict) -> dict:
    return {
        "thermal_target": "Omega h^2 = 0.120 from the chi chi* coannihilation Boltzmann solve "
                          "(mevdm.early.relic, g* from hazma_sm_dof), <sigma v> thermally averaged "
                          f"({paper['thermal']['average']}, R {paper['thermal']['r_ratio']}; "
                          f"m_A'/m_chi = {paper['mA_over_mchi']}; sigma_e is alpha_D-independent); "
                          "old target (sigma v at s = 4 m^2, VMD R) in thermal_s4m2_vmd",
        "solar_core": "one-zone core with the paper's T, n_e, V; n_chi = n0 v_esc/v0 "
                      f"(v_esc/v0 = {paper['sun']['v_esc_km_s'] / paper['sun']['v0_km_s']:.3f})",
        "eq4_13": "<v^2> = (2 delta mu/m_chi^2) K2(x)/K1(x) (prefactor corrected, spec A5)",
    }


def fig4(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    m = p["m_chi_MeV"]
    model = _model(ctx)
    r = an.fig4_spectrum(model, m, p["delta_keV"])
    r_old = an.fig4_spectrum(an.old_thermal(model), m, p["delta_keV"])
    K, dphi_dK, sigma_e, k_peak = r.pop("K_keV"), r.pop("dphi_dK"), r["sigma_e_cm2"], r["peak_K_keV"]

    fig, ax = new_figure()
    ax.plot(K, dphi_dK, color="C0",
            label=rf"$m_\chi = {m}$ MeV, $\delta = {p['delta_keV']}$ keV")
    ax.axvline(k_peak, color="0.5", ls=":", lw=1)
    ax.text(k_peak * 1.05, dphi_dK.max() * 0.08, r"$K = \mu_{\chi e}\delta/m_\chi$",
            color="0.4", fontsize=8)  # under the curve (at half height it sat on the curve)
    ax.set(xlabel=r"$K_{\chi^*}$ [keV]", ylabel=r"$d\Phi/dK_{\chi^*}$ [cm$^{-2}$ s$^{-1}$ keV$^{-1}$]",
           xlim=(0, 3), ylim=(0, 1.15 * dphi_dK.max()))
    ax.legend(loc="upper right", title=f"thermal: $\\sigma_e$ = {sigma_e:.3g} cm$^2$")
    ax.set_title(rf"$\Phi_{{\chi^*}} = {r['flux_cm2_s']:.0f}$ cm$^{{-2}}$ s$^{{-1}}$", loc="right")

    numbers = {"m_chi_MeV": m, "delta_keV": p["delta_keV"],
               "sigma_e_cm2": r["sigma_e_cm2"], "sigmav_coann_cm3_s": r["sigmav_coann_cm3_s"],
               "x": r["x"], "sigmav_up_cm3_s": r["sigmav_up_cm3_s"],
               "sigmav_up_over_sigma_e_c": r["sigmav_up_over_sigma_e_c"],
               "flux_cm2_s": r["flux_cm2_s"], "peak_K_keV": k_peak,
               "mean_v2_c2": r["mean_v2_c2"], "F_eq4_12": r["F_eq4_12"],
               "F_eq4_13_as_printed": r["F_eq4_13_as_printed"],
               # Eq. 4.12 with the large-splitting limit of Eq. 4.14, <v^2> = 2 delta mu/m^2: sqrt(1 + m^2/mu^2)
               "F_eq4_14_large_splitting": float(np.sqrt(1 + (m / (m * units.M_E / (m + units.M_E))) ** 2)),
               "flux_ratio_eq4_3": r["flux_ratio_eq4_3"], "sigmav_xray_cm3_s": r["sigmav_xray_cm3_s"],
               "boltzmann_large_x": r["boltzmann_large_x"],
               "thermal_s4m2_vmd": {k: r_old[k] for k in ("sigma_e_cm2", "sigmav_coann_cm3_s", "flux_cm2_s",
                                                          "sigmav_up_cm3_s", "sigmav_xray_cm3_s")},
               "paper": paper_values(KEY, "fig4"),
               "choices": _choices_solar(paper)}
    curves = pd.DataFrame({"K_keV": K, "dPhi_dK_per_cm2_s_keV": dphi_dK})
    return FigureResult(fig, numbers, curves,
                        ("K_keV: chi* kinetic energy [keV]",
                         "dPhi_dK_per_cm2_s_keV: flux per kinetic energy [cm^-2 s^-1 keV^-1]"))


def fig5(ctx: FigureContext) -> FigureResult:
    paper, p = ctx.paper, ctx.params
    model = _model(ctx)
    xe = model.xe
    pv = paper_values(KEY, "fig5")
    f_printed = paper_values(KEY, "fig4")["f_eq4_16"]  # F = 8.0, the value Eq. 4.16 prints
    r = an.fig5_spectra(model, p, f_printed, pv["v_esc_over_v0_eq4_16"])
    r_old = an.fig5_spectra(an.old_thermal(model), p, f_printed, pv["v_esc_over_v0_eq4_16"])
    solar_obs, prim_obs = r.pop("solar_obs"), r.pop("prim_obs")
    m_s, m_p = p["solar_m_chi_MeV"], p["primordial_m_chi_MeV"]

    edges, b0 = xe.bin_edges_keV, xe.b0_rate
    fig, ax = new_figure(width=5.5)
    ax.errorbar(xe.bin_centres_keV, xe.observed_rate, yerr=xe.observed_rate_error, fmt="o",
                ms=3.5, color="k", lw=1, label="XENON1T SR1 data")
    ax.stairs(b0, edges, baseline=None, color="0.45", lw=1.6, label=r"$B_0$")
    ax.stairs(b0 + solar_obs, edges, baseline=None, color="C0", lw=1.6,
              label=rf"$B_0$ + solar iDM ($m_\chi={m_s:g}$ MeV, $\delta={p['solar_delta_keV']:g}$ keV)")
    ax.stairs(b0 + prim_obs, edges, baseline=None, color="C3", lw=1.6,
              label=rf"$B_0$ + primordial ($m_\chi={m_p:g}$ MeV, $\delta={p['primordial_delta_keV']:g}$ keV)")
    fit = an.primordial_rate_fit(xe, prim_obs)
    ax.stairs(b0 + prim_obs * fit["rate_best_fit_per_t_yr"] / fit["rate_derived_per_t_yr"], edges,
              baseline=None, color="C3", lw=0.9, ls="--",
              label=rf"$B_0$ + primordial, best-fit rate {fit['rate_best_fit_per_t_yr']:.0f}/(t yr)")
    ax.set(xlabel="Energy [keV]", ylabel=r"Events / (t$\cdot$yr$\cdot$keV)", xlim=(0, 30),
           ylim=(0, 140))
    ax.legend(loc="upper right")

    numbers = {
        "rate_solar_per_t_yr": r["rate_solar_per_t_yr"],
        "rate_solar_true_eta1_per_t_yr": r["rate_solar_true_eta1_per_t_yr"],
        "rate_solar_eq4_15_per_t_yr": r["rate_solar_eq4_15_per_t_yr"],
        "rate_eq4_16_per_t_yr": r["rate_eq4_16_per_t_yr"],
        "rate_primordial_per_t_yr": r["rate_primordial_per_t_yr"],
        "rate_primordial_true_eta1_per_t_yr": r["rate_primordial_true_eta1_per_t_yr"],
        "primordial_line_keV": r["primordial_line_keV"],
        "primordial_fstar": r["primordial_fstar"],
        "primordial_normalisation": {
            **fit, "drawn": "derived",
            "how": (f"derived as in Fig. 2 at this point: alpha_D = {paper['alpha_D']:g}, m_A' = "
                    f"{paper['mA_over_mchi']:g} m_chi, eps on the thermal target "
                    f"({paper['thermal']['average']}, R {paper['thermal']['r_ratio']}), f* = "
                    f"{r['primordial_fstar']:.3g} (spec A3 recipe '{paper['fstar']['method']}'); the paper "
                    "does not state its normalisation. The derived rate lies inside the 2 sigma range of "
                    "the data (rate_max_2sigma_per_t_yr); the dashed curve is the best fit.")},
        "sigma_e_solar_cm2": r["sigma_e_solar_cm2"], "sigma_e_primordial_cm2": r["sigma_e_primordial_cm2"],
        "chi2_B0": r["chi2_B0"],
        "chi2_B0_plus_solar": r["chi2_B0_plus_solar"],
        "chi2_B0_plus_primordial": r["chi2_B0_plus_primordial"],
        "n_bins": int(b0.size),
        "exposure_t_yr": xe.exposure_t_yr,
        "rate_solar_eta1_per_t_yr": r["rate_solar_eta1_per_t_yr"],
        "rate_eq4_15_printed_F_per_t_yr": r["rate_eq4_15_printed_F_per_t_yr"],
        "rate_solar_vesc_v0_printed_per_t_yr": r["rate_solar_vesc_v0_printed_per_t_yr"],
        "rate_solar_eta1_vesc_v0_printed_per_t_yr": r["rate_solar_eta1_vesc_v0_printed_per_t_yr"],
        "v_esc_over_v0": r["v_esc_over_v0"], "F_eq4_12": r["F_eq4_12"],
        "F_eq4_13_as_printed": r["F_eq4_13_as_printed"],
        "solar_rate_variants": "rate_solar_per_t_yr: full calculation (Eq. 4.10, smeared, efficiency, "
                               "1-30 keV); rate_solar_eta1: same without efficiency/smearing; "
                               "rate_eq4_15_printed_F: Eq. 4.15 R = N_T Phi F sigma_e with the printed "
                               "F and v_esc/v0 = 7 and eta = 1 -- the only route to the paper's ~60",
        "thermal_s4m2_vmd": {k: r_old[k] for k in (
            "rate_solar_per_t_yr", "rate_solar_eta1_per_t_yr", "rate_eq4_15_printed_F_per_t_yr",
            "rate_solar_vesc_v0_printed_per_t_yr", "rate_solar_eta1_vesc_v0_printed_per_t_yr",
            "rate_solar_eq4_15_per_t_yr", "rate_primordial_per_t_yr", "primordial_fstar",
            "sigma_e_solar_cm2", "sigma_e_primordial_cm2", "chi2_B0_plus_solar", "chi2_B0_plus_primordial")},
        "paper": pv,
        "choices": {**_choices_solar(paper),
                    "resolution": f"sigma(E) = {ctx.config['xenon1t']['resolution_a_sqrt_keV']} sqrt(E) "
                                  f"+ {ctx.config['xenon1t']['resolution_b']} E (arXiv:2006.09721)",
                    "primordial_normalisation": "see numbers primordial_normalisation; alpha_D, m_A'/m_chi as above, "
                                                "thermal eps, f* from the spec A3 recipe set in "
                                                "config baryakhtar2020.fstar.method",
                    "halo": "SHM, smoothly truncated; v0, v_esc, v_E from config"},
    }
    curves = pd.DataFrame({
        "E_lo_keV": edges[:-1], "E_hi_keV": edges[1:],
        "data_rate": xe.observed_rate, "data_error": xe.observed_rate_error,
        "B0": b0, "solar_iDM": solar_obs, "primordial": prim_obs,
    })
    return FigureResult(fig, numbers, curves,
                        ("rates in events/(t yr keV), smeared and efficiency-weighted",))


# ----------------------------------------------------------------------------
# xenonnt (beyond the paper)
# ----------------------------------------------------------------------------
NT_COLOR = "#1f5fbf"


def _nt_exclusion(ax, x, y, ratio, cl):
    """XENONnT exclusion where ratio = signal / limit > 1: hatched fill and dashed edge."""
    z = np.log10(np.clip(ratio, 1e-300, None)).T
    if np.nanmax(z) > 0:
        ax.contourf(x, y, z, levels=[0, np.inf], colors="none", hatches=["////"], zorder=3)
        ax.contourf(x, y, z, levels=[0, np.inf], colors=[NT_COLOR], alpha=0.15, zorder=3)
        ax.contour(x, y, z, levels=[0], colors=NT_COLOR, linestyles="--", linewidths=1.4, zorder=4)
        with np.errstate(divide="ignore"):
            record_level(ax, "xenonnt_excluded_edge", f"XENONnT {cl:.0%} CL edge: signal = its limit", x, y,
                         np.log10(np.clip(ratio, 1e-300, None)), 0.0, style="dashed blue contour, hatched inside")
    ax.fill_between([], [], color=NT_COLOR, alpha=0.3, label=f"XENONnT 2022 {cl:.0%} CL excluded (beyond the paper)")


def xenonnt(ctx: FigureContext) -> FigureResult:
    p = ctx.params
    cl = ctx.config["xenonnt"]["cl"]
    model = _model(ctx)
    r = xenonnt_sr0.xenonnt_confrontation(model, ctx.config, ctx.data, p)
    det, b = r["det"], r["benchmark"]
    fig, axes = new_figure(ncols=2, nrows=2, layout="constrained")
    (a1, a2), (a3, a4) = axes
    # (a) (m, delta), thermal f = 1
    m, d = r["m_chi_MeV"], r["delta_keV"]
    a1.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(d[0], d[-1]), xlabel=r"$m_\chi$ [MeV]",
           ylabel=r"$\delta$ [keV]")
    _nt_exclusion(a1, m, d, r["thermal_over_limit_mdelta"], cl)
    a1.plot(b["m_chi_MeV"], b["delta_keV"], "*", color="gold", mec="k", ms=10, label="benchmark", zorder=5)
    a1.set_title(r"thermal, $f_\chi = 1$ (Fig. 6 left plane)", fontsize=8)
    a1.legend(fontsize=5.5, loc="lower right")
    # (b) (m, f_chi) at the benchmark delta
    mf, f = r["fchi_m_chi_MeV"], r["f_chi"]
    a2.set(xscale="log", yscale="log", xlim=(mf[0], mf[-1]), ylim=(f[0], f[-1]), xlabel=r"$m_\chi$ [MeV]",
           ylabel=r"$f_\chi$")
    _nt_exclusion(a2, mf, f, r["rate_over_limit_mfchi"], cl)
    a2.set_title(rf"thermal for $\Omega h^2 = 0.12 f_\chi$, $\delta$ = {b['delta_keV']:g} keV (Fig. 6 right plane)",
                 fontsize=7)
    a2.legend(fontsize=5.5, loc="upper right")
    # (c) (m, eps) at alpha_D: the thermal line and the limit
    m7 = r["line_m_chi_MeV"]
    a3.set(xscale="log", yscale="log", xlim=(m7[0], m7[-1]), ylim=(1e-6, 1e-2), xlabel=r"$m_\chi$ [MeV]",
           ylabel=r"$\varepsilon$")
    a3.plot(m7, r["eps_thermal"], color="k", lw=1.6, label="thermal target")
    a3.plot(m7, r["eps_limit"], "--", color=NT_COLOR, lw=1.6, label=f"XENONnT 2022 {cl:.0%} CL (beyond the paper)")
    a3.fill_between(m7, r["eps_limit"], 1e-2, color=NT_COLOR, alpha=0.12, lw=0)
    a3.set_title(rf"$\alpha_D$ = {model.alpha_D:g}, $\delta$ = {b['delta_keV']:g} keV (Fig. 7 right plane)", fontsize=8)
    a3.legend(fontsize=5.5, loc="lower right")
    # (d) the benchmark on the data
    edges, _ = data_and_background(a4, det, "XENONnT SR0 (433 events)")
    tot = det.b0_rate + r["benchmark_signal"]
    a4.step(edges, np.append(tot, tot[-1]), where="post", color="C3",
            label=rf"$B_0$ + $\chi^*$ ({b['m_chi_MeV']:g} MeV, {b['delta_keV']:g} keV, thermal)")
    a4.set(xlim=(0, 30), ylim=(0, 60), xlabel="Energy [keV]", ylabel="Events / (t yr keV)")
    a4.set_title(rf"benchmark: $\Delta\chi^2$ = {b['delta_chi2']:.1f} ({'excluded' if b['excluded'] else 'allowed'})",
                 fontsize=8)
    a4.legend(fontsize=5.5, loc="upper right")
    limits = ctx.limits
    x = ctx.config["xenonnt"]
    excl = r["thermal_over_limit_mdelta"] > 1
    numbers = {
        "benchmark": b | {"verdict": "excluded" if b["excluded"] else "allowed"},
        "thermal_line_delta_keV": b["delta_keV"],
        "fraction_of_thermal_line_excluded_log_m": r["fraction_of_line_excluded_log_m"],
        "thermal_line_excluded_m_chi_MeV": r["line_excluded_m_chi_MeV"],
        "thermal_line_range_m_chi_MeV": [float(m7[0]), float(m7[-1])],
        "fraction_of_mdelta_plane_excluded": float(excl.mean()),
        "largest_excluded_m_chi_MeV_mdelta": float(m[excl.any(axis=1)].max()) if excl.any() else None,
        "excluded_delta_range_keV_mdelta": ([float(d[excl.any(axis=0)].min()), float(d[excl.any(axis=0)].max())]
                                            if excl.any() else None),
        "largest_excluded_m_chi_MeV_at_f_chi": {
            f"{fv:g}": an.largest_above(mf, r["rate_over_limit_mfchi"][:, int(np.argmin(abs(np.log(f / fv))))], 1.0)
            for fv in (1.0, 0.1, 0.01, 1e-3, 1e-4)},
        "likelihood": {"statistic": "q = -2 ln[L(B0 + signal)/L(best signal >= 0)], Delta chi^2 with 1 dof; "
                                    "excluded if > chi^2_1 quantile", "cl": cl, "resolution": x["resolution"],
                       "likelihood": x["likelihood"], "background": x["background"]},
        "limits_drawn": list(limits),
        "paper_rate_benchmark_per_t_yr": paper_values(KEY, "fig5")["rate_solar_benchmark"],
    }
    curves = pd.DataFrame({"m_chi_MeV": m7, "eps_thermal": r["eps_thermal"], "eps_limit": r["eps_limit"],
                           "sigma_e_thermal_cm2": r["sigma_e_thermal_cm2"],
                           "sigma_e_limit_cm2": r["sigma_e_limit_cm2"]})
    spec_frame = pd.DataFrame({"E_keV": det.bin_centres_keV, "observed_rate": det.observed_rate,
                               "observed_rate_error": det.observed_rate_error, "B0_rate": det.b0_rate,
                               "signal_benchmark": r["benchmark_signal"]})
    frame = pd.concat([curves, spec_frame], axis=1)
    return FigureResult(fig, numbers, frame, (
        f"m_chi_MeV: MeV; eps_*: kinetic mixing at alpha_D = {model.alpha_D:g}; sigma_e_*: cm^2 "
        f"(XENONnT {cl:.0%} CL limit, delta = {b['delta_keV']:g} keV)",
        "observed_rate, B0_rate, signal_benchmark: events/(t yr keV), XENONnT SR0 1-keV bins"))
