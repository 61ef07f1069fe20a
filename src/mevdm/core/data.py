"""Checksummed access to the public data sets the figures need.

Every file is named in the registry (``resources/data_registry.yaml``) by its
path relative to a data mirror, ``<dataset>/<file>``, with its sha256, its
citation and exactly one route to a user's machine:

(a) ``url``: a canonical public URL at a pinned commit or release, downloaded with pooch;
(b) ``derive: {from: [...], function: ...}``: made from other registered files by a
    function of :mod:`mevdm.core.derive`;
(c) ``resource: resources/data/<name>``: a small table the project transcribes or
    assembles itself, committed with its PROVENANCE.md.

``DataStore.path`` returns a verified local path, looking in order in

1. for route (c), the committed table in ``resources/data`` (the mirror only cross-checks it);
2. the mirror folder (config ``data_mirror``; CI and tests use ``../shared/data``);
3. the local cache (config ``data_cache``);
4. route (a): the URL, downloaded into the cache; route (b): the derivation, run on the
   verified paths of its inputs (themselves resolved by these rules) and written into the cache.

Every file is checked against the registry's sha256 wherever it comes from; a missing file
or a mismatch raises an error that names the file, where it was looked for and how to
provide it; a bad file is never returned.  ``$MEVDM_DATA_URL_PREFIX`` (or
``DataStore(url_prefix=...)``) redirects every download to ``<prefix><host>/<path>``, e.g. a
local copy of the upstream hosts (the tests serve one on 127.0.0.1).

Command line (re-hashes every file, whatever its mtime)::

    python -m mevdm.core.data --verify [--mirror DIR] [--cache DIR] [NAME ...]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.metadata
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from mevdm.core.paths import RESOURCES_DIR, WORK_ROOT

REPO_ROOT = WORK_ROOT  # relative paths (cache, mirror) resolve here
DEFAULT_REGISTRY = RESOURCES_DIR / "data_registry.yaml"
URL_PREFIX_ENV = "MEVDM_DATA_URL_PREFIX"
ROUTES = ("url", "derive", "resource")


class DataError(RuntimeError):
    """Base class of data-layer errors."""


class DataNotFoundError(DataError):
    """A registered file is in none of the places looked at."""


class DataChecksumError(DataError):
    """A file's sha256 differs from the registry's."""


class RegistryError(DataError):
    """The registry itself is inconsistent (route missing or doubled, unknown input)."""


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
    derive_from: tuple[str, ...] = ()
    derive_function: str | None = None
    resource: str | None = None  # path relative to the repository root
    upstream_only: bool = False  # an input of a derivation, not kept in the mirror
    package: str | None = None  # "name==version" of a PyPI package shipping the same bytes
    package_path: str | None = None

    @property
    def route(self) -> str | None:
        """'url' (a), 'derive' (b), 'resource' (c), or None (a mirror-only entry)."""
        if self.resource:
            return "resource"
        if self.derive_function:
            return "derive"
        if self.url:
            return "url"
        return None

    def resource_path(self, root: Path | None = None) -> Path | None:
        """The committed table of route (c): resources/data/... in the checkout, or its copy
        in the installed package (mevdm._resources)."""
        if not self.resource:
            return None
        if root is not None:
            return root / self.resource
        return RESOURCES_DIR / Path(self.resource).relative_to("resources")


def _entry(dataset: str, block: dict, fname: str, spec: dict, source: str) -> Entry:
    name = f"{dataset}/{fname}"
    routes = [r for r in ROUTES if spec.get(r) is not None]
    if len(routes) > 1:
        raise RegistryError(f"{source}: '{name}' names {' and '.join(routes)}; give exactly one "
                            "route (url, derive or resource)")
    derive = spec.get("derive")
    if derive is not None:
        if not isinstance(derive, dict) or set(derive) != {"from", "function"}:
            raise RegistryError(f"{source}: '{name}': derive must be {{from: [names], function: name}}")
        if not isinstance(derive["from"], list):
            raise RegistryError(f"{source}: '{name}': derive.from must be a list of registry names")
    resource = spec.get("resource")
    if resource is not None and (Path(resource).is_absolute() or ".." in Path(resource).parts
                                 or not str(resource).startswith("resources/data/")):
        raise RegistryError(f"{source}: '{name}': resource must be a path below resources/data/, "
                            f"got '{resource}'")
    return Entry(
        name=name,
        sha256=str(spec["sha256"]).lower(),
        url=spec.get("url"),
        dataset=dataset,
        citation=block.get("citation", ""),
        note=spec.get("note", block.get("note", "")),
        derive_from=tuple(derive["from"]) if derive else (),
        derive_function=derive["function"] if derive else None,
        resource=resource,
        upstream_only=bool(spec.get("upstream_only", False)),
        package=spec.get("package"),
        package_path=spec.get("package_path"),
    )


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: 10x faster


@functools.lru_cache(maxsize=8)
def _read_registry(path: str, mtime_ns: int) -> dict:
    """The parsed registry YAML, read once per process (and again if the file changes)."""
    return yaml.load(Path(path).read_text(), Loader=_YAML_LOADER)


def load_registry(path: str | os.PathLike = DEFAULT_REGISTRY) -> dict[str, Entry]:
    """Read the registry YAML into {name: Entry}; inconsistent routes raise RegistryError."""
    raw = _read_registry(str(Path(path)), Path(path).stat().st_mtime_ns)
    entries = {}
    for dataset, block in raw["datasets"].items():
        for fname, spec in block["files"].items():
            entry = _entry(dataset, block, fname, spec, str(path))
            entries[entry.name] = entry
    for entry in entries.values():
        unknown = [n for n in entry.derive_from if n not in entries]
        if unknown:
            raise RegistryError(f"{path}: '{entry.name}' derives from {unknown}, which the "
                                "registry does not list")
    _check_acyclic(entries, path)
    return entries


def _check_acyclic(entries: dict[str, Entry], path) -> None:
    state: dict[str, int] = {}

    def visit(name, chain):
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise RegistryError(f"{path}: derivation cycle {' -> '.join(chain + [name])}")
        state[name] = 1
        for dep in entries[name].derive_from:
            visit(dep, chain + [name])
        state[name] = 2

    for name in entries:
        visit(name, [])


def sha256sum(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def rewrite_url(url: str, prefix: str | None) -> str:
    """``https://host/path`` -> ``<prefix>host/path`` (no prefix: unchanged)."""
    if not prefix:
        return url
    rest = url.split("://", 1)[1] if "://" in url else url
    return prefix.rstrip("/") + "/" + rest


