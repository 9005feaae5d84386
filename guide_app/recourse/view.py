"""What the owner's "recours" page and the debtor page show of a case's payment plan, escalation and legal path:
plain dataclasses of French strings, built from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.limitation import add_years, limitation_years
from guide_app.cases.risk import Channel
from guide_app.core import routes
from guide_app.core.format import day, money
from guide_app.models import CollectionCase, PaymentPlan
from guide_app.recourse import escalation_store, plan_store
from guide_app.recourse.cascade import CASCADE_LABELS, HANDOVER_LABELS, HOLDING
from guide_app.recourse.legal_path import STATUS_LABELS, CaseFacts, legal_path
from guide_app.recourse.plans import PROGRESS_LABELS, as_lines, equal_split, summary
from guide_app.recourse.professionals import KIND_LABELS, directory, excluded, fees_on_result, recommend, tier_text

DEFAULT_INSTALMENTS = 3


@dataclass
class InstalmentRow:
    position: int
    date: str
    amount: str
    status: str  # French label: à venir, payée, en retard, manquée…
    late: bool


@dataclass
class PlanView:
    """A plan as either side reads it. state: "" (none) | proposed_by_owner | proposed_by_debtor | active | missed."""

    state: str = ""
    plan_id: int = 0
    summary: str = ""
    rows: list[InstalmentRow] = field(default_factory=list)


@dataclass
class FigureRow:
    value: str
    label: str
    source: str


@dataclass
class StepRow:
    id: str
    title: str
    status: str
    status_label: str
    requires: str
    cost: str
    delay: str
    document: str
    source: str
    figures: list[FigureRow]
    locked_reason: str
    alternative_title: str
    alternative_text: str
    alternative_source: str


@dataclass
class ProRow:
    id: str
    name: str
    kind: str
    city: str
    expected: str  # "≈ 239,40 € de frais pour 1 944,00 € recouvrés en moyenne"
    if_all: str
    scale: str
    reasons: list[str]


@dataclass
class HandoverView:
    position: int
    name: str
    status: str
    holding: bool
    dates: str
    recovered: str
    fees: str


@dataclass
class RecourseView:
    case_id: int = 0
    case_href: str = ""
    debtor: str = ""
    open: bool = True
    owed: str = ""
    age: str = ""
    plan: PlanView = field(default_factory=PlanView)
    plan_default: str = ""  # three equal monthly instalments, in the text area's format
    first_date_default: str = ""
    steps: list[StepRow] = field(default_factory=list)
    limitation: str = ""
    limitation_urgent: bool = False
    court_open: bool = False
    pros: list[ProRow] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    escalation: str = ""  # "" | en_cours | recouvre | epuise | retire
    escalation_label: str = ""
    mandate_on: str = ""
    handovers: list[HandoverView] = field(default_factory=list)
    fees_total: str = ""
    recovered_total: str = ""


def plan_view(session: Session, *, case: CollectionCase, today: date) -> PlanView:
    """The running plan, or else the proposal waiting for an answer."""
    plan: PaymentPlan | None = plan_store.active_plan(session, case=case)
    if plan is not None:
        rows = plan_store.plan_progress(session, case=case, plan=plan, today=today)
        missed = any(r.status == "manquee" for r in rows)
        return PlanView(
            state="missed" if missed else "active",
            plan_id=plan.id or 0,
            summary=summary(plan_store.schedule_of(session, plan=plan)),
            rows=[
                InstalmentRow(
                    r.position,
                    day(r.due_on),
                    money(r.amount),
                    PROGRESS_LABELS[r.status],
                    r.status in ("en_retard", "manquee"),
                )
                for r in rows
            ],
        )
    plan = plan_store.pending_proposal(session, case=case)
    if plan is None:
        return PlanView()
    schedule = plan_store.schedule_of(session, plan=plan)
    return PlanView(
        state=f"proposed_by_{plan.proposed_by}",
        plan_id=plan.id or 0,
        summary=summary(schedule),
        rows=[
            InstalmentRow(i, day(item.due_on), money(item.amount), "proposée", False)
            for i, item in enumerate(schedule, start=1)
        ],
    )


def _steps(session: Session, *, case: CollectionCase, today: date, pro_cost: str, escalation: str) -> RecourseView:
    owed = cases.case_ledger(session, case=case, on=today)
    first = cases.first_limitation(session, case=case, owed=owed)
    actions = store.case_actions(session, case=case)
    done = [a for a in actions if a.status == "done" or a.sent_at is not None]
    notice_on = cases.formal_notice_on(session, case=case)
    facts = CaseFacts(
        amount_due=owed.principal,
        limitation_on=first.ends_on if first else add_years(today, limitation_years(owed.terms.kind)),
        acknowledged=first.acknowledged if first else "",
        debtor_kind=owed.terms.kind,
        today=today,
        reminders_done=len([a for a in done if a.channel != Channel.LRAR.value]),
        formal_notice_on=notice_on,
        escalation=escalation,
        plan_active=plan_store.active_plan(session, case=case) is not None,
        disputed=bool(cases.open_disputes(session, case=case)),
        professional_cost=pro_cost,
    )
    path = legal_path(facts)
    return RecourseView(
        steps=[
            StepRow(
                id=s.id,
                title=s.title,
                status=s.status,
                status_label=STATUS_LABELS[s.status],
                requires=s.requires,
                cost=s.cost,
                delay=s.delay,
                document=s.document,
                source=s.source,
                figures=[FigureRow(f.value, f.label, f"{f.source} ({f.dated})") for f in s.figures],
                locked_reason=s.locked_reason,
                alternative_title=s.alternative.title if s.alternative else "",
                alternative_text=s.alternative.text if s.alternative else "",
                alternative_source=s.alternative.source if s.alternative else "",
            )
            for s in path.steps
        ],
        limitation=path.limitation_text,
        limitation_urgent=path.limitation_urgent,
        court_open=path.court_open,
    )


def recourse_view(
    session: Session, *, case: CollectionCase, today: date, debtor_type: str, region: str
) -> RecourseView:
    assert case.id is not None
    debtor = store.case_debtor(session, case=case)
    profile = escalation_store.case_profile(session, case=case, debtor_type=debtor_type, region=region, today=today)
    ranked = recommend(profile)
    pros = [
        ProRow(
            id=r.pro.id,
            name=r.pro.name,
            kind=KIND_LABELS[r.pro.kind],
            city=r.pro.city,
            expected=f"≈ {money(r.expected_fees)} de frais pour {money(r.expected_recovered)} recouvrés en moyenne",
            if_all=f"{money(r.fees_if_all_recovered)} si tout est recouvré",
            scale=f"Honoraires au résultat : {tier_text(r.pro)}"
            + (f" ; frais fixes {money(r.pro.fixed_fee)}" if r.pro.fixed_fee else " ; aucun frais fixe"),
            reasons=list(r.reasons),
        )
        for r in ranked
    ]
    pro_cost = f"≈ {money(ranked[0].expected_fees)} avec {ranked[0].pro.name}" if ranked else ""
    escalation = escalation_store.latest(session, case=case)
    status = escalation.status if escalation is not None else ""
    view = _steps(session, case=case, today=today, pro_cost=pro_cost, escalation=status)
    view.case_id, view.case_href, view.debtor = case.id, routes.case(case.id), debtor.company_name
    view.open = case.status == "open"
    view.owed = money(profile.amount)
    view.age = (
        f"{profile.age_days} jours après la plus ancienne échéance" if profile.age_days > 0 else "Pas encore échu"
    )
    view.plan = plan_view(session, case=case, today=today)
    first = today + timedelta(days=7)
    view.first_date_default = first.isoformat()
    if profile.amount > 0:
        view.plan_default = as_lines(equal_split(profile.amount, DEFAULT_INSTALMENTS, first))
    view.pros = pros
    view.excluded = [f"{pro.name} : {why}." for pro, why in excluded(profile)]
    if escalation is not None:
        known = directory()
        rows = escalation_store.handover_rows(session, escalation=escalation)
        fees = Decimal(0)
        handovers = []
        for row in rows:
            recovered = store.from_cents(row.recovered_cents)
            fee = Decimal(0)
            if row.started_on is not None and row.professional_id in known:
                fee = fees_on_result(known[row.professional_id], recovered)
            fees += fee
            started = f"depuis le {day(row.started_on)}" if row.started_on else "prendra le relais en cas d'échec"
            if row.started_on and row.status in HOLDING:
                started += f", résultat attendu d'ici le {day(row.started_on + timedelta(days=row.agreed_delay_days))}"
            if row.ended_on:
                started = f"du {day(row.started_on or row.ended_on)} au {day(row.ended_on)}"
            handovers.append(
                HandoverView(
                    position=row.position,
                    name=row.professional_name,
                    status=HANDOVER_LABELS.get(row.status, row.status),
                    holding=row.status in HOLDING,
                    dates=started,
                    recovered=money(recovered) if recovered else "",
                    fees=money(fee) if fee else "",
                )
            )
        total = sum((store.from_cents(r.recovered_cents) for r in rows), Decimal(0))
        view.escalation, view.escalation_label = status, CASCADE_LABELS.get(status, status)
        view.mandate_on, view.handovers = day(escalation.mandate_on), handovers
        view.fees_total, view.recovered_total = money(fees), money(total)
    return view
