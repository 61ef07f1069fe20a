"""Cross-field config checks of ema2021 (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.units import keV
from mevdm.core.config import ConfigError, physics_check

KEY = "ema2021"


@physics_check(KEY)
def _benchmarks_valid(cfg: dict) -> None:
    f3 = cfg.get("fig3") or {}
    if "coann_M_MeV" in f3 and "coann_delta_keV" in f3 and \
            f3["coann_delta_keV"] * keV >= f3["coann_M_MeV"]:
        raise ConfigError(f"ema2021.fig3.coann_delta_keV = {f3['coann_delta_keV']} keV must be "
                          f"below coann_M_MeV = {f3['coann_M_MeV']} MeV (delta < M)")
    f2 = cfg.get("fig2") or {}
    if "m_V_MeV" in f2 and "M_max_MeV" in f2 and f2["m_V_MeV"] <= 2 * f2["M_max_MeV"]:
        raise ConfigError(f"ema2021.fig2.m_V_MeV = {f2['m_V_MeV']} must exceed 2 M_max_MeV = "
                          f"{2 * f2['M_max_MeV']} (V -> chi1 chi2 open; the paper's formulas)")
    if "m_phi_MeV" in f2 and "M_min_MeV" in f2 and f2["M_min_MeV"] <= f2["m_phi_MeV"]:
        raise ConfigError(f"ema2021.fig2.M_min_MeV = {f2['M_min_MeV']} must exceed m_phi_MeV = "
                          f"{f2['m_phi_MeV']} (chi chi -> phi phi must be open)")
