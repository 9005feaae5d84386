"""A new visitor takes the diagnostic on a phone, is interrupted, resumes, and shares the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.phone import PHONE, assert_fits_phone, shoot

BANK = diagnostic_bank()
TOTAL = len(BANK.questions)


def _answer(page: Page, index: int, answer_position: int) -> None:
    question = BANK.questions[index]
    expect(page.get_by_text(f"Question {index + 1} sur {TOTAL}")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(question.prompt)
    page.get_by_role("button", name=question.answers[answer_position].text, exact=True).click()


@pytest.mark.journey
def test_diagnostic_resumes_after_reload_and_ends_on_a_shareable_result(page: Page, browser: Browser, server) -> None:
    page.goto("/")
    page.get_by_role("link", name="Faire mon auto-diagnostic").click()
    expect(page).to_have_url(re.compile(r"/diagnostic$"))
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "diagnostic-intro")
    page.get_by_role("button", name="Commencer").click()

    for index in range(4):
        _answer(page, index, 1)
    assert_fits_phone(page)
    shoot(page, "diagnostic-question")

    # Interrupted: a reload resumes at question 5 with the answers kept.
    page.reload()
    expect(page.get_by_text(f"Question 5 sur {TOTAL}")).to_be_visible()
    page.get_by_role("button", name="← Question précédente").click()
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible()
    chosen = BANK.questions[3].answers[1].text
    expect(page.get_by_role("button", name=chosen)).to_have_attribute("aria-pressed", "true")
    _answer(page, 3, len(BANK.questions[3].answers) - 1)  # changes its answer

    for index in range(4, TOTAL):
        _answer(page, index, 0 if index % 2 else 1)

    # The optional profile: a bad value is refused next to its field, nothing is lost.
    expect(page.get_by_role("heading", name="Votre entreprise en quelques chiffres")).to_be_visible()
    page.get_by_label("Chiffre d'affaires annuel HT").fill("-12")
    page.get_by_label("Part des factures payées en retard").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Voir mon résultat").click()
    expect(page.get_by_text("Le chiffre d'affaires ne peut pas être négatif.")).to_be_visible()
    expect(page.get_by_text("La part de factures en retard doit être un nombre", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "diagnostic-profile-errors")
    page.get_by_label("Chiffre d'affaires annuel HT").fill("850 000")
    page.get_by_label("Part des factures payées en retard").fill("30 %")
    page.get_by_label("Secteur d'activité").select_option("Industrie")
    page.get_by_role("button", name="Voir mon résultat").click()

    expect(page).to_have_url(re.compile(r"/diagnostic/resultat$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^\d{1,3} / 100 · (Débutant|Organisé|Proactif|Piloté par la donnée)$"))
    expect(page.get_by_text(re.compile("plutôt novice|déjà avancé")).first).to_be_visible()
    expect(page.locator(".radar svg").get_by_text("Risque client")).to_be_visible()  # the radar is drawn
    priorities = page.get_by_role("heading", name="Vos trois priorités")
    expect(priorities).to_be_visible()
    chapter_links = page.get_by_role("link", name=re.compile("^Lire : "))
    expect(chapter_links).to_have_count(3)
    assert_fits_phone(page)
    shoot(page, "diagnostic-result")
    score_text = heading.inner_text()

    share = page.locator(".share-link").inner_text()
    assert re.fullmatch(r"/diagnostic/resultat/[A-Za-z0-9_-]{16,32}", share)

    # The first advice's chapter link works.
    chapter_links.first.click()
    expect(page).to_have_url(re.compile(r"/chapitres/[a-z-]+$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The share link in another browser: the same score, read-only, no answers nor profile.
    other = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, base_url=server.url)
    stranger = other.new_page()
    stranger.goto(share)
    expect(stranger.get_by_role("heading", level=1)).to_have_text(score_text)
    expect(stranger.get_by_role("link", name="Faire mon propre diagnostic")).to_be_visible()
    expect(stranger.get_by_text("Copier le lien de partage")).to_have_count(0)
    # the page's markup, hidden parts and attributes included, without the app's code (a script's or stylesheet's
    # name is a build hash, which may contain "850")
    html = stranger.evaluate(
        "() => { const page = document.documentElement.cloneNode(true);"
        " page.querySelectorAll('script, link, style').forEach((code) => code.remove()); return page.outerHTML; }"
    )
    assert "850" not in html and "Industrie" not in html
    shoot(stranger, "diagnostic-shared")
    other.close()


def test_retaking_shows_the_change_per_axis(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index in range(TOTAL):
        _answer(page, index, 0)
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("0 / 100 · Débutant")

    page.get_by_role("link", name="Refaire le diagnostic").click()
    page.get_by_role("button", name="Refaire le diagnostic").click()
    for index in range(TOTAL):
        _answer(page, index, len(BANK.questions[index].answers) - 1)
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("100 / 100 · Piloté par la donnée")
    expect(page.get_by_text("En pointillés : votre diagnostic précédent.")).to_be_visible()
    expect(page.get_by_text("+100")).to_have_count(len(BANK.axes))
    shoot(page, "diagnostic-retake")


def test_unknown_share_link_says_so_in_french(page: Page) -> None:
    page.goto("/diagnostic/resultat/AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_role("heading", name="Aucun résultat à afficher")).to_be_visible()
    expect(page.get_by_text("Ce lien de partage n'existe pas")).to_be_visible()
