"""The owner's own tasks: an SMS or a call is not sent by the app (no SMS gateway), the owner does it from
their phone. These links open the phone's SMS app with the text ready, or dial the debtor."""

from __future__ import annotations

import re
from urllib.parse import quote

from guide_app.cases.risk import Channel

_NOT_DIALLED = re.compile(r"[\s.\-()/]")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def international_phone(phone: str) -> str:
    """A French or international number in E.164 ("06 12 34 56 78" → "+33612345678"); "" when unusable."""
    digits = _NOT_DIALLED.sub("", phone.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif re.fullmatch(r"0[1-9]\d{8}", digits):
        digits = "+33" + digits[1:]
    return digits if _E164.fullmatch(digits) else ""


def task_link(channel: Channel, phone: str, body: str = "") -> str:
    """`sms:+33…?body=…` (text URL-encoded) for an SMS, `tel:+33…` for a call; "" for other channels or when
    the number is unusable (the page then shows the number and the text to copy)."""
    number = international_phone(phone)
    if not number:
        return ""
    if channel is Channel.SMS:
        return f"sms:{number}?body={quote(body, safe='')}" if body else f"sms:{number}"
    if channel is Channel.APPEL:
        return f"tel:{number}"
    return ""
