"""What the form sweep (test_form_sweep.py) needs to know of each form handler: the form's fields with values a
user would type, a browser opened on the page ready to submit (built before the database snapshot), and what an
accepted submission must have saved, computed again from the parsers of guide_app/core/parse.py."""

from __future__ import annotations

import asyncio
import inspect
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from itertools import count
from pathlib import Path
from typing import Any

import reflex as rx
import wrapt
from hypothesis import strategies as st
from reflex.istate.data import RouterData
from sqlmodel import SQLModel, col, delete, select
from stdnum import luhn

from guide_app.accounts import accounts, reset, team
from guide_app.accounts.data_state import AccountDataState
from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.accounts.passwords import hash_password, verify_password
from guide_app.accounts.reset_state import ForgottenPasswordState, NewPasswordState
from guide_app.accounts.state import AuthState
from guide_app.accounts.team_state import InvitationState, TeamState
from guide_app.admin import create_advisor
from guide_app.banking import store as banking_store
from guide_app.banking.state import ReconciliationState
from guide_app.banking.statements import read_statement
from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.invoice_form import VAT_RATES
from guide_app.core import clock, routes, throttle
from guide_app.core.clock import FRANCE
from guide_app.core.epc import parse_iban
from guide_app.core.owner import owned
from guide_app.core.parse import (
    parse_amount,
    parse_choice,
    parse_date,
    parse_email,
    parse_name,
    parse_percent,
    parse_phone,
    parse_whole,
)
from guide_app.core.siren import parse_optional_siren, parse_siren
from guide_app.desk.einvoice_state import EInvoiceState
from guide_app.desk.state import CaseState
from guide_app.models import (
    Account,
    CaseAction,
    CollectionCase,
    Lead,
    PasswordReset,
    QuizAttempt,
    TeamInvite,
    User,
    Workshop,
)
from guide_app.onboarding.state import CaseForm, OnboardingState, ScenarioEditor
from guide_app.portal.access import parse_reason
from guide_app.portal.state import DebtorPortalState
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.quiz.diagnostic_state import DiagnosticState
from guide_app.quiz.profile import HEADCOUNTS, SECTORS, parse_profile
from guide_app.quiz.visitor_state import VisitorState
from guide_app.recourse import escalation_store
from guide_app.recourse.plans import MAX_INSTALMENTS
from guide_app.recourse.professionals import directory
from guide_app.recourse.state import RecourseState
from guide_app.reminders.outbox_state import DIGEST_CHOICES, NO_DIGEST, OutboxState
from guide_app.workshop import game, lead_store, leads
from guide_app.workshop import store as workshop_store
from guide_app.workshop.advisor_state import AdvisorSpaceState, LeadState
from guide_app.workshop.contact_state import ContactState
from guide_app.workshop.followup_mail import PLACE as NEXT_PLACE
from guide_app.workshop.followup_mail import WHEN as NEXT_WHEN
from guide_app.workshop.followup_state import NextSessionState
from guide_app.workshop.phone_state import JoinCodeState, ParticipantState
from tests.einvoices import cii, facturx_pdf
from tests.einvoices import terms as einvoice_terms
from tests.integration.owners import PASSWORD, _sign_up, fresh_case, new_root, sign_up_with_case, sub

TODAY = clock.today()
SWEEP_IP = "203.0.113.77"  # the sweep's own address, so the join-code throttle of other tests is untouched
Rows = dict[str, list[dict[str, Any]]]  # new rows by table name
SEEN: dict[str, int] = {}  # ids noted before a call (the action marked done, the attempt finished)
_serial = count(1)


@dataclass(frozen=True)
class FormSpec:
    fields: dict[str, st.SearchStrategy[Any]]  # field name → values the form accepts
    errors: str  # the state var showing the refusal: dict by field, or one message for the form
    open: Callable[[], rx.State]  # a browser on the page, ready to submit
    check: Callable[[dict[str, Any], rx.State, Rows], None]  # no error shown: what must have been saved
    watch: Callable[[], str] = lambda: ""  # the rows this form may update, snapshotted besides table counts
    args: Callable[[rx.State], list[Any]] = lambda state: []  # arguments before the form (mark_done's action)
    setup: Callable[[rx.State], None] = field(default=lambda state: None)


def iso(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def french(days: int) -> str:
    return (TODAY + timedelta(days=days)).strftime("%d/%m/%Y")


def cents(raw: object) -> int:
    """The amount read, in cents; an amount with a fraction of a cent has no exact cents to save."""
    amount = parse_amount(raw)
    assert amount == amount.quantize(store.CENT), f"{raw!r} accepted with a fraction of a cent"
    return store.to_cents(amount)


def one(rows: Rows, table: str) -> dict[str, Any]:
    assert len(rows.get(table, [])) == 1, f"expected one new {table} row, got {rows.get(table)}"
    return rows[table][0]


# --- Browsers ---------------------------------------------------------------------------------------


def _at(root: rx.State, path: str, **params: str) -> None:
    root.router = RouterData.from_router_data(
        {"pathname": path, "asPath": path, "query": params, "ip": SWEEP_IP, "headers": {"origin": "http://t.test"}}
    )


def signed_in(user_id: int) -> rx.State:
    """A new tab holding a fresh sign-in token of this user (a password change closes the older ones)."""
    with rx.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        token = accounts.open_session(session, user=user)
    root = new_root()
    sub(root, AuthState).session_token = token
    return root


def _page(root: rx.State, cls: type[rx.State], path: str, **params: str) -> rx.State:
    _at(root, path, **params)
    state = sub(root, cls)
    state.router.page.params.update(params)
    return state


# --- Worlds: created once per test session, on first use ------------------------------------------


@cache
def owner() -> tuple[int, int]:
    """(user id, account id) of the sweep's company owner."""
    root, account_id, _ = sign_up_with_case(new_root, company="Balayage SARL", debtor="Client Balayé", number="S-0")
    return sub(root, AuthState)._user_id, account_id


@cache
def case_of(handler: str) -> int:
    """A case of its own for each handler, so that one form's saves do not close another's case."""
    case = fresh_case(owner()[1], debtor="Client Balayé", prefix=handler)
    assert case.id is not None
    return case.id


@cache
def escalated_case() -> int:
    case_id = case_of("report")
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=owner()[1])
        assert case is not None
        escalation_store.escalate(
            session,
            case=case,
            professional_ids=["recouvra-france"],
            debtor_type="entreprise",
            region="IDF",
            today=TODAY,
        )
    return case_id


