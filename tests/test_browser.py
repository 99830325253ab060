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


def test_report_rough_edges_in_the_browser(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    report = fixture_report()
    _open(driver, report, tmp_path)
    # "Strongest shared text" is sorted by the coverage it shows
    cells = driver.find_elements(By.CSS_SELECTOR, "#v-overview .card table.t td.num")
    shown = [int(c.text.rstrip("%")) for c in cells]
    assert shown and shown == sorted(shown, reverse=True)
    # ids and dates are not broken anywhere in a word
    word_break = driver.execute_script(
        "return getComputedStyle(document.querySelector('.sub-id') || document.body).wordBreak")
    assert word_break != "break-all"
    # the side-by-side header names the outlets, not A and B
    ri = next(i for i, r in enumerate(report.relations) if r.lineage.type == "b-from-a")
    driver.execute_script(f"location.hash = '#pair/{ri}'")
    head = _wait(driver, "#v-pair .pairhead").text
    rel = report.relations[ri]
    assert f"{report.article(rel.b).outlet} took from {report.article(rel.a).outlet}" in head
    assert "T09:11" not in driver.find_element(By.CSS_SELECTOR, "#v-pair .sbs").text
    # a one-article story draws no empty graph
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, '#nl-nav a[data-view="stories"]').click()
    _wait(driver, "#v-stories h2")  # the view is drawn after the click returns

    def lonely_story(d):
        return [s for s in d.find_elements(By.CSS_SELECTOR, "#v-stories .story")
                if "Library budget" in s.text]

    lonely = WebDriverWait(driver, 10).until(lonely_story)
    assert lonely and not lonely[0].find_elements(By.CSS_SELECTOR, ".graph")
    # the search box searches the whole report
    box = driver.find_element(By.ID, "nl-search")
    box.clear()
    box.send_keys("optimistic", Keys.ENTER)
    result = _wait(driver, "#v-search h2")
    assert "optimistic" in result.text
    hits = driver.find_element(By.ID, "v-search").text
    assert "Quotes" in hits and "Articles" in hits
    assert _errors(driver) == []


def test_translated_quote_is_not_painted_as_changed(driver, tmp_path):
    from selenium.webdriver.common.by import By

    from newslineage.model import Quote, QuoteVariant
    report = fixture_report()
    a, b = report.articles[0], report.articles[1]
    b.language = "fr"
    ta, tb = a.text[:30], b.text[:30]
    report.quotes = [Quote(speaker="Ana Lopez", changed=True, variants=[
        QuoteVariant(article=a.id, text=ta, span=(0, 30)),
        QuoteVariant(article=b.id, text=tb, span=(0, 30))])]
    _open(driver, report, tmp_path)
    driver.find_element(By.CSS_SELECTOR, '#nl-nav a[data-view="quotes"]').click()
    quote = _wait(driver, "#v-quotes .quote")
    assert "translated" in quote.text and "wording changed" not in quote.text
    assert not quote.find_elements(By.CSS_SELECTOR, "ins, del, mark, .add")
    assert _errors(driver) == []
