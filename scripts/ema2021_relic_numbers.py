"""Write results/ema2021/relic_numbers.json (rule ema2021_relic_numbers); also runnable by hand:

    python scripts/ema2021_relic_numbers.py [--mirror ../shared/data] [--out results/ema2021/relic_numbers.json]
"""

import argparse

from mevdm.core import config as mconfig
from mevdm.core import io
from mevdm.early.cosmology import Cosmology
from mevdm.core.data import DataStore
from mevdm.models.ema2021 import relic_numbers

if "snakemake" in globals():
    from _helpers import setup_logging

    setup_logging(snakemake)  # noqa: F821
    cosmo = Cosmology.from_file(snakemake.input.smdof)  # noqa: F821
    io.write_json(relic_numbers(snakemake.config["relic"]["ema2021_numbers"], cosmo),  # noqa: F821
                  snakemake.output[0])  # noqa: F821
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
    parser.add_argument("--mirror", default=None)
    parser.add_argument("--out", default="results/ema2021/relic_numbers.json")
    args = parser.parse_args()
    cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
    cosmo = Cosmology.from_store(DataStore.from_config(cfg))
    io.write_json(relic_numbers(cfg["relic"]["ema2021_numbers"], cosmo), args.out)
