"""Payment plans, hand-over to professionals in cascade, documents and the JSON exchange, through the real states
and database; and none of it reachable from another account, whatever ids a forged event sends."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import reflex as rx
from sqlmodel import col, select

from guide_app.cases import lifecycle as cases
from guide_app.core import clock
from guide_app.core.owner import owned
from guide_app.models import CaseAction, CaseEvent, CollectionCase, Escalation, Handover, PaymentPlan
from guide_app.recourse import escalation_store, plan_store
from guide_app.recourse.case_export import ProfessionalReport, ReportError, report_json
from guide_app.recourse.plans import Instalment, PlanError
from guide_app.recourse.state import RecourseState
from tests.integration.owners import _owner_with_case, sub

TODAY = clock.today()


def _recourse(root, case_id: int) -> RecourseState:
    page = sub(root, RecourseState)
    page.router.page.params["case_id"] = str(case_id)
    RecourseState.load.fn(page)
    assert page.found
    return page


def _case(case_id: int) -> CollectionCase:
    with rx.session() as session:
        case = session.get(CollectionCase, case_id)
        session.expunge(case)
        return case


def _actions(case_id: int) -> list[CaseAction]:
    with rx.session() as session:
        query = select(CaseAction).where(CaseAction.case_id == case_id)
        return list(session.exec(query.order_by(col(CaseAction.scheduled_for), col(CaseAction.id))))


def _events(case_id: int) -> list[str]:
    with rx.session() as session:
        query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        return [e.text for e in session.exec(query)]


def test_plan_proposed_then_accepted_by_the_debtor_replaces_the_scenario(new_browser):
    root, _, case_id = _owner_with_case(new_browser, "plan@example.fr")
    page = _recourse(root, case_id)
    assert page.view.plan.state == "" and page.view.owed == "2\u202f400,00\u00a0€"
    assert page.view.plan_default.count("\n") == 2  # three equal instalments pre-filled

    RecourseState.propose_plan.fn(page, {"plan_count": "13", "plan_first": "hier"})
    assert set(page.errors) == {"plan_count", "plan_first"}
    RecourseState.propose_plan.fn(page, {"plan_lines": f"{TODAY.isoformat()} ; 100"})
    assert "totalisent 100,00" in page.errors["form"]
    first = TODAY + timedelta(days=10)
    RecourseState.propose_plan.fn(page, {"plan_count": "3", "plan_first": first.isoformat(), "plan_lines": ""})
    assert page.errors == {} and page.view.plan.state == "proposed_by_owner"
    assert [row.amount for row in page.view.plan.rows] == ["800,00\u00a0€"] * 3
    scheduled_before = [a for a in _actions(case_id) if a.status == "scheduled"]
    assert scheduled_before  # a proposal changes nothing yet

    case = _case(case_id)
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        try:
            plan_store.accept_plan(session, case=case, plan_id=page.view.plan.plan_id + 999)
            raise AssertionError("a plan id of nothing must be refused")
        except PlanError:
            session.rollback()
        plan = plan_store.accept_plan(session, case=case, plan_id=page.view.plan.plan_id)
        assert plan.status == "accepted"
    actions = _actions(case_id)
    replaced = [a for a in actions if a.outcome == plan_store.REPLACED]
    assert replaced and all(a.status == "skipped" for a in replaced)
    reminders = [a for a in actions if a.step_position >= plan_store.PLAN_STEP_BASE]
    assert len(reminders) == 6 and all(a.status == "scheduled" and a.channel == "email" for a in reminders)
    assert "Échéance 1/3" in reminders[0].subject and "800,00\u00a0€" in reminders[0].body
    assert min(a.scheduled_for for a in reminders) >= TODAY
    RecourseState.load.fn(page)
    assert page.view.plan.state == "active"
    assert any("Le client a accepté l'échéancier" in t for t in _events(case_id))

    # A payment on the case settles the first instalment: its reminders are not sent; the scenario stays replaced.
    case_page_root = root
    from guide_app.desk.state import CaseState

    case_state = sub(case_page_root, CaseState)
    CaseState.record_payment.fn(
        case_state, {"pay_amount": "800", "pay_date": TODAY.isoformat(), "pay_method": "virement"}
    )
    first_reminders = [a for a in _actions(case_id) if a.step_position in (102, 103)]
    assert all(a.status == "skipped" and a.outcome == plan_store.INSTALMENT_PAID for a in first_reminders)
    assert not [a for a in _actions(case_id) if a.status == "scheduled" and a.step_position < 100]
    assert case_state.view.pause.startswith("Relances remplacées par l'échéancier")
    RecourseState.load.fn(page)
    assert [row.status for row in page.view.plan.rows] == ["payée", "à venir", "à venir"]


def test_debtor_counter_proposal_accepted_by_the_owner_and_a_missed_instalment_alerts_once(new_browser):
    root, _, case_id = _owner_with_case(new_browser, "counter@example.fr")
    page = _recourse(root, case_id)
    RecourseState.propose_plan.fn(
        page, {"plan_count": "2", "plan_first": (TODAY + timedelta(days=5)).isoformat(), "plan_lines": ""}
    )
    owner_plan = page.view.plan.plan_id
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        for bad in ("n'importe quoi", [{"due_on": "2020-01-01", "amount": "2400"}], [{"x": 1}], 42, []):
            try:
                plan_store.counter_propose(session, case=case, schedule=bad)
                raise AssertionError(f"{bad!r} must be refused")
            except PlanError:
                session.rollback()
        rows = [
            {"due_on": (TODAY + timedelta(days=d)).isoformat(), "amount": a}
            for d, a in ((1, "400"), (30, "1000"), (60, "1 000"))
        ]
        counter_id = plan_store.counter_propose(session, case=case, schedule=rows)
        assert session.get(PaymentPlan, owner_plan).status == "countered"
        try:  # the debtor cannot accept their own proposal
            plan_store.accept_plan(session, case=case, plan_id=counter_id)
            raise AssertionError
        except PlanError:
            session.rollback()
    RecourseState.load.fn(page)
    assert page.view.plan.state == "proposed_by_debtor"
    assert any("Le client propose un autre échéancier" in t for t in _events(case_id))
    RecourseState.accept_counter.fn(page)
    assert page.errors == {} and page.view.plan.state == "active"

    # Six days after the first instalment, nothing paid: missed, one alert, then the owner resumes the scenario.
    later = TODAY + timedelta(days=7)
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        assert plan_store.check_plan(session, case=case, today=later)
        assert plan_store.check_plan(session, case=case, today=later)  # idempotent
    alerts = [t for t in _events(case_id) if "manquée" in t]
    assert len(alerts) == 1 and "Échéance 1" in alerts[0]

    import guide_app.recourse.state as module

    original = module.today
    module.today = lambda: later
    try:
        RecourseState.load.fn(page)
        assert page.view.plan.state == "missed" and page.view.plan.rows[0].status == "manquée"
        RecourseState.resume_reminders.fn(page)
    finally:
        module.today = original
    assert page.errors == {} and page.view.plan.state == ""
    scheduled = [a for a in _actions(case_id) if a.status == "scheduled"]
    assert scheduled and all(a.step_position < plan_store.PLAN_STEP_BASE for a in scheduled)


def test_escalation_cascades_on_failure_and_fees_follow_what_was_recovered(new_browser):
    root, _, case_id = _owner_with_case(new_browser, "cascade@example.fr")
    page = _recourse(root, case_id)
    assert page.view.pros and page.choices[0] == page.view.pros[0].id
    RecourseState.set_region.fn(page, {"forged": True})
    assert page.region == "IDF"
    RecourseState.set_region.fn(page, "PAC")
    assert page.region == "PAC" and all(p.id != "etude-marchal-associes" for p in page.view.pros)
    RecourseState.set_region.fn(page, "IDF")
    first, second = page.view.pros[0].id, page.view.pros[1].id

    RecourseState.escalate.fn(page, {"pro_1": "inconnu", "pro_2": "", "pro_3": ""})
    assert "Choisissez parmi les professionnels" in page.errors["form"]
    RecourseState.escalate.fn(page, {"pro_1": {"x": 1}})
    assert page.errors["form"] == "Choix de professionnel illisible."
    RecourseState.escalate.fn(page, {"pro_1": first, "pro_2": second, "pro_3": ""})
    assert page.errors == {} and page.view.escalation == "en_cours"
    assert [h.status for h in page.view.handovers] == ["en cours", "en attente"]
    assert not [a for a in _actions(case_id) if a.status == "scheduled"]
    RecourseState.escalate.fn(page, {"pro_1": second})
    assert "déjà confié" in page.errors["form"]

    RecourseState.report_partial.fn(page, {"recovered": "400"})
    assert page.errors == {} and page.view.owed == "2\u202f000,00\u00a0€"
    assert page.view.handovers[0].status == "recouvré en partie" and page.view.handovers[0].fees != ""
    RecourseState.report_failed.fn(page)
    assert [h.status for h in page.view.handovers] == ["échec", "en cours"]
    texts = _events(case_id)
    assert any("Dossier transmis automatiquement à" in t for t in texts)

    RecourseState.report_failed.fn(page)
    assert page.view.escalation == "epuise" and [h.status for h in page.view.handovers] == ["échec", "échec"]
    assert any("le recouvrement circulaire s'arrête" in t for t in _events(case_id))
    with rx.session() as session:
        rows = session.exec(select(Handover).join(Escalation).where(Escalation.case_id == case_id)).all()
        assert not [r for r in rows if r.status in ("en_cours", "recouvre_partiellement")]


def test_expired_delay_moves_on_and_a_full_recovery_closes_the_case(new_browser):
    root, _, case_id = _owner_with_case(new_browser, "expire@example.fr")
    page = _recourse(root, case_id)
    ids = [p.id for p in page.view.pros[:3]]
    RecourseState.escalate.fn(page, {"pro_1": ids[0], "pro_2": ids[1], "pro_3": ids[2]})
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        delay = escalation_store.handover_rows(session, escalation=escalation_store.running(session, case=case))[0]
        assert not escalation_store.sync(session, case=case, today=TODAY + timedelta(days=delay.agreed_delay_days))
        assert escalation_store.sweep(session, today=TODAY + timedelta(days=delay.agreed_delay_days + 1)) >= 1
    RecourseState.load.fn(page)
    assert [h.status for h in page.view.handovers][:2] == ["sans résultat dans le délai", "en cours"]
    RecourseState.report_recovered.fn(page)
    assert page.view.escalation == "recouvre" and not page.view.open
    assert _case(case_id).status == "closed"


def test_documents_bundle_export_and_report_import(new_browser):
    root, _, case_id = _owner_with_case(new_browser, "bundle@example.fr")
    page = _recourse(root, case_id)
    pro = page.view.pros[0].id
    RecourseState.escalate.fn(page, {"pro_1": pro})
    spec = RecourseState.download_bundle.fn(page)
    url = spec.args[0][1]._var_value if hasattr(spec.args[0][1], "_var_value") else str(spec.args[0][1])
    assert "application/zip;base64," in url
    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        from guide_app.recourse import dossier
        from guide_app.recourse.evidence import bundle

        archive = zipfile.ZipFile(io.BytesIO(bundle(dossier.export_case(session, case=case, today=TODAY))))
    names = set(archive.namelist())
    assert {"chronologie.txt", "chronologie.html", "factures.csv", "dossier.json"} <= names
    assert any(name.startswith("mandat_1_") for name in names)
    timeline = archive.read("chronologie.txt").decode("utf-8")
    assert "Boulangerie Martin SARL" in timeline and "Dossier confié à" in timeline
    exported = json.loads(archive.read("dossier.json"))
    assert exported["schema"] == "guide-recouvrement/dossier" and exported["case_id"] == case_id

    report = ProfessionalReport(
        account_id=page._account_id,
        case_id=case_id,
        professional_id=pro,
        status="recouvre_partiellement",
        recovered=Decimal("600"),
        reported_on=TODAY,
    )
    RecourseState.import_report.fn(page, {"report": "{pas du json"})
    assert page.errors["form"].startswith("Document illisible")
    RecourseState.import_report.fn(
        page, {"report": report_json(report.model_copy(update={"professional_id": "autre"}))}
    )
    assert "ne détient pas ce dossier" in page.errors["form"]
    RecourseState.import_report.fn(page, {"report": report_json(report)})
    assert page.errors == {} and page.view.owed == "1\u202f800,00\u00a0€"


def test_another_account_cannot_touch_plans_escalations_or_documents(new_browser):
    victim_root, _, victim_case = _owner_with_case(new_browser, "victim3@example.fr")
    victim = _recourse(victim_root, victim_case)
    RecourseState.propose_plan.fn(
        victim, {"plan_count": "3", "plan_first": (TODAY + timedelta(days=3)).isoformat(), "plan_lines": ""}
    )
    victim_plan = victim.view.plan.plan_id
    before_events = len(_events(victim_case))

    intruder_root, _, intruder_case = _owner_with_case(new_browser, "intruder3@example.fr", siren="552100554")
    intruder = _recourse(intruder_root, intruder_case)
    intruder._case_id = victim_case  # even a leaked backend id is re-checked against the account
    form = {"plan_count": "2", "plan_first": (TODAY + timedelta(days=3)).isoformat(), "plan_lines": ""}
    for call in (
        lambda: RecourseState.propose_plan.fn(intruder, form),
        lambda: RecourseState.note_agreement.fn(intruder),
        lambda: RecourseState.accept_counter.fn(intruder),
        lambda: RecourseState.withdraw_plan.fn(intruder),
        lambda: RecourseState.resume_reminders.fn(intruder),
        lambda: RecourseState.escalate.fn(intruder, {"pro_1": "recouvra-france"}),
        lambda: RecourseState.report_partial.fn(intruder, {"recovered": "10"}),
        lambda: RecourseState.report_failed.fn(intruder),
        lambda: RecourseState.report_recovered.fn(intruder),
        lambda: RecourseState.take_back.fn(intruder),
    ):
        call()
    for download in (
        RecourseState.download_bundle,
        RecourseState.download_export,
        RecourseState.download_letter,
        RecourseState.download_injonction,
    ):
        assert download.fn(intruder) is None
    with rx.session() as session:
        assert session.get(PaymentPlan, victim_plan).status == "proposed"
        assert not session.exec(select(Escalation).where(Escalation.case_id == victim_case)).all()
    assert len(_events(victim_case)) == before_events

    # A report naming the victim's case, with the intruder's or the victim's account id, is refused.
    own = _recourse(intruder_root, intruder_case)
    for account_id in (own._account_id, victim._account_id):
        forged = ProfessionalReport(
            account_id=account_id,
            case_id=victim_case,
            professional_id="recouvra-france",
            status="echec",
            reported_on=TODAY,
        )
        RecourseState.import_report.fn(own, {"report": report_json(forged)})
        assert "refusé" in own.errors["form"]
    with rx.session() as session:
        own_case = owned(session, CollectionCase, own._case_id, owner=own._account_id)
        victim_row = session.get(CollectionCase, victim_case)
        try:
            plan_store.accept_plan(session, case=own_case, plan_id=victim_plan, by="owner_for_debtor")
            raise AssertionError("another case's plan id must be refused")
        except PlanError:
            session.rollback()
        try:
            escalation_store.apply_report(
                session,
                account_id=own._account_id,
                text=report_json(forged.model_copy(update={"account_id": own._account_id})),
                today=TODAY,
            )
            raise AssertionError
        except ReportError:
            session.rollback()
        assert session.get(PaymentPlan, victim_plan).status == "proposed" and victim_row.status == "open"
    RecourseState.set_choice.fn(own, 7, "x")
    RecourseState.set_choice.fn(own, 0, "n-existe-pas")
    assert own.choices[0] in {p.id for p in own.view.pros}


def test_balance_is_unchanged_by_a_plan(new_browser):
    """A plan spreads what is owed; it never changes the amount."""
    _root, _, case_id = _owner_with_case(new_browser, "sum@example.fr")
    with rx.session() as session:
        case = session.get(CollectionCase, case_id)
        schedule = [
            Instalment(due_on=TODAY + timedelta(days=d), amount=Decimal(a)) for d, a in ((3, "0.01"), (9, "2399.99"))
        ]
        plan = plan_store.propose(session, case=case, schedule=schedule, today=TODAY)
        plan_store.accept_plan(session, case=case, plan_id=plan.id, by="owner_for_debtor", today=TODAY)
        assert cases.balance(session, case=case) == Decimal("2400.00")
