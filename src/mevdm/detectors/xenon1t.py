"""XENON1T SR1 electronic-recoil response and likelihoods (spec paper-003-004 §0.1).

Observed spectrum: dR_obs/dE'(E') = eta(E') * int dE dR/dE(E) Gauss(E' - E; sigma(E)),
sigma(E) = a sqrt(E) + b E (XENON1T arXiv:2006.09721: a = 0.310 sqrt(keV), b = 0.0037),
eta the official total efficiency applied in reconstructed energy, 29 one-keV bins
over 1-30 keV, exposure 0.6473 t yr.  The response is a matrix from a fine grid of
true energies to the analysis bins, so folding a spectrum is one matrix product.

Efficiency treatments (``efficiency=`` of ``Xenon1TSR1.load``; default 'total' for every paper):
'total' the official total efficiency (detection x selection, with the low-energy threshold
roll-off) in reconstructed energy; 'total_true_energy' the same curve applied in true recoil
energy before smearing (literal reading of jho2020 Eq. 5, eps(K_r)); 'selection_only' the
selection efficiency alone (flat ~0.90-0.92: no detection-threshold roll-off below ~3 keV);
'none' eta = 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from mevdm.core import checks as check
from mevdm.core.data import DataStore
from mevdm.detectors.grid import BYTES_PER_TRUE_CELL, MAX_TRUE_CELLS  # noqa: F401  (re-exported)

SR1 = "xenon1t_2020_er_sr1"
FILES = {
    "binned": f"{SR1}/xenon1t_sr1_binned_counts_B0_tritium_gambit.csv",
    "efficiency": f"{SR1}/xenon1t_sr1_efficiency_official.txt",
    "parameters": f"{SR1}/xenon1t_sr1_detector_parameters.json",
}
# efficiency treatment -> (column of the efficiency file or None for eta = 1, applied in true energy)
EFFICIENCIES = {"total": (3, False), "total_true_energy": (3, True), "selection_only": (2, False),
                "none": (None, False)}


_SQRT_2PI = math.sqrt(2.0 * math.pi)


def resolution_keV(energy_keV, a_sqrt_keV=0.310, b=0.0037):
    """Gaussian energy resolution sigma(E) = a sqrt(E) + b E [keV] (arXiv:2006.09721)."""
    energy_keV = check.array("energy_keV", energy_keV, lo=0.0, unit="keV")
    check.number("a_sqrt_keV", a_sqrt_keV, lo=0.0, unit="keV^1/2")
    check.number("b", b, lo=0.0)
    return a_sqrt_keV * np.sqrt(energy_keV) + b * energy_keV


@dataclass(frozen=True)
class Xenon1TSR1:
    """Binned SR1 data, B0 background and the smearing x efficiency response matrix."""

    bin_edges_keV: np.ndarray  # (30,)
    observed_counts: np.ndarray  # (29,)
    b0_counts: np.ndarray  # (29,) already smeared and efficiency-weighted
    tritium_counts: np.ndarray  # (29,) at GAMBIT's reference abundance
    exposure_t_yr: float
    true_edges_keV: np.ndarray  # (n+1,) fine grid of true recoil energies
    response: np.ndarray  # (29, n): P(reconstructed in bin i, detected | true E in cell j)
    eff_energy_keV: np.ndarray
    eff_total: np.ndarray

    @classmethod
    def load(cls, store: DataStore, resolution_a_sqrt_keV=0.310, resolution_b=0.0037,
             fine_bin_keV=0.02, true_energy_max_keV=40.0, efficiency="total") -> "Xenon1TSR1":
        """Data, B0 and response; `efficiency` one of EFFICIENCIES (module docstring)."""
        if efficiency not in EFFICIENCIES:
            raise ValueError(f"efficiency must be one of {list(EFFICIENCIES)}, got {efficiency!r}")
        check.number("resolution_a_sqrt_keV", resolution_a_sqrt_keV, lo=0.0, hi=5.0, unit="keV^1/2")
        check.number("resolution_b", resolution_b, lo=0.0, hi=1.0)
        if resolution_a_sqrt_keV == 0 and resolution_b == 0:
            raise ValueError("resolution_a_sqrt_keV and resolution_b are both 0: the resolution "
                             "sigma(E) = a sqrt(E) + b E must be > 0")
        check.number("fine_bin_keV", fine_bin_keV, lo=0.0, hi=0.5, lo_open=True, unit="keV")
        check.number("true_energy_max_keV", true_energy_max_keV, lo=31.0, hi=200.0, unit="keV "
                     "(beyond the last analysis bin at 30 keV plus the resolution tail)")
        if true_energy_max_keV / fine_bin_keV > MAX_TRUE_CELLS:
            raise ValueError(f"fine_bin_keV = {fine_bin_keV}: {true_energy_max_keV / fine_bin_keV:.3g} "
                             f"true-energy cells; at most {MAX_TRUE_CELLS} (fine_bin_keV >= "
                             f"{true_energy_max_keV / MAX_TRUE_CELLS:.3g} keV; the resolution at "
                             "1 keV is 0.31 keV)")
        table = pd.read_csv(store.path(FILES["binned"]), comment="#")
        eff = np.loadtxt(store.path(FILES["efficiency"]), delimiter=",", comments="#")
        params = pd.read_json(store.path(FILES["parameters"]), typ="series")
        edges = np.append(table["E_lo_keV"].to_numpy(float), table["E_hi_keV"].iloc[-1])
        true_edges = np.arange(0.0, true_energy_max_keV + 0.5 * fine_bin_keV, fine_bin_keV)
        col, in_true = EFFICIENCIES[efficiency]
        eta = eff[:, col] if col is not None else np.ones(eff.shape[0])
        response = response_matrix(edges, true_edges, eff[:, 0], eta, resolution_a_sqrt_keV,
                                   resolution_b, eff_in_true_energy=in_true)
        return cls(edges, table["observed_counts"].to_numpy(float),
                   table["B0_counts"].to_numpy(float), table["tritium_counts"].to_numpy(float),
                   float(params["exposure_tonne_year"]), true_edges, response,
                   eff[:, 0], eta)

    # --- binning ---------------------------------------------------------------
    @property
    def bin_centres_keV(self):
        return 0.5 * (self.bin_edges_keV[1:] + self.bin_edges_keV[:-1])

    @property
    def bin_widths_keV(self):
        return np.diff(self.bin_edges_keV)

    @property
    def true_centres_keV(self):
        return 0.5 * (self.true_edges_keV[1:] + self.true_edges_keV[:-1])

    def counts_to_rate(self, counts):
        """Counts per bin -> events/(t yr keV)."""
        return np.asarray(counts) / (self.exposure_t_yr * self.bin_widths_keV)

    def rate_to_counts(self, rate):
        """events/(t yr keV) per bin -> expected counts per bin."""
        return np.asarray(rate) * self.exposure_t_yr * self.bin_widths_keV

    @property
    def observed_rate(self):
        return self.counts_to_rate(self.observed_counts)

    @property
    def observed_rate_error(self):
        """Pearson errors sqrt(N_obs) in events/(t yr keV), as the data release."""
        return self.counts_to_rate(np.sqrt(self.observed_counts))

    @property
    def b0_rate(self):
        return self.counts_to_rate(self.b0_counts)

    # --- folding -----------------------------------------------------------------
    def fold_cells(self, cell_rates):
        """Rates integrated over each true-energy cell [events/(t yr)] -> observed
        events/(t yr keV) per analysis bin (smearing, then efficiency)."""
        cells = check.array("cell_rates", cell_rates, shape=(self.response.shape[1],), lo=0.0,
                            unit="events/(t yr)")
        return (self.response @ cells) / self.bin_widths_keV

    def fold(self, dRdE):
        """True dR/dE [events/(t yr keV)]: callable of E [keV] or values at true_centres_keV."""
        values = dRdE(self.true_centres_keV) if callable(dRdE) else dRdE
        values = check.array("dRdE", values, shape=self.true_centres_keV.shape, lo=0.0,
                             unit="events/(t yr keV) at true_centres_keV")
        return self.fold_cells(values * np.diff(self.true_edges_keV))

    def fold_line(self, energy_keV, rate_per_t_yr):
        """A mono-energetic line of total rate R [events/(t yr)] at E0 (linear in E0)."""
        x = self.true_centres_keV
        energy_keV = check.number("energy_keV", energy_keV, lo=float(x[0]), hi=float(x[-1]),
                                  unit="keV (the response's true-energy range)")
        rate_per_t_yr = check.number("rate_per_t_yr", rate_per_t_yr, lo=0.0, unit="events/(t yr)")
        cells = np.zeros(self.true_centres_keV.size)
        x = self.true_centres_keV
        j = int(np.clip(np.searchsorted(x, energy_keV) - 1, 0, x.size - 2))
        w = (energy_keV - x[j]) / (x[j + 1] - x[j])
        cells[j], cells[j + 1] = rate_per_t_yr * (1 - w), rate_per_t_yr * w
        return self.fold_cells(cells)

    def efficiency(self, energy_keV):
        """Official total efficiency eta(E) (reconstructed energy)."""
        energy_keV = check.array("energy_keV", energy_keV, lo=0.0, unit="keV")
        return np.interp(energy_keV, self.eff_energy_keV, self.eff_total, left=0.0)

    # --- statistics ----------------------------------------------------------------
    def _check_rates(self, signal_rate, background_rate):
        n = self.observed_counts.shape
        s = np.asarray(signal_rate, dtype=float)
        check.array("signal_rate", s if s.shape == n else np.broadcast_to(s, n) if s.ndim == 0
                    else s, shape=n, unit="events/(t yr keV) per bin")
        if background_rate is not None:
            check.array("background_rate", background_rate, shape=n, lo=0.0,
                        unit="events/(t yr keV) per bin")

    def chi2(self, signal_rate=0.0, background_rate=None):
        """Pearson chi^2 with sqrt(N_obs) errors (jho2020, baryakhtar2020)."""
        self._check_rates(signal_rate, background_rate)
        model = (self.b0_rate if background_rate is None else background_rate) + signal_rate
        return float(np.sum(((self.observed_rate - model) / self.observed_rate_error) ** 2))

    def poisson_loglike(self, signal_rate=0.0, background_rate=None):
        """Poisson log-likelihood sum_i [N_i ln mu_i - mu_i - ln N_i!]."""
        self._check_rates(signal_rate, background_rate)
        model = (self.b0_rate if background_rate is None else background_rate) + signal_rate
        mu = self.rate_to_counts(model)
        n = self.observed_counts
        return float(np.sum(special.xlogy(n, mu) - mu - special.gammaln(n + 1)))




def response_matrix(bin_edges, true_edges, eff_energy, eff_total, a, b, points_per_bin=50,
                    eff_in_true_energy=False):
    """R[i, j] = int_{bin i} dE' eta(E') Gauss(E' - E_j; sigma(E_j)), E_j the true-cell centres
    (eff_in_true_energy: eta(E_j) int_{bin i} dE' Gauss(E' - E_j; sigma(E_j)) instead)."""
    e_true = 0.5 * (true_edges[1:] + true_edges[:-1])
    sigma = resolution_keV(e_true, a, b)
    out = np.empty((bin_edges.size - 1, e_true.size))
    # Gauss-Legendre nodes per reconstructed bin: eta varies smoothly within a keV.
    nodes, weights = np.polynomial.legendre.leggauss(points_per_bin)
    for i, (lo, hi) in enumerate(zip(bin_edges[:-1], bin_edges[1:])):
        e_rec = 0.5 * (hi - lo) * nodes + 0.5 * (hi + lo)
        w = 0.5 * (hi - lo) * weights
        if not eff_in_true_energy:
            w = w * np.interp(e_rec, eff_energy, eff_total)
        z = (e_rec[:, None] - e_true[None, :]) / sigma[None, :]
        gauss = np.exp(-0.5 * z * z) / (_SQRT_2PI * sigma[None, :])  # the normal pdf
        out[i] = w @ gauss
    if eff_in_true_energy:
        out *= np.interp(e_true, eff_energy, eff_total)[None, :]
    return out


def p_value(delta_chi2, n_params):
    """p = P(chi^2_k > delta chi^2) for k new parameters (jho2020 convention)."""
    check.number("delta_chi2", delta_chi2, lo=0.0, unit="(chi^2 of the null minus the best fit)")
    check.integer("n_params", n_params, lo=1, hi=100)
    return float(special.chdtrc(n_params, delta_chi2))  # chi^2_k survival function
