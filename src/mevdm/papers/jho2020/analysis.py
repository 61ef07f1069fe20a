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
# Contour conventions of the paper
DELTA_CHI2_2DOF = (2.30, 5.99)  # 1 sigma, 2 sigma for 2 parameters (Figs 2, 5)
FIG1_ABS_LEVELS = (43.0, 44.0, 46.0)  # absolute chi^2 bands of Fig. 1 (its caption)
DISFAVOURED_CHI2 = 50.0  # grey/red: chi^2 > 50 (Figs 1, 2, 5, 6)


# --------------------------------------------------------------------------- shared set-up
def logspace(rng, n):
    """n log-spaced points over rng = [low, high]."""
    return np.geomspace(float(rng[0]), float(rng[1]), int(n))


def recoil_grid_keV(paper_cfg):
    """True recoil energies [keV] on which the spectra are computed before folding."""
    g = paper_cfg["recoil_grid"]
    return np.geomspace(g["min_keV"], g["max_keV"], g["n"])


def load_detector(config, store, efficiency=None):
    """XENON1T SR1 (binned data, B0, response) with the shared `xenon1t:` settings and an
    efficiency treatment (None: this paper's baseline, `jho2020.efficiency.baseline`)."""
    eff = config[KEY]["efficiency"]["baseline"] if efficiency is None else efficiency
    return detector.Xenon1TSR1.load(store, **config["xenon1t"], efficiency=eff)


def efficiency_variants(config):
    """Names of the efficiency variants fitted beside the baseline (baseline first)."""
    e = config[KEY]["efficiency"]
    return [e["baseline"]] + [v for v in e["variants"] if v != e["baseline"]]


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
    def build(cls, config, store, efficiency=None) -> "Setup":
        det = load_detector(config, store, efficiency)
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


# --------------------------------------------------------------------------- intervals, variants
def interval_1d(x, profile, chi2_min, delta=1.0):
    """Profile-likelihood interval {x: profile(x) - chi2_min < delta} around the profile's minimum,
    crossings interpolated in log x; an end is None where the region reaches the grid edge."""
    x, prof = np.asarray(x, float), np.asarray(profile, float) - chi2_min - delta
    i0 = int(np.argmin(prof))
    ends = []
    for step in (-1, 1):
        i = i0
        while 0 <= i + step < x.size and prof[i + step] < 0:
            i += step
        j = i + step
        if not 0 <= j < x.size:
            ends.append(None)
            continue
        t = prof[i] / (prof[i] - prof[j])
        ends.append(float(np.exp(np.log(x[i]) + t * (np.log(x[j]) - np.log(x[i])))))
    return ends


def variant_entry(chi2_b0, chi2_min, best_fit, intervals, k):
    """One variant of a fit: chi^2_min, best fit, 1-sigma (Delta chi^2 = 1) intervals, p-value."""
    summ = fits.fit_summary(chi2_b0, chi2_min, k)
    return {"chi2_min": chi2_min, "chi2_B0": chi2_b0, "best_fit": best_fit,
            "interval_1sigma": intervals, "p_value": summ["p_value"],
            "delta_chi2": summ["delta_chi2"], "significance_sigma": summ["significance_sigma"]}


def chi2_b0_digitised(config, store):
    """chi^2 of B0 alone with the fine digitised B0 curve of XENON1T Fig. 4 at the bin centres
    (the released per-bin B0 gives our chi2_B0; the paper's value is closer to this one)."""
    det = load_detector(config, store)
    curve = np.loadtxt(store.path(B0_DIGITISED))
    return det.chi2(background_rate=np.interp(det.bin_centres_keV, curve[:, 0], curve[:, 1]))


B0_DIGITISED = "xenon1t_2020_er_sr1/xenon1t_B0_curve_digitized_fig4_fine.dat"


