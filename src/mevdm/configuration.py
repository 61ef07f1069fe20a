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

from mevdm.core.config import CONFIG_DIR, PHYSICS_CHECKS, ConfigError, read_yaml
from mevdm.core.config import validate as validate_schema
from mevdm.core.registry import paper_keys, scan_registry

__all__ = ["ConfigError", "CONFIG_DIR", "defaults", "merge", "read_yaml", "validate", "load"]


@functools.cache
def _defaults(path: Path) -> dict:
    return read_yaml(path)


def defaults(config_dir: Path = CONFIG_DIR) -> dict:
    """The default config (a fresh copy of ``config/config.yaml``)."""
    return copy.deepcopy(_defaults(Path(config_dir) / "config.yaml"))


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


def validate(config: dict, config_dir: Path = CONFIG_DIR) -> dict:
    """Merge ``config`` onto the defaults (in place), validate it, and return it; a
    ConfigError names the offending key and its allowed range."""
    merged = merge(defaults(config_dir), config)
    config.clear()
    config.update(merged)
    register_checks()
    validate_schema(config, config_dir)
    for section, checks in PHYSICS_CHECKS.items():
        if section in config:
            for check in checks:
                check(config[section])
    _check_scan_chunks(config)
    return config


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
    config = read_yaml(path) if path else {}
    config.update(overrides)
    return validate(config)
