# Shared helpers: config validation, the static figure table, data paths, rerun triggers.
# Nothing here imports physics or plotting code: the DAG is built from plain tables
# (src/mevdm/papers/<key>/figures.yaml, resources/constraints/*.yaml, the data registry).

import functools
import os
from pathlib import Path

import mevdm.configuration
import mevdm.constraints
import mevdm.constraints.computed
import mevdm.core.provenance
import mevdm.scoreboard
from mevdm import scans as mevdm_scans
from mevdm.constraints.workflow import cached_pairs, constraint_output, plane_config_keys
from mevdm.core.config import declared_subset
from mevdm.core.data import DataStore
from mevdm.core.provenance import module_hash
from mevdm.core.registry import PAPERS_DIR, registry, scan_registry

# The config was merged onto the defaults and validated in the Snakefile, before any job.

# the code hashes' per-file syntax-tree digests, kept between runs (a dry run parses no unchanged
# source again); Snakemake's own metadata folder
mevdm.core.provenance.use_cache(Path(".snakemake") / "mevdm-code-digests.json")

DATA_CACHE = config["data_cache"]
# as the user gave it (relative stays relative): a moved checkout with its mirror reruns nothing
DATA_MIRROR = Path(config["data_mirror"]).expanduser() if config.get("data_mirror") else None
FIGURE_REGISTRY = registry()
FIGURE_FORMATS = ("pdf", "png", "json", "csv")
SCAN_SPECS = scan_registry()

# Limit files are validated here, at DAG-build time: a bad file (missing field, unknown
# unit, unknown recast path) stops the run before any job.
CONSTRAINTS = mevdm.constraints.library(config=config)
CONSTRAINT_PAIRS = cached_pairs(config, CONSTRAINTS)


def limit_code_modules(limits):
    """Modules the named limits' computing functions import only when evaluated
    (mevdm.constraints.computed.code_modules): part of the code hash of the jobs drawing them."""
    functions = (CONSTRAINTS.get(lim).spec.get("function") for lim in limits)
    return mevdm.constraints.computed.code_modules(f for f in functions if f)


def constraint_code(limits):
    """Rerun trigger of a constraint-plane job: the library's code and its limits' own modules."""
    return module_hash("mevdm.constraints.workflow", *limit_code_modules(limits))


# Results that are not figures (e.g. tables of numbers) but belong to `all` and the archive;
# the .smk files append to it.
EXTRA_TARGETS = []


def configured_figures():
    """[(key, name)] from config['figures'], each checked against the figure tables."""
    pairs = [(k, n) for k, names in config["figures"].items() for n in names]
    unknown = [f"{k}/{n}" for k, n in pairs if (k, n) not in FIGURE_REGISTRY]
    if unknown:
        known = ", ".join(f"{k}/{n}" for k, n in sorted(FIGURE_REGISTRY))
        raise ValueError(f"config 'figures' names unknown figures {unknown}; known: {known}")
    return pairs


def paper_code_hash(key, limits=()):
    """Rerun trigger of a paper's figure jobs: its figure/analysis code and every module they
    import (plotting and style included), and the modules the computed limits it draws import
    only when evaluated (mevdm.constraints.computed.code_modules)."""
    return module_hash(f"mevdm.papers.{key}.figures", f"mevdm.papers.{key}.analysis",
                       *limit_code_modules(limits),
                       extra_files=[PAPERS_DIR.parent / "core" / "mevdm.mplstyle"])


@functools.cache
def paper_numbers_input(key):
    """{'paper_numbers': resources/papers/<key>.yaml} when the paper's figure code reads the
    paper's printed numbers (through mevdm.scoreboard), else {}."""
    from mevdm.core.provenance import module_sources

    sources = module_sources(f"mevdm.papers.{key}.figures", f"mevdm.papers.{key}.analysis")
    path = mevdm.scoreboard.PAPERS_DIR / f"{key}.yaml"
    if any(p.name == "scoreboard.py" for p in sources) and path.is_file():
        return {"paper_numbers": os.path.relpath(path)}
    return {}


