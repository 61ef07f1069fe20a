"""Glue for thin Snakemake scripts: logging to the rule's log file."""

import logging
import sys
from pathlib import Path

try:  # a job environment without the installed package (snakemake --sdm conda): use the checkout
    import mevdm  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup_logging(snakemake):
    """Send logging and uncaught errors of this job to its log file (and stderr)."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w"))
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return logging.getLogger(snakemake.rule)
