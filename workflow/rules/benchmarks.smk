# Benchmarks (never part of `all`): our kernels and their references interleaved in one
# process with the agreement of their results, a single-core calibration workload, and the
# workflow's cold/no-op/dry-run cost in a fresh copy of HEAD (each job's CPU from its own log),
# against config benchmarks.baseline on the same work
# -> results/benchmarks.json; `python scripts/update_readme.py` turns it into the README table.
# The wimprates peer runs in its own numpy < 2 environment (.venv-wimprates, made from
# requirements/peer-wimprates.txt on first use, or $MEVDM_WIMPRATES_PYTHON).


rule benchmarks:
    output:
        "results/benchmarks.json",
    params:
        mirror=config.get("data_mirror") or "",
        # config benchmarks: the same-work comparison with an earlier commit (validated: a hash)
        compare=(f"--baseline {config['benchmarks']['baseline']} --same-targets "
                 f"--rounds {config['benchmarks']['rounds']}" if config["benchmarks"]["baseline"] else ""),
    log:
        "logs/benchmarks.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    shell:
        "MEVDM_DATA_MIRROR={params.mirror} python benchmarks/run_all.py --workflow {params.compare} --out {output} > {log} 2>&1"
