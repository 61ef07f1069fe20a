"""Parameter planes a limit can be drawn in, and the maps between them.

Every plane is (mass [MeV], coupling) with a *kind* and, for DM planes, parameters:

| kind              | mass axis      | coupling axis         | parameters                 |
|-------------------|----------------|-----------------------|----------------------------|
| dark_photon       | m_A' [MeV]     | ε                     | –                          |
| vector_ge         | m_X [MeV]      | g_e (vector, e-coupl.)| –                          |
| scalar_ge         | m_S [MeV]      | g_e (scalar Yukawa)   | –                          |
| pseudoscalar_ge   | m_a [MeV]      | g_ae (pseudoscalar)   | –                          |
| chi_eps           | m_χ [MeV]      | ε                     | mA_over_mchi               |
| y                 | m_χ [MeV]      | y = ε² α_D (m_χ/m_A')⁴| alpha_D, mA_over_mchi      |
| sigma_e           | m_χ [MeV]      | σ̄_e [cm²]             | alpha_D, mA_over_mchi      |
| alp_chi           | m_χ [MeV]      | g_aχ                  | ma_over_mchi               |
| sigmav            | m_χ [MeV]      | ⟨σv⟩ [cm³/s] (s-wave) | –                          |
| pwave_b           | m_χ [MeV]      | b [cm³/s], σv = b v²  | –                          |
| alphaD            | m_χ [MeV]      | α_D                   | mA_over_mchi               |

The DM planes of a dark photon coupled to DM (chi_eps, y, sigma_e) share the *canonical*
dark-photon description (m_A', ε) (+ α_D): ``to_canonical`` / ``from_canonical`` map them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np



@dataclass(frozen=True)
class PlaneKind:
    name: str
    mass_label: str
    coupling_label: str
    coupling_unit: str
    params: tuple[str, ...] = ()
    description: str = ""


PLANE_KINDS: dict[str, PlaneKind] = {p.name: p for p in (
    PlaneKind("dark_photon", r"$m_{A'}$ [MeV]", r"$\varepsilon$", "1", (),
              "dark photon, kinetic mixing"),
    PlaneKind("vector_ge", r"$m_X$ [MeV]", r"$g_e$", "1", (),
              r"vector coupled to electrons ($L_e-L_\mu$, $B-L$, leptophilic)"),
    PlaneKind("scalar_ge", r"$m_S$ [MeV]", r"$g_e$", "1", (), "scalar coupled to electrons"),
    PlaneKind("pseudoscalar_ge", r"$m_a$ [MeV]", r"$g_{ae}$", "1", (),
              "pseudoscalar coupled to electrons"),
    PlaneKind("chi_eps", r"$m_\chi$ [MeV]", r"$\varepsilon$", "1", ("mA_over_mchi",),
              "DM mass vs kinetic mixing"),
    PlaneKind("y", r"$m_\chi$ [MeV]", r"$y=\varepsilon^2\alpha_D(m_\chi/m_{A'})^4$", "1",
              ("alpha_D", "mA_over_mchi"), "DM mass vs the interaction strength $y$"),
    PlaneKind("sigma_e", r"$m_\chi$ [MeV]", r"$\bar\sigma_e$ [cm$^2$]", "cm^2",
              ("alpha_D", "mA_over_mchi"), "DM-electron reference cross section"),
    PlaneKind("alp_chi", r"$m_\chi$ [MeV]", r"$g_{a\chi}$", "1", ("ma_over_mchi",),
              "Dirac DM with a pseudoscalar (ALP) mediator"),
    PlaneKind("sigmav", r"$m_\chi$ [MeV]", r"$\langle\sigma v\rangle$ [cm$^3$/s]", "cm^3/s", (),
              "s-wave annihilation cross section"),
    PlaneKind("pwave_b", r"$m_\chi$ [MeV]", r"$b$ [cm$^3$/s], $\sigma v = b\,v_{\rm rel}^2$", "cm^3/s", (),
              "p-wave annihilation coefficient"),
    PlaneKind("alphaD", r"$m_\chi$ [MeV]", r"$\alpha_D$", "1", ("mA_over_mchi",),
              r"dark coupling $\alpha_D$"),
)}

DM_DARK_PHOTON_KINDS = ("chi_eps", "y", "sigma_e")


@dataclass(frozen=True)
class Plane:
    """A plane kind with its parameter values, e.g. Plane('y', alpha_D=0.5, mA_over_mchi=3)."""

    kind: str
    params: tuple[tuple[str, float], ...] = field(default=())

    @classmethod
    def make(cls, kind: str, **params) -> "Plane":
        if kind not in PLANE_KINDS:
            raise ValueError(f"unknown plane kind {kind!r}; known: {sorted(PLANE_KINDS)}")
        need = PLANE_KINDS[kind].params
        missing = [p for p in need if p not in params or params[p] is None]
        extra = [p for p in params if p not in need]
        if missing:
            raise ValueError(f"plane {kind!r} needs parameters {list(need)}; missing {missing}")
        if extra:
            raise ValueError(f"plane {kind!r} takes parameters {list(need)}; unexpected {extra}")
        for p in need:
            v = float(params[p])
            if not (math.isfinite(v) and v > 0):
                raise ValueError(f"plane {kind!r}: parameter {p} must be > 0, got {params[p]}")
        if kind in ("chi_eps", "y", "sigma_e") and float(params["mA_over_mchi"]) <= 2.0:
            raise ValueError(f"plane {kind!r}: mA_over_mchi = {params['mA_over_mchi']} must be > 2 "
                             "(A' -> chi chi open, so the A' decays invisibly)")
        return cls(kind, tuple(sorted((p, float(params[p])) for p in need)))

    @property
    def p(self) -> dict:
        return dict(self.params)

    @property
    def info(self) -> PlaneKind:
        return PLANE_KINDS[self.kind]

    def label(self) -> str:
        """Machine label, e.g. y(alpha_D=0.5, mA_over_mchi=3) (file headers, logs)."""
        if not self.params:
            return self.kind
        return self.kind + "(" + ", ".join(f"{k}={v:g}" for k, v in self.params) + ")"

    def title(self) -> str:
        """Figure title: the kind's description and its parameters in math text."""
        params = ", ".join(f"{PARAM_MATH[k]} = {v:g}" for k, v in self.params)
        return self.info.description + (f" ({params})" if params else "")


