"""HEPData export of the figure CSVs: ``results/hepdata/<key>/`` (submission.yaml and one table
per plotted curve, or one per grid) and a deterministic ``results/hepdata/<key>.zip``.

    subm = submission(key, figures, provenance="mevdm 0.1.0, git abc123")
    write_submission(subm, "results/hepdata/jho2020", "results/hepdata/jho2020.zip")

The format is HEPData's YAML (schemas 1.1, checked by ``hepdata-validator`` in the tests).
Units come from the CSV header (``# col: unit`` lines, written by every figure), else from the
unit suffix of the column name; the layout of the few CSVs that are not "x, then one column per
curve" is declared in resources/hepdata.yaml.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import math
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from mevdm.core.paths import RESOURCES_DIR

SPEC_PATH = RESOURCES_DIR / "hepdata.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# unit suffixes of column names (the house rule: units in the name), longest first
NAME_SUFFIXES = (("_cm3_s", "cm^3/s"), ("_MeV2", "MeV^2"), ("_cm2", "cm^2"), ("_MeV", "MeV"),
                 ("_keV", "keV"), ("_GeV", "GeV"), ("_deg", "deg"))
# unit expressions a header text may start with (e.g. "keV (true recoil energy)")
KNOWN_UNITS = sorted(["MeV", "keV", "GeV", "eV", "cm^2", "cm^3/s", "deg", "c", "1/s", "s",
                      "MeV cm^-2 s^-1 sr^-1", "ph cm^-2 s^-1 sr^-1", "events/(t yr keV)",
                      "events/(t yr)", "cm^-2 s^-1 keV^-1"], key=len, reverse=True)
UNITLESS = ("dimensionless", "1")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
NAME_MAX = 64  # HEPData's limit on a table name


class HEPDataError(ValueError):
    """A figure CSV cannot be exported; the message names the file and the column."""


# --------------------------------------------------------------------------- reading
@dataclass
class FigureCSV:
    """A figure CSV: its caption line, its note lines and the numbers."""

    key: str
    name: str
    caption: str
    frame: pd.DataFrame
    units: dict = field(default_factory=dict)  # column -> unit ('' dimensionless)
    notes: dict = field(default_factory=dict)  # column -> the header's text about it
    general: list = field(default_factory=list)  # header lines about no single column


def read_figure_csv(path, key: str, name: str) -> FigureCSV:
    """Read results/<key>/<name>.csv: '# key/name: caption', '# col: unit' lines, the table."""
    lines = []
    with open(path) as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
    frame = pd.read_csv(path, comment=None, skiprows=len(lines))
    caption = ""
    if lines and lines[0].startswith(f"{key}/{name}:"):
        caption = lines.pop(0).split(":", 1)[1].strip()
    csv = FigureCSV(key, name, caption, frame)
    _parse_notes(csv, lines)
    return csv


def _unit_of_text(text: str) -> str | None:
    """The unit a header text states: '[unit]' anywhere, or a known unit at its start."""
    if m := re.search(r"\[([^\]]+)\]", text):
        return m.group(1).strip()
    for unit in (*UNITLESS, *KNOWN_UNITS):
        if text == unit or re.match(re.escape(unit) + r"(\s*[,(;]|\s+\(|$)", text):
            return unit
    for unit in KNOWN_UNITS:  # a compound unit inside the text ("XENON1T events/(t yr), ...")
        if not unit.isalpha() and re.search(r"(^|\s)" + re.escape(unit) + r"(?=$|[\s,;])", text):
            return unit
    return None


def _parse_notes(csv: FigureCSV, lines) -> None:
    columns = list(csv.frame.columns)
    stated, others = {}, None
    for line in lines:
        names, sep, text = line.partition(":")
        if not sep:
            csv.general.append(line)
            continue
        text = text.strip()
        tokens = [t.strip() for t in re.split(r",|\band\b", names) if t.strip()]
        if tokens in (["others"], ["all others"]):
            others = text
            continue
        hit = [c for t in tokens for c in columns if c == t or ("*" in t and fnmatch.fnmatchcase(c, t))]
        if not hit:
            csv.general.append(line)
            continue
        for col in hit:
            stated.setdefault(col, text)
    for col in columns:
        text = stated.get(col, others)
        unit = _unit_of_text(text) if text else None
        if unit is None:
            unit = next((u for s, u in NAME_SUFFIXES if col.endswith(s)), "")
        csv.units[col] = "" if unit in UNITLESS else unit
        if text:
            csv.notes[col] = text


# --------------------------------------------------------------------------- tables
def load_spec(path=SPEC_PATH) -> dict:
    return yaml.load(Path(path).read_text(), Loader=_Loader) or {}


def _value(x):
    if isinstance(x, str):
        return x
    x = float(x)
    return "-" if math.isnan(x) or math.isinf(x) else (int(x) if x.is_integer() and abs(x) < 1e15 else x)


def _header(csv: FigureCSV, col: str, name: str | None = None) -> dict:
    out = {"name": name or col}
    if csv.units.get(col):
        out["units"] = csv.units[col]
    return out


def _table_name(name: str, taken: set) -> str:
    out = name if len(name) <= NAME_MAX else name[: NAME_MAX - 9] + "~" + hashlib.sha256(name.encode()).hexdigest()[:8]
    if out in taken:
        raise HEPDataError(f"two tables named {out!r}")
    taken.add(out)
    return out


def _auto_independent(frame: pd.DataFrame, candidates: list[str]) -> list[str]:
    """The leading columns whose values together are unique (1: a curve; more: a grid)."""
    for k in range(1, len(candidates)):
        if not frame.duplicated(candidates[:k]).any():
            return candidates[:k]
    raise HEPDataError(f"no leading columns of {candidates} identify the rows; declare "
                       "`independent:` in resources/hepdata.yaml")


def figure_tables(csv: FigureCSV, spec: dict, qualifiers: list[dict], location: str) -> list[dict]:
    """The HEPData tables of one figure: [{name, description, location, keywords, data}]."""
    frame = csv.frame.drop(columns=spec.get("skip", []))
    unknown = [c for k in ("independent", "split", "skip") for c in spec.get(k, [])
               if c not in csv.frame.columns]
    unknown += [c for pair in spec.get("bins", []) for c in pair if c not in csv.frame.columns]
    unknown += [c for m in ("x_of", "errors") for kv in spec.get(m, {}).items() for c in kv
                if c not in csv.frame.columns]
    if unknown:
        raise HEPDataError(f"resources/hepdata.yaml {csv.key}/{csv.name}: no columns {unknown}")
    csv.units.update(spec.get("units", {}))
    split = spec.get("split") or [c for c in frame.columns
                                  if not pd.api.types.is_numeric_dtype(frame[c])]
    bins = [tuple(b) for b in spec.get("bins", [])]
    x_of = dict(spec.get("x_of", {}))
    errors = dict(spec.get("errors", {}))
    taken: set = set()
    tables = []
    groups = frame.groupby(split, sort=False) if split else [((), frame)]
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        group = group.drop(columns=split).reset_index(drop=True)
        split_q = [{"name": c, "value": _value(v), **({"units": csv.units[c]} if csv.units.get(c) else {})}
                   for c, v in zip(split, values)]
        suffix = "".join(f" {c}={v}" for c, v in zip(split, values))
        binned = [c for pair in bins for c in pair]
        free = [c for c in group.columns if c not in binned and c not in errors.values()
                and c not in set(x_of.values())]
        independent = spec.get("independent") or ([] if bins else _auto_independent(group, free))
        dependent = [c for c in free if c not in independent]
        ind_vars = []
        for lo, hi in bins:
            label = re.sub(r"_(lo|low)(?=_|$)", "", lo)
            ind_vars.append((label, [{"low": _value(a), "high": _value(b)}
                                     for a, b in zip(group[lo], group[hi])], lo))

        def dep_var(col, rows):
            out = {"header": _header(csv, col), "qualifiers": [*qualifiers, *split_q], "values": []}
            if csv.notes.get(col):
                out["qualifiers"] = [{"name": "column", "value": f"{col}: {csv.notes[col]}"},
                                     *out["qualifiers"]]
            for i in rows:
                v = {"value": _value(group[col].iloc[i])}
                if col in errors and not pd.isna(group[errors[col]].iloc[i]):
                    v["errors"] = [{"symerror": _value(group[errors[col]].iloc[i]), "label": "stat"}]
                out["values"].append(v)
            return out

        def ind_var(col, rows):
            return {"header": _header(csv, col), "values": [{"value": _value(group[col].iloc[i])} for i in rows]}

        description = " ".join([csv.caption, *csv.general]).strip()
        if len(independent) + len(ind_vars) == 1 or not dependent:
            # a set of curves: one table per curve, rows where the curve is defined
            for col in dependent:
                x = x_of.get(col, independent[0] if independent else None)
                rows = [i for i in range(len(group)) if not pd.isna(group[col].iloc[i])
                        and (x is None or not pd.isna(group[x].iloc[i]))]
                ivs = [ind_var(x, rows)] if x else [
                    {"header": {"name": label, **({"units": csv.units[lo]} if csv.units.get(lo) else {})},
                     "values": [vals[i] for i in rows]} for label, vals, lo in ind_vars]
                tables.append(dict(
                    name=_table_name(f"{csv.name} {col}{suffix}", taken), description=description,
                    location=location, keywords=_keywords(col),
                    data={"independent_variables": ivs, "dependent_variables": [dep_var(col, rows)]}))
        else:
            # a grid: one table, every quantity on it
            rows = list(range(len(group)))
            tables.append(dict(
                name=_table_name(f"{csv.name}{suffix}", taken), description=description,
                location=location, keywords=_keywords(*dependent),
                data={"independent_variables": [ind_var(c, rows) for c in independent],
                      "dependent_variables": [dep_var(c, rows) for c in dependent]}))
    return tables


def _keywords(*observables) -> list[dict]:
    return [{"name": "observables", "values": list(observables)},
            {"name": "phrases", "values": ["Dark Matter", "MeV dark matter", "Reproduction"]}]


# --------------------------------------------------------------------------- submission
@dataclass
class Figure:
    """One figure to export: its name, CSV, (optional) PNG and (optional) JSON of numbers, whose
    ``drawn_limits`` and ``drawn_curves`` become tables and whose ``departures`` go into the descriptions."""

    name: str
    csv: Path
    png: Path | None = None
    json: Path | None = None


def departures_text(numbers: dict) -> str:
    """'Departures from the paper: (1) ...; (2) ...' from the figure JSON's departures list."""
    deps = numbers.get("departures") or []
    return ("Departures from the paper: " + "; ".join(f"({i}) {d.rstrip('.')}" for i, d in enumerate(deps, 1))
            + ".") if deps else ""


