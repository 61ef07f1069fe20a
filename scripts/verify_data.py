"""Re-hash every data file `snakemake data` lists against the registry (rule data)."""

from mevdm.core.data import DataStore

from _helpers import finish, setup_logging

log = setup_logging(snakemake)  # noqa: F821 (injected by Snakemake)
store = DataStore(mirror=snakemake.config.get("data_mirror"),  # noqa: F821
                  cache=snakemake.config["data_cache"], allow_download=False)  # noqa: F821
# the files as the DAG provided them: in place in the mirror, or in the cache
files = dict(zip(snakemake.params.names, snakemake.input))  # noqa: F821
# every copy found is re-hashed: the one jobs read and any other in the resources, the mirror
# or the cache (a stale cached copy with a flipped byte fails too)
problems = sorted(set(store.verify_files(files)) | set(store.verify(list(files))))
for problem in problems:
    log.error(problem)
if problems:
    raise SystemExit(f"{len(problems)} of {len(files)} data files failed verification; "
                     f"first: {problems[0]}")
log.info("verified %d data files (sha256 re-hashed)", len(files))
finish()
