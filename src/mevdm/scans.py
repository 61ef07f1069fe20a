"""One scan mechanism: a grid whose first axis is split into chunks, one job per chunk.

A paper declares its scans in ``papers/<key>/figures.yaml`` (``scans:``, with the config
paths of the row count and the chunk count; read as ``core.registry.ScanSpec``) and computes a
chunk with ``mevdm.papers.<key>.analysis.scan_chunk(config, store, scan, rows)``, returning a
dict of arrays whose first axis is the chunk's rows (arrays named in ``shared`` are the same in
every chunk, e.g. the other grid axes). This module receives the spec and that function from
its caller and imports no paper. Chunks live at ``CHUNK_PATH``; figures read the merged scan
through ``FigureContext.scan(name)``.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Callable

import numpy as np

from mevdm.core.io import atomic_path
from mevdm.core.registry import ScanSpec

CHUNK_PATH = "results/{key}/scans/{scan}/chunk{i}of{n}.npz"
PROGRESS_S = 5.0  # a progress line in the job's log about this often (CPU seconds)
log = logging.getLogger("mevdm.scans")


def chunk_slice(n_rows: int, n_chunks: int, i: int) -> slice:
    """Rows of chunk i (0-based) when n_rows are split into n_chunks nearly equal parts."""
    if not 1 <= n_chunks <= n_rows:
        raise ValueError(f"n_chunks = {n_chunks} must lie in [1, n_rows = {n_rows}] so every "
                         "chunk has rows")
    if not 0 <= i < n_chunks:
        raise ValueError(f"chunk index {i} outside [0, {n_chunks})")
    edges = np.linspace(0, n_rows, n_chunks + 1).round().astype(int)
    return slice(int(edges[i]), int(edges[i + 1]))


def config_value(config: dict, key: str, path: str) -> int:
    """config[key][a][b]... as an int, for a dotted path "a.b..." from figures.yaml."""
    node = config[key]
    for part in path.split("."):
        node = node[part]
    return int(node)


def chunk_count(config: dict, spec: ScanSpec) -> int:
    """Chunks of a scan: its config value, or for "auto" its cost over the target chunk time
    (rows x spec seconds_per_row / config scan_chunk_target_s), within [1, rows]."""
    node = config[spec.key]
    for part in spec.n_chunks.split("."):
        node = node[part]
    rows = config_value(config, spec.key, spec.rows)
    if node == "auto":
        cost = rows * spec.seconds_per_row
        return max(1, min(rows, math.ceil(cost / float(config.get("scan_chunk_target_s", 60)))))
    return int(node)


def chunk_paths(key: str, scan: str, n_chunks: int) -> list[str]:
    """Output paths of the chunks of one scan (Snakemake targets)."""
    return [CHUNK_PATH.format(key=key, scan=scan, i=i, n=n_chunks) for i in range(n_chunks)]


def write_chunk(arrays: dict, path) -> None:
    """Write a chunk atomically as .npz; refuse non-finite numbers naming the array."""
    clean = {}
    for name, value in arrays.items():
        value = np.asarray(value)
        if value.dtype.kind == "f" and value.size and not np.all(np.isfinite(value)):
            raise ValueError(f"scan chunk {path}: non-finite values in '{name}'")
        clean[name] = value
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **clean)


SUMMARY_PATH = "results/{key}/scans/{scan}.npz"


def write_summary(arrays: dict, path) -> None:
    """The merged scan as one compressed .npz (the archive's copy: independent of the
    chunking; same bytes each run, numpy writes fixed member dates)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, **{k: np.asarray(v) for k, v in sorted(arrays.items())})


def merge(parts: list[dict], shared=()) -> dict:
    """Concatenate chunk dicts (in chunk order) along their first axis; ``shared`` arrays
    must be identical in every chunk and are taken once."""
    if not parts:
        raise ValueError("no scan chunks to merge")
    names = set(parts[0])
    for i, part in enumerate(parts[1:], 1):
        if set(part) != names:
            raise ValueError(f"scan chunk {i} holds {sorted(part)}, chunk 0 {sorted(names)}")
    out = {}
    for name in sorted(names):
        if name in shared:
            first = np.asarray(parts[0][name])
            for i, part in enumerate(parts[1:], 1):
                if not np.array_equal(first, part[name]):
                    raise ValueError(f"scan chunks disagree on the shared array '{name}' "
                                     f"(chunk {i}); rerun the chunks with one config")
            out[name] = first
        else:
            out[name] = np.concatenate([np.asarray(p[name]) for p in parts], axis=0)
    return out


def merge_chunks(paths, shared=()) -> dict:
    """Read chunk files and merge them (see ``merge``)."""
    return merge([dict(np.load(p)) for p in paths], shared=shared)


def run_chunk(spec: ScanSpec, compute: Callable, i: int, n_chunks: int, config: dict,
              store) -> dict:
    """Compute chunk i of n of a scan with ``compute(config, store, scan, rows)`` (the paper's
    ``analysis.scan_chunk``), which sees only the config keys the scan declares."""
    from mevdm.core.config import DeclaredConfig

    configured = chunk_count(config, spec)
    if n_chunks != configured:
        raise ValueError(f"target asks for {n_chunks} chunks of scan {spec.key}/{spec.name}; the "
                         f"config ({spec.key}.{spec.n_chunks}) has {configured}")
    n_rows = config_value(config, spec.key, spec.rows)
    rows = chunk_slice(n_rows, n_chunks, i)
    own = DeclaredConfig(config, spec.config, owner=f"scan {spec.key}/{spec.name}")
    # computed in parts of ~PROGRESS_S (rows are independent, so the merge is the same arrays):
    # the job's log says how far a long chunk has got
    n = rows.stop - rows.start
    n_parts = max(1, min(n, math.ceil(n * spec.seconds_per_row / PROGRESS_S)))
    parts, t0 = [], time.perf_counter()
    for j in range(n_parts):
        part = chunk_slice(n, n_parts, j)
        sub = slice(rows.start + part.start, rows.start + part.stop)
        parts.append(compute(own, store, spec.name, sub))
        if n_parts > 1:
            log.info("scan %s/%s chunk %d/%d: rows %d-%d of %d done (%.1f s)", spec.key, spec.name,
                     i + 1, n_chunks, rows.start, sub.stop - 1, n_rows, time.perf_counter() - t0)
    return parts[0] if n_parts == 1 else merge(parts, shared=spec.shared)


def compute_in_process(spec: ScanSpec, compute: Callable, config: dict, store) -> list[dict]:
    """All chunks of a scan computed here (a figure run by hand, without Snakemake)."""
    n = chunk_count(config, spec)
    return [run_chunk(spec, compute, i, n, config, store) for i in range(n)]


__all__ = ["CHUNK_PATH", "chunk_slice", "chunk_paths", "chunk_count", "write_chunk", "merge",
           "merge_chunks", "run_chunk", "compute_in_process"]
