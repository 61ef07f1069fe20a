"""Every curve a figure draws is in its HEPData record: each library limit listed in the figure's
JSON (``drawn_limits``, recorded where it is drawn) and each curve of the figure's own drawn beside
them (``drawn_curves``, declared under ``drawn:`` in figures.yaml) is one table, in the plotted
plane and units, with the limit's source as a resource or the curve's description; the figure's
departures from the paper are in the descriptions; the submission passes HEPData's validator.

Without a built ``results/`` (CI): every figure's declarations (figures.yaml ``limits:`` and
``drawn:``) against the library and the figure code, the writer on records made from the
declarations for every paper, and one cheap figure per paper end to end through the user's entry
points (``mevdm figure`` then ``scripts/hepdata.py``; ``snakemake hepdata`` runs the same export).
"""

import ast
import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hepdata_validator.full_submission_validator import FullSubmissionValidator

from mevdm.build import declared_curve
from mevdm.constraints import library
from mevdm.core import registry as papers
from mevdm.core import hepdata
from mevdm.core.paths import CHECKOUT as REPO_ROOT

ENV = {**os.environ, "MPLBACKEND": "Agg"}


def _run(*args):
    args = list(args) if str(args[0]).endswith("mevdm") else [sys.executable, *args]
    proc = subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr[-4000:]


def check_record(results: Path, hep: Path, key: str) -> int:
    """Count the limits and curves each built figure of ``key`` draws (its JSON) and find each in
    its table; returns the number checked."""
    v = FullSubmissionValidator()
    assert v.validate(directory=str(hep / key)), {f: [m.message for m in ms] for f, ms in v.get_messages().items()}
    docs = list(yaml.safe_load_all((hep / key / "submission.yaml").read_text()))
    header, tables = docs[0], {t["name"]: t for t in docs[1:]}
    n = 0
    for js in sorted((results / key).glob("*.json")):
        numbers = json.loads(js.read_text())
        drawn, curves = numbers["drawn_limits"], numbers["drawn_curves"]
        fs = papers.spec(key, js.stem)
        declared = fs.limits
        # every limit the figure draws is one figures.yaml declares (a union counts for each member;
        # baryakhtar2020 also declares limits its numbers read but no panel draws)
        if not isinstance(declared, str):
            assert {m for r in drawn for m in r["name"].split("+")} <= set(declared), js.stem
        for rec in curves:  # and every curve of its own, with the description figures.yaml gives
            assert rec["description"] == declared_curve(fs, rec["name"]), (js.stem, rec["name"])
        for kind, recs in (("limit", drawn), ("curve", curves)):
            mine = [t for name, t in tables.items() if name.startswith(f"{js.stem} {kind} ")]
            assert len(mine) == len(recs), f"{key}/{js.stem}: {len(recs)} {kind}s drawn, {len(mine)} tables"
        multi = len({r["panel"] for r in drawn + curves}) > 1
        for rec in drawn + curves:
            name = hepdata.limit_table_name(js.stem, {**rec, "multi_panel": multi})
            assert name in tables, f"{key}/{js.stem}: no table {name!r}"
            t = tables[name]
            data = yaml.safe_load((hep / key / t["data_file"]).read_text())
            x = [p["value"] for p in data["independent_variables"][0]["values"]]
            y = [p["value"] for p in data["dependent_variables"][0]["values"]]
            assert x == pytest.approx(rec["x"], rel=1e-12) and y == pytest.approx(rec["y"], rel=1e-12)
            assert data["independent_variables"][0]["header"].get("units", "") == rec["x_unit"]
            assert data["dependent_variables"][0]["header"].get("units", "") == rec["y_unit"]
            if rec["citation"].get("arxiv"):
                assert any(rec["citation"]["arxiv"] in r["location"] for r in t["additional_resources"])
            q = {d["name"]: d["value"] for d in data["dependent_variables"][0]["qualifiers"]}
            if rec["kind"] == "limit":
                assert q["limit"].startswith(rec["name"]) and q["excluded side"] == rec["excluded"]
            else:
                assert q["curve"].startswith(rec["name"]) and q["what it is"] == rec["description"]
                assert rec["description"] in t["description"]
            n += 1
        for d in (d.rstrip(".") for d in numbers["departures"]):
            assert d in header["comment"]
            assert all(d in t["description"] for name, t in tables.items() if name.startswith(js.stem + " "))
    return n


