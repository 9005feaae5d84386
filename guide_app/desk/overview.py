"""What the owner sees: one case (balance, invoices, actions with their messages, history) and the account home
(totals, aged balance, actions due, alerts, cases). Plain dataclasses, ready for the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.ledger import BUCKETS, Ledger, aged_balance, interest_text, payment_rating, public_buyer
from guide_app.cases.limitation import limitation
from guide_app.cases.risk import RISK_LABELS, Channel, RiskCategory, Tone, channel_label, tone_label
from guide_app.cases.terms import check_terms
from guide_app.core import clock, routes
from guide_app.core.format import day, money
from guide_app.core.settings import settings
from guide_app.desk.peers import DsoView, dso_view
from guide_app.models import CaseAction, CaseEvent, CollectionCase, Debtor, Invoice, Payment, PaymentPromise
from guide_app.reminders import store as reminder_store
from guide_app.reminders.grouping import CaseOwed, grouped_sms
from guide_app.reminders.steps import days_label
from guide_app.reminders.tasks import task_link

MANUAL_CHANNELS = {Channel.SMS, Channel.APPEL, Channel.COURRIER, Channel.LRAR, Channel.PROFESSIONNEL}
_STATUS = {"scheduled": "prévu", "done": "fait", "skipped": "annulé", "failed": "échec"}


@dataclass
class InvoiceRow:
    number: str
    issued: str
    due: str
    amount_ht: str
    amount_ttc: str
    remaining: str


@dataclass
class ActionRow:
    id: int
    date: str
    day: str  # "J+10"
    name: str
    channel: str
    tone: str
    status: str  # "à faire maintenant" | "prévu" | "fait" | "annulé" | "échec"
    urgent: bool
    manual: bool  # the owner does it (call, SMS, letter): it can be marked done
    link: str  # sms:… or tel:… to do it from the phone, when the debtor's number is known
    letter: bool  # a letter to print: its PDF can be downloaded
    subject: str
    body: str
    owed: str  # what the debtor owes on that date, in one French sentence
    note: str  # outcome or failure reason


@dataclass
class EventRow:
    date: str
    text: str
    alert: bool


@dataclass
class CaseView:
    case_id: int = 0
    open: bool = True
    debtor: str = ""
    risk: str = ""
    rating: str = ""
    owed_today: str = ""
    paid: str = ""
    pause: str = ""  # why reminders are paused, if they are
    disputed: bool = False
    credit_warning: str = ""
    terms_warning: str = ""
    limitation_warning: str = ""  # within three months of prescription, or past it
    invoices: list[InvoiceRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    history: list[EventRow] = field(default_factory=list)


def _owed(owed: Ledger) -> str:
    """What the case owes on the ledger's day, in one sentence."""
    if not owed.due:
        return "rien, tout est payé."
    if not owed.days_late:
        return f"{money(owed.due)} TTC, pas encore échu : ni pénalités ni indemnité."
    if not owed.interest and owed.terms.text.before_notice and owed.terms.formal_notice_on is None:
        return f"{money(owed.due)} TTC : {owed.terms.text.before_notice}."
    indemnity = f" et {money(owed.indemnity)} d'indemnité forfaitaire" if owed.terms.indemnity_article else ""
    # The law puts a payment on interest before principal (C. civ. 1343-1); where the indemnity sits in that
    # order is not settled (domain-facts: unverified): the ledger takes it last, and says so once a payment came.
    order = " Paiements imputés sur l'indemnité en dernier : à confirmer." if owed.paid and owed.indemnity else ""
    return f"{money(owed.due)}, dont {interest_text(owed)} {owed.terms.text.interest_phrase}{indemnity}.{order}"


def _limitation_warning(session: Session, *, case: CollectionCase, owed: Ledger) -> str:
    """The prescription sentence when the first unpaid invoice is within three months of it (or past it)."""
    first = cases.first_limitation(session, case=case, owed=owed)
    if first is None:
        return ""
    text, urgent = limitation(first.ends_on, owed.on, acknowledged=first.acknowledged, kind=owed.terms.kind)
    return text if urgent else ""


