from datetime import date
from decimal import Decimal
from functools import partial
from urllib.parse import parse_qsl

from guide_app.cases.invoice import InvoiceSpec
from guide_app.core.forms import MAX_CHARS, Field, Form, as_text, initial_values, mentions_any, share_query
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
    form = Form({"a": "12", "b": "-1", "c": "9" * (MAX_CHARS + 1)}, max_chars=MAX_CHARS)
    parse = partial(parse_amount, field="Le montant")
    assert form.read("a", parse, Decimal(0)) == Decimal(12)
    assert form.read("b", parse, Decimal(0)) == Decimal(0)
    assert form.read("c", parse, Decimal(0)) == Decimal(0)
    assert form.optional("d", parse) is None
    assert set(form.errors) == {"b", "c"} and "trop longue" in form.errors["c"]
    assert form.ok("a", "d") and not form.ok("a", "b")


def test_what_a_forged_event_sends_instead_of_a_form_reads_as_an_empty_form():
    for forged in (None, "email=x", ["email"], 12):
        form = Form(forged)
        assert form.raw("email") == "" and form.text("email") == "" and not form.checked("consent")
        assert form.field("email", partial(parse_amount, field="Le montant")) is None
        assert form.errors == {"email": "Le montant est obligatoire."}


def test_a_checkbox_is_ticked_whatever_way_the_browser_says_it():
    assert all(Form({"consent": ticked}).checked("consent") for ticked in ("on", True, "true"))
    assert not any(Form({"consent": other}).checked("consent") for other in ("", "off", False, "1", ["on"]))


def test_fields_keeps_the_values_that_parsed_and_the_first_message_stays():
    form = Form({"a": "3", "b": "abc"})
    values = form.fields({"a": partial(parse_amount, field="A"), "b": partial(parse_amount, field="B")})
    assert values == {"a": Decimal(3)} and set(form.errors) == {"b"}
    form.refuse("b", "autre message")
    assert form.errors["b"] != "autre message"


def _invoice(form: Form, issued: date, due: date) -> InvoiceSpec | None:
    return form.build(
        InvoiceSpec,
        at="due",
        number="F-1",
        issue_date=issued,
        due_date=due,
        amount_ht=Decimal(100),
        vat_rate=Decimal("0.2"),
    )


def test_the_pydantic_model_refuses_a_rule_across_fields_in_french_under_the_named_field():
    form = Form({})
    assert _invoice(form, date(2026, 3, 10), date(2026, 3, 1)) is None
    assert form.errors == {"due": "L'échéance ne peut pas précéder la date d'émission."}
    good = _invoice(Form({}), date(2026, 3, 1), date(2026, 3, 31))
    assert good is not None and good.amount_ttc == Decimal("120.00")
