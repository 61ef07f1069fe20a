# Reproduce, figure by figure, five papers on MeV-scale dark matter.
# `snakemake all` builds every figure listed under `figures:` in the config.

from snakemake.utils import min_version

min_version("9.0")


# The default config is read here (not with `configfile:`) so that a YAML error names its line
# and column; values given with --config / --configfile override it.
import mevdm.core.config as _mconfig
from snakemake.utils import update_config as _update_config

_defaults = _mconfig.read_yaml(workflow.source_path("config/config.yaml"))
_update_config(_defaults, config)
config.clear()
config.update(_defaults)


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/constraints.smk"
include: "workflow/rules/scans.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/scoreboard.smk"
include: "workflow/rules/hepdata.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/archive.smk"
include: "workflow/rules/benchmarks.smk"


onstart:
    # a run killed with -9 leaves the temporary files of its atomic writes: remove them
    import mevdm.core.io as _io

    _io.remove_partial_files("results")


rule all:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    default_target: True
