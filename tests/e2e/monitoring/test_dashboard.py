"""The dashboard in headless Chromium: Arabic right to left with Arabic-Indic digits everywhere,
English left to right with Western digits; trend charts (Apache ECharts, served locally) with
period labels, the target line and the baseline; filters by centre and pillar, also from the
centres' schematic; a measurement approved during the test appearing live (SSE from the bus),
and a KPI retired during the test leaving the page, without reloading. Then screenshots at
phone and desktop width (``DASHBOARD_SCREENSHOTS=docs/screenshots`` writes the committed ones)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from services.monitoring.bootstrap import build
from services.monitoring.demo import load_demo
from services.monitoring.starter import ensure_starter
from shared.events.assessment import CapacityScored
from shared.events.registry import AssociationRegistered
from tests.integration.monitoring.conftest import load_framework, served
from tests.support.bus import TestBus
from tests.support.services import wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs chromium-driver"),
]
WESTERN = re.compile(r"[0-9]")
INDIC = re.compile(r"[٠-٩]")
# every text the page shows, SVG (charts, schematic) included
PAGE_TEXT = (
    "return document.body.innerText + ' ' + "
    "Array.from(document.querySelectorAll('svg text')).map(t => t.textContent).join(' ')"
)
HEADLINE = (
    "const card = document.querySelector(arguments[0]); const v = card && "
    "card.querySelector('.headline .value'); return v && [v.dataset.value, v.textContent, "
    "card.dataset.status]"
)
CHART = "return echarts.getInstanceByDom(document.querySelector(arguments[0])).getOption()"


def chrome(width: int = 1280, height: int = 1000) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--lang=ar",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


async def wait(driver: webdriver.Chrome, condition: Any, timeout: float = 20) -> Any:
    return await asyncio.to_thread(WebDriverWait(driver, timeout).until, condition)


async def approve(client: httpx.AsyncClient, auth: Any, **measurement: Any) -> None:
    m = await client.post("/v1/measurements", headers=auth("staff"), json=measurement)
    assert m.status_code == 201, m.text
    ok = await client.post(
        f"/v1/measurements/{m.json()['id']}/approve", json={}, headers=auth("staff")
    )
    assert ok.status_code == 200, ok.text


async def test_dashboard_charts_digits_filters_and_live_updates(app, auth, uid):
    kpi, pillar = f"t{uid}.enrol", f"t{uid}.P"
    card = f'.kpi[data-kpi="{kpi}"]'
    driver = await asyncio.to_thread(chrome)
    try:
        async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
            await load_framework(client, auth, uid)
            await asyncio.to_thread(driver.get, f"{base}/dashboard?pillar={pillar}")

            def connected(d):
                live = d.find_element(By.ID, "live").get_attribute("data-connected") == "1"
                return live and d.find_elements(By.CSS_SELECTOR, f"{card} .chart svg")

            await wait(driver, connected)
            html = driver.find_element(By.TAG_NAME, "html")
            assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
            direction = driver.execute_script(
                "return getComputedStyle(document.getElementById('pillars')).direction"
            )
            assert direction == "rtl"
            # the pillar filter: only this test's pillar, whatever else the database holds
            sections = driver.find_elements(By.CSS_SELECTOR, "section.pillar")
            assert [s.get_attribute("data-pillar") for s in sections] == [pillar]
            # the trend chart: periods 2025..2030 on the axis, the target line through the
            # baseline (50 in 2025), 60 in 2026 and 100 in 2030, the baseline drawn as a line
            option = driver.execute_script(CHART, f"{card} .chart")
            assert option["xAxis"][0]["data"] == [str(y) for y in range(2025, 2031)]
            target = next(s for s in option["series"] if s["name"] == "المستهدف")
            assert target["data"][:2] == [50, 60] and target["data"][-1] == 100
            actual = next(s for s in option["series"] if s["name"] == "القيمة")
            assert actual["markLine"]["data"][0]["yAxis"] == 50
            axis_labels = driver.execute_script(
                "return Array.from(document.querySelectorAll(arguments[0] + ' svg text'))"
                ".map(t => t.textContent)",
                f"{card} .chart",
            )
            assert "٢٠٢٥" in axis_labels and "٢٠٣٠" in axis_labels  # period labels, Arabic digits
            assert any("خط الأساس" in t for t in axis_labels)
            assert not WESTERN.search(driver.execute_script(PAGE_TEXT))
            driver.execute_script("window.__sameDocument = true")

            await approve(client, auth, kpi_code=kpi, period="2026", centre="edfu", value=64)
            # the centre filter, from the schematic by keyboard: Edfu's own value and target
            edfu = driver.find_element(By.CSS_SELECTOR, '#schematic .centre[data-centre="edfu"]')
            await asyncio.to_thread(edfu.send_keys, Keys.ENTER)
            assert (
                Select(driver.find_element(By.ID, "f-centre")).first_selected_option.get_attribute(
                    "value"
                )
                == "edfu"
            )

            def shown(d):
                found = d.execute_script(HEADLINE, card)
                return found if found and found[0] == "64" else None

            [_, text, status] = await wait(driver, shown)  # arrived live, over the stream
            assert text == "٦٤" and status == "at_risk"
            assert edfu.get_attribute("data-status") == "at_risk"  # (64-50)/(70-50) = 0.7
            assert "edfu" in driver.current_url  # a reload keeps the filter
            option = driver.execute_script(CHART, f"{card} .chart")
            target = next(s for s in option["series"] if s["name"] == "المستهدف")
            assert target["data"][1] == 70  # Edfu's own 2026 target
            actual = next(s for s in option["series"] if s["name"] == "القيمة")
            assert actual["data"][1] == 64
            assert not WESTERN.search(driver.execute_script(PAGE_TEXT))

            # a KPI retired meanwhile leaves the page, which reads the framework again
            retired = await client.post(
                f"/v1/framework/kpis/t{uid}.cases/retire", headers=auth("staff")
            )
            assert retired.status_code == 200, retired.text
            gone = f'.kpi[data-kpi="t{uid}.cases"]'
            await wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, gone))
            assert driver.find_elements(By.CSS_SELECTOR, card)
            assert driver.execute_script("return window.__sameDocument === true")

            # English: left to right, Western digits everywhere, the filters kept
            # (in a thread: the click waits for the page, which this loop serves)
            await asyncio.to_thread(driver.find_element(By.ID, "lang-switch").click)
            await wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"{card} .chart svg"))
            html = driver.find_element(By.TAG_NAME, "html")
            assert html.get_attribute("lang") == "en" and html.get_attribute("dir") == "ltr"
            assert driver.execute_script(HEADLINE, card)[1] == "64"
            text = driver.execute_script(PAGE_TEXT)
            assert not INDIC.search(text) and "Target" in text
    finally:
        await asyncio.to_thread(driver.quit)


ILLITERACY = {"edfu": 22, "aswan": 19, "kom_ombo": 23, "daraw": 21, "nasr_al_nuba": 25}
CENTRES = ["aswan", "daraw", "kom_ombo", "edfu", "nasr_al_nuba", "abu_simbel"]


async def fill(client: httpx.AsyncClient, bus: TestBus, auth: Any) -> None:
    """The starter's inputs from the bus (registrations, capacity scores) and DEMO figures."""
    for i in range(14):
        centre, status = CENTRES[i % 6], "active" if i % 3 else "pending_verification"
        number = str(7000 + i)
        await bus.publish_event(
            AssociationRegistered(
                association_id=f"a{i}",
                org_id=f"EG-MOSS-{number}",
                registration_number=number,
                name_ar=f"جمعية {i}",
                legal_form="association",
                centre=centre,
                sectors=["education", "health"] if i % 2 else ["women"],
                centres_served=[centre],
                status=status,
            ),
            source="/aswan/registry",
        )
        await bus.publish_event(
            CapacityScored(association_id=f"a{i}", overall=1.5 + (i % 5) * 0.6, domains={}),
            source="/aswan/assessment",
        )
    for centre, value in ILLITERACY.items():
        await approve(
            client, auth, kpi_code="demo.illiteracy_rate", period="2026", centre=centre, value=value
        )
    for quarter, value in ((1, 600), (2, 1200), (3, 2100)):
        await approve(
            client,
            auth,
            kpi_code="demo.literacy_graduates",
            period=f"2026-Q{quarter}",
            centre="aswan",
            value=value,
        )
    for centre, value in (("aswan", 3_000_000), ("edfu", 2_500_000)):
        await approve(
            client, auth, kpi_code="demo.microloans_egp", period="2026", centre=centre, value=value
        )


