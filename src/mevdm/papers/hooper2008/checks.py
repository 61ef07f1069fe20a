"""Cross-field config checks of hooper2008 (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check

KEY = "hooper2008"


@physics_check(KEY)
def _ranges(cfg: dict) -> None:
    fc, fr = cfg["fig_coupling"], cfg["fig_radiative"]
    if fc["m_U_min_MeV"] >= fc["m_U_max_MeV"]:
        raise ConfigError(f"hooper2008.fig_coupling.m_U_min_MeV = {fc['m_U_min_MeV']} must be "
                          f"below m_U_max_MeV = {fc['m_U_max_MeV']}")
    if fc["band_low"] >= fc["band_high"]:
        raise ConfigError(f"hooper2008.fig_coupling.band_low = {fc['band_low']} must be below "
                          f"band_high = {fc['band_high']}")
    if fr["m_S_max_GeV"] >= fr["lambda_uv_GeV"]:
        raise ConfigError(f"hooper2008.fig_radiative.m_S_max_GeV = {fr['m_S_max_GeV']} must be "
                          f"below lambda_uv_GeV = {fr['lambda_uv_GeV']}")
    if fr["m_S_min_GeV"] >= fr["m_S_max_GeV"]:
        raise ConfigError(f"hooper2008.fig_radiative.m_S_min_GeV = {fr['m_S_min_GeV']} must be "
                          f"below m_S_max_GeV = {fr['m_S_max_GeV']}")
