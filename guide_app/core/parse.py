"""Reading numbers as a French user types them: "12 345,67", "12345.67", "15 %", "1 000 000 €".

Each parser returns a Decimal or raises InputError with a French message meant to sit next to the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email

# The one money bound. An amount typed (an invoice, a payment, a simulator's figure) beyond a billion euros is a typo;
# what sums of accepted amounts can reach (a file of 5 000 such invoices, years of interest) stays below MAX_TOTAL,
# which every export, PDF and archive accepts: anything the app takes in, it can also print.
MAX_AMOUNT = Decimal(10) ** 9
MAX_TOTAL = MAX_AMOUNT * 10**6
CENT = Decimal("0.01")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class InputError(ValueError):
    """A French message for the user; the field's value is not usable."""


def parse_decimal(raw: object, *, field: str = "Ce champ", unit: str = "") -> Decimal:
    if not isinstance(raw, str | int | float | Decimal) or isinstance(raw, bool):
        raise InputError(f"{field} doit être un nombre.")
    text = _SPACES.sub("", str(raw))
    if unit:
        text = text.removesuffix(unit)
    if not text:
        raise InputError(f"{field} est obligatoire.")
    # "1.000.000" or "1,000,000" (thousands separators) — accept only if groups are of three digits.
    if re.fullmatch(r"\d{1,3}([.,]\d{3}){2,}", text):
        text = re.sub(r"[.,]", "", text)
    if not _NUMBER.fullmatch(text):
        raise InputError(f"{field} doit être un nombre, par exemple 12 345,67.")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - guarded by the pattern above
        raise InputError(f"{field} doit être un nombre.") from error
    if not value.is_finite():
        raise InputError(f"{field} doit être un nombre.")
    return value


def _check_sign(value: Decimal, *, field: str, allow_zero: bool) -> None:
    if value < 0:
        raise InputError(f"{field} ne peut pas être négatif.")
    if value == 0 and not allow_zero:
        raise InputError(f"{field} doit être supérieur à zéro.")


def parse_amount(raw: object, *, field: str = "Le montant", allow_zero: bool = False) -> Decimal:
    """Euros, > 0 (or ≥ 0), ≤ MAX_AMOUNT, at most two decimals kept as typed (money is saved in cents: "0,001" or
    "12,345" has no exact cents, and "1,234" is likelier a typo than a thousandth)."""
    value = parse_decimal(raw, field=field, unit="€")
    _check_sign(value, field=field, allow_zero=allow_zero)
    if value > MAX_AMOUNT:
        raise InputError(f"{field} dépasse 1 milliard d'euros : vérifiez la saisie.")
    if value != value.quantize(CENT):
        raise InputError(f"{field} ne peut pas avoir plus de deux décimales.")
    return value


def parse_percent(
    raw: object, *, field: str = "Le taux", maximum: Decimal = Decimal(100), allow_zero: bool = True
) -> Decimal:
    """A percentage typed in percent ("15", "15 %", "4,5") → the ratio (Decimal("0.15"))."""
    value = parse_decimal(raw, field=field, unit="%")
    _check_sign(value, field=field, allow_zero=allow_zero)
    if value > maximum:
        raise InputError(f"{field} ne peut pas dépasser {str(maximum).replace('.', ',')} %.")
    return value / 100


def parse_whole(raw: object, *, field: str, minimum: int = 0, maximum: int) -> int:
    """A whole number within bounds (days, hours, headcount)."""
    value = parse_decimal(raw, field=field)
    if value != value.to_integral_value():
        raise InputError(f"{field} doit être un nombre entier.")
    if not minimum <= value <= maximum:
        raise InputError(f"{field} doit être compris entre {minimum} et {maximum}.")
    return int(value)


def parse_number(raw: object, *, field: str, maximum: Decimal, allow_zero: bool = False, unit: str = "") -> Decimal:
    """A positive quantity that is not money (hours, days with decimals), with an upper bound."""
    value = parse_decimal(raw, field=field, unit=unit)
    _check_sign(value, field=field, allow_zero=allow_zero)
    if value > maximum:
        raise InputError(f"{field} ne peut pas dépasser {str(maximum).replace('.', ',')}{unit and ' ' + unit}.")
    return value


EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(raw: object, *, field: str = "La date") -> date:
    """ISO "2025-03-31" (date pickers, links) or French "31/03/2025" (typed by hand)."""
    if not isinstance(raw, str):
        raise InputError(f"{field} doit être une date, par exemple 31/03/2025.")
    text = raw.strip()
    if not text:
        raise InputError(f"{field} est obligatoire.")
    try:
        if match := _FRENCH_DATE.fullmatch(text):
            day_, month, year = (int(part) for part in match.groups())
            value = date(year, month, day_)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            value = date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError as error:
        raise InputError(f"{field} doit être une date, par exemple 31/03/2025.") from error
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InputError(f"{field} doit être comprise entre 2000 et 2100.")
    return value


def parse_choice(raw: object, *, field: str, choices: tuple[str, ...]) -> str:
    """One of a few fixed codes (from a segmented control or a shared link)."""
    if not isinstance(raw, str) or raw.strip().lower() not in choices:
        raise InputError(f"{field} : choix non reconnu, choisissez parmi les options proposées.")
    return raw.strip().lower()


_LINE_BREAKS = frozenset("\n\t")
_JOINER = "\u200d"  # joins emoji (👩‍💻): invisible but harmless
HIDDEN = "{field} contient un caractère invisible ou de contrôle : retapez-le au clavier plutôt que de le coller."


def visible_text(raw: str, *, field: str, multiline: bool = False) -> str:
    """The text in Unicode's composed form (NFC: "é" is one character however it was typed), refused when it holds
    a control character (NUL…), an invisible format character (zero-width space) or a direction override (U+202E):
    they can disguise a name on the advisor's screen or in a PDF. Line breaks and tabs pass in a multi-line text."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    for char in text:
        if (multiline and char in _LINE_BREAKS) or char == _JOINER:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            raise InputError(HIDDEN.format(field=field))
    return text


def _filled_text(raw: object, *, field: str, required: bool) -> str:
    """The text typed, with its runs of spaces folded; "" when empty and optional."""
    if not isinstance(raw, str):
        raise InputError(f"{field} doit être un texte.")
    text = " ".join(visible_text(raw, field=field, multiline=True).split())
    if not text and required:
        raise InputError(f"{field} est obligatoire.")
    return text


def parse_name(raw: object, *, field: str, max_length: int = 120, required: bool = True) -> str:
    """A person's or a company's name: trimmed, bounded, no markup."""
    text = _filled_text(raw, field=field, required=required)
    if not text:
        return ""
    if len(text) > max_length:
        raise InputError(f"{field} ne peut pas dépasser {max_length} caractères.")
    if re.search(r"[<>{}]", text):
        raise InputError(f"{field} ne peut pas contenir les caractères < > {{ }}.")
    return text


def parse_email(raw: object, *, field: str = "L'adresse e-mail", required: bool = True) -> str:
    """A syntactically valid address, normalised (domain in lower case); no DNS lookup."""
    text = _filled_text(raw, field=field, required=required)
    if not text:
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise InputError(f"{field} n'est pas valide (exemple : prenom.nom@entreprise.fr).") from error


def parse_phone(raw: object, *, field: str = "Le téléphone", required: bool = False) -> str:
    """A French or international number: "06 12 34 56 78", "+33 6 12 34 56 78" → kept as typed, tidied."""
    text = _filled_text(raw, field=field, required=required)
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if not re.fullmatch(r"\+?\d{10,15}", digits):
        raise InputError(f"{field} n'est pas valide (exemple : 06 12 34 56 78).")
    return digits


def clean(raw: str | None, limit: int) -> str:
    """Text from a file (a bank statement, an e-invoice) as shown to the owner: composed (NFC), control and invisible
    characters (a direction override…) turned into spaces, runs of spaces folded, cut at `limit`. Unlike what is
    typed in a form, a file's text is tidied rather than refused."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in text)
    return " ".join(text.split())[:limit]