@cache
def step_three_owner() -> tuple[int, int]:
    """An owner whose wizard waits at the first case (step 3)."""
    root = _sign_up(new_root, "balayage-etape3@example.fr", siren="552100554")
    ScenarioEditor.accept.fn(sub(root, ScenarioEditor))
    wizard = sub(root, OnboardingState)
    return wizard._user_id, wizard._account_id


@cache
def advisor() -> int:
    with rx.session() as session:
        user = create_advisor(session, email="conseil-balayage@example.fr", name="Claire Balayage", password=PASSWORD)
        assert user.id is not None
        return user.id


@cache
def room_code() -> str:
    with rx.session() as session:
        room = workshop_store.create_workshop(
            session, advisor_id=advisor(), title="Atelier balayé", held_on=TODAY, mode="self_paced"
        )
        return room.code


def finished_visitor() -> str:
    """A new visitor whose diagnostic is finished (the contact form shows under a result)."""
    state = profile_page()
    DiagnosticState.skip_profile.fn(state)
    return str(state.visitor_token)


@cache
def lead_id() -> int:
    token = finished_visitor()
    with rx.session() as session:
        attempt = crud.latest_attempt(session, visitor_token=token, finished=True)
        assert attempt is not None
        contact = leads.ContactForm(
            contact_name="Lea Balayage", company_name="Balai SA", email="lea@balai.fr", phone=""
        )
        lead, _ = lead_store.leave_contact(session, attempt=attempt, contact=contact, consent_version="contact-x")
        assert lead.id is not None
        lead_store.take(session, advisor_id=advisor(), lead_id=lead.id)
        return lead.id


def _account_row(account_id: int) -> dict[str, Any]:
    with rx.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        return account.model_dump(mode="json")


def owner_rows() -> str:
    """The owner's account and user rows, and every row of the owner's cases (the sweep's forms touch no other)."""
    tables = SQLModel.metadata.tables
    with rx.session() as session:
        connection = session.connection()
        found = [
            connection.execute(select(tables["account"]).where(tables["account"].c.id == owner()[1])).all(),
            connection.execute(select(tables["user"]).where(tables["user"].c.id == owner()[0])).all(),
            connection.execute(
                select(tables["collectioncase"]).where(tables["collectioncase"].c.account_id == owner()[1])
            ).all(),
            *(
                connection.execute(select(table).where(table.c.account_id == owner()[1]).order_by(table.c.id)).all()
                for name, table in tables.items()
                if "case_id" in table.columns
            ),
        ]
    return json.dumps([[list(row) for row in rows] for rows in found], default=str)


def advisor_rows() -> str:
    with rx.session() as session:
        rows = [
            *session.exec(select(Lead).where(Lead.advisor_id == advisor())),
            *session.exec(select(Workshop).where(Workshop.advisor_id == advisor())),
        ]
        return json.dumps([row.model_dump(mode="json") for row in rows])


def attempt_row() -> str:
    with rx.session() as session:
        attempt = session.get(QuizAttempt, SEEN.get("attempt", 0))
        return json.dumps(attempt.model_dump(mode="json") if attempt else None)


# --- Opening each page -----------------------------------------------------------------------------


def case_page(handler: str) -> Callable[[], rx.State]:
    def open_() -> rx.State:
        state = _page(signed_in(owner()[0]), CaseState, routes.case(case_of(handler)), case_id=str(case_of(handler)))
        CaseState.load.fn(state)
        assert state.found
        return state

    return open_


def recourse_page(case: Callable[[], int]) -> Callable[[], rx.State]:
    def open_() -> rx.State:
        state = _page(signed_in(owner()[0]), RecourseState, routes.case_recourse(case()), case_id=str(case()))
        RecourseState.load.fn(state)
        assert state.found
        return state

    return open_


def debtor_page(handler: str, form: str) -> Callable[[], rx.State]:
    def open_() -> rx.State:
        with rx.session() as session:
            case = owned(session, CollectionCase, case_of(handler), owner=owner()[1])
            assert case is not None and case.debtor_token
            token = case.debtor_token
        state = _page(new_root(), DebtorPortalState, routes.debtor_page(token), token=token)
        DebtorPortalState.load.fn(state)
        DebtorPortalState.open_form.fn(state, form)
        assert state.status == "shown" and state.form == form
        return state

    return open_


def settings_page() -> rx.State:
    state = _page(signed_in(owner()[0]), PasswordState, routes.ACCOUNT_SETTINGS)
    PasswordState.load.fn(state)
    return state


def sign_in_page() -> rx.State:
    throttle.clear(*throttle.sign_in_checks(owner_email(), SWEEP_IP))  # each example starts with no wrong password
    return _page(new_root(), SignInState, routes.SIGN_IN)


