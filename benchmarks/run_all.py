"""Every benchmark in one run: our kernels against their references, and the workflow's cost.

    python benchmarks/run_all.py --mirror ../shared/data [--workflow] [--out results/benchmarks.json]

(`snakemake benchmarks` runs it with the workflow part.)  The README's benchmark table is
generated from the JSON by `python scripts/update_readme.py`.  Against an earlier revision, on
the same work (the files that revision's `all` writes, built cold at both revisions in one sitting):

    python benchmarks/run_all.py --workflow --baseline 961cb46 --same-targets [--rounds 2] [--cores 2]

Method (a referee's checklist):
* ours and the reference run interleaved in one loop (benchmarks/_timing.py), the same inputs
  and the same integration range, `--repeat` rounds; medians and quartiles of both sides;
* every reference is measured on the problem it is compared on, never scaled up; where a
  reference is too slow for the figures' problem, both sides run a smaller complete problem,
  said in the case's "problem";
* every ratio carries the agreement of the two results (max relative difference) computed on
  the very calls that were timed; a case without an agreement raises;
* a peer that cannot be installed or run is recorded with the reason, not skipped silently;
* per-job CPU is read from the jobs' own logs (the `cpu:` line), the cold build's total CPU
  from the kernel's accounting of every process it ran (getrusage of the children), and also
  in units of a fixed single-core calibration workload, so two machines can be compared.
Ratios carry over between machines; absolute times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _timing import clock, interleaved, summary  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PEER_WIMPRATES_REQUIREMENTS = REPO / "requirements" / "peer-wimprates.txt"
PEER_WIMPRATES_VENV = REPO / ".venv-wimprates"


# --- cases ------------------------------------------------------------------------------

def case(timing, *, ours, reference, problem, agreement, n_points=1, note="") -> dict:
    """One comparison: an interleaved timing (per call, or per point after `per_point`), both
    sides described, and the agreement of their results on the timed calls."""
    agreement = float(agreement)
    if not math.isfinite(agreement):
        raise ValueError(f"{ours} vs {reference}: agreement {agreement} is not finite; "
                         "a ratio is not reported without one")
    out = {"ours": ours, "reference": reference, "problem": problem, "n_points": n_points,
           "ours_s": timing["ours"]["median_s"], "reference_s": timing["reference"]["median_s"],
           "ratio": timing["ratio"], "ratio_range": timing["ratio_range"],
           "rounds": timing["rounds"], "max_rel_diff": agreement,
           "ours_timing": timing["ours"], "reference_timing": timing["reference"]}
    if note:
        out["note"] = note
    return out


def max_rel_diff(a, b) -> float:
    """max |a/b - 1| over the points; a point where exactly one side is 0 gives inf."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    both0 = (a == 0) & (b == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(both0, 0.0, np.abs(a / b - 1.0))
    return float(np.max(np.where(np.isnan(d), np.inf, d)))