def debtor_rating(session: Session, *, debtor: Debtor) -> str:
    """The client's payment habit over all their cases with this account."""
    case_ids = list(
        session.exec(
            select(CollectionCase.id).where(
                CollectionCase.debtor_id == debtor.id, CollectionCase.account_id == debtor.account_id
            )
        ).all()
    )
    lateness = []
    for case_id in case_ids:
        last_payment = session.exec(
            select(Payment.paid_on).where(Payment.case_id == case_id).order_by(col(Payment.paid_on).desc())
        ).first()
        case = session.get(CollectionCase, case_id)
        if case is not None and case.status == "closed" and last_payment is not None:
            due = session.exec(select(Invoice.due_date).where(Invoice.case_id == case_id)).all()
            lateness.append((last_payment - min(due)).days)
    broken = len(
        session.exec(
            select(PaymentPromise.id).where(
                col(PaymentPromise.case_id).in_(case_ids), PaymentPromise.status == "broken"
            )
        ).all()
    )
    return payment_rating(lateness, broken).label


def _one_sms_a_day(session: Session, *, case: CollectionCase, action: CaseAction, today: date) -> tuple[str, str]:
    """(text, note) of a due SMS: its own text, or, when the client has other SMS due today in other cases, one SMS
    for all of them (reminders/grouping.grouped_sms), which marks the others done with it."""
    siblings = reminder_store.due_sms_siblings(session, action=action, now=clock.now())
    if not siblings:
        return action.body, ""
    others = [session.get(CollectionCase, case_id) for case_id in dict.fromkeys(s.case_id for s in siblings)]
    covered = [case, *(other for other in others if other is not None)]
    ledgers = cases.owed_on_cases(session, cases=covered)
    base = settings.public_url.rstrip("/")
    owed = [CaseOwed(ledgers[c.id or 0](today), base + store.debtor_path(c)) for c in covered]
    account = store.account(session, account_id=case.account_id)
    text = grouped_sms(cases=owed, creditor=account.company_name if account else "")
    count = len(covered) - 1
    note = (
        f"Un seul SMS pour ce client aujourd'hui : il couvre aussi {count} autre{'s' if count > 1 else ''} "
        f"dossier{'s' if count > 1 else ''}, noté{'s' if count > 1 else ''} fait{'s' if count > 1 else ''} avec "
        "celui-ci."
    )
    return text, note


def case_view(session: Session, *, case: CollectionCase, today: date) -> CaseView:
    assert case.id is not None
    debtor = store.case_debtor(session, case=case)
    owed_on = cases.owed_on(session, case=case)
    owed = owed_on(today)
    rows = store.case_invoices(session, case=case)
    first_due = min(row.due_date for row in rows)
    actions = []
    for row in store.case_actions(session, case=case):
        due_now = row.status == "scheduled" and row.scheduled_for <= today
        body, grouped_note = _one_sms_a_day(session, case=case, action=row, today=today) if due_now else (row.body, "")
        actions.append(
            ActionRow(
                id=row.id or 0,
                date=day(row.scheduled_for),
                day=days_label((row.scheduled_for - first_due).days),
                name=row.name,
                channel=channel_label(Channel(row.channel)),
                tone=tone_label(Tone(row.tone)),
                status="à faire maintenant" if due_now else _STATUS.get(row.status, row.status),
                urgent=due_now,
                manual=row.status == "scheduled" and Channel(row.channel) in MANUAL_CHANNELS,
                link=task_link(Channel(row.channel), debtor.phone, body) if row.status == "scheduled" else "",
                letter=Channel(row.channel) in (Channel.COURRIER, Channel.LRAR),
                subject=row.subject,
                body=body,
                owed=_owed(owed_on(max(row.scheduled_for, today))),
                note=grouped_note or row.outcome or row.failure_reason or "",
            )
        )
    promise = cases.pending_promise(session, case=case)
    disputed = bool(cases.open_disputes(session, case=case))
    pause = ""
    if promise is not None and promise.promised_for >= today:
        pause = f"Relances suspendues : paiement promis pour le {day(promise.promised_for)}."
    if disputed:
        pause = "Relances suspendues : un litige est en cours."
    pause = store.suspension(session, case=case) or pause
    limit = debtor.credit_limit_cents
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.created_at).desc())
    ).all()
    return CaseView(
        case_id=case.id,
        open=case.status == "open",
        debtor=debtor.company_name,
        risk=RISK_LABELS[RiskCategory(debtor.risk_category)],
        rating=debtor_rating(session, debtor=debtor),
        owed_today=_owed(owed),
        paid=money(owed.paid) if owed.paid else "",
        pause=pause if case.status == "open" else "",
        disputed=disputed,
        credit_warning=(
            f"Encours autorisé dépassé : {money(owed.principal)} dus pour un plafond de "
            f"{money(store.from_cents(limit))}."
            if limit is not None and store.to_cents(owed.principal) > limit
            else ""
        ),
        terms_warning=check_terms(
            case.terms_days,
            end_of_month=case.terms_end_of_month,
            kind=debtor.kind,
            buyer=public_buyer(debtor.kind, debtor.public_buyer),
        )
        or "",
        limitation_warning=_limitation_warning(session, case=case, owed=owed) if case.status == "open" else "",
        invoices=[
            InvoiceRow(
                number=row.number,
                issued=day(row.issue_date),
                due=day(row.due_date),
                amount_ht=money(store.from_cents(row.amount_ht_cents)),
                amount_ttc=money(store.from_cents(row.amount_ttc_cents)),
                remaining=money(next((line.principal for line in owed.lines if line.number == row.number), Decimal(0))),
            )
            for row in rows
        ],
        actions=actions,
        history=[EventRow(date=day(e.created_at.date()), text=e.text, alert=e.alert) for e in events],
    )


