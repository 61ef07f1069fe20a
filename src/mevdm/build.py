"""Run a declared target: ``build(key, name, ...)`` calls ``mevdm.papers.<key>.figures.<name>``
and writes ``<name>.pdf/.png/.json/.csv``; ``scan_function(key)`` is the paper's chunk function."""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from mevdm.core.data import DataStore
from mevdm.core.registry import spec
from mevdm.figure import FIGURE_FORMATS, FigureContext, FigureResult

__all__ = ["FIGURE_FORMATS", "build", "figure_function", "scan_function"]
log = logging.getLogger("mevdm.papers")


def scan_function(key: str):
    """The chunk function of a paper's scans: ``mevdm.papers.<key>.analysis.scan_chunk``."""
    return importlib.import_module(f"mevdm.papers.{key}.analysis").scan_chunk


def figure_function(key: str, name: str):
    """The plotting function of a target: ``mevdm.papers.<key>.figures.<name>``."""
    spec(key, name)
    module = importlib.import_module(f"mevdm.papers.{key}.figures")
    return getattr(module, name)


def declared_curve(fs, curve: str) -> str:
    """The description figures.yaml gives (under `drawn:`) of a curve the figure draws: its name,
    or a pattern matching it ('yD_line_*' for one line per configured y_D)."""
    import fnmatch

    for pattern, description in fs.drawn:
        if fnmatch.fnmatchcase(curve, pattern):
            return description
    raise ValueError(f"figure {fs.key}/{fs.name} draws curve {curve!r}, not declared under `drawn:` in "
                     f"papers/{fs.key}/figures.yaml (declared: {[p for p, _ in fs.drawn]})")


def build(key: str, name: str, config: dict, outputs: dict, inputs: dict | None = None,
          store: DataStore | None = None) -> FigureResult:
    """Run a declared figure and write outputs {'pdf','png','json','csv'}; the figure sees only
    the config keys its figures.yaml entry declares."""
    import pandas as pd

    from mevdm.core import io, plotting
    from mevdm.core.config import DeclaredConfig, declared_subset

    fs = spec(key, name)
    func = figure_function(key, name)
    store = store or DataStore.from_config(config)
    own = DeclaredConfig(config, fs.config, owner=f"figure {key}/{name}")
    ctx = FigureContext(config=own, data=store, inputs=dict(inputs or {}), key=key, name=name,
                        limits=tuple(fs.limits) if not isinstance(fs.limits, str) else (),
                        run_config=config,
                        scan_compute=scan_function(key) if fs.scans else None)
    cpu0 = time.process_time()  # CPU since the process started: interpreter, imports, setup
    result = func(ctx)
    cpu1 = time.process_time()
    numbers = dict(result.numbers)
    # every library limit drawn (constraints.plot.record), in the plotted plane and units: the
    # HEPData export makes one table of each; departures from the paper: a list of sentences
    from mevdm.constraints.plot import drawn_limits
    drawn = drawn_limits(result.fig)
    numbers["drawn_limits"] = [r for r in drawn if r["kind"] == "limit"]
    # the figure's own curves: each declared (with its description) under `drawn:` in figures.yaml
    numbers["drawn_curves"] = [{**rec, "description": declared_curve(fs, rec["name"])}
                               for rec in drawn if rec["kind"] == "curve"]
    numbers["departures"] = [*fs.departures, *numbers.get("departures", [])]
    numbers["_meta"] = {
        "figure": f"{key}/{name}",
        "caption": fs.caption,
        "config": declared_subset(config, fs.config),
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
    # the job's CPU by phase, in its log (benchmarks/run_all.py collects these lines)
    log.info("cpu: start+imports %.2f s, compute %.2f s, save %.2f s",
             cpu0, cpu1 - cpu0, time.process_time() - cpu1)
    return result
