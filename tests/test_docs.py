"""Docs that run: every Python code sample in README, CONTRIBUTING and docs/ is executed, and
every `mevdm.x.y` name they, or the package's own strings, cite resolves."""

import importlib
import re
from pathlib import Path

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

DOCS = [REPO_ROOT / "README.md", REPO_ROOT / "CONTRIBUTING.md",
        *sorted((REPO_ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```", re.M | re.S)
NAME = re.compile(r"(?<![\w/.])mevdm(?:\.[A-Za-z_]\w*)+")
# names that are files or data packages of the wheel, not modules to import
NOT_MODULES = {"mevdm.mplstyle", "mevdm._config", "mevdm._resources"}


def _samples():
    for doc in DOCS:
        for i, m in enumerate(BLOCK.finditer(doc.read_text())):
            indent = len(m.group(1))
            code = "\n".join(line[indent:] for line in m.group(2).splitlines())
            yield pytest.param(code, id=f"{doc.relative_to(REPO_ROOT)}#{i + 1}")


@pytest.mark.parametrize("code", list(_samples()))
def test_code_sample_runs(code, mirror, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a sample that writes, writes here
    exec(compile(code, "<doc sample>", "exec"), {"__name__": "doc_sample"})


def _resolves(dotted: str) -> bool:
    """A dotted `mevdm...` name is an importable module, or an attribute of one."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def test_every_module_name_cited_resolves():
    """In the docs and in every string or comment of the package: a renamed module must be
    renamed where it is cited too (a JSON once said "(mevdm.relic)" for years)."""
    sources = [*DOCS, *sorted((REPO_ROOT / "src" / "mevdm").rglob("*.py")),
               *sorted((REPO_ROOT / "src" / "mevdm").rglob("*.yaml"))]
    stale = sorted({f"{p.relative_to(REPO_ROOT)}: {name.rstrip('.')}" for p in sources
                    for name in NAME.findall(p.read_text())
                    if name.rstrip(".") not in NOT_MODULES and not _resolves(name.rstrip("."))})
    assert not stale, stale


def test_docs_cite_files_that_exist():
    stale = [f"{doc.name}: {path}" for doc in DOCS
             for path in sorted(set(re.findall(r"src/mevdm/[\w/.]*\w", doc.read_text())))
             if not (REPO_ROOT / path).exists()]
    assert not stale, stale
