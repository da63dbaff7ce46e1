"""Suspected duplicates: a very similar normalised Arabic name in the same centre is registered
as pending_verification with duplicate_of set, never merged; near misses are not flagged."""

from __future__ import annotations

import uuid

import pytest

from tests.support.services import running


async def _register(client, headers, data):
    response = await client.post("/v1/registrations", json=data, headers=headers)
    assert response.status_code == 202, response.text
    return response.json()


@pytest.mark.parametrize(
    ("existing", "candidate"),
    [
        ("جمعية الأمل الخيرية", "جمعيه الامل"),  # stop words, hamza on alef, taa marbuta
        ("جمعيَّة الشُّبَّان المسلمين", "جمعية الشبان المسلمين بأسوان"),  # diacritics, suffix
        ("مؤسسة مصر الخير", "مصر الخيـــر"),  # tatweel, مؤسسة dropped
        ("جمعية الهدى لتنمية المجتمع", "جمعية الهدي لتنميه المجتمع"),  # alef maqsura
        ("جمعية رعاية الأيتام بإدفو", "جمعية رعاية الايتام بادفو"),
    ],
)
async def test_similar_name_in_same_centre_is_flagged(app, auth, submission, existing, candidate):
    tag = uuid.uuid4().hex[:6]  # keeps this test's names apart from other tests' (Latin part)
    headers, staff = auth("service"), auth("staff")
    async with running(app) as client:
        first = await _register(
            client, headers, submission(name_ar=f"{existing} {tag}", centre="kom_ombo")
        )
        second = await _register(
            client, headers, submission(name_ar=f"{candidate} {tag}", centre="kom_ombo")
        )
        record = await client.get(f"/v1/associations/{second['association_id']}", headers=staff)
        original = await client.get(f"/v1/associations/{first['association_id']}", headers=staff)
    assert second["outcome"] == "registered"
    assert record.json()["duplicate_of"] == first["association_id"]
    assert record.json()["status"] == "pending_verification"
    assert original.json()["name_ar"] == f"{existing} {tag}"  # never merged


@pytest.mark.parametrize(
    ("existing", "candidate", "centre"),
    [
        ("جمعية رعاية الأيتام بإدفو", "جمعية رعاية المسنين بإدفو", "edfu"),
        ("جمعية تنمية المجتمع بكلابشة", "جمعية تنمية المجتمع بالرديسية", "edfu"),
        ("جمعية أبناء كلابشة", "جمعية أبناء دابود", "nasr_al_nuba"),
    ],
)
async def test_near_misses_are_not_flagged(app, auth, submission, existing, candidate, centre):
    tag = uuid.uuid4().hex[:6]
    headers = auth("service")
    async with running(app) as client:
        await _register(client, headers, submission(name_ar=f"{existing} {tag}", centre=centre))
        second = await _register(
            client, headers, submission(name_ar=f"{candidate} {tag}", centre=centre)
        )
        record = await client.get(
            f"/v1/associations/{second['association_id']}", headers=auth("staff")
        )
    assert record.json()["duplicate_of"] is None


async def test_same_name_in_another_centre_is_not_flagged(app, auth, submission):
    name = f"جمعية النور للتنمية {uuid.uuid4().hex[:6]}"
    headers = auth("service")
    async with running(app) as client:
        await _register(client, headers, submission(name_ar=name, centre="daraw"))
        second = await _register(client, headers, submission(name_ar=name, centre="abu_simbel"))
        record = await client.get(
            f"/v1/associations/{second['association_id']}", headers=auth("staff")
        )
    assert record.json()["duplicate_of"] is None
