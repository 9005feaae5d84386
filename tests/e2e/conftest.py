"""Starts the real app once per session (production build, one port, temp SQLite, e-mails to a loopback SMTP
server) and drives it in Debian's Chromium at 390×844. A test fails when the server logs an error or the browser
console shows one."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.app_server import Server, running_app
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS, PHONE, Contexts, wait_hydrated
from tests.integration.sending_fixtures import Inbox, smtp_server

# The scheduler runs when a test starts it (`python -m guide_app.jobs run-due`, with --now when the day matters), not
# on its own in the app: a digest or a reminder leaving by itself mid-test would race with what the test checks. The
# runs send at any hour: the 10 h rule (settings.send_from_hour) is tested with a fixed clock in
# tests/integration/reminders. (test_faults starts its own app instances with their scheduler on.)
os.environ["GUIDE_SCHEDULER_INTERVAL"] = "0"
os.environ["GUIDE_SEND_FROM_HOUR"] = "0"

# Assertions wait as long as actions do (15 s, set on each page): on 2 busy cores with 2 workers behind Redis, a
# redirect can take longer than Playwright's default 5 s for `expect`.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session", autouse=True)
def opened_pages_answer_taps() -> Iterator[None]:
    """Every `goto` and `reload` returns once the page is hydrated, as a person's first tap finds it: the page
    paints before its scripts load, so Playwright's `load` event comes before the page answers."""
    goto, reload = Page.goto, Page.reload

    def goto_hydrated(self: Page, url: str, **options: Any) -> Any:
        response = goto(self, url, **options)
        wait_hydrated(self)
        return response

    def reload_hydrated(self: Page, **options: Any) -> Any:
        response = reload(self, **options)
        wait_hydrated(self)
        return response

    Page.goto, Page.reload = goto_hydrated, reload_hydrated  # type: ignore[method-assign]
    yield
    Page.goto, Page.reload = goto, reload  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Inbox]:
    """Every e-mail the app sends (accounts in test mode send no reminder: only account e-mails arrive here)."""
    inbox = Inbox()
    controller = smtp_server(inbox)
    inbox.port = controller.port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def server(mailbox: Inbox) -> Iterator[Server]:
    smtp = {
        "GUIDE_SMTP_HOST": "127.0.0.1",
        "GUIDE_SMTP_PORT": str(mailbox.port),  # type: ignore[attr-defined]
        "GUIDE_SMTP_TLS": "none",
        "GUIDE_SMTP_SENDER": "compte@guide.example",
    }
    with running_app(smtp) as app:
        app.new_errors()  # start-up noise is not a test's fault
        yield app


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new visitor's phone: fresh storage, French locale, touch, 390×844."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url)
    tab = context.new_page()
    console_errors: list[str] = []
    tab.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: console_errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    if request.node.stash.get(CALL_FAILED, False):  # what the server did meanwhile, in the failure's report
        print(f"server log, last lines:\n{server.log.read_text()[-6000:]}")
    server_errors = server.new_errors()
    for marker in request.node.iter_markers("expected_server_log"):
        server_errors = [line for line in server_errors if not re.search(marker.args[0], line)]
    assert not server_errors, f"server errors during {request.node.name}:\n{server.log.read_text()[-6000:]}"
    console_errors = _unexpected(console_errors, request)
    assert not console_errors, f"browser console errors during {request.node.name}: {console_errors}"


def _unexpected(console_errors: list[str], request: pytest.FixtureRequest) -> list[str]:
    """The console errors the test's `expected_console` markers do not announce."""
    for marker in request.node.iter_markers("expected_console"):
        console_errors = [e for e in console_errors if not re.search(marker.args[0], e)]
    return console_errors


@pytest.fixture
def contexts(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Contexts]:
    extra = Contexts(browser, server)
    yield extra
    for context in extra.opened:
        context.close()
    errors = _unexpected(extra.errors, request)
    assert not errors, f"browser console errors in the other tabs: {errors}"
