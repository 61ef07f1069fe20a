"""One chunk of a baryakhtar2020 parameter-plane scan (rule baryakhtar2020_scan_chunk); by hand:

    python scripts/baryakhtar2020_scan.py SCAN CHUNK OUT.npz [--mirror ../shared/data]
"""

import argparse

from mevdm.core import config as mconfig
from mevdm.core.data import DataStore
from mevdm.papers.baryakhtar2020.scans import ScanContext, run_chunk, write_chunk


def run(cfg, store, scan, chunk, n_chunks, out):
    configured = int(cfg["baryakhtar2020"]["scans"][scan]["n_chunks"])
    if n_chunks != configured:
        raise ValueError(f"target asks for {n_chunks} chunks of scan {scan}, config has {configured}")
    write_chunk(run_chunk(ScanContext(cfg, store), scan, chunk), out)


if "snakemake" in globals():
    from _helpers import setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    cfg = snakemake.config  # noqa: F821
    wc = snakemake.wildcards  # noqa: F821
    run(cfg, DataStore(mirror=None, cache=cfg["data_cache"]), wc.scan, int(wc.i), int(wc.n),
        snakemake.output[0])  # noqa: F821
    log.info("wrote %s", snakemake.output[0])  # noqa: F821
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scan")
    parser.add_argument("chunk", type=int)
    parser.add_argument("out")
    parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args()
    cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
    n = int(cfg["baryakhtar2020"]["scans"][args.scan]["n_chunks"])
    run(cfg, DataStore.from_config(cfg), args.scan, args.chunk, n, args.out)
