"""Write results/provenance.json: versions, git commit, config, data sha256s."""

import yaml

from mevdm.core import io
from mevdm.core import provenance
from mevdm.core.data import DataStore

from _helpers import setup_logging

setup_logging(snakemake)  # noqa: F821
cfg = snakemake.config  # noqa: F821
store = DataStore(mirror=None, cache=cfg["data_cache"])
used = sorted({n for n in store.names() if (store.cache / n).is_file()})
io.write_json(provenance.record(cfg, store.checksums(used)), snakemake.output.provenance)  # noqa: F821
with io.atomic_path(snakemake.output.config) as tmp:  # noqa: F821
    tmp.write_text(yaml.safe_dump(provenance.portable_config(cfg), sort_keys=False))
