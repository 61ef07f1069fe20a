"""Workflow configuration: load, validate against the JSON schemas, check physics.

The same function validates the config inside Snakemake (at load, before any
job) and in scripts or tests run without Snakemake.
"""

from __future__ import annotations

import copy
import functools
import math
from pathlib import Path
from typing import Callable

import jsonschema
import yaml

from mevdm.core.paths import CONFIG_DIR


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and the allowed range."""


def _with_defaults(cls):
    """A validator class that also fills each property's schema ``default`` into the config,
    so that every default lives in the schema and the code reads ``params[key]``."""
    validate_properties = cls.VALIDATORS["properties"]

    def properties(validator, props, instance, schema):
        if isinstance(instance, dict):
            for name, sub in props.items():
                if isinstance(sub, dict) and "default" in sub and name not in instance:
                    instance[name] = copy.deepcopy(sub["default"])
        yield from validate_properties(validator, props, instance, schema)

    return jsonschema.validators.extend(cls, {"properties": properties})


@functools.lru_cache(maxsize=64)
def _cached_validator(schema_path: Path, mtime_ns: int):
    schema = yaml.load(schema_path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cls = _with_defaults(jsonschema.validators.validator_for(schema))
    return cls(schema)


def _validator(schema_path: Path):
    """The schema's validator, compiled once per process (and again if the file changes)."""
    return _cached_validator(Path(schema_path), Path(schema_path).stat().st_mtime_ns)


def _check_finite(node, where: str = "") -> None:
    """NaN and inf pass every schema range (comparisons with NaN are false): refuse them."""
    if isinstance(node, dict):
        for k, v in node.items():
            _check_finite(v, f"{where}.{k}" if where else str(k))
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            _check_finite(v, f"{where}[{i}]")
    elif isinstance(node, float) and not math.isfinite(node):
        raise ConfigError(f"{where}: {node!r} is not a finite number (NaN and inf are refused)")


def _check_schema(section: dict, schema_path: Path, where: str) -> None:
    errors = sorted(_validator(schema_path).iter_errors(section), key=lambda e: list(e.path))
    if errors:
        lines = []
        for err in errors:
            key = ".".join([where, *map(str, err.absolute_path)]) if where else \
                ".".join(map(str, err.absolute_path)) or "<top level>"
            lines.append(f"  {key}: {err.message} (rule: {err.validator}={err.validator_value!r})")
        raise ConfigError(f"invalid configuration ({schema_path.name}):\n" + "\n".join(lines))


# Cross-field physics checks a JSON schema cannot express: section -> [check(section)].
PHYSICS_CHECKS: dict[str, list[Callable[[dict], None]]] = {}


def require_below(where: str, block: dict, low: str, high: str, *, factor: float = 1.0,
                  why: str = "") -> None:
    """Refuse block[low] * factor >= block[high] (a reversed range, a splitting above a mass),
    naming both keys of the section ``where``."""
    if block[low] * factor >= block[high]:
        scaled = f" (x {factor:g})" if factor != 1.0 else ""
        raise ConfigError(f"{where}.{low} = {block[low]}{scaled} must be below {high} = "
                          f"{block[high]}" + (f" ({why})" if why else ""))


def physics_check(section: str):
    """Register a cross-field check for a config section (decorator)."""

    def deco(func):
        PHYSICS_CHECKS.setdefault(section, []).append(func)
        return func

    return deco


def _register_paper_checks() -> None:
    """Import every papers/<key>/checks.py so that its cross-field checks are registered,
    whatever the caller imported before (Snakemake validates before loading any paper)."""
    import importlib

    for path in sorted((Path(__file__).parents[1] / "papers").glob("*/checks.py")):
        importlib.import_module(f"mevdm.papers.{path.parent.name}.checks")
    importlib.import_module("mevdm.constraints.checks")


def validate(config: dict, config_dir: Path = CONFIG_DIR) -> dict:
    """Validate a config dict in place (filling schema defaults); raise ConfigError naming
    the offending key."""
    _check_finite(config)
    _check_schema(config, config_dir / "schema.yaml", "")
    for section, block in config.items():
        schema = config_dir / "schemas" / f"{section}.schema.yaml"
        if isinstance(block, dict) and schema.exists():
            _check_schema(block, schema, section)
    _register_paper_checks()
    for section, checks in PHYSICS_CHECKS.items():
        if section in config:
            for check in checks:
                check(config[section])
    _check_scan_chunks(config)
    _check_mirror(config.get("data_mirror"))
    if config.get("__use_yte__"):
        raise ConfigError("__use_yte__: YTE templating runs Python from the config file; this "
                          "workflow refuses it (a config is code: see the README's security note)")
    return config


def _check_scan_chunks(config: dict) -> None:
    """Every declared scan's chunk count must lie in [1, rows] (each chunk needs a row)."""
    from mevdm import papers, scans

    for key in papers.paper_keys():
        if key not in config:
            continue
        for scan, spec in (papers.paper_table(key).get("scans") or {}).items():
            try:
                rows = scans.config_value(config, key, spec["rows"])
                n = scans.chunk_count(config, key, spec)
            except (KeyError, TypeError, ValueError):
                continue  # the schema names a missing or mistyped key
            if not 1 <= n <= rows:
                raise ConfigError(f"{key}.{spec['n_chunks']} = {n}: must lie in [1, {rows}] "
                                  f"({key}.{spec['rows']}: every chunk of scan {scan} needs a row)")


def _check_mirror(mirror) -> None:
    """A mirror folder must exist and hold the registry's datasets (<dataset>/<file>)."""
    if not mirror:
        return
    folder = Path(mirror).expanduser()
    hint = "set it to the data mirror, e.g. ../shared/data, or to null to download the files"
    if not folder.is_dir():
        raise ConfigError(f"data_mirror: folder '{mirror}' does not exist ({hint})")
    from mevdm.core.data import load_registry

    datasets = sorted({e.dataset for e in load_registry().values()})
    present = [d for d in datasets if (folder / d).is_dir()]
    if not present:
        raise ConfigError(f"data_mirror: '{mirror}' holds none of the registry's {len(datasets)} "
                          f"datasets (expected folders such as {', '.join(datasets[:3])}, ...): "
                          f"not a data mirror ({hint})")


def read_yaml(path: str | Path) -> dict:
    """Parse a YAML config file; a syntax error names the file, line and column."""
    text = Path(path).read_text()
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {err.problem or err}"
                          + (f" ({err.context})" if err.context else "")) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config file must hold a mapping of sections, got "
                          f"{type(data).__name__}")
    return data


def load(path: str | Path = CONFIG_DIR / "config.yaml", **overrides) -> dict:
    """Read and validate a config file; keyword overrides replace top-level keys."""
    config = read_yaml(path)
    config.update(overrides)
    return validate(config)
