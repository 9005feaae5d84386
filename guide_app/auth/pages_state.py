"""Sign-in and password change forms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app import routes
from guide_app.auth import accounts
from guide_app.auth.passwords import check_new_password
from guide_app.auth.state import AuthState
from guide_app.parse import InputError, form_value, parse_email


class SignInState(AuthState):
    error: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.error = ""
        if self._resolve() is not None:
            return rx.redirect(self._next_path())
        return None

    def _next_path(self) -> str:
        wanted = self.router.page.params.get("suite", "")
        if not self._account_id:  # an advisor has no company account: /compte would send them back here
            return wanted if routes.is_internal_path(wanted) and wanted.startswith(routes.ADVISOR) else routes.ADVISOR
        return wanted if routes.is_internal_path(wanted) and wanted != routes.SIGN_IN else routes.ACCOUNT

    @rx.event
    def sign_in(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        try:
            email = parse_email(form_value(form_data, "email"))
        except InputError:
            email = ""
        with rx.session() as session:
            user = (
                accounts.authenticate(session, email=email, password=form_value(form_data, "password"))
                if email
                else None
            )
        if user is None or user.id is None:
            self.error = "E-mail ou mot de passe incorrect."
            return None
        self.error = ""
        self._start_session(user.id)
        return rx.redirect(self._next_path())


class PasswordState(AuthState):
    errors: dict[str, str] = {}
    done: bool = False

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.errors, self.done = {}, False
        return self._require_account()

    @rx.event
    def change(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self._resolve() is None:
            return self._sign_in_redirect()
        self.done = False
        try:
            new_password = check_new_password(form_value(form_data, "new_password"))
        except InputError as error:
            self.errors = {"new_password": str(error)}
            return None
        with rx.session() as session:
            changed = accounts.change_password(
                session,
                user_id=self._user_id,
                current=form_value(form_data, "current_password"),
                new_password=new_password,
            )
        if not changed:
            self.errors = {"current_password": "Le mot de passe actuel est incorrect."}
            return None
        self.errors = {}
        self._start_session(self._user_id)  # the change closed every session, this one included
        self.done = True
        return None
