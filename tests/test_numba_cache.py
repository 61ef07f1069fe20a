"""The compiled kernels are compiled once per machine, not once per job.

Every figure and scan job is its own process; a kernel that numba's on-disk cache cannot serve
is compiled again in each of them.  Two ways that happened: an array as a default argument
(numba's cache key holds the array, which never compares equal, so every process missed the
cache and appended one more entry to the index), and a literal method code at a call site
(one compiled copy of the relic secant, and of everything it links, per literal).
"""

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import numpy as np
from numba.core.registry import CPUDispatcher

import mevdm

# a second process reports which kernels it had to compile (cache misses per kernel)
PROBE = """
import json
import numpy as np
from mevdm.astro import galaxy as g
from mevdm.models import alp

alp.I3(0.3)
alp.dI3_dx1(np.linspace(0.3, 0.9, 5), 0.3)
psi = np.linspace(0.01, 1.0, 5)
g.los_rho2_sinh(psi, 1.2, 20.0, 0.3, 8.5, 60.0)
g.los_table(psi, np.linspace(-3, 3, 7), np.linspace(3, -3, 7), 8.5, 60.0)
g.disk_los(psi, psi, 8.5, 30.0)
g.j_lb_grid_kernel(psi, np.ones(5), psi, np.ones(5), 1.2, 20.0, 0.3, 8.5, 60.0)
from mevdm.early import relic

for method in ("full", "semi"):
    relic.sigmav_for_omega(10.0, method=method, rtol=1e-4)
kernels = [alp.I3_kernel, alp.dI3_dx1, g.los_rho2_sinh, g.los_table, g.disk_los, g.j_lb_grid_kernel,
           relic._inverse_kernel]
print(json.dumps({"misses": {k.py_func.__name__: sum(k.stats.cache_misses.values()) for k in kernels},
                  "secant_signatures": len(relic._secant.signatures)}))
"""


def _dispatchers():
    for info in pkgutil.walk_packages(mevdm.__path__, "mevdm."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if isinstance(obj, CPUDispatcher) and obj.py_func.__module__ == info.name:
                yield f"{info.name}.{name}", obj


def test_no_cached_kernel_takes_an_array_default():
    bad = [name for name, d in _dispatchers() if d._cache.__class__.__name__ != "NullCache"
           and any(isinstance(v, np.ndarray) for v in (d.py_func.__defaults__ or ()))]
    assert not bad, f"array default arguments defeat numba's cache: {bad}"


def test_a_second_process_compiles_nothing(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    first, second = (json.loads(subprocess.run([sys.executable, "-c", PROBE], env=env, check=True,
                                                capture_output=True, text=True).stdout)
                     for _ in range(2))
    assert all(v >= 1 for v in first["misses"].values()), first  # the first one compiled them
    # the relic secant compiled once, for the full and the semi-analytic method alike
    assert first["secant_signatures"] == 1, first
    assert second["misses"] == {k: 0 for k in second["misses"]}, f"compiled again: {second}"
