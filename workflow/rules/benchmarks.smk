# Benchmarks (never part of `all`): kernels against their references side by side, and the
# workflow's cold/no-op/dry-run times in a fresh copy of HEAD -> results/benchmarks.json.


rule benchmarks:
    output:
        "results/benchmarks.json",
    params:
        mirror=config.get("data_mirror") or "",
    log:
        "logs/benchmarks.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    shell:
        "MEVDM_DATA_MIRROR={params.mirror} python benchmarks/run_all.py --workflow --out {output} > {log} 2>&1"
