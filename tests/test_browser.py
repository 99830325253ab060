"""The HTML report in a real browser: headless Chromium from the system, driven by selenium.

Selenium Manager is never asked for anything: the driver path is given explicitly. The test
skips (saying how to install) only where Chromium or its driver are absent.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from newslineage.report import html, schema
from report_fixtures import fixture_report

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("headless Chromium is not installed: run `make browser` "
                    "(apt-get install chromium chromium-driver) to test the HTML report in a browser")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newslineage-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(page.as_uri())


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _wait(driver, css: str, timeout: float = 10):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.visibility_of_element_located(("css selector", css)))


def _side_by_side(driver, report, tmp_path, artifacts, shot: str):
    from selenium.webdriver.common.by import By

    schema.validate(report)
    _open(driver, report, tmp_path)
    assert driver.find_element(By.ID, "v-overview").is_displayed()
    driver.find_element(By.CSS_SELECTOR, '#nl-nav a[data-view="relations"]').click()
    # The strongest pair that shares passages: sort by coverage (the default), open the first.
    row = _wait(driver, "#v-relations table.t tbody tr.clickable")
    row.find_element(By.CSS_SELECTOR, "td").click()
    _wait(driver, "#v-pair .sbs")
    a_marks = driver.find_elements(By.CSS_SELECTOR, "#side-a .psg")
    b_marks = driver.find_elements(By.CSS_SELECTOR, "#side-b .psg")
    assert a_marks and b_marks, "no highlighted passage in the side-by-side view"
    assert all(m.is_displayed() for m in a_marks[:3] + b_marks[:3])
    # Matching colours: passage k has the same colour class on both sides.
    colour = lambda m: [c for c in m.get_attribute("class").split() if c[:1] == "c" and c[1:].isdigit()]
    clicked = a_marks[-1]
    partners = [m for m in b_marks if m.get_attribute("data-p") == clicked.get_attribute("data-p")]
    assert partners and all(colour(m) == colour(clicked) for m in partners)
    assert "score" in a_marks[0].get_attribute("title")
    # Clicking a passage scrolls its partner into the other pane and flashes both.
    clicked.click()
    pane = driver.find_element(By.ID, "side-b")
    assert any(driver.execute_script(
        "var p=arguments[0].getBoundingClientRect(), e=arguments[1].getBoundingClientRect();"
        "return e.bottom > p.top && e.top < p.bottom;", pane, m) for m in partners)
    assert "flash" in partners[0].get_attribute("class")
    driver.save_screenshot(str(artifacts / shot))
    return a_marks


def test_fixture_report_in_the_browser(driver, tmp_path, artifacts):
    from selenium.webdriver.common.by import By

    report = fixture_report(extra_articles=70)
    _side_by_side(driver, report, tmp_path, artifacts, "side_by_side.png")
    assert driver.find_elements(By.CSS_SELECTOR, "#side-a mark.chg"), "word-level changes are not marked"
    # Every view builds without error; the injected markup stays text.
    for view in ("overview", "articles", "stories", "quotes", "drift", "relations"):
        driver.find_element(By.CSS_SELECTOR, f'#nl-nav a[data-view="{view}"]').click()
        _wait(driver, f"#v-{view} h2")
    # The article whose title and text carry markup: shown as text, never run.
    xss = next(i for i, a in enumerate(report.articles) if "<script>" in a.text)
    driver.execute_script(f"location.hash = '#article/{xss}'")
    assert _wait(driver, "#v-pair h2").text == report.articles[xss].title
    assert "<script>window.__pwned" in _wait(driver, "#v-pair .arttext").text  # opened with the view
    assert driver.execute_script("return window.__pwned") is None
    driver.find_element(By.CSS_SELECTOR, '#nl-nav a[data-view="stories"]').click()
    assert driver.find_elements(By.CSS_SELECTOR, "#v-stories svg .node.origin"), "no origin drawn in the lineage graph"
    driver.find_element(By.CSS_SELECTOR, '#nl-nav a[data-view="articles"]').click()
    assert "page 1 of 2" in driver.find_element(By.CSS_SELECTOR, "#v-articles .pager").text
    assert _errors(driver) == []


def test_example_report_in_the_browser(driver, tmp_path, artifacts, example_report):
    _side_by_side(driver, example_report, tmp_path, artifacts, "side_by_side_example.png")
    assert _errors(driver) == []
