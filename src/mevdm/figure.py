"""What a figure function gets and returns: ``<name>(ctx: FigureContext) -> FigureResult``
(``mevdm.papers.<key>.figures``; run by ``mevdm.build``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from mevdm.core.data import DataStore
from mevdm.core.registry import scan_spec

FIGURE_FORMATS = ("pdf", "png", "json", "csv")


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
    limits: tuple = ()  # the library limits it draws (figures.yaml limits:, the one list)
    run_config: dict | None = None  # the whole config: a scan computed here when run by hand
    scan_compute: Callable | None = None  # the paper's analysis.scan_chunk, for that case

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

        sc = scan_spec(self.key, scan)
        prefix = f"scan__{scan}__"
        paths = [self.inputs[k] for k in sorted(self.inputs) if k.startswith(prefix)]
        if paths:
            return scans.merge_chunks(paths, shared=sc.shared)
        if self.scan_compute is None:
            raise ValueError(f"figure {self.key}/{self.name} needs scan {scan}: no chunks given "
                             "and no scan function to compute them")
        parts = scans.compute_in_process(sc, self.scan_compute, self.run_config or self.config,
                                         self.data)
        return scans.merge(parts, shared=sc.shared)
