"""Where the package's tables live: the checkout's ``resources/`` and ``config/`` when run
from a checkout (editable install, tests, Snakemake), else the copies shipped inside the
installed package (``mevdm._resources``, ``mevdm._config``; see pyproject.toml)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[3]  # src/mevdm/core/paths.py -> the repository


def _locate(folder: str, package: str, marker: str) -> Path:
    here = CHECKOUT / folder
    if (here / marker).is_file():
        return here
    spec = importlib.util.find_spec(package)  # a data-only (namespace) package of the wheel
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"neither {here} nor the installed {package} holds {marker}; "
                                "reinstall mevdm (pip install .)")
    return Path(list(spec.submodule_search_locations)[0])


RESOURCES_DIR = _locate("resources", "mevdm._resources", "data_registry.yaml")
CONFIG_DIR = _locate("config", "mevdm._config", "schema.yaml")
IN_CHECKOUT = RESOURCES_DIR == CHECKOUT / "resources"
# Where relative paths in a config (limit_dirs) and the default data cache are resolved.
WORK_ROOT = CHECKOUT if IN_CHECKOUT else Path.cwd()
