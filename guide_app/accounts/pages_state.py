"""Sign-in and password change forms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts import accounts
from guide_app.accounts.passwords import check_new_password, off_loop
from guide_app.accounts.roles import OWNER
from guide_app.accounts.state import AuthState, needs
from guide_app.core import routes, throttle
from guide_app.core.epc import format_iban
from guide_app.core.forms import Form
from guide_app.core.parse import parse_email
from guide_app.models import Account


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
    async def sign_in(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        form = Form(form_data)
        email = form.field("email", parse_email) or ""
        address = self.router.session.client_ip
        refused = throttle.sign_in_attempt(email, address) if email else None
        if refused is not None:
            self.error = refused
            return None
        user_id = await off_loop(_authenticate, email, form.raw("password")) if email else None
        if user_id is None:
            throttle.sign_in_failed(address)
            self.error = "E-mail ou mot de passe incorrect."
            return None
        throttle.signed_in(email, address)
        self.error = ""
        self._start_session(user_id)
        return rx.redirect(self._next_path())


def _authenticate(email: str, password: object) -> int | None:
    with rx.session() as session:
        user = accounts.authenticate(session, email=email, password=password)
        return user.id if user is not None else None


def _change_password(user_id: int, current: object, new_password: str) -> bool:
    with rx.session() as session:
        return accounts.change_password(session, user_id=user_id, current=current, new_password=new_password)


class PasswordState(AuthState):
    """The account settings page: bank details shown to debtors, password."""

    errors: dict[str, str] = {}
    done: bool = False
    iban: str = ""
    iban_saved: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.errors, self.done, self.iban_saved = {}, False, ""
        redirect = self._require_account()
        if redirect is None:
            with rx.session() as session:
                account = session.get(Account, self._account_id)
                self.iban = format_iban(account.iban) if account and account.iban else ""
        return redirect

    @rx.event
    @needs(OWNER)
    def save_iban(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        form = Form(form_data)
        with rx.session() as session:
            stored = form.field("iban", lambda iban: accounts.set_iban(session, account_id=self._account_id, iban=iban))
        if form.errors:
            self.errors = form.errors
            return None
        self.errors = {}
        self.iban = format_iban(stored) if stored else ""
        self.iban_saved = (
            "IBAN enregistré : vos clients le voient sur leur page, avec un QR code de virement."
            if stored
            else "IBAN effacé."
        )
        return None

    @rx.event
    async def change(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self._resolve() is None:
            return self._sign_in_redirect()
        self.done = False
        form = Form(form_data)
        with rx.session() as session:
            known = accounts.about_user(session, user_id=self._user_id)
        new_password = form.field("new_password", lambda v: check_new_password(v, about_user=known))
        if new_password is None:
            self.errors = form.errors
            return None
        changed = await off_loop(_change_password, self._user_id, form.raw("current_password"), new_password)
        if not changed:
            self.errors = {"current_password": "Le mot de passe actuel est incorrect."}
            return None
        self.errors = {}
        self._start_session(self._user_id)  # the change closed every session, this one included
        self.done = True
        return None
