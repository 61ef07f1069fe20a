# Archive for a paper: one tarball of figures, numbers, config and provenance.


rule provenance:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    output:
        provenance="results/provenance.json",
        config="results/config_used.yaml",
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
    output:
        "results/archive/mevdm-results.tar.gz",
    log:
        "logs/archive.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/archive.py"
