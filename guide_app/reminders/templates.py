"""Message templates with French merge fields written {nom_du_champ}: checking, rendering, a sample.

A template is plain text where every brace belongs to a merge field; there is no escape for a literal
brace (business letters do not need one), so any other brace is reported as unbalanced.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import RATE_TO_CONFIRM, Ledger, ledger
from guide_app.cases.rates import legal_indemnity_per_invoice
from guide_app.core.format import day, money, number
from guide_app.reminders.compliance import cost_billing_errors

MERGE_FIELDS: dict[str, str] = {
    "debiteur": "Nom de l'entreprise cliente (le débiteur)",
    "contact": "Nom de votre interlocuteur chez le client (peut rester vide)",
    "entreprise": "Nom de votre entreprise",
    "facture": "Numéro de la facture (ou des factures)",
    "detail_factures": "Une ligne par facture : numéro, échéance, retard et montant restant dû",
    "montant_ttc": "Montant TTC restant dû",
    "echeance": "Date d'échéance (JJ/MM/AAAA)",
    "jours_retard": "Nombre de jours de retard",
    "penalites": "Pénalités de retard calculées à ce jour",
    "indemnite": "Indemnité forfaitaire légale (40 € par facture en retard)",
    "total_du": "Total dû : montant TTC + pénalités + indemnité",
    "coordonnees_paiement": "Vos coordonnées de paiement (IBAN, lien de paiement)",
    "lien_paiement": "Lien vers la page de paiement du client",
}

DETAIL_LINES_MAX = 30  # {detail_factures} lists this many invoices, then sums up the others
_CONTEXT_CHARS = 20  # how much of the template to quote around a brace error
_BRACE = re.compile(r"[{}]")
_FIELD_NAME = re.compile(r"[a-z_]{1,30}")
_PLACEHOLDER = re.compile(r"( ?)\{([a-z_]+)\}")
_PLACEHOLDER_LINE = re.compile(r"^[ \t]*\{([a-z_]+)\}[ \t]*(?:\n|$)", re.MULTILINE)

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class TemplateError(ValueError):
    """The template cannot be rendered; the message is in French."""


class InvoiceLine(BaseModel):
    """One invoice of a message as the ledger has it on the message's day ({detail_factures})."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: Line
    due_date: date
    principal: Decimal = Field(ge=0)  # TTC still unpaid
    days_late: int = Field(ge=0)
    link: str = ""  # its own debtor page, when a message covers several cases

    def text(self) -> str:
        plural = "s" if self.days_late > 1 else ""
        when = (
            f"échue le {day(self.due_date)} ({number(self.days_late)} jour{plural} de retard)"
            if self.days_late
            else f"à échéance le {day(self.due_date)}"
        )
        online = f" ; en ligne : {self.link}" if self.link else ""
        return f"- Facture {self.number}, {when} : {money(self.principal)}{online}"


class MessageContext(BaseModel):
    """The typed values a message is rendered with (money in euros TTC, dates as dates)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    debtor: Line  # {debiteur}
    contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""  # {contact}
    creditor: Line  # {entreprise}
    invoice_numbers: tuple[Line, ...] = Field(min_length=1)  # {facture}
    amount_ttc: Decimal = Field(ge=0)  # {montant_ttc}
    due_date: date  # {echeance}: the earliest due date when several invoices are concerned
    days_late: int = Field(ge=0)  # {jours_retard}
    penalties: Decimal = Field(ge=0)  # {penalites}
    indemnity: Decimal = Field(ge=0)  # {indemnite}: the fixed indemnities still owed
    late_invoices: int = Field(ge=0)  # how many invoices owe the fixed indemnity
    provisional: bool = False  # a rate used is not published yet: {penalites} says so
    payment_details: str = ""  # {coordonnees_paiement}
    payment_link: str = ""  # {lien_paiement}
    lines: tuple[InvoiceLine, ...] = ()  # {detail_factures}: the invoices still owed

    @model_validator(mode="after")
    def _late_invoices_exist(self) -> MessageContext:
        if self.late_invoices > len(self.invoice_numbers):
            raise ValueError("late_invoices exceeds the number of invoices")
        return self

    @classmethod
    def from_ledger(cls, owed: Ledger, *, links: Mapping[str, str] | None = None, **people: str) -> MessageContext:
        """The figures of the invoices a message is about, as the ledger has them on the message's day; `people`:
        debtor, contact, creditor, payment_details, payment_link. `links`: invoice number → its own debtor page, for
        a message about several cases."""
        first = owed.lines[0]
        return cls(
            lines=tuple(
                InvoiceLine(
                    number=line.number,
                    due_date=line.due_date,
                    principal=line.principal,
                    days_late=line.days_late,
                    link=(links or {}).get(line.number, ""),
                )
                for line in owed.lines
                if line.principal > 0
            ),
            invoice_numbers=tuple(line.number for line in owed.lines),
            amount_ttc=owed.principal,
            due_date=first.due_date,
            days_late=max(0, (owed.on - first.due_date).days),
            penalties=owed.interest,
            indemnity=owed.indemnity,
            late_invoices=owed.late_invoices,
            provisional=owed.provisional,
            **people,
        )

    def _details(self) -> str:
        shown = [line.text() for line in self.lines[:DETAIL_LINES_MAX]]
        rest = self.lines[DETAIL_LINES_MAX:]
        if rest:
            left = sum((line.principal for line in rest), Decimal(0))
            shown.append(
                f"- et {number(len(rest))} autres factures, pour {money(left)} (détail sur votre page en ligne)"
            )
        return "\n".join(shown)

    @property
    def _rate_note(self) -> str:
        return f" ({RATE_TO_CONFIRM})" if self.provisional and self.penalties else ""

    @property
    def total_due(self) -> Decimal:
        return self.amount_ttc + self.penalties + self.indemnity

    @cached_property
    def filled(self) -> dict[str, str]:
        """`values()`, computed once (a subject and a body are rendered from one context)."""
        return self.values()

    def values(self) -> dict[str, str]:
        """Each merge field → its French text."""
        return {
            "debiteur": self.debtor,
            "contact": self.contact,
            "entreprise": self.creditor,
            "facture": french_list(self.invoice_numbers),
            "detail_factures": self._details(),
            "montant_ttc": money(self.amount_ttc),
            "echeance": day(self.due_date),
            "jours_retard": number(self.days_late),
            "penalites": money(self.penalties) + self._rate_note,
            "indemnite": money(self.indemnity),
            "total_du": money(self.total_due),
            "coordonnees_paiement": self.payment_details,
            "lien_paiement": self.payment_link,
        }


def french_list(items: tuple[str, ...]) -> str:
    """("A",) → "A"; ("A", "B", "C") → "A, B et C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _excerpt(template: str, position: int) -> str:
    start, end = max(0, position - _CONTEXT_CHARS), position + _CONTEXT_CHARS
    return template[start:end].replace("\n", " ").strip()


