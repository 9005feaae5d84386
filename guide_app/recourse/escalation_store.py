"""Escalations in the database: the owner hands a case to up to three professionals in order (one tap), the
mandate and its date are recorded, the scenario stops, and the cascade (cascade.py) moves the case on when a
professional fails or lets the agreed delay pass. Money a professional recovers is a payment on the case, so
the balance, the closing of the case and the fees on result all follow from it.

Every function takes a case the caller loaded through core.owner.owned; `apply_report` re-checks the ids of an
imported report against the importing account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.core import clock
from guide_app.core.format import day, money
from guide_app.core.owner import owned
from guide_app.models import CollectionCase, Escalation
from guide_app.models import Handover as HandoverRow
from guide_app.recourse import cascade as machine
from guide_app.recourse import plan_store
from guide_app.recourse.cascade import Cascade, CascadeError, Handover, Transition
from guide_app.recourse.case_export import ProfessionalReport, ReportError, read_report
from guide_app.recourse.professionals import DEBTOR_TYPES, REGIONS, CaseProfile, recommend

HANDED_OVER = "Dossier confié à un professionnel"


def escalations_of(session: Session, *, case: CollectionCase) -> list[Escalation]:
    return list(
        session.exec(
            select(Escalation)
            .where(Escalation.case_id == case.id, Escalation.account_id == case.account_id)
            .order_by(col(Escalation.id).desc())
        ).all()
    )


def running(session: Session, *, case: CollectionCase) -> Escalation | None:
    return next((e for e in escalations_of(session, case=case) if e.status == "en_cours"), None)


def latest(session: Session, *, case: CollectionCase) -> Escalation | None:
    return next(iter(escalations_of(session, case=case)), None)


def handover_rows(session: Session, *, escalation: Escalation) -> list[HandoverRow]:
    return list(
        session.exec(
            select(HandoverRow)
            .where(HandoverRow.escalation_id == escalation.id, HandoverRow.account_id == escalation.account_id)
            .order_by(col(HandoverRow.position))
        ).all()
    )


def cascade_of(session: Session, *, escalation: Escalation) -> Cascade:
    return Cascade(
        tuple(
            Handover(
                professional_id=row.professional_id,
                name=row.professional_name,
                agreed_delay_days=row.agreed_delay_days,
                status=row.status,  # type: ignore[arg-type]  # written from cascade.HandoverStatus only
                started_on=row.started_on,
                ended_on=row.ended_on,
                recovered=store.from_cents(row.recovered_cents),
            )
            for row in handover_rows(session, escalation=escalation)
        ),
        escalation.status,  # type: ignore[arg-type]
    )


def _save(session: Session, *, case: CollectionCase, escalation: Escalation, step: Transition) -> None:
    machine.check(step.cascade)
    for row, handover in zip(handover_rows(session, escalation=escalation), step.cascade.handovers, strict=True):
        row.status, row.started_on, row.ended_on = handover.status, handover.started_on, handover.ended_on
        row.recovered_cents = store.to_cents(handover.recovered)
        session.add(row)
    escalation.status = step.cascade.status
    if step.cascade.finished and escalation.ended_at is None:
        escalation.ended_at = clock.now()
    session.add(escalation)
    for line in step.events:
        cases.add_event(session, case=case, kind="handover", text=line)


def case_profile(session: Session, *, case: CollectionCase, debtor_type: str, region: str, today: date) -> CaseProfile:
    remaining = [line for line in cases.case_ledger(session, case=case, on=today).lines if line.principal > 0]
    oldest = min((line.due_date for line in remaining), default=today)
    amount = sum((line.principal for line in remaining), Decimal(0))
    return CaseProfile(amount=amount, age_days=max(0, (today - oldest).days), debtor_type=debtor_type, region=region)


def escalate(
    session: Session,
    *,
    case: CollectionCase,
    professional_ids: Sequence[str],
    debtor_type: str,
    region: str,
    today: date,
) -> Escalation:
    """Hands the case to the professionals chosen, in order; raises CascadeError (French) when it cannot."""
    assert case.id is not None
    if case.status != "open":
        raise CascadeError("Ce dossier est clos.")
    if running(session, case=case) is not None:
        raise CascadeError("Ce dossier est déjà confié à un professionnel.")
    if debtor_type not in DEBTOR_TYPES or region not in REGIONS:
        raise CascadeError("Précisez le type de client et sa région.")
    if cases.open_disputes(session, case=case):
        raise CascadeError("Un litige est en cours : réglez-le avant de confier le dossier.")
    profile = case_profile(session, case=case, debtor_type=debtor_type, region=region, today=today)
    eligible = {r.pro.id: r.pro for r in recommend(profile)}
    if any(pro_id not in eligible for pro_id in professional_ids):
        raise CascadeError("Choisissez parmi les professionnels proposés pour ce dossier.")
    chosen = [eligible[pro_id] for pro_id in professional_ids]
    step = machine.start([(p.id, p.name, p.agreed_delay_days) for p in chosen], today=today)
    plan_store.end_plan(session, case=case, why="le dossier est confié à un professionnel")
    if (pending := plan_store.pending_proposal(session, case=case)) is not None:
        pending.status, pending.ended_at = "withdrawn", clock.now()
        session.add(pending)
    stopped = 0
    for action in store.case_actions(session, case=case):
        if action.status == "scheduled" and action.claim_id is None:
            action.status, action.outcome = "skipped", HANDED_OVER
            session.add(action)
            stopped += 1
    escalation = Escalation(
        account_id=case.account_id,
        case_id=case.id,
        mandate_on=today,
        debtor_type=debtor_type,
        region=region,
        created_at=clock.now(),
    )
    session.add(escalation)
    session.flush()
    assert escalation.id is not None
    for position, pro in enumerate(chosen, start=1):
        session.add(
            HandoverRow(
                account_id=case.account_id,
                escalation_id=escalation.id,
                position=position,
                professional_id=pro.id,
                professional_name=pro.name,
                agreed_delay_days=pro.agreed_delay_days,
            )
        )
    session.flush()
    cases.add_event(
        session,
        case=case,
        kind="handover",
        text=f"Mandat de recouvrement donné le {day(today)} ; {stopped} relance(s) prévue(s) "
        "arrêtée(s) : le professionnel prend le relais.",
    )
    _save(session, case=case, escalation=escalation, step=step)
    session.commit()
    return escalation


def report(session: Session, *, case: CollectionCase, outcome: str, amount: Decimal, today: date) -> Cascade:
    """What the professional holding the case reports: "partiel" (amount recovered, the case stays with them),
    "recouvre" (the rest is recovered), or "echec" (the next professional takes over)."""
    escalation = running(session, case=case)
    if escalation is None:
        raise CascadeError("Aucun professionnel ne détient ce dossier.")
    current = cascade_of(session, escalation=escalation)
    owed = cases.balance(session, case=case)
    if outcome == "partiel":
        if not 0 < amount < owed:
            raise CascadeError(f"Le montant recouvré doit être positif et inférieur au restant dû ({money(owed)}).")
        step = machine.report_partial(current, amount=amount, today=today)
    elif outcome == "recouvre":
        step = machine.report_recovered(current, amount=owed, today=today)
        amount = owed
    elif outcome == "echec":
        step = machine.report_failed(current, today=today)
    else:
        raise CascadeError("Résultat non reconnu.")
    _save(session, case=case, escalation=escalation, step=step)
    session.commit()
    if amount > 0 and outcome != "echec":
        cases.record_payment(session, case=case, amount=amount, paid_on=today, method="professionnel", today=today)
    return step.cascade


def sync(session: Session, *, case: CollectionCase, today: date) -> bool:
    """Moves the case on when the holder's agreed delay is over; takes it back when it was settled some other
    way (the debtor paid the owner directly). Idempotent; True when something changed."""
    escalation = running(session, case=case)
    if escalation is None:
        return False
    current = cascade_of(session, escalation=escalation)
    step: Transition | None
    if case.status != "open":
        step = machine.withdraw(current, today=today, why="le dossier est soldé")
    else:
        step = machine.expire(current, today=today)
    if step is None:
        return False
    _save(session, case=case, escalation=escalation, step=step)
    session.commit()
    return True


def sweep(session: Session, *, today: date) -> int:
    """For the daily job: every running escalation of every account. Returns how many moved."""
    moved = 0
    for escalation in session.exec(select(Escalation).where(Escalation.status == "en_cours")).all():
        case = session.get(CollectionCase, escalation.case_id)
        if case is not None and case.account_id == escalation.account_id:
            moved += sync(session, case=case, today=today)
    return moved


def take_back(session: Session, *, case: CollectionCase, today: date) -> None:
    """The owner takes the case back; the reminder scenario is planned again."""
    escalation = running(session, case=case)
    if escalation is None:
        raise CascadeError("Aucun professionnel ne détient ce dossier.")
    step = machine.withdraw(cascade_of(session, escalation=escalation), today=today, why="repris par vous")
    _save(session, case=case, escalation=escalation, step=step)
    for action in store.case_actions(session, case=case):
        if action.status == "skipped" and action.outcome == HANDED_OVER:
            session.delete(action)  # never sent: the scenario plans them again
    session.flush()
    cases.replan(session, case=case, today=today)
    session.commit()


def apply_report(session: Session, *, account_id: int, text: object, today: date) -> tuple[CollectionCase, str]:
    """Imports a professional's report (case_export.ProfessionalReport). Refuses ids of another account, of a
    case not handed over, or of a professional who does not hold the case. Returns the case and a French line."""
    parsed: ProfessionalReport = read_report(text)
    if parsed.account_id != account_id:
        raise ReportError("Ce retour concerne un autre compte : il est refusé.")
    case = owned(session, CollectionCase, parsed.case_id, owner=account_id)
    if case is None:
        raise ReportError("Ce dossier n'existe pas dans votre compte : le retour est refusé.")
    escalation = running(session, case=case)
    holder = None
    if escalation is not None:
        current = cascade_of(session, escalation=escalation)
        holder = current.handovers[current.current] if current.current is not None else None
    if holder is None or holder.professional_id != parsed.professional_id:
        raise ReportError("Ce professionnel ne détient pas ce dossier : le retour est refusé.")
    outcome = {"recouvre_partiellement": "partiel", "recouvre": "recouvre", "echec": "echec"}.get(parsed.status)
    if outcome is None:
        cases.add_event(session, case=case, kind="handover", text=f"{holder.name} : dossier en cours. {parsed.note}")
        session.commit()
        return case, "Retour enregistré : le dossier est toujours en cours."
    try:
        report(session, case=case, outcome=outcome, amount=parsed.recovered, today=today)
    except CascadeError as error:
        raise ReportError(str(error)) from error
    return case, "Retour du professionnel enregistré."
