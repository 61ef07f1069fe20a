"""Every paper number in one place (resources/papers/<key>.yaml) and the reproduction scoreboard.

    from mevdm.scoreboard import paper_values
    numbers["paper"] = paper_values("jho2020", "fig1")     # {id: printed value} for a figure JSON

    sb = build("results", "resources/papers")               # one row per paper number
    write(sb, "results/scoreboard.md", "results/scoreboard.json", "results/scoreboard.html")

Rows read our value from results/<key>/<figure>.json at the entry's dotted path `ours`. Grades are
computed here under the policy of resources/papers/schema.yaml (fixed before our numbers): the
tolerance follows from the form in which the paper states the number, a variant explains only with
a quoted reading of the paper, claims rest on a number and a threshold; see the schema for the table.
quote_problems() checks every quote against the paper's text (../shared/seeds).
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
SEEDS_DIR = RESOURCES_DIR.parent.parent / "shared" / "seeds"  # ../shared/seeds from the checkout
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NUMBER_STATUSES = ("match", "consistent", "explained", "hypothesis", "open", "lost")
CLAIM_GRADES = ("holds", "marginal", "fails", "unchecked")
COUNTS = ("n_numbers", "n_within_10pct", "n_within_20pct", *(f"n_{s}" for s in NUMBER_STATUSES),
          "n_missing", "n_info", "n_claim", *(f"n_claim_{g}" for g in CLAIM_GRADES), "n_by_construction")
_EPS = 1e-12  # |ratio-1| <= 0.10 must hold for a ratio printed as 1.10


class PaperNumbersError(ValueError):
    """A paper-numbers file is invalid; the message names the file and the entry id."""


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    return yaml.load(SCHEMA_PATH.read_text(), Loader=_Loader)


@functools.lru_cache(maxsize=1)
def _validator():
    schema = {k: v for k, v in _schema().items() if k != "policy"}
    return jsonschema.validators.validator_for(schema)(schema)


def policy() -> dict:
    """The grading policy table of resources/papers/schema.yaml (forms, match_cap, marginal)."""
    return _schema()["policy"]


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


def _derived_value(expr: str) -> float:
    """Value of a `derived` expression of printed numbers (digits and + - * / ( ) only)."""
    return float(eval(compile(expr, "<derived>", "eval"), {"__builtins__": {}}, {}))  # pattern-checked


def quoted_numbers(text: str) -> list[float]:
    """Every number a quote states, powers of ten applied: "(1.4,2.9)×10-11μB" gives 1.4e-11, 2.9e-11
    (and 1.4, 2.9, 10, -11), "6.3 x 10^-12" 6.3e-12, "(15.8±1.3)" 15.8 and 1.3, "1.16 tonne" 1.16."""
    t = _normalise(text).replace("−", "-").replace("–", "-").replace("\\times", "×")
    t = re.sub(r"(?<=[\d)])\s*[x×]\s*(?=10)", "×", t)  # "6.3 x 10" -> "6.3×10"
    num = r"\d+(?:\.\d+)?"
    power = r"×\s*10\s*\^?\s*\{?\s*([-+]?\d+)\}?"
    out = []
    for m in re.finditer(rf"\(([^()]*)\)\s*{power}", t):  # a group sharing one power of ten
        out += [float(f"{x}e{m.group(2)}") for x in re.findall(num, m.group(1))]
    out += [float(f"{a}e{b}") for a, b in re.findall(rf"({num})\s*{power}", t)]
    out += [float(x) for x in re.findall(rf"{num}(?:[eE][-+]?\d+)?", t)]
    return out


def states_number(text: str, value: float) -> bool:
    """True if the quote states `value` (to 1e-9 relative, as printed)."""
    return any(math.isclose(v, value, rel_tol=1e-9) for v in quoted_numbers(text))


def _beyond_problems(entry) -> list[str]:
    """A beyond entry names its source, statistic, CL and where its words were read, and states its number."""
    out = [f"a beyond entry needs '{f}'" for f in ("source", "statistic", "cl") if f not in entry]
    if "url" not in entry["quote"]:
        out.append("a beyond entry's quote needs the 'url' it was read from")
    value = entry.get("paper_value")
    if value is not None and "derived" not in entry:
        stated = any(states_number(q["text"], value) for q in [entry["quote"], *entry.get("also", [])])
        if stated and entry.get("unquoted"):
            out.append(f"paper_value {value} is in the quote: drop 'unquoted'")
        elif not stated and not entry.get("unquoted"):
            out.append(f"paper_value {value} is not in the quoted words (say why in 'unquoted')")
    return out


def _policy_problems(entry, beyond=False) -> list[str]:
    """What the schema cannot say: derived values, explained only with a quoted reading, beyond entries."""
    out = []
    if beyond or entry.get("beyond"):
        out += _beyond_problems(entry)
    else:
        out += [f"'{f}' is for beyond entries" for f in ("unquoted",) if f in entry]
        out += ["a paper entry's quote needs its 'line' in the seed text"] if "line" not in entry["quote"] else []
    if "derived" in entry:
        value = _derived_value(entry["derived"])
        if entry.get("paper_value") is None or not math.isclose(value, entry["paper_value"], rel_tol=1e-9):
            out.append(f"paper_value {entry.get('paper_value')} is not derived = {entry['derived']} = {value:.6g}")
        quote = " ".join(_normalise(q["text"]) for q in [entry["quote"], *entry.get("also", [])])
        for num in re.findall(r"\d+(?:\.\d+)?", entry["derived"]):
            if num not in quote:
                out.append(f"derived number {num} is not in the quote")
    if entry.get("form") == "chi2_level" and entry.get("variant"):
        out.append("a chi2_level entry is not graded: no variant")
    if entry.get("by_construction") and entry.get("rests_on"):
        out.append("a claim is either by_construction or rests_on a number, not both")
    return out


def _validate(doc, path: Path, key: str) -> None:
    """Schema, unique ids, paper.key == file name, policy rules; raise one error listing every problem."""
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
            problems += [f"entry '{entry['id']}': {p}"
                         for p in _policy_problems(entry, bool(doc["paper"].get("beyond")))]
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
            if e.get("figure") == figure and "claim" not in e and not e.get("beyond")}


# ------------------------------------------------------------------------- quotes

def _normalise(text: str) -> str:
    """Whitespace-normalised text (every run of whitespace one space)."""
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=8)
def _seed(path: str) -> tuple[str, tuple[int, ...]]:
    """(normalised text, line of each of its characters) of a seed file."""
    chars, lines, line, space = [], [], 1, True
    for ch in Path(path).read_text(encoding="utf-8"):
        if ch.isspace():
            if not space:
                chars.append(" ")
                lines.append(line)
            space = True
        else:
            chars.append(ch)
            lines.append(line)
            space = False
        line += ch == "\n"
    return "".join(chars), tuple(lines)


def seed_path(doc: dict, seeds_dir: str | os.PathLike | None = None) -> Path:
    """The seed text file of a paper (<seeds_dir>/<paper.seed>_*.txt)."""
    hits = sorted(Path(seeds_dir or SEEDS_DIR).glob(f"{doc['paper'].get('seed', '?')}_*.txt"))
    if len(hits) != 1:
        raise PaperNumbersError(f"{doc['paper']['key']}: no single seed text for seed "
                                f"'{doc['paper'].get('seed')}' in {seeds_dir or SEEDS_DIR}")
    return hits[0]


def quote_lines(quote: dict, seed: str | os.PathLike) -> list[int]:
    """Lines of the seed text where the whitespace-normalised quote starts (empty: not in the text)."""
    text, lines = _seed(str(seed))
    needle = _normalise(quote["text"])
    return [lines[m.start()] for m in re.finditer(re.escape(needle), text)]


def quote_problems(doc: dict, seeds_dir: str | os.PathLike | None = None) -> list[str]:
    """Every quote of a paper file that is not in its seed text near its stated line. In a beyond file
    only the quotes of the extended paper (those with a `line`, its seed named by paper.seed) are
    checked: a source's words (with their `url`) have no seed text here."""
    beyond_file = bool(doc["paper"].get("beyond"))
    if beyond_file and "seed" not in doc["paper"]:
        return []
    seed, slack, out = seed_path(doc, seeds_dir), policy()["quote_line_slack"], []
    for e in doc["numbers"]:
        if e.get("beyond") and not beyond_file:
            continue
        quotes = [("quote", e["quote"])] + [(f"also.{i}", q) for i, q in enumerate(e.get("also", []))]
        quotes += [("variant.reading", e["variant"]["reading"])] if "reading" in e.get("variant", {}) else []
        quotes += [("systematic.quote", e["systematic"]["quote"])] if "systematic" in e else []
        sys_claim = (e.get("rests_on") or {}).get("systematic")
        quotes += [("rests_on.systematic.quote", sys_claim["quote"])] if sys_claim else []
        for field, q in quotes:
            if "line" not in q:  # a source's words, read at their url
                continue
            found = quote_lines(q, seed)
            if not found:
                out.append(f"{doc['paper']['key']} entry '{e['id']}' {field}: not in {seed.name}: {q['text']!r}")
            elif min(abs(n - q["line"]) for n in found) > slack:
                out.append(f"{doc['paper']['key']} entry '{e['id']}' {field}: at line(s) {found}, not {q['line']}")
    return out


