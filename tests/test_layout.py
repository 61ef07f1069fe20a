"""Project hygiene: README commands, CI, pins in one place, no mirror data committed."""

import re
import subprocess
import tomllib

import yaml

from mevdm.core.data import REPO_ROOT


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
