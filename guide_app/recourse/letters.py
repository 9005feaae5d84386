"""Letters to print: a PDF for a `courrier` or `lrar` action (fpdf2, DejaVu Sans so that accents and € print).

A letter is written on the day it is printed: its text is the scenario step's, rendered with the ledger's figures
of that day (cases.ledger), so the body and the recap never disagree. The registered letter (lrar) is the mise en
demeure: under its heading it always carries the legal mentions: the principal TTC still owed, the late-payment
penalties accrued (L441-10 Code de commerce, « taux à confirmer » while a rate is not published), the fixed
indemnity of 40 € per late invoice (D441-5), the total, the deadline « 8 jours à compter de la réception » (never a
calendar date: the day of receipt is not known) and the reference to article 1344 du Code civil. It never bills the
costs of amicable collection (CPCE L111-8): only the indemnity.

The schema holds no postal address yet: the debtor block has the company, contact and SIREN; the owner
adds the address by hand or uses a window envelope label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from sqlmodel import Session

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.ledger import Ledger, interest_text
from guide_app.cases.rates import legal_indemnity_per_invoice
from guide_app.cases.risk import Channel, RiskCategory
from guide_app.core.format import LOCALE, day, money
from guide_app.core.owner import owned
from guide_app.core.settings import settings
from guide_app.models import CaseAction, CollectionCase, Debtor
from guide_app.reminders import store as reminder_store
from guide_app.reminders.messages import for_debtor
from guide_app.reminders.templates import render
from guide_app.reminders.timeline import message_context, payment_details

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core (scripts/install.sh)
LETTER_CHANNELS = frozenset({Channel.COURRIER.value, Channel.LRAR.value})
_LINE = 5.5  # mm


@dataclass(frozen=True, slots=True)
class Letter:
    """Everything printed on a letter, as plain values."""

    creditor: str
    creditor_siren: str
    debtor: str
    debtor_contact: str
    debtor_siren: str
    subject: str
    body: str
    formal: bool  # True: mise en demeure (lrar), with the legal mentions
    owed: Ledger  # the case on the letter's day

    @property
    def on(self) -> date:
        return self.owed.on


DEADLINE = "8 jours à compter de la réception de la présente lettre"


def legal_mentions(letter: Letter) -> list[tuple[str, str]]:
    """The mise en demeure's summary, line by line: (label, amount or text); the total is the one before last."""
    owed = letter.owed
    per_invoice = money(legal_indemnity_per_invoice(), cents=False)
    rows = [
        (f"Facture {line.number}, échue le {day(line.due_date)} (TTC)", money(line.amount_ttc)) for line in owed.lines
    ]
    if owed.paid:
        rows.append(("Déjà réglé", f"− {money(owed.paid)}"))
    terms = owed.terms
    rows += [
        ("Principal TTC restant dû", money(owed.principal)),
        (f"{terms.text.interest_label} au {day(owed.on)} ({terms.interest_article})", interest_text(owed)),
    ]
    if terms.indemnity_article:  # never for a consumer
        rows.append(
            (
                f"Indemnité forfaitaire pour frais de recouvrement : {per_invoice} × {owed.late_invoices} "
                f"facture{'s' if owed.late_invoices > 1 else ''} en retard ({terms.indemnity_article})",
                money(owed.indemnity),
            )
        )
    rows += [
        ("Total dû", money(owed.due)),
        ("Délai de paiement", DEADLINE),
    ]
    return rows


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if not regular.exists() or not bold.exists():
            raise RuntimeError(f"DejaVu Sans not found in {FONT_DIR}: install Debian's fonts-dejavu-core")
        self.add_font("DejaVu", "", str(regular))
        self.add_font("DejaVu", "B", str(bold))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)

    def lines(self, text: str, *, size: float = 10.5, bold: bool = False, align: str = "L") -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, _LINE, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_letter(letter: Letter) -> bytes:
    """The letter as PDF bytes (A4, address block where a window envelope shows it)."""
    pdf = _Pdf()
    pdf.set_title(letter.subject or "Courrier")
    pdf.set_author(letter.creditor)
    pdf.add_page()
    pdf.lines(letter.creditor, bold=True, size=12)
    if letter.creditor_siren:
        pdf.lines(f"SIREN {letter.creditor_siren}", size=9.5)

    pdf.set_xy(110, 45)
    pdf.set_left_margin(110)
    pdf.lines(letter.debtor, bold=True)
    for line in (letter.debtor_contact, f"SIREN {letter.debtor_siren}" if letter.debtor_siren else ""):
        if line:
            pdf.lines(line)
    pdf.set_left_margin(20)

    pdf.set_xy(20, 80)
    pdf.lines(f"Le {format_date(letter.on, format='long', locale=LOCALE)}", align="R")
    pdf.ln(4)
    if letter.formal:
        pdf.lines("Lettre recommandée avec accusé de réception", bold=True, size=9.5)
        pdf.ln(2)
        pdf.lines("MISE EN DEMEURE DE PAYER", bold=True, size=15)
        pdf.ln(2)
    if letter.subject:
        pdf.lines(f"Objet : {letter.subject}", bold=True)
        pdf.ln(3)
    pdf.lines(letter.body.strip())

    if letter.formal:
        pdf.ln(5)
        pdf.lines("Récapitulatif de la créance", bold=True, size=11.5)
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 9.5)
        mentions = legal_mentions(letter)
        with pdf.table(
            col_widths=(130, 40),
            text_align=("LEFT", "RIGHT"),
            first_row_as_headings=False,
            line_height=4.8,
            padding=1.2,
        ) as table:
            for index, (label, value) in enumerate(mentions):
                style = FontFace(emphasis="BOLD") if index == len(mentions) - 2 else None
                row = table.row()
                row.cell(label, style=style)
                row.cell(value, style=style)
        pdf.ln(3)
        pdf.lines(letter.owed.terms.text.notice, bold=True, size=10)
    return bytes(pdf.output())


