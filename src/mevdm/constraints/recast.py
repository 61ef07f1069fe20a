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
* ν–e scattering limits (Borexino, TEXONO) published for a B−L boson: to another vector coupled to
  lepton charges (L_e−L_μ) at equal excess of ν–e events in the measured recoil window, with the
  SM interference and each flavour's charge (``recast_nu_e``; the models in ``NU_E_MODELS``, the
  neutrinos each experiment saw in ``NU_E_BEAMS``).
* visible (beam-dump) limits: only to a vector coupled to electrons (g_e = e ε), which decays
  visibly; stellar and (g−2) dark-photon limits: to vector_ge (g_e = e ε) with a caveat.

The recast of a curve onto its own published plane returns the published arrays untouched
(identity to machine precision).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

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
        # published in vector_ge for its own model; a model recast is recast_nu_e (computed limits)
        steps.append("same model, plane vector_ge (a model recast is mevdm.constraints.recast.recast_nu_e)")
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


# ------------------------------------------------------------------ nu-e scattering: model recast
# X charges (electron, nu_e, nu_mu, nu_tau) of the vector models a nu-e limit is recast between;
# X couples vectorially to e and to the left-handed neutrinos, with coupling g x charge.
NU_E_MODELS: dict[str, dict[str, float]] = {
    "B-L": {"e": -1.0, "nu_e": -1.0, "nu_mu": -1.0, "nu_tau": -1.0},
    "L_e-L_mu": {"e": 1.0, "nu_e": 1.0, "nu_mu": -1.0, "nu_tau": 0.0},
}
SIN2_THETA_W_LOW_Q = 0.23857  # MS-bar at Q -> 0 (PDG 2020), as mevdm.astro.neutrino
G_F_MEV2 = 1.1663788e-11  # Fermi constant [MeV^-2] (PDG 2020)


@dataclass(frozen=True)
class NuBeam:
    """The neutrinos a nu-e measurement saw: a line energy (None: a spectrum, usable only where the
    recast is exact), the flavour shares at the detector, antineutrinos or not, and the recoil
    window [keV] of the measured rate."""

    energy_MeV: float | None
    flavours: dict
    window_keV: tuple[float, float]
    antineutrino: bool
    source: str


NU_E_BEAMS: dict[str, NuBeam] = {
    "borexino_7be": NuBeam(
        0.8618, {"nu_e": 0.51, "nu_mu": 0.245, "nu_tau": 0.245}, (270.0, 665.0), False,
        "Borexino 7Be 862 keV line (the 384 keV line's Compton edge, 231 keV, lies below the window); "
        "P_ee = 0.51 (Bellini et al., PRL 107 (2011) 141302, abstract: 0.51 +- 0.07 at 862 keV), the "
        "rest nu_mu and nu_tau in equal parts (theta_23 ~ 45 deg); window T = 270-665 keV (CHOICE)"),
    "texono_reactor": NuBeam(
        None, {"nu_e": 1.0}, (3000.0, 8000.0), True,
        "TEXONO reactor anti-nu_e only (Deniz et al., PRD 81 (2010) 072001), T = 3-8 MeV"),
}


def _sm_couplings(flavour: str, antineutrino: bool, s2w: float):
    """(g_V, g_A) of nu_alpha e (Vogel & Engel 1989): CC + NC for nu_e, NC for nu_mu, nu_tau;
    g_A -> -g_A for antineutrinos."""
    cc = 1.0 if flavour == "nu_e" else 0.0
    ga = -0.5 + cc
    return -0.5 + 2.0 * s2w + cc, -ga if antineutrino else ga


