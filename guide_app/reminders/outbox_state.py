"""The "Relances envoyées" page: the account's e-mails, the sends waiting for a retry, test mode or real sending."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts.state import AuthState
from guide_app.cases import store
from guide_app.core.forms import Form
from guide_app.core.settings import settings
from guide_app.reminders.outbox import MessagesView, messages_view, set_live


class OutboxState(AuthState):
    view: MessagesView = MessagesView()
    live: bool = False
    mailer_ready: bool = False  # the server has an e-mail server configured
    confirm_error: str = ""

    def _show(self) -> None:
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            self.live = bool(account and account.live)
            self.view = messages_view(session, account_id=self._account_id)
        self.mailer_ready = bool(settings.smtp_host)

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.confirm_error = ""
        redirect = self._require_account()
        if redirect is None:
            self._show()
        return redirect

    @rx.event
    def go_live(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        if Form(form_data).raw("confirm_live") != "on":
            self.confirm_error = "Cochez la case pour confirmer que vos relances partiront vraiment."
            return None
        with rx.session() as session:
            set_live(session, account_id=self._account_id, live=True)
        self.confirm_error = ""
        self._show()
        return None

    @rx.event
    def go_test(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        with rx.session() as session:
            set_live(session, account_id=self._account_id, live=False)
        self._show()
        return None
