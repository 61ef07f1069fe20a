"""Re-hash every data file `snakemake data` lists against the registry (rule data)."""

from mevdm.core.data import DataStore

from _helpers import setup_logging

log = setup_logging(snakemake)  # noqa: F821 (injected by Snakemake)
store = DataStore(mirror=snakemake.config.get("data_mirror"),  # noqa: F821
                  cache=snakemake.config["data_cache"], allow_download=False)  # noqa: F821
prefix = f"{snakemake.config['data_cache']}/"  # noqa: F821
files = {str(p)[len(prefix):]: p for p in snakemake.input}  # noqa: F821
problems = store.verify_files(files)
for problem in problems:
    log.error(problem)
if problems:
    raise SystemExit(f"{len(problems)} of {len(files)} data files failed verification; "
                     f"first: {problems[0]}")
log.info("verified %d data files (sha256 re-hashed)", len(files))
