"""Recasting engine: move a published limit to another plane (spec paper-000-002 §1.6).

A published curve is first mapped to the *canonical* description of its mechanism, then to
the target plane:

* missing-energy limits (decay 'invisible'; NA64, BaBar, Belle II, LDMX): canonical is the
  dark photon (m_A', ε) with BR(invisible) = 1, independent of α_D.  To a vector with
  electron coupling g_e: g_e = e ε (production through the electron coupling only).  To a
  scalar / pseudoscalar: g_e = e ε / sqrt(R_X(m)) with the IWW bremsstrahlung ratio (e_brem
  production only).  To (m_χ, ε), (m_χ, y), (m_χ, σ̄_e): m_χ = m_A'/r with any α_D.
* DM-scattering limits (decay 'dm_scatter'; E137, LSND, MiniBooNE): the signal scales as
  ε⁴ α_D, so ε_lim ∝ α_D^{-1/4} at fixed mass ratio r; a different r is not a recast.
* ν–e scattering limits on a B−L boson (Borexino, TEXONO): g_e = g_ν = g_BL; for L_e−L_μ
  the same number is used (the issue's convention g_e = g_ν).
* visible (beam-dump) limits: only to a vector coupled to electrons (g_e = e ε), which decays
  visibly; stellar and (g−2) dark-photon limits: to vector_ge (g_e = e ε) with a caveat.

The recast of a curve onto its own published plane returns the published arrays untouched
(identity to machine precision).
"""

from __future__ import annotations

from mevdm.core import units as u
from mevdm.constraints.planes import DM_DARK_PHOTON_KINDS, Plane, canonical_to_dm, dm_to_canonical
from mevdm.constraints.production import brem_coupling_factor


class RecastError(ValueError):
    """A recast path the engine does not know (message names the limit and the planes)."""


_EVERYWHERE_INVISIBLE = {"dark_photon", "vector_ge", *DM_DARK_PHOTON_KINDS}

# (production, decay) -> plane kinds reachable (besides the published plane itself).
PATHS: dict[tuple[str, str], set[str]] = {
    ("e_brem", "invisible"): _EVERYWHERE_INVISIBLE | {"scalar_ge", "pseudoscalar_ge"},
    ("e_annihilation", "invisible"): set(_EVERYWHERE_INVISIBLE),
    ("e_brem", "visible_ee"): {"dark_photon", "vector_ge"},
    ("e_brem", "dm_scatter"): set(DM_DARK_PHOTON_KINDS),
    ("meson", "dm_scatter"): set(DM_DARK_PHOTON_KINDS),
    ("nu_e_scattering", "none"): {"vector_ge"},
    ("stellar", "none"): {"dark_photon", "vector_ge"},
    ("loop", "none"): {"dark_photon", "vector_ge"},
}


def allowed_targets(production: str, decay: str, published_kind: str) -> set[str]:
    return PATHS.get((production, decay), set()) | {published_kind}


def _to_canonical(plane: Plane, m, c):
    """Published (m, coupling) -> (m_A', ε-like)."""
    if plane.kind in ("dark_photon",):
        return m, c, "published (m_A', eps) taken as canonical"
    if plane.kind == "vector_ge":
        return m, c / u.E_CHARGE, "eps = g_e / e"
    if plane.kind in DM_DARK_PHOTON_KINDS:
        m_a, eps = dm_to_canonical(plane, m, c)
        return m_a, eps, f"{plane.label()} -> (m_A' = r m_chi, eps)"
    raise RecastError(f"no canonical form for plane kind {plane.kind!r}")


