"""Cross-field config checks of hooper2008 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.config import physics_check, require_below

KEY = "hooper2008"


@physics_check(KEY)
def _ranges(cfg: dict) -> None:
    fc, fr = cfg["fig_coupling"], cfg["fig_radiative"]
    require_below(f"{KEY}.fig_coupling", fc, "m_U_min_MeV", "m_U_max_MeV")
    require_below(f"{KEY}.fig_coupling", fc, "band_low", "band_high")
    require_below(f"{KEY}.fig_radiative", fr, "m_S_max_GeV", "lambda_uv_GeV")
    require_below(f"{KEY}.fig_radiative", fr, "m_S_min_GeV", "m_S_max_GeV")
