"""Cross-field config checks of ema2021 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check, require_below
from mevdm.core.units import keV

KEY = "ema2021"


@physics_check(KEY)
def _benchmarks_valid(cfg: dict) -> None:
    f3 = cfg["fig3"]
    require_below(f"{KEY}.fig3", f3, "coann_delta_keV", "coann_m_chi_MeV", factor=keV,
                  why="keV to MeV: delta < M")
    f2 = cfg["fig2"]
    if f2["m_V_MeV"] <= 2 * f2["m_chi_max_MeV"]:
        raise ConfigError(f"ema2021.fig2.m_V_MeV = {f2['m_V_MeV']} must exceed 2 m_chi_max_MeV = "
                          f"{2 * f2['m_chi_max_MeV']} (V -> chi1 chi2 open; the paper's formulas)")
    if f2["m_chi_min_MeV"] <= f2["m_phi_MeV"]:
        raise ConfigError(f"ema2021.fig2.m_chi_min_MeV = {f2['m_chi_min_MeV']} must exceed "
                          f"m_phi_MeV = {f2['m_phi_MeV']} (chi chi -> phi phi must be open)")


@physics_check(KEY)
def _ranges(cfg: dict) -> None:
    f1, f2 = cfg["fig1"], cfg["fig2"]
    for sec, lo, hi in (("fig1", "m_S_min_MeV", "m_S_max_MeV"), ("fig1", "ge_min", "ge_max"),
                        ("fig2", "m_chi_min_MeV", "m_chi_max_MeV"),
                        ("fig2", "delta_min_keV", "delta_max_keV")):
        d = f1 if sec == "fig1" else f2
        if not d[lo] < d[hi]:
            raise ConfigError(f"ema2021.{sec}.{lo} = {d[lo]} must be below {hi} = {d[hi]}")
    roi = cfg["s2_roi_pe"]
    if not roi[0] < roi[1]:
        raise ConfigError(f"ema2021.s2_roi_pe = {roi} must be increasing (lower, upper) in "
                          "[90, 3000] PE")


# shells of each form-factor set (mevdm.detectors.atomic: ALL_SHELLS, ESSIG_SHELLS)
_SET_SHELLS = {"darkarc": ("5p", "5s", "4d", "4p", "4s", "3d", "3p", "3s", "2p", "2s", "1s"),
               "essig2017": ("5p", "5s", "4d", "4p", "4s", "3d", "3p")}


@physics_check(KEY)
def _form_factor_shells(cfg: dict) -> None:
    for where, ffset, shells in (
            ("ema2021.shells", cfg["form_factors"], cfg["shells"]),
            ("ema2021.fig3.form_factor_variant.shells", cfg["fig3"]["form_factor_variant"]["set"],
             cfg["fig3"]["form_factor_variant"]["shells"])):
        bad = [s for s in shells if s not in _SET_SHELLS[ffset]]
        if bad:
            raise ConfigError(f"{where} = {list(shells)}: {bad} not in the '{ffset}' tables; "
                              f"allowed: {list(_SET_SHELLS[ffset])}")


@physics_check(KEY)
def _relic_numbers_benchmark(cfg: dict) -> None:
    e = cfg["relic_numbers"]
    require_below(f"{KEY}.relic_numbers", e, "coann_delta_keV", "coann_M_MeV", factor=keV,
                  why="keV to MeV: delta < M")
    if e["coann_M_MeV"] <= e["coann_m_phi_MeV"]:
        raise ConfigError(f"ema2021.relic_numbers.coann_M_MeV = {e['coann_M_MeV']} must exceed "
                          f"coann_m_phi_MeV = {e['coann_m_phi_MeV']} (chi chi -> phi phi must be open)")
    if e["coann_m_V_MeV"] <= 2 * e["coann_M_MeV"]:
        raise ConfigError(f"ema2021.relic_numbers.coann_m_V_MeV = {e['coann_m_V_MeV']} must exceed "
                          f"2 coann_M_MeV = {2 * e['coann_M_MeV']}")


@physics_check(KEY)
def _fig2_chunks(cfg: dict) -> None:
    f2 = cfg["fig2"]
    if f2["n_chunks"] > f2["n_delta"]:
        raise ConfigError(f"ema2021.fig2.n_chunks = {f2['n_chunks']} must not exceed n_delta = "
                          f"{f2['n_delta']} (every chunk needs a delta row)")
