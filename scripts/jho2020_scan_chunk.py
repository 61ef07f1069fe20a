"""One chunk of the jho2020 Fig. 5 scan (rule jho2020_fig5_chunk); also runnable by hand:

    python scripts/jho2020_scan_chunk.py CHUNK OUT.npz [--mirror ../shared/data]
"""

import argparse

import numpy as np

from mevdm.core import config as mconfig
from mevdm.core.data import DataStore
from mevdm.papers.jho2020.figures import fig5_scan_chunk
from mevdm.core.io import atomic_path


def run(cfg, store, chunk, out):
    result = fig5_scan_chunk(cfg, store, chunk)
    with atomic_path(out) as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **result)


if "snakemake" in globals():
    from _helpers import setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    cfg = snakemake.config  # noqa: F821
    run(cfg, DataStore(mirror=None, cache=cfg["data_cache"]), snakemake.params.chunk,  # noqa: F821
        snakemake.output[0])  # noqa: F821
    log.info("wrote %s", snakemake.output[0])  # noqa: F821
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("chunk", type=int)
    parser.add_argument("out")
    parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args()
    cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
    run(cfg, DataStore.from_config(cfg), args.chunk, args.out)
