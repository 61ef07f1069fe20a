"""Write results/provenance.json: versions, git commit, config, data sha256s."""

import yaml

from mevdm.core import io
from mevdm.core import provenance
from mevdm.core.data import DataStore

from _helpers import finish, setup_logging

setup_logging(snakemake)  # noqa: F821
cfg = snakemake.config  # noqa: F821
store = DataStore.from_config(cfg, allow_download=False)
used = list(snakemake.params.data)  # noqa: F821  (what the configured figures read)
io.write_json(provenance.record(cfg, store.checksums(used)), snakemake.output.provenance)  # noqa: F821
with io.atomic_path(snakemake.output.config) as tmp:  # noqa: F821
    tmp.write_text(yaml.safe_dump(provenance.portable_config(cfg), sort_keys=False))
finish()