# ------------------------------------------------------------------ without a build (CI)
KEYS = ["ema2021", "halp2025", "hooper2008", "baryakhtar2020", "jho2020"]
RECORDERS = {"record_drawn": 1, "record_level": 1, "record_contour": 2}  # position of the name argument


def _names_in_code(key) -> set[str]:
    """Every string literal of the paper's figure code, f-strings with '~' for each formatted value."""
    tree = ast.parse((REPO_ROOT / "src" / "mevdm" / "papers" / key / "figures.py").read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            out.add("".join(v.value if isinstance(v, ast.Constant) else "~" for v in node.values))
    return out


@pytest.mark.parametrize("key", KEYS)
def test_declared_limits_and_curves_exist_in_the_library_and_the_figure_code(key):
    """figures.yaml of each paper: every `limits:` entry is a library limit; every `drawn:` curve
    has a description and is named in the paper's figure code (a declared curve nothing draws
    fails; a drawn curve nothing declares fails the build, mevdm.build.declared_curve)."""
    lib = library()
    code = _names_in_code(key)
    for (k, name), fs in papers.registry().items():
        if k != key:
            continue
        if not isinstance(fs.limits, str):
            for lim in fs.limits:
                lib.get(lim)
        for pattern, description in fs.drawn:
            assert description.strip(), (name, pattern)
            assert any(fnmatch.fnmatchcase(s.replace("~", "1"), pattern) for s in code), \
                f"{key}/{name}: declared curve {pattern!r} is named nowhere in papers/{key}/figures.py"
    with pytest.raises(ValueError, match="not declared under `drawn:`"):
        declared_curve(papers.FigureSpec(key, "x", "caption"), "an_undeclared_curve")


def _record(name, kind, panel=0, part=None):
    return {"name": name, "kind": kind, "part": part, "label": f"{name} as labelled", "panel": panel,
            "panel_title": "", "x_name": "m", "x_unit": "MeV", "y_name": "g", "y_unit": "",
            "excluded": "above" if kind == "limit" else "none", "projection": False, "model": "",
            "recast_steps": [], "citation": {"text": "somebody", "arxiv": "2101.00001"}, "style": "line",
            "x": [1.0, 2.0], "y": [3.0, 4.0], **({"description": "what it is"} if kind == "curve" else {})}


@pytest.mark.parametrize("key", KEYS)
def test_the_writer_makes_one_table_per_declared_limit_and_curve(key, tmp_path):
    """From registry metadata alone: a record for each limit and curve each figure of ``key``
    declares (a curve drawn in two pieces for the patterns), through the HEPData writer: exactly
    one validated table each, named as check_record looks them up, every name unique and within
    HEPData's 64 characters (a collision raises in the writer)."""
    figures, expected = [], set()
    for (k, name), fs in papers.registry().items():
        if k != key:
            continue
        recs = [_record(lim, "limit") for lim in ([] if isinstance(fs.limits, str) else fs.limits)]
        for pattern, _ in fs.drawn:
            recs += [_record(pattern.replace("*", "1"), "curve", part=1), _record(pattern.replace("*", "1"), "curve", part=2)]
        csv = tmp_path / f"{name}.csv"
        csv.write_text(f"# {key}/{name}: {fs.caption}\n# m_MeV: MeV\nm_MeV,y\n1,2\n2,3\n")
        js = tmp_path / f"{name}.json"
        js.write_text(json.dumps({"drawn_limits": [r for r in recs if r["kind"] == "limit"],
                                  "drawn_curves": [r for r in recs if r["kind"] == "curve"],
                                  "departures": list(fs.departures)}))
        figures.append(hepdata.Figure(name, csv, None, js))
        expected |= {hepdata.limit_table_name(name, r) for r in recs}
    # (spec={}: the synthetic CSVs have none of the real layouts of resources/hepdata.yaml)
    subm = hepdata.submission(key, {"title": "t", "authors": "a", "arxiv": "2101.00001"}, figures, "test", spec={})
    hepdata.write_submission(subm, tmp_path / "hep")
    v = FullSubmissionValidator()
    assert v.validate(directory=str(tmp_path / "hep")), v.get_messages()
    names = {t["name"] for t in subm["tables"]}
    assert expected <= names and len(names) == len(subm["tables"])
    assert all(len(n) <= hepdata.NAME_MAX for n in names)


def _figure_and_record(tmp_path, mirror, key, name):
    results = tmp_path / "results"
    _run(str(Path(sys.executable).with_name("mevdm")), "figure", key, name, "--mirror", str(mirror),
         "--outdir", str(results))
    _run(str(REPO_ROOT / "scripts" / "hepdata.py"), key, "--results", str(results), "--out", str(tmp_path / "hep"))
    return results, json.loads((results / key / f"{name}.json").read_text())


@pytest.mark.workflow
def test_limits_drawn_on_a_figure_are_its_hepdata_tables(tmp_path, mirror):
    """halp2025/fig2 draws four library limits (BBN, CMB, unitarity, SIDM): four tables in the
    (m_chi [MeV], g_achi) plane, their sources as resources; its T_max contours (right panel,
    grid not in the CSV) one table per path; its two departures in the record."""
    results, numbers = _figure_and_record(tmp_path, mirror, "halp2025", "fig2")
    assert [r["name"] for r in numbers["drawn_limits"]] == ["BBN_Neff", "CMB_ALP_3a", "Unitarity_ALP", "SIDM_ALP"]
    assert {(r["x_unit"], r["y_unit"]) for r in numbers["drawn_limits"]} == {("MeV", "")}
    levels = numbers["_meta"]["config"]["halp2025"]["fig2"]["tmax_contours_MeV"]
    assert {r["name"] for r in numbers["drawn_curves"]} == {f"tmax_{lv:g}_MeV" for lv in levels}
    assert len(numbers["departures"]) == len(papers.spec("halp2025", "fig2").departures) == 2
    assert check_record(results, tmp_path / "hep", "halp2025") == 4 + len(numbers["drawn_curves"])


# one figure per paper whose build is cheap (a few s of CPU with the data mirror), end to end
CHEAP = [("jho2020", "fig1"), ("ema2021", "fig1"), ("hooper2008", "fig_coupling"), ("baryakhtar2020", "xenonnt")]


@pytest.mark.workflow
@pytest.mark.parametrize("key,name", CHEAP)
def test_one_figure_per_paper_has_every_drawn_limit_and_curve_in_hepdata(key, name, tmp_path, mirror):
    """Built with ``mevdm figure`` and exported with ``scripts/hepdata.py``: each library limit and
    each curve of its own the figure draws is one validated table (check_record), every drawn
    curve declared in figures.yaml, and at least one of each kind the figure declares is drawn."""
    results, numbers = _figure_and_record(tmp_path, mirror, key, name)
    fs = papers.spec(key, name)
    n = check_record(results, tmp_path / "hep", key)
    assert n == len(numbers["drawn_limits"]) + len(numbers["drawn_curves"]) > 0
    if fs.limits and not isinstance(fs.limits, str):
        assert numbers["drawn_limits"]
    assert numbers["drawn_curves"] or not fs.drawn
    if (key, name) == ("jho2020", "fig1"):
        # the nu-e limits carry their B-L -> L_e - L_mu recast into the record
        steps = {r["name"]: " ".join(r["recast_steps"]) for r in numbers["drawn_limits"]}
        assert "B-L -> L_e-L_mu at equal excess" in steps["Borexino_LeLmu"]
        assert "B-L -> L_e-L_mu: identity" in steps["TEXONO_LeLmu"]
        assert {r["name"] for r in numbers["drawn_curves"]} == {"sm_interference_region"}


BUILT = REPO_ROOT / "results"


@pytest.mark.parametrize("key", ["ema2021", "halp2025", "hooper2008", "baryakhtar2020", "jho2020"])
def test_built_results_hepdata_holds_every_drawn_limit_and_curve(key, tmp_path):
    """On a built checkout (``snakemake all``): every figure's drawn limits and curves are tables."""
    jsons = sorted((BUILT / key).glob("*.json"))
    if not jsons or any("drawn_curves" not in json.loads(j.read_text()) for j in jsons):
        pytest.skip(f"results/{key} not built with this code")
    _run(str(REPO_ROOT / "scripts" / "hepdata.py"), key, "--results", str(BUILT), "--out", str(tmp_path))
    check_record(BUILT, tmp_path, key)
