"""The owner's calendar feed in the real app: the settings page makes the link (shown once), the link answers a
calendar app with the case's planned call, and once revoked it answers nothing."""

from __future__ import annotations

import re

from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.journeys import sign_up_with_a_case
from tests.e2e.phone import assert_fits_phone, shoot


def test_an_owner_subscribes_a_phone_calendar_to_the_collection_agenda_then_revokes_it(page: Page) -> None:
    sign_up_with_a_case(page, email="camille@agenda-telephone.fr")
    page.goto("/compte/parametres")
    page.get_by_role("button", name="Créer mon lien d'agenda").click()
    link = page.get_by_label("Lien de votre agenda")
    expect(link).to_have_value(re.compile(r"^http://.*/compte/agenda\.ics\?cle=[A-Za-z0-9_-]{43}$"))
    url = link.input_value()
    expect(page.get_by_role("link", name="S'abonner depuis ce téléphone")).to_have_attribute(
        "href", "webcal://" + url.split("://", 1)[1]
    )
    assert_fits_phone(page)
    shoot(page, "settings-calendar-link")

    answer = page.request.get(url)  # what a phone's calendar app fetches, with no session
    assert answer.status == 200 and answer.headers["content-type"] == "text/calendar; charset=utf-8"
    titles = [str(event["summary"]) for event in Calendar.from_ical(answer.body()).walk("VEVENT")]
    assert any(title.endswith("· Boulangerie Martin SARL") and "ppel" in title for title in titles), titles

    page.reload()
    expect(page.get_by_text("Un lien d'agenda est actif.")).to_be_visible()
    expect(page.get_by_label("Lien de votre agenda")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Révoquer le lien").click()
    expect(page.get_by_role("button", name="Créer mon lien d'agenda")).to_be_visible()
    refused = page.request.get(url)
    assert refused.status == 404 and "Lien d'agenda inconnu ou révoqué" in refused.text()