@cache
def owner_email() -> str:
    with rx.session() as session:
        user = session.get(User, owner()[0])
        assert user is not None
        return user.email


def profile_page() -> rx.State:
    """A visitor at the optional profile screen, every question answered."""
    root = new_root()
    state = _page(root, DiagnosticState, routes.DIAGNOSTIC)
    DiagnosticState.start.fn(state)
    while state.view == "question":
        DiagnosticState.answer.fn(state, state.question_id, diagnostic_bank().questions[state.index].answers[0].id)
    assert state.view == "profile"
    SEEN["attempt"] = state._attempt_id
    return state


def contact_page() -> rx.State:
    root = new_root()
    sub(root, VisitorState).visitor_token = finished_visitor()
    state = _page(root, ContactState, routes.DIAGNOSTIC_RESULT)
    ContactState.load.fn(state)
    assert state.status == "form"
    return state


def join_code_page() -> rx.State:
    room_code()
    return _page(new_root(), JoinCodeState, routes.WORKSHOP_JOIN)


def room_page() -> rx.State:
    state = _page(new_root(), ParticipantState, routes.workshop_room(room_code()), room_code=room_code())
    ParticipantState.load.fn(state)
    assert state.view == "join"
    return state


def advisor_page() -> rx.State:
    state = _page(signed_in(advisor()), AdvisorSpaceState, routes.ADVISOR)
    AdvisorSpaceState.load.fn(state)
    return state


@cache
def next_session_room() -> int:
    """A room of the sweep's advisor of its own, whose next session the « Prochaine session » form sets."""
    with rx.session() as session:
        room = workshop_store.create_workshop(
            session, advisor_id=advisor(), title="Atelier balayé, la suite", held_on=TODAY, mode="self_paced"
        )
        assert room.id is not None
        return room.id


def next_session_page() -> rx.State:
    path = routes.advisor_workshop(next_session_room())
    state = _page(signed_in(advisor()), NextSessionState, path, workshop_id=str(next_session_room()))
    NextSessionState.load.fn(state)
    assert state.found
    return state


def lead_page() -> rx.State:
    state = _page(signed_in(advisor()), LeadState, routes.advisor_lead(lead_id()))
    LeadState.load.fn(state)
    assert state.found
    return state


def sign_up_page() -> rx.State:
    state = _page(new_root(), OnboardingState, routes.SIGN_UP)
    OnboardingState.load.fn(state)
    return state


def first_case_page() -> rx.State:
    user_id, account_id = step_three_owner()
    with rx.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        account.onboarding_step = 3  # back to the first case: an accepted one moved the wizard on
        session.add(account)
        session.commit()
    root = signed_in(user_id)
    OnboardingState.load.fn(_page(root, OnboardingState, routes.SIGN_UP))
    return sub(root, CaseForm)


# --- What an accepted form saved -------------------------------------------------------------------


def _payment(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "payment")
    assert row["amount_cents"] == cents(form["pay_amount"])
    assert row["paid_on"] == parse_date(form["pay_date"])
    assert row["method"] == parse_choice(form["pay_method"], field="", choices=tuple(cases.TYPED_METHODS))


def _promise(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "paymentpromise")
    assert (row["amount_cents"], row["promised_for"]) == (
        cents(form["promise_amount"]),
        parse_date(form["promise_date"]),
    )


