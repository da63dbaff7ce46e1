"""Building the MIME message by hand: ``email.message.EmailMessage`` with the default policy
costs ~1.7 ms per Arabic message (header folding), more than the SMTP exchange itself. The
shape here is fixed and simple: multipart/alternative, UTF-8 parts in base64, RFC 2047 subject.
"""

from __future__ import annotations

import base64
from email.utils import formatdate, parseaddr
from typing import Any


class HeaderInjectionError(ValueError):
    """A header value (an address from event data) carries a line break."""


def _clean(value: str) -> str:
    if any(ch in value for ch in "\r\n\x00"):
        raise HeaderInjectionError("line break in a header value")
    return value


def encoded_words(text: str) -> str:
    """RFC 2047 ``=?utf-8?b?...?=`` words of at most 75 characters, folded on new lines
    (``email.header.Header`` does the same at ~0.3 ms per subject)."""
    if text.isascii():
        return text
    words, chunk = [], b""
    for ch in text:
        encoded = ch.encode()
        if len(chunk) + len(encoded) > 39:  # -> 52 base64 chars + 12 of markup + 9 of 'Subject'
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(w).decode()}?=" for w in words)


def _b64(text: str) -> bytes:
    raw = base64.b64encode(text.encode())
    return b"\r\n".join(raw[i : i + 76] for i in range(0, len(raw), 76))


def envelope_sender(mail_from: str) -> str:
    return parseaddr(mail_from)[1]


def build_message(row: dict[str, Any], mail_from: str, unsubscribe_url: str) -> bytes:
    """The RFC 5322 bytes of one notification email."""
    boundary = "=_aswan_" + row["notification_id"].replace("-", "")
    subject = encoded_words(_clean(row["subject"] or ""))
    headers = [
        f"From: {_clean(mail_from)}",
        f"To: {_clean(row['address'])}",
        f"Subject: {subject}",
        f"Message-ID: {_clean(row['message_id'])}",
        f"Date: {formatdate(usegmt=True)}",
        "MIME-Version: 1.0",
        f"Content-Language: {'ar, en' if row['language'] == 'ar' else 'en, ar'}",
        f"List-Unsubscribe: <{_clean(unsubscribe_url)}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        f"X-Aswan-Notification: {row['notification_id']}",
        f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"',
    ]
    parts = [("plain", row["body_text"])]
    if row["body_html"]:
        parts.append(("html", row["body_html"]))
    out = ["\r\n".join(headers).encode(), b"\r\n\r\n"]
    for subtype, body in parts:
        out += [
            f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n".encode(),
            _b64(body),
            b"\r\n",
        ]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)
