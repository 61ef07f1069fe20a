"""A limit curve in one plane, with its provenance; CSV round trip with units in the header."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from mevdm.core import checks as check
from mevdm.core import io
from mevdm.constraints.planes import Plane


@dataclass
class Curve:
    """One limit in one plane.

    mass_MeV, coupling: the curve (x = the plane's mass axis in MeV, y = its coupling);
    upper: the upper edge of a two-sided region (excluded == 'between'), else None;
    excluded: which side is excluded ('above', 'below', 'between', 'left', 'right', 'inside');
    steps: the recast steps applied, from the published curve to this plane (provenance).
    """

    name: str
    label: str
    plane: Plane
    mass_MeV: np.ndarray
    coupling: np.ndarray
    upper: np.ndarray | None = None
    excluded: str = "above"
    projection: bool = False
    shape: str = "curve"
    confidence_level: float | None = None
    citation: dict = field(default_factory=dict)
    source: str = ""
    steps: tuple[str, ...] = ()

    @property
    def coupling_unit(self) -> str:
        return self.plane.info.coupling_unit

    def frame(self) -> pd.DataFrame:
        cols = {"mass_MeV": self.mass_MeV, "coupling": self.coupling}
        if self.upper is not None:
            cols["coupling_upper"] = self.upper
        return pd.DataFrame(cols)

    def meta(self) -> dict:
        """Everything but the arrays (JSON-serialisable)."""
        return {
            "name": self.name, "label": self.label, "plane": self.plane.kind,
            "plane_params": self.plane.p, "excluded": self.excluded,
            "projection": self.projection, "shape": self.shape,
            "confidence_level": self.confidence_level, "citation": self.citation,
            "source": self.source, "steps": list(self.steps),
            "coupling_unit": self.coupling_unit,
        }

    def header_lines(self) -> tuple[str, ...]:
        cu = self.coupling_unit
        lines = [
            f"constraint {self.name} ({self.label}) in plane {self.plane.label()}",
            f"units: mass_MeV [MeV] = {self.plane.info.mass_label}; coupling [{cu}] = "
            f"{self.plane.info.coupling_label}" + (f"; coupling_upper [{cu}]" if self.upper is not None else ""),
            f"excluded: {self.excluded}; projection: {self.projection}; CL: {self.confidence_level}",
            f"citation: {self.citation.get('text', '')} arXiv:{self.citation.get('arxiv', '-')} "
            f"[{self.citation.get('bibtex', '-')}]",
            f"source: {self.source}",
        ]
        lines += [f"recast step {i + 1}: {s}" for i, s in enumerate(self.steps)]
        lines.append("meta: " + json.dumps(io._to_builtin(self.meta()), sort_keys=True))
        return tuple(lines)

    def write_csv(self, path) -> None:
        """CSV with units and provenance in '# ' header lines (mevdm.core.io refuses NaN)."""
        for arr in (self.mass_MeV, self.coupling, self.upper):
            if arr is not None and not np.all(np.isfinite(arr)):
                raise ValueError(f"constraint {self.name} in {self.plane.label()}: non-finite values")
        io.write_csv(self.frame(), path, header_lines=self.header_lines())


def read_curve(path) -> Curve:
    """Read a cached constraint CSV (results/constraints/<plane>/<limit>.csv) back into a Curve."""
    path = Path(path)
    meta = None
    with open(path) as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            if line.startswith("# meta: "):
                meta = json.loads(line[len("# meta: "):])
    if meta is None:
        raise ValueError(f"{path}: not a constraint CSV (no '# meta:' header line)")
    try:
        df = pd.read_csv(path, comment="#")
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path}: no data rows below the header") from None
    for column in ("mass_MeV", "coupling"):
        if column not in df or df.empty:
            raise ValueError(f"{path}: column {column!r} missing or empty")
    for column in ("mass_MeV", "coupling", "coupling_upper"):
        if column in df:
            try:
                check.array(f"{path}: {column}", df[column].to_numpy(float), lo=0.0, lo_open=True)
            except ValueError as err:
                raise ValueError(f"{err} (a cached curve holds positive finite numbers)") from None
    plane = Plane.make(meta["plane"], **meta["plane_params"])
    return Curve(
        name=meta["name"], label=meta["label"], plane=plane,
        mass_MeV=df["mass_MeV"].to_numpy(float), coupling=df["coupling"].to_numpy(float),
        upper=df["coupling_upper"].to_numpy(float) if "coupling_upper" in df else None,
        excluded=meta["excluded"], projection=meta["projection"], shape=meta["shape"],
        confidence_level=meta["confidence_level"], citation=meta["citation"],
        source=meta["source"], steps=tuple(meta["steps"]))
