"""Cross-field config checks of the relic section (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations


from mevdm.core.config import ConfigError, physics_check

KEY = "relic"  # the relic section is validated by the validation figure


@physics_check("relic")
def _relic_ranges(cfg: dict) -> None:
    v = cfg.get("validation") or {}
    if v and v["m_min_MeV"] >= v["m_max_MeV"]:
        raise ConfigError("relic.validation.m_min_MeV must be below m_max_MeV")
    n = cfg.get("neff") or {}
    if n and n["m_min_MeV"] >= n["m_max_MeV"]:
        raise ConfigError("relic.neff.m_min_MeV must be below m_max_MeV")
