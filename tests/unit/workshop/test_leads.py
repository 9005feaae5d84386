from datetime import UTC, date, datetime, timedelta

import pytest

from guide_app.workshop.leads import (
    consent_text,
    consent_version,
    is_expired,
    is_invitation_token,
    new_invitation,
    parse_contact,
    parse_lead_update,
    token_hash,
)

GOOD = {
    "contact_name": "Camille Durand",
    "company_name": "Atelier Durand",
    "email": "Camille@Durand.fr",
    "phone": "",
    "consent": "on",
}


def test_a_contact_needs_consent():
    contact, errors = parse_contact({**GOOD, "consent": ""})
    assert contact is None and "consent" in errors


def test_a_contact_needs_an_email_or_a_phone():
    contact, errors = parse_contact({**GOOD, "email": ""})
    assert contact is None and "email" in errors
    contact, errors = parse_contact({**GOOD, "email": "", "phone": "06 12 34 56 78"})
    assert errors == {} and contact is not None and contact.phone == "0612345678"


def test_valid_contact_is_tidied():
    contact, errors = parse_contact(GOOD)
    assert errors == {}
    assert contact is not None and contact.email == "camille@durand.fr"


@pytest.mark.parametrize("forged", [None, "x", 12, ["a"], {"contact_name": {"$ne": 1}, "consent": "on"}])
def test_forged_forms_are_refused_in_french(forged):
    contact, errors = parse_contact(forged)
    assert contact is None and errors


def test_consent_wording_names_its_retention_and_version():
    assert "365 jours" in consent_text(365)
    assert consent_version(365) == "contact-2026-11-365j" and len(consent_version(3650)) <= 32


def test_lead_update():
    form = {"status": "rendez_vous", "notes": " Rappeler ", "next_contact_on": "2026-12-01"}
    update, errors = parse_lead_update(form)
    assert errors == {} and update is not None
    assert (update.status, update.notes, update.next_contact_on) == ("rendez_vous", "Rappeler", date(2026, 12, 1))
    update, errors = parse_lead_update({"status": "gagne", "notes": "x" * 3000, "next_contact_on": "demain"})
    assert update is None and set(errors) == {"status", "notes", "next_contact_on"}
    update, errors = parse_lead_update({"status": "perdu", "notes": "", "next_contact_on": ""})
    assert update is not None and update.next_contact_on is None


def test_invitation_tokens_are_unguessable_and_only_their_hash_is_kept():
    now = datetime(2026, 11, 1, tzinfo=UTC)
    token, digest, expires = new_invitation(now)
    assert is_invitation_token(token) and digest == token_hash(token) and token not in digest
    assert expires == now + timedelta(days=30)
    assert not is_invitation_token("short") and not is_invitation_token({"a": 1})


def test_retention():
    now = datetime(2026, 11, 1, tzinfo=UTC)
    assert is_expired(now - timedelta(days=31), now, 30)
    assert not is_expired(now - timedelta(days=29), now, 30)
