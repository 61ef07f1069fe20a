"""Parameter-plane figures 1, 2, 3, 6, 7 of Baryakhtar, Berlin, Liu, Weiner, arXiv:2006.13918
(spec paper-003-004 A2-A9).  The maps come from the chunked scans of mevdm.papers.baryakhtar2020.analysis
(rule baryakhtar2020_scan_chunk); constraint curves from mevdm.constraints.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mevdm.early import excited_fraction
from mevdm.papers.baryakhtar2020 import analysis as inelastic_scans
from mevdm.constraints import library
from mevdm.constraints import computed as cc
from mevdm.astro.halo import StandardHalo
from mevdm.models import inelastic, inelastic_thermal
from mevdm.core.plotting import new_figure
from mevdm.early.relic import default_cosmology
from mevdm.core.units import keV
from mevdm.papers import FigureContext, FigureResult

KEY = "baryakhtar2020"
BEAM = ["NA64_2019", "BaBar_2017"]
PROJ = ["LDMX_projection", "BelleII_projection"]
SIDM = "SIDM_dark_photon"
STYLE = {"NA64_2019": dict(color="0.35"), "BaBar_2017": dict(color="0.55"),
         "LDMX_projection": dict(color="C3"), "BelleII_projection": dict(color="C2")}
RATE_COLORS = ["#c6dbef", "#6baed6", "#2171b5"]


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def _scan(ctx: FigureContext, name: str) -> dict:
    return ctx.scan(name)


def _levels(ctx) -> list[float]:
    return list(ctx.params.get("rate_levels_per_t_yr", [1.0, 10.0, 100.0]))


def _rate_contours(ax, x, y, rate, levels, label_prefix="XENON1T"):
    """Filled blue contours R >= each level (paper: >~1, >~10, >~100 /(t yr)) with edges."""
    z = np.log10(np.clip(rate, 1e-300, None))
    lv = np.log10(levels)
    ax.contourf(x, y, z.T, levels=list(lv) + [max(z.max(), lv[-1]) + 1], colors=RATE_COLORS,
                alpha=0.85, zorder=1)
    cs = ax.contour(x, y, z.T, levels=lv, colors="#08306b", linewidths=0.8, zorder=2)
    ax.clabel(cs, fmt={v: rf"$\gtrsim${10 ** v:g}/(t yr)" for v in lv}, fontsize=6)
    return cs


def _limits(ctx, names, plane="chi_eps"):
    lib = library(store=ctx.data, config=ctx.config)
    r = ctx.paper["mA_over_mchi"]
    return {n: lib.get(n).curve(plane, mA_over_mchi=r) for n in names}


def _eps_limit_on(curve, m):
    """Limit eps(m) interpolated log-log on a mass grid; inf (no limit) outside the curve."""
    lm, lc = np.log(curve.mass_MeV), np.log(curve.coupling)
    order = np.argsort(lm)
    out = np.exp(np.interp(np.log(m), lm[order], lc[order]))
    return np.where((m >= curve.mass_MeV.min()) & (m <= curve.mass_MeV.max()), out, np.inf)


def _alpha_limit(ctx, curve, m):
    """Beam limit in the thermal (m_chi, alpha_D) plane: excluded alpha_D < alpha_ref (eps_th/eps_lim)^2
    (eps_th^2 alpha_D fixed on the thermal line; missing-energy limits on eps are alpha_D-free)."""
    th = ctx.paper.get("thermal", {})
    eps_th = inelastic_thermal.thermal_eps(m, 1.0, ctx.paper["mA_over_mchi"],
                                           hadrons=th.get("hadrons", True),
                                           cosmo=default_cosmology(ctx.data))
    return eps_th**2 / _eps_limit_on(curve, m) ** 2


def _draw_limit(ax, x, y, label, projection, color, excluded="above", ytop=None, ybot=None):
    ok = np.isfinite(y) & (y > 0)
    if not ok.any():
        return
    ls = "--" if projection else "-"
    ax.plot(x[ok], y[ok], ls=ls, color=color, lw=1.4, label=label, zorder=4)
    if not projection:
        lo, hi = ax.get_ylim()
        edge = (ytop or hi) if excluded == "above" else (ybot or lo)
        ax.fill_between(x[ok], y[ok], edge, color=color, alpha=0.3, lw=0, zorder=3)
        ax.set_ylim(lo, hi)


def _beam_overlays_eps(ax, ctx, m_plot):
    curves = _limits(ctx, BEAM + PROJ)
    for n, c in curves.items():
        y = _eps_limit_on(c, m_plot)
        y = np.where(np.isfinite(y), y, np.nan)
        _draw_limit(ax, m_plot, y, c.label.split(" (")[0], c.projection, STYLE[n]["color"])
    return {n: c.meta() for n, c in curves.items()}


def _beam_overlays_alpha(ax, ctx, m_plot):
    curves = _limits(ctx, BEAM + PROJ)
    for n, c in curves.items():
        y = _alpha_limit(ctx, c, m_plot)
        y = np.where(y > 0, y, np.nan)
        _draw_limit(ax, m_plot, y, c.label.split(" (")[0], c.projection, STYLE[n]["color"],
                    excluded="below")
    return {n: c.meta() for n, c in curves.items()}


def _sidm_overlay(ax, ctx, m_plot):
    lib = library(store=ctx.data, config=ctx.config)
    c = lib.get(SIDM).curve("alphaD", mA_over_mchi=ctx.paper["mA_over_mchi"], mass_MeV=m_plot)
    _draw_limit(ax, c.mass_MeV, c.coupling, "SIDM", False, "0.2")
    return c.meta()


def _cmb_mask(scan, j, method="semi"):
    """f* sigma v(chi chi* -> ll) / CMB bound (Eq. 3.7 text; >1 excluded) on the scan grid."""
    m = scan["m_chi_MeV"][:, None]
    return scan[f"fstar_{method}"][:, j] * scan["sigmav_ll_cm3_s"] / cc.coannihilation_sigmav_max_cm3_s(m, 1.0)


def _fill_region(ax, x, y, z, color="0.5", label=None, alpha=0.35, hatch=None):
    """Shade z >= 1 on the grid (z indexed [x, y]); optional hatch keeps what lies below visible."""
    if np.nanmax(z) < 1:
        return
    ax.contourf(x, y, z.T, levels=[1.0, np.inf], colors=[color], alpha=alpha, zorder=3,
                hatches=[hatch])
    ax.contour(x, y, z.T, levels=[1.0], colors=[color], linewidths=1.2, zorder=3)
    if label:
        ax.fill_between([], [], [], color=color, alpha=alpha, hatch=hatch, label=label)


def _figure_legend(fig, axes, ncol=5):
    """One legend below the panels (unique labels of all axes)."""
    seen = {}
    for ax in np.atleast_1d(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(lab, h)
    fig.legend(list(seen.values()), list(seen.keys()), loc="upper center", ncol=ncol,
               bbox_to_anchor=(0.5, 0.0), fontsize=7, frameon=False)


def _crossing_below(m, rate, level):
    """Smallest m beyond which rate < level (log interpolation); None if never below."""
    below = np.flatnonzero(rate < level)
    if below.size == 0:
        return None
    k = below[0]
    if k == 0:
        return float(m[0])
    lr = np.log(rate[k - 1:k + 1])
    lm = np.log(m[k - 1:k + 1])
    return float(np.exp(lm[0] + (np.log(level) - lr[0]) * (lm[1] - lm[0]) / (lr[1] - lr[0])))


def _long_frame(x, y, xname, yname, **cols):
    X, Y = np.meshgrid(x, y, indexing="ij")
    data = {xname: X.ravel(), yname: Y.ravel()}
    data.update({k: np.asarray(v).ravel() for k, v in cols.items()})
    return pd.DataFrame(data)


def _fstar_method(ctx) -> str:
    return ctx.paper.get("fstar", {}).get("method", "semi")


def _choices(ctx) -> dict:
    p = ctx.paper
    return {
        "thermal_target": "relic Boltzmann solve (mevdm.relic), chi and chi* Majorana g=2 each, "
                          "<sigma v>_eff = sigma v(chi chi*)/2, s-wave at s = 4 m^2; "
                          f"hadrons={p.get('thermal', {}).get('hadrons', True)} (VMD R-ratio model, "
                          "no PDG table in the registry)",
        "fstar": f"figures use recipe '{_fstar_method(ctx)}' (spec A3 (a) semi-analytic baseline); "
                 "the rate-equation value is stored beside",
        "primordial_rate": "Eq. 3.9 with eta(E_R) applied in true recoil energy (no smearing), "
                           "SHM halo from config; R = f* sigma_e U(m, delta)",
        "solar_rate": "Eq. 4.10 one-zone core, smeared + efficiency, 1-30 keV",
        "cmb": "f* sigma v(chi chi* -> l l) < 1 pb c (m/60 GeV), thermal eps, f* as the paper writes it",
        "sidm": "library SIDM_dark_photon proxy sigma = 4 pi C alpha_D^2 m^2/m_A'^4 (C = 1, OPEN)",
        "beam_limits": "NA64 2019, BaBar 2017 (DarkCast), LDMX and Belle II projections via "
                       "mevdm.constraints in (m_chi, eps) with m_A' = 3 m_chi; in alpha_D planes "
                       "excluded alpha_D < (eps_th(alpha_D=1)/eps_lim)^2",
    }


# ----------------------------------------------------------------------------
# Fig. 1: f* in (m_chi, alpha_D)
# ----------------------------------------------------------------------------
def fig1(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    scan = _scan(ctx, "malpha")
    m, a, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    key = "fstar_semi" if _fstar_method(ctx) == "semi" else "fstar_ode"
    levels = list(p.get("fstar_levels_log10", [-12, -10, -8, -6, -4, -2, -1]))
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
        _fill_region(ax, m, a, _cmb_mask(scan, j, _fstar_method(ctx)), "0.3", "CMB", alpha=0.25,
                     hatch="//")
        _sidm_overlay(ax, ctx, m)
        ax.set_title(rf"$f_*$, $\delta = {d:g}$ keV, $m_{{A'}}/m_\chi = {paper['mA_over_mchi']:g}$",
                     fontsize=9)
        ax.text(0.97, 0.04, r"$\Omega_\chi h^2 = 0.12$ everywhere ($\varepsilon$ thermal)",
                transform=ax.transAxes, color="darkcyan", fontsize=7, ha="right",
                bbox=dict(facecolor="white", alpha=0.8, lw=0))
    _figure_legend(fig, axes)
    cb = fig.colorbar(cf, ax=axes.tolist(), label=r"$\log_{10} f_*$", shrink=0.9)
    cb.set_ticks(levels + [0.0])

    # numbers at the spec C#9 points, computed directly (not interpolated)
    mr = np.asarray(p.get("report_m_chi_MeV", [1.0, 3.0, 100.0, 1000.0]), float)
    th = paper.get("thermal", {})
    cosmo = default_cosmology(ctx.data)
    eps = inelastic_thermal.thermal_eps(mr, paper["alpha_D"], paper["mA_over_mchi"],
                                        hadrons=th.get("hadrons", True), cosmo=cosmo)
    fs = paper.get("fstar", {})
    fs_kw = {k2: fs[k1] for k1, k2 in (("T_start_over_m", "t_start_over_m"),
                                        ("T_end_MeV", "T_end_MeV"), ("step_lnT", "step_lnT"))
             if k1 in fs}
    rep = {d: excited_fraction.excited_fraction(mr, d * keV, eps, paper["alpha_D"],
                                                paper["mA_over_mchi"], cosmo=cosmo, **fs_kw)
           for d in (3.0, 100.0)}
    r3 = rep[3.0]
    numbers = {
        "fstar_delta3keV_alphaD0p5": {"m_chi_MeV": mr, "fstar": r3.fstar(_fstar_method(ctx)),
                                      "fstar_semi": r3.fstar_semi, "fstar_ode": r3.fstar_ode,
                                      "spec_C9_semi": [5.1e-11, 2.0e-9, 1.8e-4, 0.11]},
        "fstar_delta100keV_alphaD0p5": {"m_chi_MeV": mr, "fstar_semi": rep[100.0].fstar_semi,
                                        "fstar_ode": rep[100.0].fstar_ode},
        "T_kin_keV_alphaD0p5": {"m_chi_MeV": mr, "T_kin_keV": r3.T_kin_MeV / keV},
        "T_chem_over_delta_delta3keV": r3.T_chem_MeV / (3.0 * keV),
        "eps_thermal_alphaD0p5": eps,
        "ode_over_semi_range_delta3keV": [float(np.min(scan["fstar_ode"][:, 0] / scan["fstar_semi"][:, 0])),
                                          float(np.max(scan["fstar_ode"][:, 0] / scan["fstar_semi"][:, 0]))],
        "grid": {"n_m": int(m.size), "n_alpha_D": int(a.size)},
        "paper": {"fstar_MeV": 1e-9, "fstar_GeV": 0.1},
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
def _primordial_panels(ctx, scan, plane):
    paper = ctx.paper
    m, y, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    fig, axes = new_figure(ncols=len(deltas), width=4.2, height=3.6)
    axes = np.atleast_1d(axes)
    for j, (ax, d) in enumerate(zip(axes, deltas)):
        ylabel = r"$\varepsilon$" if plane == "eps" else r"$\alpha_D$"
        ax.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(y[0], y[-1]),
               xlabel=r"$m_\chi$ [MeV]", ylabel=ylabel)
        _rate_contours(ax, m, y, scan[key][:, j], _levels(ctx))
        _fill_region(ax, m, y, _cmb_mask(scan, j, _fstar_method(ctx)), "0.3", "CMB", alpha=0.25,
                     hatch="//")
        if plane == "eps":
            ax.plot(m, scan["eps_thermal_alphaD"], color="k", lw=1.6, label=r"$\Omega_\chi h^2=0.12$",
                    zorder=5)
            meta = _beam_overlays_eps(ax, ctx, m)
        else:
            meta = _beam_overlays_alpha(ax, ctx, m)
            meta[SIDM] = _sidm_overlay(ax, ctx, m)
        title = (rf"primordial iDM, $\delta = {d:g}$ keV, $\alpha_D = {paper['alpha_D']:g}$"
                 if plane == "eps" else rf"primordial thermal iDM, $\delta = {d:g}$ keV")
        ax.set_title(title + rf", $m_{{A'}}/m_\chi = {paper['mA_over_mchi']:g}$", fontsize=8)
        ax.fill_between([], [], [], color=RATE_COLORS[0], label=r"XENON1T $\gtrsim 1$/(t yr)")
        ax.fill_between([], [], [], color=RATE_COLORS[2], label=r"XENON1T $\gtrsim 100$/(t yr)")
    _figure_legend(fig, axes)
    return fig, meta


def _rate_at(scan, key, j, m0, y0):
    """Bilinear interpolation in log space of a scan map at (m0, y0)."""
    from scipy.interpolate import RegularGridInterpolator
    f = RegularGridInterpolator((np.log(scan["m_chi_MeV"]), np.log(scan["y"])),
                                np.log(scan[key][:, j]))
    return float(np.exp(f([[np.log(m0), np.log(y0)]])[0]))


def fig2(ctx: FigureContext) -> FigureResult:
    paper = ctx.paper
    scan = _scan(ctx, "meps")
    fig, meta = _primordial_panels(ctx, scan, "eps")
    # Eq. 3.11 normalisation: f* = 1, delta = 1 keV, y = 1e-10, m = 100 MeV, eta = 1
    r = paper["mA_over_mchi"]
    eps311 = np.sqrt(1e-10 / paper["alpha_D"]) * r**2
    se311 = inelastic.sigma_e_cm2(100.0, eps311, paper["alpha_D"], r * 100.0)
    xe = inelastic_scans.Xenon1TSR1.load(ctx.data, **ctx.config["xenon1t"])
    halo = StandardHalo(**paper["halo"], rho_GeV_cm3=paper["rho0_GeV_cm3"])
    norm = float(inelastic_scans.primordial_unit_rate(100.0, 1 * keV, xe, halo, efficiency=False)[0]
                 * se311)
    th = paper.get("thermal", {})
    cosmo = default_cosmology(ctx.data)
    m_rep = np.array([3.0, 10.0, 30.0, 100.0, 300.0, 1000.0])
    eps_rep = inelastic_thermal.thermal_eps(m_rep, paper["alpha_D"], r,
                                            hadrons=th.get("hadrons", True), cosmo=cosmo)
    eps_lep = inelastic_thermal.thermal_eps(m_rep, paper["alpha_D"], r, hadrons=False, cosmo=cosmo)
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    on_line = {}
    for j, d in enumerate(scan["delta_keV"]):
        on_line[f"delta{d:g}keV"] = [_rate_at(scan, key, j, mm, ee) for mm, ee in zip(m_rep, eps_rep)]
    numbers = {
        "thermal_eps_100MeV_alphaD0p5": float(inelastic_thermal.thermal_eps(
            100.0, 0.5, r, hadrons=th.get("hadrons", True), cosmo=cosmo)),
        "eq3_11_norm_per_t_yr": norm,
        "thermal_eps_alphaD": {"m_chi_MeV": m_rep, "eps": eps_rep, "eps_leptons_only": eps_lep},
        "rate_on_thermal_line_per_t_yr": {"m_chi_MeV": m_rep, **on_line,
                                          "spec_A4_delta3keV": [43, 68, 99, 133, 66, 43]},
        "paper": {"thermal_eps_100MeV_alphaD0p5": 1e-4, "eq3_11_norm_per_t_yr": 1e6},
        "grid": {"n_m": int(scan["m_chi_MeV"].size), "n_eps": int(scan["y"].size)},
        "limits": meta,
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
    scan = _scan(ctx, "malpha")
    fig, meta = _primordial_panels(ctx, scan, "alpha")
    key = "rate_semi" if _fstar_method(ctx) == "semi" else "rate_ode"
    rep = {}
    for j, d in enumerate(scan["delta_keV"]):
        for a in (0.01, 0.1, 0.5, 1.0):
            rep[f"delta{d:g}keV_alphaD{a:g}"] = {
                "m_chi_MeV": [3.0, 30.0, 300.0],
                "rate": [_rate_at(scan, key, j, mm, a) for mm in (3.0, 30.0, 300.0)]}
    numbers = {
        "rate_per_t_yr": rep,
        "spec_A4": {"alphaD1": {"3MeV": 11, "30MeV": 26, "300MeV": 19}, "alphaD_le_0p1": ">~1e3"},
        "grid": {"n_m": int(scan["m_chi_MeV"].size), "n_alpha_D": int(scan["y"].size)},
        "limits": meta,
        "choices": _choices(ctx),
    }
    cols = {f"rate_d{d:g}keV": scan[key][:, j] for j, d in enumerate(scan["delta_keV"])}
    curves = _long_frame(scan["m_chi_MeV"], scan["y"], "m_chi_MeV", "alpha_D", **cols)
    return FigureResult(fig, numbers, curves, ("m_chi_MeV: [MeV]", "alpha_D: dark coupling",
                                               "rate_*: XENON1T events/(t yr)"))


# ----------------------------------------------------------------------------
# Figs. 6 and 7: solar up-scatter rate
# ----------------------------------------------------------------------------
def _thermal_solar_curve(ctx, m, delta_keV):
    """Thermal-target solar rate R(m) [events/(t yr)], f_chi = 1 (any alpha_D)."""
    paper = ctx.paper
    sctx = inelastic_scans.ScanContext(ctx.config, ctx.data)
    unit = inelastic_scans.solar_unit_rate(m, delta_keV * keV, sctx.xe, sctx.sun, sctx.rho0, sctx.n_K)
    return unit * sctx.thermal_sigma_e(m) ** 2, sctx


def _solar_numbers(ctx, p):
    m_b, d_b = p.get("benchmark_m_chi_MeV", 3.7), p.get("benchmark_delta_keV", 3.5)
    d_c = p.get("crossing_delta_keV", 3.0)
    m_fine = np.geomspace(1.0, 100.0, 241)
    r_c, sctx = _thermal_solar_curve(ctx, m_fine, d_c)
    r_b, _ = _thermal_solar_curve(ctx, np.array([m_b]), d_b)
    r_p, _ = _thermal_solar_curve(ctx, m_fine, d_b)
    out = {
        "rate_benchmark_per_t_yr": float(r_b[0]),
        "benchmark": {"m_chi_MeV": m_b, "delta_keV": d_b},
        f"m_chi_rate_below_1_delta{d_c:g}keV_MeV": _crossing_below(m_fine, r_c, 1.0),
        f"m_chi_rate_below_10_delta{d_c:g}keV_MeV": _crossing_below(m_fine, r_c, 10.0),
        f"m_chi_rate_below_100_delta{d_c:g}keV_MeV": _crossing_below(m_fine, r_c, 100.0),
        f"m_chi_rate_below_1_delta{d_b:g}keV_MeV": _crossing_below(m_fine, r_p, 1.0),
        f"m_chi_rate_below_10_delta{d_b:g}keV_MeV": _crossing_below(m_fine, r_p, 10.0),
        "paper": {"rate_benchmark_per_t_yr": 60, "fig6_R100_below_m_MeV": 5,
                  "fig7_thermal_probed_up_to_m_MeV": 20, "fig6_detectable_up_to": "delta ~10 keV, m ~13 MeV"},
    }
    return out, sctx


def fig6(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    left, right = _scan(ctx, "solar_mdelta"), _scan(ctx, "solar_mfchi")
    fig, (axl, axr) = new_figure(ncols=2, width=4.2, height=3.6)
    curves_eps = _limits(ctx, ["NA64_2019", "LDMX_projection"])
    # left
    m, d = left["m_chi_MeV"], left["y"]
    axl.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(d[0], d[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\delta$ [keV]")
    _rate_contours(axl, m, d, left["rate"], _levels(ctx))
    meta = {}
    for n, c in curves_eps.items():
        ratio = left["eps_thermal_alphaD"] / _eps_limit_on(c, m)  # > 1: thermal point excluded/probed
        excl = m[ratio > 1]
        meta[n] = c.meta()
        if not excl.size:
            meta[n]["note"] = "does not reach the thermal target (alpha_D from config) in this mass range"
            axl.text(0.97, 0.04 + 0.06 * list(curves_eps).index(n),
                     f"{c.label}: thermal target not reached", transform=axl.transAxes,
                     ha="right", fontsize=6, color=STYLE[n]["color"])
        else:
            col = STYLE[n]["color"]
            if c.projection:
                axl.axvline(excl.max(), color=col, ls="--", lw=1.4, label=f"{c.label} (proj.)")
            else:
                axl.axvspan(excl.min(), excl.max(), color=col, alpha=0.35, lw=0, label=c.label)
    axl.set_title(rf"solar thermal iDM, $\alpha_D={paper['alpha_D']:g}$, $m_{{A'}}/m_\chi = "
                  rf"{paper['mA_over_mchi']:g}$", fontsize=8)
    axl.fill_between([], [], [], color=RATE_COLORS[1], label="XENON1T rate (contours 1, 10, 100 /(t yr))")
    # right
    m2, f = right["m_chi_MeV"], right["y"]
    axr.set(xscale="log", yscale="log", xlim=(m2[0], m2[-1]), ylim=(f[0], f[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$f_\chi$")
    _rate_contours(axr, m2, f, right["rate"], _levels(ctx))
    for n, c in curves_eps.items():
        lim = _eps_limit_on(c, m2)[:, None]
        ratio = np.where(np.isfinite(lim), right["eps_thermal_alphaD"] / lim, np.nan)
        col = STYLE[n]["color"]
        if c.projection:
            if np.nanmax(ratio) >= 1 and np.nanmin(ratio) < 1:
                axr.contour(m2, f, ratio.T, levels=[1.0], colors=[col], linestyles="--", linewidths=1.4)
                axr.plot([], [], color=col, ls="--", label=f"{c.label} (proj.)")
        else:
            _fill_region(axr, m2, f, ratio, col, c.label)
    axr.set_title(rf"solar thermal iDM, $\delta = {right['delta_keV'][0]:g}$ keV, "
                  rf"$\alpha_D={paper['alpha_D']:g}$", fontsize=8)
    _figure_legend(fig, (axl, axr))

    numbers, _ = _solar_numbers(ctx, p)
    numbers.update({
        "grid": {"left": [int(m.size), int(d.size)], "right": [int(m2.size), int(f.size)]},
        "fchi_right_delta_keV": float(right["delta_keV"][0]),
        "rate_scaling_check": "R ~ 1/f_chi at fixed m (thermal sigma v ~ 1/f_chi)",
        "limits": meta, "choices": _choices(ctx),
    })
    c_left = _long_frame(m, d, "m_chi_MeV", "y", rate=left["rate"])
    c_left.insert(0, "panel", "left_delta_keV")
    c_right = _long_frame(m2, f, "m_chi_MeV", "y", rate=right["rate"])
    c_right.insert(0, "panel", "right_f_chi")
    curves = pd.concat([c_left, c_right], ignore_index=True)
    return FigureResult(fig, numbers, curves, ("panel: left (y = delta [keV]) or right (y = f_chi)",
                                               "m_chi_MeV: [MeV]", "rate: XENON1T events/(t yr), 1-30 keV"))


def fig7(ctx: FigureContext) -> FigureResult:
    p, paper = ctx.params, ctx.paper
    scan = _scan(ctx, "solar_meps")
    m, eps, deltas = scan["m_chi_MeV"], scan["y"], scan["delta_keV"]
    sc = paper["scans"]["malpha"] if "malpha" in paper.get("scans", {}) else None
    a = (inelastic_scans.axis(sc["alpha_D"]) if sc else np.geomspace(1e-3, 1, 100))
    fig, (axl, axr) = new_figure(ncols=2, width=4.2, height=3.6)
    levels = _levels(ctx)
    # left: R(m) independent of alpha_D on the thermal line
    axl.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(a[0], a[-1]),
            xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\alpha_D$")
    r_th = scan["rate_thermal"][:, 0]
    _rate_contours(axl, m, a, np.broadcast_to(r_th[:, None], (m.size, a.size)), levels)
    meta = _beam_overlays_alpha(axl, ctx, m)
    meta[SIDM] = _sidm_overlay(axl, ctx, m)
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
    axr.clabel(cs, fmt={v: f"{10 ** v:g}/(t yr)" for v in np.log10(levels)}, fontsize=6)
    axr.plot(m, scan["eps_thermal_alphaD"], color="k", lw=1.6, label=r"thermal target", zorder=5)
    meta_r = _beam_overlays_eps(axr, ctx, m)
    axr.set_title(rf"solar iDM (non-thermal), $\delta = {deltas[0]:g}$ keV, $\alpha_D = "
                  rf"{paper['alpha_D']:g}$", fontsize=8)
    axr.fill_between([], [], [], color=RATE_COLORS[1], label=f"XENON1T {min(levels):g}-{max(levels):g} /(t yr)")
    _figure_legend(fig, (axl, axr))

    numbers, _ = _solar_numbers(ctx, p)
    # where the thermal line leaves the 1/(t yr) band (paper: "up to ~20 MeV")
    numbers.update({
        f"m_chi_thermal_rate_below_1_delta{deltas[0]:g}keV_scan_MeV": _crossing_below(m, r_th, 1.0),
        f"m_chi_thermal_rate_below_1_delta{deltas[1]:g}keV_scan_MeV":
            _crossing_below(m, scan["rate_thermal"][:, 1], 1.0),
        "scaling_R_eps4_m8": "non-thermal R ~ eps^4 m^-8 (sigma_e ~ eps^2 m^-4 for m >> m_e)",
        "grid": {"n_m": int(m.size), "n_eps": int(eps.size), "n_alpha_D": int(a.size)},
        "limits": {"left": meta, "right": meta_r}, "choices": _choices(ctx),
    })
    c_r = _long_frame(m, eps, "m_chi_MeV", "eps", rate=rate)
    c_r["rate_thermal_same_m"] = np.repeat(r_th, eps.size)
    return FigureResult(fig, numbers, c_r, ("m_chi_MeV: [MeV]", "eps: kinetic mixing (alpha_D from config)",
                                            "rate: XENON1T events/(t yr), 1-30 keV, non-thermal",
                                            "rate_thermal_same_m: thermal-target rate at this m (left panel)"))
