"""Xenon ionisation response to DM-electron scattering (Ema-Sala-Sato Eqs. 15-17; spec §1.8).

    dR_nl/dE_R = N_T sigma_e / (8 mu^2 E_R) int dq q |f_nl(k', q)|^2 xi(E_min(q))      (15)
    xi(E_min)  = int_{E_min}^inf dE (M / 2E) dPhi/dE                                    (16)
    E_min(q)   = (M/2) [ (|E_nl| + E_R - delta)/q + q/(2M) ]^2                          (17)

k' = sqrt(2 m_e E_R).  |f_nl|^2: the DarkARC ionisation form factors W_1 of Catena,
Emken, Spaldin, Tarantino (arXiv:1912.08204; registry
``xenon_ionization_form_factors/catena2019_obscura_W1/Xe_<nl>_W1.txt``), in the
Essig et al. normalisation (electron-spin and m sums included), on log grids
k' in [0.1, 500] keV x q in [1, 1000] keV, bilinear in (ln k', ln q).  Below q = 1 keV
the dipole scaling W(q) = (q/q_min)^2 W(q_min) (as obscura).  Binding energies: RHF
values (Bunge et al. 1993) from ``xenon_shell_binding_energies.csv``.

Units inside: MeV; flux dPhi/dE in cm^-2 s^-1 MeV^-1 on a log-uniform grid; sigma_e in
cm^2; results in events / (tonne year keV).  The same kernel serves any incoming flux
(solar-reflected, halo, boosted): only dPhi/dE changes.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from mevdm.core.data import DataStore
from mevdm.core.units import (A_XE_G_MOL, ALPHA_EM, M_E, N_AVOGADRO, TONNE_G, YEAR_S, keV)

FF_DIR = "xenon_ionization_form_factors/catena2019_obscura_W1"
ESSIG_FILE = "xenon_ionization_form_factors/essig2017_wimprates/xe_ionization_ff_essig2017.npz"
FORM_FACTOR_SETS = ("darkarc", "essig2017")
BINDING_FILE = "xenon_ionization_form_factors/xenon_shell_binding_energies.csv"
ALL_SHELLS = ("5p", "5s", "4d", "4p", "4s", "3d", "3p", "3s", "2p", "2s", "1s")
DEFAULT_SHELLS = ALL_SHELLS[:8]  # 5p ... 3s (spec §1.8); n = 1, 2 negligible below 30 keV
ESSIG_SHELLS = ALL_SHELLS[:7]  # 5p ... 3p: the shells of the Essig 2017 tables
# Essig tables' grids: lnk = ln(E_R/Ry)/2, lnq = ln(q/(alpha m_e)) (PROVENANCE.md, wimprates REFERENCE)
RYDBERG_MEV = 0.5 * ALPHA_EM**2 * M_E  # 13.6057 eV
ALPHA_ME_KEV = ALPHA_EM * M_E / keV  # 3.7289 keV
# Table grids (file header; PROVENANCE.md)
K_GRID_KEV = np.geomspace(0.1, 500.0, 200)
Q_GRID_KEV = np.geomspace(1.0, 1000.0, 200)
# Xe atoms per tonne (spec §0: 4.587e27); the shell sum carries the electron count.
XE_ATOMS_PER_TONNE = TONNE_G / A_XE_G_MOL * N_AVOGADRO
E_R_MIN_KEV = K_GRID_KEV[0] ** 2 / (2 * M_E / keV)  # 9.8e-6 keV
E_R_MAX_KEV = K_GRID_KEV[-1] ** 2 / (2 * M_E / keV)  # 244.6 keV


def ff_path(shell: str) -> str:
    return f"{FF_DIR}/Xe_{shell}_W1.txt"


def registry_names(shells=DEFAULT_SHELLS, form_factors="darkarc") -> list[str]:
    """Registry names of the files the Xe response needs with one form-factor set."""
    if form_factors == "essig2017":
        return [BINDING_FILE, ESSIG_FILE]
    _check_set(form_factors)
    return [BINDING_FILE, *[ff_path(s) for s in shells]]


def _check_set(form_factors: str) -> None:
    if form_factors not in FORM_FACTOR_SETS:
        raise ValueError(f"form-factor set '{form_factors}' unknown; allowed: {list(FORM_FACTOR_SETS)}")


def load_form_factors(store: DataStore, form_factors: str = "darkarc", shells=DEFAULT_SHELLS):
    """|f_nl|^2 tables of one set: 'darkarc' (Catena+ 2019, default) or 'essig2017' (wimprates)."""
    _check_set(form_factors)
    if form_factors == "essig2017":
        return EssigFormFactors.load(store, shells)
    return XenonFormFactors.load(store, shells)


@functools.lru_cache(maxsize=32)
def _read_table(path: str) -> np.ndarray:
    table = np.loadtxt(path, comments="//")
    if table.shape != (K_GRID_KEV.size, Q_GRID_KEV.size):
        raise ValueError(f"{path}: expected a 200 x 200 W_1 table, got {table.shape}")
    return table


def binding_energies_MeV(store: DataStore, shells=DEFAULT_SHELLS, column="E_bind_eV_RHF"):
    """|E_nl| [MeV] of the requested shells (RHF, Bunge et al. 1993)."""
    table = pd.read_csv(store.path(BINDING_FILE), comment="#").set_index("shell")
    unknown = [s for s in shells if s not in table.index]
    if unknown:
        raise ValueError(f"unknown Xe shells {unknown}; allowed: {list(table.index)}")
    return table.loc[list(shells), column].to_numpy(float) * 1.0e-6


@dataclass(frozen=True)
class XenonFormFactors:
    """|f_nl(k', q)|^2 tables for a set of shells, with binding energies."""

    shells: tuple[str, ...]
    E_bind_MeV: np.ndarray  # (nsh,)
    W: np.ndarray  # (nsh, 200, 200) on K_GRID_KEV x Q_GRID_KEV

    @classmethod
    def load(cls, store: DataStore, shells=DEFAULT_SHELLS) -> "XenonFormFactors":
        shells = tuple(shells)
        eb = binding_energies_MeV(store, shells)
        W = np.stack([_read_table(str(store.path(ff_path(s)))) for s in shells])
        return cls(shells, eb, W)

    def __call__(self, E_R_keV, q_keV) -> np.ndarray:
        """|f_nl|^2 for all shells on the outer grid (E_R, q): shape (nsh, nE, nq)."""
        E_R_keV = np.atleast_1d(np.asarray(E_R_keV, float))
        q_keV = np.atleast_1d(np.asarray(q_keV, float))
        bad = (E_R_keV < E_R_MIN_KEV) | (E_R_keV > E_R_MAX_KEV)
        if np.any(bad):
            raise ValueError(
                f"recoil energies {E_R_keV[bad][:3]} keV outside the form-factor tables' "
                f"range [{E_R_MIN_KEV:.3g}, {E_R_MAX_KEV:.4g}] keV (k' in [0.1, 500] keV)")
        if np.any(q_keV <= 0) or np.any(q_keV > Q_GRID_KEV[-1] * (1 + 1e-12)):
            raise ValueError(f"q_keV must lie in (0, {Q_GRID_KEV[-1]}] keV")
        k = np.sqrt(2.0 * (M_E / keV) * E_R_keV)
        lk, lq = np.log(K_GRID_KEV), np.log(Q_GRID_KEV)
        dk, dq = lk[1] - lk[0], lq[1] - lq[0]
        fk = np.clip((np.log(k) - lk[0]) / dk, 0.0, lk.size - 1 - 1e-9)
        ik = fk.astype(int)
        tk = fk - ik
        qc = np.maximum(q_keV, Q_GRID_KEV[0])
        fq = np.clip((np.log(qc) - lq[0]) / dq, 0.0, lq.size - 1 - 1e-9)
        iq = fq.astype(int)
        tq = fq - iq
        W = self.W
        w00 = W[:, ik[:, None], iq[None, :]]
        w01 = W[:, ik[:, None], iq[None, :] + 1]
        w10 = W[:, ik[:, None] + 1, iq[None, :]]
        w11 = W[:, ik[:, None] + 1, iq[None, :] + 1]
        tk_, tq_ = tk[None, :, None], tq[None, None, :]
        out = (1 - tk_) * ((1 - tq_) * w00 + tq_ * w01) + tk_ * ((1 - tq_) * w10 + tq_ * w11)
        dipole = np.where(q_keV < Q_GRID_KEV[0], (q_keV / Q_GRID_KEV[0]) ** 2, 1.0)
        return out * dipole[None, None, :]


@dataclass(frozen=True)
class EssigFormFactors:
    """|f_nl(k', q)|^2 of Essig, Volansky, Yu 2017 (arXiv:1703.00910; tables by T.-T. Yu as
    shipped in wimprates 0.5.0; registry ``ESSIG_FILE``), same interface as XenonFormFactors.

    Per-shell regular grids in lnk = ln(E_R/Ry)/2 and lnq = ln(q/(alpha m_e)); interpolated
    linearly in log10|f|^2 on (lnk, lnq) and set to 0 outside the grid, as wimprates does
    ("conservative"): the tables end at E_R = 0.37 keV (4p) ... 2.5 keV (3p) and q = 1.37-204 keV,
    so above those recoil energies this set gives no rate.  Binding energies: Essig 2017
    Table II (5 outer shells), RHF for 3d, 3p (the table has none).
    """

    shells: tuple[str, ...]
    E_bind_MeV: np.ndarray  # (nsh,)
    lnk: tuple  # per shell
    lnq: tuple
    log10W: tuple

    @classmethod
    def load(cls, store: DataStore, shells=ESSIG_SHELLS) -> "EssigFormFactors":
        shells = tuple(shells)
        bad = [s for s in shells if s not in ESSIG_SHELLS]
        if bad:
            raise ValueError(f"shells {bad} are not in the Essig 2017 tables; allowed: "
                             f"{list(ESSIG_SHELLS)}")
        with np.load(store.path(ESSIG_FILE)) as d:
            lnk = tuple(np.array(d[f"lnks_{s}"], float) for s in shells)
            lnq = tuple(np.array(d[f"lnqs_{s}"], float) for s in shells)
            W = tuple(np.array(d[f"ffsquared_{s}"], float) for s in shells)
        if any(np.any(w <= 0) for w in W):
            raise ValueError(f"{ESSIG_FILE}: non-positive |f|^2 (log interpolation needs > 0)")
        essig = binding_energies_MeV(store, shells, column="E_bind_eV_Essig2017")
        eb = np.where(np.isfinite(essig), essig, binding_energies_MeV(store, shells))
        return cls(shells, eb, lnk, lnq, tuple(np.log10(w) for w in W))

    @property
    def q_max_keV(self) -> float:
        """Upper end of the tables in q [keV] (the set gives 0 above it)."""
        return float(max(np.exp(q[-1]) for q in self.lnq) * ALPHA_ME_KEV)

    def E_R_max_keV(self) -> dict:
        """Upper end of each shell's table in E_R [keV] (the set gives 0 above it)."""
        return {s: float(RYDBERG_MEV * np.exp(2.0 * k[-1]) / keV) for s, k in zip(self.shells, self.lnk)}

    def __call__(self, E_R_keV, q_keV) -> np.ndarray:
        """|f_nl|^2 for all shells on the outer grid (E_R, q): shape (nsh, nE, nq); 0 off the tables."""
        from scipy.interpolate import RegularGridInterpolator

        E_R_keV = np.atleast_1d(np.asarray(E_R_keV, float))
        q_keV = np.atleast_1d(np.asarray(q_keV, float))
        if np.any(E_R_keV <= 0) or np.any(q_keV <= 0):
            raise ValueError("E_R_keV and q_keV must be positive")
        K, Q = np.meshgrid(0.5 * np.log(E_R_keV * keV / RYDBERG_MEV), np.log(q_keV / ALPHA_ME_KEV),
                           indexing="ij")
        pts = np.stack([K.ravel(), Q.ravel()], axis=-1)
        out = np.zeros((len(self.shells), E_R_keV.size, q_keV.size))
        for s in range(len(self.shells)):
            itp = RegularGridInterpolator((self.lnk[s], self.lnq[s]), self.log10W[s],
                                          bounds_error=False, fill_value=-np.inf)
            out[s] = (10.0 ** itp(pts)).reshape(E_R_keV.size, q_keV.size)
        return out


@njit(cache=True)
def xi_from_flux(E_MeV, dphi_dE, M_MeV):
    """xi(E_j) = int_{E_j}^{E_max} dE (M/2E) dPhi/dE  (Eq. 16), trapezoid in ln E [cm^-2 s^-1]."""
    n = E_MeV.size
    xi = np.zeros(n)
    for j in range(n - 2, -1, -1):
        dl = np.log(E_MeV[j + 1]) - np.log(E_MeV[j])
        xi[j] = xi[j + 1] + 0.25 * M_MeV * dl * (dphi_dE[j] + dphi_dE[j + 1])
    return xi


@njit(cache=True)
def shell_spectrum_kernel(E_R_MeV, q_MeV, wq, ff, E_bind_MeV, M_MeV, delta_MeV,
                          lnE0, dlnE, xi):
    """int dq q |f_nl|^2 xi(E_min(q)) / (8 mu^2 E_R) per shell and E_R (Eqs. 15, 17) [cm^-2 s^-1 MeV^-1].

    ``wq``: quadrature weights in q (including the factor q); ``xi`` on the log-uniform
    grid ln E = lnE0 + j dlnE; xi(E_min) = xi[0] below the grid and 0 above it.
    """
    mu = M_MeV * M_E / (M_MeV + M_E)
    nsh, nE, nq = ff.shape
    nx = xi.size
    # E_min(q) >= E_max of the grid adds nothing: for d > 0 only q in
    # M (v_max -+ sqrt(v_max^2 - 2 d/M)) can reach, v_max = sqrt(2 E_max/M); the loop skips the
    # rest (one node of margin each side, the test inside is unchanged: the same sum).
    vmax = np.sqrt(2.0 * np.exp(lnE0 + (nx - 1) * dlnE) / M_MeV)
    out = np.zeros((nsh, nE))
    for s in range(nsh):
        for i in range(nE):
            d = E_bind_MeV[s] + E_R_MeV[i] - delta_MeV
            acc = 0.0
            k0, k1 = 0, nq
            if d > 0.0:
                disc = vmax * vmax - 2.0 * d / M_MeV
                if disc <= 0.0:
                    continue
                root = np.sqrt(disc)
                k0 = max(np.searchsorted(q_MeV, M_MeV * (vmax - root) * (1.0 - 1e-9)) - 1, 0)
                k1 = min(np.searchsorted(q_MeV, M_MeV * (vmax + root) * (1.0 + 1e-9)) + 1, nq)
            for k in range(k0, k1):
                f = ff[s, i, k]
                if f <= 0.0:
                    continue
                q = q_MeV[k]
                t = d / q + q / (2.0 * M_MeV)
                emin = 0.5 * M_MeV * t * t
                if emin <= 0.0:
                    x = xi[0]
                else:
                    u = (np.log(emin) - lnE0) / dlnE
                    if u <= 0.0:
                        x = xi[0]
                    elif u >= nx - 1:
                        continue
                    else:
                        j = int(u)
                        w = u - j
                        x = (1.0 - w) * xi[j] + w * xi[j + 1]
                acc += wq[k] * f * x
            out[s, i] = acc / (8.0 * mu * mu * E_R_MeV[i])
    return out


def log_q_grid(q_min_keV=0.1, q_max_keV=1000.0, n=160):
    """q grid [MeV] and trapezoid weights for int dq q g(q) = int dlnq q^2 g."""
    q = np.geomspace(q_min_keV, q_max_keV, int(n)) * keV
    lq = np.log(q)
    w = np.zeros(q.size)
    w[1:] += 0.5 * np.diff(lq)
    w[:-1] += 0.5 * np.diff(lq)
    return q, w * q**2


def _log_uniform(E_MeV):
    E = np.ascontiguousarray(E_MeV, dtype=float)
    if E.ndim != 1 or E.size < 3 or np.any(E <= 0):
        raise ValueError("flux energy grid must be a 1-D array of > 2 positive energies")
    lnE = np.log(E)
    d = np.diff(lnE)
    if not np.all(np.abs(d - d[0]) <= 1e-6 * abs(d[0])):  # np.allclose(d, d[0], rtol=1e-6, atol=0)
        raise ValueError("flux energy grid must be log-uniform (use numpy.geomspace)")
    return E, float(lnE[0]), float(d[0])


GRID_CACHE_SIZE = 8  # recoil grids kept per form-factor set by XenonRecoilSpectrum.cached


@dataclass
class XenonRecoilSpectrum:
    """Eq. (15) on a fixed recoil grid: form factors precomputed once, kernel per flux."""

    ff: XenonFormFactors
    E_R_keV: np.ndarray
    q_MeV: np.ndarray
    wq: np.ndarray
    ff_grid: np.ndarray  # (nsh, nE, nq)

    @classmethod
    def build(cls, ff: XenonFormFactors, E_R_keV, n_q=160, q_min_keV=0.1, q_max_keV=1000.0):
        E_R_keV = np.ascontiguousarray(E_R_keV, dtype=float)
        q, wq = log_q_grid(q_min_keV, q_max_keV, n_q)
        return cls(ff, E_R_keV, q, wq, np.ascontiguousarray(ff(E_R_keV, q / keV)))

    @classmethod
    def cached(cls, ff, E_R_keV, n_q=160, q_max_keV=1000.0) -> "XenonRecoilSpectrum":
        """``build`` once per form-factor set (the ``ff`` object), recoil grid and q grid: a repeated
        call (a mass scan, a halo model varied) does no interpolation.  The last
        ``GRID_CACHE_SIZE`` grids are kept on ``ff`` itself and go with it."""
        E_R_keV = np.ascontiguousarray(E_R_keV, dtype=float)
        cache = ff.__dict__.setdefault("_recoil_grid_cache", {})
        key = (E_R_keV.tobytes(), int(n_q), float(q_max_keV))
        if key not in cache:
            if len(cache) >= GRID_CACHE_SIZE:
                cache.pop(next(iter(cache)))  # oldest first
            cache[key] = cls.build(ff, E_R_keV, n_q=n_q, q_max_keV=q_max_keV)
        return cache[key]

    def per_shell(self, E_MeV, dphi_dE, M_MeV, sigma_e_cm2, delta_MeV=0.0):
        """dR_nl/dE_R [events/(t yr keV)], shape (nsh, nE), for the flux dPhi/dE [cm^-2 s^-1 MeV^-1]."""
        if not (0 < M_MeV <= 1.0e3):
            raise ValueError(f"M_MeV = {M_MeV} outside (0, 1000] MeV")
        if not (0 <= delta_MeV < M_MeV):
            raise ValueError(f"delta_MeV = {delta_MeV} must satisfy 0 <= delta < M = {M_MeV} MeV")
        E, lnE0, dlnE = _log_uniform(E_MeV)
        xi = xi_from_flux(E, np.ascontiguousarray(dphi_dE, dtype=float), float(M_MeV))
        dr = shell_spectrum_kernel(self.E_R_keV * keV, self.q_MeV, self.wq, self.ff_grid,
                                   self.ff.E_bind_MeV, float(M_MeV), float(delta_MeV),
                                   lnE0, dlnE, xi)
        # per atom: [s^-1 MeV^-1] = sigma_e [cm^2] x (kernel) -> per tonne, year, keV
        return dr * sigma_e_cm2 * XE_ATOMS_PER_TONNE * YEAR_S * keV

    def total(self, *args, **kwargs):
        """Shell-summed dR/dE_R [events/(t yr keV)] on E_R_keV."""
        return self.per_shell(*args, **kwargs).sum(axis=0)


def reference_rate_scipy(ff: XenonFormFactors, shell: str, E_R_keV, E_MeV, dphi_dE, M_MeV,
                         sigma_e_cm2, delta_MeV=0.0, q_min_keV=0.1, q_max_keV=1000.0):
    """Slow reference of Eq. (15) for one shell: scipy quad over q, RegularGridInterpolator
    for |f|^2, xi from scipy's cumulative trapezoid (tests and benchmarks only)."""
    from scipy import integrate, interpolate

    s = ff.shells.index(shell)
    interp = interpolate.RegularGridInterpolator(
        (np.log(K_GRID_KEV), np.log(Q_GRID_KEV)), ff.W[s], method="linear")
    lnE = np.log(E_MeV)
    # xi(E) = int_E^Emax (M/2) dPhi/dE dlnE
    cum = integrate.cumulative_trapezoid(0.5 * M_MeV * np.asarray(dphi_dE), lnE, initial=0.0)
    xi_tab = cum[-1] - cum

    def xi(emin):
        if emin >= E_MeV[-1]:
            return 0.0
        return float(np.interp(np.log(max(emin, E_MeV[0])), lnE, xi_tab))

    mu = M_MeV * M_E / (M_MeV + M_E)
    eb = ff.E_bind_MeV[s]
    out = []
    for er in np.atleast_1d(E_R_keV):
        lk = 0.5 * np.log(2 * (M_E / keV) * er)

        def integrand(lq):
            qk = np.exp(lq)
            f2 = interp([[lk, max(lq, np.log(Q_GRID_KEV[0]))]])[0]
            if qk < Q_GRID_KEV[0]:
                f2 *= (qk / Q_GRID_KEV[0]) ** 2
            q = qk * keV
            emin = 0.5 * M_MeV * ((eb + er * keV - delta_MeV) / q + q / (2 * M_MeV)) ** 2
            return q * q * f2 * xi(emin)

        with warnings.catch_warnings():  # roundoff warnings at the kinks of xi(E_min(q))
            warnings.simplefilter("ignore", integrate.IntegrationWarning)
            val, _ = integrate.quad(integrand, np.log(q_min_keV), np.log(q_max_keV), limit=400,
                                    epsabs=0.0, epsrel=1e-4)
        out.append(val / (8 * mu * mu * er * keV))
    return np.array(out) * sigma_e_cm2 * XE_ATOMS_PER_TONNE * YEAR_S * keV


def detected_spectrum(E_R_keV, per_shell, E_bind_MeV, E_det_keV, add_binding=False):
    """Shell-summed spectrum in detected energy [events/(t yr keV)] by log interpolation of
    the per-shell spectra tabulated on E_R_keV: E_det = E_R (paper, default) or
    E_R + |E_nl| (add_binding, relaxation energy deposited locally; CHOICE spec §1.8).
    Zero outside the tabulated range."""
    E_R_keV = np.asarray(E_R_keV, float)
    E_det_keV = np.atleast_1d(np.asarray(E_det_keV, float))
    out = np.zeros(E_det_keV.size)
    lx = np.log(E_R_keV)
    nodes = {}  # per shift of E_det (one without add_binding): the cells and ln E_R once
    for s in range(per_shell.shape[0]):
        shift = E_bind_MeV[s] / keV if add_binding else 0.0
        if shift not in nodes:
            er = E_det_keV - shift
            ok = (er >= E_R_keV[0]) & (er <= E_R_keV[-1])
            nodes[shift] = ok, np.log(er[ok])
        ok, ler = nodes[shift]
        out[ok] += np.interp(ler, lx, per_shell[s])
    return out
