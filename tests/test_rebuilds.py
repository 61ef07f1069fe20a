"""Exact rebuilds: a job reruns when, and only when, something it reads changes.

A copy of the checkout builds a few targets; each case then edits the copy the way a user
would (a limit file, one figure's setting, a comment, a real kernel edit, a moved checkout) and
asks Snakemake's dry run which jobs it would run. Each case asserts the exact set.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = pytest.mark.workflow

# What the copy builds: a figure that draws a library limit (ema2021 fig1: NA64_2019), two that
# draw none (hooper2008), the scoreboard over them, one constraint plane and a small scan in two
# chunks (jho2020 fig5 on a 5 x 5 grid).
OVERLAY = """\
figures:
  baryakhtar2020: []
  ema2021: [fig1]
  halp2025: []
  hooper2008: [fig_sigmav, fig_radiative]
  jho2020: []
  all: []
  validation: []
constraints:
  cached_planes: [scalar_ge]
jho2020:
  fig5: {n_m_chi: 5, n_m_X: 5, n_chunks: 2}
"""
TARGETS = ["all", "constraints", "results/jho2020/scans/fig5.npz"]
PSEUDO_RULES = {"all", "constraints"}  # targets that only collect others
SCAN = {"scan_chunk", "scan_summary"}  # the two chunks of jho2020 fig5 and their merge
PAGE = "figure_page"  # a figure's report page (results/report/<key>/<name>.html)


def _copy_checkout(dest: Path) -> Path:
    """The tracked files of the checkout (sources, workflow, config, resources, scripts)."""
    files = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    for rel in files:
        src = REPO_ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "overlay.yaml").write_text(OVERLAY)
    return dest


def _snakemake(repo: Path, mirror, *args, check=True):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(repo / "src")}
    cmd = [sys.executable, "-m", "snakemake", "--configfile", "overlay.yaml",
           "--config", f"data_mirror={mirror}", "--cores", "2", *args]
    proc = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return proc


def planned_jobs(repo: Path, mirror) -> set[str]:
    """The rules a dry run of the targets would run (one name per job)."""
    proc = _snakemake(repo, mirror, *TARGETS, "-n", "--quiet", "rules")
    out = proc.stdout + proc.stderr
    jobs = set()
    for line in out.splitlines():
        parts = line.split()
        # the "Job stats" table: "<rule> <count>"
        if len(parts) == 2 and parts[1].isdigit() and parts[0] not in ("total", "job"):
            jobs.add(parts[0])
    return jobs - PSEUDO_RULES


@pytest.fixture(scope="module")
def built(tmp_path_factory, mirror):
    repo = _copy_checkout(tmp_path_factory.mktemp("repo") / "mevdm")
    _snakemake(repo, mirror, *TARGETS)
    assert planned_jobs(repo, mirror) == set()
    return repo


@pytest.fixture
def repo(built, tmp_path, mirror):
    """A fresh copy of the built checkout for one case (mtimes kept, so nothing is stale)."""
    dest = tmp_path / "mevdm"
    shutil.copytree(built, dest, symlinks=True)
    return dest


def _edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def test_nothing_reruns_in_a_moved_checkout(repo, mirror):
    moved = repo.parent / "moved" / "elsewhere"
    moved.parent.mkdir()
    shutil.move(repo, moved)
    assert planned_jobs(moved, mirror) == set()


def test_a_limit_file_edit_reruns_exactly_the_figures_planes_and_scoreboard_that_use_it(repo, mirror):
    _edit(repo / "resources/constraints/NA64_2019.yaml", "x_cut: 0.5", "x_cut: 0.6")
    assert planned_jobs(repo, mirror) == {"ema2021_fig1", PAGE, "constraints_scalar_ge",
                                          "scoreboard"}


def test_one_figure_setting_reruns_that_figure_and_the_scoreboard(repo, mirror):
    _edit(repo / "config/config.yaml", "    axial_fractions: [0.01, 0.1]",
          "    axial_fractions: [0.01, 0.2]")
    assert planned_jobs(repo, mirror) == {"hooper2008_fig_sigmav", PAGE, "scoreboard"}


def test_a_key_no_built_job_reads_reruns_nothing(repo, mirror):
    _edit(repo / "config/config.yaml", "    n_m: 120", "    n_m: 121")  # relic.validation only
    assert planned_jobs(repo, mirror) == set()


def test_a_scan_setting_reruns_the_scan_and_nothing_else(repo, mirror):
    _edit(repo / "config/config.yaml", "    n_flux: 160", "    n_flux: 161")  # jho2020.boosted
    assert planned_jobs(repo, mirror) == SCAN


@pytest.mark.parametrize("module", ["src/mevdm/early/relic.py", "src/mevdm/core/units.py",
                                    "src/mevdm/papers/hooper2008/figures.py"])
def test_a_comment_or_docstring_edit_reruns_nothing(repo, mirror, module):
    path = repo / module
    text = path.read_text()
    head, sep, rest = text.partition('"""')
    path.write_text(head + sep + "An edited docstring. " + rest + "\n# a comment added\n")
    assert planned_jobs(repo, mirror) == set()


