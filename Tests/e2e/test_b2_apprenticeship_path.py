"""Enterprise apprenticeship in a browser, as the district officer, the enterprise and the city use it: the officer
approves the plan waiting in 崇川区, which commits its advance; the enterprise tries to lower an apprentice's wage below
the minimum wage and is refused with the rule and the figures, then raises it and sees the change recorded; the city
reads the year's target split by district.

The file's name sorts it before test_browser.py, whose last test locks this address out of signing in. The demo city
(ApprenticeshipDemo.swift) leaves one plan waiting for the 崇川区 officer and one of the enterprise's plans in training.
"""
import datetime

from selenium.webdriver.common.by import By

from test_a_certification_path import click_and_wait, set_date, submit_step
from test_browser import BASE, browser, shows, sign_in, sign_out  # noqa: F401 (browser is a fixture)


def open_first_plan(driver, state):
    driver.get(BASE + f"/apprenticeship?state={state}")
    links = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr td a")
    assert links, f"the demo city has a plan in state {state}"
    links[0].click()
    assert shows(driver, "补贴资金")


def test_plan_approval_and_agreement_change(browser):  # noqa: F811
    driver = browser
    sign_in(driver, "district-officer")
    open_first_plan(driver, "filed")
    submit_step(driver, "approve")
    assert shows(driver, "已批准，预支补贴已承诺"), driver.page_source[:2000]
    assert "待支付" in driver.page_source
    sign_out(driver)

    sign_in(driver, "enterprise")
    open_first_plan(driver, "approved")
    driver.find_elements(By.CSS_SELECTOR, "main table a[href*='/apprenticeship/apprentices/']")[0].click()
    assert shows(driver, "协议变更记录")
    # A day inside the apprenticeship (the demo's plan in training started on 1 September and runs two years).
    day = datetime.date.today() + datetime.timedelta(days=10)
    set_date(driver, "effectiveOn", day)
    form = driver.find_element(By.XPATH, "//form[contains(@action, '/changes')]")
    form.find_element(By.NAME, "monthlyWage").send_keys("1900")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert shows(driver, "月工资 1,900.00 元低于"), driver.page_source[:3000]
    assert "起执行的最低工资" in driver.page_source
    set_date(driver, "effectiveOn", day)
    form = driver.find_element(By.XPATH, "//form[contains(@action, '/changes')]")
    form.find_element(By.NAME, "monthlyWage").send_keys("4200")
    form.find_element(By.NAME, "reason").send_keys("年度调薪")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert shows(driver, "年度调薪"), driver.page_source[:3000]
    assert "4,200.00 元" in driver.page_source
    sign_out(driver)

    sign_in(driver, "city-admin")
    driver.get(BASE + "/apprenticeship/targets")
    assert shows(driver, "2100")
    assert "崇川区" in driver.page_source
    sign_out(driver)
