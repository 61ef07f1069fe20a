"""Figure registry: every reproducible figure is a function registered here.

A figure module (``mevdm.figures.<paper key>``) decorates a function

    @figure("baryakhtar2020", "fig4", data=[...registry names...], caption="...")
    def fig4(ctx: FigureContext) -> FigureResult: ...

The workflow builds one rule per configured figure from this registry (the
data it declares become the rule's inputs), and ``build`` writes the four
outputs ``<name>.pdf/.png/.json/.csv`` atomically.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from mevdm.core import io
from mevdm.core import plotting

FIGURE_FORMATS = ("pdf", "png", "json", "csv")
from mevdm.core.data import DataStore


@dataclass
class FigureResult:
    """What a figure function returns: the figure, its numbers, its curves."""

    fig: object
    numbers: dict
    curves: pd.DataFrame | None = None
    curve_units: tuple[str, ...] = ()


@dataclass
class FigureContext:
    """What a figure function gets: config, data store and extra inputs (e.g. scans)."""

    config: dict
    data: DataStore
    inputs: dict = field(default_factory=dict)
    key: str = ""
    name: str = ""

    @property
    def params(self) -> dict:
        """This figure's section of the config: config[key][name] (may be empty)."""
        return self.config.get(self.key, {}).get(self.name, {}) or {}

    @property
    def paper(self) -> dict:
        """This paper's section of the config."""
        return self.config.get(self.key, {}) or {}


@dataclass(frozen=True)
class FigureSpec:
    key: str
    name: str
    func: Callable[[FigureContext], FigureResult]
    data: tuple[str, ...]
    caption: str


REGISTRY: dict[tuple[str, str], FigureSpec] = {}


def figure(key: str, name: str, data=(), caption: str = ""):
    """Register a figure function (decorator)."""

    def deco(func):
        REGISTRY[(key, name)] = FigureSpec(key, name, func, tuple(data), caption)
        return func

    return deco


def load_all() -> dict[tuple[str, str], FigureSpec]:
    """Import every figure module so that all figures are registered."""
    for pkg in pkgutil.iter_modules(__path__):
        if pkg.ispkg:
            sub = importlib.import_module(f"{__name__}.{pkg.name}")
            for mod in pkgutil.iter_modules(sub.__path__):
                if mod.name.startswith("figures"):
                    importlib.import_module(f"{sub.__name__}.{mod.name}")
    return REGISTRY


def spec(key: str, name: str) -> FigureSpec:
    load_all()
    try:
        return REGISTRY[(key, name)]
    except KeyError:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(REGISTRY))
        raise KeyError(f"no figure '{key}/{name}' is registered; known: {known}") from None


def build(key: str, name: str, config: dict, outputs: dict, inputs: dict | None = None,
          store: DataStore | None = None) -> FigureResult:
    """Run a registered figure and write outputs {'pdf','png','json','csv'}."""
    fs = spec(key, name)
    store = store or DataStore.from_config(config)
    ctx = FigureContext(config=config, data=store, inputs=dict(inputs or {}), key=key, name=name)
    result = fs.func(ctx)
    numbers = dict(result.numbers)
    numbers["_meta"] = {
        "figure": f"{key}/{name}",
        "caption": fs.caption,
        "config": config.get(key, {}),
        "data_sha256": store.checksums(fs.data),
    }
    text = io.dumps_json(numbers)  # fail before writing anything if a number is bad
    if outputs.get("csv"):
        curves = result.curves if result.curves is not None else pd.DataFrame()
        io.write_csv(curves, outputs["csv"], header_lines=(f"{key}/{name}: {fs.caption}",
                                                            *result.curve_units))
    plotting.save(result.fig, pdf=outputs.get("pdf"), png=outputs.get("png"))
    with io.atomic_path(outputs["json"]) as tmp:
        Path(tmp).write_text(text)
    return result
