"""What the four simulator forms share: fields kept as the text the user typed, read into typed values with a
French message per field, and the query string that makes a result shareable.

A form's values are a plain ``dict[str, str]`` keyed by the URL parameter names (``montant``, ``marge``…), so the
same dict comes from a shared link, from the inputs, and goes back into the address bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar
from urllib.parse import urlencode

from guide_app.core.format import figure
from guide_app.core.parse import InputError, parse_decimal

T = TypeVar("T")

_UNIT = re.compile(r"\s*(€|%|h|jours?)\s*$")
MAX_CHARS = 40  # nobody types a 40-character amount or date: longer is a forged or pasted value


class FormErrors(Exception):
    """The form cannot give a result: one French message per faulty field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Field:
    """One input of a form, named as in the shared URL."""

    name: str
    default: str = ""
    numeric: bool = True  # numbers are written back to the URL in plain form ("12345.67")


def as_text(raw: object) -> str:
    """Whatever a client sent for a field, as bounded text: a forged list or dict becomes text that will not parse."""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = f"<{type(raw).__name__}>"
    return text[: MAX_CHARS + 1]


def initial_values(fields: tuple[Field, ...], query: Mapping[str, str]) -> dict[str, str]:
    """The form as a link opens it: each field from the query when present, else its default, numbers written
    the French way ("100000000" → "100 000 000", "4.5" → "4,5") so a phone shows them readably."""
    return {
        field.name: for_display(field, as_text(query[field.name]) if field.name in query else field.default)
        for field in fields
    }


def for_display(field: Field, text: str) -> str:
    """A number from a link or a preset as a French user would type it; anything else unchanged."""
    if not field.numeric or _UNIT.search(text):
        return text
    try:
        value = parse_decimal(text)
    except InputError:
        return text
    return figure(value, up_to=max(0, -int(value.normalize().as_tuple().exponent))).replace("\u202f", " ")


def mentions_any(fields: tuple[Field, ...], query: Mapping[str, str]) -> bool:
    return any(field.name in query for field in fields)


def _plain(field: Field, text: str) -> str:
    """A valid number in the URL's plain form (15, 12345.67); anything else as typed, so a link keeps the error."""
    if not field.numeric:
        return text.strip()
    try:
        value = parse_decimal(_UNIT.sub("", text))
    except InputError:
        return text
    return format(value.normalize(), "f")


def share_query(fields: tuple[Field, ...], values: Mapping[str, str]) -> str:
    """ "montant=10000&marge=15…": every field the user filled, or emptied against a default."""
    pairs = [
        (field.name, _plain(field, values.get(field.name, "")))
        for field in fields
        if values.get(field.name, "") != "" or field.default != ""
    ]
    return urlencode(pairs)


class Reader:
    """Reads a form field by field, collecting one French message per faulty field instead of stopping at the first."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str:
        return self._values.get(name, "").strip()

    def _attempt(self, name: str, parse: Callable[[str], T]) -> T | None:
        raw = self._values.get(name, "")
        if len(raw) > MAX_CHARS:
            self.fail(name, "Cette saisie est trop longue : vérifiez la valeur.")
            return None
        try:
            return parse(raw)
        except InputError as error:
            self.fail(name, str(error))
            return None

    def read(self, name: str, parse: Callable[[str], T], fallback: T) -> T:
        """The parsed value, or the fallback (never shown: check() raises first) with the field's message recorded."""
        value = self._attempt(name, parse)
        return fallback if value is None else value

    def optional(self, name: str, parse: Callable[[str], T]) -> T | None:
        """An optional field: None when left empty."""
        return self._attempt(name, parse) if self.text(name) else None

    def ok(self, *names: str) -> bool:
        """True when none of these fields has an error (to run cross-field checks only on valid values)."""
        return not any(name in self.errors for name in names)

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def check(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)
