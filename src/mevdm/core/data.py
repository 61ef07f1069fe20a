"""Checksummed access to the public data sets the figures need.

Every file is named in the registry (``resources/data_registry.yaml``) by its
path relative to a data mirror, ``<dataset>/<file>``, with its sha256, its
citation and, when it has one, the canonical public URL.  ``DataStore.path``
returns a verified local path, looking in order in

1. the mirror folder (config ``data_mirror``; CI and tests use ``../shared/data``),
2. the local cache (config ``data_cache``),
3. the upstream URL, downloaded into the cache with pooch.

A missing file or a checksum mismatch raises an error that names the file,
where it was looked for and how to provide it; a bad file is never returned.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from mevdm.core.paths import RESOURCES_DIR, WORK_ROOT

REPO_ROOT = WORK_ROOT  # relative paths (cache, mirror) resolve here
DEFAULT_REGISTRY = RESOURCES_DIR / "data_registry.yaml"


class DataError(RuntimeError):
    """Base class of data-layer errors."""


class DataNotFoundError(DataError):
    """A registered file is in none of the places looked at."""


class DataChecksumError(DataError):
    """A file's sha256 differs from the registry's."""


class UnknownDatasetError(DataError, KeyError):
    """A name that the registry does not list."""

    def __str__(self):  # KeyError would repr() the message
        return str(self.args[0])


@dataclass(frozen=True)
class Entry:
    """One registered file."""

    name: str  # "<dataset>/<file>", also its path below a mirror
    sha256: str
    url: str | None
    dataset: str
    citation: str
    note: str = ""


def load_registry(path: str | os.PathLike = DEFAULT_REGISTRY) -> dict[str, Entry]:
    """Read the registry YAML into {name: Entry}."""
    raw = yaml.safe_load(Path(path).read_text())
    entries = {}
    for dataset, block in raw["datasets"].items():
        for fname, spec in block["files"].items():
            name = f"{dataset}/{fname}"
            entries[name] = Entry(
                name=name,
                sha256=spec["sha256"].lower(),
                url=spec.get("url"),
                dataset=dataset,
                citation=block.get("citation", ""),
                note=spec.get("note", block.get("note", "")),
            )
    return entries


def sha256sum(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


class DataStore:
    """Resolve registry names to verified local files (mirror, cache, download)."""

    def __init__(self, mirror=None, cache=".data-cache", registry=DEFAULT_REGISTRY,
                 allow_download=True):
        self.mirror = Path(mirror).expanduser() if mirror else None
        if self.mirror is not None and not self.mirror.is_dir():
            raise DataNotFoundError(
                f"data mirror folder '{self.mirror}' does not exist; set config "
                "'data_mirror' to an existing folder (CI uses ../shared/data) or to null "
                "to download from the upstream URLs."
            )
        self.cache = Path(cache).expanduser()
        self.registry_path = Path(registry)
        self.entries = load_registry(self.registry_path)
        self.allow_download = allow_download
        self._verified: dict[Path, tuple[int, int]] = {}

    @classmethod
    def from_config(cls, config: dict, **kwargs) -> "DataStore":
        """Build from the workflow config keys ``data_mirror`` and ``data_cache``."""
        return cls(mirror=config.get("data_mirror"),
                   cache=config.get("data_cache", ".data-cache"), **kwargs)

    @classmethod
    def default(cls, **kwargs) -> "DataStore":
        """Store for library use without a config: mirror from $MEVDM_DATA_MIRROR (if set),
        cache in the repository's .data-cache, download otherwise."""
        kwargs.setdefault("mirror", os.environ.get("MEVDM_DATA_MIRROR") or None)
        kwargs.setdefault("cache", REPO_ROOT / ".data-cache")
        return cls(**kwargs)

    def entry(self, name: str) -> Entry:
        try:
            return self.entries[name]
        except KeyError:
            raise UnknownDatasetError(
                f"'{name}' is not in the data registry {self.registry_path}; "
                "register it there (name, sha256, url, citation) before using it."
            ) from None

    def names(self, dataset: str | None = None) -> list[str]:
        return sorted(n for n, e in self.entries.items() if dataset in (None, e.dataset))

    def _check(self, path: Path, entry: Entry) -> Path:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        if self._verified.get(path) == key:
            return path
        got = sha256sum(path)
        if got != entry.sha256:
            raise DataChecksumError(
                f"checksum mismatch for '{entry.name}' at {path}: expected sha256 "
                f"{entry.sha256}, got {got}. The file is corrupt or a different version; "
                f"delete it and fetch it again ({self._how_to_get(entry)})."
            )
        self._verified[path] = key
        return path

    def _how_to_get(self, entry: Entry) -> str:
        if entry.url:
            return f"download from {entry.url}"
        return ("it has no public URL (mirror-only: " + (entry.note or entry.citation)
                + "); copy it from the team's data mirror and set 'data_mirror'")

    def path(self, name: str) -> Path:
        """Verified local path of a registered file (Section docstring for lookup order)."""
        entry = self.entry(name)
        looked = []
        if self.mirror is not None:
            candidate = self.mirror / name
            looked.append(str(candidate))
            if candidate.is_file():
                return self._check(candidate, entry)
        candidate = self.cache / name
        looked.append(str(candidate))
        if candidate.is_file():
            return self._check(candidate, entry)
        if entry.url and self.allow_download:
            return self._download(entry, candidate)
        raise DataNotFoundError(
            f"data file '{name}' (dataset '{entry.dataset}', {entry.citation}) not found; "
            f"looked in: {', '.join(looked)}. To provide it: {self._how_to_get(entry)}, "
            f"or place it at {candidate}."
        )

    def _download(self, entry: Entry, target: Path) -> Path:
        import pooch

        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            pooch.retrieve(entry.url, known_hash=f"sha256:{entry.sha256}",
                           fname=target.name, path=target.parent, progressbar=False)
        except ValueError as exc:  # pooch reports a hash mismatch as ValueError
            raise DataChecksumError(f"download of '{entry.name}' from {entry.url}: {exc}") from exc
        except Exception as exc:
            raise DataNotFoundError(
                f"could not download '{entry.name}' from {entry.url} ({exc}); without "
                f"internet, set config 'data_mirror' to a folder holding '{entry.name}'."
            ) from exc
        return self._check(target, entry)

    def materialise(self, name: str, target: str | os.PathLike) -> Path:
        """Copy the verified file to ``target`` (the Snakemake data rule's output)."""
        source = self.path(name)
        target = Path(target)
        if source.resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        return self._check(target, self.entry(name))

    def checksums(self, names) -> dict[str, str]:
        """{name: sha256} for provenance records."""
        return {n: self.entry(n).sha256 for n in sorted(names)}
