"""E-invoices in: the three formats of the reform read alike, and every file this app cannot follow exactly, or that
is hostile, is refused in French rather than approximated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from guide_app.cases.einvoice import DTD, PLAIN_PDF, EInvoice, read_einvoice, seller_mismatch
from guide_app.core.parse import InputError
from tests.einvoices import cii, facturx_pdf, pdf_carrying, plain_pdf, terms, ubl


@pytest.mark.parametrize(("make", "shown"), [(facturx_pdf, "Factur-X (PDF)"), (ubl, "UBL (XML)"), (cii, "CII (XML)")])
def test_a_facturx_pdf_a_ubl_and_a_cii_file_become_the_same_invoice(make, shown) -> None:  # type: ignore[no-untyped-def]
    invoice = read_einvoice(make())
    assert invoice.format == shown
    assert invoice.number == "F-2026-301"
    assert (invoice.issue_date, invoice.due_date) == (date(2026, 10, 15), date(2026, 11, 14))
    assert (invoice.amount_ht, invoice.amount_vat, invoice.amount_ttc) == (Decimal(1500), Decimal(300), Decimal(1800))
    assert invoice.terms == "30 jours date de facture"
    client = invoice.client
    assert (client.name, client.siren) == ("Menuiserie Roux SAS", "552100554")
    assert client.email == "compta@menuiserie-roux.fr"
    assert (invoice.seller_name, invoice.seller_siren) == ("Atelier Durand SARL", "732829320")
    spec = invoice.spec(invoice.due_date or invoice.issue_date)
    assert spec.amount_ttc == Decimal("1800.00")  # the ledger's TTC is the file's, to the cent


def test_a_reduced_rate_and_a_siret_and_a_vat_number_are_read() -> None:
    data = terms(
        **{"BT-109": 1234.56, "BT-110": 67.90, "BT-112": 1302.46, "BT-115": 1302.46, "BT-106": 1234.56},
        BG_23=None,
        buyer={"legal_identifier": "55210055400013", "legal_identifier_schemeid": "0009"},
    )
    data["BG-23"] = [{"BT-116": 1234.56, "BT-117": 67.90, "BT-118": "S", "BT-119": 5.5}]
    data["BG-25"][0].update({"BT-131": 1234.56, "BT-146": 123.456, "BT-152": 5.5})
    invoice = read_einvoice(ubl(data))
    assert invoice.vat_rate == Decimal("0.055")
    assert invoice.spec(date(2026, 11, 14)).amount_ttc == Decimal("1302.46")
    assert invoice.client.siren == "552100554"


def test_a_deposit_the_invoice_states_is_kept_to_be_recorded_as_paid() -> None:
    invoice = read_einvoice(ubl(terms(**{"BT-113": 600.0, "BT-115": 1200.0})))
    assert (invoice.amount_ttc, invoice.paid) == (Decimal(1800), Decimal(600))
    assert read_einvoice(cii()).paid == 0


def test_an_invoice_without_due_date_keeps_its_written_terms() -> None:
    invoice = read_einvoice(cii(terms(**{"BT-9": None, "BT-20": "45 jours fin de mois"})))
    assert invoice.due_date is None
    assert invoice.terms == "45 jours fin de mois"


def test_text_from_the_file_loses_invisible_characters_as_bank_text_does() -> None:
    invoice = read_einvoice(cii(terms(**{"BT-20": "30 jours\u202e date de facture"})))
    assert invoice.terms == "30 jours date de facture"


def test_a_contact_address_that_does_not_read_is_left_for_the_owner_to_type() -> None:
    invoice = read_einvoice(cii(terms(buyer={"contacts": [{"name": "Compta", "email": "pas-une-adresse"}]})))
    assert invoice.client.email == ""


def _refusal(data: bytes) -> str:
    with pytest.raises(InputError) as refused:
        read_einvoice(data)
    return str(refused.value)


def _two_rates() -> bytes:
    data = terms(**{"BT-109": 2000.0, "BT-110": 327.5, "BT-112": 2327.5, "BT-115": 2327.5, "BT-106": 2000.0})
    data["BG-23"] = [
        {"BT-116": 1500.0, "BT-117": 300.0, "BT-118": "S", "BT-119": 20.0},
        {"BT-116": 500.0, "BT-117": 27.5, "BT-118": "S", "BT-119": 5.5},
    ]
    data["BG-25"].append(dict(data["BG-25"][0], **{"BT-126": "2", "BT-131": 500.0, "BT-146": 50.0, "BT-152": 5.5}))
    return cii(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: cii(terms(**{"BT-3": "381"})), "avoir"),
        (lambda: ubl(terms(**{"BT-5": "USD"})), "en USD"),
        (_two_rates, "plusieurs taux de TVA (5,5\u00a0% et 20\u00a0%)"),
        (lambda: cii(terms(**{"BT-113": 600.0, "BT-115": 1100.0})), "moins l'acompte indiqué"),
        (lambda: cii(terms(**{"BT-113": 1800.0, "BT-115": 0.0})), "ne laisse rien à payer"),
        (lambda: cii(terms(buyer={"legal_identifier": "552100555"})), "SIREN du client dans la facture (552100555)"),
        (lambda: cii(terms(buyer={"name": "<script>alert(1)</script>"})), "ne peut pas contenir les caractères"),
        (lambda: cii(terms(**{"BT-112": 1900.0, "BT-115": 1900.0})), "ne concordent pas"),
    ],
)
def test_what_the_app_cannot_follow_exactly_is_refused(data, message) -> None:  # type: ignore[no-untyped-def]
    assert message in _refusal(data())


_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&x;'
    b"</rsm:CrossIndustryInvoice>"
)
_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Invoice>&lol3;</Invoice>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: _XXE, DTD),
        (lambda: _BOMB, DTD),
        (lambda: pdf_carrying(_XXE), PLAIN_PDF),  # the library skips it: nothing of /etc/passwd is read
        (lambda: pdf_carrying(_BOMB), PLAIN_PDF),
        (lambda: plain_pdf(), PLAIN_PDF),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 100, "PDF est illisible"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "n'est pas une facture électronique"),
        (lambda: b"client;facture\nA;1\n", "n'est pas une facture électronique"),
        (lambda: b"<Document><BkToCstmrStmt/></Document>", "n'est pas une facture électronique"),
        (lambda: b"<Invoice><unclosed></Invoice>", "illisible"),
        (lambda: b"<" + b" " * (21 * 1024 * 1024), "dépasse 5 Mo"),
        (lambda: cii().replace(b"<rsm:ExchangedDocument>", b"<rsm:Bogus/><rsm:ExchangedDocument>"), "EN 16931"),
    ],
)
def test_hostile_or_wrong_files_are_refused_in_french(data, message) -> None:  # type: ignore[no-untyped-def]
    assert message in _refusal(data())


def _invoice(seller_siren: str | None, client_siren: str | None) -> EInvoice:
    invoice = read_einvoice(cii())
    return EInvoice(
        **{
            **invoice.__dict__,
            "seller_siren": seller_siren,
            "client": invoice.client.__class__(**{**invoice.client.__dict__, "siren": client_siren}),
        }
    )


def test_only_the_owners_own_sales_become_cases() -> None:
    own = {"own_siren": "732829320", "own_name": "Atelier Durand"}
    assert seller_mismatch(_invoice("732829320", "552100554"), **own) is None
    assert seller_mismatch(_invoice(None, "552100554"), **own) is None  # no seller SIREN given: the owner's word
    other = seller_mismatch(_invoice("552100554", "443061841"), **own)
    assert other is not None and "SIREN 552100554" in other and "pas par Atelier Durand" in other
    bought = seller_mismatch(_invoice("552100554", "732829320"), **own)
    assert bought is not None and "facture d'achat" in bought
