"""XENON1T S2-only (2019) electronic-recoil response and the "3 sigma overshoot" limit rule.

Official data release XENON1T/s2only_data_release (arXiv:1907.11485; spec paper-000-002
§1.8, D4): the ER response matrix maps mono-energetic recoils E_i (0.05-10 keV, with
bin widths dE_i) to 199 S2 bins (90-3000 PE) including every efficiency and selection;

    N_j = exposure x sum_i dR/dE(E_i) dE_i Resp_ij,     exposure = 0.97678 t yr (raw).

For limits the fine S2 bins are regrouped into a few log-spaced coarse bins inside an
S2 region of interest (CHOICE: [150, 3000] PE, 12 bins), with the observed events and
the nominal ER + CEvNS background (the cathode background is not provided upstream,
so the background is incomplete and the limit conservative, as in the paper).

The paper's rule (Ema-Sala-Sato, SM, reconstructed in the spec): the signal plus
background must not overshoot the data by more than 3 sigma in any bin, D_i + 3 Delta_i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mevdm.core.data import DataStore

S2 = "xenon1t_s2only_2019"
FILES = {
    "response": f"{S2}/s2_response_er.csv",
    "binning": f"{S2}/s2_binning_info.csv",
    "events": f"{S2}/events_after_cuts.csv",
    "background": f"{S2}/er_and_cevns_background.csv",
}
RAW_EXPOSURE_T_YR = 0.97678  # README_upstream.md: 0.97678 t yr = 356770 kg day


def overshoot_limit(signal_ref, background, data, error, n_sigma=3.0,
                    min_signal_fraction=1.0e-3) -> float:
    """Largest factor lam with lam S_i + B_i <= D_i + n_sigma Delta_i in every bin.

    Only bins where the signal matters (S_i > min_signal_fraction x max S) are tested:
    a bin with negligible signal cannot constrain it, even where the background alone
    overshoots the data (SR1 17-18 keV: D + 3 Delta < B0; CHOICE, docs/reproduction).
    A tested bin with B_i > D_i + n_sigma Delta_i gives lam = 0 (excluded); +inf if S = 0.
    """
    s, b, d, e = (np.asarray(x, float) for x in (signal_ref, background, data, error))
    if np.any(s < 0):
        raise ValueError("signal_ref must be >= 0 in every bin")
    if not (0 <= min_signal_fraction < 1):
        raise ValueError(f"min_signal_fraction = {min_signal_fraction} must be in [0, 1)")
    if not np.any(s > 0):
        return float("inf")
    tested = s > min_signal_fraction * s.max()
    room = d[tested] + n_sigma * e[tested] - b[tested]
    return float(max(np.min(room / s[tested]), 0.0))


def sigma_limit_quadratic(sigma_ref, lam) -> float:
    """sigma_lim for a signal that scales as sigma^2 (reflection x detection): sigma_ref sqrt(lam)."""
    return float(sigma_ref * np.sqrt(lam))


@dataclass(frozen=True)
class Xenon1TS2Only:
    """S2-only release: ER response, S2 binning, events, ER+CEvNS background."""

    energy_keV: np.ndarray  # (41,) mono-energetic ER energies
    energy_width_keV: np.ndarray  # (41,) bin widths (end - start)
    response: np.ndarray  # (41, 199)
    s2_edges_pe: np.ndarray  # (200,)
    events_pe: np.ndarray  # observed S2 areas (search data)
    background_fine: np.ndarray  # (199,) ER + CEvNS expected events
    exposure_t_yr: float
    coarse_index: np.ndarray  # fine-bin edge indices of the coarse ROI bins

    @classmethod
    def load(cls, store: DataStore, roi_pe=(150.0, 3000.0), n_coarse=12) -> "Xenon1TS2Only":
        resp = pd.read_csv(store.path(FILES["response"]))
        binning = pd.read_csv(store.path(FILES["binning"]))
        events = pd.read_csv(store.path(FILES["events"]))
        bkg = pd.read_csv(store.path(FILES["background"]))
        edges = np.append(binning["start_pe"].to_numpy(float), binning["end_pe"].iloc[-1])
        cols = [c for c in resp.columns if c.startswith("s2_bin_")]
        if len(cols) != edges.size - 1:
            raise ValueError(f"response has {len(cols)} S2 bins, binning {edges.size - 1}")
        lo, hi = roi_pe
        if not (edges[0] <= lo < hi <= edges[-1]):
            raise ValueError(f"roi_pe = {roi_pe} must lie inside [{edges[0]}, {edges[-1]}] PE")
        if not (1 <= int(n_coarse) <= 60):
            raise ValueError(f"n_coarse = {n_coarse} must be in [1, 60]")
        targets = np.geomspace(lo, hi, int(n_coarse) + 1)
        idx = np.unique([int(np.argmin(np.abs(edges - t))) for t in targets])
        return cls(resp["energy_kev"].to_numpy(float),
                   (resp["energy_bin_end_kev"] - resp["energy_bin_start_kev"]).to_numpy(float),
                   resp[cols].to_numpy(float), edges, events["s2_area_pe"].to_numpy(float),
                   (bkg["er_background_events"] + bkg["cevns_background_events"]).to_numpy(float),
                   RAW_EXPOSURE_T_YR, idx)

    # --- fine S2 bins ------------------------------------------------------------
    def expected_fine(self, dRdE):
        """Expected events per fine S2 bin for dR/dE [events/(t yr keV)]: callable of E [keV]
        or values at energy_keV."""
        r = dRdE(self.energy_keV) if callable(dRdE) else np.asarray(dRdE, float)
        if r.shape != self.energy_keV.shape:
            raise ValueError(f"dRdE must have {self.energy_keV.size} values (at energy_keV)")
        return self.exposure_t_yr * (r * self.energy_width_keV) @ self.response

    @property
    def observed_fine(self):
        return np.histogram(self.events_pe, self.s2_edges_pe)[0].astype(float)

    # --- coarse ROI bins -----------------------------------------------------------
    @property
    def coarse_edges_pe(self):
        return self.s2_edges_pe[self.coarse_index]

    def coarse(self, fine):
        """Sum fine-bin values into the coarse ROI bins."""
        fine = np.asarray(fine, float)
        return np.array([fine[a:b].sum() for a, b in zip(self.coarse_index[:-1],
                                                         self.coarse_index[1:])])

    @property
    def observed(self):
        return self.coarse(self.observed_fine)

    @property
    def observed_error(self):
        """Delta_i = sqrt(max(D_i, 1)) (CHOICE, spec §1.8)."""
        return np.sqrt(np.maximum(self.observed, 1.0))

    @property
    def background(self):
        return self.coarse(self.background_fine)

    def signal(self, dRdE):
        """Expected signal events per coarse ROI bin."""
        return self.coarse(self.expected_fine(dRdE))

    def limit_factor(self, dRdE, n_sigma=3.0) -> float:
        """Largest scale factor of the signal dRdE allowed by the 3 sigma overshoot rule."""
        return overshoot_limit(self.signal(dRdE), self.background, self.observed,
                               self.observed_error, n_sigma)


def sr1_limit_factor(sr1, observed_rate_signal, n_sigma=3.0) -> float:
    """The same rule for XENON1T SR1 (S1+S2): signal already folded [events/(t yr keV)]
    per 1-keV bin; D, Delta = published rate and sqrt(N) error; B = B0."""
    return overshoot_limit(observed_rate_signal, sr1.b0_rate, sr1.observed_rate,
                           sr1.observed_rate_error, n_sigma)


def poisson_upper_limit(n_observed, cl):
    """Classical one-sided Poisson upper limit mu_up(n): P(N <= n | mu_up) = 1 - cl (Garwood 1936).

    mu_up = chi2.ppf(cl, 2 (n + 1)) / 2; for large n it tends to n + z sqrt(n) (z the one-sided
    quantile of cl), i.e. the "D + z Delta" rule with Delta = sqrt(D).
    """
    from scipy.stats import chi2

    n = np.asarray(n_observed, float)
    if np.any(n < 0):
        raise ValueError("n_observed must be >= 0")
    if not (0.0 < cl < 1.0):
        raise ValueError(f"cl = {cl} must be in (0, 1)")
    return 0.5 * chi2.ppf(cl, 2.0 * (n + 1.0))


def n_sigma_to_cl(n_sigma) -> float:
    """One-sided Gaussian confidence level of n_sigma (3 -> 0.99865)."""
    from scipy.stats import norm

    return float(norm.cdf(n_sigma))


def release_bin_limit_factor(s2: "Xenon1TS2Only", dRdE, n_sigma=3.0) -> float:
    """Largest signal scale lam with lam S_j + B_j <= mu_up(D_j) in every release S2 bin j of the ROI.

    The release's own 199 bins (no regrouping: the limit has no binning choice left), and the
    exact Poisson upper limit at the one-sided confidence level of n_sigma in place of
    D + n_sigma sqrt(D) (which fails for the 0-3 events of most fine bins).
    """
    lo, hi = s2.coarse_index[0], s2.coarse_index[-1]
    sig = s2.expected_fine(dRdE)[lo:hi]
    mu_up = poisson_upper_limit(s2.observed_fine[lo:hi], n_sigma_to_cl(n_sigma))
    return overshoot_limit(sig, s2.background_fine[lo:hi], mu_up, np.zeros(hi - lo), n_sigma)


def regrouped_limit_factor(s2: "Xenon1TS2Only", dRdE, n_coarse: int, n_sigma=3.0) -> float:
    """The coarse-bin D + n_sigma sqrt(max(D, 1)) rule with the ROI regrouped into n_coarse log bins."""
    edges = s2.s2_edges_pe
    lo_pe, hi_pe = edges[s2.coarse_index[0]], edges[s2.coarse_index[-1]]
    idx = np.unique([int(np.argmin(np.abs(edges - t)))
                     for t in np.geomspace(lo_pe, hi_pe, int(n_coarse) + 1)])

    def group(fine):
        return np.array([fine[a:b].sum() for a, b in zip(idx[:-1], idx[1:])])

    d = group(s2.observed_fine)
    return overshoot_limit(group(s2.expected_fine(dRdE)), group(s2.background_fine), d,
                           np.sqrt(np.maximum(d, 1.0)), n_sigma)
