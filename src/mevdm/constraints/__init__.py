"""Constraint library: one declarative YAML file per limit, a recasting engine, computed bounds.

Stable API (documented in docs/constraints.md):

    from mevdm.constraints import library, overlay, read_curve
    lib = library(store=ctx.data, config=ctx.config)
    c = lib.get("NA64_2019").curve("scalar_ge")                       # (m_S [MeV], g_e)
    c = lib.get("NA64_2019").curve("y", alpha_D=0.5, mA_over_mchi=3)  # (m_chi [MeV], y)
    c.mass_MeV, c.coupling, c.upper, c.excluded, c.steps               # arrays + provenance
    overlay(ax, c, color="gray")                                       # line + shaded side
    lib.data_names(["NA64_2019", "BaBar_2017"])                        # for @figure(data=...)
    read_curve("results/constraints/scalar_ge/NA64_2019.csv")          # cached Snakemake output
"""

from mevdm.constraints.curve import Curve, read_curve
from mevdm.constraints.library import (LIMITS_DIR, Library, Limit, LimitFileError, library, limit_dirs,
                      load_limit_file)
from mevdm.constraints.planes import PLANE_KINDS, Plane
from mevdm.constraints.production import brem_coupling_factor, brem_yield_ratio
from mevdm.constraints.recast import RecastError

__all__ = [
    "Curve", "read_curve", "Library", "Limit", "LimitFileError", "library", "limit_dirs",
    "load_limit_file", "LIMITS_DIR", "PLANE_KINDS", "Plane", "overlay", "RecastError",
    "brem_coupling_factor", "brem_yield_ratio", "planes_from_config", "plane_by_name",
]


def overlay(ax, curve, **kwargs):
    """Draw a curve with its excluded side shaded (mevdm.constraints.plot.overlay; imported on
    use, so that reading the library does not import matplotlib)."""
    from mevdm.constraints.plot import overlay as _overlay

    return _overlay(ax, curve, **kwargs)


def planes_from_config(config: dict | None) -> dict[str, Plane]:
    """Named plane instances of config constraints.planes: {name: Plane}."""
    section = ((config or {}).get("constraints") or {}).get("planes") or DEFAULT_PLANES
    out = {}
    for name, spec in section.items():
        spec = dict(spec)
        out[name] = Plane.make(spec.pop("kind"), **spec)
    return out


def plane_by_name(name: str, config: dict | None = None) -> Plane:
    planes = planes_from_config(config)
    try:
        return planes[name]
    except KeyError:
        raise KeyError(f"no plane {name!r} in config constraints.planes; known: {sorted(planes)}") from None


# Default named planes (config constraints.planes overrides them).
DEFAULT_PLANES = {
    "dark_photon": {"kind": "dark_photon"},
    "vector_ge": {"kind": "vector_ge"},
    "scalar_ge": {"kind": "scalar_ge"},
    "pseudoscalar_ge": {"kind": "pseudoscalar_ge"},
    "chi_eps_r3": {"kind": "chi_eps", "mA_over_mchi": 3.0},
    "y_aD0p5_r3": {"kind": "y", "alpha_D": 0.5, "mA_over_mchi": 3.0},
    "sigma_e_aD0p5_r3": {"kind": "sigma_e", "alpha_D": 0.5, "mA_over_mchi": 3.0},
    "alphaD_r3": {"kind": "alphaD", "mA_over_mchi": 3.0},
    "alp_chi_r0p2": {"kind": "alp_chi", "ma_over_mchi": 0.2},
    "sigmav": {"kind": "sigmav"},
    "pwave_b": {"kind": "pwave_b"},
}
