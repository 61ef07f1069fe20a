"""Glue for thin Snakemake scripts: the job's log file says what it computed, or why it failed."""

import logging
import sys
import time
import traceback
from pathlib import Path

try:  # a job environment without the installed package (snakemake --sdm conda): use the checkout
    import mevdm  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup_logging(snakemake):
    """Send logging and any uncaught error (traceback + one-line reason) of this job to its log
    file (and stderr); log what the job reads and writes, and its wall time at exit."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        Path(snakemake.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w"))
    # libraries speak at WARNING (fontTools' INFO chatter would drown the job's own lines)
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log = logging.getLogger(snakemake.rule)
    log.setLevel(logging.INFO)
    logging.getLogger("mevdm").setLevel(logging.INFO)
    t0 = time.perf_counter()
    failed = []  # set by the hook: a failed job's log must not end with "done"

    def excepthook(kind, value, tb):
        failed.append(kind)
        log.error("failed after %.1f s:\n%s", time.perf_counter() - t0,
                  "".join(traceback.format_exception(kind, value, tb)).rstrip())
        log.error("reason: %s: %s", kind.__name__, value)
        for handler in handlers:
            handler.flush()

    sys.excepthook = excepthook
    wildcards = dict(snakemake.wildcards.items())
    log.info("rule %s%s: %d inputs -> %s", snakemake.rule,
             f" {wildcards}" if wildcards else "", len(snakemake.input),
             ", ".join(map(str, snakemake.output)))
    import atexit

    atexit.register(lambda: None if failed else log.info("done in %.1f s", time.perf_counter() - t0))
    return log


def finish() -> None:
    """End a job that succeeded without the interpreter's teardown: the exit handlers run (the
    log's "done" line, logging's flush and close, pending finalizers), then the process leaves.
    Freeing every loaded module's objects (numba and LLVM, matplotlib, pandas) at exit cost about
    0.5 s CPU a job, for nothing: the outputs are written and closed by then."""
    import atexit
    import os

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def headline(numbers: dict, limit: int = 25) -> list[str]:
    """The top-level scalar numbers of a figure's JSON, one 'key = value' line each."""
    lines = [f"{k} = {v:.6g}" if isinstance(v, float) else f"{k} = {v}"
             for k, v in numbers.items() if isinstance(v, (int, float, str, bool)) and not k.startswith("_")]
    return lines[:limit] + ([f"... {len(lines) - limit} more in the JSON"] if len(lines) > limit else [])
