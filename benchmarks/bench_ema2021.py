"""Speed of the ema2021 kernels (not a test): Xe spectrum and solar-reflected flux.

Prints the time per call of
* the numba Eq. (15) kernel: all shells (5p ... 3s) x 30 recoil energies for one flux,
  form factors pre-interpolated on the fixed (E_R, q) grid (target <= 5 ms), and, interleaved
  with the scipy reference (quad over q per shell and energy) on all shells x 3 energies;
  (the halo case against wimprates is in run_all.py, `--only xe`);
* the solar-reflected flux of Eq. (14) per (M, delta) (target <= 20 ms).

Run: python benchmarks/bench_ema2021.py   (needs the data mirror ../shared/data)
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from mevdm.detectors import atomic
from mevdm.core.data import REPO_ROOT, DataStore
from mevdm.astro.solar_model import load_agss09
from mevdm.astro.solar_reflection import reflected_flux
from mevdm.core.units import keV


def per_call(func, n):
    func()  # compile / warm caches
    t0 = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - t0) / n


def main():
    mirror = Path(os.environ.get("MEVDM_DATA_MIRROR", REPO_ROOT.parent / "shared" / "data"))
    store = DataStore(mirror=mirror, cache="/tmp/mevdm-bench-cache", allow_download=False)
    sun = load_agss09(store)
    ff = atomic.XenonFormFactors.load(store)
    M, sigma, delta = 3.0, 1.9e-38, 3 * keV
    ER = np.geomspace(0.1, 30.0, 30)

    t_flux = per_call(lambda: reflected_flux(sun, M, sigma, delta), 50)
    flux = reflected_flux(sun, M, sigma, delta)
    t_build = per_call(lambda: atomic.XenonRecoilSpectrum.build(ff, ER), 5)
    rs = atomic.XenonRecoilSpectrum.build(ff, ER)
    t_spec = per_call(lambda: rs.per_shell(flux.E_MeV, flux.dphi_dE, M, sigma, delta), 200)

    # the scipy reference on a smaller complete problem, both sides on it (never scaled up):
    # every shell, 3 recoil energies
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from _timing import clock, interleaved

    er3 = ER[[0, 15, 29]]
    rs3 = atomic.XenonRecoilSpectrum.build(ff, er3)
    vals = {}

    def ours3():
        vals["ours"] = rs3.per_shell(flux.E_MeV, flux.dphi_dE, M, sigma, delta)

    def ref3():
        vals["ref"] = np.array([atomic.reference_rate_scipy(ff, sh, er3, flux.E_MeV, flux.dphi_dE,
                                                            M, sigma, delta) for sh in ff.shells])

    t = interleaved(clock(ours3), clock(ref3, number=1), repeat=3)
    ok = vals["ref"] > 0
    agree = np.max(np.abs(vals["ours"][ok] / vals["ref"][ok] - 1))

    print(f"solar-reflected flux (M={M} MeV, delta=3 keV, {flux.E_MeV.size} E x "
          f"{sun.r_cm.size} r): {t_flux * 1e3:8.2f} ms/call   (target <= 20 ms)")
    print(f"Xe spectrum, {len(ff.shells)} shells x {ER.size} E_R, numba kernel:  "
          f"{t_spec * 1e3:8.3f} ms/call   (target <= 5 ms)")
    print(f"  one-off form-factor interpolation on the (E_R, q) grid: {t_build * 1e3:8.2f} ms")
    print(f"Xe spectrum, {len(ff.shells)} shells x 3 E_R, interleaved: numba "
          f"{t['ours']['median_s'] * 1e3:.3f} ms, scipy quad over q {t['reference']['median_s'] * 1e3:.1f} ms, "
          f"speed-up {t['ratio']:,.0f}x [{t['ratio_range'][0]:,.0f}-{t['ratio_range'][1]:,.0f}], "
          f"agreement {agree:.1e}")
    print("halo case against wimprates 0.5: python benchmarks/run_all.py --only xe")


if __name__ == "__main__":
    main()
