"""The account settings' "Vos données" section: download a copy of everything, or erase the account."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts.account_data import erase_account, export_account
from guide_app.accounts.passwords import DUMMY_HASH, off_loop, verify_password
from guide_app.accounts.roles import OWNER
from guide_app.accounts.state import AuthState, needs
from guide_app.core import clock, routes
from guide_app.core.forms import Form
from guide_app.models import User

CONFIRM_WORD = "SUPPRIMER"


class AccountDataState(AuthState):
    erase_errors: dict[str, str] = {}

    @rx.event
    @needs(OWNER)
    def download(self) -> rx.event.EventSpec:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        with rx.session() as session:
            data = export_account(session, account_id=self._account_id)
        return rx.download(
            data=data, filename=f"mes-donnees-{clock.today().isoformat()}.json", mime_type="application/json"
        )

    @rx.event
    @needs(OWNER)
    async def erase(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        form = Form(form_data)
        if form.text("erase_confirm").upper() != CONFIRM_WORD:
            form.refuse("erase_confirm", f"Tapez {CONFIRM_WORD} pour confirmer la suppression.")
        with rx.session() as session:
            user = session.get(User, self._user_id)
            stored = user.password_hash if user is not None else DUMMY_HASH
        if not await off_loop(verify_password, form.raw("erase_password"), stored) or user is None:
            form.refuse("erase_password", "Le mot de passe est incorrect.")
        if form.errors:
            self.erase_errors = form.errors
            return None
        with rx.session() as session:
            erase_account(session, account_id=self._account_id)
        self.erase_errors = {}
        self.session_token = ""
        self._resolve()
        return rx.redirect(routes.ACCOUNT_ERASED)
