"""E-invoices for tests, made by the factur-x library's own generator (the one invoicing software uses): an
EN 16931 invoice from Atelier Durand SARL (SIREN 732 829 320, the tests' default account) to a client, as CII or UBL
XML, or as a Factur-X PDF (a one-page PDF drawn with fpdf2, the CII XML embedded)."""

from __future__ import annotations

import copy
import io
from datetime import date
from typing import Any

from facturx import generate_from_binary
from facturx.generate_xml import generate_xml
from fpdf import FPDF
from pypdf import PdfWriter

SELLER_SIREN = "732829320"


def terms(**changes: Any) -> dict[str, Any]:
    """The invoice's business terms (BT-…); `changes` replace top-level terms, `buyer`/`seller` update the parties."""
    buyer = {
        "name": "Menuiserie Roux SAS",
        "legal_identifier": "552100554",
        "legal_identifier_schemeid": "0002",
        "country_code": "FR",
        "city": "Villeurbanne",
        "postcode": "69100",
        "addr_l1": "12 avenue Galline",
        "contacts": [{"name": "Service comptable", "email": "compta@menuiserie-roux.fr", "phone": "04 78 00 00 00"}],
    }
    seller = {
        "name": "Atelier Durand SARL",
        "legal_identifier": SELLER_SIREN,
        "legal_identifier_schemeid": "0002",
        "vat_identifier": "FR44732829320",
        "country_code": "FR",
        "city": "Lyon",
        "postcode": "69002",
        "addr_l1": "3 rue Mercière",
    }
    buyer.update(changes.pop("buyer", {}))
    seller.update(changes.pop("seller", {}))
    data: dict[str, Any] = {
        "BT-1": "F-2026-301",
        "BT-2": date(2026, 10, 15),
        "BT-3": "380",
        "BT-5": "EUR",
        "BT-9": date(2026, 11, 14),
        "BT-20": "30 jours date de facture",
        "BT-72": date(2026, 10, 15),
        "BG-4": seller,
        "BG-7": buyer,
        "BT-106": 1500.0,
        "BT-109": 1500.0,
        "BT-110": 300.0,
        "BT-112": 1800.0,
        "BT-115": 1800.0,
        "BG-23": [{"BT-116": 1500.0, "BT-117": 300.0, "BT-118": "S", "BT-119": 20.0}],
        "BG-25": [
            {
                "BT-126": "1",
                "BT-129": 10.0,
                "BT-130": "HUR",
                "BT-131": 1500.0,
                "BT-146": 150.0,
                "BT-151": "S",
                "BT-152": 20.0,
                "BT-153": "Pose de menuiseries",
            }
        ],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _xml(data: dict[str, Any] | None, flavor: str) -> bytes:
    return bytes(generate_xml(copy.deepcopy(data or terms()), flavor=flavor, level="en16931", check_schematron=False))


def cii(data: dict[str, Any] | None = None) -> bytes:
    return _xml(data, "factur-x")


def ubl(data: dict[str, Any] | None = None) -> bytes:
    return _xml(data, "ubl-2.1")


def plain_pdf(text: str = "Facture F-2026-301") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())


def pdf_carrying(xml: bytes, name: str = "factur-x.xml") -> bytes:
    """A PDF with `xml` attached under Factur-X's file name, whatever the XML holds (a hostile one)."""
    writer = PdfWriter(clone_from=io.BytesIO(plain_pdf()))
    writer.add_attachment(name, xml)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def facturx_pdf(xml: bytes | None = None) -> bytes:
    return bytes(generate_from_binary(plain_pdf(), xml or cii(), flavor="factur-x", level="en16931", check_xsd=False))
