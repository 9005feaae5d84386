from decimal import Decimal
from functools import partial
from urllib.parse import parse_qsl

from guide_app.core.forms import MAX_CHARS, Field, Reader, as_text, initial_values, mentions_any, share_query
from guide_app.core.parse import parse_amount

FIELDS = (Field("montant", "10000"), Field("base", "ht", numeric=False), Field("facture"))


def test_a_link_sets_what_it_names_and_defaults_fill_the_rest():
    values = initial_values(FIELDS, {"montant": "2500", "autre": "x"})
    assert values == {"montant": "2 500", "base": "ht", "facture": ""}
    assert mentions_any(FIELDS, {"montant": "1"}) and not mentions_any(FIELDS, {"utm": "1"})


def test_the_query_writes_numbers_plainly_and_keeps_what_does_not_parse():
    query = share_query(FIELDS, {"montant": "12 345,67 €", "base": "TTC ", "facture": ""})
    assert dict(parse_qsl(query, keep_blank_values=True)) == {"montant": "12345.67", "base": "TTC"}
    assert share_query(FIELDS, {"montant": "1 000 000", "base": "ht", "facture": "abc"}) == (
        "montant=1000000&base=ht&facture=abc"
    )
    # A field emptied against its default stays in the link, so the link reproduces the empty field.
    assert dict(parse_qsl(share_query(FIELDS, {"montant": "", "base": "ht"}), keep_blank_values=True)) == {
        "montant": "",
        "base": "ht",
    }


def test_a_link_round_trips_to_the_same_values():
    values = {"montant": "12 345,67", "base": "ttc", "facture": "800"}
    assert initial_values(FIELDS, dict(parse_qsl(share_query(FIELDS, values)))) == values


def test_numbers_from_a_link_are_shown_the_french_way():
    assert initial_values(FIELDS, {"montant": "100000000", "facture": "4.5"})["montant"] == "100 000 000"
    assert initial_values(FIELDS, {"facture": "4.5"})["facture"] == "4,5"
    assert initial_values(FIELDS, {"facture": "1e5"})["facture"] == "1e5"  # left as typed: its error says why
    assert initial_values(FIELDS, {"base": "1000"})["base"] == "1000"  # not a number field


def test_forged_values_become_bounded_text():
    assert as_text({"x": 1}) == "<dict>"
    assert as_text(["1"]) == "<list>"
    assert as_text(None) == "<NoneType>"
    assert as_text(True) == "<bool>"
    assert as_text(12.5) == "12.5"
    assert len(as_text("9" * 10_000)) == MAX_CHARS + 1


def test_the_reader_collects_one_message_per_field():
    form = Reader({"a": "12", "b": "-1", "c": "9" * (MAX_CHARS + 1)})
    parse = partial(parse_amount, field="Le montant")
    assert form.read("a", parse, Decimal(0)) == Decimal(12)
    assert form.read("b", parse, Decimal(0)) == Decimal(0)
    assert form.read("c", parse, Decimal(0)) == Decimal(0)
    assert form.optional("d", parse) is None
    assert set(form.errors) == {"b", "c"} and "trop longue" in form.errors["c"]
    assert form.ok("a", "d") and not form.ok("a", "b")
