"""A new visitor on a phone: home → chapter 1 → its quiz (one right, one wrong) → score → ✓ after reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from guide_app.core.content import chapters
from guide_app.quiz.bank import quizzes
from tests.e2e.phone import assert_fits_phone, shoot

FIRST = chapters()[0]
FIRST_QUIZ = quizzes()[FIRST.slug]


def _choice_text(question_index: int, choice_id: str) -> str:
    question = FIRST_QUIZ.questions[question_index]
    return next(c.text for c in question.choices if c.id == choice_id)


@pytest.mark.journey
def test_new_visitor_reads_chapter_one_and_passes_its_quiz(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("payer")
    expect(page.get_by_role("link", name=re.compile("Faire mon auto-diagnostic"))).to_be_visible()
    for way_in in ("Faire mon auto-diagnostic", "Rejoindre un atelier"):  # within the phone's first screen
        box = page.get_by_role("link", name=way_in).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, way_in
    expect(page.get_by_text("Lu", exact=True)).to_have_count(0)  # nothing read yet: no mark at all
    expect(page.get_by_text("Quiz réussi", exact=True)).to_have_count(0)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert_fits_phone(page)
    shoot(page, "home")

    page.get_by_role("link", name=re.compile(f"^Chapitre 1 sur .*{re.escape(FIRST.title)}")).click()
    expect(page).to_have_url(re.compile(f"/chapitres/{FIRST.slug}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST.title)
    expect(page.get_by_text("Chapitre 1 sur 4", exact=False).first).to_be_visible()
    expect(page.get_by_text("Source :").first).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "chapter-1")

    page.get_by_role("button", name="Faire le quiz du chapitre").click()
    expect(page).to_have_url(re.compile(f"/chapitres/{FIRST.slug}/quiz$"))
    expect(page.get_by_text(f"Question 1 sur {len(FIRST_QUIZ.questions)}")).to_be_visible()
    shoot(page, "quiz-question")

    # First question: a right answer (choice "a" by the content's contract).
    page.get_by_role("button", name=_choice_text(0, "a")).click()
    expect(page.get_by_text("Bonne réponse !")).to_be_visible()
    expect(page.get_by_text(FIRST_QUIZ.questions[0].explanation)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "quiz-right")
    page.get_by_role("button", name="Question suivante").click()

    # Second question: a wrong answer; the feedback explains the right one.
    page.get_by_role("button", name=_choice_text(1, "a")).click()
    expect(page.get_by_text("Pas tout à fait.")).to_be_visible()
    expect(page.get_by_text(FIRST_QUIZ.questions[1].explanation)).to_be_visible()
    shoot(page, "quiz-wrong")

    # The rest right, to earn the ✓.
    for index in range(2, len(FIRST_QUIZ.questions)):
        page.get_by_role("button", name="Question suivante").click()
        expect(page.get_by_text(f"Question {index + 1} sur")).to_be_visible()
        page.get_by_role("button", name=FIRST_QUIZ.questions[index].correct_choice.text).click()
        expect(page.get_by_text("Bonne réponse !")).to_be_visible()
    page.get_by_role("button", name="Voir mon score").click()
    total = len(FIRST_QUIZ.questions)
    expect(page.get_by_role("heading", name=f"Votre score : {total - 1} / {total}")).to_be_visible()
    expect(page.get_by_text("Bravo, quiz réussi !")).to_be_visible()
    shoot(page, "quiz-score")

    page.get_by_role("link", name="Retour à l'accueil").click()
    card = page.get_by_role("link", name=re.compile("^Chapitre 1 sur "))
    expect(card.get_by_text("✓ Lu")).to_be_visible()
    expect(card.get_by_text("✓ Quiz réussi")).to_be_visible()
    page.reload()
    card = page.get_by_role("link", name=re.compile("^Chapitre 1 sur "))
    expect(card.get_by_text("✓ Lu")).to_be_visible()
    expect(card.get_by_text("✓ Quiz réussi")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Chapitre 2 sur ")).get_by_text("✓ Lu")).to_have_count(0)
    shoot(page, "home-after-quiz")


def test_quiz_answers_are_not_in_the_page_before_answering(page: Page) -> None:
    page.goto(f"/chapitres/{FIRST.slug}/quiz")
    expect(page.get_by_text("Question 1 sur")).to_be_visible()
    html = page.content()
    assert FIRST_QUIZ.questions[0].explanation not in html
    assert '"correct"' not in html


@pytest.mark.expected_console(r"status of 404")  # the unknown page is served with HTTP 404
def test_unknown_chapter_gives_a_french_404_with_a_way_home(page: Page) -> None:
    page.goto("/chapitres/n-existe-pas")
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "not-found")
    page.get_by_role("link", name="Retour à l'accueil").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_every_chapter_fits_a_phone(page: Page) -> None:
    for chapter in chapters():
        page.goto(f"/chapitres/{chapter.slug}")
        expect(page.get_by_role("heading", level=1)).to_have_text(chapter.title)
        assert_fits_phone(page)
        shoot(page, f"chapter-{chapter.order}")


def test_pages_carry_security_headers(page: Page) -> None:
    response = page.goto("/")
    assert response is not None
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # and the page still works under its CSP
