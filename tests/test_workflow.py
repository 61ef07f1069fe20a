"""The Snakemake workflow end to end: lint, dry run of `all`, the fig4/fig5 slice, archive,
determinism, and bad input stopping the run before any job."""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from mevdm.core.archive import members
from mevdm.core.paths import CHECKOUT as REPO_ROOT

pytestmark = pytest.mark.workflow
CONFIG = REPO_ROOT / "config" / "config.yaml"
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile")]


TEST_CONFIG = REPO_ROOT / ".test" / "config" / "config.yaml"  # overlay: a few quick figures


def slice_config(workdir) -> list[Path]:
    """The default config with the .test overlay (baryakhtar2020 fig4/fig5, hooper2008)."""
    return [CONFIG, TEST_CONFIG]


def run(args, workdir, mirror, check=True, configfile=CONFIG):
    files = configfile if isinstance(configfile, list) else [configfile]
    cmd = [*SNAKEMAKE, "--configfile", *map(str, files), "--directory", str(workdir),
           "--config", f"data_mirror={mirror}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return proc


def test_lint_is_clean(tmp_path, mirror):
    proc = run(["--lint"], tmp_path, mirror, check=False)
    assert "Congratulations, your workflow is in a good condition" in proc.stdout + proc.stderr, \
        proc.stdout + proc.stderr


def test_dry_run_of_all_plans_every_configured_figure(tmp_path, mirror):
    proc = run(["-n", "all", "--cores", "1", "--quiet", "rules"], tmp_path, mirror)
    out = proc.stdout + proc.stderr
    assert "baryakhtar2020_fig5" in out and "scan_chunk" in out
    assert "fetch_data" not in out  # with a mirror, jobs read the files in place


@pytest.fixture(scope="module")
def slice_dir(tmp_path_factory, mirror):
    workdir = tmp_path_factory.mktemp("slice")
    run(["--cores", "2", "results/baryakhtar2020/fig4.json", "results/baryakhtar2020/fig5.json"],
        workdir, mirror)
    return workdir


def test_slice_numbers_match_the_paper(slice_dir):
    """Every number baryakhtar2020 prints for figs 4-5 (resources/papers/baryakhtar2020.yaml), graded
    by the scoreboard on the built JSONs under the policy of schema.yaml: the expected statuses
    (a change in the physics or in the grading that moves one fails here)."""
    from mevdm import scoreboard as sb

    rows = {r["id"]: r for r in sb.build(slice_dir / "results")["papers"]["baryakhtar2020"]["rows"]
            if r["figure"] in ("fig4", "fig5")}
    assert {i: r["status"] for i, r in rows.items()} == {
        "flux_ratio_eq4_3": "match", "sigmav_xray": "match", "boltzmann_eq4_16": "match",
        "f_eq4_16": "match", "rate_solar_benchmark": "hypothesis", "v_esc_over_v0_eq4_16": "match",
        "rate_eq4_16": "match"}
    # the hypothesis variant (Eq. 4.15, printed F = 8.0, eta = 1, s = 4 m^2 target) reaches the 60
    assert rows["rate_solar_benchmark"]["variant_grade"] == "match"
    fig5 = json.loads((slice_dir / "results/baryakhtar2020/fig5.json").read_text())
    assert fig5["chi2_B0_plus_solar"] < fig5["chi2_B0"]
    for stem in ("fig4", "fig5"):
        for ext in ("pdf", "png", "csv"):
            assert (slice_dir / f"results/baryakhtar2020/{stem}.{ext}").stat().st_size > 0
    assert fig5["_meta"]["data_sha256"], "provenance of the data used must be recorded"


def test_outputs_are_deterministic(slice_dir, mirror, tmp_path):
    run(["--cores", "1", "results/baryakhtar2020/fig4.pdf"], tmp_path, mirror)
    for ext in ("pdf", "png", "json", "csv"):
        a = (slice_dir / f"results/baryakhtar2020/fig4.{ext}").read_bytes()
        b = (tmp_path / f"results/baryakhtar2020/fig4.{ext}").read_bytes()
        assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest(), ext


def test_archive_holds_figures_numbers_config_and_provenance(slice_dir, mirror):
    run(["--cores", "1", "archive"], slice_dir, mirror, configfile=slice_config(slice_dir))
    names = members(slice_dir / "results/archive/mevdm-results.tar.gz")
    assert "mevdm-results/results/baryakhtar2020/fig5.json" in names
    assert "mevdm-results/results/provenance.json" in names
    assert "mevdm-results/results/config_used.yaml" in names
    prov = json.loads((slice_dir / "results/provenance.json").read_text())
    assert prov["packages"]["numpy"] and prov["data_sha256"]
    # what a co-author or a journal needs beside the figures
    assert "mevdm-results/results/hooper2008/fig_sigmav.pdf" in names  # the .test overlay's figures
    for name in ("results/constraints/dark_photon/NA64_2019.csv", "results/hepdata/baryakhtar2020.zip",
                 "results/hepdata/hooper2008.zip",
                 "results/scoreboard.md", "results/scoreboard.json", "results/scoreboard.html",
                 "CITATION.cff", "LICENSE", "README.md", ".zenodo.json", "results/report.html",
                 "results/report/hooper2008/fig_sigmav.html"):
        assert f"mevdm-results/{name}" in names, name
    assert not [n for n in names if "/chunk" in n], "raw scan chunks stay out (merged summaries go in)"
    archive = slice_dir / "results/archive/mevdm-results.tar.gz"
    with tarfile.open(archive) as tar:
        modes = {m.name: m.mode for m in tar.getmembers()}
        readme = tar.extractfile("mevdm-results/README.md").read().decode()
        zenodo = json.loads(tar.extractfile("mevdm-results/.zenodo.json").read())
        report = tar.extractfile("mevdm-results/results/report.html").read()
    # the manifest names every member and the command that regenerates the archive
    assert all(f"`{n.removeprefix('mevdm-results/')}`" in readme for n in names)
    assert "snakemake archive --cores 2 --configfile mevdm-results/results/config_used.yaml" in readme
    assert zenodo["license"] == "MIT" and zenodo["creators"]
    assert b"Snakemake Report" in report and len(report) > 100_000
    assert set(modes.values()) == {0o644}, modes
    # same bytes when rebuilt from the same results
    first = hashlib.sha256(archive.read_bytes()).hexdigest()
    run(["--cores", "1", "archive", "--forcerun", "archive"], slice_dir, mirror,
        configfile=slice_config(slice_dir))
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == first


def test_snakemake_benchmarks_runs_the_comparison_the_readme_table_shows(tmp_path, mirror):
    """The README's workflow rows (ratio against 961cb46, two alternated rounds) come from the
    command `snakemake benchmarks` runs with the default config."""
    proc = run(["-n", "-p", "benchmarks", "--cores", "1"], tmp_path, mirror)
    assert "run_all.py --workflow --baseline 961cb46 --same-targets --rounds 2" in proc.stdout
    readme = (REPO_ROOT / "README.md").read_text()
    assert "cold build CPU vs commit 961cb46" in readme and "rounds" in readme


@pytest.mark.parametrize("override, message", [
    ("data_mirror=/nonexistent/mirror", "data_mirror"),
    ("figures={baryakhtar2020: [fig99]}", "fig99"),
    ("benchmarks={baseline: 'HEAD; rm -rf ~', rounds: 2}", "baseline"),
    ("benchmarks={baseline: 961cb46, rounds: 0}", "rounds"),
])
def test_bad_config_stops_before_any_job(tmp_path, mirror, override, message):
    proc = subprocess.run([*SNAKEMAKE, "--configfile", str(CONFIG), "--directory", str(tmp_path),
                           "-n", "--cores", "1",
                           "--config", f"data_mirror={mirror}", override],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert not (tmp_path / "results").exists()
