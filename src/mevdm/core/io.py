"""Atomic, deterministic writers for results (JSON, CSV, figures).

Every writer writes to a temporary file beside the target and renames it, so a
failing job never leaves a half-written output behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import socket
import tempfile
import time
from pathlib import Path

import numpy as np


PARTIAL = ".partial-"  # marks a temporary file of atomic_path (left behind only by a kill -9)
# A temporary name carries its writer's host and process id, so that a run removes only the
# files of writers that are gone, never those another run is still writing.
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
_WRITER = re.compile(re.escape(PARTIAL) + r"([0-9a-f]{8})-(\d+)-")
STALE_SECONDS = 86400.0  # a file of another host (or of an old name) is stale after a day


def _writer_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _is_stale(path: Path) -> bool:
    match = _WRITER.search(path.name)
    if match and match.group(1) == _HOST:
        return not _writer_alive(int(match.group(2)))
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except FileNotFoundError:
        return False


def remove_partial_files(root: str | os.PathLike) -> list[Path]:
    """Delete the temporary files that killed writers left below ``root``; return them.

    Only files whose writer is gone: this host's with a dead process id, others after a day."""
    found = sorted(Path(root).rglob(f".*{PARTIAL}*")) if Path(root).is_dir() else []
    stale = [p for p in found if _is_stale(p)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path in the target's folder; rename onto target on success.

    The result is world-readable (0644 less the umask), as a normally written file would be:
    co-authors on shared storage and archive members must be able to read it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{PARTIAL}{_HOST}-{os.getpid()}-",
                               suffix=target.suffix,
                               dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _to_builtin(obj):
    if isinstance(obj, dict):
        return {str(k): _to_builtin(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_builtin(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _to_builtin(obj.tolist())
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        value = float(obj)
        if not math.isfinite(value):
            raise ValueError(f"refusing to write a non-finite number ({value}) into a result")
        return value
    return obj


def dumps_json(obj) -> str:
    """Deterministic JSON text (sorted keys, no NaN)."""
    return json.dumps(_to_builtin(obj), indent=2, sort_keys=True, allow_nan=False) + "\n"


def write_json(obj, target) -> None:
    text = dumps_json(obj)  # serialise first: a bad value must not truncate the file
    with atomic_path(target) as tmp:
        tmp.write_text(text)


def write_csv(frame, target, header_lines=()) -> None:
    """Write a DataFrame as CSV with '# ' comment lines (units, provenance) on top."""
    with atomic_path(target) as tmp:
        with open(tmp, "w") as fh:
            for line in header_lines:
                fh.write(f"# {line}\n")
            frame.to_csv(fh, index=False, float_format="%.8g", lineterminator="\n")


def read_json(path):
    return json.loads(Path(path).read_text())
