"""HEPData export (mevdm.core.hepdata): units read from the CSV header, one table per curve (or
grid), qualifiers, a deterministic zip, and every submission accepted by HEPData's own validator
(hepdata-validator, the schema the HEPData site applies on upload)."""

import hashlib
import os
import subprocess
import sys
import zipfile

import pytest
import yaml
from hepdata_validator.full_submission_validator import FullSubmissionValidator

from mevdm.core import hepdata
from mevdm.core.paths import CHECKOUT as REPO_ROOT

PAPER = {"key": "toy", "title": "A toy paper", "authors": "A. Author", "arxiv": "2101.00001"}


def _csv(path, header, rows):
    path.write_text("".join(f"# {h}\n" for h in header) + "\n".join(rows) + "\n")
    return path


def _validate(target, **kw):
    v = FullSubmissionValidator()
    ok = v.validate(**kw) if kw else v.validate(directory=str(target))
    msgs = {f: [m.message for m in ms] for f, ms in v.get_messages().items()}
    assert ok, msgs


@pytest.fixture
def toy(tmp_path):
    curves = _csv(tmp_path / "fig1.csv", [
        "toy/fig1: Two curves. |x| marks a modulus.",
        "E_MeV: MeV", "flux_*: flux [cm^-2 s^-1 keV^-1]", "ratio: dimensionless",
        "rate_b: XENON1T events/(t yr), 1-30 keV", "computed at T = 0"],
        ["E_MeV,flux_a,flux_b,ratio,rate_b", "1,2,3,0.5,1e-3", "2,4,nan,0.25,2e-3", "3,8,12,0.125,3e-3"])
    grid = _csv(tmp_path / "fig2.csv", ["toy/fig2: A chi^2 grid.", "m_X_keV: keV", "chi2: Pearson"],
                ["m_X_keV,g_e,chi2", "1,0.1,5", "1,0.2,6", "2,0.1,7", "2,0.2,8"])
    bins = _csv(tmp_path / "fig3.csv", ["toy/fig3: A binned spectrum.", "rates in events/(t yr keV)"],
                ["E_lo_keV,E_hi_keV,data,err,model,panel", "1,2,5,1,4.5,a", "2,3,6,1.5,6.5,a",
                 "1,2,7,1,7.5,b", "2,3,8,2,8.5,b"])
    return tmp_path, curves, grid, bins


def test_units_come_from_the_header_then_from_the_column_name(toy):
    _, curves, *_ = toy
    csv = hepdata.read_figure_csv(curves, "toy", "fig1")
    assert csv.caption == "Two curves. |x| marks a modulus."
    assert csv.units == {"E_MeV": "MeV", "flux_a": "cm^-2 s^-1 keV^-1", "flux_b": "cm^-2 s^-1 keV^-1",
                         "ratio": "", "rate_b": "events/(t yr)"}
    assert csv.general == ["computed at T = 0"]
    grid = hepdata.read_figure_csv(toy[2], "toy", "fig2")
    assert grid.units == {"m_X_keV": "keV", "g_e": "", "chi2": ""}