# --- Account home ----------------------------------------------------------------------------------


@dataclass
class CaseLine:
    href: str
    debtor: str
    amount: str
    days_late: int
    next_action: str
    open: bool
    overdue: bool
    due_today: bool
    limitation_warning: str = ""


@dataclass
class DueAction:
    href: str
    debtor: str
    name: str
    channel: str


@dataclass
class AlertRow:
    id: int
    href: str
    debtor: str
    text: str
    date: str


@dataclass
class HomeView:
    outstanding: str = ""
    overdue: str = ""
    buckets: list[list[str]] = field(default_factory=list)  # [label, amount]
    due: list[DueAction] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    lines: list[CaseLine] = field(default_factory=list)
    dso: DsoView = field(default_factory=DsoView)


def home_view(session: Session, *, account_id: int, today: date) -> HomeView:
    totals = [Decimal(0)] * len(BUCKETS)
    lines, due = [], []
    names: dict[int, str] = {}
    for case in store.cases(session, account_id=account_id):
        assert case.id is not None
        debtor = store.case_debtor(session, case=case)
        names[case.id] = debtor.company_name
        owed = cases.case_ledger(session, case=case, on=today)
        if case.status == "open":
            for index, amount in enumerate(aged_balance(owed.lines, today)):
                totals[index] += amount
        days_late = owed.days_late if case.status == "open" else 0
        upcoming: list[CaseAction] = [a for a in store.case_actions(session, case=case) if a.status == "scheduled"]
        due_now = [a for a in upcoming if a.scheduled_for <= today]
        if due_now:  # one line per case: the first action, and how many wait behind it
            first = due_now[0]
            more = f" (+{len(due_now) - 1})" if len(due_now) > 1 else ""
            due.append(
                DueAction(
                    routes.case(case.id), debtor.company_name, first.name + more, channel_label(Channel(first.channel))
                )
            )
        lines.append(
            CaseLine(
                href=routes.case(case.id),
                debtor=debtor.company_name,
                amount=money(owed.due) if case.status == "open" else "soldé",
                days_late=days_late,
                next_action=f"{day(upcoming[0].scheduled_for)} · {upcoming[0].name}" if upcoming else "",
                open=case.status == "open",
                overdue=days_late > 0,
                due_today=bool(due_now),
                limitation_warning=_limitation_warning(session, case=case, owed=owed) if case.status == "open" else "",
            )
        )
    alerts = session.exec(
        select(CaseEvent)
        .where(CaseEvent.account_id == account_id, CaseEvent.alert, col(CaseEvent.seen_at).is_(None))
        .order_by(col(CaseEvent.created_at).desc())
    ).all()
    return HomeView(
        outstanding=money(sum(totals, Decimal(0))),
        overdue=money(sum(totals[1:], Decimal(0))),
        buckets=[[label, money(amount)] for label, amount in zip(BUCKETS, totals, strict=True)],
        due=due,
        alerts=[
            AlertRow(e.id or 0, routes.case(e.case_id), names.get(e.case_id, ""), e.text, day(e.created_at.date()))
            for e in alerts
        ],
        lines=lines,
        dso=dso_view(session, account_id=account_id, today=today, receivables=sum(totals, Decimal(0))),
    )
