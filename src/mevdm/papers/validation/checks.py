"""Cross-field config checks of the relic section (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations


from mevdm.core.config import ConfigError, physics_check

KEY = "relic"  # the relic section is validated by the validation figure


@physics_check("relic")
def _relic_ranges(cfg: dict) -> None:
    v = cfg.get("validation") or {}
    if v and v["m_min_MeV"] >= v["m_max_MeV"]:
        raise ConfigError("relic.validation.m_min_MeV must be below m_max_MeV")
    e = cfg.get("ema2021_numbers") or {}
    if e:
        if e["coann_delta_keV"] * 1e-3 >= e["coann_M_MeV"]:
            raise ConfigError("relic.ema2021_numbers.coann_delta_keV must be below coann_M_MeV")
        if e["coann_M_MeV"] <= e["coann_m_phi_MeV"]:
            raise ConfigError("relic.ema2021_numbers.coann_M_MeV must exceed coann_m_phi_MeV "
                              "(chi chi -> phi phi must be open)")
        if e["coann_m_V_MeV"] <= 2 * e["coann_M_MeV"]:
            raise ConfigError("relic.ema2021_numbers.coann_m_V_MeV must exceed 2 coann_M_MeV")
