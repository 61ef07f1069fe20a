"""Vectorised XENON1T rate maps of inelastic DM over parameter planes (baryakhtar2020 Figs 1-3, 6, 7;
spec paper-003-004 A3-A5, A8).

Scalings used so that every map costs one expensive evaluation per (m_chi, delta):

* primordial (Eq. 3.9): R = f* sigma_e U_prim(m, delta), with U_prim the rate per unit
  (f* sigma_e [cm^2]) for rho_0, efficiency eta(E_R) applied in true recoil energy as in Eq. 3.9;
* solar (Eq. 4.10): R = (rho_chi/rho_0) sigma_e^2 U_sol(m, delta), U_sol the 1-30 keV rate per
  sigma_e^2 [cm^4] after smearing and efficiency (mevdm.detectors.xenon1t);
* thermal line: sigma v_thermal depends on m_chi (and f_chi) only; eps_th ~ alpha_D^{-1/2} and
  sigma_e,th is alpha_D-independent (spec A2).

A scan is named in config ``baryakhtar2020.scans`` (grid, deltas, number of chunks); the m_chi
axis is split into chunks (one Snakemake job each) and merged by the figures.  Every array in a
chunk has m_chi as its first axis.
"""

from __future__ import annotations

import functools

import numpy as np

from mevdm.early import excited_fraction
from mevdm.detectors import downscattering as primordial
from mevdm.astro import solar_upscatter as solar
from mevdm.papers.baryakhtar2020.checks import SCAN_KINDS
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.astro.halo import StandardHalo
from mevdm.models import inelastic, inelastic_thermal
from mevdm.core.units import C_CM_S, C_KM_S, M_E, keV, per_tonne_year

KEY = "baryakhtar2020"

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
                    rho_local_GeV_cm3=0.3, n_K=800):
    """1-30 keV observed rate [events/(t yr)] per sigma_e^2 [cm^4] for each m_chi (Eq. 4.10,
    smeared and efficiency-weighted)."""
    m_arr = np.atleast_1d(np.asarray(m_chi_MeV, float))
    out = np.empty(m_arr.size)
    widths = xe.bin_widths_keV
    for i, m in enumerate(m_arr):
        cells = solar.recoil_cells(xe.true_edges_keV, m, delta_MeV, 1.0, sun, rho_local_GeV_cm3, n_K)
        out[i] = float(np.sum(xe.fold_cells(cells) * widths))
    return out


