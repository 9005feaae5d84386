"""Faults a real deployment meets: the backend killed in the middle of a diagnostic, a phone losing its
connection. The participant finds every answer again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.app_server import Server

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
