"""Every benchmark in one run: our kernels against their references, measured side by side, and
the workflow's own figures (cold build, no-op, dry run, jobs, -j2 speed-up).

    python benchmarks/run_all.py --mirror ../shared/data [--workflow] [--out results/benchmarks.json]

(`snakemake benchmarks` runs it with the workflow part.) The README's benchmark table is
generated from the JSON by `python scripts/update_readme.py`. Ratios are what carry over
between machines; absolute times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _timing import timeit  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _case(ours_s, reference, reference_s, n=1, agreement=None, note=""):
    out = {"ours_s": ours_s, "reference": reference, "reference_s": reference_s,
           "ratio": (reference_s / ours_s) if reference_s and ours_s else None, "n_points": n}
    if agreement is not None:
        out["max_rel_diff"] = float(agreement)
    if note:
        out["note"] = note
    return out


def kernels(store) -> dict:
    """{name: case} for the kernels users would otherwise run in a peer code or with scipy."""
    from mevdm.astro import solar_upscatter as solar
    from mevdm.core.units import keV
    from mevdm.detectors.xenon1t import Xenon1TSR1
    from mevdm.early import relic
    from mevdm.models import inelastic
    from mevdm.papers.validation.analysis import HAZMA_X_END, hazma_omega_h2

    import bench_solar_detector as bsd

    warnings.simplefilter("ignore")
    out = {}
    cosmo = relic.default_cosmology(store)
    a = 3e-26
    m = np.geomspace(1.0, 100.0, 2000)
    mref = np.geomspace(1.0, 100.0, 3)
    t_full = timeit(lambda: relic.omega_h2(m, a, cosmo=cosmo), repeat=3) / m.size
    t_scalar = timeit(lambda: relic.omega_h2(10.0, a, cosmo=cosmo), repeat=50)
    ours_h = relic.omega_h2(mref, a, cosmo=cosmo, x_start=1.0, x_end=HAZMA_X_END, tail=False)
    t0 = time.perf_counter()
    ref = np.array([relic.omega_h2_scipy(mm, a, cosmo=cosmo, x_end=HAZMA_X_END, rtol=1e-8)
                    for mm in mref])
    t_ref = (time.perf_counter() - t0) / mref.size
    out["relic_omega_h2_batched"] = _case(t_full, "scipy solve_ivp Radau (rtol 1e-8)", t_ref,
                                          m.size, np.max(np.abs(ours_h / ref - 1)))
    out["relic_omega_h2_scalar"] = _case(t_scalar, "scipy solve_ivp Radau (rtol 1e-8)", t_ref, 1)
    if hazma_omega_h2(1.0, a, 0.0) is not None:
        t0 = time.perf_counter()
        hz = np.array([hazma_omega_h2(mm, a, 0.0, rtol=1e-5, atol=1e-3) for mm in mref])
        t_hz = (time.perf_counter() - t0) / mref.size
        out["relic_omega_h2_vs_hazma"] = _case(t_full, "hazma 2.2.0 relic_density ODE (default tol)",
                                               t_hz, m.size, np.max(np.abs(ours_h / hz - 1)))

    sun = solar.SolarCore()
    mc, d = 3.7, 3.5 * keV
    se = inelastic.sigma_e_from_sigmav_ee_cm2(mc, 8.68e-26, 0.5, 3.0)
    K = solar.K_grid(mc, d, sun.T_MeV, 3000)
    t_k = timeit(lambda: solar.flux_spectrum(K, mc, d, se, sun))
    t_r = timeit(lambda: bsd.reference_dphi_dK(K[::100], mc, d, se, sun), repeat=1) * 100
    got = solar.flux_spectrum(K[::100], mc, d, se, sun)
    out["solar_dphi_dK_3000"] = _case(t_k, "scipy.integrate.quad per energy", t_r, K.size,
                                      np.max(np.abs(got / bsd.reference_dphi_dK(K[::100], mc, d, se, sun) - 1)))
    t_k = timeit(lambda: solar.sigmav_up(se, mc, d, sun.T_MeV), repeat=50)
    t_r = timeit(lambda: solar.sigmav_up_numerical(se, mc, d, sun.T_MeV), repeat=1)
    out["solar_sigmav_up"] = _case(t_k, "Eq. 4.5 by numerical quadrature", t_r)
    xe = Xenon1TSR1.load(store)

    def spectrum(e):
        return np.exp(-np.asarray(e) / 5.0)

    t_k = timeit(lambda: xe.fold(spectrum), repeat=50)
    t_r = timeit(lambda: bsd.reference_fold(xe, spectrum, n_bins=1), repeat=1) * 29
    out["xenon1t_fold_29_bins"] = _case(t_k, "nested scipy quad (1 bin, x29)", t_r, 29)
    return out


def _run(cmd, cwd, log):
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    Path(log).write_text(res.stdout + res.stderr)
    if res.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {res.returncode}); see {log}")
    return wall, res.stdout + res.stderr


CPU_LINE = re.compile(r"cpu: start\+imports ([\d.]+) s, compute ([\d.]+) s, save ([\d.]+) s")
# a figure job spends its time on physics (>= 30 % of its CPU) or is cheap (< 1.5 s CPU)
PHYSICS_SHARE, CHEAP_JOB_S = 0.30, 1.5


def figure_jobs(work: Path) -> dict:
    """Per figure job of a build in `work`: CPU by phase (from the 'cpu:' line of its log) and
    whether it meets the target; plus a summary."""
    jobs = {}
    for log in sorted((work / "logs").glob("*/*.log")):
        m = CPU_LINE.search(log.read_text())
        if not m:
            continue
        imports, compute, save = map(float, m.groups())
        total = imports + compute + save
        jobs[f"{log.parent.name}/{log.stem}"] = {
            "cpu_s": total, "imports_s": imports, "compute_s": compute, "save_s": save,
            "compute_share": compute / total,
            "meets_target": compute / total >= PHYSICS_SHARE or total < CHEAP_JOB_S}
    if not jobs:
        return {}
    vals = list(jobs.values())
    return {"jobs": jobs, "summary": {
        "n": len(vals), "meeting_target": sum(v["meets_target"] for v in vals),
        "target": f"compute >= {PHYSICS_SHARE:.0%} of the job's CPU, or < {CHEAP_JOB_S} s CPU",
        "imports_s_median": float(np.median([v["imports_s"] for v in vals])),
        "save_s_median": float(np.median([v["save_s"] for v in vals])),
        "save_s_max": float(np.max([v["save_s"] for v in vals])),
        "save_under_0p5_s": sum(v["save_s"] <= 0.5 for v in vals)}}


def workflow(mirror: str, cores: int = 2) -> dict:
    """Cold build (2 cores and 1 core), no-op rerun and dry run of `snakemake all` in a fresh
    copy of HEAD."""
    snakemake = [sys.executable, "-m", "snakemake"]
    mirror = str(Path(mirror).resolve())
    out = {}
    with tempfile.TemporaryDirectory(prefix="mevdm-bench-") as tmp:
        work = Path(tmp) / "repo"
        subprocess.run(f"git archive HEAD | tar -x -C {tmp} --one-top-level=repo", shell=True,
                       cwd=REPO, check=True)
        cfg = ["--config", f"data_mirror={mirror}"]
        wall, text = _run([*snakemake, "all", "--cores", str(cores), *cfg], work, Path(tmp) / "cold.log")
        out["cold_build_s"] = wall
        jobs = re.findall(r"(\d+) of (\d+) steps \(100%\) done", text)
        out["jobs"] = int(jobs[-1][1]) if jobs else None
        out["noop_s"], _ = _run([*snakemake, "all", "--cores", str(cores), *cfg], work, Path(tmp) / "noop.log")
        out["dry_run_s"], _ = _run([*snakemake, "all", "-n", *cfg], work, Path(tmp) / "dry.log")
        bench = sorted((work / "benchmarks" / "out").rglob("*.tsv"))
        cpu = [float(p.read_text().splitlines()[1].split("\t")[-1]) for p in bench]
        out["cpu_per_job_s"] = {"median": float(np.median(cpu)), "max": float(np.max(cpu)),
                                "total": float(np.sum(cpu))} if cpu else None
        out["figure_jobs"] = figure_jobs(work)
        # the same cold build on one core: the -j2 speed-up of the whole workflow
        shutil.rmtree(work / "results", ignore_errors=True)
        shutil.rmtree(work / ".snakemake", ignore_errors=True)
        out["cold_build_j1_s"], _ = _run([*snakemake, "all", "--cores", "1", *cfg], work,
                                         Path(tmp) / "cold_j1.log")
        out["j2_speedup"] = out["cold_build_j1_s"] / out["cold_build_s"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default=os.environ.get("MEVDM_DATA_MIRROR", str(REPO.parent / "shared" / "data")))
    ap.add_argument("--workflow", action="store_true", help="also time cold/no-op/dry builds (minutes)")
    ap.add_argument("--out", default=str(REPO / "results" / "benchmarks.json"))
    args = ap.parse_args(argv)
    from mevdm.core.data import DataStore
    from mevdm.core.provenance import package_versions

    store = DataStore(mirror=args.mirror, cache=REPO / ".data-cache", allow_download=False)
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform()},
              "packages": package_versions(), "kernels": kernels(store)}
    if args.workflow:
        result["workflow"] = workflow(args.mirror)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, sort_keys=True,
                                         default=lambda v: None if isinstance(v, float) and not math.isfinite(v) else v) + "\n")
    for name, case in sorted(result["kernels"].items()):
        ratio = f"{case['ratio']:.0f}x" if case["ratio"] else "-"
        print(f"{name:32s} ours {case['ours_s'] * 1e6:10.1f} us  vs {case['reference']}: {ratio}")
    for k, v in sorted((result.get("workflow") or {}).items()):
        print(f"workflow {k}: {v}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
