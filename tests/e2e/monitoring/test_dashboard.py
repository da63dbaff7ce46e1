"""The dashboard in headless Chromium: the page is Arabic right-to-left, a measurement approved
during the test appears on it live (SSE from the bus), and a KPI retired during the test leaves
it, without reloading."""

from __future__ import annotations

import asyncio
import shutil

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.monitoring.conftest import load_framework, served

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs chromium-driver"),
]


def chrome() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--lang=ar",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


async def test_dashboard_is_rtl_and_shows_an_approved_measurement_live(app, auth, uid):
    kpi = f"t{uid}.enrol"
    driver = await asyncio.to_thread(chrome)
    try:
        async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
            await load_framework(client, auth, uid)
            await asyncio.to_thread(driver.get, f"{base}/dashboard")

            def connected(d):
                live = d.find_element(By.ID, "live").get_attribute("data-connected") == "1"
                return live and d.find_elements(By.CSS_SELECTOR, f'[data-kpi="{kpi}"]')

            await asyncio.to_thread(WebDriverWait(driver, 20).until, connected)
            html = driver.find_element(By.TAG_NAME, "html")
            assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
            direction = driver.execute_script(
                "return getComputedStyle(document.getElementById('pillars')).direction"
            )
            assert direction == "rtl"
            before = driver.find_elements(By.CSS_SELECTOR, f'.kpi[data-kpi="{kpi}"] tr.value-row')
            assert before == []  # nothing approved yet
            driver.execute_script("window.__sameDocument = true")

            m = (
                await client.post(
                    "/v1/measurements",
                    headers=auth("staff"),
                    json={"kpi_code": kpi, "period": "2026", "centre": "edfu", "value": 64},
                )
            ).json()
            ok = await client.post(
                f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff")
            )
            assert ok.status_code == 200, ok.text
            row = f'.kpi[data-kpi="{kpi}"] tr[data-scope="edfu"]'

            def shown(d):
                cells = d.find_elements(By.CSS_SELECTOR, f"{row} td.value")
                return cells and cells[0].get_attribute("data-value") == "64" and cells[0]

            cell = await asyncio.to_thread(WebDriverWait(driver, 20).until, shown)
            assert cell.text == "٦٤"  # Arabic-Indic digits on the page
            status = driver.find_element(By.CSS_SELECTOR, row).get_attribute("data-status")
            assert status == "at_risk"  # (64-50)/(70-50) = 0.7
            lines = driver.find_elements(
                By.CSS_SELECTOR, f'svg.trend[data-kpi="{kpi}"] polyline.target-line'
            )
            assert len(lines) == 1
            # a KPI retired meanwhile leaves the page, which reads the framework again
            retired = await client.post(
                f"/v1/framework/kpis/t{uid}.cases/retire", headers=auth("staff")
            )
            assert retired.status_code == 200, retired.text
            gone = f'.kpi[data-kpi="t{uid}.cases"]'
            await asyncio.to_thread(
                WebDriverWait(driver, 20).until,
                lambda d: not d.find_elements(By.CSS_SELECTOR, gone),
            )
            assert driver.find_elements(By.CSS_SELECTOR, f'.kpi[data-kpi="{kpi}"]')
            # the page was not reloaded: the marker set on this document is still there
            assert driver.execute_script("return window.__sameDocument === true")
    finally:
        await asyncio.to_thread(driver.quit)
