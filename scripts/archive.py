"""Pack figures, numbers, config and provenance into one reproducible tarball."""

from mevdm.core.archive import write_archive

from _helpers import setup_logging

setup_logging(snakemake)  # noqa: F821
files = [*snakemake.input.figures, *snakemake.input.extra, snakemake.input.provenance, snakemake.input.config]  # noqa: F821
write_archive(files, snakemake.output[0])  # noqa: F821
