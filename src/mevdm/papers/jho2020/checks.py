"""Cross-field config checks of jho2020 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

from mevdm.core.config import ConfigError, physics_check

KEY = "jho2020"
# [low, high] grid ranges (schema: definitions/range)
RANGES = {"fig1": ("m_X_keV", "g_e"), "fig2": ("m_chi_keV", "sigma_e_cm2"),
          "fig5": ("m_chi_MeV", "m_X_MeV", "sqrt_gegchi", "mX_max_mDM_range_MeV"), "fig6": ("g_e",)}


@physics_check(KEY)
def _ranges_increasing(cfg: dict) -> None:
    for fig, keys in RANGES.items():
        for k in keys:
            v = (cfg.get(fig) or {}).get(k)
            if v is not None and not v[0] < v[1]:
                raise ConfigError(f"{KEY}.{fig}.{k} = {v}: the range must be [low, high] with low < high")
    grid = cfg["recoil_grid"]
    if not grid["min_keV"] < grid["max_keV"]:
        raise ConfigError(f"{KEY}.recoil_grid: min_keV = {grid['min_keV']} must be below "
                          f"max_keV = {grid['max_keV']}")
    eff = cfg["efficiency"]
    if eff["baseline"] not in eff["variants"]:
        raise ConfigError(f"{KEY}.efficiency.baseline = {eff['baseline']!r} must be one of "
                          f"{KEY}.efficiency.variants = {eff['variants']}")
    ns = cfg["ns_heating"]
    if ns["xi_convention"] == "fixed" and "xi_fixed" not in ns:
        raise ConfigError(f"{KEY}.ns_heating.xi_fixed (in (0, 1]) is required when xi_convention = 'fixed'")
    inter = cfg["solar"]["interference"]
    if inter["p_ee"] + inter["p_emu"] > 1.0:
        raise ConfigError(f"{KEY}.solar.interference: p_ee + p_emu = {inter['p_ee'] + inter['p_emu']:g} "
                          "must be <= 1 (nu_e, nu_mu shares of the solar flux at Earth)")
