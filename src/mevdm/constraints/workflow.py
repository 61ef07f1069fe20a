"""Snakemake helpers: which (limit, named plane) curves are cached, and writing one of them.

Used by workflow/rules/constraints.smk; runnable by hand:

    python -c "from mevdm.constraints.workflow import write_cached_curve; ..."
"""

from __future__ import annotations

import traceback
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


def constraint_inputs(lib: Library, limit: str, data_path) -> dict:
    """Snakemake inputs of one cached curve: its limit file and data files (via ``data_path``)."""
    lim = lib.get(limit)
    return {"limit_file": str(lim.path),
            **{f"data_{i}": data_path(n) for i, n in enumerate(lim.data_names)}}


def write_cached_curve(limit: str, plane: str, config: dict, output, store: DataStore,
                       log=None) -> None:
    """Compute ``limit`` in the named plane and write the CSV (units + provenance header).

    log: optional file receiving the recast steps, or the traceback on failure.
    """
    try:
        lib = library(store=store, config=config)
        p = planes_from_config(config)[plane]
        curve = lib.get(limit).curve(p)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        curve.write_csv(output)
        text = "\n".join(curve.header_lines()[:-1]) + f"\n{len(curve.mass_MeV)} points\n"
    except Exception:
        if log:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
            Path(log).write_text(traceback.format_exc())
        raise
    if log:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        Path(log).write_text(text)


__all__ = ["constraint_output", "cached_pairs", "constraint_inputs", "write_cached_curve",
           "DEFAULT_PLANES"]
