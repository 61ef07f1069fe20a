"""Every paper number in one place (resources/papers/<key>.yaml) and the reproduction scoreboard.

    from mevdm.scoreboard import paper_values
    numbers["paper"] = paper_values("jho2020", "fig1")     # {id: printed value} for a figure JSON

    sb = build("results", "resources/papers")               # one row per paper number
    write(sb, "results/scoreboard.md", "results/scoreboard.json", "results/scoreboard.html")

Rows read our value from results/<key>/<figure>.json at the entry's dotted path `ours`; see
resources/papers/schema.yaml for the fields and the meaning of each status.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
from pathlib import Path

import jsonschema
import yaml

from mevdm.core.paths import RESOURCES_DIR

PAPERS_DIR = RESOURCES_DIR / "papers"
SCHEMA_PATH = PAPERS_DIR / "schema.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
COUNTS = ("n_numbers", "n_match", "n_within_10pct", "n_within_20pct", "n_explained", "n_open",
          "n_lost", "n_missing", "n_claim", "n_claim_holds")
_EPS = 1e-12  # |ratio-1| <= 0.10 must hold for a ratio printed as 1.10


class PaperNumbersError(ValueError):
    """A paper-numbers file is invalid; the message names the file and the entry id."""


@functools.lru_cache(maxsize=1)
def _validator():
    schema = yaml.load(SCHEMA_PATH.read_text(), Loader=_Loader)
    return jsonschema.validators.validator_for(schema)(schema)


def _entry_label(doc, error) -> str:
    """'entry <id>' (or 'paper') for the part of the document an error points at."""
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "numbers" and isinstance(path[1], int):
        entry = doc["numbers"][path[1]]
        eid = entry.get("id") if isinstance(entry, dict) else None
        where = f"entry '{eid}'" if eid else f"entry #{path[1]} (no id)"
        rest = ".".join(str(p) for p in path[2:])
        return f"{where}, field '{rest}'" if rest else where
    return "field '" + ".".join(str(p) for p in path) + "'" if path else "top level"


def _validate(doc, path: Path, key: str) -> None:
    """Schema, unique ids and paper.key == file name; raise one error listing every problem."""
    problems = [f"{_entry_label(doc, e)}: {e.message}"
                for e in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))]
    if not problems:
        if doc["paper"]["key"] != key:
            problems.append(f"field 'paper.key': '{doc['paper']['key']}' differs from the file name '{key}'")
        seen = set()
        for entry in doc["numbers"]:
            if entry["id"] in seen:
                problems.append(f"entry '{entry['id']}': duplicate id")
            seen.add(entry["id"])
    if problems:
        raise PaperNumbersError(f"{path}: " + "; ".join(problems))


def load_paper_numbers(key: str, root: str | os.PathLike | None = None) -> dict:
    """Read and validate <root>/<key>.yaml (root: resources/papers); {'paper': {...}, 'numbers': [...]}."""
    path = Path(root or PAPERS_DIR) / f"{key}.yaml"
    if not path.is_file():
        raise PaperNumbersError(f"{path}: no paper-numbers file for '{key}'")
    try:
        doc = yaml.load(path.read_text(), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise PaperNumbersError(f"{path}: not valid YAML: {exc}") from None
    _validate(doc, path, key)
    return doc


def paper_values(key: str, figure: str, root: str | os.PathLike | None = None) -> dict:
    """{id: paper_value} of the paper's numbers shown in `figure` (None where the print was lost)."""
    doc = load_paper_numbers(key, root)
    return {e["id"]: e["paper_value"] for e in doc["numbers"]
            if e.get("figure") == figure and e["status"] != "claim"}


def _split(dotted: str) -> list[str]:
    return re.sub(r"\[(-?\d+)\]", r".\1", dotted).split(".")


def lookup(obj, dotted: str):
    """Value at a dotted path ('a.b.0.c' or 'a.b[0].c') in parsed JSON; KeyError names the failing part."""
    cur = obj
    for i, part in enumerate(_split(dotted)):
        try:
            cur = cur[int(part)] if isinstance(cur, list) else cur[part]
        except (KeyError, IndexError, ValueError, TypeError):
            done = ".".join(_split(dotted)[:i]) or "<top>"
            raise KeyError(f"'{dotted}': no '{part}' under {done}") from None
    return cur


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _finite(x):
    """x, with non-finite floats as None (the scoreboard JSON has no NaN)."""
    return None if isinstance(x, float) and not math.isfinite(x) else x


def _ratio(ours, paper):
    if not (_is_number(ours) and _is_number(paper)) or paper == 0:
        return None
    return _finite(ours / paper)


def _within_tolerance(ours, paper, tol):
    if not tol or not (_is_number(ours) and _is_number(paper)):
        return None
    limit = tol["rel"] * abs(paper) if "rel" in tol else tol["abs"]
    return abs(ours - paper) <= limit * (1 + _EPS)


