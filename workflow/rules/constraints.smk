# Constraint library (src/mevdm/constraints, docs/constraints.md): one cached CSV per
# (limit, named plane) under results/constraints/<plane>/<limit>.csv, with units and every
# recast step in its header. Limit files are validated here, at DAG-build time, so a bad file
# (missing field, unknown unit, unknown recast path; with a data mirror also bad data) stops
# the run before any figure is built.

import mevdm.constraints
from mevdm.constraints.workflow import (cached_pairs, constraint_inputs, constraint_output,
                                        write_cached_curve)

CONSTRAINTS = mevdm.constraints.library(config=config)
if config.get("data_mirror"):
    CONSTRAINTS.validate_data(DataStore.from_config(config, allow_download=False))
CONSTRAINT_PLANES = mevdm.constraints.planes_from_config(config)
CONSTRAINT_PAIRS = cached_pairs(config, CONSTRAINTS)


rule constraint_curve:
    input:
        unpack(lambda w: constraint_inputs(CONSTRAINTS, w.limit, data_path)),
    output:
        "results/constraints/{plane}/{limit}.csv",
    wildcard_constraints:
        plane="|".join(CONSTRAINT_PLANES),
        limit="|".join(CONSTRAINTS.names()),
    log:
        "logs/constraints/{plane}/{limit}.log",
    benchmark:
        "benchmarks/out/constraints/{plane}/{limit}.tsv"
    resources:
        mem_mb=500,
        runtime=5,
    run:
        write_cached_curve(wildcards.limit, wildcards.plane, config, output[0],
                           store=DataStore(mirror=None, cache=DATA_CACHE), log=log[0])


rule constraints:
    input:
        [constraint_output(lim, plane) for lim, plane in CONSTRAINT_PAIRS],
    default_target: False


# The gallery draws the cached curves of its planes.
FIGURE_EXTRA_INPUTS[("all", "constraints_gallery")] = {
    f"{plane}__{lim}": constraint_output(lim, plane)
    for lim, plane in CONSTRAINT_PAIRS
    if plane in ((config.get("constraints") or {}).get("gallery") or {}).get("planes", [])
}
