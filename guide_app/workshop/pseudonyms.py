"""A participant's pseudonym, shown on the room's screen: read like any name (length, no markup, no invisible
characters), then refused — with a French message, never silently changed — when it holds a word of
content/pseudonyms.yaml."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from guide_app.core.content import CONTENT_DIR
from guide_app.core.parse import InputError, parse_name

MAX_LENGTH = 40
_SWAPS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"})


class Refused(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)
    anywhere: tuple[str, ...] = Field(min_length=1)


@cache
def refused() -> Refused:
    return Refused.model_validate(yaml.safe_load((CONTENT_DIR / "pseudonyms.yaml").read_text(encoding="utf-8")))


def _plain(text: str) -> str:
    """Lower case, no accents, digits read as the letters they stand for."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SWAPS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_offensive(pseudonym: str) -> bool:
    """A listed word as a word of its own (or spelt out letter by letter: « n.a.z.i »), or an « anywhere » word
    wherever it is, separators ignored."""
    plain = _plain(pseudonym)
    words = set(re.findall(r"[a-z]+", plain))
    glued = re.sub(r"[^a-z]", "", plain)
    banned = refused()
    return any(_plain(word) in words or _plain(word) == glued for word in banned.words) or any(
        re.sub(r"[^a-z]", "", _plain(word)) in glued for word in banned.anywhere
    )


def parse_pseudonym(raw: object) -> str:
    """The pseudonym to show ("" for none), or InputError in French."""
    pseudonym = parse_name(raw, field="Le pseudo", max_length=MAX_LENGTH, required=False)
    if pseudonym and is_offensive(pseudonym):
        raise InputError(refused().message)
    return pseudonym
