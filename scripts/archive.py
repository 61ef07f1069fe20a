"""Pack figures, numbers, constraint curves, scan summaries, HEPData, the scoreboard, config,
provenance, CITATION.cff, LICENSE and the report into one reproducible tarball with a README
(what each member is, how to regenerate it) and .zenodo.json (rule archive)."""

from mevdm.core.archive import member_names, write_archive
from mevdm.core.deposit import generated_members

from _helpers import finish, setup_logging

# the one command that rebuilds this archive (README.md of the archive)
COMMAND = ("snakemake archive --cores 2 --configfile mevdm-results/results/config_used.yaml "
           "--config data_mirror=null   # null: download and verify every data file; or a mirror folder")

log = setup_logging(snakemake)  # noqa: F821
files = [p for name, group in snakemake.input.items() for p in ([group] if isinstance(group, str) else group)]  # noqa: F821
generated = generated_members(member_names(files), snakemake.input.citation, COMMAND)  # noqa: F821
write_archive(files, snakemake.output[0], generated=generated)  # noqa: F821
log.info("archived %d files and %s into %s", len(set(files)), ", ".join(generated), snakemake.output[0])  # noqa: F821
finish()
