"""results/report.html (rule report_html): `snakemake all --report` on this workflow, with this run's
config, written atomically so that an interrupted run leaves no half report."""

import os
import subprocess
import sys
import tempfile

import yaml

from mevdm.core.io import atomic_path

from _helpers import finish, setup_logging

log = setup_logging(snakemake)  # noqa: F821
with tempfile.TemporaryDirectory() as tmpdir, atomic_path(snakemake.output[0]) as tmp:  # noqa: F821
    config = os.path.join(tmpdir, "config.yaml")
    with open(config, "w") as fh:
        yaml.safe_dump(dict(snakemake.config), fh)  # noqa: F821
    cmd = [sys.executable, "-m", "snakemake", "all", "--snakefile", snakemake.params.snakefile,  # noqa: F821
           "--directory", os.getcwd(), "--configfile", config, "--nolock", "--report", str(tmp)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"snakemake --report failed:\n{proc.stderr[-4000:]}")
log.info("report written: %s", snakemake.output[0])  # noqa: F821
finish()