# --------------------------------------------------------------------------- Scenario #1 (Fig. 1)
def scenario1_variant(config, store, params, efficiency, point_mX_MeV, point_ge):
    """Fig. 1 for one efficiency treatment: chi^2 over (m_X, g_e = g_nu) (Eqs. 5-7), best fit,
    1-sigma intervals and chi^2 at a given point."""
    cfg = config[KEY]
    s = Setup.build(config, store, efficiency)
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
    ge_best = float(c_best) ** 0.25
    lo, hi = interval_1d(mx, quad.chi2_min(), chi2_best)
    glo, ghi = interval_1d(ge, chi2.min(axis=0), chi2_best)
    return {"det": s.det, "m_X_MeV": mx, "g_e": ge, "chi2": chi2, "chi2_B0": chi2_b0,
            "best_mX_MeV": float(mx_best), "best_ge": ge_best, "chi2_best": chi2_best,
            "summary": fits.fit_summary(chi2_b0, chi2_best, 2),
            "grid_best": {"mX_keV": mx[i] * 1e3, "chi2": float(quad.chi2_min()[i])},
            "chi2_at_point": s.det.chi2(at_point), "rate_1_30keV_at_point": float(at_point.sum()),
            "variant": variant_entry(chi2_b0, chi2_best, {"m_X_keV": float(mx_best) * 1e3, "g_e": ge_best},
                                     {"m_X_keV": [None if v is None else v * 1e3 for v in (lo, hi)],
                                      "g_e": [glo, ghi]}, 2)}


def scenario1(config, store, params, point_mX_MeV, point_ge):
    """Fig. 1: the baseline fit (its grids for plotting), every efficiency variant and the
    SM-interference variant (beyond the paper)."""
    names = efficiency_variants(config)
    fits_ = {n: scenario1_variant(config, store, params, n, point_mX_MeV, point_ge) for n in names}
    out = dict(fits_[names[0]])
    out["variants"] = {n: f["variant"] | {"chi2_at_paper_point": f["chi2_at_point"]}
                       for n, f in fits_.items()}
    out["baseline_variant"] = names[0]
    if config[KEY]["solar"]["interference"]["enabled"]:
        inter = scenario1_interference(config, store, params, point_mX_MeV, point_ge)
        out["interference"] = inter
        out["variants"][INTERFERENCE_VARIANT] = inter["variant"] | {
            "chi2_at_paper_point": inter["chi2_at_point"],
            "rate_ratio_at_paper_point": inter["rate_1_30keV_at_point"] / out["rate_1_30keV_at_point"]}
    return out


INTERFERENCE_VARIANT = "sm_interference"


def interference_model(paper_cfg, store, recoil_keV):
    """Scenario 1 with oscillated fluxes (P_ee, P_emu) and the SM-X interference (beyond the paper)."""
    s = paper_cfg["solar"]
    i = s["interference"]
    flux = neutrino.load_solar_flux(store, s["model"], s["sources"], s["be7_branching"])
    return neutrino.NuElectronXInterference.build(flux, recoil_keV, i["p_ee"], i["p_emu"],
                                                  i["sin2_theta_w"])