# ----------------------------------------------------------------------------
# scans
# ----------------------------------------------------------------------------
class ScanContext:
    """Everything a scan chunk needs, built from the config and the data store on first use
    (a target declares, and reruns on, only the config blocks it reads)."""

    def __init__(self, config: dict, store):
        self.config = config
        self.store = store
        self.paper = config[KEY]
        self._kappa = {}

    @functools.cached_property
    def sun(self) -> solar.SolarCore:
        return solar.SolarCore.from_config(self.paper["sun"])

    @functools.cached_property
    def rho_local_GeV_cm3(self) -> float:
        return float(self.paper["rho_local_GeV_cm3"])

    @functools.cached_property
    def halo(self) -> StandardHalo:
        return StandardHalo(**self.paper["halo"], rho_GeV_cm3=self.rho_local_GeV_cm3)

    @functools.cached_property
    def cosmo(self):
        from mevdm.early.relic import cosmology_for
        return cosmology_for(self.config, self.store)

    @functools.cached_property
    def _thermal(self) -> dict:
        return self.paper["thermal"]

    @functools.cached_property
    def hadrons(self) -> bool:
        return bool(self._thermal["hadrons"])

    @functools.cached_property
    def average(self) -> str:
        return self._thermal["average"]

    @functools.cached_property
    def rratio(self):
        """The PDG R-ratio table, or None: the VMD model of mevdm.models.inelastic_thermal."""
        if self._thermal["r_ratio"] == "pdg2020":
            return inelastic_thermal.PDGRRatio.from_store(self.store)
        return None

    @functools.cached_property
    def omega_h2(self) -> float:
        return float(self._thermal["omega_h2"])

    @functools.cached_property
    def fstar_method(self) -> str:
        return self.paper["fstar"]["method"]

    @functools.cached_property
    def fstar_kw(self) -> dict:
        fs = self.paper["fstar"]
        return dict(ode=bool(fs["ode"]), t_start_over_m=float(fs["T_start_over_m"]),
                    T_end_MeV=float(fs["T_end_MeV"]), step_lnT=float(fs["step_lnT"]))

    @functools.cached_property
    def n_K(self) -> int:
        return int(self.paper["solar_n_K"])

    @functools.cached_property
    def r(self) -> float:
        return float(self.paper["mA_over_mchi"])

    @functools.cached_property
    def alpha_D(self) -> float:
        return float(self.paper["alpha_D"])

    @functools.cached_property
    def xe(self) -> Xenon1TSR1:
        """The XENON1T SR1 detector (loaded on first use: fig 4 needs no detector data)."""
        return Xenon1TSR1.load(self.store, **self.config["xenon1t"])

    def thermal_kappa(self, m, f_chi=1.0):
        """alpha_D eps^2 on the thermal target (alpha_D-independent; spec A2, issue 18 item 3:
        Gondolo-Gelmini average with the PDG R-ratio by default, config thermal.average/r_ratio)."""
        m, f = np.broadcast_arrays(np.asarray(m, float), np.asarray(f_chi, float))
        key = (m.shape, m.tobytes(), f.tobytes())
        if key not in self._kappa:
            self._kappa[key] = inelastic_thermal.thermal_alpha_eps2(
                m, self.r, f, self.hadrons, self.rratio, self.average, self.cosmo, self.omega_h2)
        return self._kappa[key]

    def thermal_sigmav(self, m, f_chi=1.0):
        """sigma v(chi chi* -> all) [cm^3/s] at s = 4 m^2 (v -> 0, late times) on the thermal target."""
        return self.thermal_kappa(m, f_chi) * inelastic_thermal.sigmav_s4m2_unit_cm3_s(
            m, self.r, self.hadrons, self.rratio)

    def thermal_eps(self, m, alpha_D, f_chi=1.0):
        return np.sqrt(self.thermal_kappa(m, f_chi) / alpha_D)

    def thermal_sigma_e(self, m, f_chi=1.0):
        m = np.asarray(m, float)
        return inelastic.sigma_e_cm2(m, np.sqrt(self.thermal_kappa(m, f_chi)), 1.0, self.r * m)

    def variant(self, **thermal) -> ScanContext:
        """The same context with config thermal.<key> overridden (e.g. average="s4m2",
        r_ratio="vmd": the pre-issue-18 thermal target)."""
        import copy
        cfg = copy.deepcopy(self.config)
        cfg[KEY]["thermal"].update(thermal)
        return ScanContext(cfg, self.store)

    def with_thermodynamics(self, thermodynamics: str) -> ScanContext:
        """The same context with config relic.thermodynamics set (the relic solver's g*(T))."""
        import copy
        cfg = copy.deepcopy(self.config)
        cfg["relic"]["thermodynamics"] = thermodynamics
        return ScanContext(cfg, self.store)

    def sigma_e(self, m, eps, alpha_D):
        return inelastic.sigma_e_cm2(m, eps, alpha_D, self.r * m)


def scan_grid(paper: dict, name: str):
    """(m grid [MeV], y grid, delta list [keV]) of a configured scan."""
    sc = paper["scans"][name]
    _, yname = SCAN_KINDS[name]
    deltas = [] if yname == "delta_keV" else list(sc["delta_keV"])
    return axis(sc["m_chi_MeV"]), axis(sc[yname]), deltas


def scan_chunk(config: dict, store, scan: str, rows: slice) -> dict:
    """Rows of scan ``scan`` (mevdm.scans): dict of arrays, m_chi first axis."""
    return run_chunk(ScanContext(config, store), scan, rows)


