"""The settings page's calendar section: make the owner's calendar feed link (shown once), make a new one, revoke it."""

from __future__ import annotations

import reflex as rx

from guide_app.accounts import calendar_keys
from guide_app.accounts.state import AuthState
from guide_app.core import routes
from guide_app.core.settings import settings


class CalendarState(AuthState):
    has_feed: bool = False
    feed_link: str = ""  # https://…/compte/agenda.ics?cle=…, right after it is made only
    subscribe_link: str = ""  # the same as webcal://, which a phone hands to its calendar app

    def _show(self, key: str = "") -> None:
        with rx.session() as session:
            self.has_feed = calendar_keys.has_key(session, user_id=self._user_id)
        self.feed_link = f"{settings.public_url.rstrip('/')}{routes.ACCOUNT_CALENDAR}?cle={key}" if key else ""
        self.subscribe_link = "webcal://" + self.feed_link.split("://", 1)[1] if key else ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        if (redirect := self._require_account()) is not None:
            return redirect
        self._show()
        return None

    @rx.event
    def create_feed(self) -> rx.event.EventSpec | None:
        if (redirect := self._require_account()) is not None:
            return redirect
        with rx.session() as session:
            key = calendar_keys.new_key(session, user_id=self._user_id)
        self._show(key)
        return None

    @rx.event
    def revoke_feed(self) -> rx.event.EventSpec | None:
        if (redirect := self._require_account()) is not None:
            return redirect
        with rx.session() as session:
            calendar_keys.revoke(session, user_id=self._user_id)
        self._show()
        return None
