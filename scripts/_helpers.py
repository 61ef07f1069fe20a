"""Glue for thin Snakemake scripts: logging to the rule's log file."""

import logging
import sys


def setup_logging(snakemake):
    """Send logging and uncaught errors of this job to its log file (and stderr)."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w"))
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return logging.getLogger(snakemake.rule)
