# Data layer: every registry file is materialised, checksum-verified, into data_cache.
# Each file comes from the mirror (config data_mirror) when it has it, else by its registry
# route: (a) download, (b) derivation from other registry files, (c) the committed table in
# resources/data.  `snakemake data` re-hashes every file it lists, also those already cached.


rule fetch_data:
    input:
        lambda wildcards: [data_path(n) for n in DATA_STORE.derivation_inputs(wildcards.name)],
    output:
        f"{DATA_CACHE}/{{name}}",
    wildcard_constraints:
        name=r"[A-Za-z0-9_.+\-]+/[A-Za-z0-9_.+\-/]+",
    log:
        "logs/data/{name}.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/fetch_data.py"


# No output: runs whenever it is asked for, and re-hashes every listed file (a cached file
# with a flipped byte fails here even though its mtime kept fetch_data from rerunning).
rule data:
    input:
        [data_path(n) for n in registry_names()],
    params:
        names=registry_names(),
    log:
        "logs/data/verify.log",
    localrule: True
    default_target: False
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/verify_data.py"
