"""Validation of the XENON1T and XENONnT pipelines: the neutrino-magnetic-moment results of both
collaborations (resources/references/xenon_magnetic_moment.yaml) from our likelihoods."""

from __future__ import annotations

import numpy as np
import yaml

from mevdm.astro.neutrino import load_solar_flux
from mevdm.core.paths import RESOURCES_DIR
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.detectors.xenonnt import XenonNTSR0
from mevdm.models.neutrino_magnetic_moment import mu_nu_interval, rate_per_mu2

REFERENCES = RESOURCES_DIR / "references" / "xenon_magnetic_moment.yaml"
# (resolution, likelihood, background): the baseline first
XENONNT_VARIANTS = (("xenonnt", "binned", "fixed"), ("xenonnt", "unbinned", "fixed"),
                    ("xenonnt", "binned", "float"), ("xenonnt", "unbinned", "float"),
                    ("xenon1t", "binned", "fixed"))


def references() -> dict:
    """The published values, their quotes and places (transcribed by hand, see the file)."""
    return yaml.safe_load(REFERENCES.read_text())


def magnetic_moment(config, store) -> dict:
    """Our mu_nu interval/limit for XENONnT (every variant) and XENON1T, q(mu) curves, vs published."""
    ref = references()
    flux = load_solar_flux(store, sources=("pp", "7Be"))
    mu = np.linspace(0.0, 4.0e-11, 161)
    out = {"xenonnt": {}, "curves": {"mu_nu_muB": mu}}
    dets = {}
    for res, method, bkg in XENONNT_VARIANTS:
        det = dets.setdefault(res, XenonNTSR0.load(store, resolution=res))
        lo, best, up = mu_nu_interval(det, flux, store, method=method, background=bkg)
        name = f"{res}_resolution_{method}_{bkg}"
        out["xenonnt"][name] = {"upper_mu_B": up, "best_mu_B": best,
                                "ratio_to_published": up / ref["xenonnt_sr0"]["upper_mu_B"]}
        if res == "xenonnt" and bkg == "fixed":
            spec = rate_per_mu2(flux, det.true_centres_keV, store)
            ll = np.array([det.loglike(spec * m * m, method, bkg)[0] for m in mu])
            out["curves"][f"q_xenonnt_{method}"] = -2.0 * (ll - ll.max())
    x1 = Xenon1TSR1.load(store, **config["xenon1t"])
    lo, best, up = mu_nu_interval(x1, flux, store)
    pub = ref["xenon1t_sr1"]["interval_mu_B"]
    out["xenon1t"] = {"interval_mu_B": [lo, up], "best_mu_B": best,
                      "ratio_to_published": [lo / pub[0], up / pub[1]]}
    spec1 = rate_per_mu2(flux, x1.true_centres_keV, store)
    ll1 = np.array([x1.poisson_loglike(x1.fold(spec1 * m * m)) for m in mu])
    out["curves"]["q_xenon1t_binned"] = -2.0 * (ll1 - ll1.max())
    out["references"] = ref
    return out
