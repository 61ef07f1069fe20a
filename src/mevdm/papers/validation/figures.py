"""Validation figure ``validation/relic``: the relic solver against hazma 2.2 and scipy Radau."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mevdm.core.plotting import new_figure
from mevdm.figure import FigureContext, FigureResult
from mevdm.papers.validation.analysis import thermal_targets


def relic(ctx: FigureContext) -> FigureResult:
    """Thermal sigma v for Omega h^2 = 0.12 and the solver's agreement with its references."""
    t = thermal_targets(ctx.config, ctx.data)
    m, target, cosmo, rows = t["m_MeV"], t["target"], t["cosmo"], t["rows"]
    sv_maj, sv_dir, b_maj = t["sv_maj"], t["sv_dir"], t["b_maj"]
    sv_semi, b_semi = t["sv_semi"], t["b_semi"]

    fig, (ax, ax2) = new_figure(ncols=2, width=4.2)
    ax.plot(m, sv_maj, color="C0", label=r"$a$, Majorana ($g=2$)")
    ax.plot(m, sv_semi, color="C0", ls="--", lw=1)
    ax.plot(m, sv_dir, color="C1", label=r"$a$, Dirac ($\sigma v(\chi\bar\chi)$)")
    ax.plot(m, b_maj, color="C2", label=r"$b$ ($\sigma v = b v^2$), Majorana")
    ax.plot(m, b_semi, color="C2", ls="--", lw=1)
    ax.plot([], [], color="k", ls="--", lw=1, label="semi-analytic")
    ax.set(xscale="log", yscale="log", xlim=(m[0], m[-1]), ylim=(1e-26, 1e-24),
           xlabel=r"$m_\chi$ [MeV]", ylabel=r"thermal $\sigma v$ coefficient [cm$^3$/s]")
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(rf"$\Omega h^2 = {target}$", loc="right")

    marks = {"s": "o", "p": "s"}
    for w in ("s", "p"):
        sel = [r for r in rows if r["wave"] == w]
        mm = [r["m_MeV"] for r in sel]
        ax2.plot(mm, [100 * r["rel_diff_scipy"] for r in sel], marks[w], mfc="none",
                 color="C0", label=f"{w}-wave vs scipy Radau")
        if "rel_diff_hazma" in sel[0]:
            ax2.plot(mm, [100 * r["rel_diff_hazma"] for r in sel], marks[w], color="C3", ms=3,
                     label=f"{w}-wave vs hazma 2.2")
        ax2.plot(mm, [100 * r["rel_diff_semi_vs_full"] for r in sel], marks[w], color="C2",
                 ms=3, alpha=0.6, label=f"{w}-wave semi-analytic vs full")
    ax2.axhspan(-0.5, 0.5, color="0.9", lw=0)
    ax2.axhline(0.0, color="k", lw=0.5)
    ax2.set(xscale="log", xlabel=r"$m_\chi$ [MeV]", ylabel=r"$\Omega h^2$ difference [%]",
            ylim=(-4, 4))
    ax2.legend(loc="lower left", fontsize=6)

    hazma_ok = "rel_diff_hazma" in rows[0]
    numbers = {
        "comparison": rows,
        "reference": "hazma 2.2.0 relic_density(semi_analytic=False, x0=1, rtol=1e-9, atol=1e-10)"
                     if hazma_ok else "hazma not installed: scipy Radau reference only",
        "max_abs_rel_diff_scipy": max(abs(r["rel_diff_scipy"]) for r in rows),
        "max_abs_rel_diff_semi_vs_full": max(abs(r["rel_diff_semi_vs_full"]) for r in rows),
        "thermal_sigmav_majorana_cm3_s": {f"{mv:g}": float(np.exp(np.interp(
            np.log(mv), np.log(m), np.log(sv_maj)))) for mv in (1.0, 10.0, 100.0, 1000.0)},
        "thermal_b_majorana_2MeV_cm3_s": float(np.exp(np.interp(np.log(2.0), np.log(m),
                                                                 np.log(b_maj)))),
        "cosmology": cosmo.source,
    }
    if hazma_ok:
        numbers["max_abs_rel_diff_hazma"] = max(abs(r["rel_diff_hazma"]) for r in rows)
    curves = pd.DataFrame({"m_MeV": m, "sigmav_s_majorana_cm3_s": sv_maj,
                           "sigmav_s_dirac_cm3_s": sv_dir, "b_p_majorana_cm3_s": b_maj,
                           "sigmav_s_majorana_semi_cm3_s": sv_semi,
                           "b_p_majorana_semi_cm3_s": b_semi})
    return FigureResult(fig, numbers, curves,
                        ("m_MeV: MeV", "sigmav_*: thermal s-wave a [cm^3/s] for Omega h^2 = 0.120",
                         "b_p_*: thermal p-wave b [cm^3/s] (sigma v = b v^2)"))


