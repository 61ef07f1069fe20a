"""Bad input gets a clear error before any job (issue: reliability): generated config cases
(every numeric setting made NaN, infinite or text), deleted sections, physics cross-checks, a
wrong data mirror, and bad library arguments — each error names the key or argument."""

import copy
import math

import numpy as np
import pytest
import yaml

from mevdm.core import config as mconfig
from mevdm.core.config import ConfigError
from mevdm.core.paths import CONFIG_DIR


_BASE = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text())


def _base():
    return copy.deepcopy(_BASE)


def _numeric_leaves(node, path=()):
    """(path, value) of every number in the config (list elements: their first element)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _numeric_leaves(v, (*path, k))
    elif isinstance(node, list) and node and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                  for v in node):
        yield (*path, 0), node[0]
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


LEAVES = [p for p, _ in _numeric_leaves(_base())]
BAD_VALUES = {"nan": math.nan, "inf": math.inf, "text": "ten"}


def _set(cfg, path, value):
    node = cfg
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return cfg


def _key(path):
    return ".".join(str(p) for p in path if not isinstance(p, int))


@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
@pytest.mark.parametrize("path", LEAVES, ids=[".".join(map(str, p)) for p in LEAVES])
def test_every_numeric_setting_refuses_nan_inf_and_text_naming_its_key(path, kind):
    cfg = _set(_base(), path, BAD_VALUES[kind])
    with pytest.raises(ConfigError) as err:
        mconfig.validate(cfg)
    assert _key(path) in str(err.value).replace("[0]", "").replace(".0:", ":").replace(".0 ", " ")


def test_the_generated_cases_are_many():
    assert len(LEAVES) * len(BAD_VALUES) >= 150


@pytest.mark.parametrize("section", ["xenon1t", "ema2021", "halp2025", "hooper2008",
                                     "baryakhtar2020", "jho2020", "relic", "constraints"])
def test_a_deleted_section_is_named(section):
    cfg = _base()
    del cfg[section]
    with pytest.raises(ConfigError, match=section):
        mconfig.validate(cfg)


def test_an_unknown_key_is_named():
    cfg = _base()
    cfg["jho2020"]["not_a_setting"] = 1
    with pytest.raises(ConfigError, match="not_a_setting"):
        mconfig.validate(cfg)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("data_cache: .c\nfigures: {a: [b]\nxenon1t: 1\n")
    with pytest.raises(ConfigError, match=r"c\.yaml:\d+:\d+: invalid YAML"):
        mconfig.read_yaml(bad)


@pytest.mark.parametrize("mirror, message", [("/nonexistent/mirror", "does not exist"),
                                             ("/etc", "holds none of the registry")])
def test_a_wrong_mirror_is_refused_before_any_file_is_read(mirror, message):
    cfg = _base()
    cfg["data_mirror"] = mirror
    with pytest.raises(ConfigError, match=message):
        mconfig.validate(cfg)


def test_yte_templating_is_refused():
    cfg = _base()
    cfg["__use_yte__"] = True
    with pytest.raises(ConfigError, match="__use_yte__"):
        mconfig.validate(cfg)
