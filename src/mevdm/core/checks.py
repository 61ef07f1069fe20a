"""Argument checks for the public functions: a bad argument is a ValueError that names it and
its allowed range, never a silent NaN, an empty array or a raw numpy error."""

from __future__ import annotations

import math

import numpy as np


def number(name: str, value, *, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False,
           unit: str = "") -> float:
    """A finite real number in [lo, hi] (open ends with lo_open / hi_open), as a float."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} = {value!r}: must be a number{_range(lo, hi, lo_open, hi_open, unit)}") from None
    below = x <= lo if lo_open else x < lo
    above = x >= hi if hi_open else x > hi
    if not math.isfinite(x) or below or above:
        raise ValueError(f"{name} = {value!r}: must be finite{_range(lo, hi, lo_open, hi_open, unit)}")
    return x


def array(name: str, value, *, shape=None, lo=-math.inf, hi=math.inf, lo_open=False,
          hi_open=False, unit: str = "", nonempty=False) -> np.ndarray:
    """A float array, every element finite and in [lo, hi] (open ends with lo_open / hi_open),
    of the given shape (None: any; nonempty: at least one element)."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be an array of numbers, got {type(value).__name__}") from None
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name}: shape {arr.shape}, expected {tuple(shape)}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name}: empty; give at least one value")
    bad = ~np.isfinite(arr) | ((arr <= lo) if lo_open else (arr < lo)) | \
        ((arr >= hi) if hi_open else (arr > hi))
    if bad.any():
        i = np.unravel_index(int(np.flatnonzero(bad)[0]), arr.shape) if arr.ndim else ()
        raise ValueError(f"{name}{list(i) if i else ''} = {float(arr[i])!r}: every element must be "
                         f"finite{_range(lo, hi, lo_open, hi_open, unit)}")
    return arr


def integer(name: str, value, *, lo=None, hi=None) -> int:
    """An integer in [lo, hi]."""
    try:
        whole = not isinstance(value, bool) and float(value).is_integer()
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole:
        raise ValueError(f"{name} = {value!r}: must be an integer")
    n = int(value)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise ValueError(f"{name} = {n}: must lie in [{lo}, {hi}]")
    return n


def _range(lo, hi, lo_open, hi_open, unit):
    u = f" {unit}" if unit else ""
    if lo == -math.inf and hi == math.inf:
        return ""
    if hi == math.inf:
        return f" and {'>' if lo_open else '>='} {lo:g}{u}"
    if lo == -math.inf:
        return f" and {'<' if hi_open else '<='} {hi:g}{u}"
    return f" and in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}{u}"
