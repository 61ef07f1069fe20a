# Archive for a paper: one tarball (members 0644, same bytes for the same results) of the
# figures and their numbers, every cached constraint curve, one merged summary per scan (not the
# raw chunks: their number and split depend on the chunking), the HEPData submissions, the
# reproduction scoreboard, the config used, provenance and CITATION.cff. Job logs stay out
# (their timestamps would change the bytes on every run).

import mevdm.core.paths

CITATION_CFF = os.path.relpath(mevdm.core.paths.CHECKOUT / "CITATION.cff")
# merged scans read by the configured figures
ARCHIVE_SCANS = sorted({f"results/{k}/scans/{s}.npz" for k, n in configured_figures()
                        for s in FIGURE_REGISTRY[(k, n)].scans})


rule provenance:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    output:
        provenance="results/provenance.json",
        config="results/config_used.yaml",
    params:
        data=used_data_names(),
    log:
        "logs/provenance.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/provenance.py"


rule archive:
    input:
        figures=all_figure_outputs(),
        extra=EXTRA_TARGETS,
        provenance="results/provenance.json",
        config="results/config_used.yaml",
        constraints=[constraint_output(lim, plane) for lim, plane in CONSTRAINT_PAIRS],
        scans=ARCHIVE_SCANS,
        hepdata=[f"results/hepdata/{k}.zip" for k in HEPDATA_KEYS],
        scoreboard=["results/scoreboard.md", "results/scoreboard.json", "results/scoreboard.html"],
        citation=CITATION_CFF,
    output:
        "results/archive/mevdm-results.tar.gz",
    log:
        "logs/archive.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/archive.py"
