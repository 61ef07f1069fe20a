"""Bad configuration stops the run with the key and the allowed range."""

import copy

import pytest

from mevdm import configuration as mconfig


@pytest.fixture()
def cfg(mirror):
    return mconfig.load(data_mirror=str(mirror))


def test_default_config_is_valid(cfg):
    assert cfg["figures"]["baryakhtar2020"]


@pytest.mark.parametrize("mutate, expected", [
    (lambda c: c["baryakhtar2020"]["fig4"].update(m_chi_MeV=-1.0), r"baryakhtar2020\.fig4\.m_chi_MeV"),
    (lambda c: c["baryakhtar2020"]["fig4"].update(m_chi_MeV=0.0), r"m_chi_MeV.*exclusiveMinimum"),
    (lambda c: c["baryakhtar2020"]["fig4"].update(delta_keV=5000.0), r"delta_keV.*below"),
    (lambda c: c["baryakhtar2020"].update(alpha_D=20.0), r"alpha_D.*maximum"),
    (lambda c: c["figures"].update(nature2099=["fig1"]), r"nature2099"),
    (lambda c: c["baryakhtar2020"]["fig4"].update(m_chi_mev=3.0), r"fig4: Additional properties are not allowed .*m_chi_mev"),
    (lambda c: c.update(data_mirror="/nonexistent/mirror"), r"data_mirror.*does not exist"),
    (lambda c: c["xenon1t"].update(resolution_b="0.1"), r"xenon1t\.resolution_b"),
])
def test_bad_input_is_rejected_with_the_key(cfg, mutate, expected):
    bad = copy.deepcopy(cfg)
    mutate(bad)
    with pytest.raises(mconfig.ConfigError, match=expected):
        mconfig.validate(bad)


@pytest.mark.parametrize("text, message", [
    ("baryakhtar2020:\n  fig4:\n    m_chi_MeV: [1, 2\n  x: 1\n", "user.yaml:4:4: invalid YAML"),
    ("baryakhtar2020:\n  fig4:\n    m_chi_MeV: -1\n", "baryakhtar2020.fig4.m_chi_MeV: -1"),
])
def test_check_config_names_the_line_or_key_of_a_users_file(tmp_path, capsys, text, message):
    """`snakemake --configfile` reports a bad YAML without its line; `mevdm check-config` does,
    and applies the workflow's validation to the file merged onto the defaults."""
    from mevdm import cli

    user = tmp_path / "user.yaml"
    user.write_text(text)
    assert cli.main(["check-config", str(user)]) == 2
    assert message in capsys.readouterr().err


def test_check_config_merges_a_partial_section_onto_the_defaults(tmp_path, capsys):
    from mevdm import cli

    user = tmp_path / "user.yaml"
    user.write_text("jho2020:\n  fig5:\n    n_m_chi: 20\n")
    assert cli.main(["check-config", str(user)]) == 0
    assert "valid" in capsys.readouterr().out
