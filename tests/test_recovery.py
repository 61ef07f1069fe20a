"""Failures inside the workflow (issue: reliability): a bad config stops `snakemake -n` before
any job with the key named; a failing job leaves its traceback in its log; a run killed with
-9 resumes with the README's one command to the same bytes as a clean build."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = pytest.mark.workflow
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile")]
SMALL = ["results/hooper2008/fig_radiative.json", "results/halp2025/table_b1.json"]


def snakemake(args, workdir, mirror, **kw):
    return subprocess.run([*SNAKEMAKE, "--directory", str(workdir), *args,
                           "--config", f"data_mirror={mirror}"],
                          capture_output=True, text=True, cwd=workdir,
                          env={**os.environ, "MPLBACKEND": "Agg"}, **kw)


@pytest.mark.parametrize("override, key", [
    ("baryakhtar2020={alpha_D: .nan}", "alpha_D"),
    ("xenon1t={fine_bin_keV: -0.02}", "fine_bin_keV"),
    ("relic={omega_h2: 0.12, validation: {m_min_MeV: 100.0, m_max_MeV: 1.0}}", "m_min_MeV"),
    ("constraints={gallery: {planes: [no_such_plane]}}", "no_such_plane"),
    ("jho2020={no_such_key: 1}", "no_such_key"),
])
def test_bad_config_stops_the_dry_run_naming_the_key(tmp_path, mirror, override, key):
    proc = snakemake(["-n", "all", "--cores", "1"], tmp_path, mirror)
    assert proc.returncode == 0, proc.stderr[-2000:]  # the good config plans
    proc = subprocess.run([*SNAKEMAKE, "--directory", str(tmp_path), "-n", "all", "--cores", "1",
                           "--config", f"data_mirror={mirror}", override],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode != 0
    assert key in proc.stdout + proc.stderr
    assert "Finished job" not in proc.stdout + proc.stderr
    assert not (tmp_path / "results").exists()


def test_a_failing_job_logs_its_traceback_and_reason(tmp_path, mirror):
    # a mirror whose g*(T) table is corrupted: the fetch job must fail and say why in its log
    bad = tmp_path / "mirror"
    for d in Path(mirror).iterdir():
        if d.is_dir() and d.name != "hazma_sm_dof":
            (bad / d.name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(d, bad / d.name)
    (bad / "hazma_sm_dof").mkdir()
    text = (Path(mirror) / "hazma_sm_dof" / "smdof.dat").read_text()
    (bad / "hazma_sm_dof" / "smdof.dat").write_text(text.replace("1", "2", 1))
    work = tmp_path / "work"
    work.mkdir()
    proc = snakemake(["--cores", "1", ".data-cache/hazma_sm_dof/smdof.dat"], work, bad)
    assert proc.returncode != 0
    log = (work / "logs" / "data" / "hazma_sm_dof" / "smdof.dat.log").read_text()
    assert "Traceback" in log and "reason:" in log and "sha256" in log
    assert "done in" not in log, log[-500:]  # a failed job's log ends with its reason
    assert not (work / ".data-cache" / "hazma_sm_dof" / "smdof.dat").exists()


def _digests(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "results").rglob("*")) if p.is_file()}


def test_kill_9_then_the_documented_resume_gives_the_clean_bytes(tmp_path, mirror):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    clean.mkdir()
    killed.mkdir()
    proc = snakemake(["--cores", "1", *SMALL], clean, mirror)
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = subprocess.Popen([*SNAKEMAKE, "--directory", str(killed), "--cores", "1", *SMALL,
                            "--config", f"data_mirror={mirror}"], cwd=killed,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ, "MPLBACKEND": "Agg"})
    deadline = time.time() + 120
    while time.time() < deadline and not list((killed / "logs").rglob("*.log")):
        time.sleep(0.2)  # a job has started once it writes its log
    assert run.poll() is None, "the build finished before it could be killed"
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    time.sleep(2)  # let an orphaned job die or finish
    # the README's resume command
    readme = (REPO_ROOT / "README.md").read_text()
    assert "snakemake --unlock && snakemake all --cores 2 --rerun-incomplete" in readme
    proc = subprocess.run(f"{sys.executable} -m snakemake -s {REPO_ROOT / 'Snakefile'} --unlock "
                          f"--config data_mirror={mirror} && {sys.executable} -m snakemake -s "
                          f"{REPO_ROOT / 'Snakefile'} {' '.join(SMALL)} --cores 1 --rerun-incomplete "
                          f"--config data_mirror={mirror}", shell=True, cwd=killed,
                          capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    a, b = _digests(clean), _digests(killed)
    assert a == b
    assert not [p for p in (killed / "results").rglob(".*") if p.is_file()], "partial files left"
