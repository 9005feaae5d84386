"""The integration point with collection platforms: a case exported as JSON for a professional, and the report
a professional sends back, imported. Pydantic schemas, pure functions; documented in README ("Échange avec un
professionnel").

Export (`CaseExport`, schema "guide-recouvrement/dossier" v1): creditor, debtor, invoices with what is left on
each, payments, the dated timeline of reminders and events, the debtor's responses, the mise en demeure and the
mandates. Amounts are decimal strings in euros TTC ("2400.00"), dates ISO 8601.

Import (`ProfessionalReport`, schema "guide-recouvrement/retour" v1): {account_id, case_id, professional_id,
status: en_cours | recouvre_partiellement | recouvre | echec, recovered, reported_on, note}. The ids must be
the importing account's own (escalation_store.apply_report checks them against the database).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from guide_app.core.parse import MAX_TOTAL

EXPORT_SCHEMA: Final = "guide-recouvrement/dossier"
REPORT_SCHEMA: Final = "guide-recouvrement/retour"
MAX_IMPORT_BYTES = 20_000

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Body = Annotated[str, StringConstraints(max_length=8000)]
Euros = Annotated[Decimal, Field(ge=0, le=MAX_TOTAL, decimal_places=2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Party(_Strict):
    name: Line
    siren: str | None = Field(default=None, pattern=r"^\d{9}$")
    contact: Line = ""
    email: Line = ""
    phone: Line = ""


class InvoiceOut(_Strict):
    number: Line
    issue_date: date
    due_date: date
    amount_ht: Euros
    vat_rate: Annotated[Decimal, Field(ge=0, le=1)]
    amount_ttc: Euros
    remaining: Euros


class PaymentOut(_Strict):
    paid_on: date
    amount: Euros
    method: Line


class TimelineEntry(_Strict):
    on: date
    kind: Literal["relance", "evenement"]
    channel: Line = ""  # for a reminder: "E-mail", "Lettre recommandée (mise en demeure)"…
    title: Line
    status: Line = ""  # for a reminder: fait, envoyé, prévu, annulé, échec
    text: Body = ""


class DebtorResponse(_Strict):
    on: date
    kind: Literal["promesse", "litige", "visite", "paiement", "echeancier"]
    text: Body


class FormalNotice(_Strict):
    sent_on: date | None  # None: not sent yet, the letter is ready to send
    subject: Line
    body: Body


class Mandate(_Strict):
    position: int = Field(ge=1, le=3)
    professional_id: Line
    professional_name: Line
    signed_on: date
    status: Line
    recovered: Euros = Decimal(0)


class CaseExport(_Strict):
    schema_: Literal["guide-recouvrement/dossier"] = Field(default=EXPORT_SCHEMA, alias="schema")
    version: Literal[1] = 1
    exported_at: datetime
    account_id: int = Field(ge=1)
    case_id: int = Field(ge=1)
    currency: Literal["EUR"] = "EUR"
    creditor: Party
    debtor: Party
    amount_due: Euros  # principal still owed, TTC
    penalties: Euros  # late-payment penalties today (Code de commerce L441-10)
    rate_to_confirm: bool = False  # a half-year's rate used is not published yet
    debtor_kind: Literal["professionnel", "particulier", "public"] = "professionnel"  # the law the amounts follow
    indemnity: Euros  # fixed recovery indemnity (D441-5)
    invoices: tuple[InvoiceOut, ...] = Field(min_length=1)
    payments: tuple[PaymentOut, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    debtor_responses: tuple[DebtorResponse, ...] = ()
    formal_notice: FormalNotice | None = None
    mandates: tuple[Mandate, ...] = ()

    @property
    def total_due(self) -> Decimal:
        return self.amount_due + self.penalties + self.indemnity


class ProfessionalReport(_Strict):
    schema_: Literal["guide-recouvrement/retour"] = Field(default=REPORT_SCHEMA, alias="schema")
    version: Literal[1] = 1
    account_id: int = Field(ge=1)
    case_id: int = Field(ge=1)
    professional_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{2,40}$")]
    status: Literal["en_cours", "recouvre_partiellement", "recouvre", "echec"]
    recovered: Euros = Decimal(0)  # newly recovered since the last report
    reported_on: date
    note: Line = ""


class ReportError(ValueError):
    """The document cannot be imported; the message is French."""


def export_json(export: CaseExport) -> str:
    return export.model_dump_json(by_alias=True, indent=2)


def read_export(text: str | bytes) -> CaseExport:
    return CaseExport.model_validate_json(text)


def report_json(report: ProfessionalReport) -> str:
    return report.model_dump_json(by_alias=True, indent=2)


def read_report(text: object) -> ProfessionalReport:
    """Parses a report; any problem becomes one French sentence (never a stack trace)."""
    if not isinstance(text, str | bytes) or not text.strip():
        raise ReportError("Collez le retour du professionnel (document JSON).")
    if len(text) > MAX_IMPORT_BYTES:
        raise ReportError("Ce document est trop long pour un retour de professionnel.")
    try:
        return ProfessionalReport.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        problem = _PROBLEMS.get(first["type"], "la valeur n'est pas valide")  # Pydantic's messages are English
        raise ReportError(f"Document illisible ({where}) : {problem}.") from error


_PROBLEMS = {
    "json_invalid": "ce n'est pas du JSON",
    "json_type": "ce n'est pas du JSON",
    "missing": "le champ manque",
    "extra_forbidden": "le champ n'est pas prévu",
    "model_type": "un objet JSON est attendu",
    "model_attributes_type": "un objet JSON est attendu",
}