def run_chunk(ctx: ScanContext, name: str, rows: slice) -> dict:
    """Compute the m_chi rows of scan ``name``: dict of arrays, m_chi first axis."""
    paper = ctx.paper  # grids checked with the config, before any job (checks.check_scans)
    kind, yname = SCAN_KINDS[name]
    m_all, y, deltas = scan_grid(paper, name)
    m = m_all[rows]
    M, Y = np.meshgrid(m, y, indexing="ij")
    out = {"m_chi_MeV": m, "y": y, "delta_keV": np.asarray(deltas, float)}  # y, delta: shared
    if kind in ("primordial_thermal", "primordial_eps"):
        if kind == "primordial_thermal":
            eps = np.sqrt(ctx.thermal_kappa(m)[:, None] / Y)  # alpha_D eps^2 fixed: solve once per m
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
            unit[:, k] = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K)
        out["sigma_e_thermal_cm2"] = sig_e
        out["eps_thermal_alphaD"] = ctx.thermal_eps(m, ctx.alpha_D)
        out["rate"] = unit * sig_e[:, None] ** 2
    elif kind == "solar_fchi":
        (d,) = deltas
        unit = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K)
        sig_e = ctx.thermal_sigma_e(M, Y)
        out["sigma_e_cm2"] = sig_e
        out["eps_thermal_alphaD"] = ctx.thermal_eps(M, ctx.alpha_D, Y)
        out["rate"] = unit[:, None] * Y * sig_e**2  # rho_chi = f_chi rho_0
    elif kind == "solar_eps":
        unit = np.empty((m.size, len(deltas)))
        for j, d in enumerate(deltas):
            unit[:, j] = solar_unit_rate(m, d * keV, ctx.xe, ctx.sun, ctx.rho_local_GeV_cm3, ctx.n_K)
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


# ----------------------------------------------------------------------------
# single points and overlays of the figures (all numbers; figures.py only plots)
# ----------------------------------------------------------------------------
Model = ScanContext  # the figures' physics model is the scans' context


def thermal_point(model: ScanContext, m_chi_MeV: float) -> tuple[float, float]:
    """(sigma_e [cm^2], sigma v(chi chi*) [cm^3/s]) on the thermal target (Sec. 3.1, spec A2)."""
    sigmav = float(model.thermal_sigmav(m_chi_MeV))
    sigma_e = float(model.thermal_sigma_e(m_chi_MeV))
    return sigma_e, sigmav


def fstar_on_thermal_line(model: ScanContext, m_chi_MeV, delta_MeV, **kw):
    """FstarResult on the thermal line at alpha_D of the config (Eqs. 3.2-3.4, spec A3)."""
    eps = model.thermal_eps(m_chi_MeV, model.alpha_D)
    return excited_fraction.excited_fraction(m_chi_MeV, delta_MeV, eps, model.alpha_D, model.r,
                                             cosmo=model.cosmo, **kw), eps


def cmb_ratio(scan: dict, j: int, method: str = "semi") -> np.ndarray:
    """f* sigma v(chi chi* -> ll) / CMB bound (Eq. 3.7 text; > 1 excluded) on a scan grid."""
    from mevdm.constraints import computed as cc
    m = scan["m_chi_MeV"][:, None]
    return scan[f"fstar_{method}"][:, j] * scan["sigmav_ll_cm3_s"] / cc.coannihilation_sigmav_max_cm3_s(m, 1.0)


def limit_curves(model: ScanContext, store, names, plane="chi_eps") -> dict:
    """Constraint-library curves {name: Curve} in a plane at m_A'/m_chi of the config."""
    from mevdm.constraints import library
    lib = library(store=store, config=model.config)
    return {n: lib.get(n).curve(plane, mA_over_mchi=model.r) for n in names}


def eps_limit_on(curve, m):
    """Limit eps(m) interpolated log-log on a mass grid; inf (no limit) outside the curve."""
    lm, lc = np.log(curve.mass_MeV), np.log(curve.coupling)
    order = np.argsort(lm)
    out = np.exp(np.interp(np.log(m), lm[order], lc[order]))
    return np.where((m >= curve.mass_MeV.min()) & (m <= curve.mass_MeV.max()), out, np.inf)