def limit_table_name(fig_name: str, rec: dict) -> str:
    """The table of one drawn limit or curve: '<fig> limit <name>' or '<fig> curve <name>' (+ ' part
    <i>' for a piece of a curve drawn in pieces, + ' panel <i>' on multi-panel figures)."""
    return (f"{fig_name} {rec.get('kind', 'limit')} {rec['name']}"
            + (f" part {rec['part']}" if rec.get("part") else "")
            + (f" panel {rec['panel']}" if rec.get("multi_panel") else ""))


def limit_tables(fig_name: str, numbers: dict, qualifiers: list[dict], location: str,
                 description: str, taken: set) -> list[dict]:
    """One table per library limit drawn on the figure (its JSON's drawn_limits), in the plotted
    plane and units as drawn, with the limit's citation as a resource and its model, excluded
    side, recast steps and style as qualifiers; and one per curve of the figure's own it draws
    beside them (drawn_curves, declared in figures.yaml with their description)."""
    recs = [*(numbers.get("drawn_limits") or []), *(numbers.get("drawn_curves") or [])]
    panels = {r["panel"] for r in recs}
    tables = []
    for rec in recs:
        rec = {**rec, "multi_panel": len(panels) > 1}
        curve = rec.get("kind") == "curve"
        cite = rec.get("citation") or {}
        if curve:
            q = [*qualifiers, {"name": "curve", "value": f"{rec['name']}: {rec['label']}"},
                 {"name": "what it is", "value": rec.get("description") or "-"},
                 {"name": "drawn as", "value": rec.get("style") or "-"}]
        else:
            q = [*qualifiers, {"name": "limit", "value": f"{rec['name']}: {rec['label']}"},
                 {"name": "derived for / recast", "value": rec.get("model") or "-"},
                 {"name": "excluded side", "value": rec["excluded"]},
                 {"name": "projection", "value": "yes" if rec.get("projection") else "no"},
                 {"name": "drawn as", "value": rec.get("style") or "-"},
                 {"name": "citation", "value": cite.get("text") or "-"}]
        if rec.get("part"):
            q.append({"name": "part", "value": f"{rec['part']} (one path of a curve drawn in pieces)"})
        if rec.get("panel_title") or len(panels) > 1:
            q.append({"name": "panel", "value": f"{rec['panel']}: {rec.get('panel_title') or ''}".strip()})
        q += [{"name": f"recast step {i}", "value": st} for i, st in enumerate(rec.get("recast_steps") or [], 1)]

        def head(name, unit):
            return {"name": name or "-", **({"units": unit} if unit else {})}

        deps = [{"header": head(rec["y_name"] + (" (lower edge)" if "y_upper" in rec else ""), rec["y_unit"]),
                 "qualifiers": q, "values": [{"value": _value(v)} for v in rec["y"]]}]
        if "y_upper" in rec:
            deps.append({"header": head(rec["y_name"] + " (upper edge)", rec["y_unit"]), "qualifiers": q,
                         "values": [{"value": _value(v)} for v in rec["y_upper"]]})
        resources = [{"location": f"https://arxiv.org/abs/{cite['arxiv']}",
                      "description": f"source of this {'curve' if curve else 'limit'}: {cite.get('text', '')}"}] \
            if cite.get("arxiv") and cite["arxiv"] != "-" else []
        what = f"{rec['label']} ({rec['description']})" if curve and rec.get("description") else rec["label"]
        table = dict(name=_table_name(limit_table_name(fig_name, rec), taken),
                     description=(f"{what}, as drawn on our {fig_name}. {description}").strip(),
                     location=location, keywords=_keywords(rec["name"]),
                     data={"independent_variables": [{"header": head(rec["x_name"], rec["x_unit"]),
                                                      "values": [{"value": _value(v)} for v in rec["x"]]}],
                           "dependent_variables": deps})
        if resources:
            table["additional_resources"] = resources
        tables.append(table)
    return tables


