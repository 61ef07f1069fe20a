"""Build one declared figure (rule <key>_<name>); also runnable by hand (or `mevdm figure`):

    python scripts/figure.py baryakhtar2020 fig4 [--mirror ../shared/data] [--outdir results]
"""

import argparse

from mevdm import configuration as mconfig
from mevdm.core.data import DataStore
from mevdm.build import FIGURE_FORMATS, build

if "snakemake" in globals():
    from _helpers import finish, headline, setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    cfg = snakemake.config  # noqa: F821
    store = DataStore.from_config(cfg, allow_download=False)  # the DAG provided the inputs
    inputs = {k: v for k, v in snakemake.input.items() if not k.startswith("data_")}  # noqa: F821
    result = build(snakemake.params.key, snakemake.params.name, cfg,  # noqa: F821
                   outputs=dict(snakemake.output.items()), inputs=inputs, store=store)  # noqa: F821
    for line in headline(result.numbers):
        log.info(line)
    finish()
else:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("key")
    parser.add_argument("name")
    parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
    parser.add_argument("--mirror", default=None, help="data mirror folder")
    parser.add_argument("--outdir", default="results")
    args = parser.parse_args()
    overrides = {"data_mirror": args.mirror} if args.mirror else {}
    cfg = mconfig.load(args.configfile, **overrides)
    outputs = {fmt: f"{args.outdir}/{args.key}/{args.name}.{fmt}" for fmt in FIGURE_FORMATS}
    build(args.key, args.name, cfg, outputs=outputs)