def letter_of(session: Session, *, account_id: int, action_id: object, on: date | None = None) -> Letter | None:
    """The letter of one of the account's `courrier`/`lrar` actions; None for anything else."""
    action = owned(session, CaseAction, action_id, owner=account_id)
    if action is None or action.channel not in LETTER_CHANNELS:
        return None
    case = owned(session, CollectionCase, action.case_id, owner=account_id)
    account = store.account(session, account_id=account_id)
    if case is None or account is None:
        return None
    debtor = store.case_debtor(session, case=case)
    owed = cases.case_ledger(session, case=case, on=on)
    subject, body = _written_on_the_day(session, case=case, debtor=debtor, action=action, owed=owed)
    return Letter(
        creditor=account.company_name,
        creditor_siren=account.siren,
        debtor=debtor.company_name,
        debtor_contact=debtor.contact_name,
        debtor_siren=debtor.siren or "",
        subject=subject,
        body=body,
        formal=action.channel == Channel.LRAR.value,
        owed=owed,
    )


def _written_on_the_day(
    session: Session, *, case: CollectionCase, debtor: Debtor, action: CaseAction, owed: Ledger
) -> tuple[str, str]:
    """The step's (subject, body) rendered with the figures of the letter's day; the text planned with the action
    when its scenario step has changed since."""
    risk = RiskCategory(debtor.risk_category)
    steps = for_debtor(reminder_store.scenario_steps(session, account_id=case.account_id, risk=risk), debtor.kind)
    step = steps[action.step_position] if 0 <= action.step_position < len(steps) else None
    due = owed.of([line.number for line in owed.lines if line.principal > 0])
    if step is None or step.channel.value != action.channel or not due.lines:
        return action.subject, action.body
    account = store.account(session, account_id=case.account_id)
    assert account is not None
    context = message_context(
        creditor=account.company_name,
        debtor=debtor,
        owed=due,
        link=settings.public_url.rstrip("/") + store.debtor_path(case),
        payment_details=payment_details(account),
    )
    return render(step.subject, context), render(step.body, context)


def letter_pdf(session: Session, *, account_id: int, action_id: object, on: date | None = None) -> bytes | None:
    """The PDF to print for one of the account's letter actions; None when the action is not the account's
    or is not a letter (`action_id` may come from a browser: anything else than an int is refused)."""
    letter = letter_of(session, account_id=account_id, action_id=action_id, on=on)
    return render_letter(letter) if letter else None
