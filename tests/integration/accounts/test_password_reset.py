"""Forgotten password: the request page, the e-mail through a real SMTP server on loopback (aiosmtpd), the link
and the new-password page, through their real states and the app's migrated database."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import threading
from datetime import UTC, timedelta
from itertools import count

import pytest
import reflex as rx
from reflex.istate.data import SessionData
from sqlmodel import select

from guide_app.accounts import accounts, reset
from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.accounts.reset_state import ForgottenPasswordState, NewPasswordState
from guide_app.core import clock, throttle
from guide_app.core.settings import settings
from guide_app.desk.state import AccountState
from guide_app.models import PasswordReset, User
from tests.integration.owners import PASSWORD, _sign_up, call, sub
from tests.integration.sending_fixtures import Inbox, smtp_server

NEW_PASSWORD = "un tout nouveau mot de passe"
SAME_ANSWER = "Si un compte existe pour cette adresse"
_networks = count(1)


class GatedInbox(Inbox):
    """Holds every message until `open` is set: shows what the page answered before any e-mail left."""

    def __init__(self) -> None:
        super().__init__()
        self.open = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        self.open.wait(10)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def inbox(monkeypatch):
    """The app's SMTP settings pointed at a loopback server; the gate is open unless a test closes it."""
    inbox = GatedInbox()
    inbox.open.set()
    controller = smtp_server(inbox)
    for name, value in {
        "smtp_host": "127.0.0.1",
        "smtp_port": controller.port,
        "smtp_tls": "none",
        "smtp_sender": "compte@guide.example",
        "public_url": "https://guide.example",
    }.items():
        monkeypatch.setattr(settings, name, value)
    yield inbox
    inbox.open.set()
    reset.wait_for_requests()
    controller.stop()


def _forgotten_page(new_browser) -> ForgottenPasswordState:
    """A new visitor on the request page, each from a network of its own (the per-network limit is tested apart)."""
    page = sub(new_browser(), ForgottenPasswordState)
    page.router = dataclasses.replace(page.router, session=SessionData(client_ip=f"192.0.2.{next(_networks)}"))
    ForgottenPasswordState.load.fn(page)
    return page


def _ask(page: ForgottenPasswordState, email: object) -> None:
    call(ForgottenPasswordState.ask, page, {"email": email})
    reset.wait_for_requests()


def _links_in(inbox: Inbox, address: str) -> list[str]:
    """The path of the link in each e-mail to this address, checked to start with GUIDE_PUBLIC_URL."""
    link = re.compile(r"https://guide\.example(/connexion/nouveau-mot-de-passe/[A-Za-z0-9_-]{43})\r?\n")
    found = [link.search(message.get_content()) for message in inbox.to(address)]
    assert all(found), [message.get_content() for message in inbox.to(address)]
    return [match.group(1) for match in found if match]


def _link_in(inbox: Inbox, address: str) -> str:
    (path,) = _links_in(inbox, address)
    return path


def _token(path: str) -> str:
    return path.rsplit("/", 1)[1]


def _open_link(new_browser, path: str, **client_storage: str) -> NewPasswordState:
    page = sub(new_browser(**client_storage), NewPasswordState)
    page.router.page.params["token"] = _token(path)
    NewPasswordState.load.fn(page)
    return page


def _rows(user_email: str) -> list[PasswordReset]:
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == user_email)).one()
        return list(session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id)))


def _can_sign_in(email: str, password: str) -> bool:
    with rx.session() as session:
        return accounts.authenticate(session, email=email, password=password) is not None


def test_known_and_unknown_addresses_get_the_same_answer_before_any_mail_leaves(new_browser, inbox):
    _sign_up(new_browser, "reset-known@example.fr")
    inbox.open.clear()  # the SMTP server holds the message: the page must not wait for it
    known, unknown = _forgotten_page(new_browser), _forgotten_page(new_browser)
    call(ForgottenPasswordState.ask, known, {"email": " Reset-Known@Example.fr "})
    call(ForgottenPasswordState.ask, unknown, {"email": "reset-nobody@example.fr"})
    assert inbox.messages == []  # both answered while the e-mail was still on its way
    for page in (known, unknown):
        assert (page.error, page.alert) == ("", "")
    assert (known.sent_to, unknown.sent_to) == ("reset-known@example.fr", "reset-nobody@example.fr")
    inbox.open.set()
    reset.wait_for_requests()
    assert [m["To"] for m in inbox.messages] == ["reset-known@example.fr"]
    message = inbox.messages[0]
    assert message["Subject"] == "Choisir un nouveau mot de passe"
    assert "Guide Digital du Recouvrement" in message["From"] and "compte@guide.example" in message["From"]
    assert "Bonjour Camille Durand" in message.get_content()
    with rx.session() as session:
        assert session.exec(select(User).where(User.email == "reset-nobody@example.fr")).first() is None


