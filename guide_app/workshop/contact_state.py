"""« Être recontacté » under one's own diagnostic result (solo or after a workshop): a lead, with consent.

The result is the visitor's own (its attempt is found through the browser's visitor token, never an id the
browser sends); the person can withdraw and erase their details from the same place."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.core.format import day
from guide_app.core.settings import settings
from guide_app.quiz import store as crud
from guide_app.quiz.visitor_state import VisitorState
from guide_app.workshop import lead_store, leads
from guide_app.workshop.store import seat_of_attempt


class ContactState(VisitorState):
    status: str = "hidden"  # hidden (no result) | form | sent
    in_workshop: bool = False
    sent_on: str = ""
    consent_text: str = leads.consent_text(settings.lead_retention_days)
    errors: dict[str, str] = {}

    _attempt_id: int = 0

    def _latest(self) -> None:
        """The visitor's latest finished diagnostic: the one the page shows."""
        with rx.session() as session:
            attempts = crud.finished_attempts(session, visitor_token=self._token(), limit=1)
            attempt = attempts[0] if attempts else None
            self._attempt_id = (attempt.id or 0) if attempt else 0
            lead = lead_store.lead_of_attempt(session, attempt_id=self._attempt_id) if attempt else None
            self.in_workshop = bool(attempt) and seat_of_attempt(session, attempt_id=self._attempt_id) is not None
        self.status = "hidden" if attempt is None else ("sent" if lead else "form")
        self.sent_on = day(lead.consented_at.date()) if lead else ""

    @rx.event
    def load(self) -> None:
        self.errors = {}
        self.consent_text = leads.consent_text(settings.lead_retention_days)
        self._latest()

    @rx.event
    def submit(self, form_data: dict[str, Any]) -> None:
        if self.status != "form":
            return
        contact, errors = leads.parse_contact(form_data)
        self.errors = errors
        if contact is None:
            return
        with rx.session() as session:
            attempt = lead_store.own_finished_attempt(session, attempt_id=self._attempt_id, visitor_token=self._token())
            if attempt is None:
                self._latest()
                return
            lead_store.leave_contact(
                session,
                attempt=attempt,
                contact=contact,
                consent_version=leads.consent_version(settings.lead_retention_days),
            )
        self._latest()

    @rx.event
    def erase(self) -> None:
        """Withdraws the consent: the contact details are erased, the result stays anonymous."""
        with rx.session() as session:
            attempt = lead_store.own_finished_attempt(session, attempt_id=self._attempt_id, visitor_token=self._token())
            lead = lead_store.lead_of_attempt(session, attempt_id=attempt.id or 0) if attempt else None
            if lead is not None:
                lead_store.erase(session, lead=lead)
        self._latest()
