"""Cross-field config checks of halp2025 (registered by mevdm.configuration; light imports only,
so validation runs before any job without loading physics code)."""

from __future__ import annotations


from mevdm.core import units as u
from mevdm.core.config import ConfigError, physics_check

KEY = "halp2025"


TWO_THIRDS = 2.0 / 3.0  # r = m_a/m_chi < 2/3: chi chibar -> 3a open


@physics_check(KEY)
def _check_benchmarks(cfg: dict) -> None:
    """Every benchmark (m_chi, r) must have 2 m_e <= r m_chi and r < 2/3 (schema defaults already filled)."""
    pairs = [("fig1", float(m), float(cfg["fig1"]["r"])) for m in cfg["fig1"]["m_chi_MeV"]]
    pairs.append(("fig3", float(cfg["fig3"]["m_chi_MeV"]), float(cfg["fig3"]["r"])))
    fd = cfg["figd1"]
    pairs += [("figd1.r_values", float(fd["m_chi_MeV"]), float(rr)) for rr in fd["r_values"]]
    pairs += [("figd1.m_chi_values_MeV", float(mm), float(fd["r"])) for mm in fd["m_chi_values_MeV"]]
    for where, m, r in pairs:
        if not (r * m >= 2.0 * u.M_E and r < TWO_THIRDS):
            raise ConfigError(f"halp2025.{where}: (m_chi = {m} MeV, r = {r}) needs r m_chi >= 2 m_e = "
                              f"{2 * u.M_E:.5f} MeV and r < 2/3 (a -> e+e-, chi chibar -> aaa open)")
    if float(cfg["figc1"]["m_chi_MeV"]) * TWO_THIRDS <= 2 * u.M_E:
        raise ConfigError("halp2025.figc1.m_chi_MeV: no allowed r for this mass (need m_chi > 1.533 MeV)")
    f2 = cfg["fig2"]
    if not f2["m_chi_min_MeV"] < f2["m_chi_max_MeV"]:
        raise ConfigError(f"halp2025.fig2.m_chi_min_MeV = {f2['m_chi_min_MeV']} must be below "
                          f"fig2.m_chi_max_MeV = {f2['m_chi_max_MeV']}")


@physics_check(KEY)
def _check_table_b1_rows(cfg: dict) -> None:
    """Each paper row's r must give exactly its printed dashes (r m_chi < 2 m_e) on the table's masses."""
    tb = cfg["table_b1"]
    for i, row in enumerate(tb["paper_rows"]):
        dashes = sorted(float(m) for m in tb["m_chi_MeV"] if float(row["r"]) * float(m) < 2.0 * u.M_E)
        if dashes != sorted(float(m) for m in row["forbidden_m_chi_MeV"]):
            raise ConfigError(f"halp2025.table_b1.paper_rows[{i}].r = {row['r']}: gives dashes at {dashes} MeV, "
                              f"not the printed {row['forbidden_m_chi_MeV']} (need r m_chi < 2 m_e = "
                              f"{2 * u.M_E:.5f} MeV exactly at those masses)")
