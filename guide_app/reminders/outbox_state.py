"""The "Relances e-mail" page: the account's e-mails, the sends waiting for a retry, test mode or real sending, the
clients whose messages are held, and the owner's sending preferences (thank-you, morning digest)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts.roles import MANAGE, OWNER
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import store
from guide_app.core import clock
from guide_app.core.forms import Form
from guide_app.core.owner import owned
from guide_app.core.settings import settings
from guide_app.models import Debtor
from guide_app.reminders.digest import DIGEST_HOURS, HeldClient, held_clients, set_held
from guide_app.reminders.outbox import MessagesView, messages_view, set_live

NO_DIGEST = "aucun"
DIGEST_CHOICES = [NO_DIGEST, *(str(hour) for hour in DIGEST_HOURS)]


class OutboxState(AuthState):
    view: MessagesView = MessagesView()
    live: bool = False
    mailer_ready: bool = False  # the server has an e-mail server configured
    confirm_error: str = ""
    held: list[HeldClient] = []
    thank_payers: bool = True
    digest_hour: str = "8"  # one of DIGEST_CHOICES
    preferences_error: str = ""
    preferences_notice: str = ""
    send_from_hour: int = 10  # settings.send_from_hour, said next to the digest's hour

    def _show(self) -> None:
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            self.live = bool(account and account.live)
            self.view = messages_view(session, account_id=self._account_id)
            self.held = held_clients(session, account_id=self._account_id)
            if account is not None:
                self.thank_payers = account.thank_payers
                self.digest_hour = NO_DIGEST if account.digest_hour is None else str(account.digest_hour)
        self.mailer_ready = bool(settings.smtp_host)
        self.send_from_hour = settings.send_from_hour

    @rx.event
    def choose_digest_hour(self, value: str) -> None:
        """The select shows the choice at once; nothing is saved before « Enregistrer »."""
        self.digest_hour = value if isinstance(value, str) and value in DIGEST_CHOICES else self.digest_hour

    @rx.event
    @needs(OWNER)
    def save_preferences(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        form = Form(form_data)
        hour = form.raw("digest_hour")
        self.preferences_notice = ""
        if hour not in DIGEST_CHOICES:
            self.preferences_error = "Choisissez une heure dans la liste, ou « aucun » pour ne pas recevoir ce point."
            return None
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            if account is None:
                return self._require_account()
            account.thank_payers = form.raw("thank_payers") == "on"
            account.digest_hour = None if hour == NO_DIGEST else int(hour)
            session.add(account)
            session.commit()
        self.preferences_error = ""
        self.preferences_notice = "Préférences enregistrées."
        self._show()
        return None

    @rx.event
    @needs(MANAGE)
    def resume(self, debtor_id: int) -> rx.event.EventSpec | None:
        """Lets the messages to a held client go again (the account's own clients only)."""
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        with rx.session() as session:
            debtor = owned(session, Debtor, debtor_id, owner=self._account_id)
            if debtor is not None and debtor.id is not None:
                set_held(session, account_id=self._account_id, debtor_id=debtor.id, held=False, now=clock.now())
                session.commit()
        self._show()
        return None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.confirm_error, self.preferences_error, self.preferences_notice = "", "", ""
        redirect = self._require_account()
        if redirect is None:
            self._show()
        return redirect

    @rx.event
    @needs(OWNER)
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
    @needs(OWNER)
    def go_test(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        with rx.session() as session:
            set_live(session, account_id=self._account_id, live=False)
        self._show()
        return None