def relic_cases(store, repeat) -> dict:
    """Omega h^2: batched and scalar against a tight Radau solve to x = 1e5; hazma 2.2 (its
    default and a tight tolerance) on hazma's own range x = 1 ... e^7 without tail."""
    from mevdm.early import relic
    from mevdm.papers.validation.analysis import HAZMA_X_END, hazma_omega_h2

    cosmo = relic.default_cosmology(store)
    a = 3.0e-26
    m = np.geomspace(1.0, 100.0, 1999)
    iref = [0, 999, 1998]  # 1, 10, 100 MeV: the reference's masses are points of the batch
    mref = m[iref]
    radau = dict(x_start=1.0, x_end=1.0e5, rtol=1e-10, atol=1e-13)
    ref_vals = {}

    def reference():
        ref_vals["radau"] = [relic.omega_h2_scipy(mm, a, cosmo=cosmo, **radau) for mm in mref]

    ours_vals = {}

    def ours_batch():
        ours_vals["batch"] = relic.omega_h2(m, a, cosmo=cosmo)

    radau_desc = "scipy solve_ivp Radau, rtol 1e-10, x = 1 ... 1e5 (no tail)"
    # the Radau reference takes seconds per mass: 3 rounds, no warm-up of it (pure Python)
    rounds = max(3, min(repeat, 3))
    t = per_point(interleaved(clock(ours_batch), clock(reference, number=1), repeat=rounds,
                              warmup_reference=False), m.size, mref.size)
    out = {"relic_omega_h2_batched": case(
        t, ours="omega_h2, 1999 masses in one call (x = 3 ... 1e4 + tail, defaults)",
        reference=radau_desc, problem="s-wave a = 3e-26 cm^3/s, m = 1-100 MeV; per mass; "
        "reference at 1, 10, 100 MeV (points of the batch)",
        agreement=max_rel_diff(ours_vals["batch"][iref], ref_vals["radau"]), n_points=m.size)}

    def ours_scalar():
        ours_vals["scalar"] = relic.omega_h2(10.0, a, cosmo=cosmo)

    def ref_scalar():
        ref_vals["scalar"] = relic.omega_h2_scipy(10.0, a, cosmo=cosmo, **radau)

    t = interleaved(clock(ours_scalar), clock(ref_scalar, number=1), repeat=rounds,
                    warmup_reference=False)
    out["relic_omega_h2_scalar"] = case(
        t, ours="omega_h2, one mass (defaults)", reference=radau_desc,
        problem="m = 10 MeV, a = 3e-26 cm^3/s", n_points=1,
        agreement=max_rel_diff(ours_vals["scalar"], ref_vals["scalar"]))

    if hazma_omega_h2(1.0, a, 0.0) is None:
        out["relic_omega_h2_vs_hazma"] = {"unavailable": "hazma not importable (pip install "
                                          "'mevdm[test]' installs hazma 2.2)"}
        return out

    def ours_hz():
        ours_vals["hazma_range"] = relic.omega_h2(m, a, cosmo=cosmo, x_start=1.0,
                                                  x_end=HAZMA_X_END, tail=False)

    for label, tol in (("default", dict(rtol=1e-5, atol=1e-3)), ("tight", dict(rtol=1e-9, atol=1e-10))):
        def ref_hz(tol=tol):
            ref_vals["hazma"] = [hazma_omega_h2(mm, a, 0.0, **tol) for mm in mref]

        t = per_point(interleaved(clock(ours_hz), clock(ref_hz), repeat=repeat), m.size, mref.size)
        out[f"relic_omega_h2_vs_hazma_{label}"] = case(
            t, ours="omega_h2, 1999 masses in one call, x = 1 ... e^7, no tail (hazma's range)",
            reference=f"hazma 2.2 relic_density ODE (rtol {tol['rtol']:g}, atol {tol['atol']:g})",
            problem="s-wave a = 3e-26 cm^3/s, m = 1-100 MeV; per mass; hazma at 1, 10, 100 MeV",
            agreement=max_rel_diff(ours_vals["hazma_range"][iref], ref_vals["hazma"]),
            n_points=m.size)
    return out


def per_point(t, n_ours, n_ref):
    """Rescale an interleaved timing whose sides solve n_ours and n_ref points per call."""
    t = dict(t)
    t["ours"] = {k: (v / n_ours if k.endswith("_s") else v) for k, v in t["ours"].items()}
    t["reference"] = {k: (v / n_ref if k.endswith("_s") else v) for k, v in t["reference"].items()}
    t["ratio"] *= n_ours / n_ref
    t["ratio_range"] = [r * n_ours / n_ref for r in t["ratio_range"]]
    return t


