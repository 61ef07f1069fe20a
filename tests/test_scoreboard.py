"""Paper-numbers schema, the grading policy, quotes against the seed text, scoreboard statuses and
counts, and scripts/compare_results.py, on hand-made fixtures and on the five paper files."""

import copy
import importlib.util
import json
import math

import pytest
import yaml

from mevdm import scoreboard as sb
from mevdm.core.paths import CHECKOUT as REPO_ROOT

SEED = "The mass is 2.0 MeV here.\nA second line.\nThe rate is about 10 events,\n   roughly.\n"
QUOTE = {"text": "The mass is 2.0 MeV", "where": "Eq. 1", "line": 1}
MINIMAL = {
    "paper": {"key": "toy", "title": "A toy paper", "arxiv": "2001.00001", "seed": "999"},
    "numbers": [{"id": "a", "quantity": "a number", "paper_value": 2.0, "form": "plain", "unit": "MeV",
                 "quote": QUOTE, "figure": "fig1", "ours": "x"}],
}


def compare_module():
    spec = importlib.util.spec_from_file_location("compare_results", REPO_ROOT / "scripts" / "compare_results.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_paper(folder, doc, key="toy"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return folder


def errors_of(doc, tmp_path):
    write_paper(tmp_path, doc)
    with pytest.raises(sb.PaperNumbersError) as info:
        sb.load_paper_numbers("toy", tmp_path)
    return str(info.value)


# ------------------------------------------------------------------------------ policy

def test_policy_table_is_the_documented_one():
    """The table in resources/papers/schema.yaml (and its comment block) is the issue-24 policy."""
    pol = sb.policy()
    assert {k: (v["factor"], v["side"]) for k, v in pol["forms"].items()} == {
        "plain": (1.2, "both"), "approx": (1.5, "both"), "order": (3.0, "both"),
        "upper": (1.5, "upper"), "lower": (1.5, "lower"), "upper_order": (3.0, "upper"),
        "lower_order": (3.0, "lower"), "chi2_level": (None, "none")}
    assert (pol["match_cap"], pol["marginal"]) == (2.0, 0.10)
    doc = sb.SCHEMA_PATH.read_text()
    for form in pol["forms"]:
        assert f"#   {form} " in doc, f"form {form} not documented in the schema's policy table"
    schema_forms = yaml.safe_load(doc)["definitions"]["entry"]["properties"]["form"]["enum"]
    assert set(schema_forms) == set(pol["forms"])


# ratios by hand against the table: plain 1.2, approx 1.5, order 3 (symmetric in log), one-sided
# forms open on their allowed side up to the factor-2 match cap, "consistent" beyond it
@pytest.mark.parametrize("ours, paper, form, grade", [
    (1.19, 1.0, "plain", "match"), (1.21, 1.0, "plain", "miss"), (1 / 1.19, 1.0, "plain", "match"),
    (1 / 1.21, 1.0, "plain", "miss"), (0.75, 1.0, "plain", "miss"),
    (1.49, 1.0, "approx", "match"), (1.51, 1.0, "approx", "miss"), (0.67, 1.0, "approx", "match"),
    (0.66, 1.0, "approx", "miss"),
    (1.9, 1.0, "order", "match"), (2.5, 1.0, "order", "consistent"), (0.35, 1.0, "order", "consistent"),
    (3.1, 1.0, "order", "miss"), (0.3, 1.0, "order", "miss"),
    (1.45, 1.0, "upper", "match"), (1.55, 1.0, "upper", "miss"), (0.6, 1.0, "upper", "match"),
    (0.3, 1.0, "upper", "consistent"), (1e-3, 1.0, "upper", "consistent"),
    (0.7, 1.0, "lower", "match"), (0.6, 1.0, "lower", "miss"), (3.0, 1.0, "lower", "consistent"),
    (2.9, 1.0, "upper_order", "consistent"), (3.1, 1.0, "upper_order", "miss"),
    (0.34, 1.0, "lower_order", "consistent"), (0.32, 1.0, "lower_order", "miss"),
    (-5.05, -6.0, "approx", "match"), (5.05, -6.0, "approx", "miss"), (-1.68, -6.0, "approx", "miss"),
    (42.6, 42.82, "chi2_level", None), (None, 1.0, "plain", None),
])
def test_grade_number_follows_the_table(ours, paper, form, grade):
    assert sb.grade_number(ours, paper, form) == grade


def test_a_stated_systematic_widens_by_its_computed_effect_only_and_never_the_match_cap():
    assert sb.grade_number(1.30, 1.0, "plain") == "miss"
    assert sb.grade_number(1.30, 1.0, "plain", widen=1.1) == "match"  # 1.2 x 1.1 = 1.32
    assert sb.grade_number(1.30, 1.0, "plain", widen=1 / 1.1) == "match"  # effect given as inverse
    assert sb.grade_number(1.35, 1.0, "plain", widen=1.1) == "miss"
    assert sb.grade_number(2.5, 1.0, "approx", widen=2.0) == "consistent"  # 3.0 wide, match cap 2


@pytest.mark.parametrize("ours, holds_if, threshold, grade, margin", [
    (0.5, "<", 1.0, "holds", 2.0), (0.95, "<", 1.0, "marginal", 1 / 0.95), (1.05, "<", 1.0, "marginal", 1 / 1.05),
    (1.2, "<", 1.0, "fails", 1 / 1.2), (10.1, ">", 10.0, "marginal", 1.01), (0.973, "<", 1.0, "marginal", 1 / 0.973),
    (2.17, "in", [2.0, 3.0], "marginal", 1.085), (2.5, "in", [2.0, 3.0], "holds", 1.2),
    (3.5, "in", [2.0, 3.0], "fails", 3 / 3.5), (True, "true", None, "holds", None), (None, "<", 1.0, "unchecked", None),
])
def test_grade_claim_margins(ours, holds_if, threshold, grade, margin):
    g, m = sb.grade_claim(ours, threshold, holds_if)
    assert g == grade
    assert (m is None) if margin is None else m == pytest.approx(margin)


def test_claim_inside_a_stated_systematic_is_marginal():
    assert sb.grade_claim(0.8, 1.0, "<")[0] == "holds"
    assert sb.grade_claim(0.8, 1.0, "<", widen=1.3)[0] == "marginal"


# ------------------------------------------------------------------------------ schema

def test_schema_accepts_a_minimal_file_and_the_paper_files(tmp_path):
    write_paper(tmp_path, MINIMAL)
    assert sb.load_paper_numbers("toy", tmp_path)["numbers"][0]["id"] == "a"
    assert sb.paper_values("toy", "fig1", tmp_path) == {"a": 2.0}
    doc = copy.deepcopy(MINIMAL)
    doc["numbers"].append({"id": "c", "claim": "fits SPI", "quote": QUOTE, "status_text": "not checked"})
    write_paper(tmp_path, doc)
    assert sb.paper_values("toy", "fig1", tmp_path) == {"a": 2.0}
    for key in sb.paper_keys(sb.PAPERS_DIR):
        sb.load_paper_numbers(key)


@pytest.mark.parametrize("edit, needle", [
    (lambda e: e.pop("id"), "entry #0 (no id)"),
    (lambda e: e.pop("quote"), "'quote' is a required property"),
    (lambda e: e.pop("form"), "'form' is a required property"),
    (lambda e: e.update(form="roughly"), "'roughly' is not one of"),
    (lambda e: e.update(tolerance={"rel": 0.5, "why": "ours is 1.4x"}), "Additional properties"),
    (lambda e: e.update(status="match"), "Additional properties"),
    (lambda e: e.update(variant={"path": "v"}), "variant"),
    (lambda e: e.update(variant={"path": "v", "reading": {"text": "x", "where": "w", "line": 1}}), "too short"),
    (lambda e: e.update(paper_value=4.46, derived="46.49 - 42.03"), "not in the quote"),
    (lambda e: e.update(paper_value=4.0, derived="2.0 - 2.0"), "is not derived"),
    (lambda e: e.update(claim="a claim"), "status_text"),
])
def test_schema_rejects_bad_entries_naming_file_and_entry(tmp_path, edit, needle):
    doc = copy.deepcopy(MINIMAL)
    edit(doc["numbers"][0])
    msg = errors_of(doc, tmp_path)
    assert needle in msg and "toy.yaml" in msg
    if "id" in doc["numbers"][0]:
        assert "entry 'a'" in msg


@pytest.mark.parametrize("key", ["baryakhtar2020", "ema2021", "halp2025", "hooper2008", "jho2020"])
def test_a_hand_chosen_tolerance_on_a_real_entry_is_rejected(tmp_path, key):
    doc = sb.load_paper_numbers(key)
    entry = next(e for e in doc["numbers"] if "claim" not in e)
    entry["tolerance"] = {"rel": 2.0, "why": "order of magnitude"}
    write_paper(tmp_path, doc, key)
    with pytest.raises(sb.PaperNumbersError, match=f"entry '{entry['id']}'.*Additional properties"):
        sb.load_paper_numbers(key, tmp_path)


BEYOND = {"id": "nt", "quantity": "a limit", "paper_value": 6.3e-12, "form": "plain", "unit": "mu_B",
          "quote": {"text": "mu < 6.3 x 10^-12 mu_B (90% C.L.)", "where": "abstract", "url": "https://example.org/a"},
          "source": "a collaboration", "statistic": "Wilks, 1 dof", "cl": 0.9, "figure": "fig1", "ours": "x"}


@pytest.mark.parametrize("text, value", [
    ("a confidence interval of μ ∈ (1.4,2.9)×10-11μB (90% C.L.) is reported.", 1.4e-11),
    ("a confidence interval of μ ∈ (1.4,2.9)×10-11μB (90% C.L.) is reported.", 2.9e-11),
    ("mu < 6.3 x 10^-12 mu_B", 6.3e-12), (r"$6.3 \times 10^{-12}$", 6.3e-12), ("6.3×10−12", 6.3e-12),
    ("to (15.8±1.3) events/(ton×year×keV)", 1.3), ("an exposure of 1.16 ton-years", 1.16),
    ("The total number of events is 433.", 433), ("sigma = 3.51e-39 cm^2", 3.51e-39),
])
def test_quoted_numbers_reads_the_stated_forms(text, value):
    assert sb.states_number(text, value)
    assert not sb.states_number(text, 2 * value)  # a factor 2 is never "stated"


@pytest.mark.parametrize("edit, needle", [
    (lambda e: e.pop("statistic"), "a beyond entry needs 'statistic'"),
    (lambda e: e.pop("cl"), "a beyond entry needs 'cl'"),
    (lambda e: e.pop("source"), "a beyond entry needs 'source'"),
    (lambda e: e.update(cl=1.5), "cl"),
    (lambda e: e["quote"].pop("url"), "'quote': {'text'"),  # neither line nor url
    (lambda e: (e["quote"].pop("url"), e["quote"].update(line=3)), "needs the 'url'"),
    (lambda e: e.update(paper_value=6.4e-12), "paper_value 6.4e-12 is not in the quoted words"),
    (lambda e: e.update(unquoted="not read"), "is in the quote: drop 'unquoted'"),
])
def test_beyond_entries_state_source_statistic_cl_and_their_number(tmp_path, edit, needle):
    doc = {"paper": {"key": "toy", "title": "B", "arxiv": None, "beyond": "other"}, "numbers": [copy.deepcopy(BEYOND)]}
    write_paper(tmp_path, doc)
    assert sb.load_paper_numbers("toy", tmp_path)["numbers"][0]["id"] == "nt"
    edit(doc["numbers"][0])
    assert needle in errors_of(doc, tmp_path)


def test_a_beyond_number_not_in_its_quote_says_why(tmp_path):
    entry = copy.deepcopy(BEYOND) | {"quote": {"text": "we set limits on a magnetic moment", "where": "abstract",
                                               "url": "https://example.org/a"}}
    doc = {"paper": {"key": "toy", "title": "B", "arxiv": None, "beyond": "other"}, "numbers": [entry]}
    assert "not in the quoted words" in errors_of(doc, tmp_path)
    entry["unquoted"] = "the sentence with the number was not readable"
    write_paper(tmp_path, doc)
    sb.load_paper_numbers("toy", tmp_path)
    # in a paper's own file: quotes need their seed line, and 'unquoted' is not allowed
    doc = copy.deepcopy(MINIMAL)
    doc["numbers"][0]["quote"] = {"text": "The mass is 2.0 MeV", "where": "Eq. 1", "url": "https://example.org"}
    assert "needs its 'line' in the seed text" in errors_of(doc, tmp_path)


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


# ------------------------------------------------------------------------------ quotes

def test_quotes_are_found_whitespace_normalised_near_their_line(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "999_toy.txt").write_text(SEED)
    doc = copy.deepcopy(MINIMAL)
    doc["numbers"].append({"id": "b", "claim": "c", "status_text": "s",
                           "quote": {"text": "about 10 events, roughly.", "where": "x", "line": 3}})
    assert sb.quote_problems(doc, seeds) == []
    doc["numbers"][1]["quote"]["line"] = 9
    assert sb.quote_problems(doc, seeds) == ["toy entry 'b' quote: at line(s) [3], not 9"]
    doc["numbers"][1]["quote"] = {"text": "about 12 events", "where": "x", "line": 3}
    assert "not in 999_toy.txt" in sb.quote_problems(doc, seeds)[0]


@pytest.mark.skipif(not sb.SEEDS_DIR.is_dir(), reason="the papers' seed text (../shared/seeds) is not here")
@pytest.mark.parametrize("key", ["baryakhtar2020", "ema2021", "halp2025", "hooper2008", "jho2020"])
def test_every_quote_of_the_paper_files_is_in_the_seed_text(key):
    """Every quote (values, readings, systematics, also) occurs verbatim (whitespace-normalised) in
    ../shared/seeds near the line it names."""
    assert sb.quote_problems(sb.load_paper_numbers(key)) == []


BEYOND_FILES = ["xenonnt_baryakhtar2020", "xenonnt_ema2021", "xenonnt_jho2020", "xenonnt_validation"]


@pytest.mark.skipif(not sb.SEEDS_DIR.is_dir(), reason="the papers' seed text (../shared/seeds) is not here")
@pytest.mark.parametrize("key", BEYOND_FILES)
def test_the_paper_words_in_beyond_files_are_in_the_seed_text(key):
    """A beyond file quotes the extended paper's words (the point tested, `also` with a line) beside the
    source's (with a url): the former are checked against the paper's seed text like any paper quote."""
    doc = sb.load_paper_numbers(key)
    assert doc["paper"]["beyond"] and sb.quote_problems(doc) == []
    assert [k for k in sb.paper_keys(sb.PAPERS_DIR) if sb.load_paper_numbers(k)["paper"].get("beyond")] == BEYOND_FILES
    if "seed" in doc["paper"]:
        e = next(e for e in doc["numbers"] if any("line" in q for q in e.get("also", [])))
        e["also"][0]["text"] = e["also"][0]["text"].replace("=", "≈", 1)
        assert any(e["id"] in p for p in sb.quote_problems(doc))


@pytest.mark.skipif(not sb.SEEDS_DIR.is_dir(), reason="the papers' seed text (../shared/seeds) is not here")
def test_a_printed_number_changed_in_a_quote_is_caught():
    doc = sb.load_paper_numbers("baryakhtar2020")
    e = next(e for e in doc["numbers"] if e["id"] == "f_eq4_16")
    e["quote"]["text"] = e["quote"]["text"].replace("8.0", "8.50")
    assert any("f_eq4_16" in p for p in sb.quote_problems(doc))


# ------------------------------------------------------------------------------ statuses

@pytest.fixture
def toy_tree(tmp_path):
    """resources/papers-like folder with toy.yaml and beyond_toy.yaml, results with toy/fig1.json."""
    base = {"quantity": "q", "unit": "1", "quote": QUOTE, "figure": "fig1", "form": "plain"}
    reading = {"reading": {"text": "A second line", "where": "x", "line": 2}}
    numbers = [{**base, **e} for e in [
        dict(id="m_match", ours="x", paper_value=2.0),                       # 2.1: within 20 %
        dict(id="m_consistent", ours="y.0", paper_value=10.0, form="order"),  # 25: inside x3, not x2
        dict(id="m_explained", ours="z.a", paper_value=1.0, variant={"path": "v.y", **reading}),
        dict(id="m_reading_misses", ours="z.a", paper_value=1.0, variant={"path": "v.far", **reading}),
        dict(id="m_hypothesis", ours="z.a", paper_value=1.0,
             variant={"path": "v.y", "hypothesis": "drops the stated efficiency"}),
        dict(id="m_missing", ours="nokey", paper_value=1.0),
        dict(id="m_lost", ours=None, paper_value=None),
        dict(id="m_info", ours="x", paper_value=40.0, form="chi2_level"),
        dict(id="m_delta", ours="c.b0", ours_minus="c.min", paper_value=4.46, derived="46.49 - 42.03",
             quote={"text": "46.49 - 42.03", "where": "x", "line": 1}),
        dict(id="m_sys", ours="w", paper_value=1.0,
             systematic={"quote": QUOTE, "effect": "sys", "why": "density"}),  # 1.3 with effect 1.1
        dict(id="m_beyond", ours="x", paper_value=2.0, beyond=True, source="a later paper",
             quote={"text": "The mass is 2.0 MeV", "where": "abstract", "url": "https://example.org/later"},
             statistic="Wilks", cl=0.9),
    ]]
    claims = [
        {"id": "c_holds", "claim": "s", "quote": QUOTE, "status_text": "t", "figure": "fig1",
         "rests_on": {"ours": "x", "holds_if": ">", "threshold": 1.0}},
        {"id": "c_marginal", "claim": "s", "quote": QUOTE, "status_text": "t", "figure": "fig1",
         "rests_on": {"ours": "x", "holds_if": "<", "threshold": "x_edge"}},
        {"id": "c_fails", "claim": "s", "quote": QUOTE, "status_text": "t", "figure": "fig1",
         "rests_on": {"ours": "z.a", "holds_if": "in", "threshold": [1.0, 2.0]}},
        {"id": "c_construction", "claim": "s", "quote": QUOTE, "status_text": "t", "by_construction": "model"},
        {"id": "c_unchecked", "claim": "s", "quote": QUOTE, "status_text": "t"},
    ]
    papers = write_paper(tmp_path / "papers", {"paper": {"key": "toy", "title": "T", "arxiv": None},
                                               "numbers": numbers + claims})
    write_paper(papers, {"paper": {"key": "beyond_toy", "title": "B", "arxiv": None, "beyond": "toy"},
                         "numbers": [{**base, "id": "b1", "ours": "x", "paper_value": 2.0,
                                      "quote": {"text": "The mass is 2.0 MeV", "where": "abstract",
                                                "url": "https://example.org/b"},
                                      "source": "a collaboration's result", "statistic": "Delta chi^2, 1 dof",
                                      "cl": "cl_used"}]}, "beyond_toy")
    results = tmp_path / "results"
    (results / "toy").mkdir(parents=True)
    fig1 = {"x": 2.1, "x_edge": 2.2, "y": [25.0], "z": {"a": 3}, "v": {"y": 1.1, "far": 2.0},
            "c": {"b0": 46.9, "min": 42.6}, "w": 1.3, "sys": 1.1, "cl_used": 0.95, "_meta": {"figure": "toy/fig1"}}
    (results / "toy" / "fig1.json").write_text(json.dumps(fig1))
    return results, papers


def test_statuses_follow_the_rules(toy_tree):
    results, papers = toy_tree
    board = sb.build(results, papers)
    rows = {r["id"]: r for r in board["papers"]["toy"]["rows"]}
    assert {i: (r["status"] if r["kind"] == "number" else r["grade"]) for i, r in rows.items()} == {
        "m_match": "match", "m_consistent": "consistent", "m_explained": "explained",
        "m_reading_misses": "open", "m_hypothesis": "hypothesis", "m_missing": "open", "m_lost": "lost",
        "m_info": "info", "m_delta": "match", "m_sys": "match",
        "c_holds": "holds", "c_marginal": "marginal", "c_fails": "fails",
        "c_construction": "by construction", "c_unchecked": "unchecked"}
    assert rows["m_delta"]["ours"] == pytest.approx(4.3)
    assert rows["m_hypothesis"]["variant_value"] == 1.1 and rows["m_hypothesis"]["variant_grade"] == "match"
    assert rows["c_marginal"]["margin"] == pytest.approx(2.2 / 2.1)
    assert "nokey" in rows["m_missing"]["ours_reason"]
    # beyond the paper: listed in their own section, counted nowhere
    assert [r["id"] for r in board["beyond"]] == ["b1", "m_beyond"]
    assert "beyond_toy" not in board["papers"] and "m_beyond" not in rows
    # each with its statistic and CL (b1's CL read from the target's JSON)
    assert [(r["statistic"], r["cl"], r["status"]) for r in board["beyond"]] == [
        ("Delta chi^2, 1 dof", 0.95, "match"), ("Wilks", 0.9, "match")]
    assert board["beyond_counts"]["n_match"] == 2


def test_scoreboard_counts_match_a_recount(toy_tree, tmp_path):
    results, papers = toy_tree
    board = sb.build(results, papers)
    p = board["papers"]["toy"]
    nums = [r for r in p["rows"] if r["kind"] == "number" and r["status"] != "info"]
    recount = {f"n_{s}": sum(r["status"] == s for r in nums) for s in sb.NUMBER_STATUSES}
    assert {k: p[k] for k in recount} == recount == {
        "n_match": 3, "n_consistent": 1, "n_explained": 1, "n_hypothesis": 1, "n_open": 2, "n_lost": 1}
    assert (p["n_numbers"], p["n_info"], p["n_missing"]) == (9, 1, 1)
    assert (p["n_claim"], p["n_claim_holds"], p["n_claim_marginal"], p["n_claim_fails"],
            p["n_claim_unchecked"], p["n_by_construction"]) == (4, 1, 1, 1, 1, 1)
    assert board["total"] == {k: p[k] for k in sb.COUNTS}
    headline = sb.readme_headline(board)
    assert headline.startswith("- toy: 8 printed numbers graded: 3 match, 1 consistent")
    assert "1 open (hypothesis), 2 open" in headline and "1 true by construction, not counted" in headline
    assert "beyond the papers (not counted): 2 entries, each with its statistic and CL: 2 numbers" in headline

    out = tmp_path / "out"
    paths = [out / "sb.md", out / "sb.json", out / "sb.html"]
    sb.write(board, *paths, results_dir=results)
    first = [p.read_bytes() for p in paths]
    sb.write(sb.build(results, papers), *paths, results_dir=results)
    assert [p.read_bytes() for p in paths] == first  # deterministic
    assert json.loads(paths[1].read_text()) == board
    md = paths[0].read_text()
    assert "](../results/toy/fig1.png)" in md and "## Beyond the papers (not counted in the totals)" in md
    assert "“The mass is 2.0 MeV” (Eq. 1, line 1)" in md and "open (hypothesis)" in md
    assert "hypothesis v.y = 1.1 (ratio 1.1, match): drops the stated efficiency" in md
    assert "| b1 | q | a collaboration's result | “The mass is 2.0 MeV” (abstract; https://example.org/b)" in md
    assert "| Delta chi^2, 1 dof | 0.95 |" in md
    page = paths[2].read_text()  # self-contained: no script, no external asset (a source's url is text)
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    assert "<th>statistic</th><th>CL</th>" in page


def test_relic_numbers_show_both_thermodynamics(tmp_path):
    """A relic number under each thermodynamics: graded on `ours`, the other shown with its own
    grade and the shift; a fixed g* is 'n/a'; a bad declaration says why."""
    base = {"quantity": "q", "unit": "1", "quote": QUOTE, "figure": "fig1", "form": "plain"}
    th = {"values": "b.x", "used": "b.used"}
    numbers = [{**base, "id": "relic", "paper_value": 2.0, "ours": "x", "thermodynamics": th},
               {**base, "id": "fixed_gstar", "paper_value": 2.0, "ours": "x",
                "thermodynamics": {"fixed": "fixed g* = 10.75"}},
               {**base, "id": "bad", "paper_value": 2.0, "ours": "x",
                "thermodynamics": {"values": "b.nope", "used": "b.used"}},
               {"id": "c", "claim": "s", "quote": QUOTE, "status_text": "t", "figure": "fig1",
                "rests_on": {"ours": "x", "holds_if": ">", "threshold": 1.9}, "thermodynamics": th}]
    papers = write_paper(tmp_path / "papers", {"paper": {"key": "toy", "title": "T", "arxiv": None},
                                               "numbers": numbers})
    (tmp_path / "results" / "toy").mkdir(parents=True)
    # hazma 2.1 (graded, match), plasma 1.6: 0.8 of the printed 2.0, outside plain's 20 %
    fig1 = {"x": 2.1, "b": {"used": "hazma", "x": {"plasma": 1.6, "hazma": 2.1}}}
    (tmp_path / "results" / "toy" / "fig1.json").write_text(json.dumps(fig1))
    board = sb.build(tmp_path / "results", papers)
    rows = {r["id"]: r for r in board["papers"]["toy"]["rows"]}
    relic = rows["relic"]
    assert relic["status"] == "match"  # the grade stays on the default thermodynamics
    assert relic["thermodynamics"]["values"] == {"hazma": 2.1, "plasma": 1.6}
    assert relic["thermodynamics"]["grades"] == {"hazma": "match", "plasma": "miss"}
    assert relic["thermodynamics"]["shift"] == pytest.approx(1.6 / 2.1 - 1)
    assert sb.thermodynamics_cell(relic) == "hazma* 2.1, plasma 1.6 (miss); plasma/hazma − 1 = -23.8 %"
    assert rows["c"]["thermodynamics"]["grades"] == {"hazma": "holds", "plasma": "fails"}
    assert sb.thermodynamics_cell(rows["fixed_gstar"]) == "n/a: fixed g* = 10.75"
    assert "b.nope" in sb.thermodynamics_cell(rows["bad"])
    md = sb.to_markdown(board)
    assert "ours per thermodynamics" in md and "grade differs under the other: relic, c" in md
    # a declaration needs both paths, or `fixed` alone
    for bad in ({"values": "b.x"}, {"fixed": "x", "used": "b.used"}):
        doc = copy.deepcopy(MINIMAL)
        doc["numbers"][0]["thermodynamics"] = bad
        assert "thermodynamics" in errors_of(doc, tmp_path / "bad")


def test_scoreboard_script_runs_as_a_user_runs_it(toy_tree, tmp_path):
    """scripts/scoreboard.py as a subprocess (the CLI route of the module docstring)."""
    import subprocess
    import sys
    results, papers = toy_tree
    out = tmp_path / "cli" / "sb"
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "scoreboard.py"), "--results",
                           str(results), "--papers", str(papers), "--out", str(out), "--headline"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("- toy: 8 printed numbers graded")
    assert json.loads((tmp_path / "cli" / "sb.json").read_text())["total"]["n_match"] == 3


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
