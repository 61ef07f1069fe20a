"""Draw a constraint Curve on matplotlib axes (line + light shading of the excluded side)."""

from __future__ import annotations

import numpy as np

# drawn limits and curves are remembered on their axes under this attribute; mevdm.build.build
# writes them to the figure's JSON ("drawn_limits": library limits, "drawn_curves": the figure's
# own curves declared under `drawn:` in figures.yaml) and the HEPData export makes each a table
DRAWN = "_mevdm_drawn_limits"


def record(ax, name: str, label: str, x, y, *, x_name: str | None = None, y_name: str | None = None,
           x_unit: str | None = None, y_unit: str | None = None, upper=None, excluded: str = "above", projection: bool = False,
           citation: dict | None = None, model: str = "", steps=(), style: str = "", kind: str = "limit",
           part: int | None = None) -> dict:
    """Remember a limit drawn on ``ax`` in the plotted plane and units (x, y as drawn, NaN
    points dropped): the figure's JSON lists it and HEPData gets one table per drawn limit.
    model: the model (plane) the limit was derived for; steps: the recast from it to this plane.
    kind: "limit" (a constraint-library limit) or "curve" (one of the figure's own, record_drawn);
    part: the piece of a curve drawn in several pieces (a contour's paths).
    Names and units left None are read from the axes labels ('name [unit]') when the figure is
    built."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    if upper is not None:
        upper = np.asarray(upper, float)
        ok &= np.isfinite(upper)
    if kind not in ("limit", "curve"):
        raise ValueError(f"record: kind must be 'limit' or 'curve', got {kind!r}")
    rec = {"name": name, "kind": kind, "part": part, "label": label, "x_name": x_name, "x_unit": x_unit,
           "y_name": y_name, "y_unit": y_unit,
           "excluded": excluded, "projection": bool(projection), "model": model,
           "recast_steps": list(steps), "citation": dict(citation or {}), "style": style,
           "x": x[ok], "y": y[ok]}
    if upper is not None:
        rec["y_upper"] = upper[ok]
    if not hasattr(ax, DRAWN):
        setattr(ax, DRAWN, [])
    getattr(ax, DRAWN).append(rec)
    return rec


def record_drawn(ax, name: str, label: str, x, y, *, style: str = "", part: int | None = None,
                 citation: dict | None = None, upper=None, **names_units) -> dict:
    """Remember one of the figure's own curves (not a library limit) as drawn on ``ax``, in the
    plotted plane and units (upper: the top edge of a band drawn from y to upper); ``name`` must be
    declared under ``drawn:`` in the figure's figures.yaml entry (with its description), and
    HEPData gets one table of it."""
    return record(ax, name, label, x, y, excluded="none", citation=citation, style=style, kind="curve",
                  part=part, upper=upper, **names_units)


def record_level(ax, name: str, label: str, x, y, z, level: float, *, style: str = "",
                 **names_units) -> list[dict]:
    """record_drawn() for the z = level line of a grid z[i, j] at (x[i], y[j]) as drawn on ``ax``
    (a contour or the edge of a filled region): one part per path (contourpy, matplotlib's own
    contouring). NaN cells are masked."""
    import contourpy

    z = np.asarray(z, float)
    gen = contourpy.contour_generator(np.asarray(x, float), np.asarray(y, float),
                                      np.ma.masked_invalid(z.T), line_type="Separate")
    paths = [p for p in gen.lines(level) if len(p) > 1]
    return [record_drawn(ax, name, label, p[:, 0], p[:, 1], style=style,
                         part=(i if len(paths) > 1 else None), **names_units)
            for i, p in enumerate(paths, 1)]


def record_curve(ax, curve, label: str | None = None, style: str = "", x=None, y=None, upper=None):
    """record() for a library Curve drawn in its own plane (x, y override the drawn arrays)."""
    info = curve.plane.info
    return record(ax, curve.name, label if label else curve.label,
                  curve.mass_MeV if x is None else x, curve.coupling if y is None else y,
                  x_name=info.mass_label.split(" [")[0], y_name=info.coupling_label.split(" [")[0],
                  y_unit=info.coupling_unit, upper=curve.upper if upper is None else upper,
                  excluded=curve.excluded, projection=curve.projection, citation=curve.citation,
                  model=curve_model(curve), steps=curve.steps, style=style)


def curve_model(curve) -> str:
    """'derived for <published plane>; drawn in <this plane>' (the recast steps say how)."""
    return f"{curve.source}; drawn in {curve.plane.label()}" if curve.source else \
        f"drawn in {curve.plane.label()}"


def _name_unit(axis_label: str) -> tuple[str, str]:
    """'$m_\\chi$ [MeV]' -> ('$m_\\chi$', 'MeV'); no brackets: dimensionless. The unit as plain
    text ('cm$^2$' -> 'cm^2', 'cm$^{-2}$' -> 'cm^-2'): HEPData shows units verbatim."""
    name, _, unit = (axis_label or "").partition(" [")
    unit = unit.rstrip("]").strip()
    for tex, plain in (("$", ""), ("\\rm ", ""), ("{", ""), ("}", ""), ("\\,", " ")):
        unit = unit.replace(tex, plain)
    return name.strip(), unit


def drawn_limits(fig) -> list[dict]:
    """Every limit recorded on the figure's axes, with the panel (axes index, title) it is on;
    names and units not given are the axes labels'."""
    out = []
    for i, ax in enumerate(fig.axes):
        for rec in getattr(ax, DRAWN, []):
            rec = {"panel": i, "panel_title": ax.get_title(), **rec}
            for k, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
                name, unit = _name_unit(label)
                if rec[f"{k}_name"] is None:
                    rec[f"{k}_name"] = name
                if rec[f"{k}_unit"] is None:
                    rec[f"{k}_unit"] = unit
                if rec[f"{k}_unit"] in ("1", "dimensionless"):
                    rec[f"{k}_unit"] = ""
            out.append(rec)
    return out


