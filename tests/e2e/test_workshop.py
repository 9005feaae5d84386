"""An advisor's workshop in the real app: a wide advisor screen and three phones in the same browser.

Phones join by code or by the QR code's link, answer, reload; the presentation screen updates by itself; in live
mode the phones follow the advisor's « Question suivante »; a participant opts in and becomes a lead; the CSV
export is read back; the lead's invitation opens a pre-filled onboarding."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys import BANK, TOTAL, answer_in_room, create_workshop, join_workshop, sign_in_advisor
from tests.e2e.phone import Contexts, assert_fits_phone, shoot


@pytest.mark.journey
def test_self_paced_room_three_phones_a_lead_the_export_and_an_invitation(page: Page, contexts: Contexts) -> None:
    laptop = sign_in_advisor(contexts)
    code = create_workshop(laptop, "Matinale CCI Lyon", live=False)
    expect(laptop.get_by_role("img", name=re.compile(r"QR code vers .*\/atelier\/" + code))).to_be_visible()
    expect(laptop.get_by_text(re.compile(rf"^https?://.+/atelier/{code}$"))).to_be_visible()
    expect(laptop.locator("#joined-count")).to_have_text("0")
    shoot(laptop, "workshop-screen-empty")

    # Phone 1 types the code; phones 2 and 3 scan the QR code.
    join_workshop(page, code, "Renard", typed=True)
    expect(page.get_by_text(f"Question 1 sur {TOTAL}")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "workshop-phone-question")
    second, third = contexts.tab(), contexts.tab()
    join_workshop(second, code)
    join_workshop(third, code, "Hibou")
    expect(laptop.locator("#joined-count")).to_have_text("3")  # the screen updates by itself

    for index in range(3):
        answer_in_room(page, index, 1)
    page.reload()  # screen locked, network lost: back at question 4 with three answers kept
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible()
    expect(laptop.locator(".question-card").first).to_contain_text("1 réponse(s)")
    for index in range(3, TOTAL):
        answer_in_room(page, index, len(BANK.questions[index].answers) - 1)
    for index in range(TOTAL):
        answer_in_room(second, index, 0)
    for index in range(2):
        answer_in_room(third, index, 1)

    expect(laptop.locator("#finished-count")).to_have_text("2")
    expect(laptop.locator(".question-card").first).to_contain_text("3 réponse(s)")
    expect(laptop.get_by_role("heading", name="Résultats de la salle")).to_be_visible()
    expect(laptop.locator(".radar svg polygon.radar-today")).to_be_visible()
    expect(laptop.get_by_role("link", name=re.compile("^Chapitre à discuter"))).to_have_count(3)
    # The room beside every diagnostic taken in the app: one row per axis, the gap said with its sign.
    against = laptop.locator(".compare-table")
    expect(against.locator("tbody tr")).to_have_count(len(BANK.axes))
    expect(against.locator("caption")).to_contain_text("diagnostics faits dans l'application")
    expect(against.locator("tbody tr").first.locator("td").nth(2)).to_have_text(re.compile(r"^(\+\d+|\u2212\d+|=)$"))
    shoot(laptop, "workshop-screen")

    # Phone 1 sees its own result and asks to be contacted.
    expect(page).to_have_url(re.compile(r"/diagnostic/resultat$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\d{1,3} / 100 · "))
    expect(page.get_by_role("heading", name="Être recontacté par l'animateur")).to_be_visible()
    page.get_by_label("Votre nom").fill("Maëlle Vasseur")
    page.get_by_label("Votre entreprise").fill("Atelier Vasseur")
    page.get_by_label("E-mail").fill("camille@atelier-durand.fr")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_text("Cochez la case")).to_be_visible()
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name="Demande de contact envoyée")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "workshop-phone-result-contact")

    # The CSV: one row per participant, contact details only for the one who opted in.
    with laptop.expect_download() as download:
        laptop.get_by_role("button", name="Exporter en CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read()), delimiter=";"))
    assert [row["Participant"] for row in rows] == ["Renard", "Participant 2", "Hibou"]
    assert [row["Terminé"] for row in rows] == ["oui", "oui", "non"]
    assert (
        rows[0]["Contact : e-mail"] == "camille@atelier-durand.fr"
        and rows[0]["Contact : entreprise"] == "Atelier Vasseur"
    )
    assert all(row[key] == "" for row in rows[1:] for key in row if key.startswith("Contact"))
    assert rows[1][f"Q1 {BANK.questions[0].prompt}"] == BANK.questions[0].answers[0].text

    laptop.get_by_role("link", name="Synthèse imprimable").click()
    expect(laptop.get_by_text("Synthèse d'atelier", exact=False)).to_be_visible()
    expect(laptop.get_by_text("3 participant(s), dont 2 ont terminé le diagnostic.")).to_be_visible()
    expect(laptop.locator(".compare-table tbody tr")).to_have_count(len(BANK.axes))
    shoot(laptop, "workshop-summary")

    # The lead in the advisor space: follow-up, then an invitation to create an account.
    laptop.goto("/conseiller")
    laptop.get_by_text("Maëlle Vasseur").click()
    expect(laptop.get_by_role("heading", name="Maëlle Vasseur")).to_be_visible()
    laptop.get_by_label("Statut").select_option("rendez_vous")
    laptop.get_by_label("Notes").fill("Rappeler mardi : relances manuelles, DSO 70 jours.")
    laptop.get_by_role("button", name="Enregistrer le suivi").click()
    expect(laptop.get_by_text("Suivi enregistré.")).to_be_visible()
    laptop.get_by_role("button", name="Créer le lien d'invitation").click()
    link = laptop.locator(".invitation-link").inner_text()
    assert re.fullmatch(r"https?://[^/]+/inscription\?invitation=[A-Za-z0-9_-]{40,64}", link)
    shoot(laptop, "workshop-lead")

    invited = contexts.tab()
    invited.goto(link[link.index("/inscription") :])
    expect(invited.get_by_text("Invitation de votre conseiller")).to_be_visible()
    expect(invited.get_by_label("Nom de votre entreprise")).to_have_value("Atelier Vasseur")
    expect(invited.get_by_label("Adresse e-mail")).to_have_value("camille@atelier-durand.fr")
    expect(invited.get_by_label("Votre nom")).to_have_value("Maëlle Vasseur")
    assert_fits_phone(invited)
    shoot(invited, "workshop-invitation-onboarding")


@pytest.mark.journey
def test_live_room_phones_follow_the_advisor(page: Page, contexts: Contexts) -> None:
    laptop = sign_in_advisor(contexts)
    code = create_workshop(laptop, "Atelier en direct", live=True)
    other = contexts.tab()
    join_workshop(page, code, "Renard")
    join_workshop(other, code)
    for phone in (page, other):
        expect(phone.get_by_role("heading", name="Vous êtes dans la salle")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "workshop-live-lobby")
    expect(laptop.locator("#joined-count")).to_have_text("2")

    laptop.get_by_role("button", name="Lancer la première question").click()
    for phone in (page, other):  # no reload: the question arrives by itself
        expect(phone.get_by_text(f"Question 1 sur {TOTAL}")).to_be_visible()
    answer_in_room(page, 0, 1)
    expect(page.get_by_text("Réponse enregistrée")).to_be_visible()
    expect(laptop.locator("#live-answered")).to_have_text("1")
    answer_in_room(other, 0, 0)
    expect(laptop.locator("#live-answered")).to_have_text("2")
    shoot(page, "workshop-live-phone-answered")

    laptop.get_by_role("button", name="Afficher les réponses").click()
    expect(laptop.get_by_text(BANK.questions[0].answers[1].text)).to_be_visible()
    expect(page.get_by_text("Réponses closes")).to_be_visible()
    shoot(laptop, "workshop-live-screen-distribution")

    laptop.get_by_role("button", name="Question suivante").click()
    for phone in (page, other):
        expect(phone.get_by_text(f"Question 2 sur {TOTAL}")).to_be_visible()
    answer_in_room(page, 1, 0)
    other.reload()  # a phone that reconnects finds the room's current question
    expect(other.get_by_text(f"Question 2 sur {TOTAL}")).to_be_visible()

    for index in range(1, TOTAL):
        laptop.get_by_role("button", name="Afficher les réponses").click()
        label = "Voir les résultats de la salle" if index == TOTAL - 1 else "Question suivante"
        laptop.get_by_role("button", name=label).click()
        if index < TOTAL - 1:
            expect(page.get_by_text(f"Question {index + 2} sur {TOTAL}")).to_be_visible()
    for phone in (page, other):
        expect(phone.get_by_role("heading", name="Merci, c'est terminé !")).to_be_visible()
    expect(laptop.locator("#finished-count")).to_have_text("2")
    expect(laptop.get_by_role("heading", name="Résultats de la salle")).to_be_visible()
    shoot(laptop, "workshop-live-results")
    page.get_by_role("link", name="Voir mon résultat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\d{1,3} / 100 · "))


def test_the_advisor_space_refuses_an_owner_in_french(page: Page) -> None:
    from tests.e2e.journeys import sign_up_with_a_case

    sign_up_with_a_case(page, email=f"owner-{os.getpid()}@atelier.fr")
    page.goto("/conseiller")
    expect(page.get_by_role("heading", name="Espace réservé aux conseillers")).to_be_visible()
    assert_fits_phone(page)
