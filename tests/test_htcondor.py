"""profiles/htcondor, as far as this machine allows: the README's HTCondor command (Snakemake
with the profile and an absolute mirror path) drives snakemake-executor-plugin-htcondor up to
the schedd, and the submit descriptions the plugin hands to it are checked.

Why no real pool runs here: Debian bookworm has no HTCondor package (`apt-cache policy htcondor
condor`: no candidate), the `htcondor` wheel on PyPI holds the Python bindings and client
libraries but no daemons (condor_master, schedd, startd), and HTCondor's own package repository
is outside the package registries this machine reaches. So `htcondor2.Schedd` is replaced, in
the Snakemake process only (a sitecustomize on PYTHONPATH), by a recorder that writes each
submit description to a file and refuses the job; everything before it is the plugin's own code.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = pytest.mark.workflow
htcondor2 = pytest.importorskip("htcondor2", reason="pip install -e '.[htcondor]'")

RECORDER = textwrap.dedent('''
    import os
    import htcondor2


    class RecordingSchedd:
        """Stands for the access point's schedd: keeps the submit description, runs nothing."""

        def __init__(self, *args, **kwargs):
            pass

        def submit(self, description, *args, **kwargs):
            folder = os.environ["MEVDM_CONDOR_RECORD"]
            path = os.path.join(folder, f"{len(os.listdir(folder)):03d}.sub")
            with open(path, "w") as fh:
                fh.write(str(description))
            raise RuntimeError("recorded; no HTCondor pool on this machine")


    htcondor2.Schedd = RecordingSchedd
''')


def run_with_profile(tmp_path, mirror, targets):
    """The README's HTCondor command for the targets, in tmp_path/work, with the recorder."""
    hook, record, work = (tmp_path / d for d in ("hook", "record", "work"))
    for d in (hook, record, work):
        d.mkdir()
    (hook / "sitecustomize.py").write_text(RECORDER)
    mirror = mirror if isinstance(mirror, str) else os.path.abspath(mirror)
    cmd = [sys.executable, "-m", "snakemake", *targets, "-s", str(REPO_ROOT / "Snakefile"),
           "--directory", str(work), "--profile", str(REPO_ROOT / "profiles" / "htcondor"),
           "--config", f"data_mirror={mirror}"]
    env = {**os.environ, "PYTHONPATH": str(hook), "MEVDM_CONDOR_RECORD": str(record), "MPLBACKEND": "Agg"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=work, env=env, timeout=300), record


def submit_descriptions(tmp_path, mirror, targets) -> list[dict]:
    """{key: value} of each submit description the plugin produced for the targets."""
    proc, record = run_with_profile(tmp_path, mirror, targets)
    assert "recorded; no HTCondor pool" in proc.stdout + proc.stderr, (proc.stdout + proc.stderr)[-4000:]
    out = []
    for path in sorted(record.iterdir()):
        text = path.read_text()
        htcondor2.Submit(text)  # the bindings parse it as HTCondor submit language
        out.append(dict(line.split(" = ", 1) for line in text.splitlines() if " = " in line))
    return out


def test_figure_job_submit_description(tmp_path, mirror):
    (sub,) = submit_descriptions(tmp_path, mirror, ["results/hooper2008/fig_radiative.json"])
    assert sub["batch_name"].startswith("hooper2008_fig_radiative-")
    assert sub["executable"] == sys.executable  # the job runs Snakemake of this environment
    args = sub["arguments"]
    assert "-m snakemake" in args and f"--snakefile {REPO_ROOT / 'Snakefile'}" in args
    # the mirror reaches the execute node as an absolute path
    assert f"--config data_mirror={os.path.abspath(mirror)}" in args
    assert sub["request_memory"] == "2000MB" and sub["request_disk"] == "2GB"  # profile defaults
    assert sub["log"] == ".snakemake/htcondor/snakemake-rules.log"  # htcondor-jobdir


def test_tiny_constraint_jobs_go_out_as_one_job(tmp_path, mirror):
    subs = submit_descriptions(tmp_path, mirror, ["results/constraints/sigmav/CMB_swave_ee.csv",
                                                  "results/constraints/pwave_b/CMB_pwave_ee.csv"])
    assert len(subs) == 1, subs  # group-components: constraints
    assert "constraints_sigmav" in subs[0]["arguments"] and "constraints_pwave_b" in subs[0]["arguments"]


def test_relative_mirror_is_refused_before_any_submission(tmp_path, mirror):
    relative = os.path.relpath(mirror, tmp_path / "work")
    proc, record = run_with_profile(tmp_path, relative, ["results/hooper2008/fig_radiative.json"])
    assert proc.returncode != 0 and "is relative; with HTCondor give an absolute" in proc.stderr, proc.stderr[-3000:]
    assert not list(record.iterdir())  # nothing reached the schedd
