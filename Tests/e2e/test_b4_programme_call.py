"""A whole incentive-programme call in a browser (issue 13): the city defines a programme type as data and publishes a
call; the demo training provider applies for itself with an attachment and submits; the 崇川区 officer passes the
first review and the city the eligibility review; three experts, blind to the applicant, declare no conflict and
score; the city ranks and publishes the notice. The notice's working day must pass: a second server with its clock
ten days ahead (GONGJIANG_CLOCK_OFFSET_DAYS, refused in production) serves the same database, where the city
concludes the notice and approves, which commits the award's first payment through the ledger.

The file's name sorts it before test_browser.py, whose last test locks this address out of signing in. The demo city
(ProgrammeDemo.swift) gives the expert accounts their profiles; the training provider's organization is in 崇川区.
"""
import datetime
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_a_certification_path import click_and_wait, set_date, submit_step
from test_browser import BASE, PASSWORD, browser, shows, sign_out  # noqa: F401 (browser is a fixture)

TITLE = "浏览器测试培训基地遴选"
TYPE = {
    "code": "e2e-training-base", "nameZH": "浏览器测试培训基地", "nameEN": "Browser test training base", "applicantKind": "organization",
    "tier": "municipal", "recommendsUpward": False, "eligibility": [{"kind": "employer-kind", "anyOf": ["training-provider", "enterprise"]}],
    "fields": [], "attachments": [{"key": "licence", "label": "办学许可证", "required": True}], "stages": ["district", "city", "expert"],
    "rubric": [{"key": "quality", "label": "培养质量", "maximum": 100, "weight": 100}], "expertsPerApplication": 3, "blindReview": True,
    "funding": [{"rule": {"kind": "one-off", "amountFen": 500000}, "payee": "applicant"}], "validityMonths": 36, "assessmentEveryMonths": 12,
    "effectiveFrom": "2021-01-01",
}


def sign_in_at(driver, base, username):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").clear()
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.stacked input[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.who") or d.find_elements(By.CSS_SELECTOR, ".notice-error"))


def call_step(driver, action):
    form = driver.find_element(By.XPATH, f"//form[input[@name='action' and @value='{action}']]")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "input[type=submit], button"))


