"""jho2020 beyond the paper: Scenarios 1 and 2 against XENONnT SR0 (PRL 129, 161805; issue 27).

Kept apart from analysis.py so that the scans (analysis closure) do not depend on the XENONnT code.
"""

from __future__ import annotations

import numpy as np

from mevdm.detectors import fits, xenonnt
from mevdm.papers.jho2020.analysis import KEY, Setup, boosted_model, logspace, solar_model
from mevdm.papers.jho2020.analysis import recoil_grid_keV


def _xenon1t_region(s1t: Setup, spectra, couplings, power):
    """Our XENON1T Pearson chi^2 - its minimum on a (mass, coupling) grid, rate ~ coupling^power."""
    quad = s1t.quad(spectra)
    chi2 = quad.chi2(np.asarray(couplings) ** power)
    return chi2 - chi2.min()


def _nt_plane(config, det, folder_nt, spectra, couplings, power, s1t, points):
    """XENONnT limit on the coupling per mass, its q on the grid, XENON1T's Delta chi^2 on the grid,
    and the verdicts at named (mass index None | spectrum, coupling) points."""
    cl = config["xenonnt"]["cl"]
    t_nt = folder_nt.to_true_grid(spectra)
    scan = xenonnt.scan_from_config(config, det, t_nt)
    fit = scan.fit(cl)
    limit = fit["upper_scale"] ** (1.0 / power)
    out = {"limit": limit, "q_min": fit["q_min"],
           "dchi2_1t": _xenon1t_region(s1t, spectra, couplings, power), "points": {}}
    for name, (spectrum, coupling) in points.items():
        one = xenonnt.scan_from_config(config, det, folder_nt.to_true_grid(spectrum))
        v = xenonnt.verdict(one, coupling ** power, cl)
        v["upper_limit_coupling"] = v.pop("upper_limit_scale") ** (1.0 / power)
        chi2_1t = s1t.det.chi2(s1t.folder.fold(spectrum * coupling ** power))
        out["points"][name] = v | {"coupling": coupling, "xenon1t_chi2": chi2_1t,
                                   "xenon1t_delta_chi2_vs_B0": s1t.det.chi2() - chi2_1t}
    return out


def scenario1_limit(config, store, m_x_MeV):
    """XENONnT 90 % CL (config `xenonnt.cl`) upper limit on g_e = g_nu of Scenario 1 at each m_X [MeV]."""
    kr = recoil_grid_keV(config[KEY])
    det = xenonnt.load_from_config(config, store)
    nux = solar_model(config[KEY], store, kr)
    t_nt = fits.LogLogFolder(det, kr).to_true_grid(nux.rate_grid(np.asarray(m_x_MeV, float)))
    return xenonnt.scan_from_config(config, det, t_nt).fit(config["xenonnt"]["cl"])["upper_scale"] ** 0.25


