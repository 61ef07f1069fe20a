"""Cross-field config checks of jho2020 (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations


from mevdm.core.config import ConfigError, physics_check

KEY = "jho2020"


@physics_check(KEY)
def _ranges_increasing(cfg: dict) -> None:
    for fig, block in cfg.items():
        if not isinstance(block, dict):
            continue
        for k, v in block.items():
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v) \
                    and k not in ("m_X_MeV", "m_DM_MeV") and not v[0] < v[1]:
                raise ConfigError(f"{KEY}.{fig}.{k} = {v}: the range must be [low, high] with low < high")
    grid = cfg.get("recoil_grid") or {}
    if grid and not grid.get("min_keV", 0.05) < grid.get("max_keV", 40.0):
        raise ConfigError(f"{KEY}.recoil_grid: min_keV must be below max_keV")
    ns = cfg.get("ns_heating") or {}
    if ns.get("xi_convention") == "fixed" and "xi_fixed" not in ns:
        raise ConfigError(f"{KEY}.ns_heating.xi_fixed is required when xi_convention = 'fixed'")
