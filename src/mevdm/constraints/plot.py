"""Draw a constraint Curve on matplotlib axes (line + light shading of the excluded side)."""

from __future__ import annotations

import numpy as np


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
