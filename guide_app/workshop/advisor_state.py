"""The advisor space (/conseiller): workshops and leads. Every handler re-reads the session and the role from
the database, and reaches a workshop or a lead only through the advisor it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import reflex as rx

from guide_app.accounts.state import AuthState
from guide_app.core import routes
from guide_app.core.clock import today
from guide_app.core.format import day
from guide_app.core.forms import Form
from guide_app.core.owner import owned, route_id
from guide_app.core.parse import parse_choice, parse_date, parse_name
from guide_app.core.settings import settings
from guide_app.models import Lead, QuizAttempt
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop import game, lead_store, leads, store

MODE_LABELS = {"self_paced": "Chacun à son rythme", "live": "En direct (questions pas à pas)"}
STATUS_LABELS = {"open": "Ouvert", "closed": "Clos"}


class AdvisorGate(AuthState):
    """What every advisor page starts with: signed in (else the sign-in page), advisor (else a refusal)."""

    access: str = "loading"  # loading | denied | ok

    def _gate(self) -> rx.event.EventSpec | None:
        who = self._resolve()
        if who is None:
            self.access = "loading"
            return self._sign_in_redirect()
        self.access = "ok" if who.role in store.ADVISOR_ROLES else "denied"
        return None

    def _allowed(self) -> bool:
        """For every handler: the session is still valid and the role still an advisor's (read again)."""
        return self._gate() is None and self.access == "ok"

    def _origin(self) -> str:
        """Where phones reach the app: GUIDE_PUBLIC_URL when set, else the address the advisor's browser uses."""
        origin = self.router.url.origin
        if "public_url" in settings.model_fields_set or not origin.startswith(("http://", "https://")):
            return settings.public_url.rstrip("/")
        return origin


@dataclass
class WorkshopCard:
    id: int
    title: str
    date: str
    code: str
    mode: str
    status: str
    joined: int
    href: str


@dataclass
class LeadCard:
    id: int
    name: str
    company: str
    source: str
    status: str
    next_contact: str
    href: str


def lead_cards(session: Any, rows: list[Lead]) -> list[LeadCard]:
    workshops = store.workshops_by_id(session, [r.workshop_id for r in rows if r.workshop_id])
    return [
        LeadCard(
            id=lead.id or 0,
            name=lead.contact_name,
            company=lead.company_name,
            source=f"Atelier « {workshops[lead.workshop_id].title} »"
            if lead.workshop_id in workshops
            else "Diagnostic en ligne",
            status=leads.STATUS_LABELS.get(lead.status, lead.status),
            next_contact=day(lead.next_contact_on) if lead.next_contact_on else "",
            href=routes.advisor_lead(lead.id or 0),
        )
        for lead in rows
    ]


def game_settings(form_data: object) -> tuple[store.GameSettings | None, dict[str, str]]:
    """A game's chapters (a checkbox each, game.field_name), order and seconds from the creation form, or the errors."""
    data = form_data if isinstance(form_data, dict) else {}
    ticked = [slug for slug in game.chapter_slugs() if data.get(game.field_name(slug)) == "on"]
    chapters, chapters_refusal = game.parse_chapters(ticked)
    seconds, seconds_refusal = game.parse_seconds(data.get("seconds", ""))
    errors = {}
    if chapters is None:
        errors["chapters"] = chapters_refusal
    if seconds is None:
        errors["seconds"] = seconds_refusal
    if chapters is None or seconds is None:
        return None, errors
    return store.GameSettings(chapters, data.get("melange") == "on", seconds), {}


