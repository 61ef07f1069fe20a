"""One chunk of a paper's scan (rule scan_chunk); also runnable by hand:

    python scripts/scan_chunk.py jho2020 fig5 0 4 out.npz [--mirror ../shared/data]
"""

import argparse
import time

from mevdm import configuration as mconfig
from mevdm import scans
from mevdm.build import scan_function
from mevdm.core.data import DataStore
from mevdm.core.registry import scan_spec

if "snakemake" in globals():
    from _helpers import finish, setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    cfg = snakemake.config  # noqa: F821
    w = snakemake.wildcards  # noqa: F821
    cpu0 = time.process_time()  # CPU since the process started: interpreter, imports
    arrays = scans.run_chunk(scan_spec(w.key, w.scan), scan_function(w.key), int(w.i), int(w.n),
                             cfg, DataStore.from_config(cfg, allow_download=False))
    cpu1 = time.process_time()
    scans.write_chunk(arrays, snakemake.output[0])  # noqa: F821
    log.info("wrote %s (%s)", snakemake.output[0],  # noqa: F821
             ", ".join(f"{k}{tuple(v.shape)}" for k, v in sorted(arrays.items())))
    # the chunk's CPU by phase, the same line as a figure job's (benchmarks/run_all.py)
    log.info("cpu: start+imports %.2f s, compute %.2f s, save %.2f s",
             cpu0, cpu1 - cpu0, time.process_time() - cpu1)
    finish()
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("key")
    parser.add_argument("scan")
    parser.add_argument("chunk", type=int)
    parser.add_argument("n_chunks", type=int)
    parser.add_argument("out")
    parser.add_argument("--configfile", default=None)
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args()
    cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
    scans.write_chunk(scans.run_chunk(scan_spec(args.key, args.scan), scan_function(args.key),
                                      args.chunk, args.n_chunks, cfg, DataStore.from_config(cfg)),
                      args.out)
