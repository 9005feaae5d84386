"""What the debtor's page shows of one case, ready for the page (French text, money and dates formatted), and
the summary the debtor downloads. Only the creditor's name and IBAN come from the account."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.ledger import RATE_TO_CONFIRM, interest_text
from guide_app.core.content import CONTENT_DIR, ContentError
from guide_app.core.epc import epc_payload, format_iban, parse_iban, qr_svg_data_uri, remittance
from guide_app.core.format import day, money, number
from guide_app.core.parse import InputError
from guide_app.models import Account, CollectionCase, Dispute, PaymentPromise
from guide_app.portal.access import PROMISE_HORIZON_DAYS, case_payments

METHOD_LABELS = {
    "virement": "Virement",
    "cheque": "Chèque",
    "carte": "Carte bancaire",
    "especes": "Espèces",
    "prelevement": "Prélèvement",
    "autre": "Autre moyen",
}


def _iban(account: Account) -> str:
    """The account's IBAN grouped by four, "" when there is none (or a stored one no longer validates)."""
    try:
        return format_iban(parse_iban(account.iban)) if account.iban else ""
    except InputError:
        return ""


# --- What the debtor sees --------------------------------------------------------------------------


@dataclass
class InvoiceLine:
    number: str
    issued: str
    due: str
    amount_ttc: str
    state: str  # "échue depuis 12 jours" | "à échéance le 01/08/2026"
    late: bool


@dataclass
class PaymentLine:
    paid_on: str
    amount: str
    method: str


@dataclass
class DebtorView:
    creditor: str = ""
    debtor: str = ""
    on: str = ""
    invoices: list[InvoiceLine] = field(default_factory=list)
    payments: list[PaymentLine] = field(default_factory=list)
    total_ttc: str = ""
    paid: str = ""
    penalties: str = ""
    interest_label: str = "Pénalités de retard"  # by kind of debtor (content/debtor_kinds.yaml)
    why: str = ""  # the law behind these amounts, with its articles
    indemnity: str = ""
    indemnity_detail: str = ""  # "2 factures × 40,00 €"
    owes_indemnity: bool = True  # never a consumer
    late: bool = False
    amount_due: str = ""
    amount_due_input: str = ""  # the promise form's default amount, as a French user types it
    settled: bool = False
    iban: str = ""  # grouped by four; empty when the creditor has not given one
    reference: str = ""
    qr: str = ""  # SVG data URI; empty without IBAN or amount
    promise_note: str = ""
    dispute_note: str = ""
    earliest_promise: str = ""  # ISO dates for the date picker
    latest_promise: str = ""
    privacy_title: str = "Vos données"
    privacy: list[str] = field(default_factory=list)  # RGPD art. 14 notice (content/privacy.yaml)