def neff(ctx: FigureContext) -> FigureResult:
    """N_eff(m_chi) of thermal species in equilibrium with e+- or neutrinos, with the Planck band."""
    from mevdm.papers.validation.analysis import neff_curves

    r = neff_curves(ctx.config)
    m, curves, lo_hi = r["m_MeV"], r["curves"], r["planck_95"]
    fig, ax = new_figure(width=4.2)
    ax.axhspan(*lo_hi, color="0.88", lw=0, label="Planck 2018 95 %")
    ax.axhline(r["sm"]["rates_fd_qed"]["N_eff"], color="k", ls=":", lw=0.8, label="SM")
    for i, key in enumerate(("real_scalar", "complex_scalar", "majorana_fermion", "vector",
                             "dirac_fermion")):
        ax.plot(m, curves[f"neff_{key}_electrophilic"], color=f"C{i}", label=key.replace("_", " "))
        ax.plot(m, curves[f"neff_{key}_neutrinophilic"], color=f"C{i}", ls="--")
    ax.plot([], [], color="k", label=r"with $e^\pm$ (solid) / $\nu$ (dashed)")
    ax.set(xscale="log", xlim=(m[0], m[-1]), ylim=(1.5, 5.0), xlabel=r"$m_\chi$ [MeV]",
           ylabel=r"$N_{\rm eff}$")
    ax.legend(loc="upper right", fontsize=6, ncol=2)
    numbers = {"neff_planck_95": lo_hi, "mass_bound_MeV": r["bounds_MeV"], "standard_model": r["sm"],
               "reference_sm": "N_eff^SM = 3.0440 (Bennett et al., JCAP 04 (2021) 073)"}
    df = pd.DataFrame({"m_MeV": m, **{k: v for k, v in curves.items() if k != "m_MeV"}})
    return FigureResult(fig, numbers, df,
                        ("m_MeV: MeV", "neff_<type>_<coupling>: N_eff after e+e- annihilation"))


def xenon_mu_nu(ctx: FigureContext) -> FigureResult:
    """The XENON1T and XENONnT magnetic-moment results of the collaborations from our likelihoods."""
    from mevdm.detectors.intervals import threshold
    from mevdm.papers.validation.xenon_mu_nu import magnetic_moment

    r = magnetic_moment(ctx.config, ctx.data)
    ref, c = r["references"], r["curves"]
    mu = c["mu_nu_muB"] * 1e11
    fig, ax = new_figure()
    ax.plot(mu, c["q_xenonnt_binned"], color="C0", label="XENONnT SR0, binned (ours)")
    ax.plot(mu, c["q_xenonnt_unbinned"], color="C0", ls="--", label="XENONnT SR0, unbinned (ours)")
    ax.plot(mu, c["q_xenon1t_binned"], color="C3", label="XENON1T SR1, binned (ours)")
    ax.axhline(threshold(0.90), color="k", lw=0.6, ls=":")
    ax.axvline(ref["xenonnt_sr0"]["upper_mu_B"] * 1e11, color="C0", lw=1.0, alpha=0.6,
               label="XENONnT published 90 % CL limit")
    ax.axvspan(*(np.array(ref["xenon1t_sr1"]["interval_mu_B"]) * 1e11), color="C3", alpha=0.12,
               label="XENON1T published 90 % CL interval")
    ax.set(xlim=(0, 4), ylim=(0, 30), xlabel=r"$\mu_\nu$ [$10^{-11}\,\mu_B$]",
           ylabel=r"$-2\Delta\ln L$ (vs its minimum)")
    ax.set_title(r"solar pp + $^7$Be $\nu$, stepping approximation", fontsize=8)
    ax.legend(fontsize=6, loc="center right", bbox_to_anchor=(1.0, 0.62))
    tol = ref["tolerance"]["rel"]
    base = r["xenonnt"]["xenonnt_resolution_binned_fixed"]
    numbers = {
        "xenonnt": r["xenonnt"], "xenon1t": r["xenon1t"],
        "xenonnt_within_tolerance": bool(abs(base["ratio_to_published"] - 1) <= tol),
        "xenon1t_within_tolerance": bool(all(abs(x - 1) <= tol for x in r["xenon1t"]["ratio_to_published"])),
        "references": ref,
        "conventions": {"interval": "Wilks: -2 Delta ln L <= 2.71 (90 % CL), mu^2 >= 0",
                        "flux": "B16-GS98 pp + 7Be (both lines), no oscillation (flavour-blind mu_eff)",
                        "cross_section": "Vogel-Engel free-electron, stepping approximation (RHF binding energies)",
                        "background": "B0 as released (fixed) or a common scale with the 8 % prior (float)"},
    }
    curves = pd.DataFrame({k: v for k, v in c.items()})
    return FigureResult(fig, numbers, curves, ("mu_nu_muB: Bohr magnetons",
                                               "q_*: -2 Delta ln L relative to its minimum over mu_nu >= 0"))