def test_one_table_per_curve_one_per_grid_and_declared_layouts_validate(toy, tmp_path):
    d, curves, grid, bins = toy
    spec = {"toy": {"fig3": {"bins": [["E_lo_keV", "E_hi_keV"]], "errors": {"data": "err"},
                             "split": ["panel"], "units": {"data": "events/(t yr keV)"}}}}
    figs = [hepdata.Figure("fig1", curves), hepdata.Figure("fig2", grid), hepdata.Figure("fig3", bins)]
    subm = hepdata.submission("toy", PAPER, figs, provenance="test", spec=spec)
    names = [t["name"] for t in subm["tables"]]
    assert names == ["fig1 flux_a", "fig1 flux_b", "fig1 ratio", "fig1 rate_b", "fig2",
                     "fig3 data panel=a", "fig3 model panel=a", "fig3 data panel=b", "fig3 model panel=b"]
    flux_b = subm["tables"][1]["data"]
    assert [v["value"] for v in flux_b["independent_variables"][0]["values"]] == [1, 3]  # NaN row dropped
    dep = flux_b["dependent_variables"][0]
    q = {x["name"]: x["value"] for x in dep["qualifiers"]}
    assert q["paper"].endswith("arXiv:2101.00001") and q["figure"].startswith("toy/fig1")
    assert q["caption"] == "Two curves. |x| marks a modulus." and q["provenance"].startswith("test;")
    g = subm["tables"][4]["data"]
    assert [v["header"]["name"] for v in g["independent_variables"]] == ["m_X_keV", "g_e"]
    data_a = subm["tables"][5]["data"]
    assert data_a["independent_variables"][0]["values"][0] == {"low": 1, "high": 2}
    assert data_a["dependent_variables"][0]["values"][0] == {
        "value": 5, "errors": [{"symerror": 1, "label": "stat"}]}
    files = hepdata.write_submission(subm, tmp_path / "out", tmp_path / "out.zip")
    assert all(oct(f.stat().st_mode & 0o777) == "0o644" for f in files)
    _validate(tmp_path / "out")
    _validate(None, archive=str(tmp_path / "out.zip"))


def test_zip_is_byte_identical_and_world_readable(toy, tmp_path):
    _, curves, *_ = toy
    subm = hepdata.submission("toy", PAPER, [hepdata.Figure("fig1", curves)], provenance="test", spec={})
    digests = []
    for i in range(2):
        hepdata.write_submission(subm, tmp_path / f"o{i}", tmp_path / f"o{i}.zip")
        digests.append(hashlib.sha256((tmp_path / f"o{i}.zip").read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    with zipfile.ZipFile(tmp_path / "o0.zip") as zf:
        assert all((i.external_attr >> 16) & 0o777 == 0o644 for i in zf.infolist())
        assert zf.namelist()[-1] == "submission.yaml" or "submission.yaml" in zf.namelist()


def test_layout_file_names_only_existing_columns():
    spec = hepdata.load_spec()
    for key, figs in spec.items():
        assert (REPO_ROOT / "src" / "mevdm" / "papers" / key / "figures.yaml").is_file(), key
        table = yaml.safe_load((REPO_ROOT / "src" / "mevdm" / "papers" / key / "figures.yaml").read_text())
        assert set(figs) <= set(table["figures"]), (key, set(figs) - set(table["figures"]))


@pytest.mark.workflow
def test_snakemake_hepdata_for_a_paper_validates(tmp_path, mirror):
    """`snakemake results/hepdata/hooper2008.zip`: built from the figure CSVs, validated."""
    cmd = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "--directory", str(tmp_path),
           "--configfile", str(REPO_ROOT / "config" / "config.yaml"), "--cores", "2",
           "--config", f"data_mirror={mirror}", "--", "results/hepdata/hooper2008.zip"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr[-4000:]
    out = tmp_path / "results" / "hepdata"
    _validate(out / "hooper2008")
    _validate(None, archive=str(out / "hooper2008.zip"))
    docs = list(yaml.safe_load_all((out / "hooper2008" / "submission.yaml").read_text()))
    tables = docs[1:]
    figures = yaml.safe_load((REPO_ROOT / "src/mevdm/papers/hooper2008/figures.yaml").read_text())["figures"]
    assert {t["name"].split()[0] for t in tables} == set(figures)
    radiative = [t for t in tables if t["name"].startswith("fig_radiative ")]
    assert len(radiative) == 8  # eight plotted curves (Eq. 2, Eq. 3, scalar, six states)
    data = yaml.safe_load((out / "hooper2008" / radiative[0]["data_file"]).read_text())
    assert data["independent_variables"][0]["header"] == {"name": "m_S_GeV", "units": "GeV"}
    assert data["dependent_variables"][0]["header"]["units"] == "MeV"