# ------------------------------------------------------------------------- grading

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


def grade_number(ours, paper, form: str, widen: float = 1.0) -> str | None:
    """Policy grade of ours against a printed number: 'match', 'consistent', 'miss' (None: no grade).

    The tolerance is the form's factor (schema.yaml policy), symmetric in log for two-sided forms,
    widened only by `widen`, a stated systematic's computed effect; a match is never wider than
    match_cap.
    """
    pol = policy()
    spec = pol["forms"][form]
    r = _ratio(ours, paper)
    if spec["side"] == "none" or r is None:
        return None
    if r <= 0:
        return "miss"
    lr, tol, cap = math.log(r), math.log(spec["factor"] * max(widen, 1 / widen)), math.log(pol["match_cap"])
    within = {"both": abs(lr), "upper": lr, "lower": -lr}[spec["side"]] <= tol + _EPS
    if not within:
        return "miss"
    return "match" if abs(lr) <= cap + _EPS else "consistent"


def policy_grade(entry: dict, value) -> str | None:
    """Policy grade of `value` against a paper entry (its paper_value and statement form)."""
    return grade_number(value, entry["paper_value"], entry["form"])


def grade_claim(ours, threshold, holds_if: str, widen: float = 1.0) -> tuple[str, float | None]:
    """(grade, margin) of a claim resting on ours vs threshold; margin = how far ours clears it (ratio)."""
    if holds_if == "true":
        return ("holds" if ours is True else "fails" if ours is False else "unchecked"), None
    thresholds = threshold if holds_if == "in" else [threshold]
    if not _is_number(ours) or ours <= 0 or not all(_is_number(t) and t > 0 for t in thresholds or [None]):
        return "unchecked", None
    if holds_if == "in":
        lo, hi = threshold
        margin = min(ours / lo, hi / ours)
    else:
        margin = threshold / ours if holds_if == "<" else ours / threshold
    edge = max(1 + policy()["marginal"], widen, 1 / widen)
    if margin >= edge - _EPS:
        return "holds", margin
    if margin <= 1 / edge + _EPS:
        return "fails", margin
    return "marginal", margin