PARAM_MATH = {"alpha_D": r"$\alpha_D$", "mA_over_mchi": r"$m_{A'}/m_\chi$",
              "ma_over_mchi": r"$m_a/m_\chi$"}


def sigma_e_cm2(m_chi_MeV, eps, alpha_D, mA_over_mchi):
    """σ̄_e of the plane (m_A' = r m_χ): the dark-photon reference cross section of
    mevdm.models.inelastic (Baryakhtar et al. Eq. 2.3)."""
    from mevdm.models.inelastic import sigma_e_cm2 as sigma_e

    return sigma_e(m_chi_MeV, eps, alpha_D, mA_over_mchi * np.asarray(m_chi_MeV))


def dm_to_canonical(plane: Plane, m_chi, c):
    """(m_χ, coupling) in a DM dark-photon plane -> (m_A' [MeV], ε)."""
    p = plane.p
    r = p["mA_over_mchi"]
    m_a = r * m_chi
    if plane.kind == "chi_eps":
        return m_a, c
    if plane.kind == "y":
        return m_a, np.sqrt(c * r**4 / p["alpha_D"])
    if plane.kind == "sigma_e":
        unit = sigma_e_cm2(m_chi, 1.0, p["alpha_D"], r)
        return m_a, np.sqrt(c / unit)
    raise ValueError(f"{plane.kind!r} is not a DM dark-photon plane")


def canonical_to_dm(plane: Plane, m_a, eps):
    """(m_A' [MeV], ε) -> (m_χ, coupling) in a DM dark-photon plane."""
    p = plane.p
    r = p["mA_over_mchi"]
    m_chi = m_a / r
    if plane.kind == "chi_eps":
        return m_chi, eps
    if plane.kind == "y":
        return m_chi, eps**2 * p["alpha_D"] / r**4
    if plane.kind == "sigma_e":
        return m_chi, sigma_e_cm2(m_chi, eps, p["alpha_D"], r)
    raise ValueError(f"{plane.kind!r} is not a DM dark-photon plane")
