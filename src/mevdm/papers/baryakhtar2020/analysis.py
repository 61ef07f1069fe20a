"""Vectorised XENON1T rate maps of inelastic DM over parameter planes (baryakhtar2020 Figs 1-3, 6, 7;
spec paper-003-004 A3-A5, A8).

Scalings used so that every map costs one expensive evaluation per (m_chi, delta):

* primordial (Eq. 3.9): R = f* sigma_e U_prim(m, delta), with U_prim the rate per unit
  (f* sigma_e [cm^2]) for rho_0, efficiency eta(E_R) applied in true recoil energy as in Eq. 3.9;
* solar (Eq. 4.10): R = (rho_chi/rho_0) sigma_e^2 U_sol(m, delta), U_sol the 1-30 keV rate per
  sigma_e^2 [cm^4] after smearing and efficiency (mevdm.detector);
* thermal line: sigma v_thermal depends on m_chi (and f_chi) only; eps_th ~ alpha_D^{-1/2} and
  sigma_e,th is alpha_D-independent (spec A2).

A scan is named in config ``baryakhtar2020.scans`` (grid, deltas, number of chunks); the m_chi
axis is split into chunks (one Snakemake job each) and merged by the figures.  Every array in a
chunk has m_chi as its first axis.
"""

from __future__ import annotations


import numpy as np

from mevdm.early import excited_fraction
from mevdm.early import primordial
from mevdm.astro import solar_upscatter as solar
from mevdm.papers.baryakhtar2020.checks import SCAN_KINDS, check_scans
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.astro.halo import StandardHalo
from mevdm.models import inelastic, inelastic_thermal
from mevdm.core.units import C_KM_S, M_E, keV

KEY = "baryakhtar2020"

# scan name -> (kind, name of the y axis in config)


# ----------------------------------------------------------------------------
# grids, chunks and validation
# ----------------------------------------------------------------------------
def axis(spec: dict) -> np.ndarray:
    """Log-spaced grid from a {min, max, n} block."""
    return np.geomspace(float(spec["min"]), float(spec["max"]), int(spec["n"]))



# ----------------------------------------------------------------------------
# unit rates
# ----------------------------------------------------------------------------
def primordial_unit_rate(m_chi_MeV, delta_MeV, xe: Xenon1TSR1, halo: StandardHalo,
                         n_v=400, n_cells=400, efficiency=True):
    """Rate [events/(t yr)] per unit (f* sigma_e [cm^2]) for each m_chi (Eq. 3.9 with eta(E_R))."""
    m_arr = np.atleast_1d(np.asarray(m_chi_MeV, float))
    out = np.empty(m_arr.size)
    vmax = halo.v_max_km_s / C_KM_S
    for i, m in enumerate(m_arr):
        mu = float(inelastic.reduced_mass_e(m))
        lo, _ = inelastic.recoil_range_MeV(vmax, mu, delta_MeV, M_E)
        _, hi = inelastic.recoil_range_MeV(vmax, mu, delta_MeV, M_E)
        edges_keV = np.linspace(0.999 * lo / keV, 1.001 * hi / keV, n_cells + 1)
        cells = primordial.recoil_cells(edges_keV, m, delta_MeV, 1.0, 1.0, halo, n_v=n_v)
        if efficiency:
            centres = 0.5 * (edges_keV[1:] + edges_keV[:-1])
            cells = cells * xe.efficiency(centres)
        out[i] = cells.sum()
    return out


def solar_unit_rate(m_chi_MeV, delta_MeV, xe: Xenon1TSR1, sun: solar.SolarCore,
                    rho0_GeV_cm3=0.3, n_K=800):
    """1-30 keV observed rate [events/(t yr)] per sigma_e^2 [cm^4] for each m_chi (Eq. 4.10,
    smeared and efficiency-weighted)."""
    m_arr = np.atleast_1d(np.asarray(m_chi_MeV, float))
    out = np.empty(m_arr.size)
    widths = xe.bin_widths_keV
    for i, m in enumerate(m_arr):
        cells = solar.recoil_cells(xe.true_edges_keV, m, delta_MeV, 1.0, sun, rho0_GeV_cm3, n_K)
        out[i] = float(np.sum(xe.fold_cells(cells) * widths))
    return out