def test_whole_call(browser):  # noqa: F811
    driver = browser
    today = datetime.date.today()

    # The city defines the type (data, checked whole) and drafts and publishes a call for 崇川区.
    sign_in_at(driver, BASE, "city-admin")
    driver.get(BASE + "/programmes/types")
    area = driver.find_element(By.NAME, "definition")
    driver.execute_script("arguments[0].value = arguments[1]", area, json.dumps(TYPE, ensure_ascii=False))
    click_and_wait(driver, area.find_element(By.XPATH, "./ancestor::form//input[@type='submit']"))
    assert shows(driver, "已保存"), driver.page_source[:2000]
    driver.get(BASE + "/programmes")
    Select(driver.find_element(By.NAME, "typeCode")).select_by_value("e2e-training-base")
    driver.find_element(By.NAME, "year").send_keys(str(today.year))
    driver.find_element(By.NAME, "title").send_keys(TITLE)
    set_date(driver, "opensOn", today)
    set_date(driver, "closesOn", today + datetime.timedelta(days=10))
    notice_days = driver.find_element(By.NAME, "noticeWorkingDays")
    notice_days.clear()
    notice_days.send_keys("1")
    for name, value in (("quota[320602]", "2"), ("budget[320602]", "10000")):
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[.//select[@name='typeCode']]//input[@type='submit']"))
    assert shows(driver, TITLE), driver.page_source[:3000]
    call_url = driver.current_url
    call_step(driver, "publish")
    assert shows(driver, "通知已发布")
    sign_out(driver)

    # The training provider applies for itself: the account, the licence (a PDF checked by its content), submission.
    sign_in_at(driver, BASE, "training-provider")
    driver.get(call_url)
    driver.find_element(By.NAME, "applicantAccount").send_keys("6222020000123456789")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=create]"))
    assert shows(driver, "草稿"), driver.page_source[:3000]
    application_url = driver.current_url
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as pdf:
        pdf.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    Select(driver.find_element(By.NAME, "key")).select_by_value("licence")
    driver.find_element(By.NAME, "file").send_keys(pdf.name)
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[.//input[@name='file']]//input[@type='submit']"))
    assert shows(driver, os.path.basename(pdf.name)), driver.page_source[:3000]
    submit_step(driver, "submit")
    assert shows(driver, "已提交"), driver.page_source[:3000]
    sign_out(driver)

    # The district's first review and the city's eligibility review; the city sends it to experts.
    sign_in_at(driver, BASE, "district-officer")
    driver.get(application_url)
    submit_step(driver, "district-pass")
    assert shows(driver, "区县初审通过")
    sign_out(driver)
    sign_in_at(driver, BASE, "city-admin")
    driver.get(application_url)
    submit_step(driver, "city-pass")
    assert shows(driver, "资格审查通过")
    driver.get(call_url)
    call_step(driver, "review")
    assert shows(driver, "份申报已提交专家评审"), driver.page_source[:3000]
    sign_out(driver)

    # Three experts, blind to the applicant: the declaration, then the score.
    for expert, score in (("expert", "80"), ("expert-2", "90"), ("expert-3", "85")):
        sign_in_at(driver, BASE, expert)
        driver.get(BASE + "/programmes/reviews")
        card = driver.find_element(By.XPATH, f"//article[contains(., '{TITLE}')]")
        assert "匿名" in card.text
        # The files open only after the declaration, and under what the call asked for, not their upload name.
        assert not card.find_elements(By.CSS_SELECTOR, "a.file") and "签署利益冲突声明后可查看 1 份申报材料" in card.text
        Select(card.find_element(By.NAME, "conflict")).select_by_value("no")
        click_and_wait(driver, card.find_element(By.CSS_SELECTOR, "input[type=submit]"))
        card = driver.find_element(By.XPATH, f"//article[contains(., '{TITLE}')]")
        link = card.find_element(By.CSS_SELECTOR, "a.file")
        assert link.text.startswith("办学许可证") and link.get_attribute("href").endswith("/attachments/licence")
        assert os.path.basename(pdf.name) not in driver.page_source
        card.find_element(By.NAME, "scores[quality]").send_keys(score)
        click_and_wait(driver, card.find_element(By.CSS_SELECTOR, "input[type=submit]"))
        assert shows(driver, "您的总分"), driver.page_source[:3000]
        sign_out(driver)

    # The ranking and the notice.
    sign_in_at(driver, BASE, "city-admin")
    driver.get(call_url)
    call_step(driver, "ranking")
    assert shows(driver, "评分已结束"), driver.page_source[:3000]
    call_step(driver, "notice")
    assert shows(driver, "公示已发布"), driver.page_source[:3000]
    assert "85.00" in driver.page_source
    sign_out(driver)
    # Anyone reads the list in the notice, and when to object by.
    driver.get(call_url)
    assert shows(driver, "拟入选名单公示"), driver.page_source[:3000]
    assert "南通市崇川区示范职业培训学校" in driver.page_source

    # Ten days on, on a second server over the same database: the notice concludes, the city approves and pays.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = dict(os.environ, GONGJIANG_CLOCK_OFFSET_DAYS="10")
    later = subprocess.Popen([os.environ["GONGJIANG_BIN"], "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ahead = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(ahead + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        sign_in_at(driver, ahead, "city-admin")
        driver.get(call_url.replace(BASE, ahead))
        call_step(driver, "notice-conclusion")
        assert shows(driver, "公示已结束"), driver.page_source[:3000]
        driver.get(application_url.replace(BASE, ahead))
        form = driver.find_element(By.XPATH, "//form[input[@name='decision' and @value='approval']]")
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "input[type=submit]"))
        assert shows(driver, "已批准，称号已记入档案"), driver.page_source[:3000]
        driver.get(ahead + "/programmes/titles")
        assert shows(driver, "浏览器测试培训基地")
        assert "5,000.00 元（1）" in driver.page_source, driver.page_source[:4000]
        sign_out(driver)
        # The award announced on the call's public page.
        driver.get(call_url.replace(BASE, ahead))
        assert shows(driver, "入选名单（公布）"), driver.page_source[:3000]
    finally:
        later.terminate()
        later.wait(timeout=10)