def _json_of(results_dir: Path, key, figure, cache):
    path = results_dir / key / f"{figure}.json"
    if path not in cache:
        cache[path] = json.loads(path.read_text()) if path.is_file() else None
    return cache[path]


def _read_value(results_dir: Path, key, figure, dotted, cache, minus=None):
    """(value, reason): our value at the dotted path (minus the one at `minus`), or None and why not."""
    if not dotted:
        return None, "no target computes it"
    if not figure:
        return None, "no figure named"
    doc = _json_of(results_dir, key, figure, cache)
    if doc is None:
        return None, f"{key}/{figure}.json missing"
    values = []
    for p in (dotted, minus) if minus else (dotted,):
        try:
            value = lookup(doc, p)
        except KeyError as exc:
            return None, f"not in {key}/{figure}.json: {exc.args[0]}"
        if isinstance(value, (dict, list)):
            return None, f"{key}/{figure}.json: '{p}' is not a single value"
        values.append(_finite(value))
    if minus:
        if not all(_is_number(v) for v in values):
            return None, f"{key}/{figure}.json: '{dotted}' - '{minus}' is not a number"
        return values[0] - values[1], None
    return values[0], None


def _widen(results_dir, key, figure, systematic, cache):
    """The computed effect of a stated systematic (>= 1), 1 if none or not computed."""
    if not systematic:
        return 1.0
    value, _ = _read_value(results_dir, key, figure, systematic["effect"], cache)
    return max(abs(value), 1 / abs(value)) if _is_number(value) and value else 1.0


