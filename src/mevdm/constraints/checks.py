"""Cross-field checks of the config's ``constraints`` section (registered by
mevdm.configuration): the planes the gallery draws and the cache builds must be named planes."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check


@physics_check("constraints")
def _neff_range_contains_sm(cfg: dict) -> None:
    rng = cfg.get("neff_planck_95")
    if rng is not None and not rng[0] < rng[1]:
        raise ConfigError(f"constraints.neff_planck_95 = {list(rng)}: must be [lower, upper] with "
                          "lower < upper (and the Standard-Model N_eff between them)")


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
