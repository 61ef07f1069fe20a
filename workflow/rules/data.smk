# Data layer: every registry file is materialised, checksum-verified, into data_cache.


rule fetch_data:
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


rule data:
    input:
        [data_path(n) for n in registry_names()],
    default_target: False