def test_only_the_hash_of_the_link_is_stored_and_the_link_sets_the_password(new_browser, inbox):
    first = _sign_up(new_browser, "reset-hash@example.fr")
    second = new_browser()  # the same person signed in on a second device
    accounts_page = sub(second, AccountState)
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == "reset-hash@example.fr")).one()
        accounts_page.session_token = accounts.open_session(session, user=user)
    old_tokens = [sub(first, AccountState).session_token, accounts_page.session_token]

    _ask(_forgotten_page(new_browser), "reset-hash@example.fr")
    path = _link_in(inbox, "reset-hash@example.fr")
    (row,) = _rows("reset-hash@example.fr")
    assert row.token_hash == hashlib.sha256(_token(path).encode()).hexdigest()
    assert _token(path) not in repr(row)
    assert timedelta(minutes=59) < row.expires_at.replace(tzinfo=UTC) - clock.now() <= timedelta(hours=1)

    page = _open_link(new_browser, path)
    assert page.status == "valid" and not page.signed_in
    assert _token(path) not in str(page.get_delta())  # the token stays in the address bar, out of the state
    redirect = call(NewPasswordState.choose, page, {"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert "/compte" in str(redirect)
    assert page.signed_in and page.contact_name == "Camille Durand"
    assert _rows("reset-hash@example.fr") == []
    for token in old_tokens:  # every other device is signed out
        assert "/connexion" in str(AccountState.load.fn(sub(new_browser(session_token=token), AccountState)))
    assert AccountState.load.fn(sub(new_browser(session_token=page.session_token), AccountState)) is None
    assert _can_sign_in("reset-hash@example.fr", NEW_PASSWORD) and not _can_sign_in("reset-hash@example.fr", PASSWORD)


def test_a_link_works_once(new_browser, inbox):
    _sign_up(new_browser, "reset-once@example.fr")
    _ask(_forgotten_page(new_browser), "reset-once@example.fr")
    path = _link_in(inbox, "reset-once@example.fr")
    opened_twice = _open_link(new_browser, path)
    page = _open_link(new_browser, path)
    call(NewPasswordState.choose, page, {"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert page.signed_in

    assert (
        call(
            NewPasswordState.choose,
            opened_twice,
            {"new_password": "encore un autre secret", "confirmation": "encore un autre secret"},
        )
        is None
    )
    assert opened_twice.status == "invalid" and not opened_twice.signed_in
    assert _open_link(new_browser, path).status == "invalid"
    assert _can_sign_in("reset-once@example.fr", NEW_PASSWORD)


def test_a_reset_lifts_the_sign_in_limit_of_the_address(new_browser):
    _sign_up(new_browser, "reset-locked@example.fr")
    sign_in = sub(new_browser(), SignInState)
    for _ in range(5):
        call(SignInState.sign_in, sign_in, {"email": "reset-locked@example.fr", "password": "je ne sais plus"})
    call(SignInState.sign_in, sign_in, {"email": "reset-locked@example.fr", "password": PASSWORD})
    assert sign_in.error == throttle.SIGN_IN_FROM_NETWORK.message and not sign_in.signed_in
    with rx.session() as session:
        issued = reset.issue(session, email="reset-locked@example.fr", now=clock.now())
    assert issued is not None
    page = _open_link(new_browser, f"/x/{issued.token}")
    call(NewPasswordState.choose, page, {"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert page.signed_in
    call(SignInState.sign_in, sign_in, {"email": "reset-locked@example.fr", "password": NEW_PASSWORD})
    assert sign_in.signed_in and sign_in.error == ""


def test_a_newer_link_replaces_the_older_one(new_browser, inbox):
    _sign_up(new_browser, "reset-newer@example.fr")
    page = _forgotten_page(new_browser)
    _ask(page, "reset-newer@example.fr")
    _ask(page, "reset-newer@example.fr")
    older, newer = (_token(path) for path in _links_in(inbox, "reset-newer@example.fr"))
    assert older != newer and len(_rows("reset-newer@example.fr")) == 1
    with rx.session() as session:
        now = clock.now()
        assert not reset.is_valid(session, token=older, now=now)
        assert reset.is_valid(session, token=newer, now=now)


def test_a_link_expires_after_one_hour(new_browser):
    _sign_up(new_browser, "reset-expiry@example.fr")
    asked = clock.now()
    with rx.session() as session:
        issued = reset.issue(session, email="reset-expiry@example.fr", now=asked)
        assert issued is not None
        assert reset.is_valid(session, token=issued.token, now=asked + timedelta(minutes=59))
        late = asked + timedelta(minutes=60)
        assert reset.reset_password(session, token=issued.token, new_password=NEW_PASSWORD, now=late) is None
    assert _rows("reset-expiry@example.fr") == []  # an expired link is deleted when it is tried
    assert _can_sign_in("reset-expiry@example.fr", PASSWORD)


def test_changing_the_password_cancels_the_link(new_browser):
    root = _sign_up(new_browser, "reset-change@example.fr")
    with rx.session() as session:
        issued = reset.issue(session, email="reset-change@example.fr", now=clock.now())
    assert issued is not None
    settings_page = sub(root, PasswordState)
    call(PasswordState.change, settings_page, {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert settings_page.done
    assert _open_link(new_browser, f"/x/{issued.token}").status == "invalid"
    assert _rows("reset-change@example.fr") == []


def test_unknown_or_forged_links_show_the_invalid_page_and_change_nothing(new_browser):
    _sign_up(new_browser, "reset-forged@example.fr")
    for token in ("", "x" * 43, "<script>alert(1)</script>", "a" * 5000):
        page = _open_link(new_browser, f"/x/{token}")
        assert page.status == "invalid"
        assert call(NewPasswordState.choose, page, {"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD}) is None
        assert not page.signed_in
    assert _can_sign_in("reset-forged@example.fr", PASSWORD)


def test_the_new_password_follows_the_rules_and_is_typed_twice(new_browser):
    _sign_up(new_browser, "reset-rules@example.fr")
    with rx.session() as session:
        issued = reset.issue(session, email="reset-rules@example.fr", now=clock.now())
    assert issued is not None
    page = _open_link(new_browser, f"/x/{issued.token}")
    for form, field, message in (
        ({"new_password": "court", "confirmation": "court"}, "new_password", "au moins 12 caractères"),
        ({"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD + "!"}, "confirmation", "Les deux saisies"),
        ({"new_password": ["liste"], "confirmation": ""}, "new_password", "Choisissez un mot de passe"),
        ("pas un formulaire", "new_password", "Choisissez un mot de passe"),
    ):
        assert call(NewPasswordState.choose, page, form) is None
        assert message in page.errors[field] and not page.signed_in
    assert page.status == "valid" and len(_rows("reset-rules@example.fr")) == 1
    assert _can_sign_in("reset-rules@example.fr", PASSWORD)


def test_bad_input_gets_a_french_message_next_to_the_field_and_sends_nothing(new_browser, inbox):
    page = _forgotten_page(new_browser)
    for value, message in (
        ("", "L'adresse e-mail est obligatoire."),
        ("pas-un-email", "n'est pas valide"),
        ("<script>alert(1)</script>@example.fr", "n'est pas valide"),
        ({"email": "x@example.fr"}, "doit être un texte"),
        (None, "doit être un texte"),
    ):
        _ask(page, value)
        assert message in page.error and page.sent_to == ""
    call(ForgottenPasswordState.ask, page, "pas un formulaire")
    assert page.error == "L'adresse e-mail est obligatoire."
    assert inbox.messages == []


def test_requests_are_limited_per_address_and_per_network(new_browser, inbox):
    _sign_up(new_browser, "reset-flood@example.fr")
    for _ in range(3):
        _ask(_forgotten_page(new_browser), "reset-flood@example.fr")
    refused = _forgotten_page(new_browser)
    _ask(refused, "RESET-FLOOD@example.fr")
    assert refused.alert == throttle.RESET_LINKS_PER_EMAIL.message and refused.sent_to == ""
    assert len(inbox.to("reset-flood@example.fr")) == 3

    one_network = _forgotten_page(new_browser)
    for number in range(10):
        _ask(one_network, f"personne-{number}@example.fr")
        assert one_network.alert == ""
    _ask(one_network, "encore-une@example.fr")
    assert one_network.alert.startswith("Trop de demandes") and one_network.sent_to == ""


def test_finding_12_a_reset_link_is_never_written_to_the_log(new_browser, caplog, monkeypatch):
    _sign_up(new_browser, "reset-nosmtp@example.fr")
    monkeypatch.setattr(settings, "smtp_host", "")
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")
    with caplog.at_level(logging.DEBUG):
        production = _forgotten_page(new_browser)
        _ask(production, "reset-nosmtp@example.fr")
        monkeypatch.setenv("REFLEX_ENV_MODE", "dev")
        development = _forgotten_page(new_browser)
        _ask(development, "reset-nosmtp@example.fr")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "GUIDE_SMTP_HOST" in logged  # the operator learns that no e-mail left…
    assert "nouveau-mot-de-passe" not in logged and "reset-nosmtp" not in logged  # …not the link, nor for whom
    assert production.dev_link == ""
    rows = _rows("reset-nosmtp@example.fr")
    token = re.search(r"/connexion/nouveau-mot-de-passe/(\S+)$", development.dev_link).group(1)
    assert hashlib.sha256(token.encode()).hexdigest() in {row.token_hash for row in rows}  # shown on screen in dev
