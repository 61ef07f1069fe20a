"""The cluster profile on a real SLURM: .ci/slurm.sh installs Debian's slurm-wlm and munge when
missing, starts a one-node cluster (partition `debug`), builds the jho2020 fig5 scan chunks and
hooper2008/fig_radiative through `--profile profiles/slurm` and requires every output
sha256-identical to a local build; the daemons are stopped by PID whatever happens. Never skipped:
on a machine without SLURM the script installs it (root), and fails if it cannot."""

import os
import subprocess
import sys

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = [pytest.mark.slurm, pytest.mark.workflow]
BUDGET_S = 360  # the script's own deadline; the test allows a little more for the cleanup


def test_profile_runs_scans_and_a_figure_on_a_real_slurm_with_identical_bytes(tmp_path, mirror, capsys):
    env = {**os.environ, "PYTHON": sys.executable, "MEVDM_DATA_MIRROR": str(mirror),
           "MEVDM_SLURM_SECONDS": str(BUDGET_S), "MPLBACKEND": "Agg"}
    proc = subprocess.run(["bash", str(REPO_ROOT / ".ci" / "slurm.sh"), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=BUDGET_S + 60)
    out = proc.stdout + proc.stderr
    with capsys.disabled():  # the CI log shows the sbatch submissions, the jobs and the checksums
        print("\n" + "\n".join(line for line in out.splitlines() if line.startswith(
            ("[slurm-ci", "Job ", "results/", "PARTITION", "debug")) or "COMPLETED" in line))
    assert proc.returncode == 0, out[-6000:]
    # 4 scan chunks, 1 figure, and 2 constraint planes batched into 1 group job
    assert out.count("submitted with SLURM jobid") == 6, out[-6000:]
    assert "outputs sha256-identical to the local run" in out
    assert "daemons stopped" in out