def test_a_real_kernel_edit_reruns_exactly_the_jobs_that_import_it(repo, mirror):
    """early/relic.py: imported by the ema2021 and hooper2008 figure code and by the constraint
    library (its computed ALP bounds use models.alp, which imports the relic solver)."""
    _edit(repo / "src/mevdm/early/relic.py", "\nimport math\n", "\nimport math\n\n_EDITED = 1\n")
    assert planned_jobs(repo, mirror) == {"ema2021_fig1", "hooper2008_fig_sigmav",
                                          "hooper2008_fig_radiative", PAGE,
                                          "constraints_scalar_ge", "scoreboard"}


def test_a_real_edit_of_a_module_only_one_paper_imports_reruns_only_that_paper(repo, mirror):
    _edit(repo / "src/mevdm/models/u_boson.py", "\nimport math\n", "\nimport math\n\n_EDITED = 1\n")
    assert planned_jobs(repo, mirror) == {"hooper2008_fig_sigmav", "hooper2008_fig_radiative",
                                          PAGE, "scoreboard"}


def test_an_edit_of_a_flux_only_a_computed_limit_also_uses_reruns_only_its_users(repo, mirror):
    """astro/solar_reflection.py: ema2021's analysis imports it; the constraint library's XENONnT
    limit on Sun-reflected DM imports it only when evaluated (sigma_e plane, not built here), so
    hooper2008 and the scalar_ge plane, which import the library but never evaluate that limit,
    stay."""
    _edit(repo / "src/mevdm/astro/solar_reflection.py", "\nimport numpy as np\n",
          "\nimport numpy as np\n\n_EDITED = 1\n")
    assert planned_jobs(repo, mirror) == {"ema2021_fig1", PAGE, "scoreboard"}


def test_a_limit_added_by_the_contributing_steps_is_drawn(repo, mirror):
    """CONTRIBUTING: 'Draw it by listing its name under limits: of a figure' — NA64 2022 added to
    ema2021 fig1's list reruns that figure (and the scoreboard) and the rebuilt JSON names it."""
    import json

    table = repo / "src/mevdm/papers/ema2021/figures.yaml"
    _edit(table, "    limits: [NA64_2019]\n", "    limits: [NA64_2019, NA64_2022]\n")
    assert planned_jobs(repo, mirror) == {"ema2021_fig1", PAGE, "scoreboard"}
    before = (repo / "results/ema2021/fig1.png").read_bytes()
    _snakemake(repo, mirror, *TARGETS)
    drawn = json.loads((repo / "results/ema2021/fig1.json").read_text())["limits_drawn"]
    assert set(drawn) == {"NA64_2019", "NA64_2022"}
    assert (repo / "results/ema2021/fig1.png").read_bytes() != before
