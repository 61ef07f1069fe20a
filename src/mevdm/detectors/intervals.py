"""Profile-likelihood intervals on a non-negative signal scale (Wilks' theorem, one parameter).

q(c) = -2 ln [L(c) / L(0)] for a signal scale c >= 0; the interval at confidence `cl` is
{c : q(c) - min q <= chi^2_1 quantile(cl)} (2.71 at 90 %), as in XENON1T's and XENONnT's ER searches
(asymptotic form of their Neyman constructions); an upper limit is the interval's upper end.
"""

from __future__ import annotations

import numpy as np
from scipy import special  # scipy.optimize where used: ~0.3 s to import, in every job

from mevdm.core import checks as check


def threshold(cl=0.90):
    """chi^2_1 quantile: the Delta q of a `cl` interval for one parameter (2.706 at 90 %)."""
    check.number("cl", cl, lo=0.5, hi=0.9999)
    return float(special.chdtri(1, 1.0 - cl))


def interval_scale(q_of_scale, scale_max, cl=0.90, n_grid=300):
    """(lower, best, upper) of c in [0, scale_max] with q(c) - min q <= threshold(cl); lower = 0 when
    c = 0 lies inside.  q_of_scale: c -> -2 Delta ln L (any offset)."""
    check.number("scale_max", scale_max, lo=0.0, lo_open=True)
    from scipy import optimize

    grid = np.concatenate([[0.0], np.geomspace(1e-6 * scale_max, scale_max, n_grid)])
    q = np.array([q_of_scale(c) for c in grid])
    i = int(np.argmin(q))
    lo_b, hi_b = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    if hi_b > lo_b:
        res = optimize.minimize_scalar(q_of_scale, bounds=(lo_b, hi_b), method="bounded",
                                       options={"xatol": 1e-9 * scale_max})
        best, q_min = (float(res.x), float(res.fun)) if res.fun < q[i] else (grid[i], q[i])
    else:
        best, q_min = grid[i], q[i]
    target = q_min + threshold(cl)
    f = lambda c: q_of_scale(c) - target  # noqa: E731
    up = np.nonzero((q > target) & (grid > best))[0]
    if up.size == 0:
        raise ValueError(f"q stays within {threshold(cl):.2f} of its minimum up to scale_max={scale_max:g}")
    j = int(up[0])
    upper = float(optimize.brentq(f, max(grid[j - 1], best), grid[j], xtol=1e-12 * grid[j], rtol=1e-10))
    down = np.nonzero((q > target) & (grid < best))[0]
    lower = 0.0
    if down.size:
        k = int(down[-1])
        lower = float(optimize.brentq(f, grid[k], min(grid[k + 1], best), xtol=1e-12 * grid[k + 1],
                                      rtol=1e-10))
    return lower, float(best), upper


def upper_limit_scale(q_of_scale, scale_max, cl=0.90):
    """Upper end of interval_scale (the upper limit on c at confidence `cl`)."""
    return interval_scale(q_of_scale, scale_max, cl)[2]
