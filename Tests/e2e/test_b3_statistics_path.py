"""Statistics in a browser: the city's dashboard draws its charts as SVG with their tables; the annual report writes the
bureau's paragraph; a district officer's dashboard shows their district only; open data needs no sign-in.

The file's name sorts it before test_browser.py, whose last test locks this address out of signing in.
"""
from selenium.webdriver.common.by import By

from test_browser import BASE, browser, shows, sign_in, sign_out  # noqa: F401 (browser is a fixture)


def test_dashboard_report_and_open_data(browser):  # noqa: F811
    driver = browser
    sign_in(driver, "city-admin")
    driver.get(BASE + "/statistics")
    assert shows(driver, "高技能人才数据看板")
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 5, "the dashboard draws its charts"
    assert charts[0].get_attribute("role") == "img"
    assert driver.find_elements(By.CSS_SELECTOR, ".chart-with-table table"), "each chart has its table"
    driver.get(BASE + "/statistics/report")
    assert shows(driver, "全市开展补贴性职业技能培训")
    assert "每万名劳动者中高技能人才达" in driver.page_source
    sign_out(driver)

    sign_in(driver, "district-officer")
    driver.get(BASE + "/statistics")
    assert shows(driver, "崇川区")
    labels = driver.find_element(By.XPATH, "//section[.//h2[contains(., '按区县')]]").text
    assert "崇川区" in labels and "通州区" not in labels
    sign_out(driver)

    driver.get(BASE + "/open-data")
    assert shows(driver, "公开数据") or shows(driver, "职业技能等级认定公开数据")
    assert "合计" in driver.page_source