def _thermodynamics(entry, key, figure, results_dir, cache, grade_of) -> dict | None:
    """Ours under each thermodynamics of the relic solver, the shift between them and each one's
    policy grade (grade_of(value)), or {'fixed': why}; None if the entry declares none."""
    spec = entry.get("thermodynamics")
    if not spec:
        return None
    if "fixed" in spec:
        return {"fixed": spec["fixed"]}
    doc = _json_of(results_dir, key, figure, cache) if figure else None
    if doc is None:
        return {"reason": f"{key}/{figure}.json missing"}
    try:
        values, used = lookup(doc, spec["values"]), lookup(doc, spec["used"])
    except KeyError as exc:
        return {"reason": f"not in {key}/{figure}.json: {exc.args[0]}"}
    if not (isinstance(values, dict) and used in values and all(_is_number(v) for v in values.values())):
        return {"reason": f"{key}/{figure}.json: '{spec['values']}' is not {{name: number}} with '{used}'"}
    values = {name: _finite(v) for name, v in sorted(values.items())}
    names = list(values)
    # the shift of the second thermodynamics (alphabetical: plasma) against the first (hazma)
    shift = _ratio(values[names[1]], values[names[0]]) if len(names) == 2 else None
    return {"values": values, "used": used, "shift": None if shift is None else shift - 1.0,
            "grades": {name: grade_of(v) for name, v in values.items()}}


def _number_status(entry, ours, grade, vgrade) -> str:
    """Status of a number from the grades of ours and of its variant (schema.yaml policy)."""
    if entry.get("paper_value") is None:
        return "lost"
    if entry["form"] == "chi2_level":
        return "info"
    if grade in ("match", "consistent"):
        return grade
    variant = entry.get("variant")
    if variant and "reading" in variant and vgrade in ("match", "consistent"):
        return "explained"
    if variant and "hypothesis" in variant:
        return "hypothesis"
    return "open"


