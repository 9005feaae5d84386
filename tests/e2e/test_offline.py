"""Offline, as on a workshop's bad wifi: once the app has been opened, the guide's chapters are read with no network,
a page that needs the server says so in French instead of the browser's error, and a diagnostic answer given while
offline is sent when the connection comes back, never lost."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from guide_app.core import routes
from guide_app.core.content import chapters
from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.phone import wait_hydrated

BANK = diagnostic_bank()
OUTAGE = r"WebSocket connection to .* failed|Failed to load resource: net::ERR_INTERNET_DISCONNECTED"


def _offline_ready(page: Page) -> None:
    """The service worker installed (home page, chapters and their scripts kept) and in charge of this tab."""
    deadline = time.monotonic() + 30  # polled: wait_for_function would eval a string, which the CSP forbids
    while not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took charge of the page"
        page.wait_for_timeout(200)


@pytest.mark.expected_console(OUTAGE)
def test_after_a_first_visit_the_chapters_are_read_offline_and_other_pages_say_so_in_french(page: Page) -> None:
    first, second, *_ = chapters()
    page.goto("/")
    expect(page.get_by_role("heading", name=first.title)).to_be_visible()
    wait_hydrated(page)
    # the worker's install (about forty files) waits until the page's own first load is over (assets/register-sw.js)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()) === undefined")
    _offline_ready(page)

    page.context.set_offline(True)
    page.goto(routes.chapter(first.slug))  # a full load, with no network: served by the service worker
    expect(page.get_by_role("heading", name=first.title, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connexion au serveur perdue")).to_be_visible(timeout=20_000)
    page.get_by_role("link", name=f"Chapitre {second.order} →").click()  # from chapter to chapter, in the page
    expect(page.get_by_role("heading", name=second.title, level=1)).to_be_visible()
    expect(page.get_by_text(f"Chapitre {second.order} sur {len(chapters())}", exact=False)).to_be_visible()

    # Back online: the chapter read offline is marked « Lu » (the mark waited in the page for the connection).
    page.context.set_offline(False)
    page.get_by_role("link", name="Guide Digital du Recouvrement").click()
    card = page.get_by_role("link").filter(has=page.get_by_role("heading", name=first.title))
    expect(card).to_contain_text("✓ Lu", timeout=30_000)

    page.context.set_offline(True)
    page.goto(routes.SIMULATORS)  # needs the server: the French offline page, not the browser's error
    expect(page.get_by_role("heading", name="Vous êtes hors ligne")).to_be_visible()
    page.get_by_role("link", name="Revenir à l'accueil et aux chapitres").click()
    expect(page.get_by_role("heading", name=second.title)).to_be_visible()
    page.context.set_offline(False)


@pytest.mark.expected_console(OUTAGE)
def test_a_diagnostic_answer_given_offline_is_stored_once_the_connection_returns(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_text("Question 1 sur")).to_be_visible()
    page.get_by_role("button", name=BANK.questions[0].answers[1].text, exact=True).click()
    expect(page.get_by_text("Question 2 sur")).to_be_visible()

    page.context.set_offline(True)
    expect(page.get_by_role("status").filter(has_text="Connexion au serveur perdue")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name=BANK.questions[1].answers[2].text, exact=True).click()  # kept in the page
    page.wait_for_timeout(1000)
    page.context.set_offline(False)
    expect(page.get_by_text("Question 3 sur")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("status").filter(has_text="Connexion au serveur perdue")).to_have_count(0)  # back

    page.reload()  # what the server stored, not what the page remembers
    expect(page.get_by_text("Question 3 sur")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Question précédente").click()
    expect(page.get_by_text("Question 2 sur")).to_be_visible()
    expect(page.locator("button.choice[aria-pressed=true]")).to_have_text(f"✓ {BANK.questions[1].answers[2].text}")