class PrivacyNotice(BaseModel):
    """What the debtor is told of their data (RGPD, art. 14): content/privacy.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    paragraphs: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...] = Field(min_length=1)


@cache
def privacy_notice() -> PrivacyNotice:
    notice = PrivacyNotice.model_validate(yaml.safe_load((CONTENT_DIR / "privacy.yaml").read_text(encoding="utf-8")))
    text = " ".join(notice.paragraphs)
    if not all(word in text for word in ("{creancier}", "{contact}", "RGPD", "CNIL")):
        raise ContentError("privacy.yaml must name {creancier}, {contact}, the RGPD articles and the CNIL")
    return notice


def privacy_paragraphs(creditor: str, contact: str) -> list[str]:
    return [
        paragraph.replace("{creancier}", creditor).replace("{contact}", contact or "l'adresse de ses messages")
        for paragraph in privacy_notice().paragraphs
    ]


def _invoice_state(due: date, on: date) -> tuple[str, bool]:
    days = (on - due).days
    if days > 0:
        return f"échue depuis {number(days)} jour{'s' if days > 1 else ''}", True
    return f"à échéance le {day(due)}", False


def debtor_view(session: Session, *, case: CollectionCase, today: date) -> DebtorView:
    account = session.get(Account, case.account_id)
    assert account is not None and case.id is not None
    debtor = store.case_debtor(session, case=case)
    rows = store.case_invoices(session, case=case)
    owed = cases.case_ledger(session, case=case, on=today)
    due = owed.due
    invoices = []
    for row in rows:
        state, late = _invoice_state(row.due_date, today)
        invoices.append(
            InvoiceLine(
                number=row.number,
                issued=day(row.issue_date),
                due=day(row.due_date),
                amount_ttc=money(store.from_cents(row.amount_ttc_cents)),
                state=state,
                late=late,
            )
        )
    reference = remittance([row.number for row in rows])
    iban, qr = _iban(account), ""
    if iban:
        try:
            qr = qr_svg_data_uri(epc_payload(name=account.company_name, iban=iban, amount=due, reference=reference))
        except InputError:  # nothing left to pay (or an amount no QR can carry): the details stay readable
            qr = ""
    return DebtorView(
        privacy=privacy_paragraphs(account.company_name, store.creditor_email(session, account_id=case.account_id)),
        creditor=account.company_name,
        debtor=debtor.company_name,
        on=day(today),
        invoices=invoices,
        payments=[
            PaymentLine(
                paid_on=day(p.paid_on),
                amount=money(store.from_cents(p.amount_cents)),
                method=METHOD_LABELS.get(p.method, "Autre moyen"),
            )
            for p in case_payments(session, case=case)
        ],
        total_ttc=money(owed.total_ttc),
        paid=money(owed.paid) if owed.paid else "",
        penalties=interest_text(owed),
        interest_label=owed.terms.text.interest_label,
        why=owed.terms.text.why,
        owes_indemnity=bool(owed.terms.indemnity_article),
        indemnity=money(owed.indemnity),
        indemnity_detail=(
            f"{owed.late_invoices} facture{'s' if owed.late_invoices > 1 else ''} en retard × "
            f"{money(owed.indemnity / owed.late_invoices)}"
            if owed.late_invoices
            else ""
        ),
        late=owed.late_invoices > 0,
        amount_due=money(due),
        amount_due_input=f"{due:.2f}".replace(".", ","),
        settled=due < store.CENT,
        iban=iban,
        reference=reference,
        qr=qr,
        promise_note=_promise_note(session, case),
        dispute_note=_dispute_note(session, case),
        earliest_promise=today.isoformat(),
        latest_promise=(today + timedelta(days=PROMISE_HORIZON_DAYS)).isoformat(),
    )


def _promise_note(session: Session, case: CollectionCase) -> str:
    latest = session.exec(
        select(PaymentPromise)
        .where(PaymentPromise.case_id == case.id, PaymentPromise.status == "pending")
        .order_by(col(PaymentPromise.id).desc())
    ).first()
    if latest is None:
        return ""
    return f"Paiement annoncé : {money(store.from_cents(latest.amount_cents))} le {day(latest.promised_for)}."


def _dispute_note(session: Session, case: CollectionCase) -> str:
    latest = session.exec(
        select(Dispute)
        .where(Dispute.case_id == case.id, col(Dispute.resolved_at).is_(None))
        .order_by(col(Dispute.id).desc())
    ).first()
    if latest is None:
        return ""
    return (
        f"Contestation transmise le {day(latest.created_at.date())} : votre fournisseur en a été informé "
        "et reviendra vers vous."
    )


# --- The summary the debtor downloads ----------------------------------------------------------------


def _cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _euros(amount: Decimal) -> str:
    return f"{amount.quantize(store.CENT):.2f}".replace(".", ",")


def summary_csv(session: Session, *, case: CollectionCase, today: date) -> str:
    """The case as a spreadsheet opens it (semicolons, French decimals, UTF-8 with BOM for Excel)."""
    account = session.get(Account, case.account_id)
    assert account is not None
    owed = cases.case_ledger(session, case=case, on=today)
    rate_note = f" ({RATE_TO_CONFIRM})" if owed.provisional and owed.interest else ""
    terms = owed.terms
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    rows: list[list[str]] = [
        ["Récapitulatif au", day(today)],
        ["Fournisseur", account.company_name],
        ["Client", store.case_debtor(session, case=case).company_name],
        [],
        ["Facture", "Date d'émission", "Échéance", "Montant TTC (€)"],
    ]
    invoices = store.case_invoices(session, case=case)
    rows += [
        [row.number, day(row.issue_date), day(row.due_date), _euros(store.from_cents(row.amount_ttc_cents))]
        for row in invoices
    ]
    payments = case_payments(session, case=case)
    if payments:
        rows += [[], ["Réglé le", "Montant (€)", "Moyen"]]
        rows += [
            [day(p.paid_on), _euros(store.from_cents(p.amount_cents)), METHOD_LABELS.get(p.method, "Autre moyen")]
            for p in payments
        ]
    rows += [
        [],
        ["Total des factures TTC (€)", _euros(owed.total_ttc)],
        ["Déjà réglé (€)", _euros(owed.paid)],
        [f"{terms.text.interest_label}, {terms.interest_article}{rate_note} (€)", _euros(owed.interest)],
        *(
            [[f"Indemnité forfaitaire de recouvrement, {terms.indemnity_article} (€)", _euros(owed.indemnity)]]
            if terms.indemnity_article
            else []
        ),
        ["Reste à payer (€)", _euros(owed.due)],
    ]
    if _iban(account):
        rows += [["IBAN", _iban(account)], ["Référence du virement", remittance([i.number for i in invoices])]]
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return out.getvalue()
