"""Cross-field checks of the config's ``constraints`` section (registered by
mevdm.configuration): the planes the gallery draws and the cache builds must be named planes."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check


@physics_check("constraints")
def _named_planes_exist(cfg: dict) -> None:
    from mevdm.constraints import DEFAULT_PLANES

    known = set(cfg.get("planes") or DEFAULT_PLANES)
    for where, names in (("cached_planes", cfg.get("cached_planes") or []),
                         ("gallery.planes", (cfg.get("gallery") or {}).get("planes") or [])):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ConfigError(f"constraints.{where}: unknown planes {unknown}; the named planes "
                              f"(constraints.planes) are {sorted(known)}")
