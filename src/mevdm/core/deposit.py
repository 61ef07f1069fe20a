"""What a results deposit needs beside the files: Zenodo metadata generated from CITATION.cff
(the one home of authors, URLs, licence and version) and a README that says what each archive
member is, its sha256, and the one command that regenerates the archive."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

# what each archive member is, by path pattern (first match wins)
MEMBER_KINDS = [
    (r"README\.md$", "this file"),
    (r"\.zenodo\.json$", "deposit metadata for Zenodo, generated from CITATION.cff"),
    (r"LICENSE$", "licence of the workflow and of these results (MIT)"),
    (r"CITATION\.cff$", "how to cite the workflow and the papers it reproduces"),
    (r"report\.html$", "the Snakemake report: every figure with its typeset caption, paper vs ours, "
                       "departures and headline numbers; the scoreboard; the workflow graph"),
    (r"results/report/[^/]+/[^/]+\.html$", "one figure's report page (as shown in report.html)"),
    (r"results/provenance\.json$", "package versions, git commit and sha256 of every data file read"),
    (r"results/config_used\.yaml$", "the configuration of this run (machine paths removed)"),
    (r"results/scoreboard\.(md|json|html)$", "reproduction scoreboard: every number the papers print, ours beside it"),
    (r"results/hepdata/[^/]+\.zip$", "HEPData submission of one paper's plotted curves (upload as is)"),
    (r"results/constraints/.+\.csv$", "a constraint curve of the library, in one plane"),
    (r"results/[^/]+/scans/[^/]+\.npz$", "a parameter scan, merged from its chunks"),
    (r"results/[^/]+/[^/]+\.pdf$", "figure (vector)"),
    (r"results/[^/]+/[^/]+\.png$", "figure (raster)"),
    (r"results/[^/]+/[^/]+\.json$", "the figure's numbers: config, data checksums, headline numbers, "
                                    "paper values, departures"),
    (r"results/[^/]+/[^/]+\.csv$", "the figure's plotted curves"),
]


def read_citation(path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _creator(author: dict) -> dict:
    """A CFF person or entity as a Zenodo creator ("Family, Given", orcid, affiliation)."""
    if "name" in author:
        out = {"name": author["name"]}
    else:
        out = {"name": ", ".join(p for p in (author.get("family-names"), author.get("given-names")) if p)}
    if author.get("orcid"):
        out["orcid"] = re.sub(r"^https?://orcid.org/", "", author["orcid"])
    if author.get("affiliation"):
        out["affiliation"] = author["affiliation"]
    return out


def zenodo_metadata(cff: dict) -> dict:
    """Zenodo deposit metadata (.zenodo.json) of the results archive, from CITATION.cff."""
    related = [{"identifier": ident["value"], "relation": "references", "scheme": "arxiv"}
               for ref in cff.get("references", []) for ident in ref.get("identifiers", [])
               if str(ident.get("value", "")).startswith("arXiv:")]
    if cff.get("repository-code"):
        related.append({"identifier": cff["repository-code"], "relation": "isSupplementTo", "scheme": "url"})
    return {
        "title": f"Results of {cff['title']}",
        "upload_type": "dataset",
        "description": " ".join(cff["message"].split()),
        "creators": [_creator(a) for a in cff["authors"]],
        "license": cff["license"],
        "version": str(cff["version"]),
        "keywords": list(cff.get("keywords", [])),
        "related_identifiers": related,
    }


def _kind(name: str) -> str:
    return next((text for pattern, text in MEMBER_KINDS if re.search(pattern, name)), "")


def readme(members: dict[str, bytes], cff: dict, command: str) -> str:
    """README.md of the archive: what it is, how to regenerate it, one row per member."""
    lines = [f"# {cff['title']} — results archive", "",
             f"Version {cff['version']}, licence {cff['license']} (LICENSE). Cite: CITATION.cff.", "",
             "## Regenerate", "",
             "From a checkout of the commit in `results/provenance.json`, after the install command of",
             "its README (which pins every package: requirements/lock.txt), this one command rebuilds",
             "the archive; figures, numbers, curves, scans and HEPData files come out with the same",
             "sha256 as below (report.html and provenance.json also record the new run's timings):", "",
             "```bash", command, "```", "",
             "## Members", "", "| member | what it is | bytes | sha256 |", "|---|---|---|---|"]
    for name in sorted(members):
        data = members[name]
        lines.append(f"| `{name}` | {_kind(name)} | {len(data)} | `{hashlib.sha256(data).hexdigest()}` |")
    lines += ["| `README.md` | this file | | |", ""]
    return "\n".join(lines)


def generated_members(files: dict[str, str], citation, command: str) -> dict[str, bytes]:
    """{name: bytes} of README.md and .zenodo.json for an archive of files {name: path}."""
    cff = read_citation(citation)
    zenodo = (json.dumps(zenodo_metadata(cff), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()
    contents = {name: Path(path).read_bytes() for name, path in files.items()}
    contents[".zenodo.json"] = zenodo
    return {".zenodo.json": zenodo, "README.md": readme(contents, cff, command).encode()}
