"""jho2020 (Jho, Park, Park, Tseng, arXiv:2006.13910): the analysis behind the figures (no plotting).

Scenario #1 (Sec. II, Eqs. 5-7): solar nu-e scattering through the L_e - L_mu boson X;
Scenario #2 (Sec. III, Eqs. 8-10): cosmic-ray-electron boosted DM, effective sigma or X mediator;
Sec. V (Eqs. 11-12): neutron-star capture.  Every fit is the Pearson chi^2 of spec B1 against the
XENON1T SR1 data with B0 fixed; each model is a fixed shape per masses times a normalisation
(g^4, sigma^2, sqrt(g_e g_chi)^8), so the coupling is profiled exactly (fits.Chi2Quadratic).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mevdm.astro import cosmic_rays, neutrino, neutron_star
from mevdm.detectors import fits
from mevdm.detectors import xenon1t as detector

KEY = "jho2020"


# --------------------------------------------------------------------------- shared set-up
def logspace(rng, n):
    """n log-spaced points over rng = [low, high]."""
    return np.geomspace(float(rng[0]), float(rng[1]), int(n))


def recoil_grid_keV(paper_cfg):
    """True recoil energies [keV] on which the spectra are computed before folding."""
    g = paper_cfg["recoil_grid"]
    return np.geomspace(g["min_keV"], g["max_keV"], g["n"])


def load_detector(config, store):
    """XENON1T SR1 (binned data, B0, response) with the shared `xenon1t:` settings."""
    return detector.Xenon1TSR1.load(store, **config["xenon1t"])


def boosted_model(paper_cfg, recoil_keV):
    """CR-electron boosted DM (Eq. 10) on the recoil grid, J-bar = rho_local D_eff."""
    b = paper_cfg["boosted"]
    return cosmic_rays.BoostedDM(recoil_keV, b["rho_local_GeV_cm3"], b["d_eff_kpc"], b["n_flux"],
                                 b["n_nodes"])


def solar_model(paper_cfg, store, recoil_keV):
    """Solar nu-e scattering through X (Eqs. 5-7) on the recoil grid."""
    s = paper_cfg["solar"]
    flux = neutrino.load_solar_flux(store, s["model"], s["sources"], s["be7_branching"])
    return neutrino.NuElectronX.build(flux, recoil_keV, s["flavour_factor"])


@dataclass(frozen=True)
class Setup:
    """Detector, recoil grid and folding matrix shared by every fit of the paper."""

    det: detector.Xenon1TSR1
    recoil_keV: np.ndarray
    folder: fits.LogLogFolder

    @classmethod
    def build(cls, config, store) -> "Setup":
        det = load_detector(config, store)
        kr = recoil_grid_keV(config[KEY])
        return cls(det, kr, fits.LogLogFolder(det, kr))

    def quad(self, spectra):
        """chi^2 quadratic of true spectra (..., n_recoil) folded through the response."""
        return fits.Chi2Quadratic.from_templates(self.det, self.folder.fold(spectra))

    def profiled_chi2(self, spectrum_fn):
        """params -> chi^2 with the normalisation profiled analytically (for the minimiser)."""

        def f(params):
            return float(self.quad(spectrum_fn(params)).chi2_min())

        return f


# --------------------------------------------------------------------------- Scenario #1 (Fig. 1)
def scenario1(config, store, params, point_mX_MeV, point_ge):
    """Fig. 1: chi^2 over (m_X, g_e = g_nu) (Eqs. 5-7), its best fit and chi^2 at a given point."""
    cfg = config[KEY]
    s = Setup.build(config, store)
    nux = solar_model(cfg, store, s.recoil_keV)
    mx = logspace(params["m_X_keV"], params["n_m_X"]) * 1e-3
    ge = logspace(params["g_e"], params["n_g_e"])
    quad = s.quad(nux.rate_grid(mx))
    chi2 = quad.chi2(ge ** 4)  # (n_mX, n_ge): the rate scales as (g_e g_nu)^2 = g^4
    i = int(np.argmin(quad.chi2_min()))
    f = s.profiled_chi2(lambda m: nux.rate_grid(m)[0])
    (mx_best,), chi2_best, _ = fits.minimise_log(f, [mx[i]], [[mx[0], mx[-1]]])
    c_best = s.quad(nux.rate(mx_best)).best_scale()
    at_point = s.folder.fold(nux.rate(point_mX_MeV, point_ge))
    chi2_b0 = s.det.chi2()
    return {"det": s.det, "m_X_MeV": mx, "g_e": ge, "chi2": chi2, "chi2_B0": chi2_b0,
            "best_mX_MeV": float(mx_best), "best_ge": float(c_best) ** 0.25, "chi2_best": chi2_best,
            "summary": fits.fit_summary(chi2_b0, chi2_best, 2),
            "grid_best": {"mX_keV": mx[i] * 1e3, "chi2": float(quad.chi2_min()[i])},
            "chi2_at_point": s.det.chi2(at_point), "rate_1_30keV_at_point": float(at_point.sum())}


# --------------------------------------------------------------------------- Scenario #2 effective (Fig. 2)
def effective_sigma(config, store, params, point_mDM_MeV):
    """Fig. 2: chi^2 over (m_DM, sigma_DM-e) for the effective cross section (rate ~ sigma^2)."""
    cfg = config[KEY]
    s = Setup.build(config, store)
    bdm = boosted_model(cfg, s.recoil_keV)
    mdm = logspace(params["m_chi_keV"], params["n_m_chi"]) * 1e-3
    sig = logspace(params["sigma_e_cm2"], params["n_sigma"])
    quad = s.quad(bdm.unit_spectra(mdm, 1.0, "effective")[:, 0])
    chi2 = quad.chi2(sig ** 2)
    i = int(np.argmin(quad.chi2_min()))
    f = s.profiled_chi2(lambda m: bdm.unit_spectra(m[0], 1.0, "effective")[0, 0])
    (m_best,), chi2_best, _ = fits.minimise_log(f, [mdm[i]], [[mdm[0], mdm[-1]]])
    unit = s.folder.fold(bdm.unit_spectra(m_best, 1.0, "effective")[0, 0])
    s_best = float(fits.Chi2Quadratic.from_templates(s.det, unit).best_scale()) ** 0.5
    unit_p = s.folder.fold(bdm.unit_spectra(point_mDM_MeV, 1.0, "effective")[0, 0])
    q_p = fits.Chi2Quadratic.from_templates(s.det, unit_p)
    chi2_b0 = s.det.chi2()
    return {"det": s.det, "m_DM_MeV": mdm, "sigma_cm2": sig, "chi2": chi2, "chi2_B0": chi2_b0,
            "best_mDM_MeV": float(m_best), "best_sigma_cm2": s_best, "chi2_best": chi2_best,
            "summary": fits.fit_summary(chi2_b0, chi2_best, 2), "signal": s_best ** 2 * unit,
            "unit_at_point": unit_p, "at_point": {"best_sigma_cm2": float(q_p.best_scale()) ** 0.5,
                                                  "chi2": float(q_p.chi2_min())},
            "column_MeV_cm2": cosmic_rays.column_cm2_mev(cfg["boosted"]["rho_local_GeV_cm3"],
                                                          cfg["boosted"]["d_eff_kpc"])}


# --------------------------------------------------------------------------- mediator spectra (Figs 3, 4)
def mediator_spectra(config, store, pairs, rate_total):
    """Observed spectra of (m_DM, m_X) pairs, each scaled to `rate_total` events/(t yr) in 1-30 keV."""
    s = Setup.build(config, store)
    bdm = boosted_model(config[KEY], s.recoil_keV)
    e = s.det.bin_centres_keV
    out = []
    for m_dm, m_x in pairs:
        unit = s.folder.fold(bdm.unit_spectra(m_dm, m_x, "mediator")[0, 0])
        c = rate_total / float(unit.sum())  # CHOICE: common observed rate in 1-30 keV
        q = fits.Chi2Quadratic.from_templates(s.det, unit)
        out.append({"m_DM_MeV": m_dm, "m_X_MeV": m_x, "sqrt_gegchi": c ** 0.125, "signal": c * unit,
                    "chi2": float(np.squeeze(q.chi2(c))), "chi2_min_over_coupling": float(q.chi2_min()),
                    "sqrt_gegchi_chi2_min": float(q.best_scale()) ** 0.125,
                    "peak_bin_keV": float(e[np.argmax(unit)]),
                    "mean_energy_keV": float(np.sum(e * unit) / np.sum(unit)),
                    "rate_1_30keV_per_t_yr": float((c * unit).sum())})
    return s.det, out


# --------------------------------------------------------------------------- Scenario #2 mediator scan (Figs 5, 6)
def fig5_grid(paper_cfg):
    """(m_DM [MeV], m_X [MeV], sqrt(g_e g_chi)) axes of the Fig. 5 scan."""
    p = paper_cfg["fig5"]
    return (logspace(p["m_chi_MeV"], p["n_m_chi"]), logspace(p["m_X_MeV"], p["n_m_X"]),
            logspace(p["sqrt_gegchi"], p["n_coupling"]))


def scan_chunk(config, store, scan, rows: slice):
    """Chunk of a scan of this paper (mevdm.scans): only 'fig5' exists."""
    if scan != "fig5":
        raise KeyError(f"jho2020 has no scan '{scan}'")
    return fig5_scan_chunk(config, store, rows)


def fig5_scan_chunk(config, store, rows: slice):
    """Folded unit-coupling templates for the m_DM rows of one chunk: (rows, n_mX, n_bins)."""
    cfg = config[KEY]
    s = Setup.build(config, store)
    mdm, mx, _ = fig5_grid(cfg)
    spectra = boosted_model(cfg, s.recoil_keV).unit_spectra(mdm[rows], mx, "mediator")
    return {"m_DM_MeV": mdm[rows], "m_X_MeV": mx, "templates": s.folder.fold(spectra)}


def check_scan(paper_cfg, scan):
    """Grids and templates (n_mDM, n_mX, n_bins) of the merged fig5 scan, checked against the config."""
    mdm, mx, cpl = fig5_grid(paper_cfg)
    if not (np.allclose(scan["m_X_MeV"], mx) and np.allclose(scan["m_DM_MeV"], mdm)):
        raise ValueError("fig5 scan chunks do not match the configured grid; rerun the chunk rules")
    return mdm, mx, cpl, scan["templates"]


def mediator_fit(config, store, scan, point):
    """Fig. 5: chi^2 over (m_DM, m_X, sqrt(g_e g_chi)) and its best fit (Nelder-Mead from the grid
    minimum, coupling profiled analytically); `point` = (m_DM, m_X) for the chi^2 at fixed masses."""
    cfg = config[KEY]
    s = Setup.build(config, store)
    bdm = boosted_model(cfg, s.recoil_keV)
    mdm, mx, cpl, templates = check_scan(cfg, scan)
    quad = fits.Chi2Quadratic.from_templates(s.det, templates)
    chi2 = quad.chi2(cpl ** 8)  # (n_mDM, n_mX, n_g): rate ~ (g_e g_chi)^4
    i, j = fits.grid_argmin(quad.chi2_min())
    f = s.profiled_chi2(lambda m: bdm.unit_spectra(m[0], m[1], "mediator")[0, 0])
    (m_dm, m_x), chi2_best, _ = fits.minimise_log(
        f, [mdm[i], mx[j]], [[mdm[0], mdm[-1]], [mx[0], mx[-1]]])
    unit = s.folder.fold(bdm.unit_spectra(m_dm, m_x, "mediator")[0, 0])
    c = float(fits.Chi2Quadratic.from_templates(s.det, unit).best_scale())
    unit_p = s.folder.fold(bdm.unit_spectra(point[0], point[1], "mediator")[0, 0])
    q_p = fits.Chi2Quadratic.from_templates(s.det, unit_p)
    chi2_b0 = s.det.chi2()
    return {"det": s.det, "m_DM_MeV": mdm, "m_X_MeV": mx, "sqrt_gegchi": cpl, "chi2": chi2,
            "chi2_profile_masses": quad.chi2_min(), "chi2_B0": chi2_b0,
            "best": {"m_DM_MeV": float(m_dm), "m_X_MeV": float(m_x), "sqrt_gegchi": c ** 0.125,
                     "chi2": chi2_best},
            "summary": fits.fit_summary(chi2_b0, chi2_best, 3), "signal": c * unit,
            "grid_best": {"m_DM_MeV": mdm[i], "m_X_MeV": mx[j], "chi2": float(quad.chi2_min()[i, j])},
            "at_point": {"best_sqrt_gegchi": float(q_p.best_scale()) ** 0.125,
                         "chi2": float(q_p.chi2_min())}}


def mx_max_1sigma(m_x, profile_mx_g, chi2_min, level=fits.DELTA_CHI2_2DOF[0]):
    """Largest m_X inside Delta chi^2 < level on the (m_X, coupling) profile (0 if none)."""
    inside = m_x[(profile_mx_g - chi2_min < level).any(axis=1)]
    return float(inside.max()) if inside.size else 0.0


def fixed_gchi_plane(config, store, scan, params):
    """Fig. 6: chi^2 over (m_X, g_e) at g_chi fixed, profiled over m_DM, from the fig5 scan."""
    cfg = config[KEY]
    det = load_detector(config, store)
    mdm, mx, cpl, templates = check_scan(cfg, scan)
    quad = fits.Chi2Quadratic.from_templates(det, templates)
    g_chi = params["g_chi"]
    ge = logspace(params["g_e"], params["n_g_e"])
    chi2 = quad.chi2((ge * g_chi) ** 4).min(axis=0)  # (n_mX, n_ge), profiled over m_DM
    i, j = fits.grid_argmin(quad.chi2_min())
    return {"m_X_MeV": mx, "g_e": ge, "chi2": chi2, "chi2_min": float(quad.chi2_min().min()),
            "best_mX_MeV": float(mx[j]), "best_ge": float(quad.best_scale()[i, j]) ** 0.25 / g_chi}


# --------------------------------------------------------------------------- neutron star (Sec. V)
def ns_capture(params, name, point):
    """Eqs. 11-12 at one (m_DM, m_X, sqrt(g_e g_chi)) point: C_c, C_geom, sigma_tot, xi."""
    kw = dict(rho_GeV_cm3=params["rho_local_GeV_cm3"], v_esc_c=params["v_esc_c"],
              v_bar_km_s=params["v_bar_km_s"], m_ns_msun=params["m_ns_msun"],
              electron_fraction=params["electron_fraction"])
    m_dm, m_x, g = point
    xi = neutron_star.pauli_xi(m_dm, m_x, params["xi_convention"], params["p_fermi_MeV"],
                               params["v_esc_c"], params.get("xi_fixed"))
    c_per_xi = neutron_star.capture_rate_s(m_dm, m_x, g, 1.0, **kw)
    return {"m_DM_MeV": m_dm, "m_X_MeV": m_x, "sqrt_gegchi": g, "xi": xi,
            "C_capture_s": c_per_xi * xi, "C_capture_over_xi_s": c_per_xi,
            "C_geom_s": neutron_star.c_geom_s(m_dm, params["rho_local_GeV_cm3"], params["r_ns_km"],
                                              params["m_ns_msun"]),
            "sigma_tot_cm2": neutron_star.sigma_tot_cm2(m_dm, m_x, g, params["v_esc_c"]),
            "K_DM_MeV": neutron_star.dm_kinetic_energy_MeV(m_dm, params["v_esc_c"])}


def ns_constants(params):
    """sigma_crit = pi R^2 / N_e and N_e of the NS (Sec. V)."""
    return {"sigma_crit_cm2": neutron_star.sigma_crit_cm2(params["r_ns_km"], params["m_ns_msun"],
                                                          params["electron_fraction"]),
            "N_e": neutron_star.n_electrons(params["m_ns_msun"], params["electron_fraction"])}
