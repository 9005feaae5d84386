"""/compte/import/facture-electronique: an e-invoice (Factur-X PDF, UBL or CII XML) read, shown for confirmation,
then created as a case with its reminders planned. The invoice read from the file waits in backend-only state: the
confirmation takes from the browser only what the owner may choose (due date when the file gives none, e-mail, kind
of client, risk), never an amount."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import reflex as rx

from guide_app.accounts.roles import MANAGE
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import store
from guide_app.cases.csv_import import DebtorGroup, DebtorInfo, ImportLine
from guide_app.cases.einvoice import MAX_BYTES, EInvoice, read_einvoice, seller_mismatch
from guide_app.cases.invoice import DUE_BEFORE_ISSUE
from guide_app.cases.ledger import DEBTOR_KINDS, public_buyers
from guide_app.cases.risk import RiskCategory
from guide_app.core import routes
from guide_app.core.clock import today
from guide_app.core.format import day, money, rate
from guide_app.core.forms import Form
from guide_app.core.parse import InputError, parse_choice, parse_date, parse_email
from guide_app.models import Debtor
from guide_app.reminders.invoice_import import import_invoices, known_debtor
from guide_app.reminders.timeline import renderer, unpaid

UPLOAD_ID = "facture-electronique"
ONE_FILE = "Choisissez un seul fichier (PDF Factur-X, XML UBL ou CII) de 5 Mo au plus."
NOTHING_WAITING = "Aucune facture en attente : importez d'abord le fichier."


@dataclass
class Preview:
    format: str = ""
    number: str = ""
    issued: str = ""
    due: str = ""  # « 14/11/2026 », or « non indiquée »
    due_value: str = ""  # the date input's default (AAAA-MM-JJ), empty when the file gives none
    terms: str = ""
    amount_ht: str = ""
    vat: str = ""
    amount_ttc: str = ""
    paid: str = ""  # a deposit already received, « » when none
    left: str = ""  # what the client still owes
    client: str = ""
    siren: str = ""
    email: str = ""
    known: str = ""  # the client is already followed: its details are kept


def _taken(number: str, found: tuple[Any, Debtor]) -> str:
    return (
        f"La facture {number} est déjà enregistrée (client {found[1].company_name}) : elle n'est pas importée une "
        "seconde fois."
    )


class EInvoiceState(AuthState):
    ready: bool = False  # a file read and waiting for the owner's confirmation
    preview: Preview = Preview()
    file_error: str = ""
    errors: dict[str, str] = {}
    created: str = ""  # what was created, once confirmed
    case_path: str = ""
    _draft: EInvoice | None = None

    def _clear(self) -> None:
        self.ready, self.preview, self._draft = False, Preview(), None
        self.file_error, self.errors, self.created, self.case_path = "", {}, "", ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self._clear()
        return self._require_account()

    @rx.event
    def rejected(self, _rejected: list[dict[str, Any]]) -> None:
        """The file picker refused the file (type, size or count)."""
        self._clear()
        self.file_error = ONE_FILE

    @rx.event
    @needs(MANAGE)
    def cancel(self) -> None:
        self._clear()

    @rx.event
    @needs(MANAGE)
    async def upload(self, files: list[rx.UploadFile]) -> rx.event.EventType[()] | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        self._clear()
        data = await self._one_file(files, MAX_BYTES)
        if data is None:
            self.file_error = ONE_FILE
            return None
        try:
            invoice = read_einvoice(data)
        except InputError as error:
            self.file_error = str(error)
            return None
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            assert account is not None
            refusal = seller_mismatch(invoice, own_siren=account.siren, own_name=account.company_name)
            found = store.invoice_by_number(session, account_id=self._account_id, number=invoice.number)
            known = known_debtor(session, account_id=self._account_id, info=invoice.client)
        if refusal:
            self.file_error = refusal
            return None
        if found:
            self.file_error = _taken(invoice.number, found)
            return None
        self._draft, self.ready = invoice, True
        self.preview = Preview(
            format=invoice.format,
            number=invoice.number,
            issued=day(invoice.issue_date),
            due=day(invoice.due_date) if invoice.due_date else "non indiquée",
            due_value=invoice.due_date.isoformat() if invoice.due_date else "",
            terms=invoice.terms,
            amount_ht=money(invoice.amount_ht),
            vat=f"{money(invoice.amount_vat)} ({rate(invoice.vat_rate)})",
            amount_ttc=money(invoice.amount_ttc),
            paid=money(invoice.paid) if invoice.paid else "",
            left=money(invoice.amount_ttc - invoice.paid),
            client=invoice.client.name,
            siren=invoice.client.siren or "non indiqué",
            email=invoice.client.email,
            known=(
                f"{known.company_name} est déjà un de vos clients : la facture rejoint ses coordonnées enregistrées."
                if known
                else ""
            ),
        )
        return None

    @rx.event
    @needs(MANAGE)
    def confirm(self, form_data: dict[str, Any]) -> rx.event.EventType[()] | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        invoice = self._draft
        if invoice is None:
            self.file_error = NOTHING_WAITING
            return None
        form = Form(form_data)
        due = form.field("due", lambda v: parse_date(v, field="L'échéance"))
        if isinstance(due, date) and due < invoice.issue_date:
            form.refuse("due", DUE_BEFORE_ISSUE)
        client = invoice.client
        if not self.preview.known:
            email = form.field("email", lambda v: parse_email(v, field="L'e-mail du client", required=False))
            kind = form.field("debtor_kind", _kind)
            buyer = form.field("public_buyer", _buyer) if kind == "public" else ""
            risk = form.field("risk", lambda v: RiskCategory(parse_choice(v, field="La catégorie", choices=_RISKS)))
            if form.ok("email", "debtor_kind", "public_buyer", "risk"):
                client = replace(client, email=email, kind=kind, public_buyer=buyer or "", risk=risk)
        if form.errors:
            self.errors = form.errors
            return None
        self.errors = {}
        self._create(invoice, client, due)
        return None

    def _create(self, invoice: EInvoice, client: DebtorInfo, due: date) -> None:
        account_id = self._account_id
        with rx.session() as session:
            creditor = store.account(session, account_id=account_id)
            assert creditor is not None

            def render(debtor: Debtor, invoices: list[Any]) -> Any:
                return renderer(creditor=creditor, debtor=debtor, owed_on=unpaid(invoices, debtor))

            group = DebtorGroup(client, (ImportLine(1, invoice.spec(due)),))
            report = import_invoices(
                session,
                account_id=account_id,
                rows=[group],
                today=today(),
                render=render,
                deposits={invoice.number: invoice.paid} if invoice.paid else None,
            )
            found = store.invoice_by_number(session, account_id=account_id, number=invoice.number)
        if not report.invoices_created or found is None:  # imported meanwhile, from another tab or file
            self._clear()
            self.file_error = _taken(invoice.number, found) if found else NOTHING_WAITING
            return
        self._clear()
        self.created = (
            f"Facture {invoice.number} importée : {money(invoice.amount_ttc)} TTC"
            + (f" dont {money(invoice.paid)} d'acompte déjà reçu" if invoice.paid else "")
            + f", dossier de {found[1].company_name} créé, relances planifiées."
        )
        self.case_path = routes.case(found[0].case_id)


_RISKS = tuple(risk.value for risk in RiskCategory)


def _kind(raw: object) -> str:
    return parse_choice(raw or "professionnel", field="Le type de client", choices=tuple(DEBTOR_KINDS))


def _buyer(raw: object) -> str:
    return parse_choice(raw or "etat", field="Le type d'acheteur public", choices=tuple(public_buyers()))
