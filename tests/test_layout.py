"""Project hygiene: README commands, CI, pins in one place, no mirror data committed."""

import re
import subprocess
import tomllib

import yaml

from mevdm.core.paths import CHECKOUT as REPO_ROOT


def readme_commands():
    text = (REPO_ROOT / "README.md").read_text()
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert len(commands) == 2, commands
    assert "snakemake all" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (REPO_ROOT / ".ci" / "run").read_text()


def _lock() -> dict[str, str]:
    """{normalised name: version} of requirements/lock.txt."""
    pins = {}
    for line in (REPO_ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def _name(req: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]).lower()


def test_pyproject_has_ranges_and_the_lock_pins_every_requirement():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    assert not [r for r in reqs if "==" in r], "pyproject.toml holds ranges; exact pins live in the lock"
    lock = _lock()
    assert not {_name(r) for r in reqs} - set(lock), "pyproject requirement missing from the lock"
    from packaging.specifiers import SpecifierSet
    for r in reqs:
        spec = SpecifierSet(re.split(r"^[A-Za-z0-9_.\-]+(\[[^\]]*\])?", r.split(";")[0])[-1].strip())
        assert spec.contains(lock[_name(r)], prereleases=True), f"lock {lock[_name(r)]} outside {r}"
    for shaper in ("pillow", "fonttools", "numpy", "matplotlib"):  # they shape the PNG/PDF bytes
        assert shaper in lock


def test_environment_files_pin_the_lock_versions():
    lock = _lock()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    for path in (REPO_ROOT / "environment.yml", REPO_ROOT / "workflow" / "envs" / "mevdm.yaml"):
        env = yaml.safe_load(path.read_text())["dependencies"]
        pins = dict(d.split("=", 1) for d in env if isinstance(d, str) and "=" in d and not d.startswith("python="))
        for d in env:
            if isinstance(d, dict):
                pins.update(p.split("==") for p in d["pip"] if "==" in p)
        for name, version in pins.items():
            assert lock.get(_name(name)) == version, f"{path.name}: {name} {version} vs lock {lock.get(_name(name))}"
        # job environments run scripts; Snakemake itself puts its own sources on the job's path
        wanted = {_name(r) for r in project["dependencies"]} - {"snakemake"}
        if path.name == "environment.yml":
            wanted.add("snakemake")
            wanted |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
        assert not wanted - {_name(n) for n in pins}, f"{path.name} lacks {wanted - {_name(n) for n in pins}}"


def test_no_generated_results_are_tracked():
    tracked = subprocess.run(["git", "ls-files", "results"], cwd=REPO_ROOT, capture_output=True,
                             text=True).stdout.split()
    assert set(tracked) <= {"results/README.md"}


# --------------------------------------------------------------------------- the house
import ast  # noqa: E402

SRC = REPO_ROOT / "src" / "mevdm"
PLOTTING_ALLOWED = {"core/plotting.py", "constraints/plot.py"}


