"""The portal's flows in headless Chromium, against the real registry, notify (with an SMTP
server the test starts) and monitoring, over the real broker; axe-core on every page."""

from __future__ import annotations

import random
import shutil

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.integration.assessment.analysis_forms import open_campaign, upload
from tests.support.services import wait_until
from tests.unit.assessment.workbooks import xlsform

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs chromium-driver"),
]


def number() -> str:
    return str(random.randint(10**9, 10**11))


def indic(digits: str) -> str:
    return digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


async def fill_registration(b, name: str, reg: str, email: str) -> None:
    await b.fill("name_ar", name)
    await b.fill("registration_number", indic(reg))  # typed in Arabic-Indic digits
    await b.choose("legal_form", "association")
    await b.choose("centre", "edfu")
    await b.tick("sectors", "health")
    await b.tick("centres_served", "daraw")
    await b.fill("contact_email", email)


async def outcome(b, state: str):
    return await b.css(f'#outcome[data-state="{state}"]')


async def test_register_see_the_org_id_then_a_taken_number_at_its_field(platform, browser):
    b = browser
    await b.get(f"{platform.portal}/")
    await b.assert_accessible("home")
    await b.get(f"{platform.portal}/register")
    html = await b.css("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    await b.click("button[type=submit]")  # nothing filled: the checks show at the fields
    error = await b.css("#name_ar-error")
    assert error.text == "هذا الحقل مطلوب"
    name_ar = await b.css("#name_ar")
    assert name_ar.get_attribute("aria-invalid") == "true"
    assert "name_ar-error" in name_ar.get_attribute("aria-describedby")
    assert (await b.css("#sectors-error")).text  # at least one sector
    await b.assert_accessible("register-errors")
    await b.get(f"{platform.portal}/register")
    await b.assert_accessible("register")

    reg = number()
    email = f"a{reg}@example.org"
    await fill_registration(b, f"جمعية النهضة للتنمية {reg[-4:]}", reg, email)
    await b.click("button[type=submit].primary")
    done = await outcome(b, "registered")
    assert f"EG-MOSS-{reg}" in done.text
    await b.assert_accessible("registered")

    await b.get(f"{platform.portal}/register")
    await fill_registration(b, f"جمعية أخرى تماما {reg[-4:]}", reg, f"b{reg}@example.org")
    await b.click("button[type=submit].primary")
    rejected = await outcome(b, "rejected")
    assert "رقم الإشهار مسجل بالفعل" in rejected.text
    await b.assert_accessible("rejected")
    await b.click("#outcome a.button")
    field_error = await b.css("#registration_number-error")
    assert "رقم الإشهار مسجل بالفعل" in field_error.text
    typed = await b.css("#registration_number")
    assert typed.get_attribute("aria-invalid") == "true"
    assert typed.get_attribute("value") == reg  # prefilled for the correction
    await b.assert_accessible("register-correction")
    await b.click("#lang-switch")
    english = await b.css("#registration_number-error")
    assert "already on record" in english.text
    assert (await b.css("html")).get_attribute("dir") == "ltr"


async def sign_in(platform, b, identifier: str, address: str, nth: int, shot: str | None = None):
    await b.get(f"{platform.portal}/signin")
    if shot:
        await b.assert_accessible(shot)
    await b.fill("identifier", identifier)
    await b.click("button[type=submit].primary")
    await b.css("#code")
    if shot:
        await b.assert_accessible(shot + "-code")
    code = await platform.code_for(address, nth)
    await b.fill("code", indic(code))
    await b.click("button[type=submit].primary")
    # signed in once the redirect has landed (a navigation started sooner would cancel it)
    await b.wait(lambda d: "/signin" not in d.current_url)
    assert b.d.get_cookie("portal_session") is not None


async def test_sign_in_by_mail_edit_conflict_and_a_verification_the_association_sees(
    platform, browser, auth
):
    b = browser
    reg = number()
    email = f"c{reg}@example.org"
    await b.get(f"{platform.portal}/register")
    await fill_registration(b, f"جمعية الأمل بإدفو {reg[-4:]}", reg, email)
    await b.click("button[type=submit].primary")
    await outcome(b, "registered")

    await sign_in(platform, b, reg, email, 1, shot="signin")
    status = await b.css("#record-status")
    assert status.get_attribute("data-status") == "pending_verification"
    await b.assert_accessible("association")

    await b.get(f"{platform.portal}/me/edit")
    await b.assert_accessible("edit")
    await b.fill("city", "إدفو")
    aid = b.d.find_element(By.CSS_SELECTOR, "form").get_attribute("action")
    async with httpx.AsyncClient(base_url=platform.registry) as registry:
        page = await registry.get("/v1/associations", params={"q": f"EG-MOSS-{reg}"},
                                  headers=auth("staff"))  # fmt: skip
        record = next(i for i in page.json()["items"] if i["registration_number"] == reg)
        aid = record["association_id"]
        current = await registry.get(f"/v1/associations/{aid}", headers=auth("staff"))
        meanwhile = await registry.patch(
            f"/v1/associations/{aid}", json={"city": "دراو"},
            headers={**auth("staff"), "If-Match": current.headers["etag"]},
        )  # fmt: skip
        assert meanwhile.status_code == 200
    await b.click("form button[type=submit].primary")
    conflict = await b.css("#conflict")
    assert "دراو" in conflict.text
    assert (await b.css("#city")).get_attribute("value") == "إدفو"  # the input is kept
    await b.assert_accessible("edit-conflict")

    await b.run(b.d.delete_all_cookies)
    await sign_in(platform, b, STAFF_ADDRESS, STAFF_ADDRESS, 1)
    await b.get(f"{platform.portal}/staff/queue?q=EG-MOSS-{reg}")  # other tests' are pending too
    await b.assert_accessible("staff-queue")
    await b.click(f'tr[data-association="{aid}"] a')
    await b.assert_accessible("staff-record")
    await b.click('button[name="action"][value="verify"]')
    await b.css(".notice-ok")
    await b.run(b.d.delete_all_cookies)
    await sign_in(platform, b, reg, email, 2)
    status = await b.css("#record-status")
    assert status.get_attribute("data-status") == "active"


STAFF_ADDRESS = "chief@aswan.gov.eg"


def framework(uid: str, lead: str) -> dict:
    return {
        "title": f"portal test {uid}",
        "pillars": [{
            "code": f"p{uid}.P", "name_ar": "محور", "objectives": [{
                "code": f"p{uid}.O", "name_ar": "هدف", "kpis": [{
                    "code": f"p{uid}.served", "name_ar": "أسر مخدومة", "unit": "أسرة",
                    "measure": "count", "aggregation": "sum", "baseline_period": "2025",
                    "baseline_value": 0, "targets": [{"period": "2026", "value": 100}],
                }],
            }],
        }],
        "initiatives": [{
            "code": f"p{uid}.I", "name_ar": "مبادرة الأسر", "lead": lead,
            "kpi_codes": [f"p{uid}.served"],
        }],
    }  # fmt: skip


async def test_a_measurement_reported_in_the_portal_approved_by_staff_reaches_the_dashboard(
    platform, browser, auth, uid
):
    b = browser
    reg = number()
    email = f"m{reg}@example.org"
    await b.get(f"{platform.portal}/register")
    await fill_registration(b, f"جمعية الخير بإدفو {reg[-4:]}", reg, email)
    await b.click("button[type=submit].primary")
    await outcome(b, "registered")
    async with httpx.AsyncClient(timeout=20) as client:
        page = await client.get(f"{platform.registry}/v1/associations",
                                params={"q": f"EG-MOSS-{reg}"}, headers=auth("staff"))  # fmt: skip
        aid = next(i for i in page.json()["items"] if i["registration_number"] == reg)[
            "association_id"
        ]

        async def loaded():
            put = await client.put(f"{platform.monitoring}/v1/framework",
                                   json=framework(uid, aid), headers=auth("staff"))  # fmt: skip
            return put.status_code == 200  # once monitoring has heard of the association

        await wait_until(loaded, timeout=30, interval=0.3)
        kpi = f"p{uid}.served"
        await sign_in(platform, b, reg, email, 1)
        await b.get(f"{platform.portal}/me/kpis")
        await b.css(f'tr[data-kpi="{kpi}"]')
        await b.assert_accessible("kpis")
        await b.choose("kpi_code", kpi)
        await b.fill("period", "2026")
        await b.choose("centre", "edfu")
        await b.fill("value", indic("42"))
        await b.click("form[action='/me/kpis'] button[type=submit]")
        await b.css("#sent")

        await b.run(b.d.delete_all_cookies)
        await sign_in(platform, b, STAFF_ADDRESS, STAFF_ADDRESS, 1)

        async def listed():
            await b.get(f"{platform.portal}/staff/measurements")
            return b.d.find_elements(By.CSS_SELECTOR, f'section[data-kpi="{kpi}"]')

        await wait_until(listed, timeout=30, interval=0.3)
        await b.assert_accessible("staff-measurements")
        await b.click(f'section[data-kpi="{kpi}"] button[value="approve"]')
        await b.css(".notice-ok")

        async def on_dashboard():
            data = (await client.get(f"{platform.monitoring}/v1/dashboard/data")).json()
            kpis = [k for p in data["pillars"] for k in p["kpis"] if k["code"] == kpi]
            return kpis and kpis[0]["values"].get("edfu", {}).get("2026")

        shown = await wait_until(on_dashboard, timeout=30, interval=0.3)
        assert shown["value"] == 42


def survey(form_id: str) -> bytes:
    """A group, a repeat, a relevance, a constraint, single and multiple choices."""
    return xlsform(
        [
            ["integer", "people", "عدد الأشخاص", "People", "yes", None, ". >= 0 and . <= 1000",
             "من ٠ إلى ١٠٠٠", "0 to 1000"],
            ["select_one sectors", "sector", "القطاع", "Sector", "yes"],
            ["text", "remarks", "ملاحظات", "Remarks", "no", "${people} > 10"],
            ["begin group", "contact", "بيانات التواصل", "Contact"],
            ["text", "person", "اسم المسؤول", "Contact person", "yes"],
            ["end group", "contact"],
            ["begin repeat", "site", "مواقع العمل", "Sites"],
            ["text", "place", "المكان", "Place"],
            ["integer", "families", "عدد الأسر", "Families"],
            ["end repeat", "site"],
            ["select_multiple sectors", "also", "قطاعات أخرى", "Other sectors"],
        ],
        form_id=form_id, version="1",
    )  # fmt: skip


async def test_an_assessment_answered_in_the_portal_is_accepted(platform, browser, auth, uid):
    b = browser
    reg = number()
    email = f"s{reg}@example.org"
    await b.get(f"{platform.portal}/register")
    await fill_registration(b, f"جمعية السلام بإدفو {reg[-4:]}", reg, email)
    await b.click("button[type=submit].primary")
    await outcome(b, "registered")
    form_id = f"portal_{uid}"
    async with httpx.AsyncClient(base_url=platform.assessment, timeout=20) as assessment:
        await upload(assessment, auth("staff"), survey(form_id))
        cid = await open_campaign(assessment, auth("staff"), form_id, centres=["edfu"],
                                  audience="associations")  # fmt: skip
        await sign_in(platform, b, reg, email, 1)

        async def listed():
            await b.get(f"{platform.portal}/me/assessments")
            return b.d.find_elements(By.CSS_SELECTOR, f'[data-campaign="{cid}"]')

        await wait_until(listed, timeout=30, interval=0.3)  # assessment heard of the association
        await b.assert_accessible("assessments")
        await b.click(f'[data-campaign="{cid}"]')
        remarks = await b.css('[name="a.remarks"]')
        assert not remarks.is_displayed()  # ${people} > 10 is false while people is empty
        await b.fill("a.people", indic("5000"))
        await b.choose("a.sector", "health")
        await b.fill("a.person", "أحمد")
        await b.click("form[data-questionnaire] button[type=submit]")
        error = await b.css('[id="a.people-error"]')
        assert error.text == "من ٠ إلى ١٠٠٠"  # the form's own constraint message, at the field
        assert remarks.is_displayed()
        await b.assert_accessible("questionnaire")
        await b.fill("a.people", indic("20"))
        await b.fill("a.remarks", "الطريق مقطوع")
        await b.fill("r.site.0.place", "الرديسية")
        await b.fill("r.site.0.families", "12")
        await b.tick("a.also", "education")
        await b.click("form[data-questionnaire] button[type=submit]")
        await b.css('#answer[data-state="accepted"]')
        sid = b.d.current_url.rsplit("/", 1)[1]
        stored = (await assessment.get(f"/v1/submissions/{sid}", headers=auth("staff"))).json()
        assert stored["campaign_id"] == cid and stored["centre"] == "edfu"
        assert stored["answers"]["people"] == 20
        assert stored["answers"]["site"] == [{"place": "الرديسية", "families": 12}]
        assert stored["answers"]["also"] == ["education"]

        await b.run(b.d.delete_all_cookies)
        await sign_in(platform, b, STAFF_ADDRESS, STAFF_ADDRESS, 1)
        await b.get(f"{platform.portal}/staff/campaigns")
        row = await b.css(f'tr[data-campaign="{cid}"]')
        assert row.get_attribute("data-status") == "open"
        await b.assert_accessible("staff-campaigns")
        await b.click(f'tr[data-campaign="{cid}"] a')
        edfu = await b.css('#progress tr[data-centre="edfu"]')
        assert edfu.text.endswith("١")  # one accepted submission from Edfu
        await b.assert_accessible("staff-campaign")
        await b.get(f"{platform.portal}/staff/campaigns")
        await b.click(f'tr[data-campaign="{cid}"] button')
        closed = await b.css(f'tr[data-campaign="{cid}"][data-status="closed"]')
        assert closed
