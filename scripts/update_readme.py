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


def benchmark_table(bench: dict) -> str:
    rows = ["| kernel | ours | reference | reference time | speed-up | agreement |",
            "|---|---|---|---|---|---|"]
    for name, c in sorted(bench.get("kernels", {}).items()):
        agree = f"{c['max_rel_diff']:.1e}" if c.get("max_rel_diff") is not None else "-"
        ratio = f"{c['ratio']:,.0f}×" if c.get("ratio") else "-"
        ref_s = f"{c['reference_s'] * 1e3:,.1f} ms" if c.get("reference_s") else "-"
        rows.append(f"| {name} | {c['ours_s'] * 1e6:,.1f} µs | {c['reference']} | {ref_s} | {ratio} | {agree} |")
    wf = bench.get("workflow")
    if wf:
        rows += ["", "| workflow | value |", "|---|---|",
                 f"| cold `snakemake all --cores 2` | {wf['cold_build_s']:.0f} s ({wf['jobs']} jobs) |",
                 f"| no-op rerun | {wf['noop_s']:.1f} s |", f"| dry run | {wf['dry_run_s']:.1f} s |",
                 f"| cold build on 1 core | {wf['cold_build_j1_s']:.0f} s |",
                 f"| -j2 speed-up (cold build, 1 core / 2 cores) | {wf['j2_speedup']:.2f}× |",
                 f"| CPU per job (median / max) | {wf['cpu_per_job_s']['median']:.1f} s / "
                 f"{wf['cpu_per_job_s']['max']:.1f} s |"]
        fj = (wf.get("figure_jobs") or {}).get("summary")
        if fj:
            rows += [f"| figure jobs: {fj['target']} | {fj['meeting_target']} of {fj['n']} |",
                     f"| figure jobs: imports (median) | {fj['imports_s_median']:.2f} s CPU |",
                     f"| figure jobs: PDF + PNG save (median / max; ≤ 0.5 s) | "
                     f"{fj['save_s_median']:.2f} s / {fj['save_s_max']:.2f} s "
                     f"({fj['save_under_0p5_s']} of {fj['n']} ≤ 0.5 s) |"]
    m = bench.get("machine", {})
    rows.append(f"\nMeasured on {m.get('cpus')} CPUs, Python {m.get('python')} "
                "(`python benchmarks/run_all.py --workflow`).")
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
