"""The static tables of the workflow: every paper's targets and scans, read from
``papers/<key>/figures.yaml`` as plain data (no paper code is imported).

A target declares its caption, the registry files it reads (``data``), the library limits it
draws (``limits``, the one list its plotting code reads), the curves of its own it draws beside
them (``drawn``: name -> description; each becomes a HEPData table), the scans whose chunks it reads
(``scans``) and the config keys it reads (``config``, dotted paths): the workflow makes each of
them an input or a parameter of the target's rule, and the job sees only those config keys.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

PAPERS_DIR = Path(__file__).resolve().parents[1] / "papers"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    config: tuple[str, ...] = ()
    departures: tuple[str, ...] = ()  # where the figure departs from the paper, and why
    drawn: tuple[tuple[str, str], ...] = ()  # its own drawn curves (not library limits): (name, description)


@dataclass(frozen=True)
class ScanSpec:
    """One scan of a paper: a grid chunked along its first axis (papers/<key>/figures.yaml)."""

    key: str
    name: str
    rows: str  # dotted config path (below the paper's section) of the row count
    n_chunks: str  # dotted config path of the chunk count (an int or "auto")
    seconds_per_row: float = 1.0
    shared: tuple[str, ...] = ()  # arrays equal in every chunk
    config: tuple[str, ...] = ()  # dotted config keys the scan reads


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
    """{(key, name): FigureSpec} of every target of every paper."""
    out = {}
    for key in paper_keys():
        for name, entry in (paper_table(key).get("figures") or {}).items():
            limits = entry.get("limits", ())
            out[(key, name)] = FigureSpec(
                key, name, entry["caption"], tuple(entry.get("data", ())),
                limits if isinstance(limits, str) else tuple(limits),
                tuple(entry.get("scans", ())), entry.get("curves"),
                tuple(entry.get("config", ())), tuple(entry.get("departures", ())),
                tuple((str(k), str(v)) for k, v in (entry.get("drawn") or {}).items()))
    return out


def scan_registry() -> dict[tuple[str, str], ScanSpec]:
    """{(key, scan): ScanSpec} of every scan of every paper."""
    out = {}
    for key in paper_keys():
        for name, entry in (paper_table(key).get("scans") or {}).items():
            out[(key, name)] = ScanSpec(
                key, name, entry["rows"], entry["n_chunks"],
                float(entry.get("seconds_per_row", 1.0)), tuple(entry.get("shared", ())),
                tuple(entry.get("config", ())))
    return out


def _lookup(table: dict, key: str, name: str, what: str):
    try:
        return table[(key, name)]
    except KeyError:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(table))
        raise KeyError(f"no {what} '{key}/{name}' is declared; known: {known}") from None


def spec(key: str, name: str) -> FigureSpec:
    """The declared target key/name, or a KeyError listing the known ones."""
    return _lookup(registry(), key, name, "figure")


def scan_spec(key: str, scan: str) -> ScanSpec:
    """The declared scan key/scan, or a KeyError listing the known ones."""
    return _lookup(scan_registry(), key, scan, "scan")
