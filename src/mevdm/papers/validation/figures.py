"""Validation figures: the relic solver against hazma 2.2 and an independent scipy Radau solve.

Figure key ``validation``, name ``relic`` (results/validation/relic.{json,csv,pdf,png}).
Parameters live in the config section ``relic: validation:``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mevdm.early import relic
from mevdm.core.plotting import new_figure
from mevdm.papers import FigureContext, FigureResult

HAZMA_X_END = math.exp(7.0)  # hazma 2.2 solve_boltzmann integrates x = 1 ... e^7 (no tail)


def hazma_omega_h2(m_MeV, a_cm3_s, b_cm3_s, rtol=1.0e-9, atol=1.0e-10):
    """hazma 2.2 full-ODE Omega h^2 (Radau, x = 1 ... e^7) for <sigma v> = a + 6 b/x; None if absent.

    hazma's ``relic_density`` only needs ``model.mx`` and ``model.thermal_cross_section(x)``;
    providing the latter bypasses its scipy-quad thermal average (which breaks on NumPy 2).
    """
    try:
        from hazma.relic_density import relic_density
    except ImportError:
        return None
    from mevdm.core.units import MEV2_TO_CM3_S

    class _Model:
        mx = float(m_MeV)

        @staticmethod
        def thermal_cross_section(x):
            return (a_cm3_s + 6.0 * b_cm3_s / x) / MEV2_TO_CM3_S

    return float(relic_density(_Model(), semi_analytic=False, x0=1.0, rtol=rtol, atol=atol))


def comparison_table(masses, a_s, b_p, cosmo) -> list[dict]:
    """Rows: Omega h^2 ours (hazma's range, and asymptotic), semi-analytic, hazma, scipy Radau."""
    rows = []
    for wave, a, b in (("s", a_s, 0.0), ("p", 0.0, b_p)):
        for m in masses:
            ours_h = relic.omega_h2(m, a, b, x_start=1.0, x_end=HAZMA_X_END, tail=False,
                                    cosmo=cosmo)
            ours = relic.omega_h2(m, a, b, cosmo=cosmo)
            semi = relic.omega_h2(m, a, b, method="semi", cosmo=cosmo)
            ref = relic.omega_h2_scipy(m, a, b, cosmo=cosmo, x_end=HAZMA_X_END, rtol=1e-8)
            hz = hazma_omega_h2(m, a, b)
            row = {"wave": wave, "m_MeV": m, "a_cm3_s": a, "b_cm3_s": b,
                   "omega_ours_x1_e7": ours_h, "omega_scipy_radau": ref,
                   "rel_diff_scipy": ours_h / ref - 1.0,
                   "omega_ours_asymptotic": ours, "omega_semi_analytic": semi,
                   "rel_diff_semi_vs_full": semi / ours - 1.0}
            if hz is not None:
                row.update(omega_hazma=hz, rel_diff_hazma=ours_h / hz - 1.0)
            rows.append(row)
    return rows


def relic_validation(ctx: FigureContext) -> FigureResult:
    cfg = ctx.config["relic"]
    p = cfg["validation"]
    target = cfg["omega_h2"]
    cosmo = relic.default_cosmology(ctx.data)
    m = np.geomspace(p["m_min_MeV"], p["m_max_MeV"], p["n_m"])
    sv_maj = relic.sigmav_for_omega(m, omega_h2_target=target, cosmo=cosmo)
    sv_dir = relic.sigmav_for_omega(m, self_conjugate=False, omega_h2_target=target, cosmo=cosmo)
    b_maj = relic.sigmav_for_omega(m, 0.0, 1.0, omega_h2_target=target, cosmo=cosmo)
    sv_semi = relic.sigmav_for_omega(m, method="semi", omega_h2_target=target, cosmo=cosmo)
    b_semi = relic.sigmav_for_omega(m, 0.0, 1.0, method="semi", omega_h2_target=target,
                                    cosmo=cosmo)
    rows = comparison_table(p["masses_MeV"], p["sigmav_s_cm3_s"], p["sigmav_p_cm3_s"], cosmo)

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
