"""The hostile probe's findings (issue "Hold under attack and failure"), one test each, through the real handlers.

Findings 6, 7, 10 and 11 are about HTTP and the browser: tests/e2e/test_hostile_probe.py."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.accounts.pages_state import SignInState
from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.core import routes, throttle
from guide_app.core.parse import MAX_AMOUNT, InputError, parse_name
from guide_app.desk.overview import case_view
from guide_app.desk.state import CaseState
from guide_app.models import CaseEvent, Debtor
from guide_app.portal.state import DebtorPortalState
from guide_app.portal.view import debtor_view, summary_csv
from guide_app.recourse import dossier
from guide_app.recourse.evidence import bundle
from guide_app.recourse.letters import letter_pdf
from guide_app.workshop.phone_state import JoinCodeState, ParticipantState
from tests.integration.owners import PASSWORD, TODAY, _sign_up, call, open_case, sign_up_with_case, sub
from tests.integration.rooms import _at, _new_workshop, _signed_in
from tests.pdf_text import text_of


def _other_code(code: str, shift: int) -> str:
    """A well-formed code (digits 2 to 9) that is not `code`."""
    return "".join(str((int(digit) - 2 + shift) % 8 + 2) for digit in code)


def test_finding_01_joining_with_a_guessed_code_goes_through_the_code_throttle(new_browser):
    advisor = _signed_in(new_browser, "probe-room@ws.fr")
    workshop = _new_workshop(advisor, title="Salle sondée")
    phone = sub(new_browser(), ParticipantState)
    _at(phone, routes.workshop_room(workshop.code), address="198.51.100.1")
    ParticipantState.load.fn(phone)
    assert phone.view == "join"
    # The join form's event says it comes from another room's address: each is a guess, counted like the code form's.
    for shift in range(1, throttle.WRONG_CODES.item.amount + 1):
        _at(phone, routes.workshop_room(_other_code(workshop.code, shift % 8 or 1)), address="198.51.100.1")
        phone.view = "join"
        ParticipantState.join.fn(phone, {"pseudonym": "Curieux"})
        assert phone.view == "missing"
    code_form = sub(new_browser(), JoinCodeState)
    _at(code_form, "/", address="198.51.100.1")
    JoinCodeState.go.fn(code_form, {"code": workshop.code})  # even the right code, from this network, waits
    assert code_form.error == throttle.WRONG_CODES.message
    other_network = sub(new_browser(), JoinCodeState)
    _at(other_network, "/", address="198.51.100.2")
    assert JoinCodeState.go.fn(other_network, {"code": workshop.code}) is not None and other_network.error == ""


def test_finding_02_argon2_runs_off_the_event_loop_and_sign_in_is_limited_per_network(new_browser):
    _sign_up(new_browser, "probe-loop@example.fr")
    page = sub(new_browser(), SignInState)
    _at(page, "/", address="198.51.100.3")

    async def sign_in_while_counting_ticks() -> int:
        ticks, attempt = (
            0,
            asyncio.ensure_future(
                SignInState.sign_in.fn(page, {"email": "probe-loop@example.fr", "password": PASSWORD})
            ),
        )
        while not attempt.done():
            ticks += 1
            await asyncio.sleep(0)
        await attempt
        return ticks

    ticks = asyncio.run(sign_in_while_counting_ticks())
    assert page.signed_in and ticks > 10  # the loop kept turning while argon2 verified the password

    for number in range(throttle.SIGN_IN_NETWORK.item.amount):  # a different account each time
        guesser = sub(new_browser(), SignInState)
        _at(guesser, "/", address="198.51.100.4")
        call(SignInState.sign_in, guesser, {"email": f"inconnu{number}@example.fr", "password": "au hasard"})
        assert guesser.error == "E-mail ou mot de passe incorrect."
    call(SignInState.sign_in, guesser, {"email": "probe-loop@example.fr", "password": PASSWORD})
    assert guesser.error == throttle.SIGN_IN_NETWORK.message and not guesser.signed_in


def test_finding_02_parallel_guesses_cannot_slip_past_the_account_limit(new_browser):
    _sign_up(new_browser, "probe-race@example.fr")
    pages = [sub(new_browser(), SignInState) for _ in range(20)]
    for page in pages:
        _at(page, "/", address="198.51.100.5")

    async def all_at_once() -> None:
        await asyncio.gather(
            *(SignInState.sign_in.fn(page, {"email": "probe-race@example.fr", "password": "devine"}) for page in pages)
        )

    asyncio.run(all_at_once())
    verified = [page for page in pages if page.error == "E-mail ou mot de passe incorrect."]
    assert len(verified) == throttle.SIGN_IN_FROM_NETWORK.item.amount  # 5 passwords tried, 15 refused unverified
    assert all(page.error.startswith("Trop de tentatives") for page in pages if page not in verified)


def _huge_case(account_id: int, *, kind: str):
    """Ten invoices at the largest amount the forms accept, due three years ago."""
    invoices = [
        InvoiceSpec(
            number=f"MAX-{kind[:3]}-{i}",
            issue_date=TODAY - timedelta(days=1125),
            due_date=TODAY - timedelta(days=1095),
            amount_ht=MAX_AMOUNT,
            vat_rate=Decimal("0.2"),
        )
        for i in range(10)
    ]
    debtor = Debtor(account_id=account_id, company_name=f"Client géant {kind}", email="c@geant.fr", kind=kind)
    with rx.session() as session:
        return open_case(session, account_id=account_id, debtor=debtor, invoices=invoices)


@pytest.mark.parametrize("kind", ["professionnel", "public"])
def test_finding_03_the_largest_accepted_amounts_print_everywhere(new_browser, kind):
    _, account_id, _ = sign_up_with_case(new_browser, company="Atelier Géant", debtor="Petit client", number="G-0")
    case = _huge_case(account_id, kind=kind)
    with rx.session() as session:
        owed = cases.case_ledger(session, case=case, on=TODAY)
        assert owed.principal == 10 * MAX_AMOUNT * Decimal("1.2")  # 12 milliards TTC
        export = dossier.export_case(session, case=case, today=TODAY)
        assert export.total_due == owed.due
        archive = zipfile.ZipFile(io.BytesIO(bundle(export)))
        assert "12\u202f000\u202f000\u202f000,00" in archive.read("chronologie.txt").decode()
        assert "12000000000,00" in summary_csv(session, case=case, today=TODAY).replace(" ", "")
        assert debtor_view(session, case=case, today=TODAY).amount_due.startswith("1")
        assert case_view(session, case=case, today=TODAY).owed_today
        lrar = next(a for a in store.case_actions(session, case=case) if a.channel == "lrar")
        pdf = letter_pdf(session, account_id=account_id, action_id=lrar.id, on=TODAY)
    assert pdf is not None and "12 000 000 000,00" in text_of(pdf).replace("\u202f", " ")


@pytest.mark.parametrize("huge", [10**30, 2**40, 2**31])  # 2**31: one past PostgreSQL's INTEGER
def test_finding_04_an_id_of_10_30_is_not_found_rather_than_an_overflow(new_browser, huge):
    root, account_id, _ = sign_up_with_case(new_browser, company="Atelier Ids", debtor="Client Ids", number="I-0")
    page = sub(root, CaseState)
    page.router.page.params["case_id"] = str(huge)
    CaseState.load.fn(page)
    assert not page.found  # « dossier introuvable », not a crash
    with rx.session() as session:
        assert letter_pdf(session, account_id=account_id, action_id=huge, on=TODAY) is None
        assert letter_pdf(session, account_id=account_id, action_id=-huge, on=TODAY) is None


@pytest.mark.parametrize(
    "name",
    [
        "Client\u202eSAS",  # RIGHT-TO-LEFT OVERRIDE: shows "Client SAS" reversed after it
        "Nul\x00part",
        "Invisible\u200bespace",
        "Saut\x0bde ligne vertical",
        "Isolat\u2066e",
    ],
)
def test_finding_05_control_and_direction_characters_are_refused_with_a_french_message(name):
    with pytest.raises(InputError, match="caractère invisible ou de contrôle"):
        parse_name(name, field="Le nom")


def test_finding_05_text_is_stored_in_one_unicode_form(new_browser):
    root, _, case = sign_up_with_case(new_browser, company="Atelier Unicode", debtor="Client Unicode", number="U-0")
    page = sub(root, CaseState)
    page.router.page.params["case_id"] = str(case.id)
    CaseState.load.fn(page)
    CaseState.add_note.fn(page, {"note": "Appele\u0301 le ge\u0301rant"})  # "é" typed as e + combining accent
    assert page.errors == {}
    CaseState.add_note.fn(page, {"note": "Promis\u202e demain"})
    assert "caractère invisible" in page.errors["note"]
    with rx.session() as session:
        notes = session.exec(select(CaseEvent.text).where(CaseEvent.case_id == case.id, CaseEvent.kind == "note"))
        assert list(notes) == ["Appelé le gérant"]


def test_finding_09_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(new_browser):
    _sign_up(new_browser, "probe-lock@example.fr")
    attacker = sub(new_browser(), SignInState)
    _at(attacker, "/", address="198.51.100.9")
    for _ in range(throttle.SIGN_IN_FROM_NETWORK.item.amount):
        call(SignInState.sign_in, attacker, {"email": "probe-lock@example.fr", "password": "devine"})
    call(SignInState.sign_in, attacker, {"email": "probe-lock@example.fr", "password": PASSWORD})
    assert not attacker.signed_in and "lien de réinitialisation" in attacker.error  # the way out, said
    owner = sub(new_browser(), SignInState)
    _at(owner, "/", address="203.0.113.10")
    call(SignInState.sign_in, owner, {"email": "probe-lock@example.fr", "password": PASSWORD})
    assert owner.signed_in and owner.error == ""


def test_finding_13_guessing_debtor_links_is_throttled_per_network(new_browser):
    _, _, case = sign_up_with_case(new_browser, company="Atelier Liens", debtor="Client Liens", number="T-0")
    for number in range(throttle.WRONG_LINKS.item.amount):
        guesser = sub(new_browser(), DebtorPortalState)
        _at(guesser, f"/debiteur/faux{number}", address="198.51.100.13")
        guesser.router.page.params["token"] = f"faux{number}"
        DebtorPortalState.load.fn(guesser)
        assert guesser.status == "missing"
    guesser = sub(new_browser(), DebtorPortalState)
    _at(guesser, "/", address="198.51.100.13")
    guesser.router.page.params["token"] = case.debtor_token
    DebtorPortalState.load.fn(guesser)
    assert guesser.status == "throttled"  # even the right link waits a minute on that network
    debtor = sub(new_browser(), DebtorPortalState)
    _at(debtor, "/", address="203.0.113.13")
    debtor.router.page.params["token"] = case.debtor_token
    DebtorPortalState.load.fn(debtor)
    assert debtor.status == "shown"


def test_the_throttle_counts_failures_only(new_browser):
    """A room behind one Wi-Fi: forty phones joining with the right code are never slowed down."""
    advisor = _signed_in(new_browser, "probe-wifi@ws.fr")
    workshop = _new_workshop(advisor, title="Salle pleine")
    for _ in range(throttle.WRONG_CODES.item.amount + 5):
        form = sub(new_browser(), JoinCodeState)
        _at(form, "/", address="198.51.100.40")
        assert JoinCodeState.go.fn(form, {"code": workshop.code}) is not None