def scenario1_interference(config, store, params, point_mX_MeV, point_ge):
    """Fig. 1 variant beyond the paper: signal = g^4 (P_ee + P_emu) Eq. 6 + g^2 x SM-X interference
    (not a pure normalisation: chi^2 evaluated on the (m_X, g) grid, best fit by Nelder-Mead over both)."""
    cfg = config[KEY]
    s = Setup.build(config, store)
    model = interference_model(cfg, store, s.recoil_keV)
    mx = logspace(params["m_X_keV"], params["n_m_X"]) * 1e-3
    ge = logspace(params["g_e"], params["n_g_e"])
    a4, b2 = (s.folder.fold(t) for t in model.templates(mx))  # (n_mX, n_bins) each
    sig = ge[None, :, None] ** 4 * a4[:, None, :] + ge[None, :, None] ** 2 * b2[:, None, :]
    det = s.det
    chi2 = np.sum(((det.observed_rate - det.b0_rate - sig) / det.observed_rate_error) ** 2, axis=-1)
    i, j = fits.grid_argmin(chi2)

    def f(p):
        return s.det.chi2(s.folder.fold(model.rate(p[0], p[1])))

    (mx_best, g_best), chi2_best, _ = fits.minimise_log(f, [mx[i], ge[j]], [[mx[0], mx[-1]], [ge[0], ge[-1]]])
    chi2_b0 = det.chi2()
    at_point = s.folder.fold(model.rate(point_mX_MeV, point_ge))
    lo, hi = interval_1d(mx, chi2.min(axis=1), chi2_best)
    glo, ghi = interval_1d(ge, chi2.min(axis=0), chi2_best)
    best = {"m_X_keV": float(mx_best) * 1e3, "g_e": float(g_best)}
    return {"m_X_MeV": mx, "g_e": ge, "chi2": chi2, "best": best, "chi2_best": chi2_best,
            "chi2_at_point": det.chi2(at_point), "rate_1_30keV_at_point": float(at_point.sum()),
            "signal_best": s.folder.fold(model.rate(mx_best, g_best)),
            "variant": variant_entry(chi2_b0, chi2_best, best,
                                     {"m_X_keV": [None if v is None else v * 1e3 for v in (lo, hi)],
                                      "g_e": [glo, ghi]}, 2)}


# --------------------------------------------------------------------------- Scenario #2 effective (Fig. 2)
def effective_sigma_variant(config, store, params, efficiency, point_mDM_MeV, point_sigma_cm2):
    """Fig. 2 for one efficiency treatment: chi^2 over (m_DM, sigma_DM-e) (rate ~ sigma^2)."""
    cfg = config[KEY]
    s = Setup.build(config, store, efficiency)
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
    p_m = quad.chi2_min()
    lo, hi = interval_1d(mdm, p_m, chi2_best)
    slo, shi = interval_1d(sig, chi2.min(axis=0), chi2_best)
    inside = mdm[p_m - chi2_best < DELTA_CHI2_2DOF[0]]
    return {"det": s.det, "m_DM_MeV": mdm, "sigma_cm2": sig, "chi2": chi2, "chi2_B0": chi2_b0,
            "best_mDM_MeV": float(m_best), "best_sigma_cm2": s_best, "chi2_best": chi2_best,
            "summary": fits.fit_summary(chi2_b0, chi2_best, 2), "signal": s_best ** 2 * unit,
            "unit_at_point": unit_p, "at_point": {"best_sigma_cm2": float(q_p.best_scale()) ** 0.5,
                                                  "chi2": float(q_p.chi2_min())},
            "chi2_at_paper_point": s.det.chi2(point_sigma_cm2 ** 2 * unit_p),
            "mDM_range_1sigma_2dof_keV": [float(inside.min()) * 1e3, float(inside.max()) * 1e3],
            # heavy m_DM: the spectrum is too hard, sigma -> 0 and the profile flattens at the B0 value
            "delta_chi2_profile_at_mDM_max": float(p_m[-1] - chi2_best),
            "column_MeV_cm2": cosmic_rays.column_cm2_mev(cfg["boosted"]["rho_local_GeV_cm3"],
                                                          cfg["boosted"]["d_eff_kpc"]),
            "variant": variant_entry(chi2_b0, chi2_best, {"m_DM_keV": float(m_best) * 1e3, "sigma_cm2": s_best},
                                     {"m_DM_keV": [None if v is None else v * 1e3 for v in (lo, hi)],
                                      "sigma_cm2": [slo, shi]}, 2)}


