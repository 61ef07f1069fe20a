"""The workflow used as a Snakemake `module` from another folder, laid out as `snakedeploy
deploy-workflow` lays it out (config/ copied, workflow/Snakefile declaring the module and using
all its rules), by a Python that has Snakemake but not the mevdm package: the Snakefile finds
the package's sources beside itself. A dry run of `all` plans every configured figure."""

import os
import shutil
import site
import subprocess
import sys

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = pytest.mark.workflow


@pytest.fixture(scope="module")
def python_without_mevdm(tmp_path_factory):
    """A venv that sees this environment's packages (Snakemake, numpy...) but not the editable
    mevdm install (its .pth hook lives in a site dir the new venv does not process)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(target, "parent_env.pth"), "w") as fh:
        fh.write("\n".join(site.getsitepackages()) + "\n")
    probe = subprocess.run([str(python), "-c", "import snakemake, numpy; import mevdm"],
                           capture_output=True, text=True, cwd=venv)
    assert "No module named 'mevdm'" in probe.stderr, probe.stderr  # the premise of the test
    return python


def test_workflow_as_a_module_from_another_folder(tmp_path, mirror, python_without_mevdm):
    shutil.copytree(REPO_ROOT / "config", tmp_path / "config")  # snakedeploy copies config/
    (tmp_path / "workflow").mkdir()
    (tmp_path / "workflow" / "Snakefile").write_text(f'''
configfile: "config/config.yaml"


module mevdm:
    snakefile:
        "{REPO_ROOT / "Snakefile"}"
    config:
        config


use rule * from mevdm
''')
    proc = subprocess.run([str(python_without_mevdm), "-m", "snakemake", "-n", "all", "--cores", "1",
                           "--config", f"data_mirror={mirror}", "--quiet", "rules"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    for rule in ("baryakhtar2020_fig5", "jho2020_fig1", "scan_chunk", "scoreboard", "figure_page"):
        assert rule in out, rule
