"""Reading an e-invoice — a Factur-X PDF, or a UBL or CII XML file (EN 16931, the formats of the French e-invoicing
reform) — into the client and the invoice it becomes. Pure: bytes in, an EInvoice out, or InputError in French.

The maintained factur-x library does the reading: it finds the XML a Factur-X PDF carries, checks it against the
standard's schema and gives its business terms (BT-1 invoice number, BT-9 due date…). The XML itself is parsed by
core.safexml first (a DTD, hence an XML bomb or an external entity, is refused before parsing). What this app
cannot follow exactly is refused rather than approximated: an amount sent to a debtor must be the invoice's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from facturx import get_facturx_xml_from_pdf, get_flavor
from facturx.generate_xml import CREDIT_NOTE_TYPE_CODES
from facturx.parse_xml import parse_ubl_cii_xml
from stdnum.fr import siren as stdnum_siren

from guide_app.cases.csv_import import DebtorInfo
from guide_app.cases.invoice import DUE_BEFORE_ISSUE, InvoiceSpec
from guide_app.cases.risk import RiskCategory
from guide_app.core.format import money, rate
from guide_app.core.parse import (
    CENT,
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_AMOUNT,
    InputError,
    clean,
    parse_email,
    parse_name,
    parse_phone,
)
from guide_app.core.safexml import parse_xml

MAX_BYTES = 5 * 1024 * 1024
TOO_BIG = "Le fichier dépasse 5 Mo : une facture électronique pèse bien moins, vérifiez le fichier choisi."
NOT_AN_INVOICE = (
    "Ce fichier n'est pas une facture électronique : choisissez le PDF Factur-X ou le fichier XML (UBL ou CII) "
    "produit par votre logiciel de facturation."
)
PLAIN_PDF = (
    "Ce PDF n'est pas une facture Factur-X : il ne contient pas les données de la facture (fichier factur-x.xml "
    "joint). Exportez la facture au format Factur-X depuis votre logiciel, ou importez son fichier XML."
)
DTD = "Fichier refusé : il déclare une DTD ou des entités XML, ce qu'une facture électronique ne fait jamais."
UNREADABLE = "Fichier XML illisible : importez le fichier tel que votre logiciel de facturation l'a produit."
FORMATS = {"factur-x": "CII", "ubl-2.1-invoice": "UBL", "ubl-2.1-creditnote": "UBL"}


@dataclass(frozen=True)
class EInvoice:
    format: str  # « Factur-X (PDF) », « UBL (XML) », « CII (XML) »
    number: str
    issue_date: date
    due_date: date | None  # BT-9; an invoice may give only its terms (BT-20)
    terms: str  # the payment terms as written on the invoice
    amount_ht: Decimal
    vat_rate: Decimal  # a ratio: 0.20
    amount_vat: Decimal
    amount_ttc: Decimal
    paid: Decimal  # a deposit the invoice says was already received (BT-113): the case starts with it paid
    client: DebtorInfo
    seller_name: str
    seller_siren: str | None

    def spec(self, due_date: date) -> InvoiceSpec:
        """The invoice as the ledger keeps it; its TTC equals the file's (checked when it was read)."""
        return InvoiceSpec(
            number=self.number,
            issue_date=self.issue_date,
            due_date=due_date,
            amount_ht=self.amount_ht,
            vat_rate=self.vat_rate,
        )


def read_einvoice(data: bytes) -> EInvoice:
    if len(data) > MAX_BYTES:
        raise InputError(TOO_BIG)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        kind, xml = "Factur-X (PDF)", _xml_of_pdf(data)
    elif head.startswith(b"<"):
        kind, xml = "", data
    else:
        raise InputError(NOT_AN_INVOICE)
    flavor, terms = _terms(parse_xml(xml, refused=DTD, unreadable=UNREADABLE))
    return _invoice(terms, kind or f"{FORMATS[flavor]} (XML)", credit_note=flavor == "ubl-2.1-creditnote")


