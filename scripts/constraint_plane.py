"""Cached curves of every limit of one named plane (rule constraints_<plane>); by hand:

    python scripts/constraint_plane.py y_aD0p5_r3 [--mirror ../shared/data] [--outdir results/constraints]
"""

import argparse

from mevdm.constraints.workflow import constraint_output, write_plane
from mevdm import configuration as mconfig
from mevdm.core.data import DataStore

if "snakemake" in globals():
    from _helpers import finish, setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    cfg = snakemake.config  # noqa: F821
    p = snakemake.params  # noqa: F821
    outputs = {lim: constraint_output(lim, p.plane) for lim in p.limits}
    for line in write_plane(p.plane, outputs, cfg, DataStore.from_config(cfg, allow_download=False)):
        log.info(line)
    finish()
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plane")
    parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
    parser.add_argument("--mirror", default=None)
    parser.add_argument("--outdir", default="results/constraints")
    args = parser.parse_args()
    cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
    from mevdm.constraints.workflow import cached_pairs

    outputs = {lim: f"{args.outdir}/{args.plane}/{lim}.csv"
               for lim, plane in cached_pairs(cfg) if plane == args.plane}
    for line in write_plane(args.plane, outputs, cfg, DataStore.from_config(cfg)):
        print(line)
