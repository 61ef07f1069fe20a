# Reproduce, figure by figure, five papers on MeV-scale dark matter.
# `snakemake all` builds every figure listed under `figures:` in the config.

from snakemake.utils import min_version

min_version("9.0")


# The config is rebuilt here from the files themselves: the default config, each --configfile
# re-read with a safe loader (a YAML error names its line and column; a YTE template, an alias
# bomb or a binary file is refused), then the --config values, as Snakemake merges them, and
# validated (mevdm.core.config.merged, the same function as `mevdm check-config`).
# Snakemake has already read the --configfile files itself (and rendered any YTE template in
# them: see the README's security note) before this line runs.
import mevdm.core.config as _mconfig

try:
    _merged = _mconfig.merged(workflow.overwrite_configfiles, workflow.config_settings.config,
                              default=workflow.source_path("config/config.yaml"))
except _mconfig.ConfigError as _err:  # the key and its allowed range, without a stack
    raise WorkflowError(str(_err)) from None
config.clear()
config.update(_merged)


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/constraints.smk"
include: "workflow/rules/scans.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/scoreboard.smk"
include: "workflow/rules/hepdata.smk"
include: "workflow/rules/archive.smk"
include: "workflow/rules/benchmarks.smk"


onstart:
    # a run killed with -9 leaves the temporary files of its atomic writes: remove those whose
    # writer is gone (another run may be writing its own right now)
    import mevdm.core.io as _io

    _io.remove_partial_files("results")


rule all:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    default_target: True
