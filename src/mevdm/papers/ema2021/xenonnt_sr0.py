"""ema2021 beyond the paper: both 511 keV models against XENONnT SR0 (PRL 129, 161805; issue 27).

Kept apart from analysis.py so that the scans (analysis closure) do not depend on the XENONnT code.
"""

from __future__ import annotations

import numpy as np

from mevdm.core.data import DataStore
from mevdm.core.units import keV
from mevdm.papers.ema2021.analysis import KEY, detected, recoil


def xenonnt_unit_spectrum(config, store, det, m_chi_MeV, delta_keV=0.0, sigma_ref=1.0e-38):
    """True dR/dE [events/(t yr keV)] on det.true_centres_keV at sigma_e = sigma_ref (signal ~ sigma^2)."""
    _, ps = recoil(config, store, m_chi_MeV, sigma_ref, delta_keV)
    return detected(config, store, ps, det.true_centres_keV)


def xenonnt_confrontation(config: dict, store: DataStore, params: dict, sigma_ref=1.0e-38) -> dict:
    """Both Fig. 3 benchmarks against XENONnT SR0 (verdicts, sigma_e limits) and the XENONnT sigma_e
    limit on a coarse Fig. 2 (M, delta) grid of the coannihilation model, plus the p-wave (delta = 0)
    sigma_e limit vs M; signals ~ sigma_e^2 (reflection x detection)."""
    from mevdm.detectors import xenonnt
    from mevdm.models import line511 as model

    det = xenonnt.load_from_config(config, store)
    cl = config["xenonnt"]["cl"]
    f3, f2 = config[KEY]["fig3"], config[KEY]["fig2"]

    def judge(M, d, sigma):
        unit = xenonnt_unit_spectrum(config, store, det, M, d, sigma_ref)
        v = xenonnt.verdict(xenonnt.scan_from_config(config, det, unit), (sigma / sigma_ref) ** 2, cl)
        v["sigma_e_limit_cm2"] = sigma_ref * np.sqrt(v.pop("upper_limit_scale"))
        return v | {"m_chi_MeV": M, "delta_keV": d, "sigma_e_cm2": sigma}, unit * (sigma / sigma_ref) ** 2

    pwave, spec_p = judge(f3["pwave_m_chi_MeV"], 0.0, f3["pwave_sigma_e_cm2"])
    coann, spec_c = judge(f3["coann_m_chi_MeV"], f3["coann_delta_keV"], f3["coann_sigma_e_cm2"])
    # p-wave sigma_e limit vs M (Fig. 1 is at M = 2 MeV; the thick line is sigma_e = 4e-38)
    m_p = np.geomspace(*params["pwave_m_chi_MeV"], int(params["n_pwave"]))
    units_p = np.array([xenonnt_unit_spectrum(config, store, det, m, 0.0, sigma_ref) for m in m_p])
    lim_p = sigma_ref * np.sqrt(xenonnt.scan_from_config(config, det, units_p).fit(cl)["upper_scale"])
    # coannihilation plane (coarse)
    M = np.linspace(f2["m_chi_min_MeV"], f2["m_chi_max_MeV"], int(params["n_m_chi"]))
    d = np.geomspace(f2["delta_min_keV"], f2["delta_max_keV"], int(params["n_delta"]))
    MM, DD = np.meshgrid(M, d)
    sol = model.coann_solution(MM, DD * keV, f2["m_phi_MeV"], f2["m_V_MeV"], config[KEY]["v_bulge"])
    valid = np.asarray(sol["valid"], bool)
    lim = np.full(MM.shape, np.inf)
    idx = list(zip(*np.nonzero(valid)))
    if idx:
        units = np.array([xenonnt_unit_spectrum(config, store, det, MM[i, j], DD[i, j], sigma_ref)
                          for i, j in idx])
        ok = units.sum(axis=1) > 0
        up = np.full(len(idx), np.inf)
        if ok.any():
            up[ok] = xenonnt.scan_from_config(config, det, units[ok]).fit(cl)["upper_scale"]
        for (i, j), u in zip(idx, up):
            lim[i, j] = sigma_ref * np.sqrt(u)
    sig = np.where(valid, sol["sigma_e_cm2"], 0.0)
    excluded = valid & (sig > lim)
    return {"det": det, "pwave": pwave, "coann": coann, "pwave_signal": det.fold(spec_p),
            "coann_signal": det.fold(spec_c), "pwave_m_chi_MeV": m_p, "pwave_sigma_limit_cm2": lim_p,
            "M": M, "delta_keV": d, "valid": valid, "sigma_e_cm2": sig, "sigma_limit_cm2": lim,
            "excluded": excluded,
            "fraction_of_valid_plane_excluded": float(excluded.sum() / max(valid.sum(), 1))}
