"""Paper-numbers schema, scoreboard counts and scripts/compare_results.py on hand-made fixtures."""

import copy
import importlib.util
import json

import pytest
import yaml

from mevdm import scoreboard as sb
from mevdm.core.paths import CHECKOUT as REPO_ROOT

MINIMAL = {
    "paper": {"key": "toy", "title": "A toy paper", "arxiv": "2001.00001"},
    "numbers": [{
        "id": "a", "quantity": "a number", "paper_value": 2.0, "unit": "MeV", "where": "Eq. 1",
        "figure": "fig1", "ours": "x", "tolerance": {"rel": 0.1, "why": "3-digit print"}, "status": "match",
    }],
}
ENTRIES = [  # (entry, our value in results/toy/<figure>.json at 'ours')
    dict(id="m1", ours="x", paper_value=2.0, status="match"),  # ours 2.1: within 10 %
    dict(id="m2", ours="y.0", paper_value=10.0, status="explained", explanation="cut",
         variant="v.y"),  # ours 11.5: within 20 % only
    dict(id="m3", ours="z.a", paper_value=1.0, status="open", explanation="?"),  # ours 3: neither
    dict(id="m4", ours="nokey", paper_value=1.0, status="open", explanation="?"),  # missing key
    dict(id="m5", ours=None, paper_value=None, status="lost"),
    dict(id="m6", ours="x", paper_value=2.0, status="match", figure="fig9"),  # missing JSON
    dict(id="m7", ours="x", paper_value=2.2, status="match"),  # ratio 2.1/2.2: within 10 %
]


def compare_module():
    spec = importlib.util.spec_from_file_location("compare_results", REPO_ROOT / "scripts" / "compare_results.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_paper(folder, doc, key="toy"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.yaml").write_text(yaml.safe_dump(doc))
    return folder


def errors_of(doc, tmp_path):
    write_paper(tmp_path, doc)
    with pytest.raises(sb.PaperNumbersError) as info:
        sb.load_paper_numbers("toy", tmp_path)
    return str(info.value)


def test_schema_accepts_a_minimal_file_and_the_seed_files(tmp_path):
    write_paper(tmp_path, MINIMAL)
    assert sb.load_paper_numbers("toy", tmp_path)["numbers"][0]["id"] == "a"
    assert sb.paper_values("toy", "fig1", tmp_path) == {"a": 2.0}
    claim = {"id": "c", "statement": "fits SPI", "where": "Sec. 4", "status": "claim",
             "paper_value": None, "holds": None, "status_text": "not checked"}
    doc = copy.deepcopy(MINIMAL)
    doc["numbers"].append(claim)
    write_paper(tmp_path, doc)
    assert sb.paper_values("toy", "fig1", tmp_path) == {"a": 2.0}
    for key in sb.paper_keys(sb.PAPERS_DIR):
        sb.load_paper_numbers(key)


@pytest.mark.parametrize("edit, needle", [
    (lambda e: e.pop("id"), "entry #0 (no id)"),
    (lambda e: e.update(status="maybe"), "'maybe' is not one of"),
    (lambda e: e.update(status="explained"), "'explanation' is a required property"),
    (lambda e: e.update(paper_value=None), "None is not of type 'number'"),
    (lambda e: e.update(tolerance={"rel": 0.1}), "tolerance"),
])
def test_schema_rejects_bad_entries_naming_file_and_entry(tmp_path, edit, needle):
    doc = copy.deepcopy(MINIMAL)
    edit(doc["numbers"][0])
    msg = errors_of(doc, tmp_path)
    assert needle in msg and "toy.yaml" in msg
    if "id" in doc["numbers"][0]:
        assert "entry 'a'" in msg


def test_duplicate_ids_and_wrong_key_are_rejected(tmp_path):
    doc = copy.deepcopy(MINIMAL)
    doc["numbers"].append(copy.deepcopy(doc["numbers"][0]))
    assert "entry 'a': duplicate id" in errors_of(doc, tmp_path)
    doc = copy.deepcopy(MINIMAL)
    doc["paper"]["key"] = "other"
    assert "differs from the file name" in errors_of(doc, tmp_path)


def test_lookup_reads_dotted_paths_with_indices():
    obj = {"a": {"b": [{"c": 1}, {"c": 2}]}}
    assert sb.lookup(obj, "a.b.1.c") == 2 == sb.lookup(obj, "a.b[1].c")
    with pytest.raises(KeyError, match="no 'd'"):
        sb.lookup(obj, "a.d")


@pytest.fixture
def toy_tree(tmp_path):
    """resources/papers-like folder with toy.yaml and a results folder with toy/fig1.json."""
    base = {"quantity": "q", "unit": "1", "where": "text", "figure": "fig1",
            "tolerance": {"rel": 0.1, "why": "print"}}
    numbers = [{**base, **e} for e in ENTRIES]
    numbers.append({"id": "c1", "statement": "s", "where": "abstract", "status": "claim",
                    "holds": True, "status_text": "reproduced"})
    papers = write_paper(tmp_path / "papers", {"paper": {"key": "toy", "title": "T", "arxiv": None},
                                               "numbers": numbers})
    results = tmp_path / "results"
    (results / "toy").mkdir(parents=True)
    fig1 = {"x": 2.1, "y": [11.5], "z": {"a": 3}, "v": {"y": 10.2}, "_meta": {"figure": "toy/fig1"}}
    (results / "toy" / "fig1.json").write_text(json.dumps(fig1))
    return results, papers


