# One HTML page per configured figure for `snakemake all --report report.html`
# (src/mevdm/report_page.py): the PNG, the caption typeset, the paper's printed numbers
# beside ours, the JSON's departures from the paper and its headline numbers. `all` builds them.

import mevdm.report_page

REPORT_PAGES = [f"results/report/{k}/{n}.html" for k, n in configured_figures()]
EXTRA_TARGETS.extend(REPORT_PAGES)


rule figure_page:
    input:
        json="results/{key}/{name}.json",
        png="results/{key}/{name}.png",
        # resources/papers/<key>.yaml when the paper has one (its rows go on the page)
        paper=lambda w: [os.path.relpath(p) for p in [mevdm.scoreboard.PAPERS_DIR / f"{w.key}.yaml"]
                         if p.is_file()],
    output:
        report("results/report/{key}/{name}.html", caption="../report/figure.rst",
               category="{key}", labels={"figure": "{name}"}),
    params:
        caption=lambda w: mevdm.report_page.Caption(FIGURE_REGISTRY[(w.key, w.name)].caption),
        results=lambda w, input: os.path.dirname(os.path.dirname(input.json)),
        code=module_hash("mevdm.report_page", "mevdm.scoreboard"),
    wildcard_constraints:
        key="|".join(sorted({k for k, _ in configured_figures()})) or "none",
        name="[^/]+",
    log:
        "logs/report/{key}/{name}.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/figure_page.py"
