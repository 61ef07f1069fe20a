# Constraint library (src/mevdm/constraints, docs/constraints.md): the cached curves of
# every limit drawable in a named plane, one job per plane, written to
# results/constraints/<plane>/<limit>.csv with units and every recast step in the header.

for _plane in sorted({p for _, p in CONSTRAINT_PAIRS}):

    rule:
        name:
            f"constraints_{_plane}"
        input:
            limits=limit_files(plane_limits(_plane)),
            data=[data_path(d) for d in limit_data(plane_limits(_plane))],
        output:
            [constraint_output(lim, _plane) for lim in plane_limits(_plane)],
        params:
            plane=_plane,
            limits=plane_limits(_plane),
            code=constraint_code(plane_limits(_plane)),
            config=declared_subset(config, plane_config_keys(config)),
        log:
            f"logs/constraints/{_plane}.log",
        benchmark:
            f"benchmarks/out/constraints/{_plane}.tsv"
        resources:
            mem_mb=1000,
            runtime=10,
        group:
            "constraints"  # on a cluster: many planes per allocation (profiles/slurm)
        conda:
            "../envs/mevdm.yaml"
        script:
            "../../scripts/constraint_plane.py"


rule constraints:
    input:
        [constraint_output(lim, plane) for lim, plane in CONSTRAINT_PAIRS],
    default_target: False
