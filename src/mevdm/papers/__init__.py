"""The papers: one house per paper, ``papers/<key>/`` with

- ``figures.yaml``: the static table of its targets (caption, data, limits, scans), read by
  the workflow at parse time without importing any physics or plotting code;
- ``analysis.py``: the numbers and arrays (no matplotlib), incl. ``scan_chunk`` for scans;
- ``figures.py``: one function ``<name>(ctx) -> FigureResult`` per target, plotting only
  what the analysis returns.

``build(key, name, ...)`` runs a figure and writes ``<name>.pdf/.png/.json/.csv``.
"""

from __future__ import annotations

import functools
import importlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mevdm.core.data import DataStore

FIGURE_FORMATS = ("pdf", "png", "json", "csv")
PAPERS_DIR = Path(__file__).parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
log = logging.getLogger(__name__)


@dataclass
class FigureResult:
    """What a figure function returns: the figure, its numbers, its curves."""

    fig: object
    numbers: dict
    curves: object = None  # pandas.DataFrame of the plotted curves, or None
    curve_units: tuple[str, ...] = ()


@dataclass
class FigureContext:
    """What a figure function gets: config, data store and extra inputs (scan chunks, curves)."""

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

    def scan(self, scan: str) -> dict:
        """The merged chunks of one of this paper's scans (computed here when run by hand)."""
        from mevdm import scans

        spec = paper_table(self.key)["scans"][scan]
        prefix = f"scan__{scan}__"
        paths = [self.inputs[k] for k in sorted(self.inputs) if k.startswith(prefix)]
        if paths:
            return scans.merge_chunks(paths, shared=spec.get("shared", ()))
        parts = scans.compute_in_process(self.key, scan, self.config, self.data)
        return scans.merge(parts, shared=spec.get("shared", ()))


@dataclass(frozen=True)
class FigureSpec:
    """One target of a paper, as declared in papers/<key>/figures.yaml."""

    key: str
    name: str
    caption: str
    data: tuple[str, ...] = ()
    limits: tuple[str, ...] | str = ()
    scans: tuple[str, ...] = ()
    curves: str | None = None
    departures: tuple[str, ...] = ()  # where the figure departs from the paper, and why


def paper_keys() -> list[str]:
    """Keys of every paper house (folders with a figures.yaml)."""
    return sorted(p.parent.name for p in PAPERS_DIR.glob("*/figures.yaml"))


@functools.cache
def paper_table(key: str) -> dict:
    """The parsed figures.yaml of one paper."""
    path = PAPERS_DIR / key / "figures.yaml"
    if not path.exists():
        raise KeyError(f"no paper '{key}'; known: {', '.join(paper_keys())}")
    return yaml.load(path.read_text(), Loader=_Loader)


def registry() -> dict[tuple[str, str], FigureSpec]:
    """{(key, name): FigureSpec} of every target of every paper (static, no imports)."""
    out = {}
    for key in paper_keys():
        for name, entry in (paper_table(key).get("figures") or {}).items():
            limits = entry.get("limits", ())
            out[(key, name)] = FigureSpec(
                key, name, entry["caption"], tuple(entry.get("data", ())),
                limits if isinstance(limits, str) else tuple(limits),
                tuple(entry.get("scans", ())), entry.get("curves"),
                tuple(entry.get("departures", ())))
    return out


def spec(key: str, name: str) -> FigureSpec:
    """The declared target key/name, or a KeyError listing the known ones."""
    reg = registry()
    try:
        return reg[(key, name)]
    except KeyError:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(reg))
        raise KeyError(f"no figure '{key}/{name}' is declared; known: {known}") from None


def figure_function(key: str, name: str):
    """The plotting function of a target: ``mevdm.papers.<key>.figures.<name>``."""
    spec(key, name)
    module = importlib.import_module(f"mevdm.papers.{key}.figures")
    return getattr(module, name)


def build(key: str, name: str, config: dict, outputs: dict, inputs: dict | None = None,
          store: DataStore | None = None) -> FigureResult:
    """Run a declared figure and write outputs {'pdf','png','json','csv'}."""
    import pandas as pd

    from mevdm.core import io, plotting

    fs = spec(key, name)
    func = figure_function(key, name)
    store = store or DataStore.from_config(config)
    ctx = FigureContext(config=config, data=store, inputs=dict(inputs or {}), key=key, name=name)
    cpu0 = time.process_time()  # CPU since the process started: interpreter, imports, setup
    result = func(ctx)
    cpu1 = time.process_time()
    numbers = dict(result.numbers)
    # every library limit drawn (constraints.plot.record), in the plotted plane and units: the
    # HEPData export makes one table of each; departures from the paper: a list of sentences
    from mevdm.constraints.plot import drawn_limits
    numbers["drawn_limits"] = drawn_limits(result.fig)
    numbers["departures"] = [*fs.departures, *numbers.get("departures", [])]
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
    # the job's CPU by phase, in its log (benchmarks/run_all.py collects these lines)
    log.info("cpu: start+imports %.2f s, compute %.2f s, save %.2f s",
             cpu0, cpu1 - cpu0, time.process_time() - cpu1)
    return result
