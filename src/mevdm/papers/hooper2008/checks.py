"""Cross-field config checks of hooper2008 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check, require_below

KEY = "hooper2008"


@physics_check(KEY)
def _ranges(cfg: dict) -> None:
    fc, fr = cfg["fig_coupling"], cfg["fig_radiative"]
    require_below(f"{KEY}.fig_coupling", fc, "m_U_min_MeV", "m_U_max_MeV")
    require_below(f"{KEY}.fig_coupling", fc, "band_low", "band_high")
    require_below(f"{KEY}.fig_radiative", fr, "m_S_max_GeV", "lambda_uv_GeV")
    require_below(f"{KEY}.fig_radiative", fr, "m_S_min_GeV", "m_S_max_GeV")


# sigma v = a + b v^2 of the benchmark (Boehm, Hooper et al.) is the expansion far from the
# s-channel pole m_U = 2 m_chi, where b ~ 1/(4 m_chi^2 - m_U^2)^2 diverges
POLE_GAP = 0.05


@physics_check(KEY)
def _off_the_pole(cfg: dict) -> None:
    fs = cfg["fig_sigmav"]
    gap = abs(fs["m_U_MeV"] / (2.0 * fs["m_chi_MeV"]) - 1.0)
    if gap < POLE_GAP:
        raise ConfigError(f"{KEY}.fig_sigmav.m_U_MeV = {fs['m_U_MeV']}: within {POLE_GAP:.0%} of "
                          f"the pole 2 m_chi_MeV = {2.0 * fs['m_chi_MeV']:g} (|m_U/(2 m_chi) - 1| "
                          f"must be >= {POLE_GAP}; the a + b v^2 expansion diverges there)")