class AdvisorSpaceState(AdvisorGate):
    workshops: list[WorkshopCard] = []
    my_leads: list[LeadCard] = []
    waiting_leads: list[LeadCard] = []
    errors: dict[str, str] = {}
    today_iso: str = ""

    def _refresh(self) -> None:
        with rx.session() as session:
            self.workshops = [
                WorkshopCard(
                    id=line.workshop.id or 0,
                    title=line.workshop.title,
                    date=day(line.workshop.held_on),
                    code=line.workshop.code if line.workshop.status == "open" else "",
                    mode="Jeu-quiz des chapitres"
                    if line.workshop.content == store.GAME
                    else MODE_LABELS.get(line.workshop.mode, ""),
                    status=STATUS_LABELS.get(line.workshop.status, ""),
                    joined=line.joined,
                    href=routes.advisor_workshop(line.workshop.id or 0),
                )
                for line in store.workshops_of(session, advisor_id=self._user_id)
            ]
            self.my_leads = lead_cards(session, lead_store.leads_of(session, advisor_id=self._user_id))
            self.waiting_leads = lead_cards(session, lead_store.unassigned(session))

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.errors = {}
        self.today_iso = today().isoformat()
        redirect = self._gate()
        if redirect is None and self.access == "ok":
            self._refresh()
        return redirect

    @rx.event
    def create(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if not self._allowed():
            return None
        form = Form(form_data)
        values = form.fields(
            {
                "title": lambda v: parse_name(v, field="Le titre"),
                "held_on": lambda v: parse_date(v, field="La date"),
                "mode": lambda v: parse_choice(v, field="Le déroulé", choices=store.MODES),
                # absent: the diagnostic (the form's default; older links and scripts post no content)
                "content": lambda v: parse_choice(v or store.CONTENTS[0], field="Le contenu", choices=store.CONTENTS),
            }
        )
        settings_, game_errors = game_settings(form_data) if values.get("content") == store.GAME else (None, {})
        self.errors = form.errors | game_errors
        if self.errors:
            return None
        content = values.pop("content")
        with rx.session() as session:
            workshop = store.create_workshop(
                session, advisor_id=self._user_id, game=settings_ if content == store.GAME else None, **values
            )
        return rx.redirect(routes.advisor_workshop(workshop.id or 0))

    @rx.event
    def take(self, lead_id: int) -> None:
        if not self._allowed():
            return
        with rx.session() as session:
            lead_store.take(session, advisor_id=self._user_id, lead_id=lead_id)
        self._refresh()


class LeadState(AdvisorGate):
    """/conseiller/contacts/<id>: one lead of this advisor."""

    found: bool = False
    name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    source: str = ""
    consent: str = ""
    result: str = ""
    result_href: str = ""
    status: str = "nouveau"
    notes: str = ""
    next_contact: str = ""
    converted: bool = False
    errors: dict[str, str] = {}
    notice: str = ""
    invitation_link: str = ""
    mailto: str = ""
    confirming_erase: bool = False

    _lead_id: int = 0

    def _fill(self, session: Any, lead: Lead) -> None:
        card = lead_cards(session, [lead])[0]
        self._lead_id = lead.id or 0
        self.found = True
        self.name, self.company, self.email, self.phone = lead.contact_name, lead.company_name, lead.email, lead.phone
        self.source = card.source
        self.consent = f"Consentement donné le {day(lead.consented_at.date())} (texte {lead.consent_version})"
        attempt = session.get(QuizAttempt, lead.attempt_id) if lead.attempt_id else None
        levels = {level.id: level.label for level in diagnostic_bank().levels}
        self.result = (
            f"{attempt.overall} / 100 · {levels.get(attempt.level_id or '', '')}"
            if attempt is not None and attempt.finished_at is not None
            else ""
        )
        self.result_href = routes.diagnostic_share(attempt.share_id) if attempt and attempt.share_id else ""
        self.status, self.notes = lead.status, lead.notes
        self.next_contact = lead.next_contact_on.isoformat() if lead.next_contact_on else ""
        self.converted = lead.account_id is not None

    def _own(self, session: Any) -> Lead | None:
        return owned(session, Lead, self._lead_id, owner=self._user_id, by="advisor_id")

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.errors, self.notice, self.invitation_link, self.mailto = {}, "", "", ""
        self.confirming_erase, self.found, self._lead_id = False, False, 0
        redirect = self._gate()
        if redirect is not None or self.access != "ok":
            return redirect
        with rx.session() as session:
            lead_id = route_id(routes.path_param(routes.advisor_lead("[lead_id]"), self.router.url.path, "lead_id"))
            lead = owned(session, Lead, lead_id, owner=self._user_id, by="advisor_id")
            if lead is not None:
                self._fill(session, lead)
        return None

    @rx.event
    def save(self, form_data: dict[str, Any]) -> None:
        if not self._allowed():
            return
        change, errors = leads.parse_lead_update(form_data)
        self.errors, self.notice = errors, ""
        if change is None:
            return
        with rx.session() as session:
            lead = self._own(session)
            if lead is None:
                self.found = False
                return
            lead_store.update(session, lead=lead, change=change)
            self._fill(session, lead)
        self.notice = "Suivi enregistré."

    @rx.event
    def invite(self) -> None:
        if not self._allowed():
            return
        with rx.session() as session:
            lead = self._own(session)
            if lead is None or lead.account_id is not None:
                return
            token = lead_store.invite(session, lead=lead)
            self._fill(session, lead)
        self.invitation_link = self._origin() + routes.invitation(token)
        subject = "Votre espace de recouvrement, pré-rempli avec votre diagnostic"
        body = (
            f"Bonjour {self.name},\n\nComme convenu, voici le lien pour créer votre compte sur le Guide Digital du "
            f"Recouvrement. Il est pré-rempli avec votre entreprise et votre diagnostic :\n{self.invitation_link}\n\n"
            "Ce lien est personnel et valable 30 jours."
        )
        self.mailto = f"mailto:{quote(self.email)}?subject={quote(subject)}&body={quote(body)}" if self.email else ""
        self.notice = "Lien d'invitation créé : envoyez-le à votre contact."

    @rx.event
    def ask_erase(self) -> None:
        self.confirming_erase = self.found

    @rx.event
    def cancel_erase(self) -> None:
        self.confirming_erase = False

    @rx.event
    def erase(self) -> rx.event.EventSpec | None:
        if not self._allowed() or not self.confirming_erase:
            return None
        with rx.session() as session:
            lead = self._own(session)
            if lead is not None:
                lead_store.erase(session, lead=lead)
        self.found = self.confirming_erase = False
        self._lead_id = 0
        return rx.redirect(routes.ADVISOR)
