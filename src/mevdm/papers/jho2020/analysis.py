"""jho2020 (Jho, Park, Park, Tseng, arXiv:2006.13910): the analysis behind the figures (no plotting)."""

from __future__ import annotations

import numpy as np

from mevdm.astro import cosmic_rays, neutrino
from mevdm.detectors import fits
from mevdm.detectors import xenon1t as detector

KEY = "jho2020"


# --------------------------------------------------------------------------- shared set-up
def logspace(rng, n):
    return np.geomspace(float(rng[0]), float(rng[1]), int(n))


def recoil_grid_keV(paper_cfg):
    g = paper_cfg.get("recoil_grid", {})
    return np.geomspace(g.get("min_keV", 0.05), g.get("max_keV", 40.0), g.get("n", 120))


def load_detector(config, store):
    return detector.Xenon1TSR1.load(store, **config.get("xenon1t", {}))


def boosted_model(paper_cfg, recoil_keV):
    b = paper_cfg.get("boosted", {})
    return cosmic_rays.BoostedDM(recoil_keV, b.get("rho_local_GeV_cm3", 0.3), b.get("d_eff_kpc", 1.0),
                                 b.get("n_flux", 160), b.get("n_nodes", 48))


def solar_model(paper_cfg, store, recoil_keV):
    s = paper_cfg.get("solar", {})
    flux = neutrino.load_solar_flux(store, s.get("model", "GS98"), s.get("sources"),
                                    s.get("be7_branching", 0.897))
    return neutrino.NuElectronX.build(flux, recoil_keV, s.get("flavour_factor", 1.0))


def fig5_grid(paper_cfg):
    p = paper_cfg["fig5"]
    return (logspace(p["mDM_MeV"], p["n_mDM"]), logspace(p["mX_MeV"], p["n_mX"]),
            logspace(p["sqrt_gegchi"], p["n_coupling"]))


def scan_chunk(config, store, scan, rows: slice):
    """Chunk of a scan of this paper (mevdm.scans): only 'fig5' exists."""
    if scan != "fig5":
        raise KeyError(f"jho2020 has no scan '{scan}'")
    return fig5_scan_chunk(config, store, rows)


def fig5_scan_chunk(config, store, rows: slice):
    """Folded unit-coupling templates for the m_DM rows of one chunk: (rows, n_mX, n_bins)."""
    cfg = config[KEY]
    det = load_detector(config, store)
    kr = recoil_grid_keV(cfg)
    folder = fits.LogLogFolder(det, kr)
    mdm, mx, _ = fig5_grid(cfg)
    spectra = boosted_model(cfg, kr).unit_spectra(mdm[rows], mx, "mediator")
    return {"m_DM_MeV": mdm[rows], "m_X_MeV": mx, "templates": folder.fold(spectra)}
