"""Data layer: verified paths, clear errors for missing files and checksum mismatches."""

import shutil

import pytest
import yaml

from mevdm.core.data import (DataChecksumError, DataNotFoundError, DataStore, UnknownDatasetError,
                        load_registry, sha256sum)

NAME = "xenon1t_2020_er_sr1/xenon1t_sr1_binned_rate_1to30keV_official.txt"  # route (a), in the mirror


def test_every_mirror_file_is_registered_with_its_checksum(mirror):
    entries = load_registry()
    on_disk = {str(p.relative_to(mirror)) for p in mirror.rglob("*")
               if p.is_file() and p.name not in ("PROVENANCE.md", "README.md")}
    assert on_disk == {n for n, e in entries.items() if not e.upstream_only}
    for name in ("solar_model/ssm_agss09_serenelli2009_full.dat", NAME):
        assert sha256sum(mirror / name) == entries[name].sha256


def test_registry_entries_cite_a_source():
    for entry in load_registry().values():
        assert entry.citation and entry.citation != "TODO", entry.name
        assert entry.route in ("url", "derive", "resource"), f"{entry.name}: no route"


def test_path_comes_from_the_mirror(store, mirror):
    assert store.path(NAME) == mirror / NAME


def test_missing_file_names_dataset_places_and_remedy(tmp_path):
    store = DataStore(mirror=tmp_path, cache=tmp_path / "cache", allow_download=False)
    with pytest.raises(DataNotFoundError) as err:
        store.path(NAME)
    msg = str(err.value)
    assert NAME in msg and "xenon1t_2020_er_sr1" in msg and str(tmp_path) in msg
    assert "data_mirror" in msg or "http" in msg


def test_checksum_mismatch_is_an_error_and_the_file_is_not_used(tmp_path, mirror):
    bad = tmp_path / "mirror"
    (bad / NAME).parent.mkdir(parents=True)
    shutil.copy(mirror / NAME, bad / NAME)
    with open(bad / NAME, "a") as fh:
        fh.write(" ")
    store = DataStore(mirror=bad, cache=tmp_path / "cache", allow_download=False)
    with pytest.raises(DataChecksumError, match="checksum mismatch.*binned_rate"):
        store.path(NAME)


def test_unknown_name_and_missing_mirror_folder(tmp_path, store):
    with pytest.raises(UnknownDatasetError, match="not in the data registry"):
        store.path("nope/file.txt")
    with pytest.raises(DataNotFoundError, match="does not exist"):
        DataStore(mirror=tmp_path / "absent")


def test_materialise_copies_and_verifies(tmp_path, store):
    out = store.materialise(NAME, tmp_path / "x" / "p.json")
    assert sha256sum(out) == store.entry(NAME).sha256


def test_download_path_uses_the_registered_hash(tmp_path, monkeypatch):
    """Offline: pooch is asked for the registry URL with the registry sha256."""
    calls = {}

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        calls.update(url=url, known_hash=known_hash)
        raise OSError("offline")

    import pooch
    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    reg = yaml.safe_load(open(DataStore().registry_path))
    url = reg["datasets"]["xenon1t_2020_er_sr1"]["files"]["xenon1t_sr1_efficiency_official.txt"]["url"]
    store = DataStore(cache=tmp_path)
    with pytest.raises(DataNotFoundError, match="could not download"):
        store.path("xenon1t_2020_er_sr1/xenon1t_sr1_efficiency_official.txt")
    assert calls["url"] == url and calls["known_hash"].startswith("sha256:")
