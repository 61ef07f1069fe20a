# Shared helpers: config validation, figure registry, data paths.

import mevdm.config
import mevdm.figures
from mevdm.data import DataStore

# Validate before any job: a bad config stops the run with the key and allowed range.
mevdm.config.validate(config)

DATA_CACHE = config["data_cache"]
FIGURE_REGISTRY = mevdm.figures.load_all()
FIGURE_FORMATS = ("pdf", "png", "json", "csv")

# Extra inputs a figure needs besides registered data (scan chunks, constraint tables):
# the .smk files add entries {(key, name): {label: path}} before figures.smk is included.
FIGURE_EXTRA_INPUTS = {}


def configured_figures():
    """[(key, name)] from config['figures'], each checked against the registry."""
    pairs = [(k, n) for k, names in config["figures"].items() for n in names]
    unknown = [f"{k}/{n}" for k, n in pairs if (k, n) not in FIGURE_REGISTRY]
    if unknown:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(FIGURE_REGISTRY))
        raise ValueError(f"config 'figures' names unknown figures {unknown}; known: {known}")
    return pairs


def figure_outputs(key, name):
    return {fmt: f"results/{key}/{name}.{fmt}" for fmt in FIGURE_FORMATS}


def all_figure_outputs():
    return [p for k, n in configured_figures() for p in figure_outputs(k, n).values()]


def data_path(name):
    """Local, verified path of a registry file (materialised by rule fetch_data)."""
    return f"{DATA_CACHE}/{name}"


def registry_names():
    return DataStore.from_config(config).names()
