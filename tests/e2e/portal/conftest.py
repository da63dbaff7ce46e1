"""The portal in headless Chromium against the real services, each served by uvicorn on a local
port with its real lifespan (consumers, relay) on this test's exchange: registry, monitoring,
notify (mailing through an SMTP server the test starts) and the portal. Every page visited is
checked with axe-core (vendored); with PORTAL_SCREENSHOTS=<dir> each named page is also saved
at phone (360 px) and desktop (1280 px) width (bin/screenshots)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from services.assessment.bootstrap import build as build_assessment
from services.assessment.config import AssessmentSettings
from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.config import MonitoringSettings
from services.notify.bootstrap import build as build_notify
from services.notify.config import NotifySettings
from services.portal.bootstrap import build as build_portal
from services.portal.config import PortalSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from tests.integration.monitoring.conftest import served
from tests.integration.notify.servers import SmtpServer, smtp_server
from tests.support.services import wait_until

AXE = (Path(__file__).parents[2] / "support" / "vendor" / "axe.min.js").read_text("utf-8")
STAFF = "chief@aswan.gov.eg"
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


@dataclass
class Platform:
    portal: str
    registry: str
    monitoring: str
    assessment: str
    smtp: SmtpServer
    seen: list[str] = field(default_factory=list)

    async def code_for(self, address: str, count: int) -> str:
        """The code in the ``count``-th sign-in mail to ``address`` (an association also gets
        its registration's confirmation)."""

        def codes() -> list[Any]:
            return [m for m in self.smtp.mailbox.to(address) if "رمز الدخول" in str(m["Subject"])]

        async def arrived() -> bool:
            return len(codes()) >= count

        await wait_until(arrived, timeout=60, interval=0.1)
        body = codes()[count - 1].get_body(preferencelist=("plain",))
        found = re.search(r"\b([0-9]{6})\b", body.get_content() if body else "")
        assert found, "no code in the mail"
        return found.group(1)


@pytest.fixture
async def platform(settings_for: Any) -> AsyncIterator[Platform]:
    key = secrets.token_hex(32)
    async with contextlib.AsyncExitStack() as stack:
        smtp = await stack.enter_async_context(smtp_server())
        notify = build_notify(settings_for(
            NotifySettings, smtp_port=smtp.port, delivery_poll_seconds=0.1,
            unsubscribe_signing_key=key, webhook_secrets_key=secrets.token_hex(32),
            public_base_url="http://notify.test", mail_from="Aswan 2040 <no-reply@aswan.test>",
        ))  # fmt: skip
        await stack.enter_async_context(served(notify))
        registry = await stack.enter_async_context(
            served(build_registry(settings_for(RegistrySettings)))
        )
        monitoring = await stack.enter_async_context(
            served(build_monitoring(settings_for(MonitoringSettings)))
        )
        assessment = await stack.enter_async_context(
            served(build_assessment(settings_for(AssessmentSettings)))
        )
        portal_app = build_portal(settings_for(
            PortalSettings, registry_url=registry, monitoring_url=monitoring,
            assessment_url=assessment, staff_list=(f"admin:{STAFF}",),
        ))  # fmt: skip
        portal = await stack.enter_async_context(served(portal_app))
        yield Platform(portal, registry, monitoring, assessment, smtp)


def chrome() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    flags = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--lang=ar", "--window-size=1280,900")  # fmt: skip
    for flag in flags:
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    driver = await asyncio.to_thread(chrome)
    try:
        yield Browser(driver)
    finally:
        await asyncio.to_thread(driver.quit)


class Browser:
    """Selenium calls off the event loop (the services run on it)."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.d = driver

    async def run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    async def get(self, url: str) -> None:
        await self.run(self.d.get, url)

    async def wait(self, condition: Any, timeout: float = 30) -> Any:
        return await self.run(WebDriverWait(self.d, timeout).until, condition)

    async def css(self, selector: str) -> Any:
        return await self.wait(lambda d: d.find_element(By.CSS_SELECTOR, selector))

    async def fill(self, name: str, value: str) -> None:
        element = await self.css(f'[name="{name}"]:not([type=hidden])')
        await self.run(element.clear)
        await self.run(element.send_keys, value)

    async def tick(self, name: str, value: str) -> None:
        element = await self.css(f'input[name="{name}"][value="{value}"]')
        await self.run(element.click)

    async def choose(self, name: str, value: str) -> None:
        element = await self.css(f'select[name="{name}"] option[value="{value}"]')
        await self.run(element.click)

    async def click(self, selector: str) -> None:
        element = await self.css(selector)
        await self.run(element.click)

    async def axe(self) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations on the current page."""

        def check() -> list[dict[str, Any]]:
            self.d.execute_script(AXE)
            result = self.d.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document).then(r => done(r.violations))"
                ".catch(e => done([{id: String(e), impact: 'critical'}]));"
            )
            return [v for v in result if v.get("impact") in ("serious", "critical")]

        return await self.run(check)

    async def assert_accessible(self, name: str | None = None) -> None:
        bad = await self.axe()
        assert not bad, [
            (v["id"], v.get("help"), [n["target"] for n in v.get("nodes", [])][:3]) for v in bad
        ]
        if SHOTS and name:
            await self.run(self._shoot, name)

    def _shoot(self, name: str) -> None:
        out = Path(SHOTS or ".")
        out.mkdir(parents=True, exist_ok=True)
        for width in (360, 1280):
            self.d.set_window_size(width, 900)
            height = self.d.execute_script("return document.documentElement.scrollHeight")
            self.d.set_window_size(width, min(int(height) + 200, 5000))
            self.d.save_screenshot(str(out / f"portal-{name}-{width}.png"))
        self.d.set_window_size(1280, 900)