def package_copy(entry: Entry) -> Path | None:
    """Path of the entry's file inside an installed PyPI package of exactly the registered
    version (``package``/``package_path``), or None.  Not a lookup place of DataStore: tests
    use it to cross-check upstream files against the package that ships them."""
    if not (entry.package and entry.package_path):
        return None
    name, _, version = entry.package.partition("==")
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return None
    if dist.version != version:
        return None
    path = Path(dist.locate_file(entry.package_path))
    return path if path.is_file() else None


class DataStore:
    """Resolve registry names to verified local files (resources, mirror, cache, download,
    derivation)."""

    def __init__(self, mirror=None, cache=".data-cache", registry=DEFAULT_REGISTRY,
                 allow_download=True, url_prefix=None):
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
        self.url_prefix = url_prefix if url_prefix is not None else (
            os.environ.get(URL_PREFIX_ENV) or None)
        self._verified: dict[Path, tuple] = {}

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
                "register it there (name, sha256, route, citation) before using it."
            ) from None

    def names(self, dataset: str | None = None) -> list[str]:
        """Files the workflow reads (upstream-only inputs of derivations left out)."""
        return sorted(n for n, e in self.entries.items()
                      if dataset in (None, e.dataset) and not e.upstream_only)

    def derivation_inputs(self, name: str) -> list[str]:
        """The registry names a file is derived from when it has to be derived here (route
        (b) and not in the mirror); [] otherwise or for a name the registry does not list."""
        entry = self.entries.get(name)
        if entry is None or entry.route != "derive":
            return []
        if self.mirror is not None and (self.mirror / name).is_file():
            return []
        return list(entry.derive_from)

    def _check(self, path: Path, entry: Entry, force: bool = False) -> Path:
        stat = path.stat()
        # ctime and inode change on any write, even when the mtime is put back
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if not force and self._verified.get(path) == key:
            return path
        got = sha256sum(path)
        if got != entry.sha256:
            self._verified.pop(path, None)
            raise DataChecksumError(
                f"checksum mismatch for '{entry.name}' at {path}: expected sha256 "
                f"{entry.sha256}, got {got}. The file is corrupt or a different version; "
                f"delete it and fetch it again ({self._how_to_get(entry)})."
            )
        self._verified[path] = key
        return path

    def _how_to_get(self, entry: Entry) -> str:
        route = entry.route
        if route == "url":
            return f"download from {entry.url}"
        if route == "derive":
            inputs = ", ".join(entry.derive_from) or "no input files"
            return (f"it is derived by mevdm.core.derive '{entry.derive_function}' from "
                    f"{inputs}; `snakemake data` makes it")
        if route == "resource":
            return f"it is committed at {entry.resource}; restore it with git"
        return ("it has no public URL (mirror-only: " + (entry.note or entry.citation)
                + "); copy it from the team's data mirror and set 'data_mirror'")

    def path(self, name: str) -> Path:
        """Verified local path of a registered file (module docstring: lookup order)."""
        entry = self.entry(name)
        if entry.route == "resource":
            committed = entry.resource_path()
            if committed.is_file():
                return self._check(committed, entry)
            return self._missing(entry, [str(committed)], committed)
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
        if entry.route == "url" and self.allow_download:
            return self._download(entry, candidate)
        if entry.route == "derive":
            return self._derive(entry, candidate)
        return self._missing(entry, looked, candidate)

    def _missing(self, entry: Entry, looked: list[str], candidate: Path):
        raise DataNotFoundError(
            f"data file '{entry.name}' (dataset '{entry.dataset}', {entry.citation}) not found; "
            f"looked in: {', '.join(looked)}. To provide it: {self._how_to_get(entry)}, "
            f"or place it at {candidate}."
        )

    def _download(self, entry: Entry, target: Path) -> Path:
        import pooch

        url = rewrite_url(entry.url, self.url_prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            pooch.retrieve(url, known_hash=f"sha256:{entry.sha256}",
                           fname=target.name, path=target.parent, progressbar=False)
        except ValueError as exc:  # pooch reports a hash mismatch as ValueError
            raise DataChecksumError(f"download of '{entry.name}' from {url}: {exc}") from exc
        except Exception as exc:
            raise DataNotFoundError(
                f"could not download '{entry.name}' from {url} ({exc}); without "
                f"internet, set config 'data_mirror' to a folder holding '{entry.name}'."
            ) from exc
        return self._check(target, entry)

    def _derive(self, entry: Entry, target: Path) -> Path:
        from mevdm.core.derive import derivation

        try:
            inputs = [self.path(n) for n in entry.derive_from]
        except DataError as exc:
            raise type(exc)(f"cannot derive '{entry.name}': an input is missing or bad: {exc}") from exc
        function = derivation(entry.derive_function)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            function(inputs, tmp)
            got = sha256sum(tmp)
            if got != entry.sha256:
                raise DataChecksumError(
                    f"derivation '{entry.derive_function}' of '{entry.name}' from "
                    f"{', '.join(entry.derive_from) or 'its formula'} gave sha256 {got}, the "
                    f"registry expects {entry.sha256}; the inputs or the code changed."
                )
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return self._check(target, entry)

    def materialise(self, name: str, target: str | os.PathLike) -> Path:
        """Copy the verified file to ``target`` (the Snakemake data rule's output)."""
        source = self.path(name)
        target = Path(target)
        if source.resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
            try:
                shutil.copyfile(source, tmp)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
        return self._check(target, self.entry(name), force=True)

    def verify_files(self, files: dict[str, str | os.PathLike]) -> list[str]:
        """Re-hash each {name: path} (whatever its mtime); the list of problems, [] if none."""
        problems = []
        for name, path in sorted(files.items()):
            try:
                self._check(Path(path), self.entry(name), force=True)
            except (DataError, OSError) as exc:
                problems.append(str(exc))
        return problems

    def copies(self, names=None) -> list[tuple[str, Path]]:
        """(name, path) of every copy of the named files (default: all) found in the
        resources, the mirror and the cache."""
        found = []
        for name in sorted(names if names is not None else self.entries):
            entry = self.entry(name)
            for path in (entry.resource_path(), self.mirror / name if self.mirror else None,
                         self.cache / name):
                if path is not None and path.is_file():
                    found.append((name, path))
        return found

    def verify(self, names=None) -> list[str]:
        """Re-hash every copy of the named files (default: all) found in the resources, the
        mirror and the cache; the list of problems, [] if none.  Missing copies are skipped."""
        problems = []
        for name, path in self.copies(names):
            problems += self.verify_files({name: path})
        return problems

    def checksums(self, names) -> dict[str, str]:
        """{name: sha256} for provenance records."""
        return {n: self.entry(n).sha256 for n in sorted(names)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mevdm.core.data",
        description="Re-hash the data files (resources, mirror, cache) against the registry.")
    parser.add_argument("--verify", action="store_true", required=True,
                        help="re-hash every copy found, whatever its mtime")
    parser.add_argument("--mirror", default=None, help="data mirror folder (default: none)")
    parser.add_argument("--cache", default=".data-cache", help="data cache (default .data-cache)")
    parser.add_argument("--registry", default=str(DEFAULT_REGISTRY))
    parser.add_argument("names", nargs="*", help="registry names (default: all)")
    args = parser.parse_args(argv)
    for flag, folder in (("--mirror", args.mirror), ("--cache", args.cache)):
        if folder and not Path(folder).expanduser().is_dir():
            print(f"{flag}: folder '{folder}' does not exist", file=sys.stderr)
            return 2
    store = DataStore(mirror=args.mirror, cache=args.cache, registry=args.registry,
                      allow_download=False)
    try:
        copies = store.copies(args.names or None)
        problems = store.verify(args.names or None)
    except UnknownDatasetError as exc:
        print(exc, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    asked = len(args.names or store.entries)
    present = len({name for name, _ in copies})
    print(f"verified {len(copies)} copies of {present} of {asked} registry names: "
          f"{'OK' if not problems else f'{len(problems)} bad file(s)'}"
          + (f"; {asked - present} names have no copy in the resources, the mirror or the cache "
             "(not verified)" if present < asked else ""))
    if not copies:
        print("nothing was verified: give --mirror and/or --cache folders that hold the files",
              file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