def _read_value(results_dir: Path, key, figure, dotted, cache):
    """(value, reason): our value at the dotted path, or None and why not."""
    if not dotted:
        return None, "no target computes it"
    if not figure:
        return None, "no figure named"
    path = results_dir / key / f"{figure}.json"
    if path not in cache:
        cache[path] = json.loads(path.read_text()) if path.is_file() else None
    if cache[path] is None:
        return None, f"{key}/{figure}.json missing"
    try:
        value = lookup(cache[path], dotted)
    except KeyError as exc:
        return None, f"not in {key}/{figure}.json: {exc.args[0]}"
    if isinstance(value, (dict, list)):
        return None, f"{key}/{figure}.json: '{dotted}' is not a single value"
    return _finite(value), None


def _row(key, entry, results_dir, cache) -> dict:
    """One scoreboard row for one paper entry."""
    paper, figure = entry.get("paper_value"), entry.get("figure")
    ours, reason = _read_value(results_dir, key, figure, entry.get("ours"), cache)
    ratio = _ratio(ours, paper)
    row = {
        "paper": key, "id": entry["id"], "status": entry["status"], "where": entry["where"],
        "quantity": entry.get("quantity") or entry.get("statement"), "unit": entry.get("unit"),
        "paper_value": paper, "ours": ours, "ours_path": entry.get("ours"), "ours_reason": reason,
        "ratio": ratio,
        "within_10pct": ratio is not None and abs(ratio - 1) <= 0.10 + _EPS,
        "within_20pct": ratio is not None and abs(ratio - 1) <= 0.20 + _EPS,
        "tolerance": entry.get("tolerance"),
        "within_tolerance": _within_tolerance(ours, paper, entry.get("tolerance")),
        "figure": figure, "figure_png": f"{key}/{figure}.png" if figure else None,
        "explanation": entry.get("explanation"), "holds": entry.get("holds"),
        "status_text": entry.get("status_text"), "variant_path": entry.get("variant"),
        "variant_value": None, "variant_ratio": None,
    }
    if entry.get("variant"):
        row["variant_value"], _ = _read_value(results_dir, key, figure, entry["variant"], cache)
        row["variant_ratio"] = _ratio(row["variant_value"], paper)
    row["warning"] = ("status match but outside tolerance"
                      if entry["status"] == "match" and row["within_tolerance"] is False else None)
    return row


def _counts(rows) -> dict:
    """The scoreboard counts of a list of rows."""
    nums = [r for r in rows if r["status"] != "claim"]
    claims = [r for r in rows if r["status"] == "claim"]
    return {
        "n_numbers": len(nums),
        "n_match": sum(r["status"] == "match" for r in nums),
        "n_within_10pct": sum(r["within_10pct"] for r in nums),
        "n_within_20pct": sum(r["within_20pct"] for r in nums),
        "n_explained": sum(r["status"] == "explained" for r in nums),
        "n_open": sum(r["status"] == "open" for r in nums),
        "n_lost": sum(r["status"] == "lost" for r in nums),
        "n_missing": sum(r["ours"] is None and r["status"] != "lost" for r in nums),
        "n_claim": len(claims),
        "n_claim_holds": sum(r["holds"] is True for r in claims),
    }


def paper_keys(papers_dir: str | os.PathLike) -> list[str]:
    """Keys of the paper-numbers files in a folder (every *.yaml but schema.yaml), sorted."""
    return sorted(p.stem for p in Path(papers_dir).glob("*.yaml") if p.name != "schema.yaml")


def build(results_dir: str | os.PathLike, papers_dir: str | os.PathLike | None = None) -> dict:
    """Scoreboard {'papers': {key: {counts..., 'rows': [...]}}, 'total': {counts...}}."""
    results_dir, papers_dir = Path(results_dir), Path(papers_dir or PAPERS_DIR)
    cache, papers = {}, {}
    for key in paper_keys(papers_dir):
        doc = load_paper_numbers(key, papers_dir)
        rows = [_row(key, e, results_dir, cache) for e in doc["numbers"]]
        papers[key] = {**_counts(rows), "title": doc["paper"]["title"],
                       "arxiv": doc["paper"]["arxiv"], "rows": rows}
    total = {c: sum(p[c] for p in papers.values()) for c in COUNTS}
    return {"papers": papers, "total": total}


# ------------------------------------------------------------------------- output

def _fmt(x) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if _is_number(x):
        return f"{x:.4g}"
    return str(x)


def _flag(row, key) -> str:
    return "✓" if row[key] else ""


def _note(row) -> str:
    """The last column: explanation, claim finding, missing-value reason, warning."""
    parts = [row.get("warning"), row.get("ours_reason") if row["status"] not in ("lost", "claim") else None,
             row.get("status_text"), row.get("explanation")]
    if row.get("variant_path"):
        parts.append(f"variant {row['variant_path']} = {_fmt(row['variant_value'])}"
                     f" (ratio {_fmt(row['variant_ratio'])})")
    return "; ".join(p for p in parts if p)


