"""Reading a SIREN (9 digits, Luhn key) as a user types or pastes it, with python-stdnum.

A SIRET (14 digits: SIREN + establishment number) is accepted too, since it is what an invoice or a
Kbis often shows: when it is a valid SIRET, its SIREN (first 9 digits) is returned. Spaces, dots and
dashes between digits are ignored. Error messages never repeat what was typed.
"""

from __future__ import annotations

import re

from stdnum.fr import siren, siret

from guide_app.core.parse import InputError

REQUIRED = "Le SIREN est obligatoire."
LENGTH = "Le SIREN doit compter 9 chiffres."
DIGITS_ONLY = "Le SIREN ne contient que des chiffres, par exemple 732 829 320."
INVALID = "Ce SIREN n'est pas valide : vérifiez les chiffres (clé de contrôle)."
INVALID_SIRET = "Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)."
_MAX_TYPED = 40  # a pasted SIRET with separators stays well below
_SEPARATORS = re.compile(r"[\s.\-\u00a0\u202f]")


def _compact(raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InputError(DIGITS_ONLY)
    return _SEPARATORS.sub("", str(raw))[: _MAX_TYPED + 1]


def parse_siren(raw: object) -> str:
    """The 9 digits of a valid SIREN (or of a valid SIRET's SIREN), else InputError in French."""
    digits = _compact(raw)
    if not digits:
        raise InputError(REQUIRED)
    if not digits.isascii() or not digits.isdigit():
        raise InputError(DIGITS_ONLY)
    if len(digits) == 14:
        if not siret.is_valid(digits):
            raise InputError(INVALID_SIRET)
        return digits[:9]
    if len(digits) != 9:
        raise InputError(LENGTH)
    if not siren.is_valid(digits):
        raise InputError(INVALID)
    return digits


def parse_optional_siren(raw: object) -> str | None:
    """For a debtor, whose SIREN may be unknown: None when left empty, else as parse_siren."""
    if raw is None or (isinstance(raw, str) and not _SEPARATORS.sub("", raw)):
        return None
    return parse_siren(raw)