def xenonnt_confrontation(config, store, params, paper):
    """Scenario 1, 2 (effective) and 2 (mediator at the paper's best-fit m_X) against XENONnT SR0:
    the 90 % CL coupling limit per mass, our XENON1T Delta chi^2 planes, and the verdicts at the
    paper's printed best fits and ours (from the same XENON1T fits as Figs. 1, 2, 5)."""
    cfg = config[KEY]
    s1t = Setup.build(config, store)
    det = xenonnt.load_from_config(config, store)
    folder_nt = fits.LogLogFolder(det, s1t.recoil_keV)
    # Scenario 1: (m_X, g_e = g_nu), rate ~ g^4
    nux = solar_model(cfg, store, s1t.recoil_keV)
    mx = logspace(params["m_X_keV"], params["n_m_X"]) * 1e-3
    ge = logspace(params["g_e"], params["n_g_e"])
    f1 = s1t.profiled_chi2(lambda m: nux.rate_grid(m)[0])
    i = int(np.argmin(s1t.quad(nux.rate_grid(mx)).chi2_min()))
    (mx_ours,), _, _ = fits.minimise_log(f1, [mx[i]], [[mx[0], mx[-1]]])
    g_ours = float(s1t.quad(nux.rate(mx_ours)).best_scale()) ** 0.25
    pt1 = (paper["fig1"]["s1_best_mx"] * 1e-3, paper["fig1"]["s1_best_ge"])
    s1 = _nt_plane(config, det, folder_nt, nux.rate_grid(mx), ge, 4, s1t, {
        "paper_best_fit": (nux.rate(pt1[0]), pt1[1]), "our_best_fit": (nux.rate(mx_ours), g_ours)})
    s1 |= {"mass_MeV": mx, "coupling": ge, "paper_point": pt1, "our_point": (float(mx_ours), g_ours)}
    # Scenario 2, effective sigma: (m_DM, sigma), rate ~ sigma^2
    bdm = boosted_model(cfg, s1t.recoil_keV)
    mdm = logspace(params["m_chi_keV"], params["n_m_chi"]) * 1e-3
    sig = logspace(params["sigma_e_cm2"], params["n_sigma"])
    eff = lambda m: bdm.unit_spectra(m, 1.0, "effective")[:, 0]  # noqa: E731
    i = int(np.argmin(s1t.quad(eff(mdm)).chi2_min()))
    (m_ours,), _, _ = fits.minimise_log(s1t.profiled_chi2(lambda m: eff(m[0])[0]), [mdm[i]],
                                        [[mdm[0], mdm[-1]]])
    sig_ours = float(s1t.quad(eff(m_ours)[0]).best_scale()) ** 0.5
    pt2 = (paper["fig2"]["s2e_best_mdm"] * 1e-3, paper["fig2"]["s2e_best_sigma"])
    s2 = _nt_plane(config, det, folder_nt, eff(mdm), sig, 2, s1t, {
        "paper_best_fit": (eff(pt2[0])[0], pt2[1]), "our_best_fit": (eff(m_ours)[0], sig_ours)})
    s2 |= {"mass_MeV": mdm, "coupling": sig, "paper_point": pt2, "our_point": (float(m_ours), sig_ours)}
    # Scenario 2, X mediator, on the slice m_X = the paper's best fit: (m_DM, sqrt(g_e g_chi)), rate ~ g^8
    p5 = paper["fig5"]
    m_x = p5["s2m_best_mx"]
    med = lambda m: bdm.unit_spectra(m, m_x, "mediator")[:, 0]  # noqa: E731
    mdm3 = logspace(params["mediator_m_chi_MeV"], params["n_m_chi"])
    g3 = logspace(params["sqrt_gegchi"], params["n_g_e"])
    i = int(np.argmin(s1t.quad(med(mdm3)).chi2_min()))
    (m3_ours,), _, _ = fits.minimise_log(s1t.profiled_chi2(lambda m: med(m[0])[0]), [mdm3[i]],
                                         [[mdm3[0], mdm3[-1]]])
    g3_ours = float(s1t.quad(med(m3_ours)[0]).best_scale()) ** 0.125
    pt3 = (p5["s2m_best_mdm"], p5["s2m_best_g"])
    s3 = _nt_plane(config, det, folder_nt, med(mdm3), g3, 8, s1t, {
        "paper_best_fit": (med(pt3[0])[0], pt3[1]), "our_best_fit_on_slice": (med(m3_ours)[0], g3_ours)})
    s3 |= {"mass_MeV": mdm3, "coupling": g3, "paper_point": pt3, "our_point": (float(m3_ours), g3_ours),
           "m_X_MeV": m_x}
    # observed spectra at the paper's best fits through XENONnT's response (events/(t yr keV) per bin)
    spectra = {"S1": det.fold(folder_nt.to_true_grid(nux.rate(*pt1))),
               "S2_effective": det.fold(folder_nt.to_true_grid(eff(pt2[0])[0] * pt2[1] ** 2)),
               "S2_mediator": det.fold(folder_nt.to_true_grid(med(pt3[0])[0] * pt3[1] ** 8))}
    return {"det": det, "S1": s1, "S2_effective": s2, "S2_mediator": s3, "spectra": spectra,
            "chi2_B0_xenon1t": s1t.det.chi2()}