def solar_detector_cases(store, repeat) -> dict:
    """Solar up-scatter flux and <sigma v>, XENON1T folding, against scipy quadratures."""
    from mevdm.astro import solar_upscatter as solar
    from mevdm.core.units import keV
    from mevdm.detectors.xenon1t import Xenon1TSR1
    from mevdm.models import inelastic

    import references

    out = {}
    sun = solar.SolarCore()
    mc, d = 3.7, 3.5 * keV
    se = inelastic.sigma_e_from_sigmav_ee_cm2(mc, 8.68e-26, 0.5, 3.0)
    K = solar.K_grid(mc, d, sun.T_MeV, 300)
    vals = {}
    t = interleaved(clock(lambda: vals.__setitem__("ours", solar.flux_spectrum(K, mc, d, se, sun))),
                    clock(lambda: vals.__setitem__("ref", references.dphi_dK(K, mc, d, se, sun))),
                    repeat=repeat)
    out["solar_dphi_dK"] = case(
        t, ours="flux_spectrum (closed form of the v_e integral)",
        reference="scipy quad over v_e at each K (Eq. 4.2)",
        problem="300 energies K (the figures use 3000; the quad reference would take ~15 s a "
        "round), m = 3.7 MeV, delta = 3.5 keV", agreement=max_rel_diff(vals["ours"], vals["ref"]))

    t = interleaved(clock(lambda: vals.__setitem__("ours", solar.sigmav_up(se, mc, d, sun.T_MeV))),
                    clock(lambda: vals.__setitem__("ref", solar.sigmav_up_numerical(se, mc, d, sun.T_MeV))),
                    repeat=repeat)
    out["solar_sigmav_up"] = case(
        t, ours="sigmav_up (Eq. 4.8, closed form)",
        reference="Eq. 4.5 by nested scipy quad (sigmav_up_numerical, epsrel 1e-10)",
        problem="one (m, delta) = (3.7 MeV, 3.5 keV)", agreement=max_rel_diff(vals["ours"], vals["ref"]))

    xe = Xenon1TSR1.load(store)

    def spectrum(e):
        return np.exp(-np.asarray(e) / 5.0)

    t = interleaved(clock(lambda: vals.__setitem__("ours", xe.fold(spectrum))),
                    clock(lambda: vals.__setitem__("ref", references.fold(xe, lambda e: math.exp(-e / 5.0)))),
                    repeat=repeat)
    out["xenon1t_fold_29_bins"] = case(
        t, ours="Xenon1TSR1.fold (response matrix on 0.02 keV cells)",
        reference="nested scipy quad per bin: int dE' eta(E') int dE dR/dE Gauss (epsrel 1e-6)",
        problem="all 29 bins of dR/dE = exp(-E/5 keV)", agreement=max_rel_diff(vals["ours"], vals["ref"]))
    return out


class PeerProcess:
    """A peer code in its own interpreter, driven one JSON line at a time (peer_wimprates.py)."""

    def __init__(self, python, script):
        self.proc = subprocess.Popen([str(python), str(script)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.hello = self._read()

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"peer exited: {self.proc.stderr.read()[-2000:]}")
        msg = json.loads(line)
        if "error" in msg:
            raise RuntimeError(msg["error"])
        return msg

    def __call__(self, **req):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=30)


def wimprates_python(create=True) -> tuple[Path | None, str]:
    """The interpreter of wimprates' own environment (numpy < 2): $MEVDM_WIMPRATES_PYTHON, or
    .venv-wimprates made from requirements/peer-wimprates.txt; (None, reason) if impossible."""
    env = os.environ.get("MEVDM_WIMPRATES_PYTHON")
    if env:
        return Path(env), f"MEVDM_WIMPRATES_PYTHON={env}"
    py = PEER_WIMPRATES_VENV / "bin" / "python"
    if not py.exists() and create:
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PEER_WIMPRATES_VENV)], check=True,
                           capture_output=True, text=True)
            subprocess.run([str(py), "-m", "pip", "install", "-q", "-r",
                            str(PEER_WIMPRATES_REQUIREMENTS)], check=True, capture_output=True,
                           text=True)
        except subprocess.CalledProcessError as exc:
            shutil.rmtree(PEER_WIMPRATES_VENV, ignore_errors=True)
            return None, f"could not install {PEER_WIMPRATES_REQUIREMENTS.name}: {(exc.stderr or '')[-500:]}"
    return (py, str(PEER_WIMPRATES_VENV)) if py.exists() else (None, "no wimprates environment")


