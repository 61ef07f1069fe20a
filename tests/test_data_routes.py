"""Every registry file reaches a user's machine without the team's mirror (issue 15):
(a) a pinned URL, (b) a derivation from registered upstream files, (c) a table committed in
resources/data.  The download path is exercised against a local http.server on 127.0.0.1 that
serves only the upstream files (never the derived or committed ones); nothing leaves the machine.
"""

import collections
import http.server
import os
import pickle
import shutil
import subprocess
import sys
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from mevdm.core import derive
from mevdm.core.data import (REPO_ROOT, DataChecksumError, DataNotFoundError, DataStore,
                             RegistryError, load_registry, package_copy, rewrite_url, sha256sum)

ENTRIES = load_registry()
DERIVED = sorted(n for n, e in ENTRIES.items() if e.route == "derive")
RESOURCES = sorted(n for n, e in ENTRIES.items() if e.route == "resource")
RESOURCES_DIR = REPO_ROOT / "resources" / "data"


def upstream_copy(name, mirror):
    """A local copy of a registered upstream file: the mirror's, else the PyPI package's."""
    if (mirror / name).is_file():
        return mirror / name
    return package_copy(ENTRIES[name])


def upstream_closure(name):
    """The url-route files a name is made from (itself, for a url entry)."""
    entry = ENTRIES[name]
    if entry.route == "url":
        return {name}
    return set().union(set(), *(upstream_closure(n) for n in entry.derive_from))


# --- the registry --------------------------------------------------------------------------


def test_every_entry_has_exactly_one_route():
    for entry in ENTRIES.values():
        assert entry.route in ("url", "derive", "resource"), f"{entry.name}: mirror-only"
        if entry.route == "url":
            assert entry.url.startswith("https://"), entry.name
        if entry.route == "derive":
            assert entry.derive_function in derive.DERIVATIONS, entry.name
        if entry.upstream_only:
            assert entry.route == "url", f"{entry.name}: an upstream-only file needs a URL"


def test_urls_pin_a_commit_or_a_release():
    """Raw GitHub URLs name a 40-hex commit or a release tag, never a branch."""
    for entry in ENTRIES.values():
        if entry.route != "url" or "raw.githubusercontent.com" not in entry.url:
            continue
        ref = entry.url.split("/")[5]
        assert (len(ref) == 40 and int(ref, 16) >= 0) or ref.startswith("v"), (entry.name, ref)


def test_a_doubled_route_or_unknown_input_is_refused(tmp_path):
    reg = tmp_path / "r.yaml"
    reg.write_text("datasets:\n  d:\n    citation: c\n    files:\n      f.txt:\n        sha256: ab\n"
                   "        url: https://example.org/f\n        resource: resources/data/d/f.txt\n")
    with pytest.raises(RegistryError, match="exactly one"):
        load_registry(reg)
    reg.write_text("datasets:\n  d:\n    citation: c\n    files:\n      f.txt:\n        sha256: ab\n"
                   "        derive: {from: [d/nope.txt], function: ldmx_y_plane}\n")
    with pytest.raises(RegistryError, match="nope.txt"):
        load_registry(reg)


def test_url_rewrite_keeps_host_and_path():
    url = "https://raw.githubusercontent.com/o/r/abc/a%20b/f.dat"
    assert rewrite_url(url, None) == url
    assert rewrite_url(url, "http://127.0.0.1:8/") == "http://127.0.0.1:8/raw.githubusercontent.com/o/r/abc/a%20b/f.dat"


# --- (c) committed tables ------------------------------------------------------------------


def test_resources_data_holds_exactly_the_registered_tables_with_provenance():
    on_disk = {str(p.relative_to(REPO_ROOT)) for p in RESOURCES_DIR.rglob("*")
               if p.is_file() and p.name != "PROVENANCE.md"}
    assert on_disk == {ENTRIES[n].resource for n in RESOURCES}
    for name in RESOURCES:
        assert ENTRIES[name].resource == f"resources/data/{name}"
        folder = (REPO_ROOT / ENTRIES[name].resource).parent
        while not (folder / "PROVENANCE.md").is_file():
            assert folder != RESOURCES_DIR, f"{name}: no PROVENANCE.md beside it"
            folder = folder.parent
        assert Path(name).name in (folder / "PROVENANCE.md").read_text()


@pytest.mark.parametrize("name", RESOURCES)
def test_committed_table_equals_the_mirror_copy(name, mirror):
    committed = REPO_ROOT / ENTRIES[name].resource
    assert sha256sum(committed) == ENTRIES[name].sha256
    assert sha256sum(mirror / name) == ENTRIES[name].sha256


