from decimal import Decimal

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st
from segno import helpers

from guide_app.core.epc import (
    MAX_REMITTANCE,
    epc_payload,
    format_iban,
    parse_bic,
    parse_iban,
    qr_svg_data_uri,
    remittance,
)
from guide_app.core.parse import InputError

IBAN = "FR7630006000011234567890189"


def test_the_payload_follows_epc069_12_version_002_line_by_line():
    payload = epc_payload(
        name="Atelier Durand",
        iban="FR76 3000 6000 0112 3456 7890 189",
        amount=Decimal("2480.40"),
        reference="Facture F-1",
    )
    assert payload == ("BCD\n002\n1\nSCT\n\nAtelier Durand\nFR7630006000011234567890189\nEUR2480.40\n\n\nFacture F-1")


def test_the_payload_matches_segnos_own_epc_helper():
    payload = epc_payload(name="Atelier Durand", iban=IBAN, amount=Decimal("123.45"), reference="Factures F-1 F-2")
    expected = helpers._make_epc_qr_data(
        "Atelier Durand", IBAN, Decimal("123.45"), text="Factures F-1 F-2", encoding=1
    ).decode("utf-8")
    assert payload == expected


def test_a_bic_goes_on_line_five_and_is_checked():
    payload = epc_payload(name="Atelier Durand", iban=IBAN, amount=Decimal(1), reference="F-1", bic="bnpafrpp")
    assert payload.split("\n")[4] == "BNPAFRPP"
    with pytest.raises(InputError, match="BIC invalide"):
        epc_payload(name="Atelier Durand", iban=IBAN, amount=Decimal(1), reference="F-1", bic="BNP")


def test_without_reference_the_trailing_empty_lines_are_left_out():
    assert epc_payload(name="A", iban=IBAN, amount=Decimal("0.01"), reference="").endswith("\nEUR0.01")


@pytest.mark.parametrize(
    "raw", ["FR7630006000011234567890188", "FR76300060000112345678901", "XX00", "", "not an iban", None, 42, "F" * 100]
)
def test_an_invalid_iban_is_refused_in_french(raw):
    with pytest.raises(InputError, match="IBAN invalide"):
        parse_iban(raw)
    with pytest.raises(InputError, match="IBAN invalide"):
        epc_payload(name="A", iban=raw, amount=Decimal(1), reference="F-1")


def test_an_iban_is_compacted_and_shown_by_groups_of_four():
    assert parse_iban(" fr76 3000-6000 0112 3456 7890 189 ") == IBAN
    assert format_iban(IBAN) == "FR76 3000 6000 0112 3456 7890 189"
    assert parse_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"


def test_bic_is_optional():
    assert parse_bic("") == ""
    assert parse_bic("  ") == ""


@pytest.mark.parametrize("amount", [Decimal("0.01"), Decimal("999999999.99"), Decimal(1), Decimal("12.3")])
def test_amounts_within_bounds_are_written_with_two_decimals(amount):
    line = epc_payload(name="A", iban=IBAN, amount=amount, reference="F").split("\n")[7]
    assert line == f"EUR{amount:.2f}"


@pytest.mark.parametrize(
    "amount", [Decimal(0), Decimal("-1"), Decimal("1000000000.00"), Decimal("1.234"), Decimal("NaN"), Decimal("Inf")]
)
def test_amounts_out_of_bounds_or_with_fractions_of_a_cent_are_refused(amount):
    with pytest.raises(InputError):
        epc_payload(name="A", iban=IBAN, amount=amount, reference="F")


def test_a_value_cannot_add_or_shift_a_line():
    payload = epc_payload(name="Evil\nFR7612345\r\nEUR1", iban=IBAN, amount=Decimal(5), reference="F-1\nBCD\u2028x")
    lines = payload.split("\n")
    assert len(lines) == 11
    assert lines[5] == "Evil FR7612345 EUR1" and lines[6] == IBAN and lines[7] == "EUR5.00"
    assert lines[10] == "F-1 BCD x"


def test_name_is_cut_at_70_and_reference_over_140_is_refused():
    payload = epc_payload(name="N" * 100, iban=IBAN, amount=Decimal(1), reference="R" * MAX_REMITTANCE)
    assert payload.split("\n")[5] == "N" * 70
    with pytest.raises(InputError, match="140"):
        epc_payload(name="A", iban=IBAN, amount=Decimal(1), reference="R" * (MAX_REMITTANCE + 1))
    with pytest.raises(InputError, match="bénéficiaire"):
        epc_payload(name=" \n ", iban=IBAN, amount=Decimal(1), reference="F")


def test_remittance_lists_invoice_numbers_within_140_characters():
    assert remittance(["F-1"]) == "Facture F-1"
    assert remittance(["F-1", "F-2"]) == "Factures F-1 F-2"
    many = remittance([f"F-2026-{i:04d}" for i in range(50)])
    assert len(many) <= MAX_REMITTANCE and many.endswith(" …") and "F-2026-0000" in many


@given(cents=st.integers(min_value=1, max_value=99_999_999_999))
def test_any_amount_in_cents_round_trips(cents):
    amount = Decimal(cents) / 100
    line = epc_payload(name="A", iban=IBAN, amount=amount, reference="F").split("\n")[7]
    assert line.startswith("EUR") and Decimal(line[3:]) == amount


def test_a_payload_over_331_bytes_is_refused():
    with pytest.raises(InputError, match="trop longues"):
        epc_payload(name="é" * 70, iban=IBAN, amount=Decimal("999999999.99"), reference="ü" * 100)


def test_the_qr_code_is_an_svg_data_uri_within_version_13_even_at_full_length():
    name = ("Société Générale d'Équipement " * 3)[:70]
    payload = epc_payload(name=name, iban=IBAN, amount=Decimal("999999999.99"), reference="F" * MAX_REMITTANCE)
    uri = qr_svg_data_uri(payload)
    assert uri.startswith("data:image/svg+xml")
    code = segno.make_qr(payload.encode("utf-8"), error="m", boost_error=False)
    assert code.error == "M" and int(code.version) <= 13