def _available() -> str:
    return ", ".join("{" + name + "}" for name in MERGE_FIELDS)


def _unknown_field(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.strip().lower().replace(" ", "_").replace("-", "_"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    close = difflib.get_close_matches(plain, MERGE_FIELDS, n=1, cutoff=0.6)
    hint = f" Vouliez-vous dire {{{close[0]}}} ?" if close else ""
    return f"Champ inconnu : {{{name}}}.{hint} Champs disponibles : {_available()}."


def syntax_errors(template: str) -> list[str]:
    """Brace and field-name errors, in French: what would prevent rendering."""
    errors: list[str] = []
    open_at: int | None = None
    for match in _BRACE.finditer(template):
        position = match.start()
        if match.group(0) == "{":
            if open_at is not None:
                errors.append(f"Accolade « {{ » jamais refermée, près de « {_excerpt(template, open_at)} ».")
            open_at = position
            continue
        if open_at is None:
            errors.append(f"Accolade « }} » sans accolade ouvrante, près de « {_excerpt(template, position)} ».")
            continue
        name = template[open_at + 1 : position]
        if not name.strip():
            errors.append(
                "Accolades vides « {} » : écrivez le nom d'un champ entre les accolades, par exemple {debiteur}."
            )
        elif "\n" in name or len(name) > 30:
            errors.append(f"Accolade « {{ » jamais refermée, près de « {_excerpt(template, open_at)} ».")
        elif not (_FIELD_NAME.fullmatch(name) and name in MERGE_FIELDS):
            errors.append(_unknown_field(name))
        open_at = None
    if open_at is not None:
        errors.append(f"Accolade « {{ » jamais refermée, près de « {_excerpt(template, open_at)} ».")
    return list(dict.fromkeys(errors))


def check_template(template: str) -> list[str]:
    """Every French error of a template: braces, unknown fields, and wording the law forbids (L111-8)."""
    indemnity = money(legal_indemnity_per_invoice(), cents=False)
    return syntax_errors(template) + cost_billing_errors(template, indemnity=indemnity)


def render(template: str, context: MessageContext) -> str:
    """The message as the debtor reads it.

    An empty field (no contact name) takes away the space before it ("Bonjour {contact}," → "Bonjour,"),
    or its whole line when it stands alone on it (an address block).
    """
    errors = syntax_errors(template)
    if errors:
        raise TemplateError(errors[0])
    values = context.filled

    def drop_empty_line(match: re.Match[str]) -> str:
        return match.group(0) if values[match.group(1)] else ""

    def fill(match: re.Match[str]) -> str:
        value = values[match.group(2)]
        return match.group(1) + value if value else ""

    return _PLACEHOLDER.sub(fill, _PLACEHOLDER_LINE.sub(drop_empty_line, template))


def sample_context() -> MessageContext:
    """A realistic, fictional case for the live preview: one invoice, 20 days late."""
    due = date(2026, 3, 16)
    invoice = InvoiceSpec(
        number="F-2026-014",
        issue_date=date(2026, 2, 14),
        due_date=due,
        amount_ht=Decimal(2000),
        vat_rate=Decimal("0.2"),
    )
    return MessageContext.from_ledger(
        ledger([invoice], [], due + timedelta(days=20)),
        debtor="Boulangerie Martin SARL",
        contact="Madame Claire Martin",
        creditor="Atelier Dupont Menuiserie",
        payment_details="virement sur l'IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP882)",
        payment_link="https://guide-recouvrement.fr/payer/exemple",
    )
