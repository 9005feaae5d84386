"""The two pages of a forgotten password: ask for a link, then choose the new password with it."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from reflex import constants
from reflex.environment import environment

from guide_app.accounts import accounts, reset
from guide_app.accounts.passwords import check_new_password, off_loop
from guide_app.accounts.state import AuthState
from guide_app.core import clock, routes, throttle
from guide_app.core.forms import Form
from guide_app.core.mail import default_mailer
from guide_app.core.parse import parse_email


class ForgottenPasswordState(rx.State):
    """Every well-formed address gets the same answer, at the same speed: see auth/reset.py."""

    error: str = ""  # next to the e-mail field
    alert: str = ""  # too many requests
    sent_to: str = ""  # the address the answer speaks of
    dev_link: str = ""  # development without SMTP only: the link no e-mail carried

    @rx.event
    def load(self) -> None:
        self.error = self.alert = self.sent_to = ""

    @rx.event
    async def ask(self, form_data: dict[str, Any]) -> None:
        self.error = self.alert = self.sent_to = self.dev_link = ""
        form = Form(form_data)
        email = form.field("email", parse_email)
        if email is None:
            self.error = form.errors["email"]
            return
        refused = throttle.counted(
            (throttle.RESET_LINKS_PER_NETWORK, self.router.session.client_ip),
            (throttle.RESET_LINKS_PER_EMAIL, email.lower()),
        )
        if refused is not None:
            self.alert = refused
            return
        sending = reset.request_link(email)
        self.sent_to = email
        if environment.REFLEX_ENV_MODE.get() == constants.Env.DEV and default_mailer() is None:
            self.dev_link = await asyncio.wrap_future(sending) or ""


def _reset(token: str, new_password: str, session_token: str) -> tuple[int | None, str]:
    """(user id, e-mail) once the link's user has the new password; (None, "") when the link no longer works."""
    with rx.session() as session:
        user = reset.reset_password(session, token=token, new_password=new_password, now=clock.now())
        if user is None:
            return None, ""
        accounts.close_session(session, token=session_token)  # whoever was signed in on this browser
        return user.id, user.email


class NewPasswordState(AuthState):
    status: str = "loading"  # loading | valid | invalid
    errors: dict[str, str] = {}

    _token: str = ""  # the link's token, from the address this browser opened

    @rx.event
    def load(self) -> None:
        token = self.router.page.params.get("token", "")
        self.errors = {}
        with rx.session() as session:
            valid = reset.is_valid(session, token=token, now=clock.now())
        self.status, self._token = ("valid", token) if valid else ("invalid", "")

    @rx.event
    async def choose(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self.status != "valid" or not self._token:
            return None
        form = Form(form_data)
        new_password = form.field("new_password", check_new_password)
        if new_password is None:
            self.errors = form.errors
            return None
        if form.raw("confirmation") != new_password:
            self.errors = {"confirmation": "Les deux saisies diffèrent : tapez deux fois le même mot de passe."}
            return None
        user_id, email = await off_loop(_reset, self._token, new_password, self.session_token)
        self.errors, self._token = {}, ""
        if user_id is None:
            self.status = "invalid"
            return None
        throttle.account_unlocked(email, self.router.session.client_ip)  # the mailbox proved who this is
        self._start_session(user_id)  # the reset closed every session of the user
        return rx.redirect(routes.ACCOUNT if self._account_id else routes.ADVISOR)