def xe_halo_case(store, repeat) -> dict:
    """Xe ionisation spectrum of halo DM, the full public call, against wimprates 0.5 on the
    same halo (wimprates' defaults, its speed distribution normalisation) and form factors
    (Essig 2017 tables, its binding energies)."""
    from mevdm.core.units import DAY_S, YEAR_S
    from mevdm.detectors import atomic
    from mevdm.detectors.halo_ionization import halo_ionization_rate, truncated_maxwellian_speed_pdf

    import references

    shells = ("5p", "5s", "4d", "4p", "4s")
    # up to 0.25 keV: above it the 4s kinematic window in q (from 202 keV at 0.3 keV) closes on
    # the tables' edge q = 204 keV, where wimprates' default quad is itself uncertain by ~4 %
    # (a tight quad and a 20x finer eta table move its 4s rate at 0.3 keV by 3.5-3.9 %)
    E_R = np.geomspace(0.02, 0.25, 25)
    m, sigma = 1000.0, 4.0e-44
    py, where = wimprates_python()
    if py is None:
        return {"unavailable": f"wimprates 0.5 could not be set up: {where}"}
    try:
        peer = PeerProcess(py, Path(__file__).parent / "peer_wimprates.py")
    except Exception as exc:  # noqa: BLE001 - recorded in the JSON
        return {"unavailable": f"wimprates 0.5 does not run in {where}: {exc}"}
    try:
        peer(cmd="setup", E_R_keV=E_R.tolist(), shells=list(shells), m_MeV=m, sigma_cm2=sigma)
        ref = np.array(peer(cmd="rates")["rates"])  # 1/(kg keV day)
        ff = atomic.EssigFormFactors.load(store, shells)
        ve = references.wimprates_v_earth_km_s()
        pdf = lambda v: truncated_maxwellian_speed_pdf(v, 238.0, 544.0, ve, "wimprates")  # noqa: E731
        vals = {}

        def ours():
            vals["ours"] = halo_ionization_rate(ff, E_R, m, sigma, 0.3, pdf, 544.0 + ve)

        t = interleaved(clock(ours), lambda: peer(cmd="time")["seconds"], repeat=repeat)
        per_t_yr = 1.0e-3 * DAY_S / YEAR_S  # events/(t yr keV) -> /(kg day keV)
        got = vals["ours"] * per_t_yr
        per_shell = {s: max_rel_diff(got[i], ref[i]) for i, s in enumerate(shells)}
        res = case(t, ours="halo_ionization_rate, full public call (form-factor grid cached per "
                   "shell set after the first call)",
                   reference=f"wimprates {peer.hello['wimprates']} rate_dme (numpy "
                   f"{peer.hello['numpy']}, its own environment)",
                   problem=f"{len(shells)} shells x {E_R.size} E_R (0.02-0.25 keV), m = 1 GeV, "
                   "sigma_e = 4e-44 cm^2, Essig 2017 tables, wimprates' halo; one spectrum per call",
                   agreement=max(per_shell.values()), n_points=1)
        res["max_rel_diff_per_shell"] = per_shell
        return {"xe_halo_ionization_spectrum": res}
    finally:
        peer.close()


# --- calibration --------------------------------------------------------------------------

def _python_loop(n=2_000_000):
    acc, x = 0, 1
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        acc += x % (i + 1)
    return acc


