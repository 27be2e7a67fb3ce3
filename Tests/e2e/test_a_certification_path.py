"""The whole certification path in a browser, as the bureau, an evaluation organization and the public use it:
filing approved → plan → candidates → scores → notice → issue → public verification → revoke → verification shows
revoked.

The file's name sorts it before test_browser.py, whose last test locks this address out of signing in.
The demo city (CertificationDemo.swift) provides a plan at each stage, so every step happens today: a new plan is
filed and gets a candidate; the plan whose exams were sat last week gets its scores and its notice; the plan whose
notice has run its period, with one objection open, is concluded and issued.
"""
import datetime
import re
import urllib.parse

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import BASE, browser, shows, sign_in, sign_out  # noqa: F401 (browser is a fixture)


def resident_id(body):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def click_and_wait(driver, element):
    """Clicks a submit button and waits until the next page has replaced this one and finished loading.

    The page is marked with a script variable before the click, and the wait is for a document without the mark: the
    next page. Waiting on an element of the old page instead (Selenium's `staleness_of`) asks Chromium about a node
    while the page is being replaced, and Chromium once answered that with an error of its own ("Node with given id
    does not belong to the document") rather than the stale-element answer the wait expects."""
    driver.execute_script("window.__gongjiangPage = true")
    element.click()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return window.__gongjiangPage !== true"))
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def submit_step(driver, event):
    """Clicks the button of the workflow step `event` on a filing's or plan's page."""
    form = driver.find_element(By.XPATH, f"//form[input[@name='event' and @value='{event}']]")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "input[type=submit]"))


def set_date(driver, name, day):
    field = driver.find_element(By.NAME, name)
    driver.execute_script("arguments[0].value = arguments[1]", field, day.isoformat())


def plan_links(driver, state):
    driver.get(BASE + "/plans?state=" + state)
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    return [(row.find_element(By.CSS_SELECTOR, "a").text, row.find_element(By.CSS_SELECTOR, "a").get_attribute("href")) for row in rows]


def test_filing_to_revoked_certificate(browser):  # noqa: F811
    today = datetime.date.today()

    # The city approves the filing the district has reviewed, assigning its site serial.
    sign_in(browser, "city-admin")
    browser.get(BASE + "/filings?state=district-approved")
    browser.find_element(By.CSS_SELECTOR, "main table tbody a").click()
    browser.find_element(By.NAME, "siteSerial").send_keys("300099")
    submit_step(browser, "city-approve")
    assert shows(browser, "备案有效")
    assert re.search(r"320600-S-\d{4}-\d{4}", browser.page_source)
    sign_out(browser)

    # The evaluation organization files a plan, ten or more days ahead, and registers a candidate.
    sign_in(browser, "evaluation-org")
    browser.get(BASE + "/plans/new")
    Select(browser.find_element(By.NAME, "occupationCode")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "input[name='levels[]'][value='5']").click()
    Select(browser.find_element(By.NAME, "siteId")).select_by_index(1)
    set_date(browser, "examFrom", today + datetime.timedelta(days=15))
    browser.find_element(By.NAME, "expectedCandidates").send_keys("20")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.stacked input[type=submit]"))
    assert shows(browser, "已报备")
    browser.find_element(By.NAME, "idNumber").send_keys(resident_id("32060219950505007"))
    browser.find_element(By.NAME, "name").send_keys("路遥")
    set_date(browser, "workingSince", today - datetime.timedelta(days=3 * 366))
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[.//input[@name='idNumber']]//input[@type='submit']"))
    assert shows(browser, "路遥")
    assert "符合" in browser.page_source

    # The plan whose exams are over: scores for every candidate, then results submitted and published.
    past = [href for dates, href in plan_links(browser, "filed") if dates[:10] < today.isoformat()]
    assert past, "the demo city has a plan awaiting scores"
    browser.get(past[0])
    unscored = "//form[contains(@action, '/scores')][.//input[@name='theory' and not(@value)]]"
    while browser.find_elements(By.XPATH, unscored):
        form = browser.find_element(By.XPATH, unscored)
        form.find_element(By.NAME, "theory").send_keys("86")
        form.find_element(By.NAME, "practical").send_keys("78.5")
        click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "input[type=submit]"))
        assert "notice-error" not in browser.page_source
    submit_step(browser, "submit-results")
    assert shows(browser, "成绩已提交")
    submit_step(browser, "publish-notice")
    assert shows(browser, "结果公示")
    assert "公示中" in browser.page_source
    sign_out(browser)

    # The notice whose period has run, with one objection open: the district officer dismisses it.
    sign_in(browser, "district-officer")
    noticed = None
    for _, href in plan_links(browser, "in-notice"):
        browser.get(href)
        if "实名来信" in browser.page_source:
            noticed = href
            break
    assert noticed, "the demo city has a notice with an objection"
    resolution = browser.find_element(By.XPATH, "//form[contains(@action, '/resolution')]")
    Select(resolution.find_element(By.NAME, "resolution")).select_by_value("dismissed")
    resolution.find_element(By.NAME, "note").send_keys("经核查，该考生从事本职业年限属实")
    click_and_wait(browser, resolution.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert shows(browser, "异议不成立")
    sign_out(browser)

    # The organization concludes the notice and issues the certificates.
    sign_in(browser, "evaluation-org")
    browser.get(noticed)
    submit_step(browser, "conclude-notice")
    assert shows(browser, "公示期满")
    submit_step(browser, "issue")
    assert shows(browser, "已发证")
    link = browser.find_element(By.XPATH, "//main//table//a[starts-with(@href, '/certificates/')]")
    number, certificate_url = link.text, link.get_attribute("href")
    holder = link.find_element(By.XPATH, "./ancestor::tr/td[1]").text
    assert re.fullmatch(r"S\d{21}", number)
    sign_out(browser)

    # Anyone verifies it with the number and the holder's name.
    query = "?number=" + number + "&name=" + urllib.parse.quote(holder)
    browser.get(BASE + "/verify" + query)
    assert shows(browser, "证书有效")
    assert holder not in browser.find_element(By.CSS_SELECTOR, "table.facts").text, "the name is masked"

    # The bureau revokes it, and verification says so.
    sign_in(browser, "city-admin")
    browser.get(certificate_url)
    revocation = browser.find_element(By.XPATH, "//form[contains(@action, '/revocation')]")
    revocation.find_element(By.NAME, "reason").send_keys("考生提供虚假工作年限证明")
    click_and_wait(browser, revocation.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert shows(browser, "已撤销")
    sign_out(browser)
    browser.get(BASE + "/verify" + query)
    assert shows(browser, "证书已撤销")
