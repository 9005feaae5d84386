from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.format import money
from guide_app.core.parse import (
    MAX_AMOUNT,
    InputError,
    parse_amount,
    parse_choice,
    parse_date,
    parse_name,
    parse_number,
    parse_percent,
    parse_whole,
    visible_text,
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12 345,67", Decimal("12345.67")),
        ("12345.67", Decimal("12345.67")),
        ("1 000 000", Decimal("1000000")),
        ("1\u202f000\u00a0000 €", Decimal("1000000")),
        ("1.000.000", Decimal("1000000")),
        ("0,5", Decimal("0.5")),
    ],
)
def test_amounts_as_french_users_type_them(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "obligatoire"),
        ("   ", "obligatoire"),
        ("-5", "négatif"),
        ("0", "supérieur à zéro"),
        ("abc", "nombre"),
        ("<script>alert(1)</script>", "nombre"),
        ("1e5", "nombre"),
        ("NaN", "nombre"),
        ("1000000000,01", "1 milliard"),
        ("0,001", "deux décimales"),
        ("12,345", "deux décimales"),
        (None, "nombre"),
        (True, "nombre"),
        (["1"], "nombre"),
    ],
)
def test_bad_amounts_get_a_french_message(typed, message):
    with pytest.raises(InputError, match=message):
        parse_amount(typed)


def test_percentages_are_typed_in_percent():
    assert parse_percent("15 %") == Decimal("0.15")
    assert parse_percent("4,5") == Decimal("0.045")
    with pytest.raises(InputError, match="dépasser 100 %"):
        parse_percent("120")
    with pytest.raises(InputError, match="supérieur à zéro"):
        parse_percent("0", allow_zero=False)


def test_whole_numbers_have_bounds():
    assert parse_whole("74", field="Le DSO", maximum=365) == 74
    with pytest.raises(InputError, match="entier"):
        parse_whole("7,5", field="Le DSO", maximum=365)
    with pytest.raises(InputError, match="entre 0 et 365"):
        parse_whole("400", field="Le DSO", maximum=365)


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2))
def test_what_we_display_parses_back_to_the_same_amount(amount):
    assert parse_amount(money(amount)) == amount


def test_dates_from_a_date_picker_a_link_or_typed_in_french():
    assert parse_date("2025-03-31") == date(2025, 3, 31)
    assert parse_date(" 31/03/2025 ") == date(2025, 3, 31)
    assert parse_date("1/7/2025") == date(2025, 7, 1)
    for bad, message in (
        ("", "obligatoire"),
        ("2025-02-30", "une date"),
        ("31-03-2025", "une date"),
        ("demain", "une date"),
        ("1899-01-01", "entre 2000 et 2100"),
        (None, "une date"),
        ({"y": 2025}, "une date"),
    ):
        with pytest.raises(InputError, match=message):
            parse_date(bad, field="L'échéance")


def test_choices_and_bounded_quantities():
    assert parse_choice(" TTC", field="La base", choices=("ht", "ttc")) == "ttc"
    with pytest.raises(InputError, match="choix non reconnu"):
        parse_choice("hors taxes", field="La base", choices=("ht", "ttc"))
    assert parse_number("7,5 h", field="Le temps", maximum=Decimal(400), unit="h") == Decimal("7.5")
    with pytest.raises(InputError, match="dépasser 400 h"):
        parse_number("401", field="Le temps", maximum=Decimal(400), unit="h")


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200b", "\x00", "\x1b", "\ufeff", "\ue000"])
def test_finding_05_invisible_characters_are_refused_in_every_text(hidden):
    with pytest.raises(InputError, match="caractère invisible ou de contrôle"):
        parse_name(f"Dupont{hidden}SARL", field="Le nom")
    with pytest.raises(InputError, match="Le message contient"):
        visible_text(f"Bonjour{hidden}\nsuite", field="Le message", multiline=True)


def test_text_is_kept_in_its_composed_form_with_line_breaks_and_emoji_joins():
    assert parse_name("Zoe\u0301 Me\u0301nard", field="Le nom") == "Zoé Ménard"
    assert visible_text("Ligne 1\r\nLigne 2\tfin", field="Le message", multiline=True) == "Ligne 1\nLigne 2\tfin"
    assert parse_name("👩\u200d💻 Zoé", field="Le pseudo") == "👩\u200d💻 Zoé"
