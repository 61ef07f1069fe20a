"""Materialise one registry file into the data cache, verified (rule fetch_data)."""

from mevdm.core.data import DataStore

from _helpers import finish, setup_logging

log = setup_logging(snakemake)  # noqa: F821 (injected by Snakemake)
store = DataStore(mirror=snakemake.config.get("data_mirror"),  # noqa: F821
                  cache=snakemake.config["data_cache"])  # noqa: F821
path = store.materialise(snakemake.wildcards.name, snakemake.output[0])  # noqa: F821
log.info("verified %s -> %s", snakemake.wildcards.name, path)  # noqa: F821
finish()
