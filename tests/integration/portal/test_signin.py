"""Sign-in by a one-time code: the code goes out as portal.signin.code-requested.v1 to the
contact the registry holds (or a listed staff address); the page answers the same for unknown
identifiers; 5 wrong tries kill a code; the session cookie opens the association's own pages
and staff pages; sign-out ends it. Then an edit conflict and a staff verification."""

from __future__ import annotations

import re

from shared.events.portal import SignInCodeRequested
from tests.integration.portal.conftest import registration_fields
from tests.support.services import wait_until

CODE_KEY = SignInCodeRequested.ROUTING_KEY


async def register(portal, **overrides):
    fields = registration_fields(**overrides)
    posted = await portal.post("/register", fields)

    async def done():
        page = await portal.get(posted.headers["location"])
        return page if 'data-state="registered"' in page.text else None

    await wait_until(done)
    return dict(fields)


async def sign_in(portal, codes, identifier, address):
    before = len([e for e in codes.events() if e["data"]["recipient"]["address"] == address])
    page = await portal.post("/signin", [("identifier", identifier)])
    assert page.status_code == 200 and 'name="code"' in page.text
    sent = await codes.wait_for(
        lambda e: e["data"]["recipient"]["address"] == address, count=before + 1
    )
    code = sent[-1]["data"]["code"]
    return await portal.post("/signin/code", [("identifier", identifier), ("code", code)])


async def test_an_association_signs_in_with_the_code_sent_to_its_contact(portal, bus):
    codes = await bus.capture(CODE_KEY)
    fields = await register(portal)
    email = fields["contact_email"]
    unknown = await portal.post("/signin", [("identifier", "99999999999")])
    known = await portal.post("/signin", [("identifier", fields["registration_number"])])
    assert _text(unknown) == _text(known)  # no enumeration
    sent = await codes.wait_for(lambda e: e["data"]["recipient"]["address"] == email)
    assert sent[0]["data"]["recipient"]["channel"] == "email"
    assert re.fullmatch(r"[0-9]{6}", sent[0]["data"]["code"])

    wrong = await portal.post(
        "/signin/code", [("identifier", fields["registration_number"]), ("code", "000000")]
    )
    assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.text
    done = await sign_in(portal, codes, fields["registration_number"], email)
    assert done.status_code == 303 and done.headers["location"] == "/me"
    cookie = done.headers.get_list("set-cookie")
    assert any("portal_session=" in c and "HttpOnly" in c and "SameSite=lax" in c for c in cookie)
    me = await portal.get("/me")
    assert me.status_code == 200 and fields["name_ar"] in me.text
    assert "EG-MOSS-" + fields["registration_number"] in me.text
    staff = await portal.get("/staff")
    assert staff.status_code == 403  # an association is not staff

    await portal.post("/signout", [])
    assert (await portal.get("/me")).status_code == 303  # back to sign-in


async def test_five_wrong_tries_kill_the_code(portal, bus):
    codes = await bus.capture(CODE_KEY)
    await portal.post("/signin", [("identifier", "staff@aswan.gov.eg")])
    sent = await codes.wait_for(lambda e: e["data"]["recipient"]["address"] == "staff@aswan.gov.eg")
    right = sent[-1]["data"]["code"]
    wrong = "111111" if right != "111111" else "222222"
    for _ in range(5):
        await portal.post("/signin/code", [("identifier", "staff@aswan.gov.eg"), ("code", wrong)])
    late = await portal.post(
        "/signin/code", [("identifier", "staff@aswan.gov.eg"), ("code", right)]
    )
    assert late.status_code == 400


async def test_an_edit_conflict_keeps_the_input_and_says_so(portal, bus):
    codes = await bus.capture(CODE_KEY)
    fields = await register(portal)
    await sign_in(portal, codes, fields["registration_number"], fields["contact_email"])
    form = await portal.get("/me/edit")
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base: list[tuple[str, str]] = []
    mine = [("version", version), ("name_ar", fields["name_ar"]), ("legal_form", "association"),
            ("centre", "edfu"), ("sectors", "health"), ("city", "إدفو الجديدة")]  # fmt: skip
    saved = await portal.post("/me/edit", [*base, *mine])
    assert saved.status_code == 303, saved.text[:2000]
    stale = [*mine[1:-1], ("version", version), ("city", "كوم امبو")]
    conflict = await portal.post("/me/edit", stale)
    assert conflict.status_code == 409
    assert 'id="conflict"' in conflict.text and "إدفو الجديدة" in conflict.text
    assert 'value="كوم امبو"' in conflict.text  # the user's input is kept


async def test_staff_verify_a_registration_and_the_association_sees_it(portal, bus):
    codes = await bus.capture(CODE_KEY)
    fields = await register(portal)
    await sign_in(portal, codes, "chief@aswan.gov.eg", "chief@aswan.gov.eg")
    queue = await portal.get(f"/staff/queue?q=EG-MOSS-{fields['registration_number']}")
    assert queue.status_code == 200 and fields["name_ar"] in queue.text
    aid = re.search(
        r'<tr data-association="([^"]+)"><td><a href="/staff/associations/[^"]+">'
        + re.escape(fields["name_ar"]),
        queue.text,
    ).group(1)
    page = await portal.get(f"/staff/associations/{aid}")
    assert "EG-MOSS-" + fields["registration_number"] in page.text
    missing = await portal.post(f"/staff/associations/{aid}", [("action", "suspend")])
    assert 'aria-invalid="true"' in missing.text  # suspending needs a reason
    done = await portal.post(f"/staff/associations/{aid}", [("action", "verify"), ("reason", "")])
    assert done.status_code == 303
    await portal.post("/signout", [])
    await sign_in(portal, codes, fields["registration_number"], fields["contact_email"])
    me = await portal.get("/me")
    assert 'data-status="active"' in me.text


def _text(response):
    text = re.sub(r'name="csrf" value="[^"]+"', "", response.text)
    return re.sub(r'name="identifier" value="[^"]+"', "", text)