def effective_sigma(config, store, params, point_mDM_MeV, point_sigma_cm2):
    """Fig. 2: the baseline fit (its grids for plotting) and every efficiency variant."""
    names = efficiency_variants(config)
    fits_ = {n: effective_sigma_variant(config, store, params, n, point_mDM_MeV, point_sigma_cm2)
             for n in names}
    out = dict(fits_[names[0]])
    out["variants"] = {n: f["variant"] | {"chi2_at_paper_point": f["chi2_at_paper_point"],
                                          "mDM_range_1sigma_2dof_keV": f["mDM_range_1sigma_2dof_keV"]}
                       for n, f in fits_.items()}
    out["baseline_variant"] = names[0]
    return out


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
    """(m_DM [MeV], m_X [MeV]) axes of the Fig. 5 scan (the coupling is profiled exactly)."""
    p = paper_cfg["fig5"]
    return logspace(p["m_chi_MeV"], p["n_m_chi"]), logspace(p["m_X_MeV"], p["n_m_X"])


def scan_chunk(config, store, scan, rows: slice):
    """Chunk of a scan of this paper (mevdm.scans): only 'fig5' exists."""
    if scan != "fig5":
        raise KeyError(f"jho2020 has no scan '{scan}'")
    return fig5_scan_chunk(config, store, rows)


def fig5_scan_chunk(config, store, rows: slice):
    """Folded unit-coupling templates for the m_DM rows of one chunk, (rows, n_mX, n_bins), one
    array per efficiency variant ('templates' = the baseline, 'templates__<variant>')."""
    cfg = config[KEY]
    names = efficiency_variants(config)
    mdm, mx = fig5_grid(cfg)
    kr = recoil_grid_keV(cfg)
    spectra = boosted_model(cfg, kr).unit_spectra(mdm[rows], mx, "mediator")
    out = {"m_DM_MeV": mdm[rows], "m_X_MeV": mx}
    for n in names:
        folded = fits.LogLogFolder(load_detector(config, store, n), kr).fold(spectra)
        out["templates" if n == names[0] else f"templates__{n}"] = folded
    return out


def check_scan(config, scan, efficiency=None):
    """Mass grids and templates (n_mDM, n_mX, n_bins) of the merged fig5 scan for one efficiency
    variant (None: baseline), checked against the config."""
    cfg = config[KEY]
    mdm, mx = fig5_grid(cfg)
    if not (np.allclose(scan["m_X_MeV"], mx) and np.allclose(scan["m_DM_MeV"], mdm)):
        raise ValueError("fig5 scan chunks do not match the configured grid; rerun the chunk rules")
    name = "templates" if efficiency in (None, cfg["efficiency"]["baseline"]) else f"templates__{efficiency}"
    if name not in scan:
        raise ValueError(f"fig5 scan has no templates for efficiency variant '{efficiency}'; rerun the "
                         "chunk rules with the current jho2020.efficiency.variants")
    return mdm, mx, scan[name]


def coupling_axis(quad, chi2_min, params, level=DELTA_CHI2_2DOF[1]):
    """Display axis of sqrt(g_e g_chi): the configured range widened (by `margin_decades`) until
    it holds the profiled best coupling of every mass pair with Delta chi^2 < level."""
    c = quad.best_scale()
    inside = (quad.chi2_min() - chi2_min < level) & (c > 0)
    lo, hi = params["sqrt_gegchi"]
    if inside.any():
        g = c[inside] ** 0.125
        m = 10.0 ** params["margin_decades"]
        lo, hi = min(lo, g.min() / m), max(hi, g.max() * m)
    n = int(np.ceil(params["points_per_decade"] * np.log10(hi / lo))) + 1
    return np.geomspace(lo, hi, n)


def profile_over_masses(quad, g, axis):
    """chi^2(kept mass, g) minimised over the other mass: exact in the coupling (quadratic in g^8)."""
    return quad.chi2(g ** 8).min(axis=axis)


