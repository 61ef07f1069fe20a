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


@physics_check("constraints")
def _library_loads(cfg: dict) -> None:
    """The planes build, the limit folders exist and no limit shadows another, the cached planes
    are named: what the workflow reads when it builds the DAG, checked here so that
    `mevdm check-config` and `mevdm figure` refuse the same files as Snakemake."""
    from mevdm.constraints import LimitFileError, library, planes_from_config
    from mevdm.constraints.workflow import cached_pairs

    config = {"constraints": cfg}
    key = "planes"
    try:
        planes_from_config(config)
        key = "limit_dirs"
        lib = library(config=config)
        key = "cached_planes"
        cached_pairs(config, lib)
    except (LimitFileError, ValueError, KeyError, TypeError) as err:
        message = str(err).strip("'\"")
        raise ConfigError(message if message.startswith("constraints.") else
                          f"constraints.{key}: {message}") from None
