"""Leads: the contact form and its consent, the pipeline's statuses, invitations, retention (pure rules)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from guide_app.core.forms import Form
from guide_app.core.parse import (
    parse_date,
    parse_email,
    parse_name,
    parse_phone,
)

STATUSES = ("nouveau", "contacte", "rendez_vous", "converti", "perdu")
STATUS_LABELS = {
    "nouveau": "Nouveau",
    "contacte": "Contacté",
    "rendez_vous": "Rendez-vous",
    "converti": "Converti",
    "perdu": "Perdu",
}
CONSENT_KIND = "contact"
CONSENT_TEXT_DATE = "2026-11"
INVITATION_DAYS = 30
MAX_NOTES = 2000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,64}$")


def consent_text(retention_days: int) -> str:
    """The text the person ticks; its version (below) names this exact wording, retention included."""
    return (
        "J'accepte qu'un conseiller du Guide Digital du Recouvrement me recontacte au sujet de mon diagnostic. "
        f"Mes coordonnées et mon résultat sont conservés au plus {retention_days} jours après notre dernier échange ; "
        "je peux demander leur effacement à tout moment (RGPD)."
    )


def consent_version(retention_days: int) -> str:
    return f"{CONSENT_KIND}-{CONSENT_TEXT_DATE}-{retention_days}j"


@dataclass(frozen=True)
class ContactForm:
    contact_name: str
    company_name: str
    email: str
    phone: str


def parse_contact(form_data: object) -> tuple[ContactForm | None, dict[str, str]]:
    """(contact, errors by field): a name, a company, an e-mail or a phone, and the ticked consent."""
    form = Form(form_data)
    values = form.fields(
        {
            "contact_name": lambda v: parse_name(v, field="Votre nom"),
            "company_name": lambda v: parse_name(v, field="Le nom de l'entreprise"),
            "email": lambda v: parse_email(v, required=False),
            "phone": lambda v: parse_phone(v),
        }
    )
    if not form.errors and not values["email"] and not values["phone"]:
        form.refuse("email", "Indiquez un e-mail ou un téléphone pour être recontacté.")
    if not form.checked("consent"):
        form.refuse("consent", "Cochez la case : sans votre accord, nous ne gardons pas vos coordonnées.")
    if form.errors:
        return None, form.errors
    return ContactForm(**{name: str(value) for name, value in values.items()}), {}


@dataclass(frozen=True)
class LeadUpdate:
    status: str
    notes: str
    next_contact_on: date | None


def parse_lead_update(form_data: object) -> tuple[LeadUpdate | None, dict[str, str]]:
    form = Form(form_data)
    status = form.raw("status")
    if status not in STATUSES:
        form.refuse("status", "Choisissez un statut dans la liste.")
    notes = form.raw("notes")
    if not isinstance(notes, str):
        form.refuse("notes", "Les notes doivent être un texte.")
        notes = ""
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        form.refuse("notes", f"Les notes ne peuvent pas dépasser {MAX_NOTES} caractères.")
    elif re.search(r"[<>]", notes):
        form.refuse("notes", "Les notes ne peuvent pas contenir les caractères < et >.")
    raw_date = form.raw("next_contact_on")
    next_on = None
    if isinstance(raw_date, str) and raw_date.strip():
        next_on = form.field("next_contact_on", lambda v: parse_date(v, field="La date de prochain contact"))
    elif not isinstance(raw_date, str):
        form.refuse("next_contact_on", "La date de prochain contact doit être une date, par exemple 31/03/2026.")
    if form.errors:
        return None, form.errors
    return LeadUpdate(status=str(status), notes=notes, next_contact_on=next_on), {}


# --- Invitations and retention ---------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_invitation(now: datetime) -> tuple[str, str, datetime]:
    """(token for the link, its hash to store, expiry)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token), now + timedelta(days=INVITATION_DAYS)


def is_invitation_token(value: object) -> bool:
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def retention_cutoff(now: datetime, retention_days: int) -> datetime:
    """Leads whose last activity is older than this are purged."""
    return now - timedelta(days=retention_days)


def is_expired(last_activity_at: datetime, now: datetime, retention_days: int) -> bool:
    return last_activity_at < retention_cutoff(now, retention_days)
