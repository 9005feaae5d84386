"""All database tables (SQLModel), registered with Reflex so that `reflex db` migrates them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import reflex as rx
import sqlalchemy as sa
from sqlmodel import Field, SQLModel


@rx.ModelRegistry.register
class ChapterProgress(SQLModel, table=True):
    """What one anonymous visitor (browser) has done with one chapter."""

    __table_args__ = (sa.UniqueConstraint("visitor_token", "chapter_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    visitor_token: str = Field(index=True, max_length=64)
    chapter_slug: str = Field(max_length=64)
    read_at: datetime | None = None
    best_score: int | None = None
    question_count: int | None = None
    passed_at: datetime | None = None


@rx.ModelRegistry.register
class QuizAttempt(SQLModel, table=True):
    """One run of the maturity diagnostic by one visitor. Its answers are AttemptAnswer rows."""

    id: int | None = Field(default=None, primary_key=True)
    visitor_token: str = Field(index=True, max_length=64)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)  # set at sign-up
    quiz: str = Field(default="diagnostic", max_length=32)
    position: int = 0  # the question on screen, so that a reload resumes there
    started_at: datetime
    finished_at: datetime | None = None
    # Set at the end: the unguessable id of the read-only share link, and the scores it shows.
    share_id: str | None = Field(default=None, unique=True, max_length=32)
    overall: int | None = None
    level_id: str | None = Field(default=None, max_length=32)
    axis_scores: dict[str, int] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    profile: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))


@rx.ModelRegistry.register
class AttemptAnswer(SQLModel, table=True):
    """One answer, written as soon as it is given; one row per question, so two tabs cannot lose each other's."""

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="quizattempt.id", index=True)
    question_id: str = Field(max_length=64)
    answer_id: str = Field(max_length=64)
    answered_at: datetime


# --- Accounts --------------------------------------------------------------------------------------


@rx.ModelRegistry.register
class Account(SQLModel, table=True):
    """A creditor company. Everything below belongs to exactly one account."""

    id: int | None = Field(default=None, primary_key=True)
    company_name: str = Field(max_length=120)
    siren: str = Field(max_length=9, index=True)
    created_at: datetime
    live: bool = False  # test mode until the owner switches it on: nothing reaches a debtor before
    onboarding_step: int = 2  # 2 scenario, 3 first case, 4 timeline, 5 done
    iban: str | None = Field(default=None, max_length=34)  # shown to debtors with an EPC QR code
    # A short thank-you e-mail to a client once everything they owed is paid (reminders/store.thank_payer).
    thank_payers: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    # The hour (Paris time) the owner's morning digest leaves (reminders/digest.DIGEST_HOURS); None: no digest. (The
    # migration gives existing accounts 8 h; no server default here, or an INSERT of None would get 8 too.)
    digest_hour: int | None = 8


@rx.ModelRegistry.register
class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    email: str = Field(max_length=254, unique=True)
    contact_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="owner", max_length=16)  # owner | gestion | lecture (accounts/roles.py) | advisor | admin
    created_at: datetime
    # The SHA-256 of the secret key of this user's calendar feed (/compte/agenda.ics?cle=…); None: no feed, or revoked.
    calendar_key_hash: str | None = Field(default=None, max_length=64, unique=True)


@rx.ModelRegistry.register
class ConsentRecord(SQLModel, table=True):
    """What the user agreed to, in which version of the text, and when (GDPR proof)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=32)
    text_version: str = Field(max_length=32)
    accepted_at: datetime


@rx.ModelRegistry.register
class UserSession(SQLModel, table=True):
    """A sign-in: only the hash of the browser's token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime


