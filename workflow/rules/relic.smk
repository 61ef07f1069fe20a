# Relic-density capability (src/mevdm/relic.py). The validation figure (validation/relic) is
# generated in figures.smk from the registry; this file adds the ema2021 relic numbers.

EXTRA_TARGETS.append("results/ema2021/relic_numbers.json")


rule ema2021_relic_numbers:
    input:
        smdof=data_path("hazma_sm_dof/smdof.dat"),
    output:
        "results/ema2021/relic_numbers.json",
    log:
        "logs/ema2021/relic_numbers.log",
    benchmark:
        "benchmarks/out/ema2021/relic_numbers.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/ema2021_relic_numbers.py"
