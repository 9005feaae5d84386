"""The two pages of a forgotten password: ask for a link, then choose the new password with it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts import accounts, reset, throttle
from guide_app.accounts.passwords import check_new_password
from guide_app.accounts.state import AuthState
from guide_app.core import clock, routes
from guide_app.core.forms import Form
from guide_app.core.parse import parse_email


class ForgottenPasswordState(rx.State):
    """Every well-formed address gets the same answer, at the same speed: see auth/reset.py."""

    error: str = ""  # next to the e-mail field
    alert: str = ""  # too many requests
    sent_to: str = ""  # the address the answer speaks of

    @rx.event
    def load(self) -> None:
        self.error = self.alert = self.sent_to = ""

    @rx.event
    def ask(self, form_data: dict[str, Any]) -> None:
        self.error = self.alert = self.sent_to = ""
        form = Form(form_data)
        email = form.field("email", parse_email)
        if email is None:
            self.error = form.errors["email"]
            return
        if not throttle.allow_reset_link(email, self.router.session.client_ip):
            self.alert = throttle.TOO_MANY_RESET_LINKS
            return
        reset.request_link(email)
        self.sent_to = email


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
    def choose(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
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
        with rx.session() as session:
            user = reset.reset_password(session, token=self._token, new_password=new_password, now=clock.now())
            user_id, email = (user.id, user.email) if user is not None else (None, "")
            if user_id is not None:
                accounts.close_session(session, token=self.session_token)  # whoever was signed in on this browser
        self.errors, self._token = {}, ""
        if user_id is None:
            self.status = "invalid"
            return None
        throttle.reset_sign_in(email)  # the mailbox proved who this is: earlier failed sign-ins no longer count
        self._start_session(user_id)  # the reset closed every session of the user
        return rx.redirect(routes.ACCOUNT if self._account_id else routes.ADVISOR)