def _row(key, entry, results_dir, cache, beyond=False) -> dict:
    """One scoreboard row for one paper entry."""
    figure, quote = entry.get("figure"), entry["quote"]
    cl = entry.get("cl")
    if isinstance(cl, str):  # the CL our target used, read from its JSON
        cl, _ = _read_value(results_dir, key, figure, cl, cache)
    base = {"paper": key, "id": entry["id"], "where": quote["where"], "quote": quote["text"],
            "quote_line": quote.get("line"), "quote_url": quote.get("url"), "figure": figure,
            "figure_png": f"{key}/{figure}.png" if figure else None,
            "explanation": entry.get("explanation"), "status_text": entry.get("status_text"),
            "beyond": bool(beyond or entry.get("beyond")), "source": entry.get("source"),
            "statistic": entry.get("statistic"), "cl": cl, "unquoted": entry.get("unquoted"),
            "also": [{"text": q["text"], "where": q["where"], "line": q.get("line"), "url": q.get("url")}
                     for q in entry.get("also", [])]}
    if "claim" in entry:
        rests = entry.get("rests_on")
        ours = threshold = margin = None
        reason = None
        if entry.get("by_construction"):
            grade = "by construction"
        elif rests:
            ours, reason = _read_value(results_dir, key, figure, rests["ours"], cache)
            threshold = rests.get("threshold")
            if isinstance(threshold, str):
                threshold, why = _read_value(results_dir, key, figure, threshold, cache)
                reason = reason or (f"threshold: {why}" if why else None)
            widen = _widen(results_dir, key, figure, rests.get("systematic"), cache)
            grade, margin = grade_claim(ours, threshold, rests["holds_if"], widen)
        else:
            grade = "unchecked"
        thermo = _thermodynamics(entry, key, figure, results_dir, cache,
                                 lambda v: grade_claim(v, threshold, rests["holds_if"])[0] if rests else None)
        return {**base, "kind": "claim", "status": "claim", "grade": grade, "quantity": entry["claim"],
                "thermodynamics": thermo,
                "ours": ours, "ours_path": (rests or {}).get("ours"), "ours_reason": reason,
                "threshold": threshold, "holds_if": (rests or {}).get("holds_if"), "margin": margin,
                "by_construction": entry.get("by_construction"), "paper_value": None, "unit": None,
                "ratio": None, "within_10pct": False, "within_20pct": False, "form": None,
                "variant_path": None, "variant_value": None, "variant_ratio": None, "variant_kind": None}
    paper = entry.get("paper_value")
    ours, reason = _read_value(results_dir, key, figure, entry.get("ours"), cache, entry.get("ours_minus"))
    ratio = _ratio(ours, paper)
    form = entry.get("form")
    widen = _widen(results_dir, key, figure, entry.get("systematic"), cache)
    grade = grade_number(ours, paper, form, widen) if paper is not None else None
    variant = entry.get("variant") or {}
    vvalue = vratio = vgrade = None
    if variant:
        vvalue, _ = _read_value(results_dir, key, figure, variant["path"], cache, variant.get("minus"))
        vratio = _ratio(vvalue, paper)
        vgrade = grade_number(vvalue, paper, form, widen) if paper is not None else None
    status = _number_status(entry, ours, grade, vgrade)
    thermo = _thermodynamics(entry, key, figure, results_dir, cache,
                             lambda v: grade_number(v, paper, form, widen) if paper is not None else None)
    return {**base, "kind": "number", "status": status, "grade": grade, "quantity": entry["quantity"],
            "thermodynamics": thermo,
            "unit": entry["unit"], "form": form, "paper_value": paper, "derived": entry.get("derived"),
            "ours": ours, "ours_path": entry.get("ours"), "ours_reason": reason, "ratio": ratio,
            "within_10pct": ratio is not None and abs(ratio - 1) <= 0.10 + _EPS,
            "within_20pct": ratio is not None and abs(ratio - 1) <= 0.20 + _EPS,
            "systematic_factor": widen if entry.get("systematic") else None,
            "variant_path": variant.get("path"), "variant_value": vvalue, "variant_ratio": vratio,
            "variant_grade": vgrade,
            "variant_kind": ("reading" if "reading" in variant else "hypothesis" if variant else None),
            "variant_why": (variant.get("reading") or {}).get("text") or variant.get("hypothesis"),
            "holds": None}


def _counts(rows, beyond=False) -> dict:
    """The scoreboard counts of a list of rows (of the reproduction rows; beyond=True: of the beyond rows)."""
    rows = [r for r in rows if r["beyond"] == beyond]
    nums = [r for r in rows if r["kind"] == "number" and r["status"] != "info"]
    claims = [r for r in rows if r["kind"] == "claim" and r["grade"] != "by construction"]
    out = {"n_numbers": len(nums),
           "n_within_10pct": sum(r["within_10pct"] for r in nums),
           "n_within_20pct": sum(r["within_20pct"] for r in nums),
           **{f"n_{s}": sum(r["status"] == s for r in nums) for s in NUMBER_STATUSES},
           "n_missing": sum(r["ours"] is None and r["status"] != "lost" for r in nums),
           "n_info": sum(r["kind"] == "number" and r["status"] == "info" for r in rows),
           "n_claim": len(claims),
           **{f"n_claim_{g}": sum(r["grade"] == g for r in claims) for g in CLAIM_GRADES},
           "n_by_construction": sum(r["kind"] == "claim" and r["grade"] == "by construction" for r in rows)}
    return out