def alpha_limit(model: ScanContext, curve, m):
    """Beam limit in the thermal (m_chi, alpha_D) plane: alpha_D < (eps_th(alpha_D=1)/eps_lim)^2
    (eps_th^2 alpha_D fixed on the thermal line; missing-energy limits on eps are alpha_D-free)."""
    return model.thermal_eps(m, 1.0) ** 2 / eps_limit_on(curve, m) ** 2


def sidm_curve(model: ScanContext, store, m):
    """SIDM bound alpha_D(m_chi) from the constraint library."""
    from mevdm.constraints import library
    lib = library(store=store, config=model.config)
    return lib.get("SIDM_dark_photon").curve("alphaD", mA_over_mchi=model.r, mass_MeV=m)


def sidm_variants(model: ScanContext, m) -> dict:
    """SIDM alpha_D bound at masses m: drawn (loop, ~alpha_D^4, indicative) and the old alpha_D^2 proxy
    (sigma/m < 10 cm^2/g; mevdm.constraints.computed)."""
    from mevdm.constraints import computed as cc

    m = np.asarray(m, float)

    bound = 10.0  # cm^2/g, the paper's [45]
    return {"m_chi_MeV": m, "sigma_over_m_cm2_g": bound,
            "alphaD_max_loop_alphaD4": cc.sidm_dark_photon_alphaD_max(m, model.r, bound, 1.0, "loop"),
            "alphaD_max_proxy_alphaD2": cc.sidm_dark_photon_alphaD_max(m, model.r, bound, 1.0, "proxy"),
            "drawn": "loop_alphaD4 (indicative, C = 1)"}


def rate_at(scan: dict, key: str, j: int, m0: float, y0: float) -> float:
    """Bilinear interpolation in log space of a scan map at (m0, y0)."""
    from scipy.interpolate import RegularGridInterpolator
    f = RegularGridInterpolator((np.log(scan["m_chi_MeV"]), np.log(scan["y"])),
                                np.log(scan[key][:, j]))
    return float(np.exp(f([[np.log(m0), np.log(y0)]])[0]))


def crossing_below(m, rate, level):
    """Smallest m beyond which rate < level (log interpolation); None if never below."""
    below = np.flatnonzero(rate < level)
    if below.size == 0:
        return None
    k = below[0]
    if k == 0:
        return float(m[0])
    lr = np.log(rate[k - 1:k + 1])
    lm = np.log(m[k - 1:k + 1])
    return float(np.exp(lm[0] + (np.log(level) - lr[0]) * (lm[1] - lm[0]) / (lr[1] - lr[0])))


def fig1_numbers(model: ScanContext, report_m_chi_MeV) -> dict:
    """f*, T_kin, T_chem at report masses on the thermal line, delta = 3 and 100 keV (spec C#9)."""
    mr = np.asarray(report_m_chi_MeV, float)
    kw = {k: model.fstar_kw[k] for k in ("t_start_over_m", "T_end_MeV", "step_lnT")}
    rep = {}
    for d in (3.0, 100.0):
        rep[d], eps = fstar_on_thermal_line(model, mr, d * keV, **kw)
    return {"m_chi_MeV": mr, "eps": eps, "delta3": rep[3.0], "delta100": rep[100.0],
            "T_kin_keV_delta3": rep[3.0].T_kin_MeV / keV,
            "T_chem_over_delta_delta3": rep[3.0].T_chem_MeV / (3.0 * keV)}


def eq3_11_norm(model: ScanContext) -> float:
    """Eq. 3.11 normalisation [events/(t yr)]: f* = 1, delta = 1 keV, y = 1e-10, m = 100 MeV, eta = 1."""
    eps = np.sqrt(1e-10 / model.alpha_D) * model.r**2
    se = inelastic.sigma_e_cm2(100.0, eps, model.alpha_D, model.r * 100.0)
    return float(primordial_unit_rate(100.0, 1 * keV, model.xe, model.halo, efficiency=False)[0] * se)