def recast_arrays(limit, mass, coupling, upper, target: Plane):
    """Map published arrays to ``target``; returns (mass, coupling, upper, steps)."""
    src = limit.published_plane
    if target == src:
        return mass, coupling, upper, ("published plane (identity)",)
    allowed = allowed_targets(limit.production, limit.decay, src.kind)
    if target.kind not in allowed:
        raise RecastError(
            f"{limit.name}: no recast path from {src.label()} (production={limit.production}, "
            f"decay={limit.decay}) to plane kind {target.kind!r}; known targets: {sorted(allowed)}")
    steps = []
    if limit.production == "nu_e_scattering":
        # published in vector_ge (B-L); only target vector_ge
        steps.append("B-L -> L_e - L_mu with g_e = g_nu = g_BL (nu-e scattering rate ∝ (g_e g_nu)^2)")
        return mass, coupling, upper, tuple(steps)

    m_a, eps, step = _to_canonical(src, mass, coupling)
    steps.append(step)
    eps_up = None
    if upper is not None:
        eps_up = _to_canonical(src, mass, upper)[1]

    if limit.decay == "dm_scatter" and target.kind in DM_DARK_PHOTON_KINDS:
        r_src, r_tgt = src.p.get("mA_over_mchi"), target.p["mA_over_mchi"]
        if r_src is None or abs(r_src - r_tgt) > 1e-12 * r_src:
            raise RecastError(f"{limit.name}: a DM-scattering limit published at m_A'/m_chi = "
                              f"{r_src} cannot be recast to m_A'/m_chi = {r_tgt}")
        a_src, a_tgt = src.p.get("alpha_D"), target.p.get("alpha_D")
        if a_src is not None and a_tgt is not None and a_src != a_tgt:
            f = (a_src / a_tgt) ** 0.25
            eps = eps * f
            eps_up = None if eps_up is None else eps_up * f
            steps.append(f"signal ∝ eps^4 alpha_D: eps x (alpha_D {a_src:g} / {a_tgt:g})^(1/4)")
        elif target.kind == "chi_eps" and a_src is not None:
            steps.append(f"eps limit valid for alpha_D = {a_src:g} only")

    k = target.kind
    if k == "dark_photon":
        return m_a, eps, eps_up, tuple(steps + ["dark photon (m_A', eps)"])
    if k == "vector_ge":
        steps.append("g_e = e eps (production and decay through the electron coupling)")
        up = None if eps_up is None else u.E_CHARGE * eps_up
        return m_a, u.E_CHARGE * eps, up, tuple(steps)
    if k in ("scalar_ge", "pseudoscalar_ge"):
        spin = "scalar" if k == "scalar_ge" else "pseudoscalar"
        keep = m_a < limit.x_cut * limit.beam_energy_MeV
        m_a, eps = m_a[keep], eps[keep]
        fac = brem_coupling_factor(m_a, spin, limit.beam_energy_MeV, limit.x_cut)
        steps.append(f"g_e = e eps / sqrt(R_{spin}(m)), IWW e-brem yield ratio above x > "
                     f"{limit.x_cut:g} at E0 = {limit.beam_energy_MeV / 1e3:g} GeV (DMG4 shapes)")
        return m_a, u.E_CHARGE * eps * fac, None, tuple(steps)
    if k in DM_DARK_PHOTON_KINDS:
        m_chi, c = canonical_to_dm(target, m_a, eps)
        up = None if eps_up is None else canonical_to_dm(target, m_a, eps_up)[1]
        steps.append(f"(m_A', eps) -> {target.label()}, BR(A' -> chi chi) = 1")
        return m_chi, c, up, tuple(steps)
    raise RecastError(f"{limit.name}: recast to {k!r} not implemented")


# ------------------------------------------------------------------ invisible branching (additive)
def le_lmu_invisible_branching(m_MeV, g_nu_over_g_e: float = 1.0):
    """BR(X -> nu nu-bar) of a U(1)_{L_e - L_mu} vector below the muon threshold:
    Gamma(X -> nu_a nu_a-bar) = g_nu^2 m/(24 pi) for each of nu_e, nu_mu (left-handed only),
    Gamma(X -> e+ e-) = g_e^2 m/(12 pi) (1 + 2 m_e^2/m^2) sqrt(1 - 4 m_e^2/m^2) above 2 m_e;
    so BR_inv = 1 below 2 m_e and -> 1/2 far above it for g_nu = g_e."""
    import numpy as np

    m = np.asarray(m_MeV, float)
    if np.any(m <= 0):
        raise ValueError("le_lmu_invisible_branching: m_MeV must be > 0")
    if not g_nu_over_g_e >= 0:
        raise ValueError(f"g_nu_over_g_e must be >= 0, got {g_nu_over_g_e}")
    inv = 2.0 * g_nu_over_g_e ** 2 / 24.0
    r = np.clip(1.0 - 4.0 * u.M_E ** 2 / m ** 2, 0.0, None)
    ee = np.where(m > 2.0 * u.M_E, (1.0 + 2.0 * u.M_E ** 2 / m ** 2) * np.sqrt(r) / 12.0, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(inv + ee > 0, inv / (inv + ee), 0.0)


def scale_invisible_branching(curve, br_inv, note: str):
    """A missing-energy limit (derived for BR(invisible) = 1) for a model with BR_inv(m) < 1:
    the signal ~ g_e^2 BR_inv, so g_e -> g_e / sqrt(BR_inv) (points with BR_inv = 0 dropped).
    Returns a new Curve with the step recorded."""
    import dataclasses

    import numpy as np

    br = np.broadcast_to(np.asarray(br_inv, float), np.shape(curve.mass_MeV))
    keep = br > 0
    up = None if curve.upper is None else curve.upper[keep] / np.sqrt(br[keep])
    return dataclasses.replace(curve, mass_MeV=curve.mass_MeV[keep],
                               coupling=curve.coupling[keep] / np.sqrt(br[keep]), upper=up,
                               steps=tuple(curve.steps) + (f"g_e / sqrt(BR_inv): {note}",))
