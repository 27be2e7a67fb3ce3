"""Subsidised training in a browser, as a district officer, the city's finance office and the public use it: the
officer ticks the claims waiting in the review queue and approves them; the city approves the claims whose notice is
over, which commits the district's budget; the payment batch's bank file downloads; the public course finder shows
what a trainee pays.

The file's name sorts it before test_browser.py, whose last test locks this address out of signing in. The demo city
(TrainingDemo.swift) leaves one claim per district at each step, and upcoming approved classes.
"""
import time

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support.ui import Select

from test_a_certification_path import click_and_wait
from test_browser import BASE, browser, shows, sign_in, sign_out  # noqa: F401 (browser is a fixture)


def tick_all_and_apply(driver, event):
    # The page is whole before the boxes are counted, and each box is found again when clicked: a box found while an
    # earlier navigation was still settling once belonged to no document by the time it was clicked.
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    count = len(driver.find_elements(By.CSS_SELECTOR, "input[name='claimIds[]']"))
    assert count, "the queue lists claims to tick"
    for index in range(count):
        for attempt in range(3):
            try:
                driver.find_elements(By.CSS_SELECTOR, "input[name='claimIds[]']")[index].click()
                break
            except WebDriverException:
                if attempt == 2:
                    raise
                time.sleep(0.5)
    boxes = driver.find_elements(By.CSS_SELECTOR, "input[name='claimIds[]']")
    Select(driver.find_element(By.NAME, "event")).select_by_value(event)
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[.//input[@name='claimIds[]']]//input[@type='submit']"))
    return len(boxes)


def test_review_queue_to_payment_batch(browser):  # noqa: F811
    driver = browser
    sign_in(driver, "district-officer")
    driver.get(BASE + "/training/claims?state=submitted")
    ticked = tick_all_and_apply(driver, "district-approve")
    assert shows(driver, f"已办理 {ticked} 件"), driver.page_source[:2000]
    # The claim's own page shows how the amount was computed and the next step.
    driver.get(BASE + "/training/claims?state=district-approved")
    driver.find_element(By.CSS_SELECTOR, "main table tbody tr a").click()
    assert shows(driver, "计算过程")
    assert "发布公示" in driver.page_source
    sign_out(driver)

    sign_in(driver, "city-admin")
    driver.get(BASE + "/training/claims?state=notice-concluded")
    approved = tick_all_and_apply(driver, "city-approve")
    assert shows(driver, f"已办理 {approved} 件"), driver.page_source[:2000]
    driver.get(BASE + "/training/claims?state=approved")
    assert len(driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")) >= approved
    # The finance office batches what the districts owe and downloads the bank file.
    driver.get(BASE + "/ledger")
    batch_button = driver.find_element(By.XPATH, "//form[contains(@action, '/ledger/batches')]//input[@type='submit']")
    click_and_wait(driver, batch_button)
    assert shows(driver, "下载银行代发文件")
    sign_out(driver)

    driver.get(BASE + "/courses")
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert rows, "the demo city has courses to come"
    assert "个人自付" in driver.page_source
