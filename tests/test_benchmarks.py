"""The benchmark's bookkeeping (never its timings): the per-phase CPU line a job logs is the
one benchmarks/run_all.py parses; no ratio without an agreement; the interleaving; the README
table generated from the JSON."""

import importlib.util
import logging

import pytest

from mevdm import build as papers
from mevdm import configuration as mconfig
from mevdm.core.paths import CHECKOUT


def _run_all():
    spec = importlib.util.spec_from_file_location("run_all", CHECKOUT / "benchmarks" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_figure_job_logs_the_cpu_line_the_benchmark_reads(mirror, store, tmp_path, caplog):
    cfg = mconfig.load(data_mirror=str(mirror))
    outputs = {fmt: str(tmp_path / f"fig.{fmt}") for fmt in papers.FIGURE_FORMATS}
    with caplog.at_level(logging.INFO, logger="mevdm.papers"):
        papers.build("hooper2008", "fig_radiative", cfg, outputs=outputs, store=store)
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("cpu:"))
    assert _run_all().CPU_LINE.search(line), line


def test_job_cpu_reads_figure_and_scan_chunk_logs(tmp_path):
    # per-job CPU comes from each job's own `cpu:` line (figures and scan chunks), never from
    # Snakemake's benchmark sampler (which caps at ~15 s)
    line = "x INFO cpu: start+imports {:.2f} s, compute {:.2f} s, save {:.2f} s\n"
    (tmp_path / "logs" / "p").mkdir(parents=True)
    (tmp_path / "logs" / "p" / "fig6.log").write_text(line.format(1.1, 38.3, 1.0))
    chunk = tmp_path / "logs" / "p" / "scans" / "s"
    chunk.mkdir(parents=True)
    (chunk / "chunk0of2.log").write_text(line.format(0.2, 5.0, 0.0))
    (tmp_path / "logs" / "p" / "other.log").write_text("no cpu line here\n")
    result = _run_all().job_cpu(tmp_path)
    assert set(result["jobs"]) == {"p/fig6", "p/scans/s/chunk0of2"}
    assert result["summary"]["cpu_s_max"] == pytest.approx(40.4)
    assert result["summary"]["heaviest"][0] == "p/fig6"


def test_no_ratio_without_an_agreement():
    run_all = _run_all()
    timing = {"ours": {"median_s": 1.0}, "reference": {"median_s": 10.0}, "ratio": 10.0,
              "ratio_range": [9.0, 11.0], "rounds": 3}
    with pytest.raises(ValueError, match="agreement"):
        run_all.case(timing, ours="a", reference="b", problem="p", agreement=float("nan"))
    assert run_all.max_rel_diff([1.0, 0.0], [1.0, 0.0]) == 0.0  # both zero: agree
    assert run_all.max_rel_diff([1.0, 1e-30], [1.0, 0.0]) == float("inf")  # one side zero


def test_interleaved_alternates_and_pairs_the_rounds():
    # rounds alternate which side runs first (load drifts hit both), and the ratio is the
    # median of the per-round ratios, not a ratio of independent bests
    import sys
    sys.path.insert(0, str(CHECKOUT / "benchmarks"))
    from _timing import interleaved
    calls, ref_times = [], iter([2.0, 4.0, 8.0, 16.0, 32.0])
    ours = lambda: calls.append("o") or 1.0  # noqa: E731
    ref = lambda: calls.append("r") or next(ref_times)  # noqa: E731
    t = interleaved(ours, ref, repeat=4, warmup=1)
    assert calls == ["o", "r", "o", "r", "r", "o", "o", "r", "r", "o"]
    assert t["ratio"] == 12.0 and t["ratio_range"] == [4.0, 32.0]
    assert t["ours"]["median_s"] == 1.0 and t["reference"]["n"] == 4
    with pytest.raises(ValueError, match="3 rounds"):
        interleaved(ours, ref, repeat=2)


