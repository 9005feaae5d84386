"""Faults a real deployment meets: the backend killed in the middle of a diagnostic or of a workshop, a phone
losing its connection. The participant finds every answer again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.app_server import Server
from tests.e2e.journeys import TOTAL, answer_in_room, create_workshop, join_workshop, sign_in_advisor
from tests.e2e.phone import Contexts

BANK = diagnostic_bank()


def _answer(page: Page, index: int) -> None:
    expect(page.get_by_text(f"Question {index + 1} sur")).to_be_visible()
    page.get_by_role("button", name=BANK.questions[index].answers[1].text, exact=True).click()


OUTAGE = r"WebSocket connection to .* failed"  # what the browser logs while the server is down


@pytest.mark.expected_console(OUTAGE)
def test_a_killed_backend_loses_no_answer(page: Page, server: Server) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index in range(3):
        _answer(page, index)
    expect(page.get_by_text("Question 4 sur")).to_be_visible()

    server.restart()  # SIGKILL, then a new process on the same database

    page.reload()
    expect(page.get_by_text("Question 4 sur")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="← Question précédente").click()
    third = BANK.questions[2].answers[1].text
    expect(page.get_by_role("button", name=third)).to_have_attribute("aria-pressed", "true")


@pytest.mark.journey
@pytest.mark.expected_console(OUTAGE)
def test_a_killed_backend_mid_workshop_keeps_every_answer(page: Page, server: Server, contexts: Contexts) -> None:
    laptop = sign_in_advisor(contexts)
    code = create_workshop(laptop, "Atelier interrompu", live=False)
    join_workshop(page, code, "Renard")
    chosen = [1, 0, 2]
    for index, position in enumerate(chosen):
        answer_in_room(page, index, position)
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible()
    cards = laptop.locator(".question-card")
    expect(cards.nth(2)).to_contain_text("1 réponse(s)")

    server.restart()  # SIGKILL, then a new process on the same database

    page.reload()
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Renard")).to_be_visible()
    answer_in_room(page, 3, 0)
    expect(page.get_by_text(f"Question 5 sur {TOTAL}")).to_be_visible()
    # The advisor's screen reconnects by itself (it shows the answer given after the restart) and counts the
    # answers given before the crash, each on the option chosen.
    expect(cards.nth(3)).to_contain_text("1 réponse(s)", timeout=30_000)
    expect(laptop.locator("#joined-count")).to_have_text("1")
    for index, position in enumerate(chosen):
        card = cards.nth(index)
        expect(card).to_contain_text("1 réponse(s)")
        option = BANK.questions[index].answers[position].text
        expect(card.locator(".bar-row").filter(has=laptop.get_by_text(option, exact=True))).to_contain_text("1 · 100")


@pytest.mark.expected_console(OUTAGE)
def test_a_dropped_connection_comes_back_to_the_same_question(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index in range(2):
        _answer(page, index)
    page.context.set_offline(True)
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    expect(page.get_by_text("Question 3 sur")).to_be_visible(timeout=20_000)
    _answer(page, 2)
    expect(page.get_by_text("Question 4 sur")).to_be_visible()
