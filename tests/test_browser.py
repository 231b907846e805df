"""The page and the report in a real browser: Debian's chromium, headless, driven by selenium through
/usr/bin/chromedriver. Starts `healthmod serve` on a free loopback port, pastes our example article,
submits, and checks the highlights and the missing disclosures; then opens a `healthmod report` file
and sorts its table. Skipped when chromium or its driver is not installed (CI installs both)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from conftest import EXAMPLES, LAYOUT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(
        f"browser tests need Debian's chromium and its driver ({CHROMIUM}, {CHROMEDRIVER}): "
        "apt-get install chromium chromium-driver (.ci/run does this when run as root)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from healthmod.report import SUGGESTIONS  # noqa: E402
from test_serve import start_server, stop_server  # noqa: E402

WAIT = 60


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(healthmod_exe):
    proc, url = start_server(healthmod_exe)
    yield url
    stop_server(proc)


def console_errors(driver) -> list[str]:
    """Errors the page logged (a script error, a Content-Security-Policy violation, a failed load)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def wording(kind: str) -> str:
    return re.search(r'"([^"]{12,})"', SUGGESTIONS[kind]).group(1)


def paste(driver, element, text: str) -> None:
    """Put ``text`` into the focused field as a paste does: one editing operation, with an input event."""
    element.click()
    driver.execute_script(
        "arguments[0].focus(); document.execCommand('insertText', false, arguments[1]);", element, text
    )


def submit_and_wait(driver) -> None:
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "status").text in ("Done.", "") and d.find_element(By.ID, "check").is_enabled()
    )
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "result").is_displayed() or d.find_element(By.ID, "error").is_displayed()
    )


def test_paste_a_draft_and_see_what_to_fix(browser, server):
    text = LAYOUT.read_text(encoding="utf-8")
    expected = httpx.post(server + "v1/check", json={"text": text}, timeout=WAIT).json()
    browser.get(server)
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    draft = browser.find_element(By.ID, "draft")
    paste(browser, draft, text)
    assert draft.get_attribute("value") == text
    submit_and_wait(browser)
    assert not browser.find_element(By.ID, "error").is_displayed()

    # The decision.
    assert browser.find_element(By.CSS_SELECTOR, "#decision .decision-value").text == expected["decision"] == "reject"

    # The missing disclosures, listed first, with the wording to copy.
    missing = browser.find_elements(By.CSS_SELECTOR, "#missing-list > li")
    kinds = [li.get_attribute("data-kind") for li in missing]
    assert {"medical_advice", "regulatory_status"} <= set(kinds)
    for kind in ("medical_advice", "regulatory_status"):
        item = browser.find_element(By.ID, f"missing-{kind}")
        assert item.is_displayed()
        assert item.find_element(By.CSS_SELECTOR, "blockquote.wording").text == wording(kind)
        assert item.find_element(By.CSS_SELECTOR, "button.copy").is_displayed()
    first = browser.find_element(By.ID, "missing").location["y"]
    assert first < browser.find_element(By.ID, "promotional").location["y"]

    # The promotional sentences, highlighted in the text by category, each explained with a hint.
    sentences = expected["promotional"]["sentences"]
    marks = browser.find_elements(By.CSS_SELECTOR, "#article mark.promo")
    assert len(marks) == len(sentences) > 0
    for mark, sentence in zip(marks, sentences, strict=True):
        assert mark.is_displayed()
        shown = browser.execute_script(
            "const m = arguments[0].cloneNode(true); m.querySelectorAll('sup').forEach(s => s.remove());"
            "return m.textContent;",
            mark,
        )
        assert shown == sentence["text"]
        assert f"cat-{sentence['categories'][0]}" in mark.get_attribute("class").split()
    assert any("cat-safety" in m.get_attribute("class") for m in marks)
    cards = browser.find_elements(By.CSS_SELECTOR, "#sentence-list > li")
    assert len(cards) == len(sentences)
    for card, sentence in zip(cards, sentences, strict=True):
        assert f"score {sentence['score']:.2f}" in card.text
        assert "Rewording hint:" in card.text
    # The article view is the cleaned text.
    assert (
        browser.execute_script(
            "const a = document.getElementById('article').cloneNode(true);"
            "a.querySelectorAll('sup').forEach(s => s.remove()); return a.textContent;"
        )
        == expected["text"]
    )
    assert json.loads(browser.find_element(By.ID, "verdict-json").get_attribute("textContent"))["id"] == "draft"
    assert console_errors(browser) == []