def mediator_variant(config, store, scan, efficiency, point, params):
    """Fig. 5 for one efficiency treatment: best fit over (m_DM, m_X, sqrt(g_e g_chi)) (Nelder-Mead
    from the grid minimum, coupling profiled analytically), 1-sigma intervals, m_X,max."""
    cfg = config[KEY]
    s = Setup.build(config, store, efficiency)
    bdm = boosted_model(cfg, s.recoil_keV)
    mdm, mx, templates = check_scan(config, scan, efficiency)
    quad = fits.Chi2Quadratic.from_templates(s.det, templates)
    p_masses = quad.chi2_min()  # exact profile over the coupling: (n_mDM, n_mX)
    i, j = fits.grid_argmin(p_masses)
    f = s.profiled_chi2(lambda m: bdm.unit_spectra(m[0], m[1], "mediator")[0, 0])
    (m_dm, m_x), chi2_best, _ = fits.minimise_log(
        f, [mdm[i], mx[j]], [[mdm[0], mdm[-1]], [mx[0], mx[-1]]])
    unit = s.folder.fold(bdm.unit_spectra(m_dm, m_x, "mediator")[0, 0])
    c = float(fits.Chi2Quadratic.from_templates(s.det, unit).best_scale())
    unit_p = s.folder.fold(bdm.unit_spectra(point[0], point[1], "mediator")[0, 0])
    q_p = fits.Chi2Quadratic.from_templates(s.det, unit_p)
    chi2_b0 = s.det.chi2()
    g = coupling_axis(quad, chi2_best, params)
    p_mx_g = profile_over_masses(quad, g, 0)  # (n_mX, n_g)
    p_md_g = profile_over_masses(quad, g, 1)  # (n_mDM, n_g)
    edge = np.concatenate([p_mx_g[:, [0, -1]].ravel(), p_md_g[:, [0, -1]].ravel()])
    mlo, mhi = interval_1d(mdm, p_masses.min(axis=1), chi2_best)
    xlo, xhi = interval_1d(mx, p_masses.min(axis=0), chi2_best)
    glo, ghi = interval_1d(g, p_mx_g.min(axis=0), chi2_best)
    lo_dm, hi_dm = params["mX_max_mDM_range_MeV"]
    sel = (mdm >= lo_dm) & (mdm <= hi_dm)
    best = {"m_DM_MeV": float(m_dm), "m_X_MeV": float(m_x), "sqrt_gegchi": c ** 0.125}
    return {"det": s.det, "m_DM_MeV": mdm, "m_X_MeV": mx, "sqrt_gegchi": g,
            "chi2_profile_masses": p_masses, "g_at_min": quad.best_scale() ** 0.125, "chi2_mX_g": p_mx_g, "chi2_mDM_g": p_md_g,
            "chi2_B0": chi2_b0, "best": best | {"chi2": chi2_best},
            "summary": fits.fit_summary(chi2_b0, chi2_best, 3), "signal": c * unit,
            "grid_best": {"m_DM_MeV": mdm[i], "m_X_MeV": mx[j], "chi2": float(p_masses[i, j])},
            "coupling_axis_clips_2sigma": bool(np.any(edge - chi2_best < DELTA_CHI2_2DOF[1])),
            "mX_max_1sigma_MeV": mx_max_1sigma(mx, p_masses[sel].min(axis=0), chi2_best),
            "mX_interval_1sigma_MeV": mx_range_1sigma(mx, p_masses[sel].min(axis=0), chi2_best),
            "mX_max_1sigma_all_mDM_MeV": mx_max_1sigma(mx, p_masses.min(axis=0), chi2_best),
            "at_point": {"best_sqrt_gegchi": float(q_p.best_scale()) ** 0.125,
                         "chi2": float(q_p.chi2_min())},
            "variant": variant_entry(chi2_b0, chi2_best, best,
                                     {"m_DM_MeV": [mlo, mhi], "m_X_MeV": [xlo, xhi],
                                      "sqrt_gegchi": [glo, ghi]}, 3)}