def _dispute(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert one(rows, "dispute")["reason"] == parse_name(form["dispute_reason"], field="", max_length=1000)


def _note(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    note = parse_name(form["note"], field="", max_length=1000)
    assert [e["text"] for e in rows["caseevent"] if e["kind"] == "note"] == [note]


def _invoice(form: dict[str, Any], state: rx.State, rows: Rows, suffix: str = "_new") -> None:
    row = next(r for r in rows["invoice"] if r["number"] == parse_name(form[f"number{suffix}"], field=""))
    assert (row["issue_date"], row["due_date"]) == (
        parse_date(form[f"issue{suffix}"]),
        parse_date(form[f"due{suffix}"]),
    )
    assert row["amount_ht_cents"] == cents(form[f"amount{suffix}"])
    assert Decimal(row["vat_rate_bp"]) / 10000 == VAT_RATES[form[f"vat{suffix}"].strip().lower()]


def _done(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    with rx.session() as session:
        action = session.get(CaseAction, SEEN["action"])
        assert action is not None and action.status == "done"
        assert action.outcome == parse_name(form["outcome"], field="", max_length=500, required=False)


def _next_action(state: rx.State) -> list[Any]:
    with rx.session() as session:
        action = session.exec(
            select(CaseAction)
            .where(CaseAction.case_id == state._case_id, CaseAction.status == "scheduled")
            .order_by(col(CaseAction.id))
        ).first()
    SEEN["action"] = action.id if action and action.id else 0
    return [SEEN["action"]]


def _plan(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    plan = one(rows, "paymentplan")
    instalments = rows["planinstalment"]
    assert plan["proposed_by"] == "owner" and len(instalments) == parse_whole(
        form["plan_count"], field="", maximum=MAX_INSTALMENTS
    )
    assert min(i["due_on"] for i in instalments) == parse_date(form["plan_first"])


def _escalation(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    one(rows, "escalation")
    chosen = [form[f"pro_{i}"].strip() for i in (1, 2, 3) if isinstance(form.get(f"pro_{i}"), str)]
    assert [h["professional_id"] for h in rows["handover"]] == list(dict.fromkeys(c for c in chosen if c))


def _partial(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert one(rows, "payment")["amount_cents"] == cents(form["recovered"])


def _report(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert state.notice  # only a report read from the JSON exchange format gets here


def _debtor_promise(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "paymentpromise")
    assert row["source"] == "debtor" and row["promised_for"] == parse_date(form["promise_date"])
    raw = form["promise_amount"]
    if not isinstance(raw, str) or raw.strip():  # left empty, the promise is for the whole amount due
        assert row["amount_cents"] == cents(raw)


def _debtor_dispute(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert one(rows, "dispute")["reason"] == parse_reason(form["reason"])


def _counter(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert one(rows, "paymentplan")["proposed_by"] == "debtor"


def _signed(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert state.signed_in and parse_email(form["email"]) == owner_email() and form["password"] == PASSWORD
    one(rows, "usersession")


def _iban(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    raw = form["iban"]
    expected = None if raw is None or (isinstance(raw, str) and not raw.strip()) else parse_iban(raw)
    with rx.session() as session:
        account = session.get(Account, owner()[1])
        assert account is not None and account.iban == expected


def _password(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert state.done and state.signed_in and form["current_password"] == PASSWORD
    with rx.session() as session:
        user = session.get(User, owner()[0])
        assert user is not None and verify_password(form["new_password"], user.password_hash)
        user.password_hash = hash_password(PASSWORD)  # back to the sweep's password for the next example
        session.add(user)
        session.commit()


def _profile(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    expected, errors = parse_profile({name: form.get(name, "") for name in form})
    assert expected is not None and not errors
    with rx.session() as session:
        attempt = session.exec(select(QuizAttempt).where(QuizAttempt.id == SEEN["attempt"])).one()
        assert attempt.finished_at is not None
        assert attempt.profile == (None if expected.is_empty() else expected.to_json())


def _lead(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "lead")
    assert row["contact_name"] == parse_name(form["contact_name"], field="")
    assert row["company_name"] == parse_name(form["company_name"], field="")
    assert row["email"] == parse_email(form["email"], required=False)
    assert row["phone"] == parse_phone(form["phone"])


def _joined_room(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert state.error == "" and not rows  # a right code only opens the room


def _seat(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    pseudonym = parse_name(form["pseudonym"], field="", max_length=40, required=False)
    assert one(rows, "workshopparticipant")["pseudonym"] == pseudonym


def _workshop(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "workshop")
    assert (row["title"], row["held_on"]) == (parse_name(form["title"], field=""), parse_date(form["held_on"]))
    if form["content"] == "jeu":  # a game: the ticked chapters in the guide's order, its seconds, live
        ticked = [slug for slug in game.chapter_slugs() if form[game.field_name(slug)] == "on"]
        assert (row["content"], row["mode"], row["game_chapters"]) == ("jeu", "live", ",".join(ticked))
        assert (row["game_seconds"], row["game_mixed"]) == (int(form["seconds"]), form["melange"] == "on")
    else:
        assert row["content"] == "diagnostic" and row["mode"] == form["mode"].strip().lower()


def _lead_update(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    with rx.session() as session:
        lead = session.get(Lead, lead_id())
        assert lead is not None and lead.status == form["status"]
        assert lead.notes == form["notes"].strip()  # a text area: line breaks kept
        raw = form["next_contact_on"]
        assert lead.next_contact_on == (parse_date(raw) if raw.strip() else None)


def _next_session(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    raw = form[NEXT_WHEN]
    assert isinstance(raw, str)  # a date-time typed in the datetime-local input (ISO), or nothing
    expected = datetime.fromisoformat(raw.strip()).replace(tzinfo=FRANCE).astimezone(UTC) if raw.strip() else None
    assert expected is None or clock.now() < expected <= clock.now() + timedelta(days=731)
    place = parse_name(form[NEXT_PLACE], field="", max_length=200, required=False)
    assert expected is not None or place == ""  # no place without a date
    with rx.session() as session:
        workshop = session.get(Workshop, next_session_room())
        assert workshop is not None
        assert (workshop.next_session_at, workshop.next_session_place) == (expected, place)
    assert state.when == (expected.astimezone(FRANCE).strftime("%Y-%m-%dT%H:%M") if expected else "")


def _account(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    account, user = one(rows, "account"), one(rows, "user")
    assert account["company_name"] == parse_name(form["company_name"], field="")
    assert account["siren"] == parse_siren(form["siren"])
    assert user["email"] == parse_email(form["email"]) and user["contact_name"] == parse_name(
        form["contact_name"], field=""
    )
    assert verify_password(form["password"], user["password_hash"])


def _first_case(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    debtor = one(rows, "debtor")
    assert debtor["company_name"] == parse_name(form["debtor_name"], field="")
    assert debtor["siren"] == parse_optional_siren(form["debtor_siren"])
    assert debtor["email"] == parse_email(form["debtor_email"], required=False)
    assert debtor["phone"] == parse_phone(form["debtor_phone"])
    limit = form["credit_limit"]
    assert debtor["credit_limit_cents"] == (cents(limit) if str(limit).strip() else None)
    assert debtor["kind"] == (form["debtor_kind"] or "professionnel")
    assert debtor["public_buyer"] == ((form["public_buyer"] or "etat") if debtor["kind"] == "public" else "")
    agreed = form["agreed_rate"]
    assert debtor["agreed_rate_bp"] == (int(parse_percent(agreed, field="") * 10000) if str(agreed).strip() else None)
    assert len(rows["invoice"]) == state.invoice_count
    for i in range(state.invoice_count):
        _invoice(form, state, rows, suffix=f"_{i}")
    assert one(rows, "collectioncase")["terms_days"] == parse_whole(form["terms_days"], field="", maximum=365)


# --- The map: every form handler of the app --------------------------------------------------------

# --- Account pages added later: real sending, erasure, forgotten password ---------------------------


def reconciliation_page() -> rx.State:
    """The sweep owner's /compte/rapprochement with a fresh open credit of 1,00 € (each example has its own)."""
    line = f"Date;Libellé;Débit;Crédit\n{french(0)};VIR BALAYAGE {next(_serial)};;1,00\n"
    with rx.session() as session:
        banking_store.import_statement(
            session, account_id=owner()[1], statement=read_statement(line.encode()), now=clock.now()
        )
    state = _page(signed_in(owner()[0]), ReconciliationState, routes.ACCOUNT_RECONCILIATION)
    ReconciliationState.load.fn(state)
    return state


def columns_page() -> rx.State:
    """The page asking which column is which, for a CSV statement of a bank never seen (a header of its own)."""
    serial = next(_serial)
    data = f"Jour;Ref {serial};Detail;Somme;Emetteur\n{french(0)};R{serial};VIR BALAYAGE {serial};12,00;CLIENT\n"
    state = _page(signed_in(owner()[0]), ReconciliationState, routes.ACCOUNT_RECONCILIATION)
    ReconciliationState.load.fn(state)
    upload = rx.UploadFile(file=io.BytesIO(data.encode()), path=Path("releve.csv"))
    asyncio.run(ReconciliationState.upload.fn(state, [upload]))
    assert state.columns, "the columns step is shown"
    return state


def _columns_named(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "bankcolumns")
    payer = int(form["col_payer"]) if form["col_payer"] else None
    signed = form["amount_kind"] == "signe"
    assert (row["date_col"], row["label_col"], row["payer_col"]) == (0, 2, payer)
    assert (row["amount_col"], row["credit_col"]) == ((3, None) if signed else (None, 3))
    assert one(rows, "bankline")["amount_cents"] == 1200


def _newest_line() -> str:
    with rx.session() as session:
        return str(max(line.id or 0 for line in banking_store.open_lines(session, account_id=owner()[1])))


def _bank_payment(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    row = one(rows, "payment")
    assert (row["bank_line_id"], row["case_id"]) == (int(form["line_id"]), int(form["case_id"]))
    assert (row["amount_cents"], row["method"]) == (100, "virement")


def einvoice_page() -> rx.State:
    """The sweep owner's e-invoice page with a new Factur-X invoice read and waiting (a number and client each)."""
    serial = next(_serial)
    siren = f"{40000000 + serial:08d}" + luhn.calc_check_digit(f"{40000000 + serial:08d}")  # a client never seen
    client = {"name": f"Client Factur-X {serial}", "legal_identifier": siren}
    data = facturx_pdf(cii(einvoice_terms(**{"BT-1": f"FX-{serial}"}, buyer=client)))
    state = _page(signed_in(owner()[0]), EInvoiceState, routes.ACCOUNT_EINVOICE)
    EInvoiceState.load.fn(state)
    asyncio.run(EInvoiceState.upload.fn(state, [rx.UploadFile(file=io.BytesIO(data), path=Path("facture.pdf"))]))
    assert state.ready, state.file_error
    return state


def _einvoice_case(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    invoice, debtor = one(rows, "invoice"), one(rows, "debtor")
    assert invoice["number"].startswith("FX-") and (invoice["amount_ht_cents"], invoice["vat_rate_bp"]) == (
        150000,
        2000,
    )
    assert (invoice["issue_date"], invoice["due_date"]) == (date(2026, 10, 15), parse_date(form["due"]))
    assert debtor["email"] == parse_email(form["email"], required=False)
    assert debtor["kind"] == (form["debtor_kind"] or "professionnel")
    assert debtor["public_buyer"] == ((form["public_buyer"] or "etat") if debtor["kind"] == "public" else "")
    assert debtor["risk_category"] == form["risk"] and debtor["company_name"].startswith("Client Factur-X")
    assert state.created and not state.ready


def messages_page() -> rx.State:
    state = _page(signed_in(owner()[0]), OutboxState, routes.ACCOUNT_MESSAGES)
    with rx.session() as session:
        account = session.get(Account, owner()[1])
        assert account is not None
        account.live = False  # each example starts in test mode
        session.add(account)
        session.commit()
    OutboxState.load.fn(state)
    return state


def _live(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert form["confirm_live"] == "on" and state.live and _account_row(owner()[1])["live"] is True


def _preferences(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    account = _account_row(owner()[1])
    assert account["thank_payers"] is (form["thank_payers"] == "on")
    assert account["digest_hour"] == (None if form["digest_hour"] == NO_DIGEST else int(form["digest_hour"]))
    assert state.preferences_notice == "Préférences enregistrées."


def _no_pending_invitations() -> None:
    """Each example starts below the limit of pending invitations (team.MAX_PENDING)."""
    with rx.session() as session:
        session.execute(
            delete(TeamInvite).where(col(TeamInvite.account_id) == owner()[1], col(TeamInvite.used_at).is_(None))
        )
        session.commit()


def team_page() -> rx.State:
    _no_pending_invitations()
    state = _page(signed_in(owner()[0]), TeamState, routes.ACCOUNT_TEAM)
    TeamState.load.fn(state)
    return state


def _invited(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    email, role = parse_email(form["email"]), form["role"]
    with rx.session() as session:
        invite = session.exec(select(TeamInvite).where(TeamInvite.email == email)).one()
    assert (invite.account_id, invite.role, invite.used_at) == (owner()[1], role, None)
    assert "/invitation/" in state.link


def invitation_page() -> rx.State:
    """A new invitation to the owner's team each time, opened by a browser signed in to nothing."""
    _no_pending_invitations()
    with rx.session() as session:
        link, error = team.invite(
            session, account_id=owner()[1], email=f"invite-{next(_serial)}@balayage.fr", role="gestion", now=clock.now()
        )
    assert error == ""
    token = link.rsplit("/", 1)[1]
    state = _page(new_root(), InvitationState, routes.team_invitation(token), token=token)
    InvitationState.load.fn(state)
    assert state.status == "valid"
    return state


def _joined(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == state.invited_email)).one()
    assert (user.account_id, user.role, user.contact_name) == (
        owner()[1],
        "gestion",
        parse_name(form["contact_name"], field="x"),
    )
    assert state.signed_in and not state.read_only


def erase_page() -> rx.State:
    """A new owner with a case each time: an accepted erasure deletes the account."""
    root, account_id, _ = sign_up_with_case(
        new_root, company="Atelier Effacé", debtor="Client Effacé", number=f"E-{next(_serial)}"
    )
    SEEN["erase"] = account_id
    return _page(root, AccountDataState, routes.ACCOUNT_SETTINGS)


def _erased(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert form["erase_password"] == PASSWORD and str(form["erase_confirm"]).strip().upper() == "SUPPRIMER"
    assert not rows and not state.signed_in and state.session_token == ""
    with rx.session() as session:
        assert session.get(Account, SEEN["erase"]) is None
        assert not session.exec(select(User).where(User.account_id == SEEN["erase"])).all()


@cache
def reset_user() -> int:
    """A user of their own for the reset forms: the sweep changes this one's password, nobody else's."""
    with rx.session() as session:
        user = create_advisor(session, email="oubli-balayage@example.fr", name="Oscar Oubli", password=PASSWORD)
        assert user.id is not None
        return user.id


def _reset_user_email() -> str:
    with rx.session() as session:
        user = session.get(User, reset_user())
        assert user is not None
        return user.email


def forgotten_page() -> rx.State:
    throttle.clear(  # each example starts with the sweep's network and address unspent
        (throttle.RESET_LINKS_PER_NETWORK, SWEEP_IP), (throttle.RESET_LINKS_PER_EMAIL, _reset_user_email())
    )
    return _page(new_root(), ForgottenPasswordState, routes.PASSWORD_FORGOTTEN)


def _link_asked(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    reset.wait_for_requests()  # the link is written after the answer: let it land before the next example
    asked = parse_email(form["email"])
    assert state.sent_to == asked and not state.alert
    if asked == _reset_user_email():
        with rx.session() as session:
            assert session.exec(select(PasswordReset).where(PasswordReset.user_id == reset_user())).first()


def new_password_page() -> rx.State:
    with rx.session() as session:
        issued = reset.issue(session, email=_reset_user_email(), now=clock.now())
    assert issued is not None
    state = _page(new_root(), NewPasswordState, routes.password_reset(issued.token), token=issued.token)
    NewPasswordState.load.fn(state)
    assert state.status == "valid"
    return state


def reset_user_row() -> str:
    with rx.session() as session:
        user = session.get(User, reset_user())
        return json.dumps(user.model_dump(mode="json") if user else None)


def _password_chosen(form: dict[str, Any], state: rx.State, rows: Rows) -> None:
    assert form["confirmation"] == form["new_password"] and state.signed_in
    with rx.session() as session:
        user = session.get(User, reset_user())
        assert user is not None and verify_password(form["new_password"], user.password_hash)
        signed = accounts.resolve_session(session, token=state.session_token)  # this browser, signed in again
    assert signed is not None and signed.user_id == reset_user()


AMOUNTS = st.sampled_from(["1", "12,50", "0,01", "3.5", "7 €"])
TEXTS = st.sampled_from(["Appel passé, rappel lundi", "Facture n° 12 — quantité contestée", "  Échange  cordial  "])
PROS = st.sampled_from([*directory(), ""])
SERIAL = st.integers(1, 10**9)


def invoice_fields(suffix: str) -> dict[str, st.SearchStrategy[Any]]:
    return {
        f"number{suffix}": SERIAL.map(lambda n: f"SW-{n}"),
        f"issue{suffix}": st.sampled_from([iso(-40), french(-40)]),
        f"due{suffix}": st.sampled_from([iso(-10), french(-10)]),
        f"amount{suffix}": st.sampled_from(["100", "2 000,50", "12345.67"]),
        f"vat{suffix}": st.sampled_from(list(VAT_RATES)),
    }


def _first_case_invoices(state: rx.State) -> None:
    state.invoice_count = 2 if next(_serial) % 2 else 1


SPECS: dict[tuple[type[rx.State], str], FormSpec] = {
    (CaseState, "record_payment"): FormSpec(
        {
            "pay_amount": AMOUNTS,
            "pay_date": st.sampled_from([iso(0), french(-3)]),
            "pay_method": st.sampled_from(list(cases.TYPED_METHODS)),
        },
        "errors",
        case_page("payment"),
        _payment,
        owner_rows,
    ),
    (CaseState, "record_promise"): FormSpec(
        {"promise_amount": AMOUNTS, "promise_date": st.sampled_from([iso(5), french(30)])},
        "errors",
        case_page("promise"),
        _promise,
        owner_rows,
    ),
    (CaseState, "record_dispute"): FormSpec(
        {"dispute_reason": TEXTS}, "errors", case_page("dispute"), _dispute, owner_rows
    ),
    (CaseState, "add_note"): FormSpec({"note": TEXTS}, "errors", case_page("note"), _note, owner_rows),
    (CaseState, "add_invoice"): FormSpec(invoice_fields("_new"), "errors", case_page("invoice"), _invoice, owner_rows),
    (CaseState, "mark_done"): FormSpec(
        {"outcome": st.one_of(TEXTS, st.just(""))}, "errors", case_page("done"), _done, owner_rows, _next_action
    ),
    (RecourseState, "propose_plan"): FormSpec(
        {
            "plan_count": st.sampled_from(["3", "2", "12"]),
            "plan_first": st.sampled_from([iso(10), french(20)]),
            "plan_lines": st.just(""),
        },
        "errors",
        recourse_page(lambda: case_of("plan")),
        _plan,
        owner_rows,
    ),
    (RecourseState, "escalate"): FormSpec(
        {"pro_1": PROS, "pro_2": PROS, "pro_3": PROS},
        "errors",
        recourse_page(lambda: case_of("escalate")),
        _escalation,
        owner_rows,
    ),
    (RecourseState, "report_partial"): FormSpec(
        {"recovered": AMOUNTS}, "errors", recourse_page(escalated_case), _partial, owner_rows
    ),
    (RecourseState, "import_report"): FormSpec(
        {"report": st.just('{"schema": "guide-recouvrement/retour"}')},
        "errors",
        recourse_page(escalated_case),
        _report,
        owner_rows,
    ),
    (DebtorPortalState, "promise"): FormSpec(
        {"promise_date": st.sampled_from([iso(5), french(60)]), "promise_amount": st.one_of(AMOUNTS, st.just(""))},
        "errors",
        debtor_page("debtor-promise", "promise"),
        _debtor_promise,
        owner_rows,
    ),
    (DebtorPortalState, "dispute"): FormSpec(
        {"reason": TEXTS}, "errors", debtor_page("debtor-dispute", "dispute"), _debtor_dispute, owner_rows
    ),
    (DebtorPortalState, "propose_plan"): FormSpec(
        {"schedule": st.just(f"{french(10)} ; 1 200\n{french(40)} ; 1 200")},
        "errors",
        debtor_page("debtor-plan", "plan"),
        _counter,
        owner_rows,
    ),
    (SignInState, "sign_in"): FormSpec(
        {"email": st.builds(owner_email), "password": st.just(PASSWORD)}, "error", sign_in_page, _signed, owner_rows
    ),
    (PasswordState, "save_iban"): FormSpec(
        {"iban": st.sampled_from(["FR76 3000 6000 0112 3456 7890 189", "DE89370400440532013000", ""])},
        "errors",
        settings_page,
        _iban,
        owner_rows,
    ),
    (PasswordState, "change"): FormSpec(
        {"current_password": st.just(PASSWORD), "new_password": st.just("une autre phrase solide")},
        "errors",
        settings_page,
        _password,
        owner_rows,
    ),
    (DiagnosticState, "save_profile"): FormSpec(
        {
            "sector": st.sampled_from([*SECTORS, ""]),
            "headcount": st.sampled_from([*HEADCOUNTS, ""]),
            "revenue": st.one_of(AMOUNTS, st.just("")),
            "overdue_share": st.sampled_from(["15", "4,5 %", ""]),
            "payment_terms": st.sampled_from(["30", "60", ""]),
            "dso": st.sampled_from(["45", ""]),
        },
        "profile_errors",
        profile_page,
        _profile,
        attempt_row,
    ),
    (ContactState, "submit"): FormSpec(
        {
            "contact_name": st.just("Camille Durand"),
            "company_name": st.just("Atelier Durand"),
            "email": st.sampled_from(["camille@balayage.fr", ""]),
            "phone": st.sampled_from(["07 98 76 54 32", "+33 7 98 76 54 32"]),
            "consent": st.just("on"),
        },
        "errors",
        contact_page,
        _lead,
    ),
    (JoinCodeState, "go"): FormSpec({"code": st.builds(room_code)}, "error", join_code_page, _joined_room),
    (ParticipantState, "join"): FormSpec(
        {"pseudonym": st.sampled_from(["Renard", "", "Éloïse"])}, "join_error", room_page, _seat
    ),
    (AdvisorSpaceState, "create"): FormSpec(
        {
            "title": st.just("Matinale CCI"),
            "held_on": st.sampled_from([iso(7), french(7)]),
            "mode": st.sampled_from(workshop_store.MODES),
            "content": st.sampled_from(workshop_store.CONTENTS),
            **{game.field_name(slug): st.sampled_from(["on", ""]) for slug in game.chapter_slugs()},
            "melange": st.sampled_from(["on", ""]),
            "seconds": st.sampled_from([str(s) for s in game.SECONDS_CHOICES]),
        },
        "errors",
        advisor_page,
        _workshop,
        advisor_rows,
    ),
    (LeadState, "save"): FormSpec(
        {
            "status": st.sampled_from(leads.STATUSES),
            "notes": st.sampled_from(["RDV pris", ""]),
            "next_contact_on": st.sampled_from([iso(3), ""]),
        },
        "errors",
        lead_page,
        _lead_update,
        advisor_rows,
    ),
    (NextSessionState, "save"): FormSpec(
        {
            NEXT_WHEN: st.sampled_from([f"{iso(7)}T18:00", f"{iso(40)}T09:15", ""]),
            NEXT_PLACE: st.sampled_from(["CCI de Lyon, salle 2", "", "  En   visio  "]),
        },
        "errors",
        next_session_page,
        _next_session,
        advisor_rows,
    ),
    (OnboardingState, "create_account"): FormSpec(
        {
            "company_name": st.just("Atelier Durand"),
            "siren": st.sampled_from(["732829320", "552 100 554"]),
            "contact_name": st.just("Camille Durand"),
            "email": SERIAL.map(lambda n: f"inscrit-{n}@balayage.fr"),
            "password": st.just(PASSWORD),
            "consent": st.just("on"),
        },
        "errors",
        sign_up_page,
        _account,
    ),
    (CaseForm, "create_case"): FormSpec(
        {
            "debtor_name": st.just("Boulangerie Martin SARL"),
            "debtor_siren": st.sampled_from(["", "732829320"]),
            "debtor_contact": st.sampled_from(["", "Paul Martin"]),
            "debtor_email": st.sampled_from(["", "compta@martin.fr"]),
            "debtor_phone": st.sampled_from(["", "01 23 45 67 89"]),
            "risk": st.sampled_from(["standard", "confiance", "a_risque"]),
            "credit_limit": st.sampled_from(["", "5 000"]),
            "debtor_kind": st.sampled_from(["professionnel", "particulier", "public"]),
            "agreed_rate": st.sampled_from(["", "15", "12,5"]),
            "public_buyer": st.sampled_from(["", "etat", "sante", "entreprise"]),
            **invoice_fields("_0"),
            **invoice_fields("_1"),
            "terms_days": st.sampled_from(["30", "0", "60"]),
            "terms_eom": st.sampled_from(["on", ""]),
        },
        "case_errors",
        first_case_page,
        _first_case,
        lambda: json.dumps(_account_row(step_three_owner()[1])),
        setup=_first_case_invoices,
    ),
    (ReconciliationState, "assign"): FormSpec(
        {"line_id": st.builds(_newest_line), "case_id": st.builds(lambda: str(case_of("assign")))},
        "assign_errors",
        reconciliation_page,
        _bank_payment,
        owner_rows,
    ),
    (ReconciliationState, "name_columns"): FormSpec(
        {
            "col_date": st.just("0"),
            "col_amount": st.just("3"),
            "amount_kind": st.sampled_from(["signe", "credit"]),
            "col_label": st.just("2"),
            "col_payer": st.sampled_from(["", "4"]),
        },
        "column_errors",
        columns_page,
        _columns_named,
        owner_rows,
    ),
    (EInvoiceState, "confirm"): FormSpec(
        {
            "due": st.sampled_from(["2026-11-14", "30/11/2026"]),
            "email": st.sampled_from(["", "compta@client-facturx.fr"]),
            "debtor_kind": st.sampled_from(["professionnel", "particulier", "public"]),
            "public_buyer": st.sampled_from(["", "etat", "sante", "entreprise"]),
            "risk": st.sampled_from(["standard", "confiance", "a_risque"]),
        },
        "errors",
        einvoice_page,
        _einvoice_case,
        owner_rows,
    ),
    (OutboxState, "go_live"): FormSpec(
        {"confirm_live": st.just("on")}, "confirm_error", messages_page, _live, owner_rows
    ),
    (OutboxState, "save_preferences"): FormSpec(
        {"thank_payers": st.sampled_from(["on", ""]), "digest_hour": st.sampled_from(DIGEST_CHOICES)},
        "preferences_error",
        messages_page,
        _preferences,
        owner_rows,
    ),
    (TeamState, "invite"): FormSpec(
        {
            "email": st.builds(lambda: f"membre-{next(_serial)}@balayage.fr"),
            "role": st.sampled_from(["lecture", "gestion"]),
        },
        "errors",
        team_page,
        _invited,
    ),
    (InvitationState, "join"): FormSpec(
        {
            "contact_name": st.sampled_from(["Alex Martin", "Zoé L'Hôte"]),
            "password": st.just("une phrase de passe solide"),
            "consent": st.just("on"),
        },
        "errors",
        invitation_page,
        _joined,
    ),
    (AccountDataState, "erase"): FormSpec(
        {"erase_password": st.just(PASSWORD), "erase_confirm": st.sampled_from(["SUPPRIMER", "supprimer "])},
        "erase_errors",
        erase_page,
        _erased,
    ),
    (ForgottenPasswordState, "ask"): FormSpec(
        {  # a new unknown address each time: hypothesis repeats its draws, the limit per address would refuse them
            "email": st.one_of(st.builds(lambda: f"inconnu-{next(_serial)}@balayage.fr"), st.builds(_reset_user_email))
        },
        "error",
        forgotten_page,
        _link_asked,
    ),
    (NewPasswordState, "choose"): FormSpec(
        {"new_password": st.just("une nouvelle phrase solide"), "confirmation": st.just("une nouvelle phrase solide")},
        "errors",
        new_password_page,
        _password_chosen,
        reset_user_row,
    ),
}


ASYNC_TIMEOUT = 10  # seconds: a handler that waits longer for a forged call is a failure


class _HeldState(wrapt.ObjectProxy):  # type: ignore[misc]
    """Stands in for Reflex's StateProxy around a background task, for a state that no running app serves:
    `async with self` holds this very state (the real proxy reloads it from the state manager)."""

    async def __aenter__(self) -> _HeldState:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def run_handler(handler: Any, state: rx.State, *args: Any) -> Any:
    """Runs an event handler as the app would: async ones to the end (bounded), background ones with their state
    held; returns what it returned (its redirect or next event)."""
    result = handler.fn(_HeldState(state) if handler.is_background else state, *args)
    if inspect.iscoroutine(result):
        return asyncio.run(asyncio.wait_for(result, timeout=ASYNC_TIMEOUT))
    return result


def _app_states(cls: type[rx.State] = rx.State) -> list[type[rx.State]]:
    found = []
    for child in cls.get_substates():
        if child.__module__.startswith("guide_app."):
            found.append(child)
        found += _app_states(child)
    return found
