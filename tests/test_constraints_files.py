"""Limit files: every shipped file validates; bad files fail naming file and field; a new file
appears in the gallery with no code change."""

import json

import pytest
import yaml

from mevdm.constraints import LIMITS_DIR, library
from mevdm.constraints.library import LimitFileError, load_limit_file

GOOD = {
    "name": "TEST_limit",
    "label": "Test limit",
    "citation": {"text": "NA64 2017 as a test", "arxiv": "1710.00971", "bibtex": "NA64:2017vtt"},
    "confidence_level": 0.9,
    "projection": False,
    "excluded": "above",
    "kind": "data",
    "data": {"registry": "darkcast_limits/limits/NA64_Banerjee2017hhz.lmt",
             "mass_unit": "GeV", "coupling_unit": "1"},
    "published_plane": {"kind": "dark_photon"},
    "production": "e_brem",
    "decay": "invisible",
    "recast_to": ["vector_ge", "scalar_ge", "y"],
}


def _write(tmp_path, spec, name="TEST_limit"):
    p = tmp_path / f"{name}.yaml"
    p.write_text(yaml.safe_dump(spec))
    return p


def test_all_shipped_files_valid(store):
    lib = library(store=store)
    assert len(lib) >= 25
    lib.validate_data()  # reads every data file: signs, monotonicity, columns
    for lim in lib:
        assert lim.citation["text"]
        for d in lim.data_names:
            store.entry(d)  # registered


def test_good_file_loads(tmp_path, store):
    lim = load_limit_file(_write(tmp_path, GOOD), store)
    c = lim.curve("scalar_ge")
    assert len(c.mass_MeV) > 10


@pytest.mark.parametrize("mutate, field", [
    (lambda s: s.pop("citation"), "citation"),
    (lambda s: s["data"].pop("mass_unit"), "mass_unit"),
    (lambda s: s["data"].update(mass_unit="furlong"), "data.mass_unit"),
    (lambda s: s["data"].update(coupling_unit="cm^2"), "data.coupling_unit"),
    (lambda s: s.update(recast_to=["vector_ge", "alp_chi"]), "recast_to.1"),
    (lambda s: s.update(production="e_annihilation", recast_to=["scalar_ge"]), "recast_to.0"),
    (lambda s: s.update(published_plane={"kind": "nonsense"}), "published_plane.kind"),
    (lambda s: s.update(published_plane={"kind": "y", "alpha_D": 0.1}), "published_plane"),
    (lambda s: s.update(excluded="sideways"), "excluded"),
    (lambda s: s.update(name="other"), "name"),
    (lambda s: s.update(typo_field=1), "<top level>"),
])
def test_bad_file_names_file_and_field(tmp_path, store, mutate, field):
    spec = json.loads(json.dumps(GOOD))
    mutate(spec)
    path = _write(tmp_path, spec)
    with pytest.raises(LimitFileError) as exc:
        load_limit_file(path, store)
    msg = str(exc.value)
    assert str(path) in msg and f"field '{field}'" in msg, msg


@pytest.mark.parametrize("rows, what", [
    ("1.0e-3 1.0e-5\n2.0e-3 -1.0e-5\n3.0e-3 2.0e-5\n", "negative"),
    ("1.0e-3 1.0e-5\n3.0e-3 1.5e-5\n2.0e-3 2.0e-5\n", "not monotonic"),
])
def test_bad_data_fails(tmp_path, rows, what):
    """Negative or non-monotonic data fail when read, naming the limit file and the data field."""
    from mevdm.core.data import DataStore
    import hashlib

    mirror = tmp_path / "mirror"
    (mirror / "bad").mkdir(parents=True)
    (mirror / "bad" / "curve.txt").write_text("# m eps\n" + rows)
    sha = hashlib.sha256((mirror / "bad" / "curve.txt").read_bytes()).hexdigest()
    reg = tmp_path / "registry.yaml"
    reg.write_text(yaml.safe_dump({"datasets": {"bad": {"citation": "test", "files": {
        "curve.txt": {"sha256": sha, "url": None}}}}}))
    store = DataStore(mirror=mirror, cache=tmp_path / "c", registry=reg, allow_download=False)
    spec = json.loads(json.dumps(GOOD))
    spec["data"]["registry"] = "bad/curve.txt"
    path = _write(tmp_path, spec)
    lim = load_limit_file(path, store)
    with pytest.raises(LimitFileError, match=what) as exc:
        lim.published()
    assert str(path) in str(exc.value) and "field 'data" in str(exc.value)


def test_new_file_appears_in_gallery(tmp_path, store):
    """Adding a limit = adding a YAML file: it shows up in the gallery JSON, no code change."""
    from mevdm.configuration import load
    from mevdm.build import build

    extra = tmp_path / "limits"
    extra.mkdir()
    _write(extra, GOOD)
    cfg = load(data_mirror=str(store.mirror))
    cfg["constraints"]["limit_dirs"] = [str(LIMITS_DIR), str(extra)]
    cfg["constraints"]["gallery"] = {"planes": ["dark_photon", "scalar_ge"], "ncols": 2}
    out = tmp_path / "constraints_gallery.json"
    build("all", "constraints_gallery", cfg, outputs={"json": out, "csv": tmp_path / "g.csv"},
          store=store)
    numbers = json.loads(out.read_text())
    lim = numbers["limits"]["TEST_limit"]
    assert lim["shown_in"] == ["dark_photon", "scalar_ge"]
    assert lim["citation"]["arxiv"] == "1710.00971"
    assert any("R_scalar" in s for s in lim["recast_steps"]["scalar_ge"])
    assert "TEST_limit" in (tmp_path / "g.csv").read_text()
    assert numbers["checks"]["NA64_2019_identity_max_rel_dev"] == 0.0