def paper_keys(papers_dir: str | os.PathLike) -> list[str]:
    """Keys of the paper-numbers files in a folder (every *.yaml but schema.yaml), sorted."""
    return sorted(p.stem for p in Path(papers_dir).glob("*.yaml") if p.name != "schema.yaml")


def build(results_dir: str | os.PathLike, papers_dir: str | os.PathLike | None = None) -> dict:
    """Scoreboard {'papers': {key: {counts..., 'rows': [...]}}, 'beyond': [rows], 'total': {counts...}}."""
    results_dir, papers_dir = Path(results_dir), Path(papers_dir or PAPERS_DIR)
    cache, papers, beyond = {}, {}, []
    for key in paper_keys(papers_dir):
        doc = load_paper_numbers(key, papers_dir)
        extends = doc["paper"].get("beyond")
        rows = [_row(extends or key, e, results_dir, cache, beyond=bool(extends)) for e in doc["numbers"]]
        beyond += [r for r in rows if r["beyond"]]
        if extends:
            continue
        papers[key] = {**_counts(rows), "title": doc["paper"]["title"],
                       "arxiv": doc["paper"]["arxiv"], "rows": [r for r in rows if not r["beyond"]]}
    total = {c: sum(p[c] for p in papers.values()) for c in COUNTS}
    return {"papers": papers, "beyond": beyond, "beyond_counts": _counts(beyond, beyond=True), "total": total}


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
    """The last column: why (explanation, claim finding, variant with its numbers, missing value)."""
    parts = []
    if row["kind"] == "claim":
        if row["grade"] == "by construction":
            parts.append(f"by construction: {row['by_construction']}")
        elif row["holds_if"]:
            thr = row["threshold"]
            thr = f"[{_fmt(thr[0])}, {_fmt(thr[1])}]" if isinstance(thr, list) else _fmt(thr)
            parts.append(f"rests on {row['ours_path']} = {_fmt(row['ours'])} {row['holds_if']} {thr}"
                         + (f" (margin {_fmt(row['margin'])})" if row["margin"] is not None else ""))
        parts.append(row.get("status_text"))
    else:
        if row["status"] != "lost":
            parts.append(row.get("ours_reason"))
        if row.get("systematic_factor"):
            parts.append(f"stated systematic widens the tolerance by x{_fmt(row['systematic_factor'])}")
        if row.get("variant_path"):
            kind = "reading" if row["variant_kind"] == "reading" else "hypothesis"
            parts.append(f"{kind} {row['variant_path']} = {_fmt(row['variant_value'])}"
                         f" (ratio {_fmt(row['variant_ratio'])}, {row['variant_grade'] or 'ungraded'}): "
                         + (f"“{row['variant_why']}”" if kind == "reading" else row["variant_why"]))
    parts.append(row.get("explanation"))
    return "; ".join(p for p in parts if p)


def thermodynamics_cell(row) -> str:
    """Ours under each thermodynamics ('*': the graded one, the config's default), the other one's
    grade, and the shift between them; 'n/a' with the reason for a fixed g*; '' if none."""
    th = row.get("thermodynamics")
    if not th:
        return ""
    if "fixed" in th:
        return f"n/a: {th['fixed']}"
    if "values" not in th:
        return f"– ({th['reason']})"
    parts = [f"{name}* {_fmt(v)}" if name == th["used"]
             else f"{name} {_fmt(v)} ({th['grades'][name] or 'ungraded'})" for name, v in th["values"].items()]
    names = list(th["values"])
    shift = (f"; {names[1]}/{names[0]} − 1 = {100 * th['shift']:+.1f} %"
             if th.get("shift") is not None and len(names) == 2 else "")
    return ", ".join(parts) + shift


