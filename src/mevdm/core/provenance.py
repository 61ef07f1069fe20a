"""Provenance records: package versions, git commit, config and data checksums."""

from __future__ import annotations

import functools
import importlib.metadata
import platform
import subprocess
from pathlib import Path

PACKAGES = ("mevdm", "numpy", "scipy", "numba", "llvmlite", "pandas", "matplotlib",
            "pooch", "PyYAML", "jsonschema", "snakemake")


def package_versions(packages=PACKAGES) -> dict[str, str]:
    out = {}
    for pkg in packages:
        try:
            out[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def git_state(repo: str | Path = ".") -> dict[str, str | bool]:
    """Commit and whether the work tree had uncommitted changes."""
    def run(*args):
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        return {"commit": run("rev-parse", "HEAD"),
                "dirty": bool(run("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown (not a git checkout)", "dirty": False}


PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _module_file(module: str) -> Path | None:
    """Source file of a mevdm module name (package __init__ or module file), or None."""
    rel = Path(*module.split(".")[1:])
    for cand in (PACKAGE_DIR / rel / "__init__.py", (PACKAGE_DIR / rel).with_suffix(".py")):
        if cand.is_file():
            return cand
    return None


# An optional cache on disk of the per-file results below, keyed by path, size and mtime: a
# workflow's parse (every dry run and no-op) then reads no unchanged source again.
_DISK: dict = {}
_DISK_STATE = {"path": None, "dirty": False}


def use_cache(path: str | Path) -> None:
    """Keep the per-file syntax-tree digests and imports in ``path`` (JSON) across processes
    (the workflow keeps it in .snakemake/); it is written when the process exits."""
    import atexit
    import json

    path = Path(path)
    if _DISK_STATE["path"] is None:
        atexit.register(_save_cache)
    _DISK_STATE["path"] = path
    try:
        _DISK.update(json.loads(path.read_text()))
    except (OSError, ValueError):
        pass  # no cache yet, or a damaged one: rebuilt


def _save_cache() -> None:
    import json
    import os

    path = _DISK_STATE["path"]
    if path is None or not _DISK_STATE["dirty"]:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(_DISK, sort_keys=True))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only folder: the cache is only an optimisation


def _through_cache(path: Path, what: str, compute):
    """compute() (a JSON value) for one file, from the disk cache when the file is unchanged."""
    if _DISK_STATE["path"] is None:
        return compute()
    st = path.stat()
    key = f"{what}|{path}|{st.st_size}|{st.st_mtime_ns}"
    if key not in _DISK:
        _DISK[key] = compute()
        _DISK_STATE["dirty"] = True
    return _DISK[key]


@functools.lru_cache(maxsize=None)
def _parse(path: Path):
    """The module's syntax tree (comments are not in it), parsed once per process."""
    import ast

    return ast.parse(path.read_text(), filename=str(path))


def _statements(node):
    """Every statement below ``node`` (imports and docstrings are statements: expressions, the
    bulk of a tree, need not be visited)."""
    import ast

    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(n, field, None)
            if isinstance(block, list):
                todo.extend(b for b in block if isinstance(b, (ast.stmt, ast.excepthandler,
                                                                 ast.match_case)))


@functools.lru_cache(maxsize=None)
def _imports(path: Path, module: str) -> frozenset[str]:
    """mevdm modules imported by one source file (absolute and relative, at any depth, inside
    functions too), read from its syntax tree."""
    return frozenset(_through_cache(path, f"imports:{module}",
                                    lambda: sorted(_read_imports(path, module))))


def _read_imports(path: Path, module: str) -> frozenset[str]:
    import ast

    is_pkg = path.name == "__init__.py"
    out = set()
    for node in _statements(_parse(path)):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:
                parts = module.split(".")
                base = parts[: len(parts) - node.level + is_pkg]
                name = ".".join([*base, *([name] if name else [])])
            if name.split(".")[0] == "mevdm":
                out.add(name)
                out.update(f"{name}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "mevdm")
    # a module's parent packages run on import too
    return frozenset(".".join(m.split(".")[:i]) for m in out for i in range(2, m.count(".") + 2))


def module_sources(*modules: str, exclude=()) -> list[Path]:
    """Every mevdm source file the given modules import, transitively (sorted); the modules in
    ``exclude`` are not entered (e.g. plotting, which a scan imports only inside functions it
    never calls)."""
    return list(_module_sources(tuple(modules), tuple(exclude)))


@functools.lru_cache(maxsize=None)
def _module_sources(modules: tuple, exclude: tuple) -> tuple[Path, ...]:
    seen, todo, files = set(exclude), list(modules), set()
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = _module_file(mod)
        if path is None:
            continue
        files.add(path)
        todo.extend(_imports(path, mod) - seen)
    return tuple(sorted(files))


@functools.lru_cache(maxsize=None)
def _file_digest(path: Path) -> bytes:
    """sha256 of what can change a result: a Python module's syntax tree without docstrings
    (a comment or docstring edit reruns nothing), any other file's bytes."""
    return bytes.fromhex(_through_cache(path, "digest", lambda: _read_digest(path).hex()))


def _read_digest(path: Path) -> bytes:
    import ast
    import hashlib

    if path.suffix != ".py":
        return hashlib.sha256(path.read_bytes()).digest()
    tree = _parse(path)
    stripped = []  # docstrings taken out for the dump and put back (the tree is cached)
    for node in _statements(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            stripped.append((node, body))
            node.body = body[1:] or [ast.Pass()]
    try:
        return hashlib.sha256(ast.dump(tree).encode()).digest()
    finally:
        for node, body in stripped:
            node.body = body


def module_hash(*modules: str, extra_files=(), exclude=()) -> str:
    """sha256 over the sources the given modules import (and extra files): a rule's rerun
    trigger, so that editing one paper reruns that paper and editing a kernel its users."""
    return _module_hash(tuple(modules), tuple(map(Path, extra_files)), tuple(exclude))


@functools.lru_cache(maxsize=None)
def _module_hash(modules: tuple, extra_files: tuple, exclude: tuple = ()) -> str:
    import hashlib

    h = hashlib.sha256()
    for path in [*module_sources(*modules, exclude=exclude), *map(Path, extra_files)]:
        h.update(str(path.relative_to(PACKAGE_DIR.parent) if path.is_relative_to(PACKAGE_DIR.parent)
                     else path.name).encode())
        h.update(_file_digest(path))
    return h.hexdigest()[:16]


def source_hash(package_dir: str | Path | None = None) -> str:
    """sha256 over the package's Python sources: figures rebuild when the physics changes."""
    import hashlib

    root = Path(package_dir or Path(__file__).parents[1])
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# Config keys that hold a folder of this machine; their defaults say nothing about the user.
PATH_KEYS = {("data_mirror",): None, ("data_cache",): ".data-cache",
             ("constraints", "limit_dirs"): ["resources/constraints"]}


def _looks_like_a_path(value: str) -> bool:
    """An absolute, home-relative or drive path, or one under this user's home folder."""
    home = str(Path.home())
    return (value.startswith(("/", "~", "\\")) or (len(value) > 2 and value[1] == ":"
                                                      and value[2] in "/\\")
            or (len(home) > 1 and home in value))


def _scrub(node, where=()):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            path = (*where, key)
            if path in PATH_KEYS and value not in (None, PATH_KEYS[path]):
                out[key] = (f"<{'.'.join(path)}: a local folder; the files are identified by "
                            "their sha256 (data_sha256, limit files)>")
            else:
                out[key] = _scrub(value, path)
        return out
    if isinstance(node, list):
        return [_scrub(v, where) for v in node]
    if isinstance(node, str) and _looks_like_a_path(node):
        return f"<{'.'.join(map(str, where))}: a local path>"
    return node


def portable_config(config: dict) -> dict:
    """The config as archived: every path of this machine (data mirror and cache, limit folders,
    any absolute or home path) replaced by what it is, since a path says nothing to a
    co-author and leaks the user's file system."""
    return _scrub(config)


def record(config: dict, data_sha256: dict[str, str], repo: str | Path = ".") -> dict:
    """Everything needed to say how a set of results was made."""
    return {
        "python": platform.python_version(),
        "packages": package_versions(),
        "git": git_state(repo),
        "package_source_sha256": source_hash(),
        "config": portable_config(config),
        "data_sha256": dict(sorted(data_sha256.items())),
    }
