"""Cross-field config checks of hooper2008 (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations


from mevdm.core.config import ConfigError, physics_check

KEY = "hooper2008"


@physics_check(KEY)
def _ranges(cfg: dict) -> None:
    fc = cfg.get("fig_coupling") or {}
    if fc and fc.get("m_U_min_MeV", 1) >= fc.get("m_U_max_MeV", 2):
        raise ConfigError("hooper2008.fig_coupling.m_U_min_MeV must be below m_U_max_MeV")
    fr = cfg.get("fig_radiative") or {}
    if fr and fr.get("m_S_max_GeV", 0) >= fr.get("lambda_uv_GeV", 1e9):
        raise ConfigError("hooper2008.fig_radiative.m_S_max_GeV must be below lambda_uv_GeV")
    if fr and fr.get("m_S_min_GeV", 1) >= fr.get("m_S_max_GeV", 2):
        raise ConfigError("hooper2008.fig_radiative.m_S_min_GeV must be below m_S_max_GeV")
