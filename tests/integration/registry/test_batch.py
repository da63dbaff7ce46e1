"""Several registrations in one unit of work (as in one consumer batch): the registrations are
written together before commit, so screening must see those not yet written as if they were."""

from __future__ import annotations

import uuid

from services.registry.bootstrap import uow_factory_for
from services.registry.config import SCHEMA, RegistrySettings
from services.registry.domain.commands import SubmitRegistration
from services.registry.service_layer.handlers import submit_registration
from shared.db import make_engine


async def test_one_unit_of_work_screens_its_own_unwritten_registrations(
    settings_for, submission, db
):
    settings = settings_for(RegistrySettings)
    engine = make_engine(settings.database_url, SCHEMA, 2)
    tag = uuid.uuid4().hex[:6]
    first = submission(name_ar=f"جمعية الأمل الخيرية {tag}", centre="daraw")
    same_number = submission(registration_number=first["registration_number"])
    similar = submission(name_ar=f"جمعيه الامل {tag}", centre="daraw")
    ids = [str(uuid.uuid4()) for _ in range(3)]
    try:
        async with uow_factory_for(engine, settings)() as uow:
            outcomes = [
                await submit_registration(SubmitRegistration(sid, data, "/test", "test"), uow)
                for sid, data in zip(ids, (first, same_number, similar), strict=True)
            ]
            again = await submit_registration(SubmitRegistration(ids[0], first, "/t", "t"), uow)
            await uow.commit()
    finally:
        await engine.dispose()
    registered = outcomes[0].association_id
    assert outcomes[0].outcome == "registered" and again.association_id == registered
    assert outcomes[1].outcome == "rejected" and outcomes[1].association_id == registered
    assert outcomes[1].errors[0].code == "duplicate_registration_number"
    assert outcomes[2].outcome == "registered"
    rows = await db.fetch(
        "SELECT association_id, duplicate_of, status FROM registry.associations "
        "WHERE association_id = ANY($1::text[])",
        [registered, outcomes[2].association_id],
    )
    stored = {r["association_id"]: r for r in rows}
    assert stored[registered]["duplicate_of"] is None
    assert stored[outcomes[2].association_id]["duplicate_of"] == registered
    assert stored[outcomes[2].association_id]["status"] == "pending_verification"
    kept = await db.fetch(
        "SELECT submission_id, outcome FROM registry.submissions WHERE submission_id = ANY($1)",
        ids,
    )
    assert {r["submission_id"]: r["outcome"] for r in kept} == {
        ids[0]: "registered", ids[1]: "rejected", ids[2]: "registered"
    }  # fmt: skip
