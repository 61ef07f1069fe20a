"""Deterministic tarball of results (sorted members, zero mtimes, fixed owner)."""

from __future__ import annotations

import gzip
import tarfile

from mevdm.core.io import atomic_path


def write_archive(files, target, prefix: str = "mevdm-results") -> None:
    """Write files (paths relative to the working directory) into a .tar.gz."""
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in sorted(set(map(str, files))):
                info = tar.gettarinfo(path, arcname=f"{prefix}/{path}")
                info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
                with open(path, "rb") as fh:
                    tar.addfile(info, fh)


def members(target) -> list[str]:
    with tarfile.open(target) as tar:
        return sorted(tar.getnames())