def _imports(path):
    """Top-level module names imported anywhere in a file (absolute imports)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def test_only_figure_modules_and_plotting_import_matplotlib():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in PLOTTING_ALLOWED or re.fullmatch(r"papers/[a-z0-9_]+/figures\.py", rel):
            continue
        if any(m.split(".")[0] == "matplotlib" for m in _imports(path)):
            offenders.append(rel)
    assert not offenders, f"matplotlib imported outside figures/plotting: {offenders}"


def test_scripts_tests_and_benchmarks_never_import_figure_modules():
    pattern = re.compile(r"mevdm\.papers\.[a-z0-9_]+\.figures$")
    offenders = [f"{p.relative_to(REPO_ROOT)}: {m}"
                 for folder in ("scripts", "tests", "benchmarks") for p in (REPO_ROOT / folder).rglob("*.py")
                 for m in _imports(p) if pattern.match(m)]
    assert not offenders, offenders


def test_every_paper_house_is_complete_and_its_table_matches_its_figures():
    from mevdm.core import registry as papers

    for key in papers.paper_keys():
        house = SRC / "papers" / key
        for part in ("figures.yaml", "figures.py"):
            assert (house / part).is_file(), f"papers/{key}/{part} missing"
        defined = {n.name for n in ast.parse((house / "figures.py").read_text()).body
                   if isinstance(n, ast.FunctionDef)}
        declared = set((papers.paper_table(key).get("figures") or {}))
        assert declared <= defined, f"{key}: figures.yaml declares {declared - defined}, no function"
        if papers.paper_table(key).get("scans"):
            analysis = ast.parse((house / "analysis.py").read_text())
            assert "scan_chunk" in {n.name for n in analysis.body if isinstance(n, ast.FunctionDef)}


def test_every_package_is_listed_for_the_wheel():
    listed = set(tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"mevdm." + p.parent.relative_to(SRC).as_posix().replace("/", ".") if p.parent != SRC else "mevdm"
             for p in SRC.rglob("__init__.py")}
    assert found <= listed, f"add to pyproject [tool.setuptools] packages: {sorted(found - listed)}"


def test_the_mevdm_command_answers_help():
    from mevdm import cli

    for argv in (["--help"], ["list", "--help"], ["figure", "--help"], ["omega", "--help"],
                 ["check-config", "--help"]):
        try:
            cli.main(argv)
        except SystemExit as exit_:
            assert exit_.code == 0, argv


def test_readme_headline_is_the_scoreboards_and_agrees_with_the_paper_files():
    """The README's reproduction headline is generated (scripts/update_readme.py) from the
    scoreboard; the counts the paper files fix without our numbers (printed numbers, lost ones,
    claims true by construction) must agree with resources/papers/*.yaml (regenerate after editing)."""
    from mevdm import scoreboard as sb

    block = (REPO_ROOT / "README.md").read_text().split("<!-- scoreboard:start -->")[1]
    block = block.split("<!-- scoreboard:end -->")[0]
    n_beyond = 0
    for key in sb.paper_keys(sb.PAPERS_DIR):
        doc = sb.load_paper_numbers(key)
        n_beyond += sum(bool(doc["paper"].get("beyond") or e.get("beyond")) for e in doc["numbers"])
        if doc["paper"].get("beyond"):
            continue
        numbers = [e for e in doc["numbers"] if not e.get("beyond")]
        line = next(ln for ln in block.splitlines() if ln.startswith(f"- {key}:"))
        graded = [e for e in numbers if "claim" not in e and e.get("form") != "chi2_level"]
        lost = sum(e["paper_value"] is None for e in graded)
        assert line.startswith(f"- {key}: {len(graded) - lost} printed numbers graded"), (key, line)
        assert (f"{lost} lost" in line) if lost else ("lost" not in line), (key, line)
        by_construction = sum("by_construction" in e for e in numbers)
        assert (f"{by_construction} true by construction" in line) if by_construction \
            else "by construction" not in line, (key, line)
    # the beyond-the-papers rows: one line, not in the total
    assert (f"- beyond the papers (not counted): {n_beyond} entries, each with its statistic and CL" in block
            if n_beyond else "beyond the papers" not in block)


def test_scan_chunks_do_not_rerun_when_only_a_figure_is_restyled():
    """The scan rerun trigger (workflow/rules/common.smk scan_code_hash) is the source closure of
    the paper's analysis and mevdm.scans: it must reach the physics but no plotting module, or a
    colour change in figures.py would recompute every scan chunk."""
    import ast

    from mevdm.core import registry as papers
    from mevdm.core.provenance import module_sources

    common = (REPO_ROOT / "workflow" / "rules" / "common.smk").read_text()
    plotting = ast.literal_eval(re.search(r"PLOTTING_MODULES = (\(.*?\))", common).group(1))
    for key in papers.paper_keys():
        if not papers.paper_table(key).get("scans"):
            continue
        scan = {p.relative_to(SRC).as_posix() for p in module_sources(
            f"mevdm.papers.{key}.analysis", "mevdm.scans",
            exclude=(*plotting, f"mevdm.papers.{key}.figures"))}
        assert f"papers/{key}/analysis.py" in scan
        assert not {"core/plotting.py", f"papers/{key}/figures.py"} & scan, key
        assert not any(re.search(r"^\s*(import|from) matplotlib", p.read_text(), re.M)
                       for p in SRC.glob("**/*.py") if p.relative_to(SRC).as_posix() in scan), \
            f"{key}: a module in the scan's closure imports matplotlib"
        figure = {p.relative_to(SRC).as_posix()
                  for p in module_sources(f"mevdm.papers.{key}.figures")}
        assert "core/plotting.py" in figure and scan - {"scans.py"} <= figure | {"scans.py"}


def _module_graph() -> dict[str, set[str]]:
    """{module: mevdm modules it imports} from every import statement (at any depth), the
    names given to importlib.import_module included when they are literal."""
    files = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for mod, path in files.items():
        out, is_pkg = set(), path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                name = node.module or ""
                if node.level:
                    base = mod.split(".")[: len(mod.split(".")) - node.level + is_pkg]
                    name = ".".join([*base, *([name] if name else [])])
                for a in node.names:
                    out.add(f"{name}.{a.name}" if f"{name}.{a.name}" in files else name)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
                  and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))):
                arg = node.args[0]
                text = arg.value if isinstance(arg, ast.Constant) else "".join(
                    v.value if isinstance(v, ast.Constant) else "*" for v in arg.values)
                out.update(m for m in files if re.fullmatch(re.escape(text).replace(r"\*", r"\w+"), m))
        graph[mod] = {m for m in out if m in files and m != mod}
    return graph


def test_no_import_cycles():
    """No module imports, directly or through others, a module that imports it back (a package
    counts as the module of its __init__.py)."""
    graph = _module_graph()
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles))[:20])


def test_core_imports_no_other_subpackage():
    """core/ is the lowest layer: it knows no physics, paper, scan or constraint module."""
    graph = _module_graph()
    up = {m: sorted(i for i in deps if not i.startswith("mevdm.core"))
          for m, deps in graph.items() if m.startswith("mevdm.core")}
    assert not {m: d for m, d in up.items() if d}, up