def test_store_reads_committed_tables_without_a_mirror(tmp_path):
    store = DataStore(mirror=None, cache=tmp_path, allow_download=False)
    for name in RESOURCES:
        assert store.path(name) == REPO_ROOT / ENTRIES[name].resource


def test_xenon1t_counts_reproduce_the_official_release(store):
    """The transcribed GAMBIT counts over the exposure give XENON's own binned-rate release
    (an independent public file) and 285 events in 1-7 keV (arXiv:2006.09721)."""
    import json
    params = json.loads(store.path("xenon1t_2020_er_sr1/xenon1t_sr1_detector_parameters.json").read_text())
    counts = np.loadtxt(store.path("xenon1t_2020_er_sr1/xenon1t_sr1_binned_counts_B0_tritium_gambit.csv"),
                        delimiter=",", comments="#", skiprows=6)
    official = np.loadtxt(store.path("xenon1t_2020_er_sr1/xenon1t_sr1_binned_rate_1to30keV_official.txt"),
                          delimiter=",", comments="#")
    exposure = params["exposure_tonne_year"]
    assert counts.shape == (params["n_bins"], 8) == (official.shape[0], 8)
    np.testing.assert_allclose(0.5 * (counts[:, 0] + counts[:, 1]), official[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(counts[:, 2] / exposure, official[:, 1], rtol=1e-9)
    np.testing.assert_allclose(np.sqrt(counts[:, 2]) / exposure, official[:, 2], rtol=1e-9)
    assert counts[counts[:, 1] <= 7, 2].sum() == 285


def test_binding_energies_match_essig_table_ii(store):
    """Essig column = Table II of arXiv:1703.00910; within 0.5 % of the RHF column; Z = 54."""
    import csv
    path = store.path("xenon_ionization_form_factors/xenon_shell_binding_energies.csv")
    rows = list(csv.DictReader(line for line in path.read_text().splitlines() if not line.startswith("#")))
    essig = {r["shell"]: float(r["E_bind_eV_Essig2017"]) for r in rows if r["E_bind_eV_Essig2017"]}
    assert essig == {"5p": 12.4, "5s": 25.7, "4d": 75.6, "4p": 163.5, "4s": 213.8}
    for r in rows:
        if r["E_bind_eV_Essig2017"]:
            assert float(r["E_bind_eV_RHF"]) == pytest.approx(float(r["E_bind_eV_Essig2017"]), rel=5e-3)
    assert sum(int(r["occupancy"]) for r in rows) == 54


# --- (a) files shipped in PyPI packages ----------------------------------------------------


def test_package_copies_have_the_registered_bytes():
    """Where the registered package version is installed (hazma 2.2.0 is a test dependency),
    its copy has the registry's sha256: the URL and the package hold the same bytes."""
    shipped = [e for e in ENTRIES.values() if e.package]
    assert {e.package for e in shipped} >= {"hazma==2.2.0"}
    checked = 0
    for entry in shipped:
        copy = package_copy(entry)
        if copy is not None:
            assert sha256sum(copy) == entry.sha256, entry.name
            checked += 1
    if not any(package_copy(e) for e in shipped if e.package == "hazma==2.2.0"):
        pytest.skip("hazma 2.2.0 not installed")
    assert checked >= 9


# --- (b) derivations -----------------------------------------------------------------------


@pytest.mark.parametrize("name", DERIVED)
def test_derivation_reproduces_the_mirror_bytes(name, mirror, tmp_path):
    entry = ENTRIES[name]
    inputs = [upstream_copy(n, mirror) for n in entry.derive_from]
    if any(p is None for p in inputs):
        missing = [n for n, p in zip(entry.derive_from, inputs) if p is None]
        pytest.skip(f"upstream {missing} is neither in the mirror nor in an installed "
                    f"{ENTRIES[missing[0]].package}")
    for n, p in zip(entry.derive_from, inputs):
        assert sha256sum(p) == ENTRIES[n].sha256, n
    out = tmp_path / "out"
    derive.derivation(entry.derive_function)(inputs, out)
    assert sha256sum(out) == entry.sha256 == sha256sum(mirror / name)


def _essig_tables(npz_path):
    """{shell: {lnks, lnqs, ffsquared}} in the npz's order (the upstream pickle's layout)."""
    with np.load(npz_path) as z:
        tables = {}
        for key in z.files:
            array, shell = key.rsplit("_", 1)
            tables.setdefault(shell, {})[array] = z[key]
    return tables


def test_npz_derivation_from_a_pickle_of_the_same_arrays(mirror, tmp_path):
    """Without the upstream pickle: a pickle of the mirror's arrays in wimprates' layout goes
    through the numpy-only loader to the mirror's exact npz bytes."""
    name = "xenon_ionization_form_factors/essig2017_wimprates/xe_ionization_ff_essig2017.npz"
    pkl = tmp_path / "ff.pkl"
    pkl.write_bytes(pickle.dumps(_essig_tables(mirror / name), protocol=3))
    derive.wimprates_ionization_npz([pkl], tmp_path / "out.npz")
    assert sha256sum(tmp_path / "out.npz") == ENTRIES[name].sha256


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("payload", [
    {"5p": {"lnks": _Boom()}},
    {"5p": {"lnks": np.zeros(2), "obj": np.array([object()], dtype=object)}},
    {"5p": {"lnks": collections.OrderedDict()}},
])
def test_the_loader_refuses_anything_but_arrays(payload):
    try:
        data = pickle.dumps(payload, protocol=3)
    except (pickle.PicklingError, TypeError):
        pytest.skip("payload cannot be pickled here")
    with pytest.raises(derive.UnsafePickleError, match="refusing"):
        derive.load_numpy_pickle(data)


def test_the_loader_accepts_arrays_and_plain_containers():
    payload = {"a": {"x": np.arange(3.0), "y": np.eye(2, dtype=np.float32)}, "b": [1, "s", 2.5]}
    got = derive.load_numpy_pickle(pickle.dumps(payload, protocol=3))
    np.testing.assert_array_equal(got["a"]["x"], payload["a"]["x"])
    assert got["a"]["y"].dtype == np.float32 and got["b"] == [1, "s", 2.5]


def test_a_derivation_that_misses_the_checksum_is_not_kept(tmp_path, mirror, monkeypatch):
    name = "solar_neutrino_fluxes/solar_nu_fluxes_b16.csv"
    monkeypatch.setitem(derive.DERIVATIONS, "solar_nu_fluxes_b16",
                        lambda inputs, out: Path(out).write_text("not the table\n"))
    cache = tmp_path / "cache"
    (cache / "solar_neutrino_fluxes").mkdir(parents=True)
    shutil.copy(mirror / "solar_neutrino_fluxes/fluxes_b16_upstream.dat",
                cache / "solar_neutrino_fluxes/fluxes_b16_upstream.dat")
    store = DataStore(mirror=None, cache=cache, allow_download=False)
    with pytest.raises(DataChecksumError, match="solar_nu_fluxes_b16"):
        store.path(name)
    assert sorted(p.name for p in (cache / "solar_neutrino_fluxes").iterdir()) == ["fluxes_b16_upstream.dat"]


def test_a_derivation_without_its_inputs_names_them(tmp_path):
    store = DataStore(mirror=None, cache=tmp_path, allow_download=False)
    with pytest.raises(DataNotFoundError, match="cannot derive.*ssm_agss09_serenelli2009_full.dat"):
        store.path("solar_model/solar_profile_agss09_derived.csv")


# --- the whole registry from a local server of upstream files --------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def upstream_server(root: Path):
    """http.server on 127.0.0.1 (port 0) serving ``root``, stopped on exit."""
    handler = lambda *a, **kw: _QuietHandler(*a, directory=str(root), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def upstream_tree(root: Path, mirror: Path) -> set[str]:
    """Lay out every url-route file found (mirror or package) as <host>/<path>; the names
    that could not be laid out."""
    unavailable = set()
    for entry in ENTRIES.values():
        if entry.route != "url":
            continue
        source = upstream_copy(entry.name, mirror)
        if source is None:
            unavailable.add(entry.name)
            continue
        rest = urllib.parse.unquote(entry.url.split("://", 1)[1])
        target = root / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return unavailable


@pytest.fixture(scope="module")
def served(tmp_path_factory, mirror):
    root = tmp_path_factory.mktemp("upstream")
    unavailable = upstream_tree(root, mirror)
    # only upstream files: nothing derived or committed is on the server
    made_here = {ENTRIES[n].sha256 for n in DERIVED + RESOURCES}
    assert not {sha256sum(p) for p in root.rglob("*") if p.is_file()} & made_here
    with upstream_server(root) as prefix:
        yield prefix, unavailable


def _fetch_all(prefix, cache, names, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    store = DataStore(mirror=None, cache=cache, url_prefix=prefix)
    for name in names:
        path = store.path(name)
        assert sha256sum(path) == ENTRIES[name].sha256, name
    return store


def test_store_fetches_every_file_from_upstream_only(served, tmp_path, monkeypatch):
    """No mirror, URLs redirected to the local server: every file the workflow reads is
    downloaded, derived or taken from resources/data, each with the registry's sha256."""
    prefix, unavailable = served
    names = [n for n in DataStore(mirror=None, cache=tmp_path).names()
             if not upstream_closure(n) & unavailable]
    _fetch_all(prefix, tmp_path / "cache", names, monkeypatch)
    assert len(names) >= len(ENTRIES) - 2 - 2 * len(unavailable)
    if unavailable:
        pytest.skip(f"checked {len(names)} files; not served (no mirror copy, package not "
                    f"installed): {sorted(unavailable)}")


def test_store_refuses_a_corrupt_download(tmp_path, mirror, monkeypatch):
    name = "xenon1t_2020_er_sr1/xenon1t_sr1_binned_rate_1to30keV_official.txt"
    root = tmp_path / "srv"
    rest = urllib.parse.unquote(ENTRIES[name].url.split("://", 1)[1])
    (root / rest).parent.mkdir(parents=True)
    (root / rest).write_bytes((mirror / name).read_bytes() + b" ")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with upstream_server(root) as prefix:
        store = DataStore(mirror=None, cache=tmp_path / "cache", url_prefix=prefix)
        with pytest.raises(DataChecksumError, match="binned_rate"):
            store.path(name)
    assert not (tmp_path / "cache" / name).exists()


# --- re-verification of the cache (issue 11 item 6) ------------------------------------------


def _flip_byte_keep_mtime(path: Path):
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_verify_cli_rehashes_a_cached_file_whose_mtime_was_kept(tmp_path, mirror):
    name = "hazma_sm_dof/smdof.dat"
    store = DataStore(mirror=mirror, cache=tmp_path, allow_download=False)
    cached = store.materialise(name, tmp_path / name)
    cmd = [sys.executable, "-m", "mevdm.core.data", "--verify", "--cache", str(tmp_path), name]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert ok.returncode == 0, ok.stderr
    _flip_byte_keep_mtime(cached)
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 1 and "checksum mismatch" in bad.stderr and name in bad.stderr
    # within one process the memo of verified files does not hide it either
    with pytest.raises(DataChecksumError):
        store._check(cached, ENTRIES[name])


# --- snakemake data ------------------------------------------------------------------------

SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"),
             "--configfile", str(REPO_ROOT / "config" / "config.yaml")]


def _snakemake(workdir, *args, env=None, timeout=600):
    return subprocess.run([*SNAKEMAKE, "--directory", str(workdir), *args], cwd=workdir,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src"), **(env or {})})


@pytest.mark.workflow
def test_snakemake_data_rehashes_the_cache(tmp_path, mirror):
    """`snakemake data` re-hashes cached files although no fetch_data job reruns: a flipped
    byte with its mtime kept fails the run, naming the file (issue 11 item 6)."""
    store = DataStore(mirror=mirror, cache=tmp_path / ".data-cache", allow_download=False)
    for name in store.names():  # the cache as an earlier `snakemake data` leaves it
        store.materialise(name, tmp_path / ".data-cache" / name)
    first = _snakemake(tmp_path, "data", "--cores", "1", "--config", f"data_mirror={mirror}")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "fetch_data" not in first.stdout + first.stderr  # only the verification ran
    _flip_byte_keep_mtime(tmp_path / ".data-cache" / "hazma_sm_dof" / "smdof.dat")
    second = _snakemake(tmp_path, "data", "--cores", "1", "--config", f"data_mirror={mirror}")
    assert second.returncode != 0
    log = (tmp_path / "logs" / "data" / "verify.log").read_text()
    assert "checksum mismatch" in log and "hazma_sm_dof/smdof.dat" in log


@pytest.mark.workflow
@pytest.mark.skipif(os.environ.get("MEVDM_TEST_SNAKEMAKE_DATA") != "1",
                    reason="~140 fetch_data jobs: 60-150 s on 2 cores; set MEVDM_TEST_SNAKEMAKE_DATA=1 "
                           "(test_store_fetches_every_file_from_upstream_only covers every file)")
def test_snakemake_data_without_mirror_from_upstream_server(served, tmp_path):
    """The README's online command, with the URLs redirected to the local upstream server."""
    prefix, unavailable = served
    if unavailable:
        pytest.skip(f"upstream files not available to serve: {sorted(unavailable)}")
    proc = _snakemake(tmp_path, "data", "--cores", "2",
                      env={"MEVDM_DATA_URL_PREFIX": prefix, "NO_PROXY": "127.0.0.1,localhost",
                           "no_proxy": "127.0.0.1,localhost"})
    assert proc.returncode == 0, proc.stderr[-5000:]
    for name in DataStore(mirror=None, cache=tmp_path).names():
        assert sha256sum(tmp_path / ".data-cache" / name) == ENTRIES[name].sha256, name
