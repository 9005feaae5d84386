"""The account settings' "Vos données" section: download a copy of everything, or erase the account."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts.account_data import erase_account, export_account
from guide_app.accounts.passwords import verify_password
from guide_app.accounts.state import AuthState
from guide_app.core import clock, routes
from guide_app.core.parse import form_value
from guide_app.models import User

CONFIRM_WORD = "SUPPRIMER"


class AccountDataState(AuthState):
    erase_errors: dict[str, str] = {}

    @rx.event
    def download(self) -> rx.event.EventSpec:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        with rx.session() as session:
            data = export_account(session, account_id=self._account_id)
        return rx.download(
            data=data, filename=f"mes-donnees-{clock.today().isoformat()}.json", mime_type="application/json"
        )

    @rx.event
    def erase(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        errors = {}
        confirm = form_value(form_data, "erase_confirm")
        if not isinstance(confirm, str) or confirm.strip().upper() != CONFIRM_WORD:
            errors["erase_confirm"] = f"Tapez {CONFIRM_WORD} pour confirmer la suppression."
        with rx.session() as session:
            user = session.get(User, self._user_id)
            if user is None or not verify_password(form_value(form_data, "erase_password"), user.password_hash):
                errors["erase_password"] = "Le mot de passe est incorrect."
            if errors:
                self.erase_errors = errors
                return None
            erase_account(session, account_id=self._account_id)
        self.erase_errors = {}
        self.session_token = ""
        self._resolve()
        return rx.redirect(routes.ACCOUNT_ERASED)
