# Archive for a paper: one tarball (members 0644, same bytes for the same results) of the
# figures and their numbers, every cached constraint curve, one merged summary per scan (not the
# raw chunks: their number and split depend on the chunking), the HEPData submissions, the
# reproduction scoreboard, the config used, provenance, CITATION.cff, LICENSE, the Snakemake
# report (results/report.html) and, generated from these, README.md (what each member is, its
# sha256, the one command that regenerates the archive) and .zenodo.json (deposit metadata
# from CITATION.cff, mevdm.core.deposit). Job logs stay out (their timestamps would change the
# bytes on every run).

import mevdm.core.paths

CITATION_CFF = os.path.relpath(mevdm.core.paths.CHECKOUT / "CITATION.cff")
LICENSE_FILE = os.path.relpath(mevdm.core.paths.CHECKOUT / "LICENSE")
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
        license=LICENSE_FILE,
        report="results/report.html",
    output:
        "results/archive/mevdm-results.tar.gz",
    params:
        code=module_hash("mevdm.core.archive", "mevdm.core.deposit"),
    log:
        "logs/archive.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/archive.py"


# `snakemake all --report` as a file the archive holds: Snakemake renders it from the results and
# its own records of the jobs (.snakemake/), in a second Snakemake process on the same workflow.
rule report_html:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    output:
        "results/report.html",
    params:
        snakefile=workflow.main_snakefile,
    log:
        "logs/report.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/report.py"
