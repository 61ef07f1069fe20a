"""Deterministic tarball of results (sorted members, zero mtimes, fixed owner, mode 0644)."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

from mevdm.core.io import atomic_path


def member_names(files, root: str | os.PathLike = ".") -> dict[str, str]:
    """{name in the archive: path}: paths below root keep their relative path, a file
    outside it (e.g. the checkout's CITATION.cff seen from another working directory)
    goes in under its file name."""
    root = Path(root).resolve()
    out = {}
    for path in map(str, files):
        full = Path(path).resolve()
        name = full.relative_to(root).as_posix() if full.is_relative_to(root) else full.name
        if name in out and Path(out[name]).resolve() != full:
            raise ValueError(f"archive: two files would be stored as {name}: {out[name]}, {path}")
        out[name] = path
    return out


def write_archive(files, target, prefix: str = "mevdm-results", generated: dict[str, bytes] | None = None) -> None:
    """Write files (paths relative to the working directory, or outside it: stored under
    their name) and generated members {name: bytes} (a README, deposit metadata) into a
    .tar.gz whose bytes depend only on the contents."""
    names = member_names(files)
    clash = set(names) & set(generated or {})
    if clash:
        raise ValueError(f"archive: generated members would replace files: {sorted(clash)}")
    entries = {**{n: Path(p) for n, p in names.items()}, **(generated or {})}
    with atomic_path(target) as tmp:
        # filename="": no name in the gzip header (else the random temporary name goes in)
        with open(tmp, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name, content in sorted(entries.items()):
                data = content.read_bytes() if isinstance(content, Path) else content
                info = tarfile.TarInfo(f"{prefix}/{name}")
                info.size, info.mtime, info.uid, info.gid, info.uname, info.gname = len(data), 0, 0, 0, "", ""
                info.mode = 0o644  # world-readable for co-authors on shared storage
                tar.addfile(info, io.BytesIO(data))


def members(target) -> list[str]:
    with tarfile.open(target) as tar:
        return sorted(tar.getnames())
