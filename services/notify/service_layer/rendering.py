"""From a cause event and a recipient to a ready-to-send notification (rendered in the consumer's
transaction, so what the worker sends later is exactly what was committed)."""

from __future__ import annotations

from typing import Any

from services.notify.adapters.templates import TemplateRenderer
from services.notify.domain.model import (
    Channel,
    Notification,
    Recipient,
    Rendered,
    email_message_id,
    notification_id,
)
from services.notify.domain.signing import sign_unsubscribe
from shared.events.envelope import CloudEvent, envelope_json
from shared.privacy import mask_address


class NotificationFactory:
    def __init__(
        self, renderer: TemplateRenderer, mail_from: str, public_base_url: str, signing_key: bytes
    ) -> None:
        self.renderer = renderer
        self.mail_from = mail_from
        self.public_base_url = public_base_url.rstrip("/")
        self.signing_key = signing_key

    def unsubscribe_url(self, nid: str) -> str:
        return f"{self.public_base_url}/v1/unsubscribe/{sign_unsubscribe(self.signing_key, nid)}"

    def build(
        self,
        envelope: CloudEvent[Any],
        template: str,
        recipient: Recipient,
        centre: str | None,
        extra: dict[str, Any] | None = None,
    ) -> Notification:
        nid = notification_id(envelope.source, envelope.id, recipient.recipient, recipient.channel)
        payload = None
        if recipient.channel is Channel.WEBHOOK:
            payload = envelope_json(envelope)
            rendered = Rendered(subject=None, text=envelope.type)
        else:
            rendered = self.renderer.render(
                template, recipient.channel, self.context(envelope, recipient, nid, extra)
            )
        return Notification(
            notification_id=nid,
            cause_source=envelope.source,
            cause_event_id=envelope.id,
            event_type=envelope.type,
            template=template,
            recipient=recipient,
            centre=centre,
            rendered=rendered,
            payload=payload,
            message_id=(
                email_message_id(nid, self.mail_from)
                if recipient.channel is Channel.EMAIL
                else None
            ),
        )

    def context(
        self,
        envelope: CloudEvent[Any],
        recipient: Recipient,
        nid: str,
        extra: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "e": _masked(envelope.data.model_dump(mode="json", by_alias=True)),
            "envelope": {
                "id": envelope.id,
                "type": envelope.type,
                "source": envelope.source,
                "subject": envelope.subject,
                "time": envelope.time.strftime("%Y-%m-%d %H:%M UTC"),
            },
            "event_label": envelope.type.removeprefix("eg.aswan."),
            "lang": recipient.language.value,
            "unsubscribe_url": self.unsubscribe_url(nid),
            "contact": None,
            **(extra or {}),
        }


PERSONAL = frozenset({"contact_email", "contact_phone", "bot_chat_id", "email", "phone"})


def _masked(data: dict[str, Any]) -> dict[str, Any]:
    """Templates never need a contact's address in clear (the generic ones list every field)."""
    return {
        k: mask_address(v) if k in PERSONAL and isinstance(v, str) else v for k, v in data.items()
    }