def overlay(ax, curve, label: str | None = "auto", color=None, fill: bool = True,
            alpha: float = 0.15, ymax: float | None = None, ymin: float | None = None, **style):
    """Draw ``curve`` on ``ax``: solid line (dashed for projections) and shaded excluded side.

    label: legend text ('auto' = curve.label, None = no legend entry); color and any
    matplotlib line keyword (lw, ls, zorder ...) pass through. ymax/ymin bound the shading of
    'above'/'below' regions (default: the current axis limits). Set the axis scales and limits
    before calling (shading of 'left'/'right' bounds uses the current x limits). Returns the Line2D.
    """
    if label == "auto":
        label = curve.label + (" (proj.)" if curve.projection else "")
    style.setdefault("ls", "--" if curve.projection else "-")
    style.setdefault("lw", 1.4)
    x, y = curve.mass_MeV, curve.coupling
    record_curve(ax, curve, label=label or curve.label, style=f"line {style['ls']}" + (
        ", shaded" if fill and not curve.projection else ""))
    if curve.excluded in ("left", "right"):
        xv = float(np.min(x)) if curve.excluded == "left" else float(np.max(x))
        line = ax.axvline(xv, color=color, label=label, **style)
        if fill and not curve.projection:
            lo, hi = ax.get_xlim()
            span = (lo, xv) if curve.excluded == "left" else (xv, hi)
            ax.axvspan(*span, color=line.get_color(), alpha=alpha, lw=0)
            ax.set_xlim(lo, hi)
        return line
    if curve.shape == "contour":
        xs, ys = np.append(x, x[0]), np.append(y, y[0])
        (line,) = ax.plot(xs, ys, color=color, label=label, **style)
        if fill and not curve.projection:
            ax.fill(xs, ys, color=line.get_color(), alpha=alpha, lw=0)
        return line
    (line,) = ax.plot(x, y, color=color, label=label, **style)
    if curve.upper is not None:
        ax.plot(x, curve.upper, color=line.get_color(), **style)
        if fill and not curve.projection:
            ax.fill_between(x, y, curve.upper, color=line.get_color(), alpha=alpha, lw=0)
        return line
    if fill and not curve.projection and curve.excluded in ("above", "below"):
        lo, hi = ax.get_ylim()
        edge = (ymax if ymax is not None else max(hi, np.max(y))) if curve.excluded == "above" \
            else (ymin if ymin is not None else min(lo, np.min(y)))
        ax.fill_between(x, y, edge, color=line.get_color(), alpha=alpha, lw=0)
        ax.set_ylim(lo, hi)
    return line


