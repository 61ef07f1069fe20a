"""Regenerate resources/references/relic_omega_h2.csv: the slow reference solutions (scipy Radau,
hazma 2.2's ODE) the relic validation figure compares with, so the default build does not
spend ~20 s re-solving them. Needs hazma (pip install "hazma==2.2.0"):

    python scripts/make_relic_reference.py --mirror ../shared/data
"""

import argparse

from mevdm import configuration as mconfig
from mevdm.core.data import DataStore
from mevdm.early import relic
from mevdm.papers.validation.analysis import REFERENCE_TABLE, reference_rows, write_reference

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--configfile", default=str(mconfig.CONFIG_DIR / "config.yaml"))
parser.add_argument("--mirror", default=None)
args = parser.parse_args()
cfg = mconfig.load(args.configfile, **({"data_mirror": args.mirror} if args.mirror else {}))
p = cfg["relic"]["validation"]
cosmo = relic.default_cosmology(DataStore.from_config(cfg))
rows = reference_rows(p["masses_MeV"], p["sigmav_s_cm3_s"], p["sigmav_p_cm3_s"], cosmo)
write_reference(rows, REFERENCE_TABLE)
print(f"wrote {REFERENCE_TABLE} ({len(rows)} rows)")