def submission(key: str, paper: dict, figures: list[Figure], provenance: str,
               spec: dict | None = None) -> dict:
    """{'header': first document, 'tables': [...], 'resources': {file name: source path}}."""
    spec = load_spec() if spec is None else spec
    arxiv = paper.get("arxiv", "")
    cite = f"{paper.get('authors', '')}, \"{paper.get('title', '')}\", arXiv:{arxiv}".strip(", ")
    header = {
        "comment": (f"Reproduction of figures of {cite}, computed by the mevdm workflow from the "
                    "paper's equations and public data (not the authors' numbers). Each table is "
                    "one plotted curve (or one grid) of our figure, each library limit and each other "
                    "curve drawn on it included (in the plotted plane and units, a limit's source as a "
                    "resource); its "
                    "qualifiers name the paper, "
                    f"the figure, its caption and our provenance ({provenance})."),
        "additional_resources": [{"location": f"https://arxiv.org/abs/{arxiv}",
                                  "description": f"the paper: {cite}"}],
    }
    tables, resources, departures = [], {}, []
    for fig in figures:
        csv = read_figure_csv(fig.csv, key, fig.name)
        numbers = json.loads(Path(fig.json).read_text()) if fig.json else {}
        dep = departures_text(numbers)
        if dep:
            departures.append(f"{fig.name}: {dep}")
            csv.general.append(dep)
        qualifiers = [{"name": "paper", "value": cite},
                      {"name": "figure", "value": f"{key}/{fig.name} (our reproduction)"},
                      {"name": "caption", "value": csv.caption},
                      {"name": "provenance", "value": f"{provenance}; results/{key}/{fig.name}.csv "
                       f"sha256 {hashlib.sha256(Path(fig.csv).read_bytes()).hexdigest()[:16]}"}]
        location = f"our {fig.name} of arXiv:{arxiv}"
        fig_tables = figure_tables(csv, (spec.get(key) or {}).get(fig.name) or {}, qualifiers, location)
        taken = {t["name"] for t in tables} | {t["name"] for t in fig_tables}
        fig_tables += limit_tables(fig.name, numbers, qualifiers, location,
                                   " ".join([csv.caption, dep]).strip(), taken)
        for table in fig_tables:
            if fig.png:
                table["additional_resources"] = [{"location": f"{fig.name}.png",
                                                  "description": f"our figure {key}/{fig.name}"},
                                                 *table.get("additional_resources", [])]
                resources[f"{fig.name}.png"] = Path(fig.png)
            tables.append(table)
    if departures:
        header["comment"] += " " + " ".join(departures)
    return {"header": header, "tables": tables, "resources": resources}


