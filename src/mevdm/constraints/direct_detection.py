"""Limits computed from a direct-detection likelihood, for the constraint library
(`mevdm.constraints.computed.FUNCTIONS`, which imports this module only when such a limit is
evaluated, so that figures never drawing one do not rerun on detector code)."""

from __future__ import annotations

import numpy as np


def xenonnt_sun_reflected(plane, m, cfg, store, delta_keV=0.0, rho_local_GeV_cm3=0.3, v_dm_km_s=220.0,
                          cl=0.90, likelihood="binned"):
    """XENONnT SR0 (PRL 129, 161805) upper limit on sigma_e (F_DM = 1) of Sun-reflected DM: flux of
    Ema-Sala-Sato Eq. 14, Xe ionisation Eq. 15 (DarkARC), signal ~ sigma_e^2, Wilks at `cl`, B0 fixed."""
    from mevdm.astro.solar_model import load_agss09
    from mevdm.astro.solar_reflection import reflected_flux
    from mevdm.core.units import keV
    from mevdm.detectors import atomic, xenonnt

    sun = load_agss09(store)
    ff = atomic.load_form_factors(store, "darkarc", atomic.DEFAULT_SHELLS)
    e_r = np.geomspace(0.02, 40.0, 160)
    rs = atomic.XenonRecoilSpectrum.build(ff, e_r)
    det = xenonnt.XenonNTSR0.load(store)
    ref = 1.0e-38
    units = []
    for mi in np.asarray(m, float):
        flux = reflected_flux(sun, mi, ref, delta_keV * keV, rho_local_GeV_cm3, v_dm_km_s)
        ps = rs.per_shell(flux.E_MeV, flux.dphi_dE, mi, ref, delta_keV * keV)
        units.append(atomic.detected_spectrum(e_r, ps, ff.E_bind_MeV, det.true_centres_keV, False))
    up = xenonnt.SignalScan.from_true(det, np.array(units), likelihood, "fixed").fit(cl)["upper_scale"]
    ok = np.isfinite(up)
    return np.asarray(m, float)[ok], ref * np.sqrt(up[ok]), None, None, [
        f"XENONnT SR0 1-30 keV, {likelihood} Poisson likelihood, B0 fixed, {cl:.0%} CL (Wilks)",
        f"Sun-reflected flux (Ema-Sala-Sato Eq. 14), rho = {rho_local_GeV_cm3:g} GeV/cm^3, v_DM = "
        f"{v_dm_km_s:g} km/s, delta = {delta_keV:g} keV; DarkARC Xe response; signal ~ sigma_e^2"]



__all__ = ["xenonnt_sun_reflected"]
