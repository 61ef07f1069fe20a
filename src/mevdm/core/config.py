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

    # JSON Schema counts 90.0 as an integer; a count read as a float fails later in the job
    # (range(90.0)) without the key, so an "integer" here is an int written without a point
    strict_int = cls.TYPE_CHECKER.redefine(
        "integer", lambda _checker, inst: isinstance(inst, int) and not isinstance(inst, bool))
    return jsonschema.validators.extend(cls, {"properties": properties}, type_checker=strict_int)


@functools.lru_cache(maxsize=64)
def _cached_validator(schema_path: Path, mtime_ns: int):
    schema = yaml.load(schema_path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cls = _with_defaults(jsonschema.validators.validator_for(schema))
    return cls(schema)


def _validator(schema_path: Path):
    """The schema's validator, compiled once per process (and again if the file changes)."""
    return _cached_validator(Path(schema_path), Path(schema_path).stat().st_mtime_ns)


# A config is a few hundred values; YAML aliases can expand a 1 KB file to 10^9 ("billion
# laughs"), so the expanded size is counted (each shared node once) before anything walks it.
MAX_CONFIG_VALUES = 100_000
MAX_LIST_ITEMS = 200  # a config list is a few choices; a grid is written {min, max, n}


def _expanded_size(node, children, where: str, memo: dict, open_: set) -> int:
    """Values in ``node`` with every alias expanded, counted in linear time (memo by identity);
    refuses a list longer than MAX_LIST_ITEMS and a self-referencing node."""
    key = id(node)
    if key in memo:
        return memo[key]
    kids = children(node)
    if kids is None:
        return 1
    if key in open_:
        raise ConfigError(f"{where or '<top level>'}: refers to itself (a recursive YAML alias)")
    open_.add(key)
    total = 1
    for label, kid, is_item in kids:
        if is_item and len(kids) > MAX_LIST_ITEMS:
            raise ConfigError(f"{where}: a list of {len(kids)} values; at most {MAX_LIST_ITEMS} "
                              "(MAX_LIST_ITEMS: a grid is written {min, max, n})")
        total += _expanded_size(kid, children, f"{where}{label}" if is_item or not where
                                else f"{where}.{label}", memo, open_)
        if total > MAX_CONFIG_VALUES:
            raise ConfigError(f"{where or '<top level>'}: the config expands to more than "
                              f"{MAX_CONFIG_VALUES} values (MAX_CONFIG_VALUES; YAML anchors and "
                              "aliases that multiply a block are refused)")
    open_.discard(key)
    memo[key] = total
    return total


def _object_children(node):
    if isinstance(node, dict):
        return [(str(k), v, False) for k, v in node.items()]
    if isinstance(node, (list, tuple)):
        return [(f"[{i}]", v, True) for i, v in enumerate(node)]
    return None


def _yaml_children(node):
    if isinstance(node, yaml.MappingNode):
        return [(getattr(k, "value", "?"), v, False) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [(f"[{i}]", v, True) for i, v in enumerate(node.value)]
    return None


def check_size(config) -> None:
    """Refuse a config that expands (through shared references) beyond MAX_CONFIG_VALUES values
    or holds a list longer than MAX_LIST_ITEMS, naming the key; linear in the file's size."""
    try:
        _expanded_size(config, _object_children, "", {}, set())
    except RecursionError:
        raise ConfigError("the config is nested too deeply (a config is a few levels of "
                          "sections)") from None


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
            message = err.message if len(err.message) <= 300 else \
                f"{err.message[:120]} ... {err.message[-150:]}"  # a long list, shortened
            lines.append(f"  {key}: {message} (rule: {err.validator}={err.validator_value!r})")
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
    check_size(config)
    if config.get("__use_yte__"):
        raise ConfigError(YTE_REFUSED)
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
    _check_figures(config)
    _check_resources(config)
    return config


YTE_REFUSED = ("__use_yte__: YTE templating runs Python from the config file; this workflow "
               "refuses it (check a config from others with `mevdm check-config FILE` before "
               "`snakemake --configfile FILE`: Snakemake renders YTE while reading the file, "
               "see the README's security note)")


def _check_figures(config: dict) -> None:
    """config['figures'] names only figures of the figure tables (papers/<key>/figures.yaml)."""
    from mevdm import papers

    known = papers.registry()
    unknown = [f"{k}/{n}" for k, names in (config.get("figures") or {}).items()
               for n in (names or []) if (k, n) not in known]
    if unknown:
        raise ConfigError(f"figures: unknown figures {unknown}; known: "
                          f"{', '.join(f'{k}/{n}' for k, n in sorted(known))} (`mevdm list`)")


def _check_resources(config: dict) -> None:
    """Grid sizes (and the memory they need) estimated from the config against the limits the
    code enforces, so that a run is refused before any job rather than failing in one."""
    from mevdm.detectors.xenon1t import BYTES_PER_TRUE_CELL, MAX_TRUE_CELLS

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
    """Parse a YAML config file safely (no tags, no templating): a syntax error names the file,
    line and column; binary or non-UTF-8 text, an alias bomb and ``__use_yte__`` are refused."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text (byte {err.start}: {raw[err.start:err.start + 1]!r});"
                          " a config file is YAML written in UTF-8") from None
    if "\x00" in text:
        raise ConfigError(f"{path}: holds NUL bytes (a binary file?); a config file is YAML text")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
        if node is not None:  # count before building: aliases are shared nodes here
            _expanded_size(node, _yaml_children, "", {}, set())
        data = yaml.load(text, Loader=loader)
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply (a config is a few levels of sections)") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {err.problem or err}"
                          + (f" ({err.context})" if err.context else "")) from None
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config file must hold a mapping of sections, got "
                          f"{type(data).__name__}")
    if "__use_yte__" in data:
        raise ConfigError(f"{path}: {YTE_REFUSED}")
    return data


def merged(configfiles=(), overrides: dict | None = None,
           default: str | Path = CONFIG_DIR / "config.yaml") -> dict:
    """The config a run uses, validated: the default config, each file merged onto it in order
    as ``snakemake --configfile`` merges them, then ``overrides`` (--config key=value).

    The one entry point of ``mevdm check-config``, ``mevdm figure`` and the Snakefile (which
    passes its own checkout's config/config.yaml as ``default``)."""
    from snakemake.utils import update_config  # Snakemake's own --configfile merge

    config = read_yaml(default)
    for path in configfiles:
        update_config(config, read_yaml(path))
    if overrides:
        update_config(config, overrides)
    return validate(config)


def load(path: str | Path = CONFIG_DIR / "config.yaml", **overrides) -> dict:
    """Read and validate a config file; keyword overrides replace top-level keys."""
    config = read_yaml(path)
    config.update(overrides)
    return validate(config)
