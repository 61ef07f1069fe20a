"""Cross-paper figures: the constraint gallery (every limit in every plane the papers need)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mevdm.constraints import library, overlay, planes_from_config, read_curve
from mevdm.constraints.workflow import constraint_output
from mevdm.core.plotting import new_figure
from mevdm.figure import FigureContext, FigureResult

KEY = "all"

# Default log-axis ranges per plane kind (config constraints.gallery.ranges overrides per plane name).
DEFAULT_RANGES = {
    "dark_photon": {"x": [1.0e-7, 1.0e4], "y": [1.0e-16, 1.0]},
    "vector_ge": {"x": [1.0e-4, 1.0e4], "y": [1.0e-16, 1.0]},
    "scalar_ge": {"x": [1.0e-4, 1.0e4], "y": [1.0e-7, 1.0e-1]},
    "pseudoscalar_ge": {"x": [1.0e-1, 1.0e4], "y": [1.0e-9, 1.0e-1]},
    "chi_eps": {"x": [0.3, 3.0e3], "y": [1.0e-6, 1.0]},
    "y": {"x": [0.3, 3.0e3], "y": [1.0e-15, 1.0e-5]},
    "sigma_e": {"x": [0.3, 3.0e3], "y": [1.0e-48, 1.0e-32]},
    "alphaD": {"x": [1.0, 1.0e3], "y": [1.0e-3, 10.0]},
    "alp_chi": {"x": [1.0, 100.0], "y": [1.0e-4, 10.0]},
    "sigmav": {"x": [0.5, 1.0e3], "y": [1.0e-32, 1.0e-26]},
    "pwave_b": {"x": [0.5, 1.0e3], "y": [1.0e-24, 1.0e-12]},
}


# Distinct colours within a panel: tab10, then ten darker/contrasting ones.
PALETTE = ["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9",
           "#000000", "#7f3b08", "#1b7837", "#762a83", "#b35806", "#2166ac", "#b2182b",
           "#4d4d4d", "#35978f", "#e08214"]


def constraints_gallery(ctx: FigureContext) -> FigureResult:
    cfg = ctx.config
    lib = library(store=ctx.data, config=cfg)
    lib.validate_data()
    planes = planes_from_config(cfg)
    gal = (cfg.get("constraints") or {}).get("gallery") or {}
    names = gal.get("planes") or list(planes)
    unknown = [n for n in names if n not in planes]
    if unknown:
        raise ValueError(f"constraints.gallery.planes names unknown planes {unknown}; "
                         f"known (constraints.planes): {sorted(planes)}")
    ncols = int(gal.get("ncols", 3))
    nrows = math.ceil(len(names) / ncols)
    # each panel's legend right of its frame (inside, lower right, it covered curves of the
    # chi_eps, y and sigma_e planes): the panels are wider by the legend's width
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=8.6, height=4.8, squeeze=False)
    rows, shown, steps = [], {n: [] for n in lib.names()}, {n: {} for n in lib.names()}
    for i, pname in enumerate(names):
        ax = axes[i // ncols][i % ncols]
        plane = planes[pname]
        rng = {**DEFAULT_RANGES[plane.kind], **((gal.get("ranges") or {}).get(pname) or {})}
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*rng["x"])
        ax.set_ylim(*rng["y"])
        for k, lim in enumerate(lib.in_plane(plane.kind)):
            cached = ctx.inputs.get(f"curve__{pname}__{lim.name}")
            curve = read_curve(cached) if cached else lim.curve(plane)
            if len(curve.mass_MeV) == 0:
                continue
            key = lim.citation.get("bibtex") or lim.citation.get("arxiv") or ""
            label = f"{lim.label} [{key}]" if key else lim.label
            label += " (proj.)" if lim.projection else ""
            recast = "" if (lim.kind == "computed" or plane == lim.published_plane) else " *"
            overlay(ax, curve, label=label + recast, color=PALETTE[k % len(PALETTE)], lw=1.1, alpha=0.07)
            shown[lim.name].append(pname)
            steps[lim.name][pname] = list(curve.steps)
            frame = curve.frame().assign(limit=lim.name, plane=pname)
            rows.append(frame)
        ax.set_xlabel(plane.info.mass_label)
        ax.set_ylabel(plane.info.coupling_label)
        ax.set_title(plane.title(), fontsize=8)
        ax.legend(fontsize=5.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), handlelength=2.2,
                  labelspacing=0.25, frameon=False)
    for j in range(len(names), nrows * ncols):
        axes[j // ncols][j % ncols].set_visible(False)
    fig.text(0.5, 0.005, "* = recast from the published plane (steps in results/constraints/*/*.csv "
             "headers and the JSON)", ha="center", fontsize=7)
    fig.tight_layout()

    numbers = {
        "limits": {n: {**lib.get(n).summary(), "shown_in": shown[n], "recast_steps": steps[n]}
                   for n in lib.names()},
        "planes": {n: {"kind": planes[n].kind, **planes[n].p} for n in names},
        "checks": _checks(lib),
    }
    curves = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    cols = ["limit", "plane", "mass_MeV", "coupling"] + (["coupling_upper"] if "coupling_upper" in curves else [])
    curves = curves[cols]
    return FigureResult(fig, numbers, curves, curve_units=(
        "limit: name of resources/constraints/<limit>.yaml; plane: config constraints.planes name",
        "mass_MeV [MeV]: the plane's mass axis; coupling, coupling_upper: the plane's coupling "
        "(dimensionless, or cm^2 for sigma_e planes, cm^3/s for sigmav/pwave_b planes)"))


def _checks(lib) -> dict:
    """Acceptance numbers: NA64 identity recast and the scalar recast factor (spec T10)."""
    na64 = lib.get("NA64_2019") if "NA64_2019" in lib.limits else None
    if na64 is None:
        return {}
    m, eps, _ = na64.published()
    same = na64.curve("dark_photon")
    ident = float(np.max(np.abs(same.coupling / eps - 1.0)))
    sc = na64.curve("scalar_ge")
    from mevdm.core.units import E_CHARGE
    ratio = sc.coupling / (E_CHARGE * np.interp(sc.mass_MeV, m, eps))
    return {
        "NA64_2019_identity_max_rel_dev": ident,
        "NA64_2019_scalar_ge_over_e_eps": {f"{mm:g}_MeV": float(np.interp(mm, sc.mass_MeV, ratio))
                                           for mm in (4.0, 10.0, 15.0, 20.0)},
        "spec_T10_expected": {"4_MeV": 1.62, "15_MeV": 1.55},
    }


__all__ = ["constraints_gallery", "constraint_output"]
