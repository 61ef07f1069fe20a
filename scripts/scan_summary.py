"""Merge a scan's chunks into results/<key>/scans/<scan>.npz (rule scan_summary)."""

from mevdm import scans

from _helpers import finish, setup_logging

log = setup_logging(snakemake)  # noqa: F821
arrays = scans.merge_chunks(snakemake.input, shared=snakemake.params.shared)  # noqa: F821
scans.write_summary(arrays, snakemake.output[0])  # noqa: F821
log.info("merged %d chunks: %s", len(snakemake.input),  # noqa: F821
         ", ".join(f"{k}{tuple(v.shape)}" for k, v in sorted(arrays.items())))
finish()
