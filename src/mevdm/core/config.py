"""Workflow configuration: read YAML, validate against the JSON schemas (types and ranges),
and the registry of cross-field physics checks.

The whole validation of a run (defaults merged from ``config/config.yaml``, every paper's
checks registered) is ``mevdm.configuration.validate``; this module knows no paper.
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


@functools.lru_cache(maxsize=64)
def _cached_validator(schema_path: Path, mtime_ns: int):
    schema = yaml.load(schema_path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cls = jsonschema.validators.validator_for(schema)
    # JSON Schema counts 90.0 as an integer; a count read as a float fails later in the job
    # (range(90.0)) without the key, so an "integer" here is an int written without a point
    strict_int = cls.TYPE_CHECKER.redefine(
        "integer", lambda _checker, inst: isinstance(inst, int) and not isinstance(inst, bool))
    return jsonschema.validators.extend(cls, type_checker=strict_int)(schema)


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


def validate(config: dict, config_dir: Path = CONFIG_DIR) -> dict:
    """Check a complete config dict against the schemas; raise ConfigError naming the
    offending key. Defaults and the registered cross-field checks: ``mevdm.configuration``."""
    check_size(config)
    if config.get("__use_yte__"):
        raise ConfigError(YTE_REFUSED)
    _check_finite(config)
    _check_schema(config, config_dir / "schema.yaml", "")
    for section, block in config.items():
        schema = config_dir / "schemas" / f"{section}.schema.yaml"
        if isinstance(block, dict) and schema.exists():
            _check_schema(block, schema, section)
    _check_mirror(config.get("data_mirror"))
    return config


YTE_REFUSED = ("__use_yte__: YTE templating runs Python from the config file; this workflow "
               "refuses it (check a config from others with `mevdm check-config FILE` before "
               "`snakemake --configfile FILE`: Snakemake renders YTE while reading the file, "
               "see the README's security note)")


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


class UndeclaredConfigError(KeyError):
    """A job read a config key its target does not declare (``config:`` in figures.yaml)."""

    def __str__(self):  # KeyError would print the repr of the message
        return str(self.args[0])


def _covered(path: tuple, declared: frozenset) -> bool:
    return any(path[:i] in declared for i in range(1, len(path) + 1))


def _on_the_way(path: tuple, declared: frozenset) -> bool:
    return any(len(d) > len(path) and d[: len(path)] == path for d in declared)


def declared_subset(config: dict, paths) -> dict:
    """The part of ``config`` at the dotted ``paths`` (a plain nested dict, a copy): what a
    rule passes as its params, so that it reruns when, and only when, one of them changes."""
    out: dict = {}
    for dotted in sorted(paths):
        node, target = config, out
        parts = dotted.split(".")
        for i, part in enumerate(parts):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError(f"declared config key '{dotted}' is not in the config")
            node = node[part]
            if i < len(parts) - 1:
                target = target.setdefault(part, {})
        target[parts[-1]] = copy.deepcopy(node)
    return out


class DeclaredConfig(dict):
    """A read-only view of a config holding only its declared keys: reading any other key
    that the config has raises UndeclaredConfigError naming it (so a job cannot depend on a
    key that does not trigger its rerun)."""

    def __init__(self, full: dict, declared, owner: str, _path: tuple = ()):
        self._full, self._owner, self._path = full, owner, _path
        self._declared = frozenset(tuple(d.split(".")) if isinstance(d, str) else d
                                   for d in declared)
        super().__init__({k: self._child(k, v) for k, v in full.items()
                          if _covered((*_path, k), self._declared)
                          or _on_the_way((*_path, k), self._declared)})

    def _child(self, key, value):
        path = (*self._path, key)
        if _covered(path, self._declared):
            return value
        return DeclaredConfig(value, self._declared, self._owner, path)

    def _refuse(self, key):
        where = ".".join(map(str, (*self._path, key)))
        raise UndeclaredConfigError(
            f"{self._owner} reads config key '{where}', which it does not declare: add it to "
            f"its 'config:' list in figures.yaml (so that editing it reruns the target)")

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if isinstance(self._full, dict) and key in self._full:
            self._refuse(key)
        raise KeyError(key)

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if isinstance(self._full, dict) and key in self._full:
            self._refuse(key)
        return default

    def __contains__(self, key):
        return dict.__contains__(self, key) or (isinstance(self._full, dict) and key in self._full)

    def __deepcopy__(self, memo):
        return DeclaredConfig(copy.deepcopy(self._full, memo), self._declared, self._owner,
                              self._path)

    def __reduce__(self):  # pickled (multiprocessing, Snakemake) as what it shows
        return dict, (dict(self),)