def F_eq4_13_as_printed(m_chi_MeV, delta_MeV, T_MeV) -> float:
    """Eq. 4.12 with <v^2> of Eq. 4.13 as printed, (delta mu/m^2) K2/K1 -- half the value of the
    spectrum's own average used by mevdm.astro.solar_upscatter (spec A5 correction)."""
    mu = float(inelastic.reduced_mass_e(m_chi_MeV))
    v2 = 0.5 * float(solar.mean_v2(m_chi_MeV, delta_MeV, T_MeV))
    return float(np.sqrt(1 + 2 * delta_MeV / (mu * v2)))


def fig4_spectrum(model: ScanContext, m_chi_MeV: float, delta_keV: float) -> dict:
    """Solar chi* flux spectrum and the Sec. 4 numbers at one point (Eqs. 4.3-4.13)."""
    sun, rho = model.sun, model.rho_local_GeV_cm3
    m, delta = m_chi_MeV, delta_keV * keV
    sigma_e, sigmav_ee = thermal_point(model, m)
    K = np.linspace(1e-4, 3.0, 3000) * keV
    dphi_dK = solar.flux_spectrum(K, m, delta, sigma_e, sun, rho) * keV
    sigmav = solar.sigmav_up(sigma_e, m, delta, sun.T_MeV)
    mu = float(inelastic.reduced_mass_e(m))
    sigma_e_4, _ = thermal_point(model, 4.0)  # Sec. 4.3: Perseus gas, T = 6.8 keV, m = 4 MeV
    return {
        "K_keV": K / keV, "dphi_dK": dphi_dK,
        "sigma_e_cm2": sigma_e, "sigmav_coann_cm3_s": sigmav_ee,
        "x": float(solar.x_parameter(m, delta, sun.T_MeV)),
        "sigmav_up_cm3_s": float(sigmav),
        "sigmav_up_over_sigma_e_c": float(sigmav / (sigma_e * C_CM_S)),
        "flux_cm2_s": float(solar.total_flux(m, delta, sigma_e, sun, rho)),
        "peak_K_keV": float(inelastic.reduced_mass_e(m) * delta / m / keV),
        "mean_v2_c2": float(solar.mean_v2(m, delta, sun.T_MeV)),
        "F_eq4_12": float(solar.enhancement_F(m, delta, sun.T_MeV)),
        "F_eq4_13_as_printed": F_eq4_13_as_printed(m, delta, sun.T_MeV),
        "flux_ratio_eq4_3": float(solar.flux_ratio_eq4_3(1e-30, solar.SolarCore(), 7.0)),
        "sigmav_xray_cm3_s": float(solar.sigmav_up(sigma_e_4, 4.0, delta, 6.8 * keV)),
        # Eq. 4.16's factor: the large-x form sqrt(2 delta/mu) exp(-m_e delta/(mu T)) of <sigma v>/(sigma_e c)
        "boltzmann_large_x": float(np.sqrt(2 * delta / mu) * np.exp(-M_E * delta / (mu * sun.T_MeV))),
    }