def seller_mismatch(invoice: EInvoice, *, own_siren: str, own_name: str) -> str | None:
    """Why this invoice is not one of the account's own sales, or None: only what the owner sold becomes a case."""
    if invoice.client.siren == own_siren:
        return (
            "Cette facture est adressée à votre entreprise (SIREN du client identique au vôtre) : c'est une facture "
            "d'achat, elle ne devient pas un dossier de recouvrement."
        )
    if invoice.seller_siren is not None and invoice.seller_siren != own_siren:
        return (
            f"Cette facture est émise par {invoice.seller_name or 'une autre entreprise'} (SIREN "
            f"{invoice.seller_siren}), pas par {own_name} : seules vos factures de vente deviennent des dossiers."
        )
    return None


# --- reading -------------------------------------------------------------------------------------------------


def _xml_of_pdf(data: bytes) -> bytes:
    try:
        _name, xml = get_facturx_xml_from_pdf(data, check_xsd=False)
    except Exception as error:  # pypdf raises many kinds on a damaged or hostile PDF
        raise InputError("Ce PDF est illisible ou endommagé : exportez la facture de nouveau.") from error
    if not isinstance(xml, bytes) or not xml:
        raise InputError(PLAIN_PDF)
    return xml


def _terms(root: Any) -> tuple[str, dict[str, Any]]:
    """(flavor, business terms by EN 16931 code) of a UBL or CII invoice checked against its schema."""
    try:
        flavor = get_flavor(root)
    except Exception as error:
        raise InputError(NOT_AN_INVOICE) from error
    if flavor not in FORMATS:
        raise InputError(NOT_AN_INVOICE)
    try:
        terms = parse_ubl_cii_xml(root, flavor=flavor, check_xsd=True)
    except Exception as error:  # the schema check and the reading raise plain Exceptions
        raise InputError(
            "Cette facture n'est pas conforme à la norme EN 16931 (le schéma XML la refuse) : exportez-la de "
            "nouveau depuis votre logiciel de facturation."
        ) from error
    return flavor, terms


def _invoice(terms: dict[str, Any], kind: str, *, credit_note: bool) -> EInvoice:
    if credit_note or str(terms.get("BT-3", "")) in CREDIT_NOTE_TYPE_CODES:
        raise InputError("Ce fichier est un avoir, pas une facture : il ne se recouvre pas.")
    currency = str(terms.get("BT-5", ""))
    if currency != "EUR":
        raise InputError(f"Cette facture est en {currency or 'devise inconnue'} : l'application suit les euros.")
    number = _text(terms.get("BT-1"), "Le numéro de facture", 40)
    issued = _date(terms.get("BT-2"), "La date d'émission")
    due = _date(terms.get("BT-9"), "L'échéance") if terms.get("BT-9") else None
    if due is not None and due < issued:
        raise InputError(DUE_BEFORE_ISSUE)
    ht, vat, ttc = (_amount(terms.get(code), label) for code, label in _TOTALS)
    due_amount = _amount(terms.get("BT-115"), "Le montant à payer")
    paid = _amount(terms.get("BT-113") or "0", "Le montant déjà payé")
    vat_rate = _vat_rate(terms, vat)
    if (
        ht + vat != ttc
        or InvoiceSpec(
            number=number, issue_date=issued, due_date=due or issued, amount_ht=ht, vat_rate=vat_rate
        ).amount_ttc
        != ttc
    ):
        raise InputError(
            f"Les montants de la facture ne concordent pas (HT {money(ht)} + TVA {money(vat)} ≠ TTC {money(ttc)}) : "
            "elle n'est pas importée."
        )
    if due_amount <= 0 or paid >= ttc:
        raise InputError(f"Cette facture ne laisse rien à payer (montant dû {money(due_amount)}) : rien à recouvrer.")
    if paid < 0 or ttc - paid != due_amount:
        raise InputError(
            f"Le reste à payer de la facture ({money(due_amount)}) n'est pas son TTC ({money(ttc)}) moins l'acompte "
            f"indiqué ({money(paid)}) : elle n'est pas importée."
        )
    seller, buyer = terms.get("BG-4") or {}, terms.get("BG-7") or {}
    return EInvoice(
        format=kind,
        number=number,
        issue_date=issued,
        due_date=due,
        terms=clean(str(terms.get("BT-20") or ""), 200),
        amount_ht=ht,
        vat_rate=vat_rate,
        amount_vat=vat,
        amount_ttc=ttc,
        paid=paid,
        client=DebtorInfo(
            name=_text(buyer.get("name") or buyer.get("biz_name"), "Le nom du client", 120),
            siren=_siren(buyer, strict=True),
            email=_first_valid(buyer, "email", lambda v: parse_email(v, required=False)),
            phone=_first_valid(buyer, "phone", parse_phone),
            risk=RiskCategory.STANDARD,
        ),
        seller_name=clean(str(seller.get("name") or seller.get("biz_name") or ""), 120),
        seller_siren=_siren(seller, strict=False),
    )


