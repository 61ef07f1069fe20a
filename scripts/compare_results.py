"""Compare two results folders number by number, e.g. before and after a change:

    python scripts/compare_results.py results_old results [--rtol 1e-9] [--atol 0]

Every *.json (recursively, matched by relative path) is compared leaf by leaf along its key
path: numbers within rtol (|a-b| <= atol + rtol*max(|a|,|b|)), other values exactly; in the
`_meta` block only the numbers count. Every *.csv is compared column by column (numeric cells
within rtol, '#' comment lines ignored), every *.npz (scan chunks, merged scans) array by
array (floats within rtol, others exactly). Files or keys present on one side only are reported.
Exit status: 0 if everything agrees, 1 if anything differs. Figures (pdf/png) are not compared.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _rel(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def compare_json(old, new, rtol: float, atol: float, path: str = "", in_meta: bool = False) -> list[str]:
    """Differences between two parsed JSON values, one message per difference."""
    here = path or "<top>"
    if _is_number(old) and _is_number(new):
        if _close(float(old), float(new), rtol, atol):
            return []
        return [f"{here}: old {old!r} new {new!r} rel diff {_rel(float(old), float(new)):.3g}"]
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new)):
            sub, meta = f"{path}.{k}" if path else str(k), in_meta or (not path and k == "_meta")
            if k not in new:
                out += [] if meta and not _has_number(old[k]) else [f"{sub}: only in old"]
            elif k not in old:
                out += [] if meta and not _has_number(new[k]) else [f"{sub}: only in new"]
            else:
                out += compare_json(old[k], new[k], rtol, atol, sub, meta)
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = [] if len(old) == len(new) else [f"{here}: length old {len(old)} new {len(new)}"]
        for i, (a, b) in enumerate(zip(old, new)):
            out += compare_json(a, b, rtol, atol, f"{path}.{i}" if path else str(i), in_meta)
        return out
    if in_meta and not (_has_number(old) or _has_number(new)):
        return []  # captions, checksums, labels of the _meta block
    return [] if old == new else [f"{here}: old {old!r} new {new!r}"]


def _has_number(x) -> bool:
    if isinstance(x, dict):
        return any(_has_number(v) for v in x.values())
    if isinstance(x, list):
        return any(_has_number(v) for v in x)
    return _is_number(x)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("#")]
    rows = list(csv.reader(lines))
    return (rows[0], rows[1:]) if rows else ([], [])


def _float(s: str):
    try:
        return float(s)
    except ValueError:
        return None


def compare_csv(old_path: Path, new_path: Path, rtol: float, atol: float) -> list[str]:
    """Differences between two CSV tables, matched by column name and row index."""
    (h_old, r_old), (h_new, r_new) = _read_csv(old_path), _read_csv(new_path)
    out = [f"column '{c}': only in old" for c in h_old if c not in h_new]
    out += [f"column '{c}': only in new" for c in h_new if c not in h_old]
    if len(r_old) != len(r_new):
        out.append(f"rows: old {len(r_old)} new {len(r_new)}")
    for c in (c for c in h_old if c in h_new):
        i, j = h_old.index(c), h_new.index(c)
        for n, (ro, rn) in enumerate(zip(r_old, r_new)):
            a, b = (ro[i] if i < len(ro) else ""), (rn[j] if j < len(rn) else "")
            fa, fb = _float(a), _float(b)
            same = _close(fa, fb, rtol, atol) if fa is not None and fb is not None else a == b
            if not same:
                rel = f" rel diff {_rel(fa, fb):.3g}" if fa is not None and fb is not None else ""
                out.append(f"column '{c}' row {n}: old {a} new {b}{rel}")
    return out


def compare_npz(old_path: Path, new_path: Path, rtol: float, atol: float) -> list[str]:
    """Differences between two .npz archives (scan chunks, merged scans), array by array."""
    import numpy as np

    with np.load(old_path) as fo, np.load(new_path) as fn:
        a, b = dict(fo), dict(fn)
    out = [f"array '{k}': only in old" for k in sorted(set(a) - set(b))]
    out += [f"array '{k}': only in new" for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        x, y = a[k], b[k]
        if x.shape != y.shape:
            out.append(f"array '{k}': shape old {x.shape} new {y.shape}")
        elif x.dtype.kind in "fc" and y.dtype.kind in "fc":
            with np.errstate(invalid="ignore"):
                bad = ~((x == y) | (np.isnan(x) & np.isnan(y))
                        | (np.abs(x - y) <= atol + rtol * np.maximum(np.abs(x), np.abs(y))))
            if np.any(bad):
                i = np.unravel_index(np.argmax(np.where(bad, np.abs(x - y), -1)), x.shape)
                out.append(f"array '{k}': {int(bad.sum())} of {x.size} values differ, e.g. at "
                           f"{tuple(int(j) for j in i)}: old {x[i]!r} new {y[i]!r} "
                           f"rel diff {_rel(float(x[i]), float(y[i])):.3g}")
        elif not np.array_equal(x, y):
            out.append(f"array '{k}': values differ")
    return out


def compare_trees(old: Path, new: Path, rtol: float = 1e-9, atol: float = 0.0) -> dict[str, list[str]]:
    """{relative file path: [differences]} for every *.json, *.csv and *.npz that differs."""
    report = {}
    for pattern, fn in (("*.json", None), ("*.csv", compare_csv), ("*.npz", compare_npz)):
        a = {p.relative_to(old).as_posix() for p in old.rglob(pattern)}
        b = {p.relative_to(new).as_posix() for p in new.rglob(pattern)}
        for rel in sorted(a - b):
            report[rel] = ["file only in old"]
        for rel in sorted(b - a):
            report[rel] = ["file only in new"]
        for rel in sorted(a & b):
            if fn is None:
                diffs = compare_json(json.loads((old / rel).read_text()),
                                     json.loads((new / rel).read_text()), rtol, atol)
            else:
                diffs = fn(old / rel, new / rel, rtol, atol)
            if diffs:
                report[rel] = diffs
    return dict(sorted(report.items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="reference results folder")
    parser.add_argument("new", type=Path, help="results folder to check")
    parser.add_argument("--rtol", type=float, default=1e-9, help="relative tolerance (default 1e-9)")
    parser.add_argument("--atol", type=float, default=0.0, help="absolute tolerance (default 0)")
    parser.add_argument("--max-lines", type=int, default=20, help="differences printed per file (default 20)")
    args = parser.parse_args(argv)
    for d in (args.old, args.new):
        if not d.is_dir():
            parser.error(f"{d} is not a folder")
    report = compare_trees(args.old, args.new, args.rtol, args.atol)
    for rel, diffs in report.items():
        print(f"{rel}: {len(diffs)} difference(s)")
        for d in diffs[:args.max_lines]:
            print(f"  {d}")
        if len(diffs) > args.max_lines:
            print(f"  ... {len(diffs) - args.max_lines} more")
    print(f"{len(report)} file(s) differ" if report else f"no differences (rtol {args.rtol:g})")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
