"""Declared config: every target lists the config keys it reads (figures.yaml `config:`), its
rule passes exactly those as params, and the job sees no other key."""

import pytest

from mevdm import configuration
from mevdm.constraints.workflow import plane_config_keys
from mevdm.core.config import DeclaredConfig, UndeclaredConfigError, declared_subset
from mevdm.core.registry import registry, scan_registry

# Keys that say where files are or which jobs exist, not what a job computes.
FRAMEWORK_KEYS = {"data_mirror", "data_cache", "scan_chunk_target_s", "figures",
                  "constraints.gallery", "constraints.cached_planes",
                  "benchmarks.baseline", "benchmarks.rounds"}  # the benchmarks rule's command


def _leaves(node, path=()):
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    else:
        yield ".".join(path)


def _declared() -> dict[str, tuple[str, ...]]:
    out = {f"{k}/{n}": s.config for (k, n), s in registry().items()}
    out.update({f"{k}/scan {n}": s.config for (k, n), s in scan_registry().items()})
    return out


def test_every_declared_key_exists_in_the_default_config():
    config = configuration.defaults()
    for target, keys in _declared().items():
        declared_subset(config, keys)  # raises ConfigError naming a key that is not there
        assert len(set(keys)) == len(keys), f"{target}: a key declared twice"


def test_every_config_key_is_read_by_some_job():
    """Each key of config/config.yaml is declared by a figure, a scan or a constraint plane, or
    says where files are / which jobs exist: a key no job reads does not exist."""
    config = configuration.defaults()
    covered = {k for keys in _declared().values() for k in keys} | set(plane_config_keys(config))
    covered |= FRAMEWORK_KEYS | {f"{k}.{s.n_chunks}" for (k, _), s in scan_registry().items()}
    unread = [leaf for leaf in _leaves(config)
              if not any(leaf == c or leaf.startswith(c + ".") for c in covered)]
    assert not unread, f"config keys no job declares: {unread}"


def test_a_job_reading_an_undeclared_key_fails_naming_it():
    config = configuration.defaults()
    own = DeclaredConfig(config, ["hooper2008.fig_sigmav"], owner="figure hooper2008/fig_sigmav")
    assert own["hooper2008"]["fig_sigmav"]["m_U_MeV"] == config["hooper2008"]["fig_sigmav"]["m_U_MeV"]
    with pytest.raises(UndeclaredConfigError, match=r"'hooper2008\.K'.*config:"):
        own["hooper2008"]["K"]
    with pytest.raises(UndeclaredConfigError, match=r"'relic'"):
        own.get("relic", {})
    assert own.get("no_such_section", 1) == 1  # optional keys the config does not have
    assert set(own) == {"hooper2008"} and set(own["hooper2008"]) == {"fig_sigmav"}


def test_every_default_lives_once_in_config_yaml():
    """The schemas hold types, ranges and descriptions; a `default:` there would be a second
    home for a number (and one the run would never read: the config is merged onto
    config/config.yaml first)."""
    import yaml

    from mevdm.core.paths import CONFIG_DIR

    def defaults_in(node, path=""):
        if isinstance(node, dict):
            if "default" in node and not path.endswith("properties"):  # not a key named default
                yield path or "<top>"
            for k, v in node.items():
                if k != "default":
                    yield from defaults_in(v, f"{path}.{k}" if path else k)
        elif isinstance(node, list):
            for v in node:
                yield from defaults_in(v, path)

    found = {f.name: list(defaults_in(yaml.safe_load(f.read_text())))
             for f in [CONFIG_DIR / "schema.yaml", *sorted((CONFIG_DIR / "schemas").glob("*.yaml"))]}
    assert not {k: v for k, v in found.items() if v}, found


def test_gallery_built_by_hand_reads_only_declared_keys(tmp_path, mirror):
    """`mevdm figure all constraints_gallery` computes its curves in-process (no cached planes):
    the BBN/N_eff limit reads constraints.neff_planck_95, which the gallery must declare."""
    import os
    import subprocess
    import sys

    cfg = tmp_path / "gallery.yaml"
    cfg.write_text("constraints:\n  gallery:\n    planes: [sigmav]\n    ncols: 1\n")
    proc = subprocess.run([sys.executable, "-m", "mevdm.cli", "figure", "all", "constraints_gallery",
                           "--configfile", str(cfg), "--mirror", str(mirror), "--outdir", "out"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "MPLBACKEND": "Agg"}, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "out/all/constraints_gallery.json").is_file()
