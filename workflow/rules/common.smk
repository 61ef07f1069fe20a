# Shared helpers: config validation, figure registry, data paths.

import mevdm.core.config
import mevdm.papers
import mevdm.core.provenance
from mevdm.core.data import DataStore

# Validate before any job: a bad config stops the run with the key and allowed range.
mevdm.core.config.validate(config)

DATA_CACHE = config["data_cache"]
FIGURE_REGISTRY = mevdm.papers.load_all()
FIGURE_FORMATS = ("pdf", "png", "json", "csv")
# A params entry on every figure rule: editing the physics package reruns the figures.
PACKAGE_HASH = mevdm.core.provenance.source_hash()

# Extra inputs a figure needs besides registered data (scan chunks, constraint tables):
# the .smk files add entries {(key, name): {label: path}} before figures.smk is included.
FIGURE_EXTRA_INPUTS = {}

# Results that are not figures (e.g. tables of numbers) but belong to `all` and the archive;
# the .smk files append to it.
EXTRA_TARGETS = []


def configured_figures():
    """[(key, name)] from config['figures'], each checked against the registry."""
    pairs = [(k, n) for k, names in config["figures"].items() for n in names]
    unknown = [f"{k}/{n}" for k, n in pairs if (k, n) not in FIGURE_REGISTRY]
    if unknown:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(FIGURE_REGISTRY))
        raise ValueError(f"config 'figures' names unknown figures {unknown}; known: {known}")
    return pairs


def settings_hash(*sections):
    """Short hash of config sections: a params entry, so editing them reruns the rule."""
    import hashlib
    import json

    blob = json.dumps([config.get(s) for s in sections], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


SHARED_SECTIONS = ("xenon1t", "relic", "constraints")


def figure_outputs(key, name):
    return {fmt: f"results/{key}/{name}.{fmt}" for fmt in FIGURE_FORMATS}


def all_figure_outputs():
    return [p for k, n in configured_figures() for p in figure_outputs(k, n).values()]


def data_path(name):
    """Local, verified path of a registry file (materialised by rule fetch_data)."""
    return f"{DATA_CACHE}/{name}"


def registry_names():
    return DataStore.from_config(config).names()
