"""Shared fixtures: the data mirror beside the repo (../shared/data) and a DataStore on it."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No test is timed (speed is measured in benchmarks/): hypothesis's per-example deadline off.
settings.register_profile("mevdm", deadline=None)
settings.load_profile("mevdm")

from mevdm.core.data import REPO_ROOT, DataStore

MIRROR = Path(os.environ.get("MEVDM_DATA_MIRROR", REPO_ROOT.parent / "shared" / "data"))
# Library calls without an explicit store (DataStore.default) read the same mirror.
os.environ["MEVDM_DATA_MIRROR"] = str(MIRROR)


@pytest.fixture(scope="session")
def mirror() -> Path:
    if not MIRROR.is_dir():
        pytest.fail(f"data mirror {MIRROR} not found; set MEVDM_DATA_MIRROR")
    return MIRROR


@pytest.fixture(scope="session")
def store(mirror, tmp_path_factory) -> DataStore:
    """DataStore reading the mirror, never downloading."""
    return DataStore(mirror=mirror, cache=tmp_path_factory.mktemp("cache"), allow_download=False)
