"""Forms and campaigns the analysis tests stand on: a needs XLSForm uploaded, a campaign opened."""

from __future__ import annotations

from typing import Any

import httpx

from tests.unit.assessment.workbooks import xlsform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CENTRES = [
    ["centres", c, ar, en]
    for c, ar, en in [
        ("edfu", "إدفو", "Edfu"),
        ("daraw", "دراو", "Daraw"),
        ("aswan", "أسوان", "Aswan"),
    ]
]
SECTORS = [
    ["sectors", "health", "الصحة", "Health"],
    ["sectors", "education", "التعليم", "Education"],
]
PROBLEMS = [["problems", "clinic_far", "العيادة بعيدة", "Clinic far"],
            ["problems", "no_staff", "لا يوجد أطباء", "No staff"]]  # fmt: skip


def needs_form(form_id: str) -> bytes:
    """The needs questions of CONTRACTS.md: centre, sector, severity 1-5, people in need and
    affected, main problems."""
    return xlsform(
        [
            ["select_one centres", "centre", "المركز", "Centre", "yes"],
            ["select_one sectors", "sector", "القطاع", "Sector", "yes"],
            ["integer", "severity", "درجة الشدة", "Severity", "yes", None, ". >= 1 and . <= 5"],
            ["integer", "people_in_need", "عدد المحتاجين", "People in need", "yes"],
            ["integer", "people_affected", "عدد المتأثرين", "People affected", "yes"],
            ["select_multiple problems", "main_problems", "أهم المشكلات", "Main problems"],
        ],
        form_id=form_id, version="1", kind="needs", choices=CENTRES + SECTORS + PROBLEMS,
    )  # fmt: skip


async def upload(client: httpx.AsyncClient, staff: dict[str, str], workbook: bytes) -> None:
    r = await client.post("/v1/forms", files={"file": ("f.xlsx", workbook, XLSX)}, headers=staff)
    assert r.status_code == 201, r.text


async def open_campaign(
    client: httpx.AsyncClient, staff: dict[str, str], form_id: str, **fields: Any
) -> str:
    body = {
        "form_id": form_id, "form_version": "1", "title_ar": "حصر الاحتياجات",
        "title_en": "Needs census", "centres": ["edfu", "daraw"], "audience": "associations",
        "opens_on": "2027-01-10", "closes_on": "2027-02-10", **fields,
    }  # fmt: skip
    made = await client.post("/v1/campaigns", json=body, headers=staff)
    assert made.status_code == 201, made.text
    cid: str = made.json()["campaign_id"]
    opened = await client.post(f"/v1/campaigns/{cid}/open", headers=staff)
    assert opened.status_code == 200, opened.text
    return cid
