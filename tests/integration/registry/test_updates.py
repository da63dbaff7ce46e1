"""Updates: PATCH with ETag / If-Match, AssociationUpdated carrying only what changed, history
readable by staff, an association reading and updating only its own record."""

from __future__ import annotations

from tests.support.services import running

UPDATED = "registry.association.updated.v1"


async def _registered(client, auth, submission, **fields):
    response = await client.post(
        "/v1/registrations", json=submission(**fields), headers=auth("service")
    )
    return response.json()["association_id"]


async def test_patch_with_if_match_publishes_only_the_changes(app, bus, auth, submission):
    capture = await bus.capture(UPDATED)
    async with running(app) as client:
        aid = await _registered(client, auth, submission, volunteers=5, contact_phone="01001234567")
        own = auth("association", sub="board-secretary", association_id=aid)
        read = await client.get(f"/v1/associations/{aid}", headers=own)
        etag = read.headers["etag"]
        missing = await client.patch(f"/v1/associations/{aid}", json={"volunteers": 9}, headers=own)
        patched = await client.patch(
            f"/v1/associations/{aid}",
            json={"volunteers": "١٢", "contact_phone": "+20 100 123 4567", "address": "شارع النيل"},
            headers={**own, "If-Match": etag},
        )
        stale = await client.patch(
            f"/v1/associations/{aid}", json={"volunteers": 3}, headers={**own, "If-Match": etag}
        )
        [event] = await capture.wait_for(lambda e: e["data"]["association_id"] == aid)
        history = await client.get(f"/v1/associations/{aid}/history", headers=auth("staff"))
        hidden = await client.get(f"/v1/associations/{aid}/history", headers=own)
    assert etag == '"1"'
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'
    assert patched.json()["volunteers"] == 12
    # the phone was already +201001234567: not a change
    assert event["data"] == {"association_id": aid, "version": 2,
                             "changed": {"volunteers": 12, "address": "شارع النيل"}}  # fmt: skip
    assert stale.status_code == 412 and stale.json()["code"] == "version_mismatch"
    [line] = history.json()
    assert line["actor"] == "board-secretary" and line["action"] == "update"
    assert line["before"] == {"volunteers": 5, "address": None}
    assert line["after"] == {"volunteers": 12, "address": "شارع النيل"}
    assert hidden.status_code == 403


async def test_invalid_patch_lists_every_field_error(app, auth, submission):
    async with running(app) as client:
        aid = await _registered(client, auth, submission)
        response = await client.patch(
            f"/v1/associations/{aid}", json={"centre": "cairo", "contact_email": "x@"},
            headers={**auth("staff"), "If-Match": '"1"'},
        )  # fmt: skip
    assert response.status_code == 422
    assert {e["field"]: e["code"] for e in response.json()["errors"]} == {
        "centre": "unknown_centre",
        "contact_email": "invalid_email",
    }


async def test_association_token_reaches_only_its_own_record(app, auth, submission):
    async with running(app) as client:
        mine = await _registered(client, auth, submission)
        other = await _registered(client, auth, submission)
        own = auth("association", association_id=mine)
        read_other = await client.get(f"/v1/associations/{other}", headers=own)
        patch_other = await client.patch(
            f"/v1/associations/{other}", json={"volunteers": 1}, headers={**own, "If-Match": '"1"'}
        )
        listing = await client.get("/v1/associations", headers=own)
        read_mine = await client.get(f"/v1/associations/{mine}", headers=own)
        as_partner = await client.get(f"/v1/associations/{mine}", headers=auth("partner"))
    assert read_other.status_code == 403 and read_other.json()["code"] == "not_your_association"
    assert patch_other.status_code == 403
    assert listing.status_code == 403
    assert read_mine.json()["contact_email"] is None or "contact_email" in read_mine.json()
    assert "contact_phone" in read_mine.json()
    assert "contact_phone" not in as_partner.json() and "volunteers" not in as_partner.json()
    assert as_partner.json()["org_id"].startswith("EG-MOSS-")
