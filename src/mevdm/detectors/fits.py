"""Chi^2 fits of signal templates to a binned spectrum (XENON1T SR1 and the like).

chi^2 = sum_i [d_i - (B0_i + c S_i)]^2 / sigma_i^2 (Pearson, B0 fixed).  Every model of the
paper enters as a fixed spectral shape S (per masses) times a normalisation c (g^4, sigma^2 or
sqrt(g_e g_chi)^8), so chi^2(c) = A - 2 c B + c^2 C is an exact quadratic: scans over the coupling
cost nothing once the templates are folded, and the coupling can be profiled analytically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from mevdm.core import checks as check
from mevdm.detectors.xenon1t import Xenon1TSR1, p_value  # noqa: F401  (re-exported for figure code)


class LogLogFolder:
    """Fold spectra tabulated on a log recoil grid through the SR1 response (log-log interpolation)."""

    def __init__(self, detector: Xenon1TSR1, recoil_keV):
        self.detector = detector
        self.recoil_keV = np.asarray(recoil_keV, dtype=float)
        e = detector.true_centres_keV
        lx = np.log(self.recoil_keV)
        le = np.log(e)
        self.inside = (le >= lx[0]) & (le <= lx[-1])
        idx = np.clip(np.searchsorted(lx, le) - 1, 0, lx.size - 2)
        self.idx = idx
        self.t = np.clip((le - lx[idx]) / (lx[idx + 1] - lx[idx]), 0.0, 1.0)
        # folding matrix: true cells -> observed rate per keV in each analysis bin
        self.matrix = (detector.response * np.diff(detector.true_edges_keV)[None, :]
                       / detector.bin_widths_keV[:, None])

    def to_true_grid(self, spectra):
        """(..., n_recoil) spectra -> (..., n_true) on the detector's true-energy centres."""
        s = np.asarray(spectra, dtype=float)
        ls = np.log(np.maximum(s, 1e-300))
        v = np.exp(ls[..., self.idx] * (1.0 - self.t) + ls[..., self.idx + 1] * self.t)
        v = np.where(self.inside, v, 0.0)
        return np.where(v < 1e-290, 0.0, v)

    def fold(self, spectra):
        """(..., n_recoil) true dR/dE [events/(t yr keV)] -> (..., n_bins) observed rate."""
        return self.to_true_grid(spectra) @ self.matrix.T


@dataclass(frozen=True)
class Chi2Quadratic:
    """chi^2(c) = a - 2 c b + c^2 q for templates S (..., n_bins) against d = data - B0."""

    a: float
    b: np.ndarray
    q: np.ndarray

    @classmethod
    def from_templates(cls, detector: Xenon1TSR1, templates):
        s = np.asarray(templates, dtype=float)
        w = 1.0 / detector.observed_rate_error ** 2
        d = detector.observed_rate - detector.b0_rate
        return cls(float(np.sum(d * d * w)), np.sum(s * d * w, axis=-1), np.sum(s * s * w, axis=-1))

    def chi2(self, scale):
        """chi^2 at normalisations `scale` (broadcast against the template axes: (..., n_scale))."""
        c = np.asarray(scale, dtype=float)
        return self.a - 2.0 * c * self.b[..., None] + c * c * self.q[..., None]

    def best_scale(self):
        """Normalisation minimising chi^2 per template, restricted to c >= 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(self.q > 0, self.b / self.q, 0.0)
        return np.clip(c, 0.0, None)

    def chi2_min(self):
        c = self.best_scale()
        return self.a - 2.0 * c * self.b + c * c * self.q


def profile(chi2, keep):
    """Minimum chi^2 over every axis not in `keep` (tuple of axis indices kept, in order)."""
    chi2 = np.asarray(chi2)
    drop = tuple(i for i in range(chi2.ndim) if i not in keep)
    return chi2.min(axis=drop) if drop else chi2


def grid_argmin(chi2):
    """Index tuple of the grid minimum."""
    return np.unravel_index(int(np.argmin(chi2)), np.shape(chi2))


def minimise_log(fun, x0, bounds, xatol=1e-4, fatol=1e-6):
    """Minimise fun(params) over log10-parameters from a grid seed (Nelder-Mead, then bounded polish)."""
    from scipy import optimize  # 0.15 s to import: only the figures that fit pay it

    lx0 = np.log10(np.asarray(x0, dtype=float))
    lb = np.log10(np.asarray(bounds, dtype=float))

    def f(lx):
        lx = np.clip(lx, lb[:, 0], lb[:, 1])
        return fun(10.0 ** lx)

    res = optimize.minimize(f, lx0, method="Nelder-Mead",
                            options={"xatol": xatol, "fatol": fatol, "maxiter": 4000,
                                     "initial_simplex": _simplex(lx0, 0.05)})
    lx = np.clip(res.x, lb[:, 0], lb[:, 1])
    return 10.0 ** lx, float(f(lx)), res


def _simplex(x0, step):
    n = x0.size
    s = np.tile(x0, (n + 1, 1))
    for i in range(n):
        s[i + 1, i] += step
    return s


def significance(p):
    """Two-sided Gaussian significance Phi^-1(1 - p/2) (the paper's 1.64 sigma convention)."""
    check.number("p", p, lo=0.0, hi=1.0, lo_open=True, unit="(a p-value)")
    return float(-special.ndtri(0.5 * p))  # the normal inverse survival function


def fit_summary(chi2_b0, chi2_best, k):
    """Delta chi^2, p-value P(chi^2_k > Delta chi^2) and significance for k new parameters."""
    d = chi2_b0 - chi2_best
    if -1e-9 * max(1.0, abs(chi2_b0)) < d < 0.0:
        d = 0.0  # the minimiser's round-off: the best fit nests the null
    p = p_value(d, k)
    return {"delta_chi2": d, "p_value": p, "significance_sigma": significance(p), "n_params": k}
