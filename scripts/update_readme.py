"""Regenerate the README's generated blocks from the results: the reproduction headline from
results/scoreboard.json (`snakemake scoreboard`) and the benchmark table from
results/benchmarks.json (`snakemake benchmarks`).

    python scripts/update_readme.py [--results results] [--readme README.md]

A block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; a missing results file
leaves its block as it is.
"""

import argparse
import json
import re
from pathlib import Path

from mevdm.scoreboard import readme_headline


def _ms(s):
    """A time in s, ms or µs, three digits."""
    return f"{s:,.3g} s" if s >= 1 else f"{s * 1e3:,.3g} ms" if s >= 1e-3 else f"{s * 1e6:,.3g} µs"


def benchmark_table(bench: dict) -> str:
    """The README's benchmark block: one row per kernel comparison (both sides' medians and
    quartiles, the speed-up with its range over the interleaved rounds, the agreement), the
    workflow's cost, and the machine it was measured on."""
    rows = ["| kernel | problem | ours (median [q1–q3]) | reference | reference (median) | "
            "speed-up (median [min–max]) | agreement (max rel. diff.) |",
            "|---|---|---|---|---|---|---|"]
    for name, c in sorted(bench.get("kernels", {}).items()):
        if "unavailable" in c:
            rows.append(f"| {name} | – | – | {c['unavailable']} | – | – | – |")
            continue
        o = c["ours_timing"]
        scale = c["ours_s"] / o["median_s"] if o["median_s"] else 1.0  # per point
        lo, hi = c["ratio_range"]
        rows.append(f"| {name} | {c['problem']} | {_ms(c['ours_s'])} [{_ms(o['q1_s'] * scale)}–"
                    f"{_ms(o['q3_s'] * scale)}] | {c['reference']} | {_ms(c['reference_s'])} | "
                    f"{c['ratio']:,.0f}× [{lo:,.0f}–{hi:,.0f}] | {c['max_rel_diff']:.1e} |")
    cal = bench.get("calibration")
    wf = bench.get("workflow")
    if wf:
        same = bench.get("same_targets")  # run_all --same-targets: the baseline's files
        what = (f"<the {len(wf['targets'])} files of {same['baseline']}'s {' '.join(same['of'])}>"
                if same else ' '.join(wf['targets']))
        rows += ["", "| workflow | value |", "|---|---|",
                 f"| cold `snakemake {what} --cores {wf['cores']}` (commit "
                 f"{wf['rev']}) | {wf['cold_build_s']:.0f} s wall, {wf['cold_build_cpu_s']:.0f} s "
                 f"CPU ({wf['jobs']} jobs) |"]
        if wf.get("cold_build_cpu_units") is not None:
            rows.append(f"| cold build CPU in calibration units | {wf['cold_build_cpu_units']:.1f} |")
        if wf.get("cpu_vs_baseline") is not None:
            base = bench["workflow_baseline"]
            rounds = wf.get("rounds") or [{"cold_build_cpu_s": wf["cold_build_cpu_s"],
                                           "baseline_cold_build_cpu_s": base["cold_build_cpu_s"],
                                           "ratio": wf["cpu_vs_baseline"]}]
            each = "; ".join(f"{r['ratio']:.2f} ({r['cold_build_cpu_s']:.0f} s vs "
                             f"{r['baseline_cold_build_cpu_s']:.0f} s)" for r in rounds)
            how = (f", the median of {len(rounds)} rounds in the order HEAD, {base['rev']}, "
                   f"{base['rev']}, HEAD, ...: {each}" if len(rounds) > 1 else f": {each}")
            rows.append(f"| cold build CPU vs commit {base['rev']} (same sitting) | "
                        f"{wf['cpu_vs_baseline']:.2f}{how} |")
        rows += [f"| no-op rerun | {wf['noop_s']:.1f} s |", f"| dry run | {wf['dry_run_s']:.1f} s |"]
        js = (wf.get("job_cpu") or {}).get("summary")
        if js:
            heavy = ", ".join(f"{k} {wf['job_cpu']['jobs'][k]['cpu_s']:.1f} s" for k in js["heaviest"])
            rows += [f"| CPU per job, from each job's log (median / max / sum of {js['n']}) | "
                     f"{js['cpu_s_median']:.1f} s / {js['cpu_s_max']:.1f} s / {js['cpu_s_total']:.0f} s |",
                     f"| of which compute (sum) / imports (median) / save (median) | "
                     f"{js['compute_s_total']:.0f} s / {js['imports_s_median']:.2f} s / {js['save_s_median']:.2f} s |",
                     f"| heaviest jobs (CPU) | {heavy} |"]
    m = bench.get("machine", {})
    load = m.get("load_at_start")
    text = (f"\nMeasured {m.get('started_utc', '')} on {m.get('cpu_model') or 'an unknown CPU'}, "
            f"{m.get('cpus')} cores, load average at start "
            f"{' / '.join(f'{x:.2f}' for x in load) if load else '?'} (1/5/15 min), Python "
            f"{m.get('python')}")
    if cal:
        text += (f"; calibration unit {cal['unit_s']:.2f} s ({cal['workload']})")
    rows.append(text + ". Generated from `results/benchmarks.json` (`snakemake benchmarks`); "
                "ours and each reference run interleaved in one process.")
    return "\n".join(rows) + "\n"


def replace_block(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README has no <!-- {name}:start --> ... <!-- {name}:end --> block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default="results")
    ap.add_argument("--readme", default="README.md")
    args = ap.parse_args(argv)
    readme = Path(args.readme)
    text = readme.read_text()
    sb = Path(args.results) / "scoreboard.json"
    if sb.is_file():
        text = replace_block(text, "scoreboard", readme_headline(json.loads(sb.read_text())))
    bench = Path(args.results) / "benchmarks.json"
    if bench.is_file():
        text = replace_block(text, "benchmarks", benchmark_table(json.loads(bench.read_text())))
    readme.write_text(text)
    print(f"updated {readme}")


if __name__ == "__main__":
    main()