def calibration(repeat=5) -> dict:
    """A fixed single-core workload: an integer loop in pure Python and a float loop in numba
    (compiled before timing). Its median CPU time is the machine's unit for the build's CPU."""
    from numba import njit

    @njit(cache=False)
    def numba_loop(n):
        s, x = 0.0, 0.5
        for i in range(n):
            x = 3.9 * x * (1.0 - x)  # logistic map: no vectorisation, one dependent chain
            s += math.sqrt(x + i)
        return s

    def cpu(func):  # CPU seconds, like the build's: another process's load does not count
        t0 = time.process_time()
        func()
        return time.process_time() - t0

    numba_loop(10)
    py = [cpu(_python_loop) for _ in range(repeat)]
    nb = [cpu(lambda: numba_loop(50_000_000)) for _ in range(repeat)]
    unit = float(np.median(py) + np.median(nb))
    return {"python_loop": summary(py), "numba_loop": summary(nb), "unit_s": unit,
            "workload": "2e6 iterations of an integer LCG in pure Python + 5e7 iterations of "
                        "a logistic map with a sqrt in numba, one core"}


# --- workflow -----------------------------------------------------------------------------

CPU_LINE = re.compile(r"cpu: start\+imports ([\d.]+) s, compute ([\d.]+) s, save ([\d.]+) s")


def job_cpu(work: Path) -> dict:
    """Per job of a build in `work`: CPU by phase from the `cpu:` line its own log ends with
    (figure jobs via mevdm.papers.build, scan chunks via scripts/scan_chunk.py)."""
    jobs = {}
    for log in sorted((work / "logs").rglob("*.log")):
        m = CPU_LINE.search(log.read_text(errors="replace"))
        if not m:
            continue
        imports, compute, save = map(float, m.groups())
        jobs[str(log.relative_to(work / "logs").with_suffix(""))] = {
            "cpu_s": imports + compute + save, "imports_s": imports, "compute_s": compute,
            "save_s": save}
    if not jobs:
        return {}
    cpu = np.array([v["cpu_s"] for v in jobs.values()])
    compute = np.array([v["compute_s"] for v in jobs.values()])
    heaviest = sorted(jobs, key=lambda k: -jobs[k]["cpu_s"])[:5]
    return {"jobs": jobs, "summary": {
        "n": len(jobs), "cpu_s_median": float(np.median(cpu)), "cpu_s_max": float(cpu.max()),
        "cpu_s_total": float(cpu.sum()), "compute_s_total": float(compute.sum()),
        "imports_s_median": float(np.median([v["imports_s"] for v in jobs.values()])),
        "save_s_median": float(np.median([v["save_s"] for v in jobs.values()])),
        "heaviest": heaviest}}


