"""Reproduction scoreboard: paper numbers (resources/papers/*.yaml) vs our figure JSONs.
Rule `scoreboard`; also runnable by hand:

    python scripts/scoreboard.py --results results --out results/scoreboard [--headline]

writes results/scoreboard.{md,json,html}; --headline also prints the README block.
"""

import argparse

from mevdm import scoreboard

if "snakemake" in globals():
    from _helpers import finish, setup_logging

    log = setup_logging(snakemake)  # noqa: F821
    sb = scoreboard.build(snakemake.params.results, snakemake.params.papers)  # noqa: F821
    out = snakemake.output  # noqa: F821
    scoreboard.write(sb, out.md, out.json, out.html, results_dir=snakemake.params.results)  # noqa: F821
    log.info("scoreboard:\n%s", scoreboard.readme_headline(sb))
    finish()
else:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default="results", help="results folder (default: results)")
    parser.add_argument("--papers", default=str(scoreboard.PAPERS_DIR), help="folder of <key>.yaml files")
    parser.add_argument("--out", default="results/scoreboard", help="output prefix (default: results/scoreboard)")
    parser.add_argument("--headline", action="store_true", help="print the README headline block")
    args = parser.parse_args()
    sb = scoreboard.build(args.results, args.papers)
    scoreboard.write(sb, f"{args.out}.md", f"{args.out}.json", f"{args.out}.html", results_dir=args.results)
    if args.headline:
        print(scoreboard.readme_headline(sb), end="")
