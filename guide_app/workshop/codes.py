"""Join codes: six digits a room reads aloud and a phone types on its numeric keypad.

No 0 or 1: spelled out on a projector they pass for O, I or l. 8⁶ = 262 144 codes, unique among open rooms only.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Collection

CODE_DIGITS = "23456789"
CODE_LENGTH = 6
_CODE = re.compile(rf"^[{CODE_DIGITS}]{{{CODE_LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-]")
MAX_TRIES = 200


class CodesExhausted(RuntimeError):
    """No free code found: far more open rooms than a deployment should ever hold."""


def is_join_code(value: object) -> bool:
    return isinstance(value, str) and _CODE.fullmatch(value) is not None


def normalize_code(raw: object) -> str | None:
    """What a participant typed ("234 567", "234-567") → "234567", or None when it cannot be a code."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    code = _SEPARATORS.sub("", raw)
    return code if is_join_code(code) else None


def new_join_code(taken: Collection[str], rng: random.Random | None = None) -> str:
    """A random code that no open room uses (`taken`: the open rooms' codes)."""
    draw = rng or secrets.SystemRandom()
    for _ in range(MAX_TRIES):
        code = "".join(draw.choice(CODE_DIGITS) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code
    raise CodesExhausted(f"{len(taken)} open rooms")


def spaced(code: str) -> str:
    """ "234567" → "234 567": easier to read aloud and to copy from a screen."""
    return f"{code[:3]}\u00a0{code[3:]}" if len(code) == CODE_LENGTH else code