def test_readme_table_generated_from_the_json(tmp_path):
    # the README's benchmark block is what scripts/update_readme.py makes of results/benchmarks.json:
    # every measured ratio with its spread and agreement, a missing peer said as such, the machine
    import json
    import subprocess
    import sys
    res = tmp_path / "results"
    res.mkdir()
    timing = {"median_s": 2e-3, "q1_s": 1.9e-3, "q3_s": 2.2e-3, "min_s": 1.8e-3, "max_s": 3e-3, "n": 5}
    bench = {"machine": {"cpu_model": "Test CPU", "cpus": 2, "load_at_start": [3.0, 2.0, 1.0],
                         "python": "3.11", "started_utc": "2026-12-07T00:00:00+00:00"},
             "calibration": {"unit_s": 1.5, "workload": "fixed loops"},
             "kernels": {"k": {"ours": "ours", "reference": "ref code", "problem": "3 points",
                               "ours_s": 2e-3, "reference_s": 0.5, "ratio": 250.0,
                               "ratio_range": [200.0, 300.0], "max_rel_diff": 3e-4,
                               "ours_timing": timing, "reference_timing": timing},
                         "peer": {"unavailable": "wimprates could not be installed"}}}
    (res / "benchmarks.json").write_text(json.dumps(bench))
    readme = tmp_path / "README.md"
    readme.write_text("top\n<!-- benchmarks:start -->\nold\n<!-- benchmarks:end -->\n")
    subprocess.run([sys.executable, str(CHECKOUT / "scripts" / "update_readme.py"), "--results",
                    str(res), "--readme", str(readme)], check=True, capture_output=True)
    text = readme.read_text()
    assert "| k | 3 points | 2 ms [1.9 ms–2.2 ms] | ref code | 500 ms | 250× [200–300] | 3.0e-04 |" in text
    assert "wimprates could not be installed" in text
    assert "Test CPU, 2 cores, load average at start 3.00 / 2.00 / 1.00" in text and "old" not in text


def test_baseline_rounds_alternate_and_report_their_median(tmp_path, monkeypatch):
    """run_all.py --baseline REV --rounds 3 (the command `snakemake benchmarks` runs): cold builds in
    the order HEAD, REV, REV, HEAD, HEAD, REV; the ratio is the median of the rounds' ratios, and the
    README row gives every round (the builds stubbed: bookkeeping, not timings)."""
    import json
    import subprocess
    import sys

    run_all = _run_all()
    cpu = iter([100.0, 200.0, 150.0, 90.0, 80.0, 200.0])  # ratios 0.5, 0.6, 0.4 -> median 0.5
    calls = []

    def fake_workflow(mirror, cores=2, targets=("all",), rev="HEAD", unit_s=None, keep_logs=None):
        calls.append(rev)
        return {"rev": rev, "targets": list(targets), "cores": cores, "cold_build_s": 1.0,
                "cold_build_cpu_s": next(cpu), "jobs": 3, "noop_s": 1.0, "dry_run_s": 1.0}

    monkeypatch.setattr(run_all, "workflow", fake_workflow)
    monkeypatch.setattr(run_all, "dag_outputs", lambda *a, **k: ["results/a.json"])
    monkeypatch.setattr(run_all, "calibration", lambda repeat=5: {"unit_s": 0.5, "workload": "fixed loops"})
    out = tmp_path / "results" / "benchmarks.json"
    run_all.main(["--workflow", "--baseline", "abc1234", "--same-targets", "--rounds", "3",
                  "--only", "calibration", "--out", str(out)])
    assert calls == ["HEAD", "abc1234", "abc1234", "HEAD", "HEAD", "abc1234"]
    bench = json.loads(out.read_text())
    wf = bench["workflow"]
    assert wf["cpu_vs_baseline"] == pytest.approx(0.5)
    assert [r["ratio"] for r in wf["rounds"]] == pytest.approx([0.5, 0.6, 0.4])
    assert wf["cold_build_cpu_s"] == 100.0 and bench["workflow_baseline"]["cold_build_cpu_s"] == 200.0
    bench["machine"] = {"cpu_model": "Test CPU", "cpus": 2, "load_at_start": [0.0, 0.0, 0.0]}
    out.write_text(json.dumps(bench))
    readme = tmp_path / "README.md"
    readme.write_text("<!-- benchmarks:start -->\n<!-- benchmarks:end -->\n")
    subprocess.run([sys.executable, str(CHECKOUT / "scripts" / "update_readme.py"), "--results",
                    str(out.parent), "--readme", str(readme)], check=True, capture_output=True)
    assert ("| cold build CPU vs commit abc1234 (same sitting) | 0.50, the median of 3 rounds in the "
            "order HEAD, abc1234, abc1234, HEAD, ...: 0.50 (100 s vs 200 s); 0.60 (90 s vs 150 s); "
            "0.40 (80 s vs 200 s) |") in readme.read_text()
