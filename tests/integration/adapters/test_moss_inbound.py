"""The ministry's decisions taken in: an extract dropped in the folder (good, unknown and
malformed rows), the same extract again, and the signed webhook. Each good row becomes
ministry.association.status-changed.v1; each bad one a reconciliation row and a dead letter."""

from __future__ import annotations

import json
import shutil
import time
import uuid

from openpyxl import Workbook

from adapters.moss_register.bootstrap import build
from adapters.moss_register.domain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from adapters.moss_register.entrypoints.reconcile import reconcile
from shared.db import make_engine
from shared.events.registry import AssociationRegistered
from tests.integration.adapters.ministry_standin import SECRET
from tests.support.services import running, wait_until

DECIDED = "ministry.association.status-changed.v1"


def registered(number: str) -> AssociationRegistered:
    return AssociationRegistered(
        association_id=str(uuid.uuid4()), org_id=f"EG-MOSS-{number}", registration_number=number,
        name_ar="جمعية", legal_form="association", centre="edfu", sectors=["health"],
        centres_served=[], status="pending_verification",
    )  # fmt: skip


def digits_ar(number: str) -> str:
    return "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in number)


async def know(bus, db, *numbers: str) -> None:
    """The adapter learns of these associations from the registry's events."""
    for number in numbers:
        await bus.publish_event(registered(number), source="/aswan/registry")

    async def all_known() -> bool:
        rows = await db.fetchval(
            "SELECT count(*) FROM moss_register.associations WHERE registration_number = ANY($1)",
            list(numbers),
        )
        return rows == len(numbers)

    await wait_until(all_known)


async def test_an_extract_with_good_unknown_and_malformed_rows(
    moss_settings, bus, db, tmp_path, uid
):
    one, two, stranger = (str(abs(hash((uid, n))) % 10**9) for n in range(3))
    folder = tmp_path / "extracts"
    folder.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(["رقم الإشهار", "القرار", "رقم القرار", "تاريخ القرار", "ملاحظات"])
    sheet.append([one, "verified", "Q-2026-1", "2026-11-30", "x"])
    sheet.append([digits_ar(two), "موقوفة", "Q-2026-2", "٠٣/١٢/٢٠٢٦", None])
    sheet.append([stranger, "verified", "Q-2026-3", "2026-11-30", None])
    sheet.append([one, "closed", "Q-2026-4", "2026-11-30", None])
    sheet.append([two, "dissolved", "Q-2026-5", "yesterday", None])
    decided = await bus.capture(DECIDED)
    app = build(moss_settings(extract_dir=str(folder), extract_poll_seconds=0.1))
    intake = app.state.intake
    async with running(app):
        await know(bus, db, one, two)
        book.save(folder / "moss-2026-12.xlsx")
        events = await decided.wait_for(count=2)
        dead = await bus.drain_queue(intake.dlq, count=3, timeout=20)
        again = await intake.read_file(folder / "moss-2026-12.xlsx")
        shutil.copy(folder / "moss-2026-12.xlsx", tmp_path / "copy.xlsx")
        copy = await intake.read_file(tmp_path / "copy.xlsx")  # same content, another name
    by_number = {e["data"]["registration_number"]: e["data"] for e in events}
    assert by_number[one]["status"] == "active" and by_number[one]["reference"] == "Q-2026-1"
    assert by_number[two]["status"] == "suspended"
    assert by_number[two]["decided_at"].startswith("2026-12-03")
    assert sorted(json.loads(m.body)["row"] for m in dead) == [3, 4, 5]
    codes = {json.loads(m.body)["row"]: (m.headers or {})["x-error-kind"] for m in dead}
    assert codes == {3: "unknown_registration_number", 4: "unknown_status", 5: "invalid_date"}
    report = await db.fetch(
        "SELECT row_no, code, reason_ar, reason_en FROM moss_register.problems "
        "WHERE source = 'extract:moss-2026-12.xlsx' ORDER BY row_no"
    )
    assert [r["row_no"] for r in report] == [3, 4, 5]
    assert all(r["reason_ar"] and r["reason_en"] for r in report)
    assert again.already_read and copy.already_read
    published = await db.fetchval(
        "SELECT count(*) FROM moss_register.outbox WHERE subject = ANY($1)", [one, two]
    )
    assert published == 2  # nothing more from the second reading
    assert len(decided.events()) == 2


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    ts = int(time.time())
    return {TIMESTAMP_HEADER: str(ts), SIGNATURE_HEADER: sign(secret, ts, body),
            "content-type": "application/json"}  # fmt: skip


async def test_the_signed_webhook_takes_decisions_once(moss_settings, bus, db, uid):
    known, stranger = (str(abs(hash((uid, "hook", n))) % 10**9) for n in range(2))
    decided = await bus.capture(DECIDED)
    body = json.dumps({"decisions": [
        {"registration_number": known, "status": "dissolved", "reference": "D-9",
         "decided_at": "2026-12-01", "reason": "حل بقرار الوزارة"},
        {"registration_number": stranger, "status": "verified", "reference": "D-10",
         "decided_at": "2026-12-01"},
    ]}).encode()  # fmt: skip
    async with running(build(moss_settings())) as client:
        await know(bus, db, known)
        first = await client.post("/v1/decisions", content=body, headers=signed(body))
        again = await client.post("/v1/decisions", content=body, headers=signed(body))
        forged = await client.post("/v1/decisions", content=body, headers=signed(body, "x" * 40))
        [event] = await decided.wait_for()
    assert first.status_code == 200
    assert first.json()["accepted"] == 1
    assert [p["code"] for p in first.json()["problems"]] == ["unknown_registration_number"]
    assert again.json()["accepted"] == 0 and again.json()["repeated"] == 1
    assert forged.status_code == 401
    assert event["data"]["status"] == "dissolved" and event["data"]["reason"] == "حل بقرار الوزارة"
    assert event["source"] == "/aswan/moss_register"
    engine = make_engine(moss_settings().database_url, "moss_register", 1)
    try:
        lines = await reconcile(engine)
    finally:
        await engine.dispose()
    mine = [line for line in lines if line.get("registration_number") == known]
    assert [(m["kind"], m["ours"], m["ministry"]) for m in mine] == [
        ("status_differs", "pending_verification", "dissolved")
    ]  # the registry has not applied the decision here: no registry runs in this test
    assert any(
        line["kind"] == "row_not_taken" and line["raw"]["registration_number"] == stranger
        for line in lines
    )
