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


def test_environment_yml_pins_match_pyproject():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = dict(p.split("==") for p in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())["dependencies"]
    conda = dict(d.split("=", 1) for d in env if isinstance(d, str) and "=" in d and not d.startswith("python="))
    pip = [d for d in env if isinstance(d, dict)][0]["pip"]
    conda.update(p.split("==") for p in pip if "==" in p)
    lower = {k.lower(): v for k, v in pins.items()}
    for name, version in conda.items():
        assert lower.get(name.lower()) == version, f"{name}: environment.yml {version} vs pyproject {lower.get(name.lower())}"
    missing = {k for k in lower} - {k.lower() for k in conda}
    assert not missing, f"pinned in pyproject but not in environment.yml: {missing}"


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
    from mevdm import papers

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

    for argv in (["--help"], ["list", "--help"], ["figure", "--help"], ["omega", "--help"]):
        try:
            cli.main(argv)
        except SystemExit as exit_:
            assert exit_.code == 0, argv
