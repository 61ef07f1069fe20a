"""XENONnT SR0 electronic-recoil response and likelihoods (XENON, PRL 129 (2022) 161805, arXiv:2207.11330).

The collaboration's data release (registry ``xenonnt_sr0_er``): the 433 reconstructed energies of the
events passing all cuts in 1-30 keV, the best-fit background B0 in reconstructed energy (0.1-keV bins,
events/(t yr keV), already smeared and efficiency-weighted), and the total efficiency in reconstructed
energy.  Not in the release, taken from the paper:

- exposure 1.16 t yr (abstract: "With an exposure of 1.16 tonne-years");
- resolution sigma(E)/E = 31.71 %/sqrt(E/keV) + 0.15 %, i.e. sigma(E) = a sqrt(E) + b E with
  a = 0.3171 sqrt(keV), b = 0.0015: the fit of XENON1T's energy-resolution paper (arXiv:2003.03825, as
  GAMBIT and pyCEvNS use it; its abstract's "(0.80 +- 0.02) %" at Q_bb = 2457.83 keV is reproduced,
  resources/references/xenonnt_sr0.yaml), carried over to XENONnT: the Letter's own statement of its
  resolution could not be read here.  The response is ``xenon1t.response_matrix`` with these constants
  (``resolution="xenon1t"`` gives the XENON1T SR1 analysis's a = 0.310, b = 0.0037 as the variant);
- background-normalisation prior: the abstract's total rate "(15.8 +- 1.3) events/(tonne x year x keV)"
  in (1, 30) keV, an 8.2 % Gaussian width on a common B0 scale (``background="float"``).

Same API as ``xenon1t.Xenon1TSR1`` (the class derives from it: folding, Pearson chi^2, binned Poisson),
on 29 one-keV bins over 1-30 keV, plus the unbinned extended likelihood over the 433 events
    ln L = -(mu_S + mu_B) + sum_i ln[exposure (s(E_i) + b(E_i))],
s the smeared, efficiency-weighted signal density on a 0.1-keV reconstructed grid (linear between
centres), b the released B0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special  # scipy.optimize where used: ~0.3 s to import, in every job

from mevdm.core import checks as check
from mevdm.core.data import DataStore
from mevdm.detectors.xenon1t import Xenon1TSR1, response_matrix

SR0 = "xenonnt_sr0_er"
FILES = {
    "events": f"{SR0}/data_unbinned_1to30kev.txt",
    "background": f"{SR0}/bkg_model.txt",
    "efficiency": f"{SR0}/efficiency.txt",
}
BOSONIC_LIMITS = f"{SR0}/bdm_limits.txt"
EXPOSURE_T_YR = 1.16  # PRL 129, 161805, abstract
ROI_KEV = (1.0, 30.0)  # the (1, 30) keV search region
# sigma(E) = a sqrt(E) + b E [keV]: "xenonnt" the arXiv:2003.03825 fit used for XENONnT SR0 (the Letter's
# own value not read here), "xenon1t" the XENON1T SR1 analysis's (arXiv:2006.09721)
RESOLUTIONS = {"xenonnt": (0.3171, 0.0015), "xenon1t": (0.310, 0.0037)}
BACKGROUND_RATE = (15.8, 1.3)  # events/(t yr keV) in (1, 30) keV, PRL 129, 161805 abstract
BACKGROUND_PRIOR_SIGMA = BACKGROUND_RATE[1] / BACKGROUND_RATE[0]  # 0.082
BACKGROUNDS = ("fixed", "float")
FINE_BIN_KEV = 0.1  # the release's B0 binning


@dataclass(frozen=True)
class XenonNTSR0(Xenon1TSR1):
    """SR0 binned data (1-keV bins), B0, response; the unbinned events and fine-grid response."""

    events_keV: np.ndarray  # (433,)
    fine_edges_keV: np.ndarray  # (291,) 0.1-keV reconstructed bins over 1-30 keV
    fine_response: np.ndarray  # (290, n_true)
    b0_fine_rate: np.ndarray  # (290,) events/(t yr keV), the released B0
    resolution: str

    @classmethod
    def load(cls, store: DataStore, resolution="xenonnt", fine_bin_keV=0.02,
             true_energy_max_keV=40.0) -> "XenonNTSR0":
        """Events, B0 and response; `resolution` 'xenonnt' (the paper's) or 'xenon1t' (variant)."""
        if resolution not in RESOLUTIONS:
            raise ValueError(f"resolution must be one of {list(RESOLUTIONS)}, got {resolution!r}")
        check.number("fine_bin_keV", fine_bin_keV, lo=0.0, hi=0.5, lo_open=True, unit="keV")
        check.number("true_energy_max_keV", true_energy_max_keV, lo=31.0, hi=200.0, unit="keV")
        a, b = RESOLUTIONS[resolution]
        events = np.loadtxt(store.path(FILES["events"]), ndmin=1)
        bkg = np.loadtxt(store.path(FILES["background"]))
        eff = np.loadtxt(store.path(FILES["efficiency"]))
        edges = np.arange(ROI_KEV[0], ROI_KEV[1] + 0.5, 1.0)
        n_fine = int(round((ROI_KEV[1] - ROI_KEV[0]) / FINE_BIN_KEV))
        fine_edges = np.linspace(ROI_KEV[0], ROI_KEV[1], n_fine + 1)
        # B0 file: 0.1-keV bin centres 0.05 ... 29.95 -> the ROI's fine bins exactly
        centres = 0.5 * (fine_edges[1:] + fine_edges[:-1])
        b0_fine = np.interp(centres, bkg[:, 0], bkg[:, 1])
        b0_counts = (b0_fine * FINE_BIN_KEV * EXPOSURE_T_YR).reshape(edges.size - 1, -1).sum(axis=1)
        observed, _ = np.histogram(events, bins=edges)
        true_edges = np.arange(0.0, true_energy_max_keV + 0.5 * fine_bin_keV, fine_bin_keV)
        response = response_matrix(edges, true_edges, eff[:, 0], eff[:, 1], a, b)
        fine_response = response_matrix(fine_edges, true_edges, eff[:, 0], eff[:, 1], a, b,
                                         points_per_bin=8)
        return cls(edges, observed.astype(float), b0_counts, np.zeros_like(b0_counts), EXPOSURE_T_YR,
                   true_edges, response, eff[:, 0], eff[:, 1],
                   np.sort(events[(events >= ROI_KEV[0]) & (events <= ROI_KEV[1])]), fine_edges,
                   fine_response, b0_fine, resolution)

    # --- unbinned ------------------------------------------------------------------
    @property
    def fine_centres_keV(self):
        return 0.5 * (self.fine_edges_keV[1:] + self.fine_edges_keV[:-1])

    def observed_density(self, dRdE):
        """True dR/dE [events/(t yr keV)] (callable or values at true_centres_keV) -> smeared,
        efficiency-weighted dR/dE' [events/(t yr keV)] at fine_centres_keV."""
        values = dRdE(self.true_centres_keV) if callable(dRdE) else dRdE
        values = check.array("dRdE", values, shape=self.true_centres_keV.shape, lo=0.0,
                             unit="events/(t yr keV) at true_centres_keV")
        return self.fine_response @ (values * np.diff(self.true_edges_keV)) / FINE_BIN_KEV

    def at_events(self, density):
        """A density on fine_centres_keV -> its values at the events (linear between centres)."""
        return np.interp(self.events_keV, self.fine_centres_keV, density)

    def unbinned_loglike(self, signal_density=None, background_scale=1.0):
        """Extended unbinned ln L (module docstring) for the observed signal density (fine grid)."""
        s = np.zeros_like(self.b0_fine_rate) if signal_density is None else np.asarray(signal_density)
        check.array("signal_density", s, shape=self.b0_fine_rate.shape, lo=0.0,
                    unit="events/(t yr keV) at fine_centres_keV")
        check.number("background_scale", background_scale, lo=0.0, lo_open=True)
        total = self.b0_fine_rate * background_scale + s
        mu = float(np.sum(total)) * FINE_BIN_KEV * self.exposure_t_yr
        return float(np.sum(np.log(self.exposure_t_yr * self.at_events(total))) - mu)

    # --- tests of a signal -------------------------------------------------------------
    def loglike(self, dRdE=None, method="binned", background="fixed"):
        """ln L of B0 (+ signal dR/dE, true energy), the background scale fixed at 1 or profiled
        with the Gaussian prior of width BACKGROUND_PRIOR_SIGMA; returns (ln L, background scale)."""
        if method not in ("binned", "unbinned"):
            raise ValueError(f"method must be 'binned' or 'unbinned', got {method!r}")
        if background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {BACKGROUNDS}, got {background!r}")
        if method == "binned":
            s = 0.0 if dRdE is None else self.fold(dRdE)
            f = lambda k: self.poisson_loglike(s, self.b0_rate * k)  # noqa: E731
        else:
            s = None if dRdE is None else self.observed_density(dRdE)
            f = lambda k: self.unbinned_loglike(s, k)  # noqa: E731
        if background == "fixed":
            return f(1.0), 1.0
        sig = BACKGROUND_PRIOR_SIGMA
        from scipy import optimize

        res = optimize.minimize_scalar(lambda k: -f(k) + 0.5 * ((k - 1.0) / sig) ** 2,
                                       bounds=(max(1e-3, 1 - 6 * sig), 1 + 6 * sig), method="bounded",
                                       options={"xatol": 1e-7})
        return float(-res.fun), float(res.x)

    def test_statistic(self, dRdE, method="binned", background="fixed"):
        """q = -2 ln [L(B0 + signal) / L(B0)] (background profiled in both if 'float')."""
        return 2.0 * (self.loglike(None, method, background)[0] - self.loglike(dRdE, method, background)[0])



@dataclass(frozen=True)
class SignalScan:
    """q(c) = -2 ln [L(B0 + c S) / L(B0)] for many templates S at once, the binned or unbinned form:
    with weights w_k (N_i per bin, or 1 per event) and ratios r_k = s_k / b_k,
        ln L(kappa, c) = sum_k w_k ln(kappa + c r_k) - kappa mu_B - c mu_S  [- (kappa - 1)^2 / 2 sigma^2],
    kappa = 1 (B0 fixed) or profiled with the Gaussian prior (background 'float')."""

    weights: np.ndarray  # (n_k,)
    ratios: np.ndarray  # (..., n_k) s/b per unit scale
    mu_s: np.ndarray  # (...,) expected signal events per unit scale in 1-30 keV
    mu_b: float
    prior_sigma: float | None  # None: B0 fixed

    @classmethod
    def from_true(cls, det: XenonNTSR0, spectra, method="binned", background="fixed") -> "SignalScan":
        """Templates from true dR/dE [events/(t yr keV)] on det.true_centres_keV, shape (..., n_true)."""
        if method not in ("binned", "unbinned"):
            raise ValueError(f"method must be 'binned' or 'unbinned', got {method!r}")
        if background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {BACKGROUNDS}, got {background!r}")
        cells = np.asarray(spectra, dtype=float) * np.diff(det.true_edges_keV)
        if method == "binned":
            s = cells @ det.response.T * det.exposure_t_yr  # counts per bin
            b = det.b0_counts
            w = det.observed_counts
        else:
            dens = cells @ det.fine_response.T / FINE_BIN_KEV
            s = np.apply_along_axis(det.at_events, -1, dens)
            b = det.at_events(det.b0_fine_rate)
            w = np.ones(det.events_keV.size)
            s_tot = dens.sum(axis=-1) * FINE_BIN_KEV * det.exposure_t_yr
        mu_s = s.sum(axis=-1) if method == "binned" else s_tot
        mu_b = float(det.b0_counts.sum())
        sigma = BACKGROUND_PRIOR_SIGMA if background == "float" else None
        return cls(w, s / b, mu_s, mu_b, sigma)

    def loglike(self, scales):
        """ln L (up to a constant) at scales c (..., n_c), kappa profiled if floating: (..., n_c)."""
        c = np.asarray(scales, dtype=float)[..., None]  # (..., n_c, 1)
        r = self.ratios[..., None, :]
        kappa = np.ones(c.shape)
        if self.prior_sigma is not None:
            inv2 = 1.0 / self.prior_sigma ** 2
            for _ in range(12):  # Newton on d lnL / d kappa = 0 (concave in kappa)
                den = kappa + c * r
                g = np.sum(self.weights / den, axis=-1, keepdims=True) - self.mu_b - (kappa - 1.0) * inv2
                h = -np.sum(self.weights / den ** 2, axis=-1, keepdims=True) - inv2
                kappa = np.clip(kappa - g / h, 1e-3, None)
        ll = (np.sum(self.weights * np.log(kappa + c * r), axis=-1) - kappa[..., 0] * self.mu_b
              - c[..., 0] * self.mu_s[..., None])
        if self.prior_sigma is not None:
            ll = ll - 0.5 * ((kappa[..., 0] - 1.0) / self.prior_sigma) ** 2
        return ll

    def q(self, scales):
        """-2 ln [L(c) / L(0)] at scales (..., n_c)."""
        c = np.asarray(scales, dtype=float)
        return -2.0 * (self.loglike(c) - self.loglike(np.zeros(c.shape[:-1] + (1,))))

    def scale_grid(self, n=240, events=(1.0e-2, 1.0e4)):
        """Per template, 0 and a log grid of scales giving `events` signal events in 1-30 keV."""
        mu = np.where(self.mu_s > 0, self.mu_s, np.inf)[..., None]
        g = np.geomspace(*events, n - 1) / mu
        return np.concatenate([np.zeros(g.shape[:-1] + (1,)), g], axis=-1)

    def fit(self, cl=0.90, n=240, max_elements=4_000_000):
        """Per template: best scale (c >= 0), q at it (<= 0), and the upper limit where q - q_min =
        chi^2_1 quantile(cl) (log-interpolated on the scale grid); inf where the grid never reaches it.
        Templates are processed in chunks of at most `max_elements` (template x scale x bin) values."""
        shape = self.mu_s.shape
        flat = SignalScan(self.weights, self.ratios.reshape(-1, self.weights.size), self.mu_s.reshape(-1),
                          self.mu_b, self.prior_sigma)
        step = max(1, int(max_elements // (n * self.weights.size)))
        parts = [SignalScan(flat.weights, flat.ratios[i:i + step], flat.mu_s[i:i + step], flat.mu_b,
                            flat.prior_sigma)._fit(cl, n) for i in range(0, flat.mu_s.size, step)]
        return {k: np.concatenate([p[k] for p in parts]).reshape(shape) for k in parts[0]}

    def _fit(self, cl, n):
        from mevdm.detectors.intervals import threshold

        c = self.scale_grid(n)
        q = self.q(c)
        i = np.argmin(q, axis=-1)
        q_min = np.take_along_axis(q, i[..., None], -1)[..., 0]
        best = np.take_along_axis(c, i[..., None], -1)[..., 0]
        excess = q - q_min[..., None] - threshold(cl)
        after = (np.arange(c.shape[-1]) > i[..., None]) & (excess > 0)
        j = np.where(after.any(-1), np.argmax(after, -1), c.shape[-1] - 1)
        c0 = np.take_along_axis(c, (j - 1)[..., None], -1)[..., 0]
        c1 = np.take_along_axis(c, j[..., None], -1)[..., 0]
        e0 = np.take_along_axis(excess, (j - 1)[..., None], -1)[..., 0]
        e1 = np.take_along_axis(excess, j[..., None], -1)[..., 0]
        t = np.clip(-e0 / np.where(e1 != e0, e1 - e0, 1.0), 0.0, 1.0)
        with np.errstate(divide="ignore"):
            lim = np.where(c0 > 0, np.exp(np.log(np.where(c0 > 0, c0, 1.0)) * (1 - t)
                                          + np.log(c1) * t), c1 * t)
        lim = np.where(after.any(-1), lim, np.inf)
        return {"best_scale": best, "q_min": q_min, "upper_scale": lim}


def load_from_config(config: dict, store: DataStore) -> XenonNTSR0:
    """The detector with the shared `xenonnt:` settings."""
    return XenonNTSR0.load(store, resolution=config["xenonnt"]["resolution"])


def scan_from_config(config: dict, det: XenonNTSR0, spectra) -> SignalScan:
    """SignalScan of true spectra with the `xenonnt:` likelihood and background treatment."""
    x = config["xenonnt"]
    return SignalScan.from_true(det, spectra, x["likelihood"], x["background"])


def b0_goodness_of_fit(det: XenonNTSR0) -> dict:
    """B0 alone (fixed) against the 29 one-keV bins: Poisson deviance 2 sum[mu - n + n ln(n/mu)] and its
    chi^2_29 p-value (the saturated model has one mean per bin)."""
    n, mu = det.observed_counts, det.b0_counts
    dev = float(2.0 * np.sum(mu - n + special.xlogy(n, n / mu)))
    return {"poisson_deviance": dev, "n_bins": int(n.size), "p_value": float(special.chdtrc(n.size, dev))}


def verdict(scan: SignalScan, scale=1.0, cl=0.90) -> dict:
    """Excluded or allowed at `cl`: Delta chi^2 = q(scale) - min_{c >= 0} q of a single template,
    its confidence chi^2_1 CDF (the signal strength at fixed masses is the one tested parameter)."""
    from mevdm.detectors.intervals import threshold

    if scan.mu_s.shape != ():
        raise ValueError("verdict needs a single template (a SignalScan of one spectrum)")
    f = scan.fit(cl)
    d = float(scan.q(np.array([float(scale)]))[0] - f["q_min"])
    return {"delta_chi2": d, "confidence": float(special.chdtr(1, max(d, 0.0))),
            "excluded": bool(d > threshold(cl)), "cl_tested": cl, "delta_chi2_threshold": threshold(cl),
            "signal_events_1_30keV": float(scan.mu_s * scale),
            "upper_limit_scale": float(f["upper_scale"])}
