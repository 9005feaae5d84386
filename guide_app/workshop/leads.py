"""Leads: the contact form and its consent, the pipeline's statuses, invitations, retention (pure rules)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from guide_app.core.parse import (
    InputError,
    form_value,
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
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    checks: dict[str, Any] = {
        "contact_name": lambda v: parse_name(v, field="Votre nom"),
        "company_name": lambda v: parse_name(v, field="Le nom de l'entreprise"),
        "email": lambda v: parse_email(v, required=False),
        "phone": lambda v: parse_phone(v),
    }
    for name, check in checks.items():
        try:
            values[name] = check(form_value(form_data, name))
        except InputError as error:
            errors[name] = str(error)
    if not errors and not values["email"] and not values["phone"]:
        errors["email"] = "Indiquez un e-mail ou un téléphone pour être recontacté."
    if form_value(form_data, "consent") not in ("on", True, "true"):
        errors["consent"] = "Cochez la case : sans votre accord, nous ne gardons pas vos coordonnées."
    if errors:
        return None, errors
    return ContactForm(**values), {}


@dataclass(frozen=True)
class LeadUpdate:
    status: str
    notes: str
    next_contact_on: date | None


def parse_lead_update(form_data: object) -> tuple[LeadUpdate | None, dict[str, str]]:
    errors: dict[str, str] = {}
    status = form_value(form_data, "status")
    if status not in STATUSES:
        errors["status"] = "Choisissez un statut dans la liste."
    notes = form_value(form_data, "notes")
    if not isinstance(notes, str):
        errors["notes"] = "Les notes doivent être un texte."
        notes = ""
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        errors["notes"] = f"Les notes ne peuvent pas dépasser {MAX_NOTES} caractères."
    elif re.search(r"[<>]", notes):
        errors["notes"] = "Les notes ne peuvent pas contenir les caractères < et >."
    raw_date = form_value(form_data, "next_contact_on")
    next_on = None
    if isinstance(raw_date, str) and raw_date.strip():
        try:
            next_on = parse_date(raw_date, field="La date de prochain contact")
        except InputError as error:
            errors["next_contact_on"] = str(error)
    elif not isinstance(raw_date, str):
        errors["next_contact_on"] = "La date de prochain contact doit être une date, par exemple 31/03/2026."
    if errors:
        return None, errors
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
