"""The unsubscribe link of every email: works without logging in, because the link is signed.

``GET`` shows a confirmation page (mail scanners that follow links change nothing); ``POST`` (the
page's button, or a mail client's RFC 8058 one-click ``List-Unsubscribe-Post``) unsubscribes.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from services.notify.domain.commands import Unsubscribe
from services.notify.domain.errors import InvalidUnsubscribeLinkError
from services.notify.domain.signing import verify_unsubscribe
from services.notify.service_layer import handlers
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork

_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title_ar}</title></head>
<body style="font-family:Tahoma,Arial,sans-serif;max-width:40em;margin:2em auto">
<h1>{title_ar}</h1><p>{body_ar}</p>
<div dir="ltr" lang="en"><h2>{title_en}</h2><p>{body_en}</p></div>{form}
</body></html>"""


def _page(
    status: int, title: tuple[str, str], body: tuple[str, str], form: str = ""
) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(
            title_ar=title[0], body_ar=body[0], title_en=title[1], body_en=body[1], form=form
        ),
        status_code=status,
    )


def _invalid() -> HTMLResponse:
    err = InvalidUnsubscribeLinkError
    return _page(
        404,
        (err.message_ar, err.message_en),
        ("ربما نُسخ الرابط ناقصًا.", "The link may have been copied incompletely."),
    )


def make_unsubscribe_router(
    uow_factory: Callable[[], NotifyUnitOfWork], signing_key: bytes
) -> APIRouter:
    router = APIRouter(prefix="/v1/unsubscribe", tags=["unsubscribe"])

    @router.get("/{token}", response_class=HTMLResponse)
    async def confirm(token: str) -> HTMLResponse:
        if verify_unsubscribe(signing_key, token) is None:
            return _invalid()
        form = (
            f'<form method="post" action="{escape(token)}">'
            '<button type="submit">تأكيد إلغاء الاشتراك — Confirm unsubscribe</button></form>'
        )
        return _page(
            200,
            ("إلغاء الاشتراك", "Unsubscribe"),
            ("اضغط الزر لإيقاف هذه الرسائل.", "Press the button to stop these messages."),
            form,
        )

    @router.post("/{token}", response_class=HTMLResponse)
    async def unsubscribe(token: str) -> HTMLResponse:
        try:
            async with uow_factory() as uow:
                await handlers.unsubscribe(Unsubscribe(token), uow)
        except InvalidUnsubscribeLinkError:
            return _invalid()
        return _page(
            200,
            ("تم إلغاء الاشتراك", "Unsubscribed"),
            ("لن تصلك هذه الرسائل بعد الآن.", "You will not receive these messages any more."),
        )

    return router
