# Reproduction scoreboard: every number each paper prints (resources/papers/<key>.yaml, read via
# the package so it works with --directory) against our figure JSONs -> results/scoreboard.*.

import os

import mevdm.scoreboard

SCOREBOARD_KEYS = mevdm.scoreboard.paper_keys(mevdm.scoreboard.PAPERS_DIR)
# relative to the working directory: a moved checkout reruns nothing
SCOREBOARD_PAPERS = [os.path.relpath(mevdm.scoreboard.PAPERS_DIR / f"{k}.yaml") for k in SCOREBOARD_KEYS]
# Validate at DAG-build time: a bad file (missing field, unknown status) stops the run before any job.
for _key in SCOREBOARD_KEYS:
    mevdm.scoreboard.load_paper_numbers(_key)

# `all` builds it, so `snakemake all --report` shows it (category scoreboard)
EXTRA_TARGETS.extend(["results/scoreboard.md", "results/scoreboard.json", "results/scoreboard.html"])


rule scoreboard:
    input:
        figures=[p for p in all_figure_outputs() if p.endswith(".json")],
        papers=SCOREBOARD_PAPERS,
        schema=os.path.relpath(mevdm.scoreboard.SCHEMA_PATH),
    output:
        md="results/scoreboard.md",
        json="results/scoreboard.json",
        html=report("results/scoreboard.html", category="scoreboard"),
    params:
        results=lambda w, output: os.path.dirname(output.json),  # the results folder
        papers=lambda w, input: os.path.dirname(input.schema),  # resources/papers
    log:
        "logs/scoreboard.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/scoreboard.py"
