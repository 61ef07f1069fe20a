"""HEPData export of one paper's figures: results/hepdata/<key>/ (submission.yaml, one table per
plotted curve, the figure PNGs) and results/hepdata/<key>.zip. Rule `hepdata_paper`; by hand:

    python scripts/hepdata.py KEY [--results results] [--out results/hepdata]

(by hand: every results/KEY/*.csv is exported).
"""

import argparse
import os
from pathlib import Path

from mevdm.core import hepdata, provenance
from mevdm.scoreboard import load_paper_numbers


def _beside(csv, suffix):
    path = Path(csv).with_suffix(suffix)
    return path if path.is_file() else None


def export(key, csvs, outdir, zip_path):
    figures = [hepdata.Figure(Path(c).stem, Path(c), _beside(c, ".png"), _beside(c, ".json")) for c in csvs]
    mark = (f"mevdm {provenance.package_versions(['mevdm'])['mevdm']}, "
            f"package source sha256 {provenance.source_hash()}")
    subm = hepdata.submission(key, load_paper_numbers(key)["paper"], figures, provenance=mark)
    hepdata.write_submission(subm, outdir, zip_path)
    return subm


if "snakemake" in globals():
    from _helpers import finish, setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    key = snakemake.wildcards.key  # noqa: F821
    subm = export(key, snakemake.input.csv, os.path.dirname(snakemake.output.submission), snakemake.output.zip)  # noqa: F821
    log.info("%s: %d tables from %d figures", key, len(subm["tables"]), len(snakemake.input.csv))  # noqa: F821
    finish()
else:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("key")
    parser.add_argument("--results", default="results")
    parser.add_argument("--out", default="results/hepdata")
    args = parser.parse_args()
    csvs = sorted(Path(args.results, args.key).glob("*.csv"))
    subm = export(args.key, csvs, Path(args.out, args.key), Path(args.out, f"{args.key}.zip"))
    print(f"{args.key}: {len(subm['tables'])} tables -> {args.out}/{args.key}/, {args.out}/{args.key}.zip")
