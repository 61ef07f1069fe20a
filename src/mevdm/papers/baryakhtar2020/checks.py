"""Cross-field config checks of baryakhtar2020 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

import math

from mevdm.core.units import M_E, keV
from mevdm.core.config import ConfigError, physics_check

KEY = "baryakhtar2020"


SCAN_KINDS = {
    "malpha": ("primordial_thermal", "alpha_D"),  # figs 1, 3
    "meps": ("primordial_eps", "eps"),            # fig 2
    "solar_mdelta": ("solar_delta", "delta_keV"),  # fig 6 left
    "solar_mfchi": ("solar_fchi", "f_chi"),       # fig 6 right
    "solar_meps": ("solar_eps", "eps"),           # fig 7
}


def check_scans(paper: dict) -> None:
    """Raise ConfigError for a grid or chunking no job could run (before any job)."""
    scans = paper.get("scans") or {}
    for name, sc in scans.items():
        where = f"{KEY}.scans.{name}"
        if name not in SCAN_KINDS:
            raise ConfigError(f"{where}: unknown scan; known: {sorted(SCAN_KINDS)}")
        _, yname = SCAN_KINDS[name]
        for ax_name in ("m_chi_MeV", yname):
            ax = sc.get(ax_name)
            if ax is None:
                raise ConfigError(f"{where}.{ax_name}: missing grid {{min, max, n}}")
            if not (ax["n"] >= 2):
                raise ConfigError(f"{where}.{ax_name}.n = {ax['n']}: a grid needs n >= 2 points")
            if not (0 < ax["min"] < ax["max"]):
                raise ConfigError(f"{where}.{ax_name}: need 0 < min < max, got "
                                  f"[{ax['min']}, {ax['max']}]")
        n_m = sc["m_chi_MeV"]["n"]
        if not 1 <= sc["n_chunks"] <= n_m:
            raise ConfigError(f"{where}.n_chunks = {sc['n_chunks']} must lie in [1, n_m = {n_m}]: "
                              "the chunks must cover the m_chi grid with at least one row each")
        if yname == "alpha_D" and sc[yname]["max"] > 4 * math.pi:
            raise ConfigError(f"{where}.alpha_D.max = {sc[yname]['max']} exceeds 4 pi "
                              "(non-perturbative)")
        if yname in ("eps", "f_chi") and sc[yname]["max"] > 1:
            raise ConfigError(f"{where}.{yname}.max = {sc[yname]['max']} must be <= 1")
        deltas = list(sc.get("delta_keV", [])) if yname != "delta_keV" else [sc[yname]["max"]]
        for d in deltas:
            if d * keV >= sc["m_chi_MeV"]["min"]:
                raise ConfigError(f"{where}: delta = {d} keV is not below m_chi,min = "
                                  f"{sc['m_chi_MeV']['min']} MeV (kinematic range delta < m_chi)")
            if name.startswith("solar") and d * keV >= 2 * M_E:
                raise ConfigError(f"{where}: delta = {d} keV >= 2 m_e: chi* -> chi e+ e- opens "
                                  "(outside the model of Sec. 4)")


@physics_check(KEY)
def _check_scans(cfg: dict) -> None:
    check_scans(cfg)


@physics_check("baryakhtar2020")
def _splitting_below_mass(cfg: dict) -> None:
    pairs = [("fig4", "m_chi_MeV", "delta_keV"),
             ("fig5", "solar_m_chi_MeV", "solar_delta_keV"),
             ("fig5", "primordial_m_chi_MeV", "primordial_delta_keV")]
    for fig, m_key, d_key in pairs:
        block = cfg.get(fig) or {}
        if m_key in block and d_key in block and block[d_key] * 1e-3 >= block[m_key]:
            raise ConfigError(
                f"baryakhtar2020.{fig}.{d_key} = {block[d_key]} keV must be below "
                f"{m_key} = {block[m_key]} MeV (the splitting delta < m_chi)")