async def test_screenshots_at_phone_and_desktop_width(fresh_settings, bus, auth, tmp_path):
    """A fresh platform's starter beside the DEMO (invented figures, labelled on the page)."""
    out = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    await ensure_starter(fresh_settings)
    await load_demo(fresh_settings)
    app = build(fresh_settings)
    async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        await fill(client, bus, auth)

        async def filled() -> bool:
            data = (await client.get("/v1/dashboard/data")).json()
            kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
            regs = kpis["starter.registered"]["values"].get("governorate", {})
            caps = kpis["starter.capacity_share"]["values"].get("governorate", {})
            return any(v["value"] == 14 for v in regs.values()) and any(
                v["denominator"] == 14 for v in caps.values()
            )

        await wait_until(filled, timeout=30)
        for name, width, height, query in (
            ("dashboard-phone.png", 360, 2200, "?pillar=demo.P2"),
            ("dashboard-desktop.png", 1280, 1500, ""),
        ):
            driver = await asyncio.to_thread(chrome, max(width, 500), height)
            try:  # a phone's width (a headless window is at least 500 px wide)
                metrics = {"width": width, "height": height, "deviceScaleFactor": 1}
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride", {**metrics, "mobile": width < 500}
                )
                await asyncio.to_thread(driver.get, f"{base}/dashboard{query}")
                await wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".kpi .chart svg"))
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, f"{width} px: {overflow} px wider than the screen"
                assert not WESTERN.search(driver.execute_script(PAGE_TEXT))
                assert driver.find_element(By.ID, "starter-label").is_displayed()
                assert driver.find_element(By.ID, "demo-label").is_displayed()
                await asyncio.to_thread(driver.save_screenshot, str(out / name))
            finally:
                await asyncio.to_thread(driver.quit)
    assert (out / "dashboard-phone.png").read_bytes()[:4] == b"\x89PNG"