def test_upload_a_file_and_errors_are_shown(browser, server):
    browser.get(server)
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    # Nothing to check: a message, no request.
    browser.find_element(By.ID, "check").click()
    error = browser.find_element(By.ID, "error")
    WebDriverWait(browser, WAIT).until(lambda d: error.is_displayed())
    assert "Paste or upload a draft" in error.text
    # An HTML page, uploaded.
    page = EXAMPLES / "articles" / "stemcell-clinic-regenerative.html"
    browser.find_element(By.ID, "file").send_keys(str(page))
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "draft").get_attribute("value"))
    assert browser.find_element(By.ID, "format").get_attribute("value") == "html"
    submit_and_wait(browser)
    assert not browser.find_element(By.ID, "error").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#decision .decision-value").text == "reject"
    assert browser.find_elements(By.CSS_SELECTOR, "#article mark.promo")
    shown = json.loads(browser.find_element(By.ID, "verdict-json").get_attribute("textContent"))
    assert shown["id"] == page.name and shown["source"]["format"] == "html"
    assert console_errors(browser) == []


def test_report_table_sorts(browser, run_exe, tmp_path):
    run = tmp_path / "run"
    result = run_exe("batch", EXAMPLES / "articles", "--out", run, "--include-text", "--workers", "1")
    assert result.code == 0, result.err
    out = tmp_path / "report.html"
    result = run_exe("report", run, "--out", out)
    assert result.code == 0, result.err
    browser.get(out.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#article-table tbody tr")
    assert len(rows) == 13

    def column(index: int) -> list[str]:
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('#article-table tbody tr'))"
            f".map(r => r.cells[{index}].getAttribute('data-value') ?? r.cells[{index}].textContent);"
        )

    def header(name: str):
        return browser.find_element(By.XPATH, f"//table[@id='article-table']//th[button[normalize-space()='{name}']]")

    header("score").find_element(By.TAG_NAME, "button").click()
    scores = [float(v) for v in column(4)]
    assert scores == sorted(scores)
    assert header("score").get_attribute("aria-sort") == "ascending"
    header("score").find_element(By.TAG_NAME, "button").click()
    scores = [float(v) for v in column(4)]
    assert scores == sorted(scores, reverse=True)
    assert header("score").get_attribute("aria-sort") == "descending"
    assert header("article").get_attribute("aria-sort") == "none"

    header("article").find_element(By.TAG_NAME, "button").click()
    ids = column(1)
    assert ids == sorted(ids, key=str.lower)
    header("decision").find_element(By.TAG_NAME, "button").click()
    header("decision").find_element(By.TAG_NAME, "button").click()
    decisions = [
        r.find_elements(By.TAG_NAME, "td")[2].text
        for r in browser.find_elements(By.CSS_SELECTOR, "#article-table tbody tr")
    ]
    assert decisions == sorted(decisions, key=["pass", "review", "reject"].index, reverse=True)

    # The first row's link opens that article's highlighted view in the same file.
    link = browser.find_element(By.CSS_SELECTOR, "#article-table tbody tr a")
    name = link.text
    link.click()
    target = browser.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
    assert browser.current_url.endswith("#" + target.get_attribute("id"))
    assert name in target.find_element(By.TAG_NAME, "h3").text
    assert target.find_elements(By.CSS_SELECTOR, "div.text mark.promo")
    assert browser.find_element(By.ID, "score-chart").is_displayed()
    assert console_errors(browser) == []
