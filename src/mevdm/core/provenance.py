"""Provenance records: package versions, git commit, config and data checksums."""

from __future__ import annotations

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


def source_hash(package_dir: str | Path | None = None) -> str:
    """sha256 over the package's Python sources: figures rebuild when the physics changes."""
    import hashlib

    root = Path(package_dir or Path(__file__).parents[1])
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def record(config: dict, data_sha256: dict[str, str], repo: str | Path = ".") -> dict:
    """Everything needed to say how a set of results was made."""
    return {
        "python": platform.python_version(),
        "packages": package_versions(),
        "git": git_state(repo),
        "package_source_sha256": source_hash(),
        "config": config,
        "data_sha256": dict(sorted(data_sha256.items())),
    }
