"""The one form reader (`Form`), used by every form of the app, and what the simulator forms add: fields kept as
the text the user typed, and the query string that makes a result shareable.

`Form` reads a submitted form field by field: each value parsed by one function (core.parse, or a feature's own),
each mistake one French message under the field's name, every mistake at once; the typed result can then be
validated as a whole by its Pydantic model (`Form.build`), whose French message lands under a field of the page.
What a forged event sends instead of a form reads as an empty form.

A simulator's values are a plain ``dict[str, str]`` keyed by the URL parameter names (``montant``, ``marge``…), so
the same dict comes from a shared link, from the inputs, and goes back into the address bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, ValidationError

from guide_app.core.format import figure
from guide_app.core.parse import InputError, parse_decimal

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

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
    max_chars: int = MAX_CHARS  # longer is cut (a forged or pasted value)


def as_text(raw: object, max_chars: int = MAX_CHARS) -> str:
    """Whatever a client sent for a field, as bounded text: a forged list or dict becomes text that will not parse."""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = f"<{type(raw).__name__}>"
    return text[: max_chars + 1]


def initial_values(fields: tuple[Field, ...], query: Mapping[str, str]) -> dict[str, str]:
    """The form as a link opens it: each field from the query when present, else its default, numbers written
    the French way ("100000000" → "100 000 000", "4.5" → "4,5") so a phone shows them readably."""
    return {
        field.name: for_display(
            field, as_text(query[field.name], field.max_chars) if field.name in query else field.default
        )
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


class Form:
    """A submitted form (or a simulator's values), read field by field; `errors` holds one French message per field."""

    def __init__(self, form_data: object, *, max_chars: int | None = None) -> None:
        self._data: Mapping[str, object] = form_data if isinstance(form_data, Mapping) else {}
        self._max_chars = max_chars  # longer values are refused unread (a forged or pasted value)
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> object:
        """The value as sent; a missing field reads as ""."""
        return self._data.get(name, "")

    def text(self, name: str) -> str:
        raw = self.raw(name)
        return raw.strip() if isinstance(raw, str) else ""

    def checked(self, name: str) -> bool:
        """A checkbox: ticked, whatever way the browser says it."""
        return self.raw(name) in ("on", True, "true")

    def field(self, name: str, parse: Callable[[Any], T]) -> T | None:
        """The parsed value, or None with the field's message recorded."""
        raw = self.raw(name)
        if self._max_chars is not None and isinstance(raw, str) and len(raw) > self._max_chars:
            self.refuse(name, "Cette saisie est trop longue : vérifiez la valeur.")
            return None
        try:
            return parse(raw)
        except InputError as error:
            self.refuse(name, str(error))
            return None

    def read(self, name: str, parse: Callable[[Any], T], fallback: T) -> T:
        """The parsed value, or the fallback (never shown: check() raises first) with the field's message recorded."""
        value = self.field(name, parse)
        return fallback if value is None else value

    def optional(self, name: str, parse: Callable[[Any], T]) -> T | None:
        """An optional field: None when left empty."""
        return self.field(name, parse) if self.text(name) else None

    def fields(self, parsers: Mapping[str, Callable[[Any], object]]) -> dict[str, object]:
        """Several fields at once: the values that parsed, by name."""
        values = {name: self.field(name, parse) for name, parse in parsers.items()}
        return {name: value for name, value in values.items() if name not in self.errors}

    def build(self, model: type[M], *, at: str, **values: object) -> M | None:
        """The typed result, validated as a whole by its Pydantic model; a rule across fields that fails (a due date
        before the issue date) shows the model's French message under the field `at`, and gives None."""
        try:
            return model(**values)
        except ValidationError as invalid:
            first = invalid.errors()[0]
            cause = first.get("ctx", {}).get("error")
            self.refuse(at, str(cause) if isinstance(cause, ValueError) else "Valeur illisible : vérifiez ce champ.")
            return None

    def ok(self, *names: str) -> bool:
        """True when none of these fields has an error (to run cross-field checks only on valid values)."""
        return not any(name in self.errors for name in names)

    def refuse(self, name: str, message: str) -> None:
        """A message of the caller's (a rule only the state or the database can check); the first one stays; an empty
        message refuses nothing."""
        if message:
            self.errors.setdefault(name, message)

    def check(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)