def _cells(row, link) -> list[str]:
    """Table cells of a row; link(row) renders the figure column."""
    holds = "" if row["status"] != "claim" else {True: "holds", False: "fails", None: "unchecked"}[row["holds"]]
    return [row["id"], row["quantity"] or "", _fmt(row["paper_value"]), _fmt(row["ours"]),
            _fmt(row["ratio"]), _flag(row, "within_10pct"), _flag(row, "within_20pct"),
            row["status"] + (f" ({holds})" if holds else ""), link(row), _note(row)]


HEADER = ["id", "quantity", "paper", "ours", "ours/paper", "≤10 %", "≤20 %", "status", "figure", "note"]


def _summary(c: dict) -> str:
    printed = c["n_numbers"] - c["n_lost"]
    text = (f"{printed} printed numbers: {c['n_within_10pct']} within 10 %, {c['n_within_20pct']} "
            f"within 20 %, {c['n_match']} match within their stated tolerance, "
            f"{c['n_explained']} explained, {c['n_open']} open")
    if c["n_lost"]:
        text += f"; {c['n_lost']} lost in the paper text"
    if c["n_claim"]:
        text += f", {c['n_claim_holds']}/{c['n_claim']} claims hold"
    return text


def readme_headline(scoreboard: dict) -> str:
    """Short Markdown list, one line per paper plus the total, for the README."""
    lines = [f"- {key}: {_summary(p)}" for key, p in sorted(scoreboard["papers"].items())]
    lines.append(f"- **total**: {_summary(scoreboard['total'])}")
    return "\n".join(lines) + "\n"


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(scoreboard: dict, link_prefix: str = "") -> str:
    """Markdown: headline, then one table per paper; figure links are link_prefix + <key>/<fig>.png."""
    def link(r):
        return f"[{r['figure']}]({link_prefix}{r['figure_png']})" if r["figure_png"] else ""

    out = ["# Reproduction scoreboard", "",
           "ours/paper within 10 % / 20 %; status from resources/papers/<key>.yaml.", "",
           readme_headline(scoreboard)]
    for key, p in sorted(scoreboard["papers"].items()):
        out += [f"## {key}: {p['title']}" + (f" (arXiv:{p['arxiv']})" if p["arxiv"] else ""), "",
                _summary(p), ""]
        if not p["rows"]:
            out += ["_no numbers recorded yet_", ""]
            continue
        out += ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        out += ["| " + " | ".join(_md_cell(c) for c in _cells(r, link)) + " |" for r in p["rows"]]
        out.append("")
    return "\n".join(out)


def to_html(scoreboard: dict, link_prefix: str = "") -> str:
    """Self-contained HTML page (inline style, no external assets) with one table per paper."""
    esc = html.escape

    def link(r):
        return (f'<a href="{esc(link_prefix + r["figure_png"])}">{esc(r["figure"])}</a>'
                if r["figure_png"] else "")

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Reproduction scoreboard</title><style>",
           "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}",
           "th,td{border:1px solid #bbb;padding:2px 6px;font-size:0.9em;vertical-align:top}",
           "th{background:#eee}td.num{text-align:right;font-family:monospace}",
           "tr.match td.st{background:#d8f5d8}tr.explained td.st{background:#fdf3c8}",
           "tr.open td.st{background:#f9d6d6}tr.lost td.st,tr.claim td.st{background:#e4e4f4}",
           "</style></head><body>", "<h1>Reproduction scoreboard</h1><ul>"]
    out += [f"<li>{esc(key)}: {esc(_summary(p))}</li>" for key, p in sorted(scoreboard["papers"].items())]
    out.append(f"<li><b>total</b>: {esc(_summary(scoreboard['total']))}</li></ul>")
    numeric = {2, 3, 4}
    for key, p in sorted(scoreboard["papers"].items()):
        out.append(f"<h2>{esc(key)}: {esc(p['title'])}</h2>")
        if not p["rows"]:
            out.append("<p><i>no numbers recorded yet</i></p>")
            continue
        out.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in HEADER) + "</tr>")
        for r in p["rows"]:
            cells = _cells(r, lambda _r: "")
            tds = []
            for i, c in enumerate(cells):
                cls = ' class="num"' if i in numeric else ' class="st"' if i == 7 else ""
                tds.append(f"<td{cls}>{link(r) if i == 8 else esc(c)}</td>")
            out.append(f'<tr class="{esc(r["status"])}">' + "".join(tds) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def to_json(scoreboard: dict) -> str:
    """Deterministic JSON text (sorted keys, no NaN)."""
    return json.dumps(scoreboard, indent=1, sort_keys=True, allow_nan=False, ensure_ascii=False) + "\n"


def _write_text(path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write(scoreboard: dict, md_path, json_path, html_path, results_dir=None) -> None:
    """Write the Markdown, JSON and HTML scoreboards; figure links are relative to each file's folder."""
    def prefix(target):
        if results_dir is None:  # the scoreboard sits in the results folder
            return ""
        rel = os.path.relpath(Path(results_dir), Path(target).parent).replace(os.sep, "/")
        return "" if rel == "." else rel + "/"

    _write_text(json_path, to_json(scoreboard))
    _write_text(md_path, to_markdown(scoreboard, prefix(md_path)))
    _write_text(html_path, to_html(scoreboard, prefix(html_path)))