def fig5_spectra(model: ScanContext, params: dict, printed_F: float, printed_v_esc_over_v0: float) -> dict:
    """Binned XENON1T spectra of the solar and primordial benchmarks (Eqs. 4.10, 3.9) and their
    rates, chi^2 (Fig. 5); Eq. 4.15 and v_esc/v0 variants with the paper's printed F, v_esc/v0."""
    xe, sun, rho = model.xe, model.sun, model.rho_local_GeV_cm3
    m_s, d_s = params["solar_m_chi_MeV"], params["solar_delta_keV"] * keV
    se_s, _ = thermal_point(model, m_s)
    solar_cells = solar.recoil_cells(xe.true_edges_keV, m_s, d_s, se_s, sun, rho)
    solar_obs = xe.fold_cells(solar_cells)
    m_p, d_p = params["primordial_m_chi_MeV"], params["primordial_delta_keV"] * keV
    se_p, _ = thermal_point(model, m_p)
    # excited_fraction's own integration defaults (step_lnT 0.005), recipe of the config
    res, _ = fstar_on_thermal_line(model, m_p, d_p, ode=model.fstar_method == "ode")
    fstar = float(np.ravel(res.fstar(model.fstar_method))[0])
    prim_cells = primordial.recoil_cells(xe.true_edges_keV, m_p, d_p, se_p, fstar, model.halo)
    prim_obs = xe.fold_cells(prim_cells)
    w = xe.bin_widths_keV
    # Eq. 4.15, R = N_T Phi F sigma_e, with the paper's rounded inputs: printed F, v_esc/v0
    sun7 = solar.SolarCore(sun.T_MeV, sun.n_e_cm3, sun.V_cm3, printed_v_esc_over_v0 * sun.v0_km_s,
                           sun.v0_km_s)
    phi7 = solar.total_flux(m_s, d_s, se_s, sun7, rho)
    v_ratio = sun.v_esc_km_s / sun.v0_km_s
    return {
        "rate_solar_eta1_per_t_yr": float(solar_cells.sum()),
        "rate_eq4_15_printed_F_per_t_yr": float(per_tonne_year(phi7 * printed_F * se_s)),
        "rate_solar_vesc_v0_printed_per_t_yr": float(np.sum(solar_obs * w)
                                                     * printed_v_esc_over_v0 / v_ratio),
        "rate_solar_eta1_vesc_v0_printed_per_t_yr": float(solar_cells.sum()
                                                          * printed_v_esc_over_v0 / v_ratio),
        "v_esc_over_v0": v_ratio,
        "F_eq4_12": float(solar.enhancement_F(m_s, d_s, sun.T_MeV)),
        "F_eq4_13_as_printed": F_eq4_13_as_printed(m_s, d_s, sun.T_MeV),
        "solar_obs": solar_obs, "prim_obs": prim_obs,
        "rate_solar_per_t_yr": float(np.sum(solar_obs * w)),
        "rate_solar_true_eta1_per_t_yr": float(solar_cells.sum()),
        "rate_solar_eq4_15_per_t_yr": float(per_tonne_year(
            solar.total_flux(m_s, d_s, se_s, sun, rho) * solar.enhancement_F(m_s, d_s, sun.T_MeV)
            * se_s)),
        "rate_eq4_16_per_t_yr": float(solar.rate_eq4_16()),
        "rate_primordial_per_t_yr": float(np.sum(prim_obs * w)),
        "rate_primordial_true_eta1_per_t_yr": float(prim_cells.sum()),
        "primordial_line_keV": float(primordial.line_energy_keV(m_p, d_p)),
        "primordial_fstar": fstar,
        "sigma_e_solar_cm2": se_s, "sigma_e_primordial_cm2": se_p,
        "chi2_B0": xe.chi2(),
        "chi2_B0_plus_solar": xe.chi2(solar_obs),
        "chi2_B0_plus_primordial": xe.chi2(prim_obs),
    }



def solar_numbers(model: ScanContext, params: dict, variants: dict | None = None) -> dict:
    """Benchmark rate and the masses where the thermal solar rate drops below 1, 10, 100 (Figs. 6-7);
    ``variants`` {name: model}: the same numbers for other thermal targets (rates ~ sigma_e^2)."""
    m_b, d_b = params["benchmark_m_chi_MeV"], params["benchmark_delta_keV"]
    d_c = params["crossing_delta_keV"]
    m_fine = np.geomspace(1.0, 100.0, 241)
    kw = (model.xe, model.sun, model.rho_local_GeV_cm3, model.n_K)
    u_c = solar_unit_rate(m_fine, d_c * keV, *kw)
    u_b = solar_unit_rate(np.array([m_b]), d_b * keV, *kw)
    u_p = solar_unit_rate(m_fine, d_b * keV, *kw)

    def numbers(mod):
        s_f, s_b = mod.thermal_sigma_e(m_fine) ** 2, mod.thermal_sigma_e(np.array([m_b])) ** 2
        r_c, r_b, r_p = u_c * s_f, u_b * s_b, u_p * s_f
        return {
            "rate_benchmark_per_t_yr": float(r_b[0]),
            f"m_chi_rate_below_1_delta{d_c:g}keV_MeV": crossing_below(m_fine, r_c, 1.0),
            f"m_chi_rate_below_10_delta{d_c:g}keV_MeV": crossing_below(m_fine, r_c, 10.0),
            f"m_chi_rate_below_100_delta{d_c:g}keV_MeV": crossing_below(m_fine, r_c, 100.0),
            f"m_chi_rate_below_1_delta{d_b:g}keV_MeV": crossing_below(m_fine, r_p, 1.0),
            f"m_chi_rate_below_10_delta{d_b:g}keV_MeV": crossing_below(m_fine, r_p, 10.0),
        }

    out = numbers(model)
    out["benchmark"] = {"m_chi_MeV": m_b, "delta_keV": d_b}
    for name, mod in (variants or {}).items():
        out[name] = numbers(mod)
    return out


