"""The one scan mechanism (mevdm.scans): chunks partition the rows, merging restores the scan."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mevdm import scans
from mevdm.core.registry import ScanSpec


@given(st.integers(1, 500), st.data())
def test_chunks_cover_every_row_exactly_once(n_rows, data):
    n_chunks = data.draw(st.integers(1, n_rows))
    rows = np.concatenate([np.arange(n_rows)[scans.chunk_slice(n_rows, n_chunks, i)]
                           for i in range(n_chunks)])
    assert np.array_equal(rows, np.arange(n_rows))
    sizes = [len(range(n_rows)[scans.chunk_slice(n_rows, n_chunks, i)]) for i in range(n_chunks)]
    assert min(sizes) >= 1 and max(sizes) - min(sizes) <= 1  # nearly equal, none empty


@pytest.mark.parametrize("n_rows, n_chunks, i", [(3, 4, 0), (3, 0, 0), (5, 2, 2), (5, 2, -1)])
def test_impossible_chunking_is_refused(n_rows, n_chunks, i):
    with pytest.raises(ValueError, match="n_chunks|chunk index"):
        scans.chunk_slice(n_rows, n_chunks, i)


def test_merge_restores_the_scan_and_checks_shared_axes(tmp_path):
    x = np.linspace(0, 1, 7)
    full = {"x": x, "z": np.outer(x, np.arange(3.0)), "y": np.arange(3.0)}
    paths = []
    for i in range(3):
        sl = scans.chunk_slice(7, 3, i)
        paths.append(tmp_path / f"c{i}.npz")
        scans.write_chunk({"x": x[sl], "z": full["z"][sl], "y": full["y"]}, paths[-1])
    merged = scans.merge_chunks(paths, shared=("y",))
    for k in full:
        np.testing.assert_array_equal(merged[k], full[k])
    bad = [{"x": x[:3], "y": np.arange(3.0)}, {"x": x[3:], "y": np.arange(1.0, 4.0)}]
    with pytest.raises(ValueError, match="shared array 'y'"):
        scans.merge(bad, shared=("y",))


def test_non_finite_chunk_is_refused_naming_the_array(tmp_path):
    with pytest.raises(ValueError, match="'rate'"):
        scans.write_chunk({"rate": np.array([1.0, np.nan])}, tmp_path / "c.npz")
    assert not list(tmp_path.iterdir())  # nothing half-written


@pytest.mark.parametrize("rows, per_row, target, expected", [
    (100, 0.1, 60, 1),      # 10 s of work: one job
    (100, 3.0, 60, 5),      # 300 s: five 60-s chunks
    (100, 3.0, 1, 100),     # a tiny target: one row per job, never more jobs than rows
    (7, 100.0, 60, 7),
])
def test_auto_chunking_follows_the_cost(rows, per_row, target, expected):
    config = {"p": {"grid": {"n": rows, "n_chunks": "auto"}}, "scan_chunk_target_s": target}
    spec = ScanSpec("p", "s", rows="grid.n", n_chunks="grid.n_chunks", seconds_per_row=per_row)
    assert scans.chunk_count(config, spec) == expected
    config["p"]["grid"]["n_chunks"] = 3  # an explicit count wins (a cluster's choice)
    assert scans.chunk_count(config, spec) == 3
