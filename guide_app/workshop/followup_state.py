"""« Prochaine session » on a workshop's screen (/conseiller/ateliers/<id>): the date and place the follow-up e-mail
gives participants, with an .ics invitation (followup.py). Chained after ScreenState.load by the page's on_load.

Every handler re-reads the session and the role, and reaches the workshop only through its advisor."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import col, select

from guide_app.core import clock, routes
from guide_app.core.owner import owned, route_id
from guide_app.models import Lead, Workshop
from guide_app.workshop.advisor_state import AdvisorGate
from guide_app.workshop.followup_mail import input_value, parse_next_session, session_moment


class NextSessionState(AdvisorGate):
    found: bool = False
    when: str = ""  # the stored next session as "YYYY-MM-DDTHH:MM", Paris time (an <input type="datetime-local">)
    place: str = ""
    errors: dict[str, str] = {}
    notice: str = ""

    _workshop_id: int = 0

    def _route_workshop_id(self) -> str:
        return routes.path_param(routes.advisor_workshop("[workshop_id]"), self.router.url.path, "workshop_id")

    def _own(self, session: Any) -> Workshop | None:
        return owned(session, Workshop, self._workshop_id, owner=self._user_id, by="advisor_id")

    def _show(self, workshop: Workshop) -> None:
        self.when = input_value(workshop.next_session_at)
        self.place = workshop.next_session_place

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.found, self._workshop_id, self.errors, self.notice = False, 0, {}, ""
        self.when = self.place = ""
        redirect = self._gate()
        if redirect is not None or self.access != "ok":
            return redirect
        with rx.session() as session:
            workshop = owned(
                session, Workshop, route_id(self._route_workshop_id()), owner=self._user_id, by="advisor_id"
            )
            if workshop is None or workshop.id is None:
                return None
            self._workshop_id = workshop.id
            self._show(workshop)
        self.found = True
        return None

    @rx.event
    def save(self, form_data: dict[str, Any]) -> None:
        if not self._allowed():
            return
        self.notice = ""
        with rx.session() as session:
            workshop = self._own(session)
            if workshop is None:
                self.found = False
                self.errors = {}
                return
            change, errors = parse_next_session(form_data, now=clock.now())
            self.errors = errors
            if change is None:
                return
            workshop.next_session_at, workshop.next_session_place = change.starts_at, change.place
            session.add(workshop)
            session.commit()
            session.refresh(workshop)
            self._show(workshop)
            already = workshop.status == "closed" and (
                session.exec(
                    select(Lead.id).where(Lead.workshop_id == workshop.id, col(Lead.followed_up_at).is_not(None))
                ).first()
                is not None
            )
        if change.starts_at is None:
            self.notice = "Prochaine session retirée : les e-mails de suivi n'auront pas d'invitation."
        else:
            where = f", {change.place}" if change.place else ""
            self.notice = f"Prochaine session enregistrée : le {session_moment(change.starts_at)}{where}."
        if already:
            self.notice += " Les e-mails de suivi déjà partis ne sont pas renvoyés."