def nu_e_excess_terms(m_x_MeV, model: str, beam: NuBeam, s2w: float = SIN2_THETA_W_LOW_Q,
                      n_nodes: int = 96):
    """{flavour: (b, a)}: the excess over the SM of nu_alpha e events in the beam's recoil window,
    share x int dT [dsigma(SM + X) - dsigma(SM)] = b g^2 + a g^4 [MeV^-2 per electron, per unit flux].

    dsigma/dT = G_F^2 m_e/(2 pi) [(g_V+g_A)^2 + (g_V-g_A)^2 (1-T/E)^2 - (g_V^2-g_A^2) m_e T/E^2]
    with g_V -> g_V + delta, delta = Q_nu Q_e g^2 / (sqrt2 G_F (2 m_e T + m_X^2)) (Vogel-Engel with the
    X t-channel exchange), so b is the SM-X interference (its sign the flavour's) and a the pure X term.
    """
    if model not in NU_E_MODELS:
        raise RecastError(f"unknown nu-e model {model!r}; known: {sorted(NU_E_MODELS)}")
    if beam.energy_MeV is None:
        raise RecastError(f"{beam.source}: a spectrum, not a line; only an exact (identity) recast is possible")
    q, e = NU_E_MODELS[model], beam.energy_MeV
    m2 = np.atleast_1d(np.asarray(m_x_MeV, float))[:, None] ** 2
    t_max = 2.0 * e * e / (2.0 * e + u.M_E)
    t1, t2 = beam.window_keV[0] * 1e-3, min(beam.window_keV[1] * 1e-3, t_max)
    if not t2 > t1:
        raise RecastError(f"{beam.source}: the recoil window lies above T_max = {t_max:.3g} MeV")
    # nodes in s = ln(2 m_e T + m_X^2): the propagator's scale, smooth for every m_X
    x, w = np.polynomial.legendre.leggauss(n_nodes)
    s1, s2 = np.log(2 * u.M_E * t1 + m2), np.log(2 * u.M_E * t2 + m2)
    s = 0.5 * (s2 - s1) * x + 0.5 * (s2 + s1)
    prop = np.exp(s)  # 2 m_e T + m_X^2
    t = (prop - m2) / (2 * u.M_E)
    jac = 0.5 * (s2 - s1) * w * prop / (2 * u.M_E)  # dT = prop ds / (2 m_e)
    y, r = t / e, u.M_E * t / e ** 2
    pref = G_F_MEV2 ** 2 * u.M_E / (2.0 * math.pi)
    u_x = 1.0 / (math.sqrt(2.0) * G_F_MEV2 * prop)  # delta / (Q_nu Q_e g^2)
    out = {}
    for flav, share in beam.flavours.items():
        gv, ga = _sm_couplings(flav, beam.antineutrino, s2w)
        qq = q[flav] * q["e"]
        lin = 2.0 * ((gv + ga) + (gv - ga) * (1 - y) ** 2 - gv * r)
        quad = 1.0 + (1 - y) ** 2 - r
        b = share * qq * pref * np.sum(jac * u_x * lin, axis=1)
        a = share * qq ** 2 * pref * np.sum(jac * u_x ** 2 * quad, axis=1)
        out[flav] = (b, a)
    return out


def nu_e_excess(g, m_x_MeV, model: str, beam: NuBeam, **kw):
    """Excess of nu-e events over the SM in the window (sum over flavours, signs kept) at coupling g."""
    g2 = np.asarray(g, float) ** 2
    return sum(b * g2 + a * g2 * g2 for b, a in nu_e_excess_terms(m_x_MeV, model, beam, **kw).values())


def nu_e_coupling_at_excess(excess, m_x_MeV, model: str, beam: NuBeam, **kw):
    """The g at which ``model`` gives the excess: a g^4 + b g^2 = excess, the positive root."""
    terms = nu_e_excess_terms(m_x_MeV, model, beam, **kw).values()
    b = sum(t[0] for t in terms)
    a = sum(t[1] for t in terms)
    excess = np.asarray(excess, float)
    if np.any(excess <= 0):
        raise RecastError("a nu-e limit recast at equal excess needs an excess > 0 (the source "
                          "model's interference lowers the rate there)")
    return np.sqrt(2.0 * excess / (b + np.sqrt(b * b + 4.0 * a * excess)))


def nu_e_recast_is_exact(source: str, target: str, beam: NuBeam) -> bool:
    """True where every neutrino the beam holds has the same Q_nu Q_e in both models (then every
    rate, interference included, is the same function of g: the limit carries over unchanged)."""
    qs, qt = NU_E_MODELS[source], NU_E_MODELS[target]
    return all(qs[f] * qs["e"] == qt[f] * qt["e"] for f, w in beam.flavours.items() if w > 0)


def recast_nu_e(m_MeV, g, source: str, target: str, beam: str):
    """A nu-e limit g(m) derived for vector model ``source`` -> ``target`` at equal excess of nu-e
    events in the beam's recoil window (interference and pure-X terms, each flavour's charge);
    returns (g_target, step text)."""
    for model in (source, target):
        if model not in NU_E_MODELS:
            raise RecastError(f"unknown nu-e model {model!r}; known: {sorted(NU_E_MODELS)}")
    if beam not in NU_E_BEAMS:
        raise RecastError(f"unknown nu-e beam {beam!r}; known: {sorted(NU_E_BEAMS)}")
    nb = NU_E_BEAMS[beam]
    g = np.asarray(g, float)
    if nu_e_recast_is_exact(source, target, nb):
        return g.copy(), (f"{source} -> {target}: identity (every neutrino of the beam has the same "
                          f"Q_nu Q_e in both; {nb.source})")
    excess = nu_e_excess(g, m_MeV, source, nb)
    return nu_e_coupling_at_excess(excess, m_MeV, target, nb), (
        f"{source} -> {target} at equal excess of nu-e events over the SM (SM-X interference and pure "
        f"X terms, charges {NU_E_MODELS[target]}; {nb.source})")