def test_scoreboard_counts_match_a_recount(toy_tree, tmp_path):
    results, papers = toy_tree
    board = sb.build(results, papers)
    p = board["papers"]["toy"]
    rows = {r["id"]: r for r in p["rows"]}
    nums = [r for r in p["rows"] if r["status"] != "claim"]
    recount = {
        "n_numbers": len(nums),
        "n_within_10pct": sum(r["ratio"] is not None and abs(r["ratio"] - 1) <= 0.1 + 1e-12 for r in nums),
        "n_within_20pct": sum(r["ratio"] is not None and abs(r["ratio"] - 1) <= 0.2 + 1e-12 for r in nums),
        "n_explained": sum(r["status"] == "explained" for r in nums),
        "n_open": sum(r["status"] == "open" for r in nums),
        "n_lost": sum(r["status"] == "lost" for r in nums),
    }
    assert {k: p[k] for k in recount} == recount
    assert recount == {"n_numbers": 7, "n_within_10pct": 2, "n_within_20pct": 3, "n_explained": 1,
                       "n_open": 2, "n_lost": 1}
    assert (p["n_claim"], p["n_claim_holds"], p["n_missing"]) == (1, 1, 2)
    assert board["total"] == {k: p[k] for k in sb.COUNTS}
    assert rows["m1"]["ratio"] == pytest.approx(1.05) and rows["m1"]["figure_png"] == "toy/fig1.png"
    assert rows["m2"]["variant_value"] == 10.2
    assert rows["m4"]["ours"] is None and "nokey" in rows["m4"]["ours_reason"]
    assert rows["m6"]["ours"] is None and "fig9.json missing" in rows["m6"]["ours_reason"]
    assert ("toy: 6 printed numbers: 2 within 10 %, 3 within 20 %, 3 match within their stated "
            "tolerance, 1 explained, 2 open; 1 lost") in sb.readme_headline(board)

    out = tmp_path / "out"
    paths = [out / "sb.md", out / "sb.json", out / "sb.html"]
    sb.write(board, *paths, results_dir=results)
    first = [p.read_bytes() for p in paths]
    sb.write(sb.build(results, papers), *paths, results_dir=results)
    assert [p.read_bytes() for p in paths] == first  # deterministic
    assert json.loads(paths[1].read_text()) == board
    assert "](../results/toy/fig1.png)" in paths[0].read_text()
    assert "<script" not in paths[2].read_text() and "http" not in paths[2].read_text()


def test_compare_results_flags_a_small_change_and_passes_identical_trees(tmp_path, capsys):
    cmp = compare_module()
    old, new = tmp_path / "old", tmp_path / "new"
    for d in (old, new):
        (d / "k").mkdir(parents=True)
        (d / "k" / "f.csv").write_text("# units\nx,y\n1.0,2.0\n3.0,4.0\n")
    doc = {"a": [1.0, {"b": 2.0}], "_meta": {"caption": "old", "data_sha256": {"f": "aa"}}}
    (old / "k" / "f.json").write_text(json.dumps(doc))
    (new / "k" / "f.json").write_text(json.dumps({**doc, "_meta": {"caption": "new", "data_sha256": {}}}))
    assert cmp.main([str(old), str(new)]) == 0  # _meta text is ignored

    doc["a"][1]["b"] = 2.0 * (1 + 1e-6)
    doc["extra"] = 1
    (new / "k" / "f.json").write_text(json.dumps(doc))
    (new / "k" / "f.csv").write_text("# units\nx,y\n1.0,2.000002\n3.0,4.0\n")
    capsys.readouterr()
    assert cmp.main([str(old), str(new), "--rtol", "1e-9"]) == 1
    out = capsys.readouterr().out
    assert "a.1.b: old 2.0 new 2.000002 rel diff" in out and "extra: only in new" in out
    assert "column 'y' row 0" in out
    assert cmp.main([str(old), str(new), "--rtol", "1e-5"]) == 1  # 'extra' still differs


def test_compare_results_compares_scan_npz(tmp_path):
    # scan chunks are archives of arrays: a change beyond rtol in one value is reported with
    # its place, a shape change too; equal archives pass
    import numpy as np
    mod = compare_module()
    old, new = tmp_path / "old" / "k" / "scans", tmp_path / "new" / "k" / "scans"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    a = np.linspace(1.0, 2.0, 12).reshape(3, 4)
    np.savez(old / "c.npz", rate=a, m=np.arange(3))
    np.savez(new / "c.npz", rate=a * (1 + 1e-12), m=np.arange(3))
    assert mod.compare_trees(tmp_path / "old", tmp_path / "new") == {}
    b = a.copy()
    b[1, 2] *= 1 + 1e-6
    np.savez(new / "c.npz", rate=b, m=np.arange(4))
    diffs = mod.compare_trees(tmp_path / "old", tmp_path / "new")["k/scans/c.npz"]
    assert any("'rate': 1 of 12" in d and "(1, 2)" in d for d in diffs)
    assert any("'m': shape" in d for d in diffs)
