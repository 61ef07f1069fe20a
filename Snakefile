# Reproduce, figure by figure, five papers on MeV-scale dark matter.
# `snakemake all` builds every figure listed under `figures:` in the config.

from snakemake.utils import min_version

min_version("9.0")

# Used as a Snakemake `module` or deployed with snakedeploy, the package may not be installed:
# then its sources beside this Snakefile are imported (jobs do the same, scripts/_helpers.py).
try:
    import mevdm
except ImportError:
    import sys

    # a local clone; a module from a remote repository needs the package installed (pip)
    sys.path.insert(0, os.path.join(str(workflow.current_basedir.get_path_or_uri(secret_free=True)), "src"))
    import mevdm

# The config is rebuilt here from the files themselves: the default config, each --configfile
# re-read with a safe loader (a YAML error names its line and column; a YTE template, an alias
# bomb or a binary file is refused), then the config Snakemake holds (--config values, a
# module's config), and validated (mevdm.configuration.merged, the same function as
# `mevdm check-config`). Snakemake has already read the --configfile files itself (and rendered
# any YTE template in them: see the README's security note) before this line runs.
import mevdm.configuration as _mconfig

try:
    _merged = _mconfig.merged(workflow.overwrite_configfiles, dict(config),
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
include: "workflow/rules/report.smk"
include: "workflow/rules/archive.smk"
include: "workflow/rules/benchmarks.smk"


onstart:
    # HTCondor jobs parse the workflow again in their own folder on an execute node, where a
    # relative mirror path points nowhere (profiles/htcondor): refuse it before any submission.
    if getattr(workflow.executor_plugin, "name", None) == "htcondor" and config.get("data_mirror") \
            and not os.path.isabs(str(config["data_mirror"])):
        raise ValueError(f"data_mirror={config['data_mirror']!r} is relative; with HTCondor give an "
                         "absolute path on a file system the execute nodes see (--config data_mirror=$PWD/...)")
    # a run killed with -9 leaves the temporary files of its atomic writes: remove those whose
    # writer is gone (another run may be writing its own right now)
    import mevdm.core.io as _io

    _io.remove_partial_files("results")


rule all:
    input:
        all_figure_outputs(),
        EXTRA_TARGETS,
    default_target: True