def _file_name(table_name: str, taken: set) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.=-]+", "_", table_name).strip("_")
    name, i = f"{stem}.yaml", 1
    while name in taken:
        i += 1
        name = f"{stem}_{i}.yaml"
    taken.add(name)
    return name


def _dump(obj) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=100)


def write_submission(subm: dict, outdir, zip_path=None) -> list[Path]:
    """Write submission.yaml, the table files and the resources into outdir (emptied first),
    and, if zip_path is given, the same files as a deterministic zip. Returns the files."""
    outdir = Path(outdir)
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    files, taken, docs = {}, set(), [subm["header"]]
    for table in subm["tables"]:
        data_file = _file_name(table["name"], taken)
        files[data_file] = _dump(table["data"]).encode()
        doc = {k: table[k] for k in ("name", "location", "description", "keywords")}
        doc["data_file"] = data_file
        if table.get("additional_resources"):
            doc["additional_resources"] = table["additional_resources"]
        docs.append(doc)
    files["submission.yaml"] = yaml.dump_all(docs, Dumper=_Dumper, sort_keys=False,
                                             default_flow_style=False, allow_unicode=True,
                                             explicit_start=True, width=100).encode()
    for name, src in subm["resources"].items():
        files[name] = Path(src).read_bytes()
    for name, blob in files.items():
        (outdir / name).write_bytes(blob)
        (outdir / name).chmod(0o644)
    if zip_path is not None:
        write_zip(files, zip_path)
    return [outdir / n for n in sorted(files)]


def write_zip(files: dict, zip_path) -> None:
    """{name: bytes} as a zip with sorted members, fixed dates and mode 0644 (same bytes each run)."""
    from mevdm.core.io import atomic_path

    with atomic_path(zip_path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = (0o100644 & 0xFFFF) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix, so the mode bits are read
                zf.writestr(info, files[name])
