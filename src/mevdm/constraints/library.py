"""Limit files -> validated Limit objects -> Curves in any supported plane.

    from mevdm.constraints import library
    lib = library(store=ctx.data, config=ctx.config)      # all resources/constraints/*.yaml
    curve = lib.get("NA64_2019").curve("scalar_ge")        # Curve in (m_S [MeV], g_e)
    curve = lib.get("NA64_2019").curve("y", alpha_D=0.5, mA_over_mchi=3.0)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import numpy as np
import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: 10x faster

from mevdm.core import units as u
from mevdm.core.data import DataStore
from mevdm.core.paths import RESOURCES_DIR, WORK_ROOT
from mevdm.constraints.curve import Curve
from mevdm.constraints.planes import PLANE_KINDS, Plane
from mevdm.constraints.recast import PATHS, RecastError, allowed_targets, recast_arrays

LIMITS_DIR = RESOURCES_DIR / "constraints"
SCHEMA_PATH = LIMITS_DIR / "schema.yaml"

MASS_UNITS = {"eV": u.eV, "keV": u.keV, "MeV": u.MeV, "GeV": u.GeV}
COUPLING_UNITS = {  # factor to the plane's coupling, and the plane units it may feed
    "1": (1.0, "1"),
    "e": (u.E_CHARGE, "1"),  # DarkCast B-L convention: g = value x e
    "TeV^-1*m_e": (u.M_E * 1.0e-6, "1"),  # c_ee/Lambda [TeV^-1] -> g_ae = c_ee m_e / Lambda
    "cm^2": (1.0, "cm^2"),
    "cm^3/s": (1.0, "cm^3/s"),
}


class LimitFileError(ValueError):
    """A limit file is invalid; the message names the file and the field."""


@functools.lru_cache(maxsize=1)
def _schema_validator():
    schema = yaml.load(SCHEMA_PATH.read_text(), Loader=_YAML_LOADER)
    return jsonschema.validators.validator_for(schema)(schema)


def _fail(path, field_, msg):
    raise LimitFileError(f"{path}: field '{field_}': {msg}")


@dataclass
class Limit:
    """One limit file (see resources/constraints/schema.yaml for the fields)."""

    name: str
    label: str
    path: Path
    spec: dict
    citation: dict
    kind: str
    excluded: str
    projection: bool
    confidence_level: float | None = None
    notes: str = ""
    published_plane: Plane | None = None
    production: str = "none"
    decay: str = "none"
    beam_energy_MeV: float = 1.0e5
    x_cut: float = 0.5
    recast_to: tuple[str, ...] = ()
    planes: tuple[str, ...] = ()  # computed: kinds it is defined in
    _store: DataStore | None = field(default=None, repr=False)
    _config: dict = field(default_factory=dict, repr=False)

    # ---------------------------------------------------------------- metadata
    @property
    def data_names(self) -> list[str]:
        """Registry names this limit reads (declare them in your @figure(data=...))."""
        if self.kind == "data":
            return [self.spec["data"]["registry"]]
        from mevdm.constraints.computed import FUNCTIONS
        return list(FUNCTIONS[self.spec["function"]].data)

    @property
    def plane_kinds(self) -> list[str]:
        """Every plane kind this limit can be drawn in (published first)."""
        if self.kind == "computed":
            return list(self.planes)
        return [self.published_plane.kind] + [k for k in self.recast_to if k != self.published_plane.kind]

    def summary(self) -> dict:
        return {
            "name": self.name, "label": self.label, "kind": self.kind,
            "citation": self.citation, "projection": self.projection,
            "confidence_level": self.confidence_level, "excluded": self.excluded,
            "published_plane": None if self.published_plane is None else
            {"kind": self.published_plane.kind, **self.published_plane.p},
            "production": self.production, "decay": self.decay,
            "planes": self.plane_kinds, "source": self.source, "file": self.path.name,
        }

    @property
    def source(self) -> str:
        if self.kind == "data":
            return f"registry:{self.spec['data']['registry']}"
        return f"computed:mevdm.constraints.computed.{self.spec['function']}"

    # ---------------------------------------------------------------- data
    def published(self, store: DataStore | None = None):
        """(mass [MeV], coupling, upper or None) in the published plane, validated."""
        if self.kind != "data":
            raise ValueError(f"{self.name} is a computed bound; it has no published data")
        store = store or self._store
        if store is None:
            raise ValueError(f"{self.name}: pass store=DataStore (e.g. ctx.data) to read its data")
        return _read_data(self, store.path(self.spec["data"]["registry"]))

    # ---------------------------------------------------------------- curves
    def curve(self, plane: str | Plane, store: DataStore | None = None, mass_MeV=None,
              config: dict | None = None, **params) -> Curve:
        """This limit in ``plane`` (a kind name + its parameters, or a Plane).

        mass_MeV: mass grid for computed bounds (default: the file's mass_range_MeV).
        config: the workflow config (its 'constraints' section sets perturbativity, SIDM ...).
        """
        target = plane if isinstance(plane, Plane) else Plane.make(plane, **params)
        cfg = config if config is not None else self._config
        if self.kind == "computed":
            if target.kind not in self.planes:
                raise RecastError(f"{self.name}: computed bound defined in planes "
                                  f"{list(self.planes)}, not {target.kind!r}")
            from mevdm.constraints.computed import evaluate
            m, c, up, excl, steps = evaluate(self, target, mass_MeV, cfg, store or self._store)
            return Curve(self.name, self.label, target, m, c, up, excl or self.excluded,
                         self.projection, "curve", self.confidence_level, self.citation,
                         self.source, tuple(steps))
        m, c, up = self.published(store)
        m2, c2, up2, steps = recast_arrays(self, m, c, up, target)
        lo = self.spec.get("recast_mass_min_MeV", {}).get(target.kind)
        if lo is not None and target != self.published_plane:
            keep = m2 >= lo
            m2, c2 = m2[keep], c2[keep]
            up2 = None if up2 is None else up2[keep]
            steps = steps + (f"dropped m < {lo:g} MeV (recast not valid there)",)
        note = self.spec.get("recast_notes", {}).get(target.kind)
        if note and target != self.published_plane:
            steps = steps + (f"caveat: {note}",)
        if mass_MeV is not None:
            m2, c2, up2 = _interp_loglog(self, np.asarray(m2, float), np.asarray(c2, float), up2,
                                         np.asarray(mass_MeV, float))
            steps = steps + ("interpolated (log-log) onto the requested mass grid, inside the data range",)
        return Curve(self.name, self.label, target, np.asarray(m2, float), np.asarray(c2, float),
                     None if up2 is None else np.asarray(up2, float), self.excluded,
                     self.projection, self.spec["data"].get("shape", "curve"),
                     self.confidence_level, self.citation, self.source, tuple(steps))


def _interp_loglog(limit: Limit, m, c, up, grid):
    """Log-log interpolation of a monotonic curve onto ``grid`` (points outside the data dropped)."""
    if limit.spec["data"].get("shape", "curve") != "curve":
        raise ValueError(f"{limit.name}: mass_MeV interpolation needs a curve, not a contour")
    if np.any(grid <= 0) or not np.all(np.isfinite(grid)):
        raise ValueError(f"{limit.name}: mass_MeV must be positive and finite")
    keep = (grid >= m[0]) & (grid <= m[-1])
    g = grid[keep]
    lm = np.log(m)

    def f(y):
        return np.exp(np.interp(np.log(g), lm, np.log(y)))

    return g, f(c), None if up is None else f(up)


def _read_data(limit: Limit, path: Path):
    d = limit.spec["data"]
    where = f"{limit.path} (data {d['registry']})"
    text = Path(path).read_text()
    rows = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#") or s.startswith('"') or s[0].isalpha():
            continue  # comments and CSV header lines
        parts = s.replace(",", " ").split() if d.get("format", "whitespace") == "csv" else s.split()
        try:
            rows.append([float(p) for p in parts])
        except ValueError:
            raise LimitFileError(f"{where}: non-numeric row {line!r}") from None
    ncol = {len(r) for r in rows}
    cols = [d.get("mass_column", 0), d.get("coupling_column", 1)]
    if d.get("upper_column") is not None:
        cols.append(d["upper_column"])
    if not rows or min(ncol) <= max(cols):
        raise LimitFileError(f"{limit.path}: field 'data': {d['registry']} has rows with "
                             f"{sorted(ncol)} columns, columns {cols} requested")
    arr = np.array([[r[c] for c in cols] for r in rows], dtype=float)
    a, b = d.get("skip_rows_start", 0), d.get("skip_rows_end", 0)
    arr = arr[a: len(arr) - b]
    if len(arr) < 2:
        raise LimitFileError(f"{where}: fewer than 2 data rows after skipping rows")
    if not np.all(np.isfinite(arr)):
        raise LimitFileError(f"{where}: non-finite values in the data")
    if np.any(arr <= 0):
        bad = int(np.argwhere(np.any(arr <= 0, axis=1))[0, 0]) + a
        raise LimitFileError(f"{limit.path}: field 'data': {d['registry']} has a negative or zero "
                             f"mass/coupling at data row {bad} (use skip_rows_start/end or fix the file)")
    if d.get("shape", "curve") == "curve" and np.any(np.diff(arr[:, 0]) < 0):
        bad = int(np.argmax(np.diff(arr[:, 0]) < 0)) + a + 1
        raise LimitFileError(f"{limit.path}: field 'data.mass_column': masses of {d['registry']} are "
                             f"not monotonic (decrease at data row {bad}); set shape: contour for a "
                             "closed region")
    m = arr[:, 0] * MASS_UNITS[d["mass_unit"]]
    fac = COUPLING_UNITS[d["coupling_unit"]][0]
    c = arr[:, 1] * fac
    up = arr[:, 2] * fac if arr.shape[1] > 2 else None
    vr = limit.spec.get("valid_mass_MeV")
    if vr:
        keep = (m >= vr[0]) & (m <= vr[1])
        m, c = m[keep], c[keep]
        up = None if up is None else up[keep]
    return m, c, up


def _check_finite_fields(path, node, where=""):
    """NaN and inf pass every schema range (comparisons with NaN are false): refuse them."""
    if isinstance(node, dict):
        for k, v in node.items():
            _check_finite_fields(path, v, f"{where}.{k}" if where else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_finite_fields(path, v, f"{where}[{i}]")
    elif isinstance(node, float) and not math.isfinite(node):
        _fail(path, where, f"{node!r} is not a finite number")


def load_limit_file(path, store: DataStore | None = None, config: dict | None = None) -> Limit:
    """Read and validate one limit file; LimitFileError names the file and the field."""
    path = Path(path)
    try:
        spec = yaml.load(path.read_text(), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise LimitFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(spec, dict):
        raise LimitFileError(f"{path}: must be a YAML mapping of fields")
    _check_finite_fields(path, spec)
    errors = sorted(_schema_validator().iter_errors(spec), key=lambda e: list(e.path))
    if errors:
        lines = []
        for e in errors:
            fld = ".".join(map(str, e.absolute_path)) or "<top level>"
            if e.validator == "required":
                fld = e.message.split("'")[1] if "'" in e.message else fld
            lines.append(f"{path}: field '{fld}': {e.message}")
        raise LimitFileError("invalid limit file:\n" + "\n".join(lines))
    if spec["name"] != path.stem:
        _fail(path, "name", f"{spec['name']!r} must equal the file name {path.stem!r}")
    # a curve no test has checked against a statement of its source says so in every legend
    label = spec["label"] + (" (unverified)" if spec.get("unverified") else "")
    kw = dict(name=spec["name"], label=label, path=path, spec=spec,
              citation=spec["citation"], kind=spec["kind"], excluded=spec["excluded"],
              projection=spec["projection"], confidence_level=spec.get("confidence_level"),
              notes=spec.get("notes", ""), _store=store, _config=config or {})
    if spec["kind"] == "data":
        for req in ("data", "published_plane", "production", "decay"):
            if req not in spec:
                _fail(path, req, "required for kind: data")
        for bad in ("function", "parameters", "planes", "mass_range_MeV"):
            if bad in spec:
                _fail(path, bad, "only for kind: computed")
        d = spec["data"]
        if d["mass_unit"] not in MASS_UNITS:
            _fail(path, "data.mass_unit", f"unknown unit {d['mass_unit']!r}; known: {sorted(MASS_UNITS)}")
        if d["coupling_unit"] not in COUPLING_UNITS:
            _fail(path, "data.coupling_unit",
                  f"unknown unit {d['coupling_unit']!r}; known: {sorted(COUPLING_UNITS)}")
        pp = dict(spec["published_plane"])
        kind = pp.pop("kind")
        if kind not in PLANE_KINDS:
            _fail(path, "published_plane.kind", f"unknown plane kind {kind!r}; known: {sorted(PLANE_KINDS)}")
        try:
            plane = Plane.make(kind, **pp)
        except ValueError as exc:
            _fail(path, "published_plane", str(exc))
        want_unit = PLANE_KINDS[kind].coupling_unit
        if COUPLING_UNITS[d["coupling_unit"]][1] != want_unit:
            _fail(path, "data.coupling_unit", f"{d['coupling_unit']!r} does not fit plane {kind!r} "
                  f"(coupling in {want_unit!r})")
        key = (spec["production"], spec["decay"])
        if key not in PATHS and spec.get("recast_to"):
            _fail(path, "production/decay", f"no recast engine for {key}; known: {sorted(PATHS)}")
        ok = allowed_targets(spec["production"], spec["decay"], kind)
        for i, t in enumerate(spec.get("recast_to", [])):
            if t not in PLANE_KINDS:
                _fail(path, f"recast_to.{i}", f"unknown plane kind {t!r}; known: {sorted(PLANE_KINDS)}")
            if t not in ok:
                _fail(path, f"recast_to.{i}", f"unknown recast path {kind} -> {t} for production="
                      f"{spec['production']}, decay={spec['decay']}; possible: {sorted(ok)}")
        vr = spec.get("valid_mass_MeV")
        if vr and not vr[0] < vr[1]:
            _fail(path, "valid_mass_MeV", f"min {vr[0]} must be below max {vr[1]}")
        kw.update(published_plane=plane, production=spec["production"], decay=spec["decay"],
                  beam_energy_MeV=float(spec.get("beam_energy_MeV", 1.0e5)),
                  x_cut=float(spec.get("x_cut", 0.5)), recast_to=tuple(spec.get("recast_to", ())))
    else:
        from mevdm.constraints.computed import FUNCTIONS
        for req in ("function", "planes", "mass_range_MeV"):
            if req not in spec:
                _fail(path, req, "required for kind: computed")
        if spec["function"] not in FUNCTIONS:
            _fail(path, "function", f"unknown function {spec['function']!r}; known: {sorted(FUNCTIONS)}")
        fn = FUNCTIONS[spec["function"]]
        for i, t in enumerate(spec["planes"]):
            if t not in fn.planes:
                _fail(path, f"planes.{i}", f"function {spec['function']} is defined in {list(fn.planes)}, "
                      f"not {t!r}")
        unknown = set(spec.get("parameters", {})) - set(fn.parameters)
        if unknown:
            _fail(path, "parameters", f"unknown parameters {sorted(unknown)} for {spec['function']}; "
                  f"known: {sorted(fn.parameters)}")
        mr = spec["mass_range_MeV"]
        if not mr[0] < mr[1]:
            _fail(path, "mass_range_MeV", f"min {mr[0]} must be below max {mr[1]}")
        kw.update(planes=tuple(spec["planes"]))
    return Limit(**kw)


class Library:
    """All limits of one or more folders of limit files, by name."""

    def __init__(self, dirs=(LIMITS_DIR,), store: DataStore | None = None, config: dict | None = None):
        self.dirs = tuple(Path(d) for d in dirs)
        self.store = store
        self.config = config or {}
        self.limits: dict[str, Limit] = {}
        for d in self.dirs:
            if not d.is_dir():
                raise LimitFileError(f"constraint folder {d} does not exist")
            for path in sorted(d.glob("*.yaml")):
                if path.name == "schema.yaml":
                    continue
                lim = load_limit_file(path, store, self.config)
                if lim.name in self.limits:
                    raise LimitFileError(f"{path}: field 'name': {lim.name!r} already defined in "
                                         f"{self.limits[lim.name].path}")
                self.limits[lim.name] = lim

    def get(self, name: str) -> Limit:
        try:
            return self.limits[name]
        except KeyError:
            raise KeyError(f"no constraint {name!r}; known: {sorted(self.limits)}") from None

    def __getitem__(self, name):
        return self.get(name)

    def __iter__(self):
        return iter(self.limits.values())

    def __len__(self):
        return len(self.limits)

    def names(self) -> list[str]:
        return sorted(self.limits)

    def in_plane(self, kind: str) -> list[Limit]:
        """Limits that can be drawn in a plane kind."""
        return [lim for lim in self if kind in lim.plane_kinds]

    def data_names(self, names=None) -> list[str]:
        """Registry names read by the given limits (default: all)."""
        lims = self.limits.values() if names is None else [self.get(n) for n in names]
        return sorted({d for lim in lims for d in lim.data_names})

    def validate_data(self, store: DataStore | None = None) -> None:
        """Read every data limit once (checks monotonicity, signs) -- before any figure."""
        for lim in self:
            if lim.kind == "data":
                lim.published(store or self.store)


def limit_dirs(config: dict | None) -> tuple[Path, ...]:
    """Folders of limit files: config constraints.limit_dirs (relative to the repo root)."""
    dirs = ((config or {}).get("constraints") or {}).get("limit_dirs") or [str(LIMITS_DIR)]
    return tuple(p if p.is_absolute() else WORK_ROOT / p for p in map(Path, dirs))


def library(store: DataStore | None = None, config: dict | None = None, dirs=None) -> Library:
    """The constraint library (all limit files), validated.

    store: a DataStore (``ctx.data`` in a figure) to read data-backed limits;
    config: the workflow config (``ctx.config``) -- its ``constraints`` section;
    dirs: folders of limit files (default: config constraints.limit_dirs or resources/constraints).
    """
    return Library(dirs or limit_dirs(config), store=store, config=config)