def thermal_eps_leptons_only(model: ScanContext, m, alpha_D):
    """Thermal eps with chi chi* -> e+e-, mu+mu- only (spec A2 table)."""
    lep = model.variant(hadrons=False)
    return lep.thermal_eps(m, alpha_D)


LDMX_DRAWN, LDMX_PHASE1 = "LDMX_projection", "LDMX_phase1_projection"


def ldmx_summary(model: ScanContext, store, m_chi_MeV=(1.0, 3.0, 10.0, 30.0)) -> dict:
    """LDMX reach against the pseudo-Dirac thermal target at alpha_D of the config: eps_lim/eps_th
    (< 1: the thermal point is reached) for the drawn Phase 2 and, for comparison, Phase 1."""
    m = np.asarray(m_chi_MeV, float)
    curves = limit_curves(model, store, [LDMX_DRAWN, LDMX_PHASE1])
    eps_th = model.thermal_eps(m, model.alpha_D)
    r2 = eps_limit_on(curves[LDMX_DRAWN], m) / eps_th
    r1 = eps_limit_on(curves[LDMX_PHASE1], m) / eps_th
    return {"drawn": f"{LDMX_DRAWN} ({curves[LDMX_DRAWN].label})", "m_chi_MeV": m,
            "eps_lim_over_eps_thermal_phase2": r2, "eps_lim_over_eps_thermal_phase1": r1,
            "y_lim_over_y_thermal_phase2": r2**2, "y_lim_over_y_thermal_phase1": r1**2,
            "phase2_reaches_thermal_at_all": bool(np.all(r2 < 1)),
            "phase1_reaches_thermal_at_all": bool(np.all(r1 < 1))}



def largest_above(x, z, level):
    """Largest x with z(x) >= level (z decreasing beyond it; log interpolation); None if never,
    x[-1] if z >= level over the whole grid."""
    z = np.asarray(z, float)
    if not np.any(z >= level):
        return None
    k = int(np.flatnonzero(z >= level)[-1])
    if k == z.size - 1:
        return float(x[-1])
    lz, lx = np.log(np.clip(z[k:k + 2], 1e-300, None)), np.log(x[k:k + 2])
    return float(np.exp(lx[0] + (np.log(level) - lz[0]) * (lx[1] - lx[0]) / (lz[1] - lz[0])))


def fig6_reach(model: ScanContext, left: dict, params: dict, variants: dict | None = None) -> dict:
    """Reach statements of Fig. 6 / Sec. 5 as numbers: largest m_chi and delta with R >= 1, largest
    m_chi with R >= 100 (any delta of the scan), and the f_chi = 0.01 reach (delta of the right panel);
    ``variants`` {name: model}: the same for other thermal targets (maps rescaled by sigma_e^2)."""
    m, d = left["m_chi_MeV"], left["y"]
    m_fine = np.geomspace(1.0, 300.0, 301)
    f = params["reach_f_chi"]
    unit_f = solar_unit_rate(m_fine, params["reach_fchi_delta_keV"] * keV, model.xe, model.sun,
                             model.rho_local_GeV_cm3, model.n_K)

    def numbers(mod):
        rate = left["rate"] * (mod.thermal_kappa(m) / model.thermal_kappa(m))[:, None] ** 2
        r_f = unit_f * f * mod.thermal_sigma_e(m_fine, f) ** 2
        return {
            "reach_m_R1_MeV": largest_above(m, rate.max(axis=1), 1.0),
            "reach_delta_R1_keV": largest_above(d, rate.max(axis=0), 1.0),
            "reach_m_R100_MeV": largest_above(m, rate.max(axis=1), 100.0),
            "reach_m_fchi0p01_MeV": largest_above(m_fine, r_f, 1.0),
        }

    out = numbers(model)
    out["reach_grid"] = {"m_chi_MeV": [float(m[0]), float(m[-1])], "delta_keV": [float(d[0]), float(d[-1])],
                         "f_chi": f, "fchi_delta_keV": params["reach_fchi_delta_keV"]}
    for name, mod in (variants or {}).items():
        out[name] = numbers(mod)
    return out


