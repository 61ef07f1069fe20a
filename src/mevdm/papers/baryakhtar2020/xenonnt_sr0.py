"""baryakhtar2020 beyond the paper: the solar chi* signal against XENONnT SR0 (PRL 129, 161805; issue 27).

Kept apart from analysis.py so that the scans (analysis closure) do not depend on the XENONnT code.
"""

from __future__ import annotations

import numpy as np

from mevdm.astro import solar_upscatter as solar
from mevdm.core.units import keV
from mevdm.detectors import xenonnt
from mevdm.papers.baryakhtar2020.analysis import ScanContext, axis, solar_unit_rate


def solar_unit_spectra(model: ScanContext, det, m_chi_MeV, delta_keV):
    """True dR/dE [events/(t yr keV)] per sigma_e^2 [cm^4] on det.true_centres_keV (Eq. 4.10), (n_m, n_true)."""
    w = np.diff(det.true_edges_keV)
    return np.array([solar.recoil_cells(det.true_edges_keV, m, delta_keV * keV, 1.0, model.sun,
                                        model.rho_local_GeV_cm3, model.n_K) / w
                     for m in np.atleast_1d(m_chi_MeV)])


def xenonnt_confrontation(model: ScanContext, config, store, params) -> dict:
    """The solar-upscattered chi* signal against XENONnT SR0: the benchmark's verdict, the 90 % CL
    sigma_e limit per m_chi, and the excluded parts of the Fig. 6 (m, delta), (m, f_chi) and Fig. 7
    (m, eps) planes on the thermal target (rates ~ f_chi sigma_e^2, sigma_e ~ eps^2)."""
    det = xenonnt.load_from_config(config, store)
    cl = config["xenonnt"]["cl"]
    m_b, d_b = params["benchmark_m_chi_MeV"], params["benchmark_delta_keV"]
    s_b = float(model.thermal_sigma_e(np.array([m_b]))[0])
    spec_b = solar_unit_spectra(model, det, [m_b], d_b)[0] * s_b ** 2
    bench = xenonnt.verdict(xenonnt.scan_from_config(config, det, spec_b), 1.0, cl)
    bench |= {"m_chi_MeV": m_b, "delta_keV": d_b, "sigma_e_thermal_cm2": s_b,
              "xenon1t_rate_per_t_yr": float(solar_unit_rate(np.array([m_b]), d_b * keV, model.xe, model.sun,
                                                              model.rho_local_GeV_cm3, model.n_K)[0] * s_b ** 2),
              "rate_limit_per_t_yr": bench["signal_events_1_30keV"] / det.exposure_t_yr
              * bench["upper_limit_scale"]}
    # (m, delta) plane, f_chi = 1, thermal: ratio of the thermal rate to the XENONnT limit
    m = axis(params["m_chi_MeV"])
    d = axis(params["delta_keV"])
    s_th = model.thermal_sigma_e(m)
    unit = np.stack([solar_unit_spectra(model, det, m, dk) for dk in d], axis=1)  # (n_m, n_d, n_true)
    fit = xenonnt.scan_from_config(config, det, unit * s_th[:, None, None] ** 2).fit(cl)
    excl_md = 1.0 / fit["upper_scale"]  # thermal rate / limit: > 1 excluded
    # per-m sigma_e limit at the benchmark delta (Fig. 6 right and Fig. 7), m up to the fig-7 range
    m7 = axis(params["line_m_chi_MeV"])
    u7 = solar_unit_spectra(model, det, m7, d_b)
    sig_lim = np.sqrt(xenonnt.scan_from_config(config, det, u7).fit(cl)["upper_scale"])
    s_th7 = model.thermal_sigma_e(m7)
    eps_th = model.thermal_eps(m7, model.alpha_D)
    eps_lim = eps_th * np.sqrt(sig_lim / s_th7)  # sigma_e ~ eps^2 at fixed alpha_D, m_A'/m_chi
    f = axis(params["f_chi"])
    mf = m7[m7 <= float(params["m_chi_MeV"]["max"]) * 4]
    M, F = np.meshgrid(mf, f, indexing="ij")
    rate_over_lim = F * model.thermal_sigma_e(M, F) ** 2 / sig_lim[: mf.size, None] ** 2
    excluded_line = s_th7 > sig_lim
    lm = np.log(m7)
    frac = float(np.sum(np.diff(lm) * 0.5 * (excluded_line[1:] + excluded_line[:-1])) / (lm[-1] - lm[0]))
    return {"det": det, "benchmark": bench, "benchmark_signal": det.fold(spec_b),
            "m_chi_MeV": m, "delta_keV": d, "thermal_over_limit_mdelta": excl_md,
            "line_m_chi_MeV": m7, "sigma_e_limit_cm2": sig_lim, "sigma_e_thermal_cm2": s_th7,
            "eps_thermal": eps_th, "eps_limit": eps_lim, "excluded_on_line": excluded_line,
            "fraction_of_line_excluded_log_m": frac,
            "line_excluded_m_chi_MeV": ([float(m7[excluded_line].min()), float(m7[excluded_line].max())]
                                        if excluded_line.any() else None),
            "f_chi": f, "fchi_m_chi_MeV": mf, "rate_over_limit_mfchi": rate_over_lim}