# ----------------------------------------------------------------------------
# scans
# ----------------------------------------------------------------------------
class ScanContext:
    """Everything a scan chunk needs, built once from the config and the data store."""

    def __init__(self, config: dict, store):
        self.config = config
        self.paper = config[KEY]
        self.xe = Xenon1TSR1.load(store, **config["xenon1t"])
        self.sun = solar.SolarCore.from_config(self.paper["sun"])
        self.rho0 = float(self.paper["rho0_GeV_cm3"])
        self.halo = StandardHalo(**self.paper["halo"], rho_GeV_cm3=self.rho0)
        from mevdm.early.relic import default_cosmology
        self.cosmo = default_cosmology(store)
        th = self.paper.get("thermal", {})
        self.hadrons = bool(th.get("hadrons", True))
        self.omega_h2 = float(th.get("omega_h2", 0.120))
        fs = self.paper.get("fstar", {})
        self.fstar_kw = dict(ode=bool(fs.get("ode", True)),
                             t_start_over_m=float(fs.get("T_start_over_m", 0.05)),
                             T_end_MeV=float(fs.get("T_end_MeV", 1.0e-8)),
                             step_lnT=float(fs.get("step_lnT", 0.01)))
        self.n_K = int(self.paper.get("solar_n_K", 800))
        self.r = float(self.paper["mA_over_mchi"])
        self.alpha_D = float(self.paper["alpha_D"])

    def thermal_sigmav(self, m, f_chi=1.0):
        return inelastic_thermal.thermal_sigmav_cm3_s(m, f_chi, self.omega_h2, self.cosmo)

    def thermal_eps(self, m, alpha_D, f_chi=1.0):
        return inelastic_thermal.eps_from_sigmav(self.thermal_sigmav(m, f_chi), m, alpha_D,
                                                 self.r, self.hadrons)

    def thermal_sigma_e(self, m, f_chi=1.0):
        return inelastic_thermal.sigma_e_from_sigmav(self.thermal_sigmav(m, f_chi), m, self.r,
                                                     self.hadrons)

    def sigma_e(self, m, eps, alpha_D):
        return inelastic.sigma_e_cm2(m, eps, alpha_D, self.r * m)


def scan_grid(paper: dict, name: str):
    """(m grid [MeV], y grid, delta list [keV]) of a configured scan."""
    sc = paper["scans"][name]
    _, yname = SCAN_KINDS[name]
    deltas = [] if yname == "delta_keV" else list(sc.get("delta_keV", []))
    return axis(sc["m_chi_MeV"]), axis(sc[yname]), deltas


def scan_chunk(config: dict, store, scan: str, rows: slice) -> dict:
    """Rows of scan ``scan`` (mevdm.scans): dict of arrays, m_chi first axis."""
    return run_chunk(ScanContext(config, store), scan, rows)


