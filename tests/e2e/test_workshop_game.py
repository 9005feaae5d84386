"""A chapter-quiz game in the real app: the advisor creates it on a laptop (the big screen) and drives it from the
remote on a phone (a second browser context, signed in again); three phones play, one joins late, one is removed.

Checked on the way: the countdown on every screen, answers hidden until the reveal, the question closing by itself
when everyone answered and when its countdown reaches 0, pause, the points and the leaderboard on each phone, the
podium's order and the CSV export of the game's answers."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from guide_app.quiz.bank import quizzes
from tests.e2e.journeys import join_workshop, make_advisor, sign_in_as_advisor
from tests.e2e.phone import Contexts, assert_fits_phone, shoot

CHAPTER = "automatiser-relances"
QUIZ = quizzes()[CHAPTER]


def _question(tab: Page, number: int):
    """The game's question `number` (the chapter's order), once this tab shows it: a phone receives each question
    by a push of its own, so one phone showing it says nothing of the others yet."""
    question = QUIZ.questions[number - 1]
    expect(tab.get_by_text(f"Question {number} sur", exact=False)).to_be_visible()
    expect(tab.locator("h1")).to_have_text(question.prompt)
    return question


def _tap(phone: Page, number: int, *, right: bool) -> str:
    """Taps the right (or a wrong) answer of question `number` on this phone; returns its letter."""
    question = _question(phone, number)
    choice = question.correct_choice if right else next(c for c in question.choices if not c.correct)
    button = phone.get_by_role("button", name=re.compile(re.escape(f" : {choice.text}") + "$"))
    letter = button.get_attribute("data-letter") or ""
    button.click()
    expect(phone.get_by_text(f"Réponse {letter} enregistrée.", exact=False)).to_be_visible()
    return letter


@pytest.mark.journey
def test_a_game_driven_from_the_remote_with_three_phones(page: Page, contexts: Contexts) -> None:
    email = make_advisor(contexts)
    laptop = contexts.tab(wide=True)
    sign_in_as_advisor(laptop, email)

    # The game: one chapter, 20 seconds a question. No chapter ticked is refused first.
    laptop.get_by_label("Titre").fill("Jeu de la matinale")
    laptop.get_by_label("Contenu").select_option("jeu")
    for box in laptop.locator("input[type=checkbox][name^=chapitre_]").all():
        box.uncheck()
    laptop.get_by_role("button", name="Créer l'atelier").click()
    expect(laptop.get_by_text("Choisissez au moins un chapitre.")).to_be_visible()
    laptop.locator(f"input[name=chapitre_{CHAPTER.replace('-', '_')}]").check()
    laptop.get_by_label("Temps par question").select_option("20")
    laptop.get_by_role("button", name="Créer l'atelier").click()
    expect(laptop).to_have_url(re.compile(r"/conseiller/ateliers/\d+$"))
    room_path = re.sub(r"^https?://[^/]+", "", laptop.url)
    code = laptop.locator(".join-code").inner_text().replace("\u00a0", "").replace(" ", "")
    expect(laptop.get_by_text("Bonne réponse : 500 points", exact=False)).to_be_visible()

    # The remote: the same advisor on a phone, in another browser context.
    remote = contexts.tab()
    sign_in_as_advisor(remote, email)
    remote.goto(room_path + "/telecommande")
    expect(remote.get_by_role("heading", name="Télécommande")).to_be_visible()

    # Two phones join by the QR code's link; the big screen lists them.
    alice, bruno = page, contexts.tab()
    join_workshop(alice, code, "Alice")
    join_workshop(bruno, code, "Bruno")
    expect(alice.get_by_role("heading", name="Vous êtes dans la partie")).to_be_visible()
    expect(laptop.locator(".player-chip")).to_have_count(2)
    expect(remote.locator("#game-players")).to_have_text("2")
    assert_fits_phone(remote)
    shoot(remote, "game-remote-lobby")

    # Question 1: the countdown everywhere, the answers hidden; a late phone enters the open question.
    remote.get_by_role("button", name="Lancer la première question").click()
    for tab in (alice, bruno, laptop):
        expect(tab.locator(".countdown[role=timer]")).to_be_visible()
    expect(alice.get_by_text(f"Question 1 sur {len(QUIZ.questions)}")).to_be_visible()
    left = int(alice.locator(".countdown").get_attribute("data-left") or "0")
    assert 17 <= left <= 20, left
    assert alice.locator(".opt-right").count() == 0  # no right answer on a phone before the reveal
    expect(alice.locator(".game-opt .opt-shape")).to_have_count(len(_question(alice, 1).choices))
    assert_fits_phone(alice)
    shoot(alice, "game-phone-question")
    shoot(laptop, "game-screen-question")
    _tap(alice, 1, right=True)
    chloe = contexts.tab()
    join_workshop(chloe, code, "Chloé")
    expect(chloe.get_by_text("Question 1 sur", exact=False)).to_be_visible()
    _tap(chloe, 1, right=True)
    expect(bruno.locator(".countdown[role=timer]")).to_be_visible()  # Bruno has not answered: still open
    wrong_letter = _tap(bruno, 1, right=False)
    # Everyone answered: the question closed by itself, on every phone.
    expect(bruno.get_by_text("Réponses closes", exact=False)).to_be_visible()
    expect(remote.get_by_role("button", name="Révéler la réponse")).to_be_visible()
    expect(remote.locator("#game-answered")).to_have_text("3")

    remote.get_by_role("button", name="Révéler la réponse").click()
    expect(alice.get_by_text("Bonne réponse ! +", exact=False)).to_be_visible()
    right_letter = laptop.locator(".opt-right").get_attribute("data-letter")
    expect(bruno.locator(".result-line")).to_contain_text(f"Raté : la bonne réponse était {right_letter} · ")
    assert right_letter != wrong_letter
    expect(laptop.locator(".opt-right")).to_contain_text("2 (67 %)")
    expect(laptop.get_by_role("link", name=re.compile("^Relire le chapitre"))).to_be_visible()
    shoot(laptop, "game-screen-reveal")
    assert_fits_phone(bruno)
    shoot(bruno, "game-phone-reveal")

    remote.get_by_role("button", name="Afficher le classement").click()
    expect(laptop.get_by_role("heading", name="Classement")).to_be_visible()
    expect(bruno.locator("#my-place")).to_have_text("Vous : 3e sur 3 · 0 point")
    expect(alice.locator("#my-place")).to_contain_text(re.compile(r"Vous : (1er|2e) sur 3"))
    shoot(alice, "game-phone-board")

    # Bruno is removed: his phone is told, politely; the room counts two players.
    remote.get_by_role("button", name="Retirer Bruno").click()
    expect(bruno.get_by_role("heading", name="Vous avez quitté la partie")).to_be_visible()
    expect(remote.locator("#game-players")).to_have_text("2")

    # Question 2, 10 seconds: Chloé answers right, Alice waits; a pause holds the countdown, then it runs out.
    remote.get_by_label("Temps par question").select_option("10")
    expect(remote.get_by_text("Durée des prochaines questions : 10 secondes.")).to_be_visible()
    remote.get_by_role("button", name="Question suivante").click()
    expect(alice.get_by_text("Question 2 sur", exact=False)).to_be_visible()
    _tap(chloe, 2, right=True)
    remote.get_by_role("button", name="Pause").click()
    expect(alice.get_by_text("Partie en pause", exact=False)).to_be_visible()
    expect(alice.get_by_role("button", name=re.compile("^Réponse A")).first).to_be_disabled()
    shoot(remote, "game-remote-paused")
    remote.get_by_role("button", name="Reprendre").click()
    expect(alice.get_by_text("Réponses closes", exact=False)).to_be_visible(timeout=20_000)  # at 0, by itself
    remote.get_by_role("button", name="Révéler la réponse").click()
    expect(alice.get_by_text("Pas de réponse à temps.", exact=False)).to_be_visible()
    remote.get_by_role("button", name="Afficher le classement").click()

    # The other questions: Alice answers right, Chloé does not; the advisor closes each one.
    for number in range(3, len(QUIZ.questions) + 1):
        remote.get_by_role("button", name="Question suivante").click()
        expect(alice.get_by_text(f"Question {number} sur", exact=False)).to_be_visible()
        _tap(alice, number, right=True)
        remote.get_by_role("button", name="Clore la question").click()
        remote.get_by_role("button", name="Révéler la réponse").click()
        expect(alice.get_by_text("Bonne réponse ! +", exact=False)).to_be_visible()
        remote.get_by_role("button", name="Afficher le classement").click()
        expect(alice.locator("#my-place")).to_be_visible()
    remote.get_by_role("button", name="Afficher le podium").click()

    # The podium: Alice (4 right) before Chloé (2 right), on the big screen and on each phone.
    steps = laptop.locator(".podium-step")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Alice")
    expect(steps.nth(1)).to_contain_text("Chloé")
    expect(alice.locator("#my-place")).to_contain_text("Vous : 1er sur 2")
    expect(chloe.locator("#my-place")).to_contain_text("Vous : 2e sur 2")
    shoot(laptop, "game-screen-podium")
    shoot(chloe, "game-phone-podium")

    remote.get_by_text("Terminer le jeu…").click()
    remote.get_by_role("button", name="Oui, terminer").click()
    expect(remote.get_by_text("Partie terminée.")).to_be_visible()

    # The CSV lists every phone's answers with its points; Bruno is there, removed, without a rank.
    with remote.expect_download() as download:
        remote.get_by_role("button", name="Exporter les réponses en CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = {row["Participant"]: row for row in csv.DictReader(io.StringIO(file.read()), delimiter=";")}
    assert set(rows) == {"Alice", "Bruno", "Chloé"}
    assert (rows["Alice"]["Rang"], rows["Alice"]["Bonnes réponses"]) == ("1", "4")
    assert (rows["Chloé"]["Rang"], rows["Chloé"]["Bonnes réponses"]) == ("2", "2")
    assert (rows["Bruno"]["Statut"], rows["Bruno"]["Rang"], rows["Bruno"]["Points"]) == ("retiré", "", "0")
    assert int(rows["Alice"]["Points"]) > 4 * 500 > int(rows["Chloé"]["Points"]) > 2 * 500
    first = f"Q1 {QUIZ.questions[0].prompt}"  # the chapter's order (not mixed)
    assert rows["Bruno"][first].startswith(f"{wrong_letter} · ") and rows["Bruno"]["Q1 juste"] == "non"