def _thermo_summary(rows) -> str:
    """One line per paper: how many relic numbers are shown under both thermodynamics, the largest
    shift, and the rows whose grade differs under the other thermodynamics."""
    both = [r for r in rows if (r.get("thermodynamics") or {}).get("values")]
    fixed = [r for r in rows if "fixed" in (r.get("thermodynamics") or {})]
    if not both and not fixed:
        return ""
    text = []
    if both:
        shifts = [abs(r["thermodynamics"]["shift"]) for r in both if r["thermodynamics"]["shift"] is not None]
        differ = [r["id"] for r in both if len(set(r["thermodynamics"]["grades"].values())) > 1]
        text.append(f"{len(both)} relic numbers under both thermodynamics (largest shift "
                    f"{100 * max(shifts, default=0):.1f} %); grade differs under the other: "
                    + (", ".join(differ) if differ else "none"))
    if fixed:
        text.append(f"{len(fixed)} with a fixed g* (n/a)")
    return "Thermodynamics: " + "; ".join(text) + "."


STATUS_TEXT = {"hypothesis": "open (hypothesis)", "info": "shown (not graded)"}


def _cells(row, link) -> list[str]:
    """Table cells of a row (HEADER, or BEYOND_HEADER for a beyond row); link(row) renders the figure column."""
    status = (f"claim: {row['grade']}" if row["kind"] == "claim" else STATUS_TEXT.get(row["status"], row["status"]))
    paper = _fmt(row["paper_value"]) + (f" (= {row['derived']})" if row.get("derived") else "")
    if row["beyond"]:
        words = f"“{row['quote']}” ({row['where']}; {row['quote_url']})" + "".join(
            f"; tested: “{q['text']}” ({q['where']}" + (f", line {q['line']})" if q["line"] else f"; {q['url']})")
            for q in row.get("also", []))
        if row.get("unquoted"):
            paper += f" (not in the quoted words: {row['unquoted']})"
        return [row["id"], row["quantity"] or "", row["source"] or "", words, paper, row["form"] or "",
                _fmt(row["ours"]), _fmt(row["ratio"]), status, row["statistic"] or "", _fmt(row["cl"]),
                link(row), _note(row)]
    return [row["id"], row["quantity"] or "", f"“{row['quote']}” ({row['where']}, line {row['quote_line']})",
            paper, row["form"] or "", _fmt(row["ours"]), _fmt(row["ratio"]), _flag(row, "within_10pct"),
            _flag(row, "within_20pct"), status, link(row), thermodynamics_cell(row), _note(row)]


HEADER = ["id", "quantity", "paper's words", "paper", "form", "ours", "ours/paper", "≤10 %", "≤20 %",
          "status", "figure", "ours per thermodynamics", "note"]
BEYOND_HEADER = ["id", "quantity", "source", "source's words", "source's value", "form", "ours",
                 "ours/source", "status", "statistic", "CL", "figure", "note"]
BEYOND_NUMBERS = "numbers with a published value"
_NUMERIC = ("paper", "ours", "ours/paper", "source's value", "ours/source", "CL")


def _summary(c: dict, what: str = "printed numbers") -> str:
    printed = c["n_numbers"] - c["n_lost"]
    text = (f"{printed} {what} graded: {c['n_match']} match, {c['n_consistent']} consistent, "
            f"{c['n_explained']} explained, {c['n_hypothesis']} open (hypothesis), {c['n_open']} open; "
            f"{c['n_within_10pct']} within 10 %, {c['n_within_20pct']} within 20 %")
    if c["n_lost"]:
        text += f"; {c['n_lost']} lost in the paper text"
    if c["n_claim"] or c["n_by_construction"]:
        text += (f"; claims: {c['n_claim_holds']} hold, {c['n_claim_marginal']} marginal, "
                 f"{c['n_claim_fails']} fail, {c['n_claim_unchecked']} unchecked")
        if c["n_by_construction"]:
            text += f" ({c['n_by_construction']} true by construction, not counted)"
    return text


