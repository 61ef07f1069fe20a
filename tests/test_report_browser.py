"""The README's `snakemake all --report report.html`, opened in a real headless Chromium (Debian's
chromium and chromium-driver; .ci/run installs them): each figure's page shows its image, its
caption typeset, the paper's numbers beside ours, its departures and headline numbers from the
figure JSON; the scoreboard page shows its table. One cheap figure (baryakhtar2020 fig4) keeps
the build short. The report's dependencies come with the package itself (the README's first
command installs no extra)."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from mevdm.core.paths import CHECKOUT as REPO_ROOT
from mevdm.report_page import figure_page

pytestmark = pytest.mark.workflow
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile")]
KEY, NAME = "baryakhtar2020", "fig4"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def test_report_dependencies_come_with_the_package():
    """`pip install -e .` (README command 1) brings snakemake's `reports` extra (pygments)."""
    requires = metadata.requires("mevdm")
    core = [r for r in requires if "extra ==" not in r]
    assert any(re.match(r"snakemake\[reports\]", r) for r in core), core
    assert any(r.startswith("pygments") and 'extra == "reports"' in r for r in metadata.requires("snakemake"))


def test_departures_are_listed_on_the_page():
    page = figure_page(KEY, NAME, "m_chi = 3.7 MeV", {"x": 1.0, "departures": [
        "delta from Eq. 4.13 with the prefactor corrected", {"what": "T_sun", "why": "one-zone core"}]},
        b"\x89PNG", [])
    assert '<ul class="departures">' in page
    assert "<li>delta from Eq. 4.13 with the prefactor corrected</li>" in page
    assert "<b>what</b>: T_sun; <b>why</b>: one-zone core" in page


@pytest.fixture(scope="module")
def report(tmp_path_factory, mirror):
    """(workdir, report.html) of `snakemake all` then `snakemake all --report` for one figure."""
    work = tmp_path_factory.mktemp("report")
    overlay = work / "one_figure.yaml"
    overlay.write_text(yaml.safe_dump({"figures": {
        k: ([NAME] if k == KEY else []) for k in yaml.safe_load(
            (REPO_ROOT / "config" / "config.yaml").read_text())["figures"]}}))
    base = [*SNAKEMAKE, "all", "--directory", str(work), "--cores", "1",
            "--configfile", str(REPO_ROOT / "config" / "config.yaml"), str(overlay),
            "--config", f"data_mirror={mirror}"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    for extra in ([], ["--report", str(work / "report.html")]):
        proc = subprocess.run([*base, *extra], capture_output=True, text=True, cwd=work, env=env)
        assert proc.returncode == 0, proc.stderr[-4000:]
    return work, work / "report.html"


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("headless browser missing: apt-get install -y chromium chromium-driver (.ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))  # no driver download
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


def _open(browser, report_html: Path, category: str):
    """Open the report, then a result category (left menu)."""
    from selenium.webdriver.common.by import By

    browser.get(report_html.as_uri())
    browser.find_element(By.XPATH, f"(//*[normalize-space(text())='{category}'])[1]").click()


def _view_result(browser, screenshot: Path):
    """Show the category's first result (the eye icon) and switch into its frame."""
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "a[iconname='eye']").click()
    frame = browser.find_element(By.TAG_NAME, "iframe")
    time.sleep(0.5)  # let the frame paint before the screenshot
    browser.save_screenshot(str(screenshot))
    browser.switch_to.frame(frame)


def test_figure_page_in_the_browser(report, browser):
    from selenium.webdriver.common.by import By

    work, report_html = report
    numbers = json.loads((work / f"results/{KEY}/{NAME}.json").read_text())
    _open(browser, report_html, KEY)
    # the description (info icon): the caption typeset, no ASCII spelling left
    browser.find_element(By.CSS_SELECTOR, "a[iconname='information-circle']").click()
    caption = browser.find_element(By.CSS_SELECTOR, "p.mevdm-caption")
    assert caption.is_displayed()
    assert "χ*" in caption.text and "δ = 3.5 keV" in caption.text, caption.text
    assert not re.search(r"m_chi|chi\*|delta|sigma_e", caption.text), caption.text
    assert caption.find_elements(By.TAG_NAME, "sub"), "subscripts typeset"
    try:
        _view_result(browser, work / "figure_page.png")
        img = browser.find_element(By.TAG_NAME, "img")
        assert img.is_displayed() and browser.execute_script("return arguments[0].naturalWidth", img) > 500
        assert "χ*" in browser.find_element(By.CSS_SELECTOR, "p.caption").text
        # the paper's printed numbers beside ours (resources/papers/baryakhtar2020.yaml)
        paper = browser.find_element(By.CSS_SELECTOR, "table.paper")
        assert paper.is_displayed()
        row = paper.find_element(By.XPATH, ".//tr[td[1][normalize-space(text())='flux_ratio_eq4_3']]")
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        assert cells[2] == "5e-08" and float(cells[3]) == pytest.approx(numbers["flux_ratio_eq4_3"], rel=1e-3)
        # headline numbers from the JSON, as written there
        headline = browser.find_element(By.CSS_SELECTOR, "table.headline")
        assert headline.is_displayed()
        shown = dict(tuple(td.text for td in tr.find_elements(By.TAG_NAME, "td"))
                     for tr in headline.find_elements(By.TAG_NAME, "tr")[1:])
        for key in ("flux_cm2_s", "sigma_e_cm2", "peak_K_keV"):
            assert float(shown[key]) == pytest.approx(numbers[key], rel=1e-4), key
        departures = numbers.get("departures") or []  # a figure's own departures, when it lists them
        if departures:
            items = browser.find_elements(By.CSS_SELECTOR, "ul.departures li")
            assert len(items) == len(departures) and all(li.is_displayed() and li.text for li in items)
    finally:
        browser.switch_to.default_content()


def test_scoreboard_page_in_the_browser(report, browser):
    from selenium.webdriver.common.by import By

    work, report_html = report
    _open(browser, report_html, "scoreboard")
    try:
        _view_result(browser, work / "scoreboard_page.png")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Reproduction scoreboard"
        row = browser.find_element(By.XPATH, "//tr[td[1][normalize-space(text())='flux_ratio_eq4_3']]")
        assert row.is_displayed() and "match" in row.text
    finally:
        browser.switch_to.default_content()
