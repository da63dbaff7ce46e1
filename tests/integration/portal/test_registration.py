"""Registration on the portal: the form's inputs are the event's fields; posting publishes
intake.registration.submitted.v1 through the outbox; the registry (real, over the bus) answers
and the submission's page shows the org id, or each reason at its field for a correction."""

from __future__ import annotations

import re

from tests.integration.portal.conftest import registration_fields
from tests.support.services import wait_until


async def test_form_inputs_are_named_after_the_event_fields(portal):
    page = await portal.get("/register")
    assert page.status_code == 200
    html = page.text
    assert 'lang="ar" dir="rtl"' in html
    for name in ("name_ar", "registration_number", "contact_email", "founded_year"):
        assert f'name="{name}"' in html
    assert re.search(r'<select id="legal_form" name="legal_form" required', html)
    assert re.search(r'<select id="centre" name="centre" required', html)
    assert 'type="checkbox" name="sectors" value="health"' in html
    assert 'type="checkbox" name="centres_served" value="abu_simbel"' in html
    assert 'aria-describedby="registration_number-error registration_number-hint"' in html
    english = await portal.get("/register?lang=en")
    assert 'lang="en" dir="ltr"' in english.text and "Registration number" in english.text


async def test_a_registration_shows_received_then_its_org_id(portal):
    number = "٣٣" + "١٢٣٤٥٦٧٨"  # Arabic-Indic digits typed
    posted = await portal.post("/register", registration_fields(registration_number=number))
    assert posted.status_code == 303, posted.text
    page_url = posted.headers["location"]
    assert page_url.startswith("/registrations/")

    async def registered():
        page = await portal.get(page_url)
        return page if 'data-state="registered"' in page.text else None

    page = await wait_until(registered)
    assert "EG-MOSS-3312345678" in page.text
    again = await portal.get(page_url)  # a reload (or anyone with the link) sees the same
    assert "EG-MOSS-3312345678" in again.text


async def test_a_taken_number_comes_back_in_arabic_at_the_field_with_the_form_prefilled(portal):
    fields = registration_fields()
    number = dict(fields)["registration_number"]
    first = await portal.post("/register", fields)
    await wait_until(lambda: _state(portal, first.headers["location"], "registered"))
    second = await portal.post("/register", registration_fields(registration_number=number))
    page = await wait_until(lambda: _state(portal, second.headers["location"], "rejected"))
    assert 'data-field="registration_number"' in page.text
    sid = second.headers["location"].rsplit("/", 1)[1]
    form = await portal.get(f"/register?from={sid}")
    error = re.search(r'<p class="error" id="registration_number-error">([^<]+)</p>', form.text)
    assert error and "مسجل" in error.group(1), form.text[:3000]
    assert f'value="{number}"' in form.text
    assert 'value="health" id="sectors-health"\n      checked' in form.text or re.search(
        r'value="health" id="sectors-health"\s+checked', form.text
    )


async def test_a_post_without_the_form_token_publishes_nothing(portal):
    response = await portal.client.post(
        "/register",
        content="name_ar=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 403


async def _state(portal, url, state):
    page = await portal.get(url)
    return page if f'data-state="{state}"' in page.text else None
