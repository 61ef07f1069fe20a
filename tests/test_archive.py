"""The results archive (mevdm.core.archive): same bytes for the same files, members 0644,
files outside the working directory stored under their name."""

import hashlib
import os
import tarfile

import pytest

from mevdm.core.archive import member_names, members, write_archive


def test_same_files_give_the_same_bytes_and_members_are_world_readable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "a.csv").write_text("x,y\n1,2\n")
    (tmp_path / "results" / "b.json").write_text("{}")
    os.chmod(tmp_path / "results" / "b.json", 0o600)
    outside = tmp_path.parent / f"{tmp_path.name}_CITATION.cff"
    outside.write_text("cff-version: 1.2.0\n")
    files = ["results/b.json", "results/a.csv", os.path.relpath(outside)]
    digests = []
    for i in range(2):
        write_archive(files, f"out{i}/r.tar.gz")
        digests.append(hashlib.sha256((tmp_path / f"out{i}/r.tar.gz").read_bytes()).hexdigest())
    assert digests[0] == digests[1]  # another temporary name, another folder: same bytes
    assert members("out0/r.tar.gz") == ["mevdm-results/results/a.csv", "mevdm-results/results/b.json",
                                        f"mevdm-results/{outside.name}"]
    with tarfile.open("out0/r.tar.gz") as tar:
        assert {m.mode for m in tar.getmembers()} == {0o644}
        assert {m.mtime for m in tar.getmembers()} == {0}


def test_two_files_under_one_name_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "C.cff").write_text("1")
    other = tmp_path.parent / "C.cff"
    other.write_text("2")
    assert set(member_names(["x/C.cff", os.path.relpath(other)])) == {"x/C.cff", "C.cff"}
    (tmp_path / "C.cff").write_text("3")
    with pytest.raises(ValueError, match="C.cff"):
        member_names(["C.cff", os.path.relpath(other)])
