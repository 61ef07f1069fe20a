# HEPData export (src/mevdm/core/hepdata.py): for each paper with configured figures,
# results/hepdata/<key>/ (submission.yaml, one table per plotted curve with units and
# qualifiers for paper, figure, caption and provenance; one table per library limit drawn and per
# curve of the figure's own drawn beside them, from the figure JSON's drawn_limits / drawn_curves;
# the figure PNGs) and a zip to upload.
# Table layouts that are not "x, then one column per curve": resources/hepdata.yaml.

import mevdm.core.hepdata

HEPDATA_KEYS = [k for k in SCOREBOARD_KEYS if config["figures"].get(k)]


rule hepdata_paper:
    input:
        csv=lambda w: [f"results/{k}/{n}.csv" for k, n in configured_figures() if k == w.key],
        png=lambda w: [f"results/{k}/{n}.png" for k, n in configured_figures() if k == w.key],
        # drawn_limits, drawn_curves (one table each) and departures (in the descriptions)
        json=lambda w: [f"results/{k}/{n}.json" for k, n in configured_figures() if k == w.key],
        paper=lambda w: os.path.relpath(mevdm.scoreboard.PAPERS_DIR / f"{w.key}.yaml"),
        spec=os.path.relpath(mevdm.core.hepdata.SPEC_PATH),
    output:
        # the folder's table files are written beside it (a directory() output would get a
        # .snakemake_timestamp member, which HEPData's validator rejects as unreferenced)
        submission="results/hepdata/{key}/submission.yaml",
        zip="results/hepdata/{key}.zip",
    params:
        code=module_hash("mevdm.core.hepdata"),
    wildcard_constraints:
        key="|".join(HEPDATA_KEYS) or "none",
    log:
        "logs/hepdata/{key}.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/hepdata.py"


rule hepdata:
    input:
        [f"results/hepdata/{k}.zip" for k in HEPDATA_KEYS],
    default_target: False
