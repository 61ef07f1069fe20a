"""Benchmark: solar up-scatter kernels and XENON1T folding vs plain scipy.quad references
(the cases of run_all.py: interleaved, references measured on the same problem, agreement).

    python benchmarks/bench_solar_detector.py [--mirror ../shared/data] [--repeat 5]
"""

import argparse
import warnings

from mevdm.astro import solar_upscatter as solar
from mevdm.core.data import REPO_ROOT, DataStore
from mevdm.detectors.xenon1t import Xenon1TSR1
from mevdm.models import inelastic
from mevdm.core.units import keV

from _timing import timeit  # noqa: E402  (benchmarks/ is the script folder)


def main():
    """The solar and XENON1T cases of run_all (interleaved, measured references, agreement),
    plus the solar recoil spectrum alone (no reference: timing of ours only)."""
    import run_all

    warnings.simplefilter("ignore")  # quad round-off chatter in the references
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", default=str(REPO_ROOT.parent / "shared" / "data"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = DataStore(mirror=args.mirror, allow_download=False)
    for name, c in sorted(run_all.solar_detector_cases(store, args.repeat).items()):
        print(f"{name:24s} {c['problem']}\n    ours {c['ours_s'] * 1e6:10.1f} us   {c['reference']}: "
              f"{c['reference_s'] * 1e3:9.2f} ms   speed-up {c['ratio']:,.0f}x "
              f"[{c['ratio_range'][0]:,.0f}-{c['ratio_range'][1]:,.0f}]   agreement {c['max_rel_diff']:.1e}")
    sun = solar.SolarCore()
    m, d = 3.7, 3.5 * keV
    se = inelastic.sigma_e_from_sigmav_ee_cm2(m, 8.68e-26, 0.5, 3.0)
    xe = Xenon1TSR1.load(store)
    t_k = timeit(lambda: solar.recoil_cells(xe.true_edges_keV, m, d, se, sun))
    print(f"solar recoil spectrum, 3000 K x 2000 cells (Eq. 4.10), ours only: {t_k * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