def alpha_bound(model: ScanContext, store, m, names=("NA64_2019", "BaBar_2017")):
    """Current beam bound in the thermal (m_chi, alpha_D) plane: largest excluded alpha_D at each m."""
    curves = limit_curves(model, store, list(names))
    return np.max([alpha_limit(model, c, np.asarray(m, float)) for c in curves.values()], axis=0)


# ----------------------------------------------------------------------------
# thermal-target variants (issue 18 item 3: the old treatment kept beside the new one)
# ----------------------------------------------------------------------------
OLD_THERMAL = {"average": "s4m2", "r_ratio": "vmd"}  # pre-issue-18: sigma v at s = 4 m^2, VMD R


def old_thermal(model: ScanContext) -> ScanContext:
    """The model with the pre-issue-18 thermal target (sigma v at s = 4 m^2, VMD R-ratio)."""
    return model.variant(**OLD_THERMAL)


def thermal_variants(model: ScanContext, m_chi_MeV, alpha_D: float) -> dict:
    """Thermal alpha_D eps^2 and eps(alpha_D) for the configured treatment and the variants
    s4m2_vmd (old), s4m2_pdg (PDG R at s = 4 m^2, no average) and gg_vmd (average, VMD R)."""
    m = np.asarray(m_chi_MeV, float)
    models = {"baseline": model, "s4m2_vmd": old_thermal(model),
              "s4m2_pdg": model.variant(average="s4m2", r_ratio="pdg2020"),
              "gg_vmd": model.variant(average="gondolo_gelmini", r_ratio="vmd")}
    kap = {k: mm.thermal_kappa(m) for k, mm in models.items()}
    return {"m_chi_MeV": m, "baseline_is": f"{model.average}_{model.config[KEY]['thermal']['r_ratio']}",
            "alpha_eps2": kap,
            "eps_alphaD": {k: np.sqrt(v / alpha_D) for k, v in kap.items()},
            "baseline_over_s4m2_vmd": kap["baseline"] / kap["s4m2_vmd"]}



def primordial_rate_fit(xe: Xenon1TSR1, prim_obs) -> dict:
    """chi^2 of B0 + A x (primordial shape) against the SR1 data as a function of the total rate
    [events/(t yr), 1-30 keV]: best fit and the 1 and 2 sigma upper ends (Delta chi^2 = 1, 4 from
    the minimum, one parameter; Fig. 5 red normalisation, issue 18 item 6)."""
    from scipy.optimize import brentq, minimize_scalar

    w = xe.bin_widths_keV
    r0 = float(np.sum(prim_obs * w))
    shape = prim_obs / r0

    def chi2(rate):
        return float(xe.chi2(rate * shape))

    best = minimize_scalar(chi2, bounds=(0.0, 20 * r0), method="bounded",
                           options={"xatol": 1e-6 * r0})
    r_best, c_min = float(best.x), float(best.fun)
    up = {}
    for name, dchi in (("1sigma", 1.0), ("2sigma", 4.0)):
        up[name] = float(brentq(lambda r, d=dchi: chi2(r) - c_min - d, r_best, 50 * r0 + 100, xtol=1e-8))
    return {"rate_best_fit_per_t_yr": r_best, "chi2_min": c_min,
            "rate_max_1sigma_per_t_yr": up["1sigma"], "rate_max_2sigma_per_t_yr": up["2sigma"],
            "delta_chi2_derived": chi2(r0) - c_min, "rate_derived_per_t_yr": r0}
