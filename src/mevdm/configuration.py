"""A run's configuration validated as a whole — one function for Snakemake, ``mevdm
check-config`` and the ``mevdm`` command alike.

``config/config.yaml`` is the one home of every default: a user's config (``--config``,
``--configfile``, a dict) is merged onto it, then checked against the JSON schemas (types and
ranges, in ``mevdm.core.config``), each paper's cross-field checks (``papers/<key>/checks.py``),
the constraint checks and the scans' chunk counts. This module sits above ``core`` and the
paper houses and registers their checks; ``core`` knows neither.
"""

from __future__ import annotations

import copy
import functools
import importlib
from pathlib import Path

from mevdm.core.config import CONFIG_DIR, PHYSICS_CHECKS, ConfigError, check_size, read_yaml
from mevdm.core.config import validate as validate_schema
from mevdm.core.registry import paper_keys, scan_registry

__all__ = ["ConfigError", "CONFIG_DIR", "defaults", "merge", "merged", "read_yaml", "validate",
           "load"]


@functools.cache
def _defaults(path: Path) -> dict:
    return read_yaml(path)


def defaults(config_dir: Path = CONFIG_DIR, default: str | Path | None = None) -> dict:
    """The default config (a fresh copy of ``config/config.yaml``, or of the file ``default``)."""
    return copy.deepcopy(_defaults(Path(default) if default else Path(config_dir) / "config.yaml"))


def merge(base: dict, update: dict) -> dict:
    """``update`` merged onto ``base`` in place, as Snakemake merges ``--configfile``."""
    from snakemake.utils import update_config

    update_config(base, update)
    return base


@functools.cache
def register_checks() -> None:
    """Import every paper's ``checks.py`` and the constraint checks so that their cross-field
    checks are registered with ``mevdm.core.config`` (once per process)."""
    for key in paper_keys():
        if (Path(__file__).parent / "papers" / key / "checks.py").is_file():
            importlib.import_module(f"mevdm.papers.{key}.checks")
    importlib.import_module("mevdm.constraints.checks")


def validate(config: dict, config_dir: Path = CONFIG_DIR,
             default: str | Path | None = None) -> dict:
    """Merge ``config`` onto the defaults (in place; ``default``: another default config file,
    e.g. a deployed workflow's), validate it, and return it; a ConfigError names the offending
    key and its allowed range."""
    check_size(config)  # before anything walks it (an alias bomb)
    full = merge(defaults(config_dir, default), config)
    config.clear()
    config.update(full)
    register_checks()
    validate_schema(config, config_dir)
    _check_figures(config)
    _check_resources(config)
    for section, checks in PHYSICS_CHECKS.items():
        if section in config:
            for check in checks:
                check(config[section])
    _check_scan_chunks(config)
    return config


def merged(configfiles=(), overrides: dict | None = None,
           default: str | Path | None = None) -> dict:
    """The config a run uses, validated: each file merged onto the default config in order, as
    ``snakemake --configfile`` merges them, then ``overrides`` (--config key=value). Each file
    is read safely (line and column of a YAML error; YTE, alias bombs, binary files refused).

    The one entry point of the Snakefile (which passes its own config/config.yaml as
    ``default``), ``mevdm check-config`` and ``mevdm figure``."""
    config: dict = {}
    for path in configfiles:
        merge(config, read_yaml(path))
    if overrides:
        merge(config, overrides)
    return validate(config, default=default)


def _check_figures(config: dict) -> None:
    """config['figures'] names only figures of the figure tables (papers/<key>/figures.yaml)."""
    from mevdm.core.registry import registry

    known = registry()
    unknown = [f"{k}/{n}" for k, names in (config.get("figures") or {}).items()
               for n in (names or []) if (k, n) not in known]
    if unknown:
        raise ConfigError(f"figures: unknown figures {unknown}; known: "
                          f"{', '.join(f'{k}/{n}' for k, n in sorted(known))} (`mevdm list`)")


def _check_resources(config: dict) -> None:
    """Grid sizes (and the memory they need) estimated from the config against the limits the
    code enforces, so that a run is refused before any job rather than failing in one."""
    from mevdm.detectors.grid import BYTES_PER_TRUE_CELL, MAX_TRUE_CELLS

    xe = config.get("xenon1t") or {}
    if xe.get("fine_bin_keV") and xe.get("true_energy_max_keV"):
        cells = xe["true_energy_max_keV"] / xe["fine_bin_keV"]
        if cells > MAX_TRUE_CELLS:
            raise ConfigError(
                f"xenon1t.fine_bin_keV = {xe['fine_bin_keV']}: {cells:.3g} true-energy cells up to "
                f"true_energy_max_keV = {xe['true_energy_max_keV']} would need "
                f"~{cells * BYTES_PER_TRUE_CELL / 1024**3:.3g} GiB; at most {MAX_TRUE_CELLS} cells "
                f"(MAX_TRUE_CELLS: fine_bin_keV >= "
                f"{xe['true_energy_max_keV'] / MAX_TRUE_CELLS:.3g} keV)")


def _check_scan_chunks(config: dict) -> None:
    """Every declared scan's chunk count must lie in [1, rows] (each chunk needs a row)."""
    from mevdm import scans

    for (key, name), spec in scan_registry().items():
        if key not in config:
            continue
        rows = scans.config_value(config, key, spec.rows)
        n = scans.chunk_count(config, spec)
        if not 1 <= n <= rows:
            raise ConfigError(f"{key}.{spec.n_chunks} = {n}: must lie in [1, {rows}] "
                              f"({key}.{spec.rows}: every chunk of scan {name} needs a row)")


def load(path: str | Path | None = None, **overrides) -> dict:
    """The default config, merged with a config file and keyword overrides of top-level keys,
    validated."""
    return merged([path] if path else [], overrides)