def run_chunk(ctx: ScanContext, name: str, rows: slice) -> dict:
    """Compute the m_chi rows of scan ``name``: dict of arrays, m_chi first axis."""
    paper = ctx.paper
    check_scans(paper)
    kind, yname = SCAN_KINDS[name]
    m_all, y, deltas = scan_grid(paper, name)
    m = m_all[rows]
    M, Y = np.meshgrid(m, y, indexing="ij")
    out = {"m_chi_MeV": m, "y": y, "delta_keV": np.asarray(deltas, float)}  # y, delta: shared
    if kind in ("primordial_thermal", "primordial_eps"):
        if kind == "primordial_thermal":
            sv = ctx.thermal_sigmav(m)[:, None]  # alpha_D-independent: solve once per m
            eps = inelastic_thermal.eps_from_sigmav(sv, M, Y, ctx.r, ctx.hadrons)
            aD = Y
            sig_e = np.broadcast_to(ctx.thermal_sigma_e(m)[:, None], M.shape)
        else:
            eps, aD = Y, np.full(M.shape, ctx.alpha_D)
            sig_e = ctx.sigma_e(M, eps, aD)
        out["eps"] = eps
        out["sigma_e_cm2"] = np.asarray(sig_e, float)
        out["eps_thermal_alphaD"] = ctx.thermal_eps(m, ctx.alpha_D)
        sv_ll = inelastic_thermal.sigmav_unit_cm3_s(M, aD, ctx.r, hadrons=False) * eps**2
        out["sigmav_ll_cm3_s"] = sv_ll
        keys = ("T_kin_MeV", "T_chem_MeV", "fstar_semi", "fstar_ode", "rate_semi", "rate_ode",
                "unit_rate")
        store = {k: np.empty((m.size, len(deltas), y.size)) for k in keys}
        for j, d in enumerate(deltas):
            res = excited_fraction.excited_fraction(M, d * keV, eps, aD, ctx.r, 1.0, ctx.cosmo,
                                                    **ctx.fstar_kw)
            unit = primordial_unit_rate(m, d * keV, ctx.xe, ctx.halo)[:, None]
            store["T_kin_MeV"][:, j] = res.T_kin_MeV
            store["T_chem_MeV"][:, j] = res.T_chem_MeV
            store["fstar_semi"][:, j] = res.fstar_semi
            store["fstar_ode"][:, j] = res.fstar_ode
            store["rate_semi"][:, j] = res.fstar_semi * sig_e * unit
            store["rate_ode"][:, j] = res.fstar_ode * sig_e * unit
            store["unit_rate"][:, j] = np.broadcast_to(unit, M.shape)
        out.update(store)
    elif kind == "solar_delta":
        sig_e = ctx.thermal_sigma_e(m)
        unit = np.empty(M.shape)
        for k, d in enumerate(y):
            unit[:, k] = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho0, ctx.n_K)
        out["sigma_e_thermal_cm2"] = sig_e
        out["eps_thermal_alphaD"] = ctx.thermal_eps(m, ctx.alpha_D)
        out["rate"] = unit * sig_e[:, None] ** 2
    elif kind == "solar_fchi":
        (d,) = deltas
        unit = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho0, ctx.n_K)
        sig_e = ctx.thermal_sigma_e(M, Y)
        out["sigma_e_cm2"] = sig_e
        out["eps_thermal_alphaD"] = ctx.thermal_eps(M, ctx.alpha_D, Y)
        out["rate"] = unit[:, None] * Y * sig_e**2  # rho_chi = f_chi rho_0
    elif kind == "solar_eps":
        unit = np.empty((m.size, len(deltas)))
        for j, d in enumerate(deltas):
            unit[:, j] = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho0, ctx.n_K)
        sig_e = ctx.sigma_e(M, Y, ctx.alpha_D)
        sig_th = ctx.thermal_sigma_e(m)
        out["unit_rate"] = unit
        out["sigma_e_thermal_cm2"] = sig_th
        out["eps_thermal_alphaD"] = ctx.thermal_eps(m, ctx.alpha_D)
        out["rate_thermal"] = unit * sig_th[:, None] ** 2
        out["rate"] = unit[:, :, None] * sig_e[:, None, :] ** 2
    else:  # pragma: no cover - SCAN_KINDS is closed
        raise ValueError(kind)
    for k, v in out.items():
        v = np.asarray(v, float)
        if v.size and not np.all(np.isfinite(v)):
            raise ValueError(f"scan {name} rows {rows.start}:{rows.stop}: non-finite values in {k}")
        out[k] = v
    return out






