from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.cases.risk import Channel
from guide_app.reminders.tasks import international_phone, task_link


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("01-23-45-67-89", "+33123456789"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("", ""),
        ("12", ""),
        ("06 12 34", ""),
        ("appelez-moi", ""),
    ],
)
def test_phone_numbers_are_dialled_in_international_form(typed, e164):
    assert international_phone(typed) == e164


def test_an_sms_task_opens_the_sms_app_with_the_text_ready():
    link = task_link(Channel.SMS, "06 12 34 56 78", "Facture F-1 : 2 400,00 € & merci ?\nhttps://x.fr/p?a=1")
    assert link.startswith("sms:+33612345678?body=")
    body = link.split("?body=", 1)[1]
    assert " " not in body and "&" not in body and "\n" not in body and "?" not in body
    assert unquote(body) == "Facture F-1 : 2 400,00 € & merci ?\nhttps://x.fr/p?a=1"


def test_a_call_task_dials_the_number():
    assert task_link(Channel.APPEL, "06 12 34 56 78", "script d'appel") == "tel:+33612345678"


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.COURRIER, Channel.LRAR, Channel.PROFESSIONNEL])
def test_other_channels_have_no_phone_link(channel):
    assert task_link(channel, "06 12 34 56 78", "texte") == ""


def test_no_link_without_a_usable_number():
    assert task_link(Channel.SMS, "", "texte") == ""
    assert task_link(Channel.APPEL, "inconnu", "") == ""


@given(body=st.text(max_size=300))
def test_any_text_survives_the_round_trip_through_the_link(body):
    link = task_link(Channel.SMS, "0612345678", body)
    assert link == "sms:+33612345678" if not body else unquote(link.split("?body=", 1)[1]) == body