def _run(cmd, cwd, log) -> tuple[float, float, str]:
    """(wall s, CPU s of the command and every process it waited for, output); the copy's own
    sources are imported (not the installed package: a baseline revision is another code)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(Path(cwd) / "src")}
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(log).write_text(res.stdout + res.stderr)
    if res.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {res.returncode}); see {log}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, res.stdout + res.stderr


def _copy_of(rev: str, tmp: str) -> Path:
    """A fresh copy of the tracked files of git revision `rev` in tmp/repo."""
    subprocess.run(f"git archive {rev} | tar -x -C {tmp} --one-top-level=repo", shell=True,
                   cwd=REPO, check=True)
    return Path(tmp) / "repo"


def dag_outputs(mirror: str, targets=("all",), rev="HEAD") -> list[str]:
    """The files the build of `targets` at `rev` writes (`snakemake --summary`), without the scan
    chunks (the figures reading them bring them) and the scoreboard (today's reads every
    configured figure, the newer ones too): the same work for another revision."""
    with tempfile.TemporaryDirectory(prefix="mevdm-bench-") as tmp:
        work = _copy_of(rev, tmp)
        cfg = ["--config", f"data_mirror={Path(mirror).resolve()}"]
        _, _, text = _run([sys.executable, "-m", "snakemake", *targets, "--summary", "--cores", "1",
                           *cfg], work, Path(tmp) / "summary.log")
    files = [ln.split("\t")[0] for ln in text.splitlines()
             if ln.startswith("results/") and "\t" in ln]
    return sorted({f for f in files if "/scans/" not in f
                   and not f.startswith("results/scoreboard.")})


def workflow(mirror: str, cores=2, targets=("all",), rev="HEAD", unit_s=None,
             keep_logs: Path | None = None) -> dict:
    """Cold build, no-op rerun and dry run of `snakemake <targets>` in a fresh copy of `rev`,
    with the build's total CPU (also in calibration units) and each job's CPU from its log."""
    snakemake = [sys.executable, "-m", "snakemake"]
    mirror = str(Path(mirror).resolve())
    out = {"rev": subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True,
                                 text=True).stdout.strip(), "targets": list(targets), "cores": cores}
    with tempfile.TemporaryDirectory(prefix="mevdm-bench-") as tmp:
        work = _copy_of(rev, tmp)
        cfg = ["--config", f"data_mirror={mirror}"]
        wall, cpu, text = _run([*snakemake, *targets, "--cores", str(cores), *cfg], work,
                               Path(tmp) / "cold.log")
        out["cold_build_s"], out["cold_build_cpu_s"] = wall, cpu
        if unit_s:
            out["cold_build_cpu_units"] = cpu / unit_s
        steps = re.findall(r"(\d+) of (\d+) steps \(100%\) done", text)
        out["jobs"] = int(steps[-1][1]) if steps else None
        out["noop_s"], _, _ = _run([*snakemake, *targets, "--cores", str(cores), *cfg], work,
                                   Path(tmp) / "noop.log")
        out["dry_run_s"], _, _ = _run([*snakemake, *targets, "-n", *cfg], work, Path(tmp) / "dry.log")
        out["job_cpu"] = job_cpu(work)
        if keep_logs:
            shutil.copytree(work / "logs", keep_logs, dirs_exist_ok=True)
    return out


def alternated_rounds(build, baseline: str, n_rounds: int) -> tuple[dict, dict]:
    """Cold builds ``build(rev)`` of HEAD and ``baseline`` in n_rounds rounds, in the order HEAD,
    baseline, baseline, HEAD, ... (a drift of the machine cancels); returns (HEAD, baseline) of the
    round whose ratio is the median (the lower middle for an even count), HEAD's carrying the
    median ratio (cpu_vs_baseline) and every round (rounds)."""
    rounds = []
    for r in range(n_rounds):
        order = ["HEAD", baseline] if r % 2 == 0 else [baseline, "HEAD"]
        built = {rev: build(rev) for rev in order}
        head, base = built["HEAD"], built[baseline]
        rounds.append({"order": order, "cold_build_cpu_s": head["cold_build_cpu_s"],
                       "baseline_cold_build_cpu_s": base["cold_build_cpu_s"],
                       "ratio": head["cold_build_cpu_s"] / base["cold_build_cpu_s"],
                       "_builds": (head, base)})
    ratios = [r["ratio"] for r in rounds]
    head, base = rounds[sorted(range(n_rounds), key=ratios.__getitem__)[(n_rounds - 1) // 2]]["_builds"]
    for r in rounds:
        del r["_builds"]
    return {**head, "cpu_vs_baseline": float(np.median(ratios)), "rounds": rounds}, base


def machine() -> dict:
    model = ""
    try:
        model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu_model": model or platform.processor(), "cpus": os.cpu_count(),
            "load_at_start": list(os.getloadavg()), "python": platform.python_version(),
            "platform": platform.platform(),
            "started_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default=os.environ.get("MEVDM_DATA_MIRROR") or str(REPO.parent / "shared" / "data"))
    ap.add_argument("--workflow", action="store_true", help="also time the cold/no-op/dry builds (minutes)")
    ap.add_argument("--baseline", metavar="REV", help="also cold-build git REV in the same sitting "
                    "(e.g. the previous release) and report the CPU ratio")
    ap.add_argument("--targets", nargs="+", default=["all"], help="workflow targets (default: all)")
    ap.add_argument("--same-targets", action="store_true",
                    help="with --baseline: build, at both revisions, the files the baseline's build "
                    "of --targets writes (its figures and planes; scan chunks come with the "
                    "figures; the scoreboard is left out): CPU of the same work")
    ap.add_argument("--cores", type=int, default=2, help="cores of the timed builds (default 2)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="with --baseline: cold builds of both revisions this many times, in the "
                    "order HEAD, REV, REV, HEAD, ... (drift of the machine cancels); the ratio is "
                    "the median of the rounds' (default 1)")
    ap.add_argument("--repeat", type=int, default=7, help="interleaved rounds per kernel (>= 3)")
    ap.add_argument("--only", nargs="+", choices=["relic", "solar", "xe", "calibration"],
                    help="run only these kernel groups")
    ap.add_argument("--out", default=str(REPO / "results" / "benchmarks.json"))
    args = ap.parse_args(argv)
    from mevdm.core.data import DataStore
    from mevdm.core.provenance import package_versions

    warnings.simplefilter("ignore")  # quad round-off chatter of the references
    store = DataStore(mirror=args.mirror, cache=REPO / ".data-cache", allow_download=False)
    result = {"machine": machine(), "packages": package_versions(),
              "method": __doc__.split("Method (a referee's checklist):")[1].strip()}
    groups = args.only or ["calibration", "relic", "solar", "xe"]
    if "calibration" in groups:
        result["calibration"] = calibration()
    kernels = {}
    if "relic" in groups:
        kernels.update(relic_cases(store, args.repeat))
    if "solar" in groups:
        kernels.update(solar_detector_cases(store, args.repeat))
    if "xe" in groups:
        kernels.update(xe_halo_case(store, args.repeat))
    result["kernels"] = kernels
    unit = (result.get("calibration") or {}).get("unit_s")
    if args.workflow:
        targets = args.targets
        if args.same_targets:
            if not args.baseline:
                ap.error("--same-targets needs --baseline")
            targets = dag_outputs(args.mirror, args.targets, rev=args.baseline)
            result["same_targets"] = {"baseline": args.baseline, "of": args.targets,
                                      "files": targets}
        if not args.baseline:
            result["workflow"] = workflow(args.mirror, cores=args.cores, targets=targets,
                                          unit_s=unit)
        else:
            if args.rounds < 1:
                ap.error("--rounds must be >= 1")
            result["workflow"], result["workflow_baseline"] = alternated_rounds(
                lambda rev: workflow(args.mirror, cores=args.cores, targets=targets, rev=rev,
                                     unit_s=unit), args.baseline, args.rounds)
        if "calibration" in groups:  # the unit again after the builds: how steady the machine was
            result["calibration_after"] = calibration()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, sort_keys=True,
                                         default=lambda v: None if isinstance(v, float) and not math.isfinite(v) else v) + "\n")
    for name, c in sorted(kernels.items()):
        if "unavailable" in c:
            print(f"{name:34s} unavailable: {c['unavailable']}")
            continue
        print(f"{name:34s} ours {c['ours_s'] * 1e6:11.1f} us  ref {c['reference_s'] * 1e3:10.2f} ms  "
              f"ratio {c['ratio']:10.0f}x [{c['ratio_range'][0]:.0f}-{c['ratio_range'][1]:.0f}]  "
              f"agreement {c['max_rel_diff']:.1e}")
    if unit:
        print(f"calibration unit {unit:.2f} s")
    for part in ("workflow", "workflow_baseline"):
        for k, v in sorted((result.get(part) or {}).items()):
            if k == "targets" and len(v) > 8:
                v = f"{len(v)} files (the JSON lists them)"
            if k != "job_cpu":
                print(f"{part} {k}: {v}")
        if (result.get(part) or {}).get("job_cpu"):
            print(f"{part} job CPU from the logs (sum): {result[part]['job_cpu']['summary']['cpu_s_total']:.1f} s")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