# imported by the scan machinery only inside functions a scan job never calls (build, overlay)
PLOTTING_MODULES = ("mevdm.core.plotting", "mevdm.constraints.plot")


def scan_code_hash(key):
    """Rerun trigger of a paper's scan chunks: its analysis code, the scan machinery and every
    module they import, not its plotting (restyling a figure does not recompute its scans)."""
    return module_hash(f"mevdm.papers.{key}.analysis", "mevdm.scans",
                       exclude=PLOTTING_MODULES + (f"mevdm.papers.{key}.figures",))


def figure_outputs(key, name):
    return {fmt: f"results/{key}/{name}.{fmt}" for fmt in FIGURE_FORMATS}


def all_figure_outputs():
    return [p for k, n in configured_figures() for p in figure_outputs(k, n).values()]


def data_path(name):
    """Where a job reads a registry file: in place in the data mirror when it holds the file
    (no copy; the job's DataStore verifies its sha256 on reading), else the cache, which
    fetch_data fills by the file's route (download, derivation or committed table)."""
    if DATA_MIRROR is not None and (DATA_MIRROR / name).is_file():
        return os.path.normpath(DATA_MIRROR / name)
    return f"{DATA_CACHE}/{name}"


def used_data_names():
    """Registry names read by the configured figures (their data and their limits' data)."""
    return sorted({d for k, n in configured_figures() for d in
                   [*FIGURE_REGISTRY[(k, n)].data, *limit_data(FIGURE_REGISTRY[(k, n)].limits)]})


def registry_names():
    return DataStore.from_config(config).names()


# --- data (workflow/rules/data.smk) -----------------------------------------------------
# The cached inputs of a file that has to be derived here (not in the mirror), so that
# Snakemake fetches them first.
DATA_STORE = DataStore.from_config(config, allow_download=False)


# --- scans (src/mevdm/scans.py) ---------------------------------------------------------
def scan_chunk_paths(key, scan):
    n = mevdm_scans.chunk_count(config, SCAN_SPECS[(key, scan)])
    return mevdm_scans.chunk_paths(key, scan, n)


def scan_inputs(key, name):
    """{label: chunk path} of the scans a figure reads (labels scan__<scan>__<i>)."""
    return {f"scan__{scan}__{i:04d}": p for scan in FIGURE_REGISTRY[(key, name)].scans
            for i, p in enumerate(scan_chunk_paths(key, scan))}


def scan_data(wildcards):
    """Data a chunk reads: the union of its figures' data."""
    names = sorted({d for (k, n), s in FIGURE_REGISTRY.items()
                    if k == wildcards.key and wildcards.scan in s.scans for d in s.data})
    return [data_path(d) for d in names]


# --- constraint curves (src/mevdm/constraints) -------------------------------------------
def limit_data(names):
    """Data files of the named limits ('all': every limit)."""
    return CONSTRAINTS.data_names(None if names == "all" else list(names))


def limit_files(names):
    """Limit files, relative to the working directory (a moved checkout reruns nothing)."""
    return [os.path.relpath(CONSTRAINTS.get(lim).path) for lim in names]


def figure_limits(spec):
    """The library limits a figure draws (its figures.yaml 'limits:'; 'all': every limit)."""
    return sorted(CONSTRAINTS.names()) if spec.limits == "all" else list(spec.limits)


def plane_limits(plane):
    return sorted(lim for lim, p in CONSTRAINT_PAIRS if p == plane)


def gallery_curves():
    """{label: cached curve} of the planes the gallery draws (config constraints.gallery)."""
    planes = ((config.get("constraints") or {}).get("gallery") or {}).get("planes", [])
    return {f"curve__{plane}__{lim}": constraint_output(lim, plane)
            for lim, plane in CONSTRAINT_PAIRS if plane in planes}
