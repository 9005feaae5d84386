"""axe-core (WCAG 2.2 AA rules) over the states a phone user reaches by interacting: no serious or critical
violation. The page's own CSP forbids injected scripts, so this context (and only this one) bypasses it to run axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from guide_app.core.content import chapters
from guide_app.quiz.bank import quizzes
from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.app_server import ROOT, Server
from tests.e2e.journeys import join_workshop, make_advisor, sign_in_as_advisor, sign_up
from tests.e2e.phone import PHONE, Contexts

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FIRST = chapters()[0]
FIRST_QUIZ = quizzes()[FIRST.slug]
BANK = diagnostic_bank()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"


@pytest.fixture
def audited(browser: Browser, server: Server) -> Iterator[Page]:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: scripts/install.sh dev installs it into .tools/")
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url, bypass_csp=True
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [str(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found


def test_the_guide_its_quiz_feedback_and_a_diagnostic_result_have_no_serious_violation(audited: Page) -> None:
    page = audited
    page.goto("/")
    expect(page.get_by_role("link", name="Faire mon auto-diagnostic")).to_be_visible()
    assert serious_violations(page) == []

    page.goto(f"/chapitres/{FIRST.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST.title)
    assert serious_violations(page) == []

    page.get_by_role("button", name="Faire le quiz du chapitre").click()
    right = next(c.text for c in FIRST_QUIZ.questions[0].choices if c.id == "a")
    page.get_by_role("button", name=right).click()
    expect(page.get_by_text("Bonne réponse !")).to_be_visible()
    assert serious_violations(page) == []

    page.goto("/")  # the chapter read: its card carries a soft badge
    expect(page.get_by_text("✓ Lu")).to_be_visible()
    assert serious_violations(page) == []

    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index, question in enumerate(BANK.questions):
        expect(page.get_by_text(f"Question {index + 1} sur {len(BANK.questions)}")).to_be_visible()
        page.get_by_role("button", name=question.answers[index % 2].text, exact=True).click()
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page).to_have_url(re.compile(r"/diagnostic/resultat$"))
    expect(page.get_by_text("Radar de vos scores par axe", exact=False)).to_be_visible()
    assert serious_violations(page) == []


def test_an_owners_pages_in_test_mode_and_with_bank_proposals_have_no_serious_violation(audited: Page) -> None:
    page = audited
    sign_up(page, email="camille@axe.fr", company="Atelier Lisible")
    page.get_by_role("button", name="Valider mes scénarios").click()
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill("2026-11-01")
    page.get_by_label("Date d'échéance").fill("2027-12-01")
    page.get_by_label("Montant HT").fill("2 500")
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    assert serious_violations(page) == []

    page.goto("/compte/rapprochement")
    data = (FIXTURES / "releve-novembre.camt.xml").read_bytes()
    page.locator("input[type=file]").set_input_files([{"name": "r.xml", "mimeType": "text/xml", "buffer": data}])
    page.get_by_role("button", name="Importer le relevé").click()
    expect(page.get_by_text("Confiance 70 %")).to_be_visible()
    assert serious_violations(page) == []


def test_a_game_on_a_phone_and_on_the_advisor_s_remote_has_no_serious_violation(
    audited: Page, contexts: Contexts
) -> None:
    """A player's phone in each step of a game (lobby, question, reveal with its colours and shapes, board), then
    the same browser signed in as the advisor on the remote."""
    page = audited
    email = make_advisor(contexts)
    laptop = contexts.tab(wide=True)
    sign_in_as_advisor(laptop, email)
    laptop.get_by_label("Titre").fill("Jeu lisible")
    laptop.get_by_label("Contenu").select_option("jeu")
    laptop.get_by_role("button", name="Créer l'atelier").click()
    expect(laptop).to_have_url(re.compile(r"/conseiller/ateliers/\d+$"))
    room_path = re.sub(r"^https?://[^/]+", "", laptop.url)
    code = laptop.locator(".join-code").inner_text().replace("\u00a0", "").replace(" ", "")

    join_workshop(page, code, "Lisible")
    expect(page.get_by_role("heading", name="Vous êtes dans la partie")).to_be_visible()
    assert serious_violations(page) == []
    laptop.get_by_role("button", name="Lancer la première question").click()
    expect(page.locator(".countdown[role=timer]")).to_be_visible()
    assert serious_violations(page) == []
    page.locator(".game-opt").first.click()
    expect(page.get_by_text("enregistrée", exact=False)).to_be_visible()  # alone: it closed the question
    laptop.get_by_role("button", name="Révéler la réponse").click()
    expect(page.get_by_text("Relire le chapitre", exact=False)).to_be_visible()
    assert serious_violations(page) == []
    laptop.get_by_role("button", name="Afficher le classement").click()
    expect(page.locator("#my-place")).to_be_visible()
    assert serious_violations(page) == []

    sign_in_as_advisor(page, email)
    page.goto(room_path + "/telecommande")
    expect(page.get_by_role("heading", name="Télécommande")).to_be_visible()
    expect(page.locator(".person-line")).to_have_count(1)
    assert serious_violations(page) == []
