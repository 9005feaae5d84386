"""Letters to print: a PDF for a `courrier` or `lrar` action (fpdf2, DejaVu Sans so that accents and € print).

The registered letter (lrar) is the mise en demeure: under its heading it always carries the legal mentions,
computed on the letter's date whatever the owner wrote in the body: the principal TTC still owed, the
late-payment penalties accrued (L441-10 Code de commerce), the fixed indemnity of 40 € per late invoice
(D441-5), the total, a payment deadline eight days after the letter's date, and the reference to article
1344 du Code civil. It never bills the costs of amicable collection (CPCE L111-8): only the indemnity.

The schema holds no postal address yet: the debtor block has the company, contact and SIREN; the owner
adds the address by hand or uses a window envelope label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from sqlmodel import Session, col, select

from guide_app.cases import store
from guide_app.cases.accrual import late_invoices, penalties_on
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.rates import legal_indemnity_per_invoice
from guide_app.cases.risk import Channel
from guide_app.core import clock
from guide_app.core.format import LOCALE, day, money
from guide_app.core.owner import owned
from guide_app.models import CaseAction, CollectionCase, Payment

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core (scripts/install.sh)
DEADLINE_DAYS = 8
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
    on: date
    subject: str
    body: str
    formal: bool  # True: mise en demeure (lrar), with the legal mentions
    invoices: tuple[InvoiceSpec, ...]
    paid: Decimal = Decimal(0)  # payments already received on the case


@dataclass(frozen=True, slots=True)
class Claim:
    """What the debtor owes on the letter's date."""

    principal: Decimal  # TTC, less what was paid
    penalties: Decimal
    late_invoices: int
    indemnity: Decimal
    deadline: date

    @property
    def total(self) -> Decimal:
        return self.principal + self.penalties + self.indemnity


def claim_on(letter: Letter) -> Claim:
    total_ttc = sum((invoice.amount_ttc for invoice in letter.invoices), Decimal(0))
    late = late_invoices(letter.invoices, letter.on)
    return Claim(
        principal=max(total_ttc - letter.paid, Decimal(0)),
        penalties=penalties_on(letter.invoices, letter.on).quantize(store.CENT),
        late_invoices=late,
        indemnity=legal_indemnity_per_invoice() * late,
        deadline=letter.on + timedelta(days=DEADLINE_DAYS),
    )


def legal_mentions(letter: Letter) -> list[tuple[str, str]]:
    """The mise en demeure's summary, line by line: (label, amount or date); the total is the one before last."""
    claim = claim_on(letter)
    per_invoice = money(legal_indemnity_per_invoice(), cents=False)
    rows = [
        (f"Facture {invoice.number}, échue le {day(invoice.due_date)} (TTC)", money(invoice.amount_ttc))
        for invoice in sorted(letter.invoices, key=lambda invoice: invoice.due_date)
    ]
    if letter.paid:
        rows.append(("Déjà réglé", f"− {money(letter.paid)}"))
    rows += [
        ("Principal TTC restant dû", money(claim.principal)),
        (f"Pénalités de retard au {day(letter.on)} (art. L441-10 du Code de commerce)", money(claim.penalties)),
        (
            f"Indemnité forfaitaire pour frais de recouvrement : {per_invoice} × {claim.late_invoices} "
            f"facture{'s' if claim.late_invoices > 1 else ''} en retard (art. D441-5 du Code de commerce)",
            money(claim.indemnity),
        ),
        ("Total dû", money(claim.total)),
        ("Date limite de paiement (huit jours après la date de cette lettre)", day(claim.deadline)),
    ]
    return rows


NOTICE = (
    "La présente lettre vaut mise en demeure de payer au sens de l'article 1344 du Code civil. Les pénalités de "
    "retard continuent de courir jusqu'au complet paiement."
)


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
        pdf.lines(NOTICE, bold=True, size=10)
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
    paid_cents = session.exec(select(col(Payment.amount_cents)).where(Payment.case_id == case.id)).all()
    return Letter(
        creditor=account.company_name,
        creditor_siren=account.siren,
        debtor=debtor.company_name,
        debtor_contact=debtor.contact_name,
        debtor_siren=debtor.siren or "",
        on=on or clock.today(),
        subject=action.subject,
        body=action.body,
        formal=action.channel == Channel.LRAR.value,
        invoices=tuple(store.invoice_spec(row) for row in store.case_invoices(session, case=case)),
        paid=store.from_cents(sum(paid_cents)),
    )


def letter_pdf(session: Session, *, account_id: int, action_id: object, on: date | None = None) -> bytes | None:
    """The PDF to print for one of the account's letter actions; None when the action is not the account's
    or is not a letter (`action_id` may come from a browser: anything else than an int is refused)."""
    letter = letter_of(session, account_id=account_id, action_id=action_id, on=on)
    return render_letter(letter) if letter else None