def readme_headline(scoreboard: dict) -> str:
    """Short Markdown list, one line per paper plus the total, for the README."""
    lines = [f"- {key}: {_summary(p)}" for key, p in sorted(scoreboard["papers"].items())]
    lines.append(f"- **total**: {_summary(scoreboard['total'])}")
    if scoreboard.get("beyond"):
        lines.append(f"- beyond the papers (not counted): {len(scoreboard['beyond'])} entries, each with its "
                     f"statistic and CL: {_summary(_counts(scoreboard['beyond'], beyond=True), BEYOND_NUMBERS)}")
    return "\n".join(lines) + "\n"


POLICY_TEXT = ("Grades follow the policy of resources/papers/schema.yaml, fixed before our numbers: the "
               "tolerance follows from how the paper states the number (plain 20 %, ≈/~ a factor 1.5, "
               "O(·)/few a factor 3, ≲/≳ one-sided), a match is never wider than a factor 2 (inside the "
               "tolerance but beyond it: consistent), 'explained' needs a variant the paper's text supports "
               "(quoted), a variant against the stated method is an open hypothesis; fits are graded on "
               "Δχ² and the best-fit point, claims on the number and threshold they rest on (marginal: "
               "margin inside 10 %). Relic-derived numbers also show ours under each thermodynamics of "
               "the relic solver (config relic.thermodynamics: hazma's g*(T) table, the computed MeV "
               "plasma; * = the graded one, the config's default), the other's grade and the shift.")


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _sections(scoreboard):
    """(title, summary, rows, header) of each table: one per paper, then the beyond-the-papers rows."""
    for key, p in sorted(scoreboard["papers"].items()):
        summary = " ".join(t for t in (_summary(p), _thermo_summary(p["rows"])) if t)
        yield (f"{key}: {p['title']}" + (f" (arXiv:{p['arxiv']})" if p["arxiv"] else ""), summary, p["rows"],
               HEADER)
    if scoreboard.get("beyond"):
        yield ("Beyond the papers (not counted in the totals)",
               "Our own extensions, graded by the same policy against their stated source (a collaboration's "
               "published result, quoted with the page it was read from); each row names the statistic of our "
               "number and its confidence level. " + _summary(_counts(scoreboard["beyond"], beyond=True),
                                                               BEYOND_NUMBERS),
               scoreboard["beyond"], BEYOND_HEADER)


def to_markdown(scoreboard: dict, link_prefix: str = "") -> str:
    """Markdown: headline, then one table per paper; figure links are link_prefix + <key>/<fig>.png."""
    def link(r):
        return f"[{r['figure']}]({link_prefix}{r['figure_png']})" if r["figure_png"] else ""

    out = ["# Reproduction scoreboard", "", POLICY_TEXT, "", readme_headline(scoreboard)]
    for title, summary, rows, header in _sections(scoreboard):
        out += [f"## {title}", "", summary, ""]
        if not rows:
            out += ["_no numbers recorded yet_", ""]
            continue
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_md_cell(c) for c in _cells(r, link)) + " |" for r in rows]
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
           "tr.match td.st{background:#d8f5d8}tr.consistent td.st,tr.explained td.st{background:#fdf3c8}",
           "tr.open td.st,tr.hypothesis td.st{background:#f9d6d6}",
           "tr.lost td.st,tr.claim td.st,tr.info td.st{background:#e4e4f4}",
           "</style></head><body>", "<h1>Reproduction scoreboard</h1>", f"<p>{esc(POLICY_TEXT)}</p><ul>"]
    out += [f"<li>{esc(key)}: {esc(_summary(p))}</li>" for key, p in sorted(scoreboard["papers"].items())]
    out.append(f"<li><b>total</b>: {esc(_summary(scoreboard['total']))}</li></ul>")
    for title, summary, rows, header in _sections(scoreboard):
        out.append(f"<h2>{esc(title)}</h2><p>{esc(summary)}</p>")
        if not rows:
            out.append("<p><i>no numbers recorded yet</i></p>")
            continue
        out.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
        for r in rows:
            tds = []
            for name, c in zip(header, _cells(r, lambda _r: "")):
                cls = ' class="num"' if name in _NUMERIC else ' class="st"' if name == "status" else ""
                tds.append(f"<td{cls}>{link(r) if name == 'figure' else esc(c)}</td>")
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
