"""Snakemake helpers: which (limit, named plane) curves are cached, and writing one of them.

Used by workflow/rules/constraints.smk and scripts/constraint_plane.py.
"""

from __future__ import annotations

from pathlib import Path

from mevdm.core.data import DataStore
from mevdm.constraints import DEFAULT_PLANES, planes_from_config
from mevdm.constraints.library import Library, library

RESULTS = "results/constraints"


def constraint_output(limit: str, plane: str) -> str:
    """Path of the cached CSV of ``limit`` in the named plane ``plane`` (config constraints.planes)."""
    return f"{RESULTS}/{plane}/{limit}.csv"


def cached_pairs(config: dict, lib: Library | None = None) -> list[tuple[str, str]]:
    """[(limit, plane name)] for every limit drawable in each plane of constraints.cached_planes."""
    lib = lib or library(config=config)
    planes = planes_from_config(config)
    section = (config.get("constraints") or {})
    names = section.get("cached_planes") or list(planes)
    unknown = [n for n in names if n not in planes]
    if unknown:
        raise ValueError(f"constraints.cached_planes names unknown planes {unknown}; "
                         f"known (constraints.planes): {sorted(planes)}")
    return [(lim.name, n) for n in names for lim in lib.in_plane(planes[n].kind)]


# what decides which plane jobs exist, not what a curve is
_NOT_READ_BY_PLANES = ("gallery", "cached_planes")


def plane_config_keys(config: dict) -> list[str]:
    """The config keys a constraint-plane job reads (its rule's params)."""
    return [f"constraints.{k}" for k in (config.get("constraints") or {})
            if k not in _NOT_READ_BY_PLANES]


def write_plane(plane: str, outputs: dict, config: dict, store: DataStore):
    """Compute every limit of ``outputs`` ({limit: csv path}) in the named plane and write
    each CSV (units + recast steps in its header); yields one log line per curve. The job sees
    only ``plane_config_keys``."""
    from mevdm.core.config import DeclaredConfig

    config = DeclaredConfig(config, plane_config_keys(config), owner=f"constraint plane {plane}")
    lib = library(store=store, config=config)
    p = planes_from_config(config)[plane]
    for limit, path in sorted(outputs.items()):
        curve = lib.get(limit).curve(p)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        curve.write_csv(path)
        yield f"{limit}: {len(curve.mass_MeV)} points; " + "; ".join(curve.header_lines()[:-1])


__all__ = ["constraint_output", "cached_pairs", "plane_config_keys", "write_plane", "DEFAULT_PLANES"]
