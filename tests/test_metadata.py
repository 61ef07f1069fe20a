"""Licence, authors, URLs and version in one home (CITATION.cff): pyproject.toml agrees, the
wheel carries the LICENSE, and the deposit metadata (.zenodo.json) is generated from it."""

import json
import re
import subprocess
import sys
import tomllib
import zipfile

import yaml

from mevdm.core.archive import write_archive
from mevdm.core.deposit import generated_members, zenodo_metadata
from mevdm.core.paths import CHECKOUT as REPO_ROOT

CFF = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text())
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]


def test_license_file_is_the_declared_mit():
    text = (REPO_ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert CFF["license"] == "MIT" and PROJECT["license"]["text"] == "MIT"


def test_pyproject_repeats_citation_authors_urls_and_version():
    assert PROJECT["version"] == str(CFF["version"])
    names = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in CFF["authors"]]
    assert [a["name"] for a in PROJECT["authors"]] == names
    assert set(PROJECT["urls"].values()) == {CFF["url"], CFF["repository-code"]}


def test_wheel_carries_license_and_urls(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), str(REPO_ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("mevdm-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(re.search(r"\.dist-info/(licenses/)?LICENSE$", n) for n in names), names
    assert f"Project-URL: Repository, {CFF['repository-code']}" in meta
    assert f"Author: {CFF['authors'][0]['name']}" in meta and "License-File: LICENSE" in meta


def test_zenodo_metadata_from_citation():
    meta = zenodo_metadata(CFF)
    assert meta["license"] == "MIT" and meta["version"] == str(CFF["version"])
    assert [c["name"] for c in meta["creators"]] == [a["name"] for a in CFF["authors"]]
    # every reproduced paper is referenced by its arXiv id, as the paper tables name it
    # (a file beyond a paper, `beyond: <key>`, names the source it is graded against, not a reproduced paper)
    papers = [yaml.safe_load(p.read_text())["paper"] for p in (REPO_ROOT / "resources" / "papers").glob("*.yaml")
              if p.name != "schema.yaml"]
    arxiv = {f"arXiv:{p['arxiv']}" for p in papers if p.get("arxiv") and not p.get("beyond")}
    refs = {r["identifier"] for r in meta["related_identifiers"] if r["scheme"] == "arxiv"}
    assert arxiv and arxiv <= refs, arxiv - refs
    person = zenodo_metadata({**CFF, "authors": [{"family-names": "Curie", "given-names": "Marie",
                                                 "orcid": "https://orcid.org/0000-0002-1825-0097"}]})
    assert person["creators"] == [{"name": "Curie, Marie", "orcid": "0000-0002-1825-0097"}]


def test_archive_readme_describes_every_member_and_bytes_repeat(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results/k").mkdir(parents=True)
    (tmp_path / "results/k/fig1.json").write_text("{}")
    (tmp_path / "results/k/fig1.csv").write_text("x,y\n")
    files = {"results/k/fig1.json": "results/k/fig1.json", "results/k/fig1.csv": "results/k/fig1.csv"}
    generated = generated_members(files, REPO_ROOT / "CITATION.cff", "snakemake archive")
    readme = generated["README.md"].decode()
    assert "```bash\nsnakemake archive\n```" in readme
    for name in (*files, ".zenodo.json"):
        assert re.search(rf"\| `{re.escape(name)}` \| \S.* \| \d+ \| `[0-9a-f]{{64}}` \|", readme), name
    assert json.loads(generated[".zenodo.json"])["upload_type"] == "dataset"
    for out in ("a.tar.gz", "b.tar.gz"):
        write_archive(list(files), out, generated=generated_members(files, REPO_ROOT / "CITATION.cff",
                                                                     "snakemake archive"))
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
