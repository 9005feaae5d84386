"""Leads through the real states: the pipeline, invitations into onboarding, solo leads, erasure and purge."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx
from sqlmodel import select

from guide_app.admin import main as admin_main
from guide_app.core import clock, routes
from guide_app.models import Account, Lead, QuizAttempt
from guide_app.onboarding.state import OnboardingState
from guide_app.quiz.diagnostic_state import DiagnosticState
from guide_app.workshop import lead_store
from guide_app.workshop.advisor_state import AdvisorSpaceState, LeadState
from guide_app.workshop.contact_state import ContactState
from tests.integration.owners import call, sub
from tests.integration.rooms import (
    PASSWORD,
    _at,
    _finished_phone,
    _new_workshop,
    _signed_in,
    _space,
)

CONTACT = {"contact_name": "Camille Durand", "company_name": "Atelier Durand", "consent": "on"}


def _lead_from_workshop(new_browser, advisor, email: str):
    workshop = _new_workshop(advisor, title="Pipeline")
    phone = _finished_phone(new_browser, workshop.code, "Renard")
    contact = sub(new_browser(visitor_token=phone.visitor_token), ContactState)
    ContactState.load.fn(contact)
    ContactState.submit.fn(contact, {**CONTACT, "email": email})
    with rx.session() as session:
        return session.exec(select(Lead).where(Lead.email == email)).one(), phone


def _lead_page(root, lead_id) -> LeadState:
    page = sub(root, LeadState)
    _at(page, routes.advisor_lead(lead_id))
    LeadState.load.fn(page)
    return page


def test_the_pipeline_is_the_advisor_s_own(new_browser):
    advisor = _signed_in(new_browser, "claire@leads.fr")
    lead, _ = _lead_from_workshop(new_browser, advisor, "p1@durand.fr")
    page = _lead_page(advisor, lead.id)
    assert (
        page.found
        and page.name == "Camille Durand"
        and page.result.endswith(("Débutant", "Organisé", "Proactif", "Piloté par la donnée"))
    )

    LeadState.save.fn(page, {"status": "rendez_vous", "notes": "RDV pris", "next_contact_on": "2026-12-15"})
    assert page.errors == {} and page.status == "rendez_vous"
    LeadState.save.fn(page, {"status": "gagné", "notes": 3, "next_contact_on": {"a": 1}})
    assert set(page.errors) >= {"status"}

    other = _signed_in(new_browser, "paul@leads.fr", name="Paul")
    for forged in (lead.id, "abc", "0"):
        stranger = _lead_page(other, forged)
        assert not stranger.found
    LeadState.save.fn(stranger, {"status": "perdu", "notes": "volé", "next_contact_on": ""})
    LeadState.invite.fn(stranger)
    LeadState.ask_erase.fn(stranger)
    LeadState.erase.fn(stranger)
    with rx.session() as session:
        row = session.get(Lead, lead.id)
        assert (
            row is not None and row.status == "rendez_vous" and row.notes == "RDV pris" and row.invitation_hash is None
        )


def test_an_invitation_opens_a_prefilled_onboarding_and_brings_the_diagnostic(new_browser):
    advisor = _signed_in(new_browser, "claire@leads.fr")
    lead, phone = _lead_from_workshop(new_browser, advisor, "invite@durand.fr")
    page = _lead_page(advisor, lead.id)
    LeadState.invite.fn(page)
    assert "/inscription?invitation=" in page.invitation_link and page.mailto.startswith("mailto:invite%40durand.fr")
    token = page.invitation_link.split("invitation=", 1)[1]

    visitor = new_browser()  # another device: the invitation, not the phone, carries the diagnostic
    onboarding = sub(visitor, OnboardingState)
    _at(onboarding, routes.invitation("forged-" + token[7:]))
    OnboardingState.load.fn(onboarding)
    assert onboarding.prefill == {}
    _at(onboarding, routes.invitation(token))
    OnboardingState.load.fn(onboarding)
    assert onboarding.prefill == {
        "company_name": "Atelier Durand",
        "contact_name": "Camille Durand",
        "email": "invite@durand.fr",
    }
    call(
        OnboardingState.create_account,
        onboarding,
        {
            "company_name": "Atelier Durand",
            "siren": "732829320",
            "contact_name": "Camille Durand",
            "email": "invite@durand.fr",
            "password": PASSWORD,
            "consent": "on",
        },
    )
    assert onboarding.errors == {} and onboarding.step == 2
    with rx.session() as session:
        row = session.get(Lead, lead.id)
        account = session.get(Account, row.account_id)
        attempt = session.get(QuizAttempt, phone._attempt_id)
        assert row.status == "converti" and row.invitation_hash is None and account is not None
        assert attempt.account_id == account.id
    # Single use: the same link again pre-fills nothing.
    again = sub(new_browser(), OnboardingState)
    _at(again, routes.invitation(token))
    OnboardingState.load.fn(again)
    assert again.prefill == {}


def test_a_solo_diagnostic_leaves_a_lead_without_advisor_that_an_advisor_takes(new_browser):
    root = new_browser()
    diagnostic = sub(root, DiagnosticState)
    DiagnosticState.load.fn(diagnostic)
    DiagnosticState.start.fn(diagnostic)
    while diagnostic.view == "question":
        DiagnosticState.answer.fn(diagnostic, diagnostic.question_id, diagnostic.options[0]["id"])
    DiagnosticState.skip_profile.fn(diagnostic)
    contact = sub(root, ContactState)
    ContactState.load.fn(contact)
    assert contact.status == "form" and not contact.in_workshop
    ContactState.submit.fn(contact, {**CONTACT, "email": "", "phone": "06 12 34 56 78"})
    assert contact.status == "sent"
    with rx.session() as session:
        lead = session.exec(select(Lead).where(Lead.phone == "0612345678")).one()
        assert lead.advisor_id is None and lead.workshop_id is None

    advisor = _signed_in(new_browser, "claire@leads.fr")
    space = _space(advisor)
    assert lead.id in [card.id for card in space.waiting_leads]
    AdvisorSpaceState.take.fn(space, lead.id)
    AdvisorSpaceState.take.fn(_space(_signed_in(new_browser, "paul@leads.fr", name="Paul")), lead.id)
    with rx.session() as session:
        assert session.get(Lead, lead.id).advisor_id == space._user_id


def test_erasure_by_the_advisor_and_purge_after_the_retention_period(new_browser, monkeypatch):
    advisor = _signed_in(new_browser, "claire@leads.fr")
    lead, phone = _lead_from_workshop(new_browser, advisor, "erase@durand.fr")
    page = _lead_page(advisor, lead.id)
    LeadState.erase.fn(page)  # no confirmation yet: nothing happens
    with rx.session() as session:
        assert session.get(Lead, lead.id) is not None
    LeadState.ask_erase.fn(page)
    assert LeadState.erase.fn(page) is not None
    with rx.session() as session:
        assert session.get(Lead, lead.id) is None
        assert session.get(QuizAttempt, phone._attempt_id) is not None  # the anonymous result stays

    old, _ = _lead_from_workshop(new_browser, advisor, "old@durand.fr")
    recent, _ = _lead_from_workshop(new_browser, advisor, "recent@durand.fr")
    with rx.session() as session:
        row = session.get(Lead, old.id)
        row.last_activity_at = clock.now() - timedelta(days=400)
        session.add(row)
        session.commit()
        assert lead_store.purge_expired(session, retention_days=500) == 0
    monkeypatch.setenv("GUIDE_LEAD_RETENTION_DAYS", "365")
    from guide_app import admin
    from guide_app.core import settings

    monkeypatch.setattr(admin, "settings", settings.Settings())
    monkeypatch.setattr(admin, "_engine", lambda: rx.model.get_engine())
    assert admin_main(["purge-leads"]) == 0
    with rx.session() as session:
        assert session.get(Lead, old.id) is None and session.get(Lead, recent.id) is not None


def test_nobody_else_can_leave_or_erase_contact_details_on_a_result(new_browser):
    advisor = _signed_in(new_browser, "claire@leads.fr")
    lead, phone = _lead_from_workshop(new_browser, advisor, "mine@durand.fr")
    stranger = sub(new_browser(), ContactState)  # another phone: no result of its own
    ContactState.load.fn(stranger)
    assert stranger.status == "hidden"
    stranger._attempt_id = phone._attempt_id  # even with the id (not settable from a browser), not its result
    stranger.status = "form"
    ContactState.submit.fn(stranger, {**CONTACT, "email": "pirate@x.fr"})
    ContactState.erase.fn(stranger)
    with rx.session() as session:
        assert session.get(Lead, lead.id).email == "mine@durand.fr"
        assert session.exec(select(Lead).where(Lead.email == "pirate@x.fr")).first() is None
