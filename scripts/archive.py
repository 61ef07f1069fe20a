"""Pack figures, numbers, constraint curves, scan summaries, HEPData, the scoreboard, config,
provenance and CITATION.cff into one reproducible tarball (rule archive)."""

from mevdm.core.archive import write_archive

from _helpers import setup_logging

log = setup_logging(snakemake)  # noqa: F821
files = [p for name, group in snakemake.input.items() for p in ([group] if isinstance(group, str) else group)]  # noqa: F821
write_archive(files, snakemake.output[0])  # noqa: F821
log.info("archived %d files into %s", len(set(files)), snakemake.output[0])  # noqa: F821
