"""Write results/provenance.json: versions, git commit, config, data sha256s."""

from mevdm import io, provenance
from mevdm.data import DataStore

from _helpers import setup_logging

setup_logging(snakemake)  # noqa: F821
cfg = snakemake.config  # noqa: F821
store = DataStore(mirror=None, cache=cfg["data_cache"])
used = sorted({n for n in store.names() if (store.cache / n).is_file()})
io.write_json(provenance.record(cfg, store.checksums(used)), snakemake.output[0])  # noqa: F821
