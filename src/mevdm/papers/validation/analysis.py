"""Validation of the relic solver against hazma 2.2 and an independent scipy Radau solve
(the numbers behind results/validation/relic.*; config section ``relic: validation:``)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from mevdm.core.paths import RESOURCES_DIR
from mevdm.early import relic

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


REFERENCE_TABLE = RESOURCES_DIR / "references" / "relic_omega_h2.csv"
REFERENCE_COLUMNS = ("wave", "m_MeV", "a_cm3_s", "b_cm3_s", "omega_scipy_radau", "omega_hazma")


def reference_rows(masses, a_s, b_p, cosmo) -> list[dict]:
    """The slow references at each point: scipy Radau (rtol 1e-8) and hazma 2.2 (if installed),
    both over x = 1 ... e^7 without tail."""
    rows = []
    for wave, a, b in (("s", a_s, 0.0), ("p", 0.0, b_p)):
        for m in masses:
            rows.append({"wave": wave, "m_MeV": float(m), "a_cm3_s": float(a), "b_cm3_s": float(b),
                         "omega_scipy_radau": relic.omega_h2_scipy(m, a, b, cosmo=cosmo,
                                                                   x_end=HAZMA_X_END, rtol=1e-8),
                         "omega_hazma": hazma_omega_h2(m, a, b)})
    return rows


def write_reference(rows, path) -> None:
    """The reference table as CSV (repr floats: exact round trip; empty = hazma absent)."""
    lines = ["# Omega h^2 references for results/validation/relic (scripts/make_relic_reference.py):",
             "# scipy solve_ivp Radau (rtol 1e-8) and hazma 2.2.0 relic_density(semi_analytic=False,",
             "# x0=1, rtol=1e-9, atol=1e-10), both over x = 1 ... e^7; SM g* of hazma_sm_dof/smdof.dat",
             ",".join(REFERENCE_COLUMNS)]
    for r in rows:
        lines.append(",".join("" if r[c] is None else r[c] if c == "wave" else repr(r[c])
                              for c in REFERENCE_COLUMNS))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines) + "\n")


def read_reference(path=REFERENCE_TABLE) -> dict:
    """{(wave, m, a, b): (omega_scipy_radau, omega_hazma or None)} from the cached table."""
    out = {}
    if not Path(path).is_file():
        return out
    for line in Path(path).read_text().splitlines():
        if line.startswith("#") or line.startswith("wave,"):
            continue
        w, m, a, b, ref, hz = line.split(",")
        out[(w, float(m), float(a), float(b))] = (float(ref), float(hz) if hz else None)
    return out


def comparison_table(masses, a_s, b_p, cosmo, references="cached") -> list[dict]:
    """Rows: Omega h^2 ours (hazma's range, and asymptotic), semi-analytic, hazma, scipy Radau.
    references: "cached" reads the slow references from REFERENCE_TABLE (live where a point
    is missing), "live" solves them here."""
    cached = read_reference() if references == "cached" else {}
    rows = []
    for wave, a, b in (("s", a_s, 0.0), ("p", 0.0, b_p)):
        for m in masses:
            ours_h = relic.omega_h2(m, a, b, x_start=1.0, x_end=HAZMA_X_END, tail=False,
                                    cosmo=cosmo)
            ours = relic.omega_h2(m, a, b, cosmo=cosmo)
            semi = relic.omega_h2(m, a, b, method="semi", cosmo=cosmo)
            hit = cached.get((wave, float(m), float(a), float(b)))
            if hit is not None:
                ref, hz = hit
            else:
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


def thermal_targets(config: dict, store) -> dict:
    """Thermal a (Majorana, Dirac, semi-analytic) and p-wave b on the configured mass grid,
    and the solver-vs-reference comparison table."""
    cfg = config["relic"]
    p = cfg["validation"]
    target = cfg["omega_h2"]
    cosmo = relic.default_cosmology(store, "hazma")  # the table hazma's own solver uses: like with like
    m = np.geomspace(p["m_min_MeV"], p["m_max_MeV"], p["n_m"])
    sv_maj = relic.sigmav_for_omega(m, omega_h2_target=target, cosmo=cosmo)
    sv_dir = relic.sigmav_for_omega(m, self_conjugate=False, omega_h2_target=target, cosmo=cosmo)
    b_maj = relic.sigmav_for_omega(m, 0.0, 1.0, omega_h2_target=target, cosmo=cosmo)
    sv_semi = relic.sigmav_for_omega(m, method="semi", omega_h2_target=target, cosmo=cosmo)
    b_semi = relic.sigmav_for_omega(m, 0.0, 1.0, method="semi", omega_h2_target=target,
                                    cosmo=cosmo)
    rows = comparison_table(p["masses_MeV"], p["sigmav_s_cm3_s"], p["sigmav_p_cm3_s"], cosmo,
                            references=p["references"])

    return {"m_MeV": m, "target": target, "cosmo": cosmo, "sv_maj": sv_maj, "sv_dir": sv_dir,
            "b_maj": b_maj, "sv_semi": sv_semi, "b_semi": b_semi, "rows": rows}


def neff_curves(config: dict) -> dict:
    """N_eff(m_chi) per DM type and coupling, the computed BBN/N_eff bounds and the SM variants
    (config relic.neff, constraints.neff_planck_95)."""
    from mevdm.constraints import computed as cc
    from mevdm.early import plasma

    p = config["relic"]["neff"]
    if not p["m_min_MeV"] < p["m_max_MeV"]:
        raise ValueError(f"relic.neff: m_min_MeV = {p['m_min_MeV']} must be < m_max_MeV = {p['m_max_MeV']}")
    m = np.geomspace(p["m_min_MeV"], p["m_max_MeV"], p["n_m"])
    curves, bounds = {"m_MeV": m}, {}
    for coupling in plasma.COUPLINGS:
        for t in plasma.DM_TYPES:
            curves[f"neff_{t}_{coupling}"] = plasma.neff_of_mass(t, m, coupling)
            bounds[f"{t}_{coupling}"] = cc.neff_bound_MeV(t, coupling, config)
    sm = {}
    for label, kw in (("rates_fd_qed", {}), ("rates_mb_qed", {"rates": "mb"}),
                      ("rates_fd_no_qed", {"qed": False}),
                      (f"instantaneous_Td{p['T_dec_MeV']:g}MeV_qed", {"T_dec_MeV": p["T_dec_MeV"]})):
        h = plasma.evolve(**kw)
        sm[label] = {"N_eff": h.N_eff, "T_gamma_over_T_nu": h.T_ratio_today}
    return {"m_MeV": m, "curves": curves, "bounds_MeV": bounds, "sm": sm,
            "planck_95": [float(v) for v in cc.setting(config, "neff_planck_95")]}