@rx.ModelRegistry.register
class PasswordReset(SQLModel, table=True):
    """The live "forgotten password" link of a user: at most one (a newer link replaces it), only the hash of
    its token, deleted when used or when the password changes."""

    __table_args__ = (
        sa.UniqueConstraint("user_id", name="uq_passwordreset_user_id"),
        sa.UniqueConstraint("token_hash", name="uq_passwordreset_token_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    token_hash: str = Field(max_length=64)
    created_at: datetime
    expires_at: datetime


# --- Collection ------------------------------------------------------------------------------------
# Money is stored in integer cents (exact on SQLite and PostgreSQL alike) and handled as Decimal in code.


@rx.ModelRegistry.register
class Scenario(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("account_id", "risk_category"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    risk_category: str = Field(max_length=16)  # confiance | standard | a_risque
    updated_at: datetime


@rx.ModelRegistry.register
class ScenarioStep(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    position: int
    name: str = Field(max_length=60)
    offset_days: int
    channel: str = Field(max_length=16)
    tone: str = Field(max_length=16)
    subject: str = Field(default="", max_length=200)
    body: str = Field(max_length=2000)


@rx.ModelRegistry.register
class Debtor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    company_name: str = Field(max_length=120)
    siren: str | None = Field(default=None, max_length=9)
    contact_name: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=20)
    risk_category: str = Field(default="standard", max_length=16)
    credit_limit_cents: int | None = Field(default=None, sa_type=sa.BigInteger)
    # Who owes decides the law (cases.ledger): professionnel | particulier | public.
    kind: str = Field(default="professionnel", max_length=16, sa_column_kwargs={"server_default": "professionnel"})
    # The late-payment rate of the creditor's terms for this client, in hundredths of a percent (1500 = 15 %).
    agreed_rate_bp: int | None = None
    # For a public debtor, the kind of buyer that sets the payment term (content/debtor_kinds.yaml): etat | sante |
    # entreprise; empty for the others.
    public_buyer: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    # Set by a « Suspendre » link of the digest: no message leaves for this client until the owner resumes them.
    held_at: datetime | None = None


@rx.ModelRegistry.register
class CollectionCase(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    debtor_id: int = Field(foreign_key="debtor.id", index=True)
    status: str = Field(default="open", max_length=16)  # open | closed
    terms_days: int
    terms_end_of_month: bool = False
    created_at: datetime
    closed_at: datetime | None = None
    # The debtor's page is reached with this unguessable token (in every message); it opens this case only.
    debtor_token: str | None = Field(default=None, unique=True, max_length=64)
    # Days the steps after the due date were pushed because the case started late (schedule.late_start_shift).
    schedule_shift_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


@rx.ModelRegistry.register
class Invoice(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("account_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    number: str = Field(max_length=40)
    issue_date: date
    due_date: date
    amount_ht_cents: int = Field(sa_type=sa.BigInteger)
    vat_rate_bp: int  # VAT in basis points: 2000 = 20 %
    amount_ttc_cents: int = Field(sa_type=sa.BigInteger)


@rx.ModelRegistry.register
class CaseAction(SQLModel, table=True):
    """One scheduled action of a case's scenario, and what became of it."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    step_position: int
    # step: a step of the scenario; echeance: an instalment reminder of a payment plan; merci: the thank-you once
    # everything is paid (it goes out although the case is closed). Only steps are grouped (reminders/grouping.py).
    kind: str = Field(default="step", max_length=8, sa_column_kwargs={"server_default": "step"})
    name: str = Field(max_length=60)
    channel: str = Field(max_length=16)
    tone: str = Field(max_length=16)
    scheduled_for: date = Field(index=True)
    status: str = Field(default="scheduled", max_length=16)  # scheduled | done | skipped | failed
    subject: str = Field(default="", max_length=200)
    body: str = Field(default="", max_length=4000)
    created_at: datetime
    done_at: datetime | None = None
    failed_at: datetime | None = None
    failure_reason: str | None = Field(default=None, max_length=500)
    outcome: str = Field(default="", max_length=500)  # what the owner noted (a call's outcome)
    # Sending: a run claims an action before sending it, so that two runs never send it twice.
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    claim_id: str | None = Field(default=None, max_length=32)
    sent_at: datetime | None = None


@rx.ModelRegistry.register
class OutboxMessage(SQLModel, table=True):
    """Every message the app sent or, in test mode, would have sent: one per action at most (the first of the
    actions it carries), and one per client address per day at most (`recipient_day`)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    action_id: int = Field(foreign_key="caseaction.id", unique=True)
    # SHA-256 of account, address and day (reminders/grouping.recipient_day); None on rows older than grouping.
    recipient_day: str | None = Field(default=None, max_length=64, unique=True)
    actions: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # how many actions it carries
    channel: str = Field(max_length=16)
    to_address: str = Field(default="", max_length=254)
    subject: str = Field(default="", max_length=200)
    body: str = Field(max_length=8000)
    test_mode: bool = True
    created_at: datetime


@rx.ModelRegistry.register
class Payment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    amount_cents: int = Field(sa_type=sa.BigInteger)
    paid_on: date
    method: str = Field(max_length=16)  # virement | cheque | carte | especes | prelevement | autre
    created_at: datetime
    # the bank statement's credit it was confirmed from (banking/): None when the owner typed it
    bank_line_id: int | None = Field(default=None, foreign_key="bankline.id", index=True)


@rx.ModelRegistry.register
class BankLine(SQLModel, table=True):
    """A credit of an imported bank statement: open until the owner confirms it as payments (Payment.bank_line_id)
    or sets it aside. The bank's reference (or a stable hash of the line) makes a second import of the same
    statement change nothing."""

    __table_args__ = (sa.UniqueConstraint("account_id", "key", name="uq_bankline_account_key"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    key: str = Field(max_length=64)
    source: str = Field(max_length=8)  # camt | ofx | csv
    booked_on: date
    amount_cents: int = Field(sa_type=sa.BigInteger)
    payer: str = Field(default="", max_length=140)
    text: str = Field(default="", max_length=280)
    status: str = Field(default="open", max_length=16)  # open | confirmed | set_aside
    imported_at: datetime
    decided_at: datetime | None = None


@rx.ModelRegistry.register
class BankColumns(SQLModel, table=True):
    """What the owner said of a bank's CSV header this app does not recognise (columns from 0), kept for the next
    statements of that bank: the header's signature (banking.statements.header_signature) finds it."""

    __table_args__ = (sa.UniqueConstraint("account_id", "signature", name="uq_bankcolumns_account_signature"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    signature: str = Field(max_length=32)
    date_col: int
    label_col: int
    amount_col: int | None = None  # a signed amount…
    credit_col: int | None = None  # …or a column of credits
    payer_col: int | None = None


@rx.ModelRegistry.register
class PaymentPromise(SQLModel, table=True):
    """A date the debtor committed to: reminders pause until then; a missed date raises an alert."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    amount_cents: int = Field(sa_type=sa.BigInteger)
    promised_for: date
    source: str = Field(max_length=16)  # owner | debtor
    status: str = Field(default="pending", max_length=16)  # pending | kept | broken
    created_at: datetime


@rx.ModelRegistry.register
class Dispute(SQLModel, table=True):
    """A contested invoice: reminders pause until the dispute is resolved."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    reason: str = Field(max_length=1000)
    source: str = Field(max_length=16)  # owner | debtor
    created_at: datetime
    resolved_at: datetime | None = None


@rx.ModelRegistry.register
class CaseEvent(SQLModel, table=True):
    """The case's history as the owner reads it: notes, payments, promises, disputes, debtor visits, alerts."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    kind: str = Field(max_length=24)  # note | payment | promise | dispute | debtor | sent | failed | alert | closed
    text: str = Field(max_length=2000)
    alert: bool = False  # shown among the account's alerts until seen
    seen_at: datetime | None = None
    created_at: datetime
    # An urgent alert (reminders/alerts.URGENT) e-mailed to the owner: when it left; None: not (yet) e-mailed.
    mailed_at: datetime | None = None


# --- Payment plans and professionals -----------------------------------------------------------------


@rx.ModelRegistry.register
class PaymentPlan(SQLModel, table=True):
    """A proposed or running instalment schedule; while one is accepted, it replaces the reminder scenario."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    # proposed | countered (the debtor answered with another) | accepted | completed | broken | withdrawn
    status: str = Field(default="proposed", max_length=16)
    proposed_by: str = Field(max_length=16)  # owner | debtor
    total_cents: int = Field(sa_type=sa.BigInteger)
    # paid on the case at acceptance: later payments settle the instalments
    paid_before_cents: int = Field(default=0, sa_type=sa.BigInteger)
    created_at: datetime
    accepted_at: datetime | None = None
    ended_at: datetime | None = None


@rx.ModelRegistry.register
class PlanInstalment(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("plan_id", "position", name="uq_planinstalment_plan_position"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    plan_id: int = Field(foreign_key="paymentplan.id", index=True)
    position: int  # 1-based, in date order
    due_on: date
    amount_cents: int = Field(sa_type=sa.BigInteger)
    missed_alert_at: datetime | None = None  # the owner was alerted once


@rx.ModelRegistry.register
class Escalation(SQLModel, table=True):
    """A case handed to professionals in turn (circular collection); at most one running per case."""

    __table_args__ = (
        sa.Index(
            "uq_escalation_running_case",
            "case_id",
            unique=True,
            sqlite_where=sa.text("status = 'en_cours'"),
            postgresql_where=sa.text("status = 'en_cours'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    case_id: int = Field(foreign_key="collectioncase.id", index=True)
    status: str = Field(default="en_cours", max_length=16)  # en_cours | recouvre | epuise | retire
    mandate_on: date  # the day the owner gave the written mandate
    debtor_type: str = Field(max_length=16)  # what the recommendation was based on
    region: str = Field(max_length=8)
    created_at: datetime
    ended_at: datetime | None = None


@rx.ModelRegistry.register
class Handover(SQLModel, table=True):
    """One professional of an escalation, in the order chosen."""

    __table_args__ = (sa.UniqueConstraint("escalation_id", "position", name="uq_handover_escalation_position"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    escalation_id: int = Field(foreign_key="escalation.id", index=True)
    position: int  # 1 to 3
    professional_id: str = Field(max_length=40)
    professional_name: str = Field(max_length=120)
    agreed_delay_days: int
    # en_attente | en_cours | recouvre_partiellement | recouvre | echec | sans_resultat | retire
    status: str = Field(default="en_attente", max_length=24)
    started_on: date | None = None
    ended_on: date | None = None
    recovered_cents: int = Field(default=0, sa_type=sa.BigInteger)


# --- Advisor workshops and leads ---------------------------------------------------------------------


@rx.ModelRegistry.register
class Workshop(SQLModel, table=True):
    """An advisor's room: phones join it by its short code while it is open."""

    __table_args__ = (
        # A code is unique among open rooms only: closed rooms give their code back.
        sa.Index(
            "ix_workshop_open_code",
            "code",
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    advisor_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(max_length=120)
    held_on: date
    content: str = Field(default="diagnostic", max_length=32)  # what the room runs
    mode: str = Field(default="self_paced", max_length=16)  # self_paced | live
    code: str = Field(max_length=8)
    status: str = Field(default="open", max_length=16)  # open | closed
    # Live mode: the question on every phone (-1 before the first, len(questions) once results are out).
    live_index: int = -1
    live_revealed: bool = False  # the current question is closed and its distribution shown
    created_at: datetime
    closed_at: datetime | None = None
    # A chapter-quiz game (content == "jeu"): the chapters it draws from, the seconds per question, and where
    # the room is. game_round changes at each opening or reset of a question: answers carry it, pushes name it.
    game_chapters: str = Field(default="", max_length=200)  # chapter slugs, comma-separated
    game_mixed: bool = False  # questions shuffled (the same order for everyone, from the room's id)
    game_seconds: int = 20
    game_phase: str = Field(default="lobby", max_length=16)  # lobby | question | closed | reveal | board | podium
    game_index: int = -1
    game_round: int = 0
    game_deadline: datetime | None = None  # when the open question closes; None while paused or not open
    game_left_ms: int = 0  # time left when the advisor paused
    # The next session, given to participants in the follow-up e-mail as an .ics invitation.
    next_session_at: datetime | None = None
    next_session_place: str = Field(default="", max_length=200)


@rx.ModelRegistry.register
class WorkshopParticipant(SQLModel, table=True):
    """One phone in a room: a pseudonym, no personal data. Its answers are its QuizAttempt's rows."""

    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "token_hash", name="uq_workshopparticipant_workshop_token"),
        sa.UniqueConstraint("workshop_id", "number", name="uq_workshopparticipant_workshop_number"),
        sa.UniqueConstraint("attempt_id", name="uq_workshopparticipant_attempt_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    token_hash: str = Field(max_length=64)  # sha256 of the random token the phone keeps
    number: int  # 1, 2, 3… in the order of arrival: "Participant 7" without a pseudonym
    pseudonym: str = Field(default="", max_length=40)
    attempt_id: int = Field(foreign_key="quizattempt.id")
    joined_at: datetime
    # The phone's current websocket client token: where live-mode updates are pushed. Not a credential.
    client_token: str | None = Field(default=None, max_length=64)
    removed_at: datetime | None = None  # the advisor removed this phone from the room: it can no longer answer


@rx.ModelRegistry.register
class Lead(SQLModel, table=True):
    """Someone who asked to be contacted after a diagnostic (in a workshop or alone), with their consent."""

    __table_args__ = (
        sa.UniqueConstraint("participant_id", name="uq_lead_participant_id"),
        sa.UniqueConstraint("invitation_hash", name="uq_lead_invitation_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    advisor_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # None: no advisor yet
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    participant_id: int | None = Field(default=None, foreign_key="workshopparticipant.id")
    attempt_id: int | None = Field(default=None, foreign_key="quizattempt.id", index=True)
    contact_name: str = Field(max_length=120)
    company_name: str = Field(max_length=120)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=20)
    consent_version: str = Field(max_length=32)
    consented_at: datetime
    status: str = Field(default="nouveau", max_length=16)  # nouveau | contacte | rendez_vous | converti | perdu
    notes: str = Field(default="", max_length=2000)
    next_contact_on: date | None = None
    invitation_hash: str | None = Field(default=None, max_length=64)  # sha256 of the emailed token
    invited_at: datetime | None = None
    invitation_expires_at: datetime | None = None
    account_id: int | None = Field(default=None, foreign_key="account.id")  # the account it became
    created_at: datetime
    last_activity_at: datetime = Field(index=True)  # the retention period runs from here
    followed_up_at: datetime | None = None  # the one follow-up e-mail after the workshop was accepted by SMTP


@rx.ModelRegistry.register
class GameAnswer(SQLModel, table=True):
    """One phone's answer to one question of a game, written once. Its points are fixed when it is stored; a reset
    of the question deletes the question's rows."""

    __table_args__ = (
        sa.UniqueConstraint("participant_id", "question_index", name="uq_gameanswer_participant_question"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    participant_id: int = Field(foreign_key="workshopparticipant.id")
    question_index: int
    game_round: int
    question_id: str = Field(max_length=64)
    choice_id: str = Field(max_length=2)
    correct: bool
    points: int
    left_ms: int  # time left on the countdown when it arrived
    answered_at: datetime


# --- SQLite settings -------------------------------------------------------------------------------


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_for_many_writers(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets the presentation screen read while phones write, and commits without an fsync each (the database
    survives an app crash; only a power cut can lose the last few commits). No effect on other databases."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@rx.ModelRegistry.register
class SchedulerLease(SQLModel, table=True):
    """Which process runs the in-app scheduler: one at a time, across workers and app instances sharing the database
    (reminders/due_store.take_lease). Claims already keep a second runner from sending twice; the lease keeps it
    from doing the work twice."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)
    holder: str = Field(max_length=80)
    expires_at: datetime


@rx.ModelRegistry.register
class HoldLink(SQLModel, table=True):
    """A « Suspendre » link of the owner's digest: single-use, valid until the client's message goes out
    (reminders/digest.py). Only the SHA-256 of its secret is kept."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    debtor_id: int = Field(foreign_key="debtor.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    day: date  # the day of the message it holds
    created_at: datetime
    used_at: datetime | None = None


@rx.ModelRegistry.register
class Digest(SQLModel, table=True):
    """The owner's morning digest of one day: written once (unique per account and day), then sent once."""

    __table_args__ = (sa.UniqueConstraint("account_id", "day", name="uq_digest_account_day"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    day: date
    # claimed | sent | kept (no e-mail server) | empty (nothing to say) | failed (given up after DIGEST_ATTEMPTS)
    status: str = Field(default="claimed", max_length=16)
    claim_id: str | None = Field(default=None, max_length=32)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    to_address: str = Field(default="", max_length=254)
    subject: str = Field(default="", max_length=200)  # its body is not kept: it carries the hold links' secrets
    attempts: int = 0


@rx.ModelRegistry.register
class TeamInvite(SQLModel, table=True):
    """An invitation to join an account's team (accounts/team.py): single-use, valid 7 days. Only the SHA-256 of its
    secret is kept."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    email: str = Field(max_length=254)
    role: str = Field(max_length=16)  # lecture | gestion
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