_TOTALS = (("BT-109", "Le total HT"), ("BT-110", "Le total de TVA"), ("BT-112", "Le total TTC"))


def _text(raw: object, field: str, limit: int) -> str:
    try:
        return parse_name(raw if isinstance(raw, str) else "", field=f"{field} (dans la facture)", max_length=limit)
    except InputError as error:
        raise InputError(f"{error} La facture n'est pas importée.") from error


def _date(raw: object, field: str) -> date:
    if not isinstance(raw, date) or not EARLIEST_DATE <= raw <= LATEST_DATE:
        raise InputError(f"{field} de la facture est absente ou hors limites : la facture n'est pas importée.")
    return raw


def _amount(raw: object, field: str) -> Decimal:
    try:
        value = Decimal(str(raw)) if raw is not None and raw != "" else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) > MAX_AMOUNT or value != value.quantize(CENT):
        raise InputError(f"{field} de la facture est absent ou illisible : la facture n'est pas importée.")
    return value


def _vat_rate(terms: dict[str, Any], vat: Decimal) -> Decimal:
    rates = set()
    for breakdown in terms.get("BG-23") or []:
        try:
            rates.add(Decimal(str(breakdown.get("BT-119") or "0")) / 100)
        except InvalidOperation as error:
            raise InputError("Le taux de TVA de la facture est illisible : la facture n'est pas importée.") from error
    if len(rates) > 1:
        shown = " et ".join(rate(value) for value in sorted(rates))
        raise InputError(
            f"Cette facture applique plusieurs taux de TVA ({shown}) : l'application ne suit encore que les factures "
            "à un seul taux, elle ne l'importe pas plutôt que de fausser son montant."
        )
    if not rates and vat:
        raise InputError("La facture ne donne pas son taux de TVA : elle n'est pas importée.")
    found = rates.pop() if rates else Decimal(0)
    if not 0 <= found <= 1:
        raise InputError("Le taux de TVA de la facture est hors limites : la facture n'est pas importée.")
    return found


_VAT_NUMBER = re.compile(r"^FR[0-9A-Z]{2}(\d{9})$")


def _siren(party: dict[str, Any], *, strict: bool) -> str | None:
    """The party's SIREN from its legal identifier (SIREN, or SIRET's first 9 digits) or its French VAT number.
    `strict`: an invalid one is refused (the client's), else ignored."""
    candidates = []
    legal = re.sub(r"\s", "", str(party.get("legal_identifier") or ""))
    if legal.isdigit() and len(legal) in (9, 14):
        candidates.append(legal[:9])
    if match := _VAT_NUMBER.match(re.sub(r"\s", "", str(party.get("vat_identifier") or "")).upper()):
        candidates.append(match.group(1))
    for candidate in candidates:
        if stdnum_siren.is_valid(candidate):
            return candidate
    if candidates and strict:
        raise InputError(
            f"Le SIREN du client dans la facture ({candidates[0]}) n'est pas valide : la facture n'est pas importée."
        )
    return None


def _first_valid(party: dict[str, Any], key: str, parse: Callable[[str], str]) -> str:
    """The first contact's e-mail or phone that reads well; "" otherwise (the owner completes it before import)."""
    for contact in party.get("contacts") or []:
        try:
            if value := parse(str(contact.get(key) or "")):
                return value
        except InputError:
            continue
    return ""
