"""halp2025 figure layer: Table B1 end to end, config checks (spec 001 §7, §9)."""

import copy
import math

import pytest

from mevdm.core import config as mconfig
from mevdm.papers.halp2025 import analysis as A


@pytest.fixture(scope="module")
def cfg(mirror):
    return mconfig.load(data_mirror=str(mirror))


def test_table_b1(cfg):
    p = copy.deepcopy(cfg["halp2025"])
    p["relic_solver"] = "semi_analytic"  # the spec's 2 % baseline values are semi-analytic
    d = A.table_b1(p, p["table_b1"])["numbers"]
    assert d["I3_r0"] == pytest.approx(7 * math.pi ** 2 / 4 - 15, rel=1e-6)
    assert d["I3_r0p2"] == pytest.approx(1.80745, rel=1e-4)
    assert d["I3_r0p5"] == pytest.approx(0.49436, rel=1e-4)
    grid = d["sigmav_3a_cm3_s"]
    assert grid["r0p2"]["m10"] == pytest.approx(1.15e-30, rel=0.02)
    # forbidden exactly where r m < 2 m_e (as null cells)
    for rk, row in grid.items():
        r = float(rk[1:].replace("p", "."))
        for mk, v in row.items():
            m = float(mk[1:].replace("p", "."))
            assert (v is None) == (r * m < 2 * 0.51099895), (r, m)
    assert [10.0, 0.1] in d["forbidden_cells_m_r"]


def test_benchmark_check_rejects_forbidden_r(cfg):
    bad = copy.deepcopy(cfg)
    bad["halp2025"]["fig3"]["r"] = 0.05  # m_a = 0.5 MeV < 2 m_e at 10 MeV
    with pytest.raises(mconfig.ConfigError, match="halp2025.fig3"):
        mconfig.validate(bad)


def test_schema_rejects_unknown_convention(cfg):
    bad = copy.deepcopy(cfg)
    bad["halp2025"]["relic_convention"]["xi_mode"] = "squared"
    with pytest.raises(mconfig.ConfigError, match="xi_mode"):
        mconfig.validate(bad)
