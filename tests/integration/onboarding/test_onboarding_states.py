"""The onboarding wizard and the account pages through their real states and a real SQLite database."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.cases import store
from guide_app.cases.risk import RiskCategory
from guide_app.desk.state import AccountState, CaseState
from guide_app.models import Account, CaseAction, Debtor, User
from guide_app.onboarding.state import CaseForm, OnboardingState, ScenarioEditor, TimelineStep
from guide_app.reminders import store as reminder_store
from tests.integration.owners import _case_form, _sign_up, _through_case, call, sub

PASSWORD = "une phrase de passe solide"


def test_bad_sign_up_creates_nothing(new_browser):
    root = new_browser()
    wizard = sub(root, OnboardingState)
    OnboardingState.load.fn(wizard)
    call(
        OnboardingState.create_account,
        wizard,
        {
            "company_name": "<b>x</b>",
            "siren": "123456789",
            "contact_name": "",
            "email": "pas-un-email",
            "password": "court",
        },
    )
    assert set(wizard.errors) == {"company_name", "siren", "contact_name", "email", "password", "consent"}
    call(OnboardingState.create_account, wizard, ["not", "a", "form"])
    with rx.session() as session:
        assert session.exec(select(User).where(User.email == "pas-un-email")).first() is None
    assert wizard.step == 1 and not wizard.signed_in


def test_a_bad_sign_up_tapped_before_the_pages_load_keeps_its_errors_and_the_next_visit_starts_clean(new_browser):
    root = new_browser()
    wizard = sub(root, OnboardingState)
    bad_siren = {"company_name": "Atelier Durand", "siren": "123456789", "contact_name": "Camille Durand"}
    # Reflex's order on a busy server: the hydration (not hydrated yet), a quick submit, then the page's load
    root.is_hydrated = False
    call(OnboardingState.create_account, wizard, bad_siren)
    OnboardingState.load.fn(wizard)
    root.is_hydrated = True
    assert "siren" in wizard.errors
    # coming back to the page later: its load runs before any submit of that visit and the old errors go
    root.is_hydrated = False
    OnboardingState.load.fn(wizard)
    root.is_hydrated = True
    assert wizard.errors == {}
    # a submit made once the page has loaded shows its errors, and the next visit's load still clears them
    call(OnboardingState.create_account, wizard, bad_siren)
    assert "siren" in wizard.errors
    root.is_hydrated = False
    OnboardingState.load.fn(wizard)
    assert wizard.errors == {}


def test_sign_up_stores_a_hash_consent_and_three_scenarios_then_resumes_at_the_step_reached(new_browser):
    root = _sign_up(new_browser, "owner1@example.fr")
    wizard = sub(root, OnboardingState)
    assert wizard.step == 2 and wizard.signed_in
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == "owner1@example.fr")).one()
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
        for risk in RiskCategory:
            assert reminder_store.scenario_steps(session, account_id=user.account_id, risk=risk)
    # The sign-in token is the only secret the browser holds; the backend ids never leave the server.
    assert "_user_id" not in wizard.get_delta().get(wizard.get_full_name(), {})

    later = new_browser(session_token=sub(root, OnboardingState).session_token)
    resumed = sub(later, OnboardingState)
    OnboardingState.load.fn(resumed)
    assert resumed.step == 2


def test_scenario_edits_are_saved_and_bad_templates_refused(new_browser):
    root = _sign_up(new_browser, "owner2@example.fr")
    editor = sub(root, ScenarioEditor)
    ScenarioEditor.open_scenario.fn(editor)
    count = len(editor.cards)
    ScenarioEditor.edit.fn(editor, 0)
    ScenarioEditor.set_draft.fn(editor, "body", "Vous devrez payer les frais de recouvrement engagés.")
    ScenarioEditor.save_draft.fn(editor)
    assert "body" in editor.draft_errors  # CPCE L111-8: no collection costs billed to the debtor
    ScenarioEditor.set_draft.fn(editor, "body", "Bonjour, la facture {facture} arrive à échéance le {echeance}.")
    ScenarioEditor.set_draft.fn(editor, "name", "Petit rappel")
    ScenarioEditor.save_draft.fn(editor)
    assert editor.editing == -1 and any(card.name == "Petit rappel" for card in editor.cards)
    ScenarioEditor.remove.fn(editor, 1)
    assert len(editor.cards) == count - 1
    ScenarioEditor.move.fn(editor, 0, 1)
    ScenarioEditor.move.fn(editor, 0, 99)  # forged: ignored
    ScenarioEditor.remove.fn(editor, "1")  # forged type: ignored
    assert len(editor.cards) == count - 1


def test_first_case_is_planned_atomically_and_bad_input_saves_nothing(new_browser):
    root = _sign_up(new_browser, "owner3@example.fr")
    ScenarioEditor.accept.fn(sub(root, ScenarioEditor))
    form = sub(root, CaseForm)
    bad = {**_case_form(), "debtor_name": "", "due_0": "2000-01-01", "amount_0": "-5", "debtor_siren": "12"}
    CaseForm.create_case.fn(form, bad)
    assert {"debtor_name", "due_0", "amount_0", "debtor_siren"} <= set(form.case_errors)
    with rx.session() as session:
        assert session.exec(select(Debtor).where(Debtor.account_id == form._account_id)).first() is None
    CaseForm.create_case.fn(form, _case_form())
    assert form.case_errors == {} and sub(root, OnboardingState).step == 4
    timeline = sub(root, TimelineStep)
    TimelineStep.open_timeline.fn(timeline)
    assert timeline.view.debtor == "Boulangerie Martin SARL" and len(timeline.view.actions) >= 6


def test_a_second_account_cannot_reach_the_first_ones_data(new_browser):
    owner = _sign_up(new_browser, "victim@example.fr")
    _through_case(owner)
    victim_account = sub(owner, OnboardingState)._account_id
    with rx.session() as session:
        victim_case = store.cases(session, account_id=victim_account)[0]
        victim_actions = len(store.case_actions(session, case=victim_case))

    intruder = _sign_up(new_browser, "intruder@example.fr", siren="552100554")
    case_page = sub(intruder, CaseState)
    case_page.router.page.params["case_id"] = str(victim_case.id)
    CaseState.load.fn(case_page)
    assert not case_page.found and case_page.view.debtor == ""
    home = sub(intruder, AccountState)
    AccountState.load.fn(home)
    assert home.home.lines == []
    editor = sub(intruder, ScenarioEditor)
    ScenarioEditor.open_scenario.fn(editor)
    ScenarioEditor.remove.fn(editor, 0)  # acts on the intruder's own scenario only
    with rx.session() as session:
        assert len(store.case_actions(session, case=victim_case)) == victim_actions
        assert len(reminder_store.scenario_steps(session, account_id=victim_account, risk=RiskCategory.STANDARD)) >= 6


def test_signed_out_visitors_are_sent_to_sign_in_and_back(new_browser):
    root = new_browser()
    event = AccountState.load.fn(sub(root, AccountState))
    assert "/connexion?suite=" in str(event)
    forged = new_browser(session_token="x" * 43)
    assert "/connexion" in str(AccountState.load.fn(sub(forged, AccountState)))


def test_sign_in_rotates_the_token_and_password_change_signs_out_other_devices(new_browser):
    first = _sign_up(new_browser, "owner4@example.fr")
    old_token = sub(first, OnboardingState).session_token
    other = new_browser()
    sign_in = sub(other, SignInState)
    call(SignInState.sign_in, sign_in, {"email": "owner4@example.fr", "password": "mauvais mot de passe"})
    assert sign_in.error and not sign_in.signed_in
    call(SignInState.sign_in, sign_in, {"email": "OWNER4@example.fr", "password": PASSWORD})
    assert sign_in.signed_in and sign_in.session_token != old_token

    settings = sub(other, PasswordState)
    call(PasswordState.change, settings, {"current_password": "faux", "new_password": "un autre mot de passe"})
    assert "current_password" in settings.errors
    call(PasswordState.change, settings, {"current_password": PASSWORD, "new_password": "un autre mot de passe"})
    assert settings.done and settings.signed_in
    stale = new_browser(session_token=old_token)
    assert "/connexion" in str(AccountState.load.fn(sub(stale, AccountState)))


def test_every_planned_action_falls_on_a_business_day(new_browser):
    from guide_app.reminders.schedule import is_business_day

    root = _sign_up(new_browser, "owner5@example.fr")
    _through_case(root, number="F-9")
    account_id = sub(root, OnboardingState)._account_id
    with rx.session() as session:
        actions = session.exec(select(CaseAction).where(CaseAction.account_id == account_id)).all()
        assert actions and all(is_business_day(a.scheduled_for) for a in actions)
        assert session.get(Account, account_id).live is False  # test mode by default


def test_sign_in_is_throttled_per_address_with_a_french_message(new_browser):
    _sign_up(new_browser, "throttle@example.fr")
    sign_in = sub(new_browser(), SignInState)
    for _ in range(5):
        call(SignInState.sign_in, sign_in, {"email": "throttle@example.fr", "password": "mauvais mot de passe"})
        assert sign_in.error == "E-mail ou mot de passe incorrect."
    call(SignInState.sign_in, sign_in, {"email": "throttle@example.fr", "password": PASSWORD})
    assert sign_in.error.startswith("Trop de tentatives") and not sign_in.signed_in
