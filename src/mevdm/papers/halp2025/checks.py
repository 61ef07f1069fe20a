"""Cross-field config checks of halp2025 (registered with mevdm.core.config; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations

import numpy as np

from mevdm.core import units as u
from mevdm.core.config import ConfigError, physics_check

KEY = "halp2025"


TWO_THIRDS = 2.0 / 3.0  # r = m_a/m_chi < 2/3: chi chibar -> 3a open


@physics_check(KEY)
def _check_benchmarks(cfg: dict) -> None:
    """Every benchmark (m_chi, r) must have 2 m_e <= r m_chi and r < 2/3."""
    pairs = []
    for name in ("fig1", "fig3"):
        b = cfg.get(name) or {}
        for m in np.atleast_1d(b.get("m_chi_MeV", [])):
            pairs.append((f"{name}", float(m), float(b.get("r", 0.2))))
    fd = cfg.get("figd1") or {}
    for rr in fd.get("r_values", []):
        pairs.append(("figd1.r_values", float(fd.get("m_chi_MeV", 10.0)), float(rr)))
    for mm in fd.get("m_values_MeV", []):
        pairs.append(("figd1.m_values_MeV", float(mm), float(fd.get("r", 0.2))))
    fc = cfg.get("figc1") or {}
    for where, m, r in pairs:
        if not (r * m >= 2.0 * u.M_E and r < TWO_THIRDS):
            raise ConfigError(f"halp2025.{where}: (m_chi = {m} MeV, r = {r}) needs r m_chi >= 2 m_e = "
                              f"{2 * u.M_E:.5f} MeV and r < 2/3 (a -> e+e-, chi chibar -> aaa open)")
    if fc and float(fc.get("m_chi_MeV", 10.0)) * TWO_THIRDS <= 2 * u.M_E:
        raise ConfigError("halp2025.figc1.m_chi_MeV: no allowed r for this mass (need m_chi > 1.533 MeV)")
