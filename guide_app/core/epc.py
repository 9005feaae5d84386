"""The EPC QR code of a SEPA credit transfer ("BCD" payload, EPC069-12 version 002), as banking apps scan it.

The payload is twelve lines at most, joined by LF; empty trailing lines are left out:
    BCD / 002 / 1 (UTF-8) / SCT / BIC (optional in version 002) / beneficiary name (≤ 70)
    / IBAN / EUR amount / purpose (empty) / structured reference (empty) / unstructured remittance (≤ 140)
Every value put in a line is flattened to one line, so no value can add or shift a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import segno
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from guide_app.core.parse import InputError

MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
MAX_NAME = 70
MAX_REMITTANCE = 140
MAX_PAYLOAD_BYTES = 331
MAX_QR_VERSION = 13  # the EPC guidelines cap the symbol size so that every phone reads it
INVALID_IBAN = "IBAN invalide : vérifiez les chiffres (clé de contrôle)."
INVALID_BIC = "BIC invalide : 8 ou 11 caractères, par exemple BNPAFRPP."
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def parse_iban(raw: object) -> str:
    """A valid IBAN in its compact form ("FR7630006000011234567890189"), else InputError "IBAN invalide"."""
    if not isinstance(raw, str) or len(raw) > 60:
        raise InputError(INVALID_IBAN)
    try:
        return str(stdnum_iban.validate(raw))
    except ValidationError as error:
        raise InputError(INVALID_IBAN) from error


def format_iban(iban: str) -> str:
    """Groups of four, as printed on a RIB: "FR76 3000 6000 0112 3456 7890 189"."""
    return str(stdnum_iban.format(iban))


def parse_bic(raw: object) -> str:
    """A valid BIC (8 or 11 characters, upper case), "" when left empty, else InputError."""
    if not isinstance(raw, str) or len(raw) > 20:
        raise InputError(INVALID_BIC)
    if not raw.strip():
        return ""
    try:
        return str(stdnum_bic.validate(raw))
    except ValidationError as error:
        raise InputError(INVALID_BIC) from error


def remittance(invoice_numbers: Sequence[str]) -> str:
    """The transfer's reference: "Factures F-1 F-2", cut between numbers to fit 140 characters."""
    numbers = [_one_line(number) for number in invoice_numbers if _one_line(number)]
    head = "Facture" if len(numbers) == 1 else "Factures"
    text = head
    for index, number in enumerate(numbers):
        rest = len(numbers) - index - 1
        candidate = f"{text} {number}"
        if len(candidate) + (len(" …") if rest else 0) > MAX_REMITTANCE:
            return f"{text} …"
        text = candidate
    return text


def epc_payload(*, name: str, iban: str, amount: Decimal, reference: str, bic: str = "") -> str:
    """The text of the QR code; InputError (French) when a value cannot be carried."""
    beneficiary = _one_line(name)[:MAX_NAME].rstrip()
    if not beneficiary:
        raise InputError("Le nom du bénéficiaire est obligatoire.")
    account = parse_iban(iban)
    bank = parse_bic(bic)
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InputError("Le montant doit être un nombre.")
    if amount != amount.quantize(MIN_AMOUNT):
        raise InputError("Le montant ne peut pas avoir plus de deux décimales.")
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise InputError("Le montant d'un virement par QR code va de 0,01 € à 999 999 999,99 €.")
    text = _one_line(reference)
    if len(text) > MAX_REMITTANCE:
        raise InputError(f"La référence du virement ne peut pas dépasser {MAX_REMITTANCE} caractères.")
    lines = ["BCD", "002", "1", "SCT", bank, beneficiary, account, f"EUR{amount:.2f}", "", "", text]
    payload = "\n".join(lines).rstrip("\n")
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise InputError("Les informations du virement sont trop longues pour un QR code.")
    return payload


def qr_svg_data_uri(payload: str) -> str:
    """The QR code as an SVG data URI for an <img>: error correction M, as the EPC guidelines require."""
    code = segno.make_qr(payload.encode("utf-8"), error="m", boost_error=False)
    if code.version is None or int(code.version) > MAX_QR_VERSION:
        raise ValueError(f"EPC QR code too large: version {code.version}")
    return str(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