def mediator_fit(config, store, scan, point, params):
    """Fig. 5: the baseline fit (its profiles for plotting) and every efficiency variant;
    `point` = (m_DM, m_X) where the coupling is profiled for comparison."""
    names = efficiency_variants(config)
    fits_ = {n: mediator_variant(config, store, scan, n, point, params) for n in names}
    out = dict(fits_[names[0]])
    out["variants"] = {n: f["variant"] | {"mX_max_1sigma_MeV": f["mX_max_1sigma_MeV"],
                                          "mX_interval_1sigma_MeV": f["mX_interval_1sigma_MeV"],
                                          "chi2_at_paper_masses": f["at_point"]["chi2"]}
                       for n, f in fits_.items()}
    out["baseline_variant"] = names[0]
    return out


def mx_max_1sigma(m_x, profile_mx, chi2_min, level=DELTA_CHI2_2DOF[0]):
    """Largest m_X with Delta chi^2 < level on the profile over m_DM and the coupling, the crossing
    interpolated in log m_X (the grid top if the region reaches it; 0 if empty)."""
    d = np.asarray(profile_mx) - chi2_min - level
    inside = np.nonzero(d < 0)[0]
    if not inside.size:
        return 0.0
    i = int(inside.max())
    if i == m_x.size - 1:
        return float(m_x[-1])
    t = d[i] / (d[i] - d[i + 1])
    return float(np.exp(np.log(m_x[i]) + t * (np.log(m_x[i + 1]) - np.log(m_x[i]))))


def mx_range_1sigma(m_x, profile_mx, chi2_min, level=DELTA_CHI2_2DOF[0]):
    """[smallest, largest] m_X with Delta chi^2 < level on the profile over m_DM and the coupling
    (crossings interpolated in log m_X; an end is None where the region reaches the grid edge).
    The upper end is mX_max_1sigma (reported as the grid top there)."""
    lo, hi = interval_1d(m_x, profile_mx, chi2_min, level)
    return [lo, hi]


def fixed_gchi_plane(config, store, scan, params):
    """Fig. 6: chi^2 over (m_X, g_e) at g_chi fixed, profiled over m_DM, from the fig5 scan."""
    det = load_detector(config, store)
    mdm, mx, templates = check_scan(config, scan)
    quad = fits.Chi2Quadratic.from_templates(det, templates)
    g_chi = params["g_chi"]
    ge = fixed_gchi_axis(quad, g_chi, params)
    chi2 = quad.chi2((ge * g_chi) ** 4).min(axis=0)  # (n_mX, n_ge), profiled over m_DM
    i, j = fits.grid_argmin(quad.chi2_min())
    cmin = float(quad.chi2_min().min())
    edge = chi2[:, [0, -1]] - cmin
    return {"m_X_MeV": mx, "g_e": ge, "chi2": chi2, "chi2_min": cmin,
            "best_mX_MeV": float(mx[j]), "best_ge": float(quad.best_scale()[i, j]) ** 0.25 / g_chi,
            "g_e_axis_clips_2sigma": bool(np.any(edge < DELTA_CHI2_2DOF[1]))}


def fixed_gchi_axis(quad, g_chi, params, level=DELTA_CHI2_2DOF[1]):
    """g_e axis of Fig. 6: the configured range, its top raised (by fig5.margin_decades-like
    `margin_decades`) until it holds g_e = sqrt(g_e g_chi)^2 / g_chi of every mass pair inside
    Delta chi^2 < level; same point density as configured."""
    lo, hi = params["g_e"]
    c = quad.best_scale()
    inside = (quad.chi2_min() - quad.chi2_min().min() < level) & (c > 0)
    if inside.any():
        ge_in = c[inside] ** 0.25 / g_chi  # c = (g_e g_chi)^4
        m = 10.0 ** params["margin_decades"]
        lo, hi = min(lo, ge_in.min() / m), max(hi, ge_in.max() * m)
    per_decade = params["n_g_e"] / np.log10(params["g_e"][1] / params["g_e"][0])
    return np.geomspace(lo, hi, int(np.ceil(per_decade * np.log10(hi / lo))) + 1)