def union_lower_edge(curves, n: int = 2000):
    """Lower edge of the union of 'excluded above' regions {m in [m_min_i, m_max_i], y > y_i(m)}:
    (mass grid, min_i y_i(m)) on a log grid spanning all curves (each interpolated log-log over its
    own mass range; a curve not monotonic in mass is sorted first). Returns (m, y) with y = inf
    where no curve covers m."""
    curves = list(curves)
    if not curves or any(c.excluded != "above" or c.upper is not None for c in curves):
        raise ValueError("union_lower_edge: needs one or more one-sided 'excluded above' curves")
    lo = min(float(np.min(c.mass_MeV)) for c in curves)
    hi = max(float(np.max(c.mass_MeV)) for c in curves)
    ends = np.concatenate([[float(np.min(c.mass_MeV)), float(np.max(c.mass_MeV))] for c in curves])
    m = np.unique(np.concatenate([np.geomspace(lo, hi, n), ends]))
    y = np.full(m.size, np.inf)
    for c in curves:
        order = np.argsort(c.mass_MeV, kind="stable")
        cm, cy = np.asarray(c.mass_MeV, float)[order], np.asarray(c.coupling, float)[order]
        inside = (m >= cm[0]) & (m <= cm[-1])
        yi = np.exp(np.interp(np.log(m[inside]), np.log(cm), np.log(cy)))
        y[inside] = np.minimum(y[inside], yi)
    return m, y


def overlay_union(ax, curves, label: str | None = None, color=None, alpha: float = 0.15,
                  ymax: float | None = None, **style):
    """Draw the union of several 'excluded above' curves as ONE region: one fill (no overlapping
    stripes) and one closed outline, the top at ymax (default: the current upper y limit).
    Returns the outline's Line2D."""
    m, y = union_lower_edge(curves)
    lo, hi = ax.get_ylim()
    top = ymax if ymax is not None else hi
    ok = np.isfinite(y) & (y < top)
    m, y = m[ok], y[ok]
    first = curves[0]
    info = first.plane.info
    record(ax, "+".join(c.name for c in curves), label or " + ".join(c.label for c in curves), m, y,
           x_name=info.mass_label.split(" [")[0], y_name=info.coupling_label.split(" [")[0],
           y_unit=info.coupling_unit, upper=np.full(m.size, top) if ymax is not None else None,
           excluded="between" if ymax is not None else "above",
           citation={"text": "; ".join(c.citation.get("text", "") for c in curves),
                     "arxiv": first.citation.get("arxiv", "")},
           model="; ".join(f"{c.name}: {curve_model(c)}" for c in curves),
           steps=[s for c in curves for s in c.steps], style="union: one outline, shaded")
    xs = np.concatenate([[m[0]], m, [m[-1], m[0]]])
    ys = np.concatenate([[top], y, [top, top]])
    style.setdefault("lw", 1.2)
    (line,) = ax.plot(xs, ys, color=color, label=label, **style)
    ax.fill_between(m, y, top, color=line.get_color(), alpha=alpha, lw=0)
    ax.set_ylim(lo, hi)
    return line


def overlay_listed(ax, lib, names, plane, skip=(), colors=None, **curve_kw):
    """Draw every library limit of ``names`` (a figure's figures.yaml ``limits:``) that the
    figure does not draw itself (``skip``), in the named plane kind with ``curve_kw``; returns
    ({name: citation text} for the figure's JSON, [legend handles]). Adding a name to the list
    draws it."""
    colors = dict(colors or {})
    drawn, handles = {}, []
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    for i, name in enumerate(n for n in names if n not in skip):
        c = lib.get(name).curve(plane, **curve_kw)
        handles.append(overlay(ax, c, color=colors.get(name, f"C{(5 + i) % 10}"), zorder=3))
        drawn[name] = c.citation.get("text", "")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return drawn, handles