# --------------------------------------------------------------------------- overlays (Fig. 1)
def x_decay_length_m(m_x_MeV, g, energy_MeV):
    """Lab decay length [m] of the L_e - L_mu boson (g_e = g_nu = g) of energy E:
    Gamma = g^2 m/(12 pi) [1 + (1 + 2 m_e^2/m^2) sqrt(1 - 4 m_e^2/m^2)] (nu_e, nu_mu + e+e-),
    L = (p/m) hbar c / Gamma."""
    from mevdm.core.units import HBARC_MEV_CM, M_E

    m, g = np.asarray(m_x_MeV, float), np.asarray(g, float)
    r = np.clip(1.0 - 4.0 * M_E ** 2 / m ** 2, 0.0, None)
    gam = g ** 2 * m / (12.0 * np.pi) * (1.0 + np.where(m > 2 * M_E, (1 + 2 * M_E ** 2 / m ** 2) * np.sqrt(r), 0.0))
    p = np.sqrt(np.clip(energy_MeV ** 2 - m ** 2, 0.0, None))
    return p / m * HBARC_MEV_CM / gam * 1e-2


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
    dp = {c: neutron_star.delta_p_MeV(m_dm, m_x, c, params["v_esc_c"])
          for c in neutron_star.XI_CONVENTIONS if c != "fixed"}
    return {"m_DM_MeV": m_dm, "m_X_MeV": m_x, "sqrt_gegchi": g, "xi": xi,
            "delta_p_MeV": xi * params["p_fermi_MeV"],
            "p_DM_MeV": neutron_star.dm_momentum_MeV(m_dm, params["v_esc_c"]),
            "by_convention": {c: {"delta_p_MeV": d, "xi": min(1.0, d / params["p_fermi_MeV"]),
                                  "C_capture_s": c_per_xi * min(1.0, d / params["p_fermi_MeV"])}
                              for c, d in dp.items()},
            "C_capture_s": c_per_xi * xi, "C_capture_over_xi_s": c_per_xi,
            "C_geom_s": neutron_star.c_geom_s(m_dm, params["rho_local_GeV_cm3"], params["r_ns_km"],
                                              params["m_ns_msun"]),
            "sigma_tot_cm2": neutron_star.sigma_tot_cm2(m_dm, m_x, g, params["v_esc_c"]),
            "K_DM_MeV": neutron_star.dm_kinetic_energy_MeV(m_dm, params["v_esc_c"])}


def ns_kev_dm_check(params, m_dm_MeV, m_x_MeV):
    """delta p and xi of the configured convention for keV DM (paper Sec. V: delta p ~ O(keV),
    xi ~ O(1e-5 - 1e-6) for O(keV) DM)."""
    xi = neutron_star.pauli_xi(m_dm_MeV, m_x_MeV, params["xi_convention"], params["p_fermi_MeV"],
                               params["v_esc_c"], params.get("xi_fixed"))
    return {"m_DM_MeV": m_dm_MeV, "m_X_MeV": m_x_MeV, "xi": xi, "delta_p_keV": xi * params["p_fermi_MeV"] * 1e3,
            "p_DM_keV": neutron_star.dm_momentum_MeV(m_dm_MeV, params["v_esc_c"]) * 1e3}


def ns_constants(params):
    """sigma_crit = pi R^2 / N_e and N_e of the NS (Sec. V)."""
    return {"sigma_crit_cm2": neutron_star.sigma_crit_cm2(params["r_ns_km"], params["m_ns_msun"],
                                                          params["electron_fraction"]),
            "N_e": neutron_star.n_electrons(params["m_ns_msun"], params["electron_fraction"])}
