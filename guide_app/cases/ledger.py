"""What a case owes on a given day: the one source of every euro shown (case page, timeline, messages, letters,
debtor page, dossier, exports, the penalty simulator). Pure functions.

Interest is simple interest over 365 days on the principal still unpaid, and depends on who the debtor is (Terms):
- a professional (C. com. L441-10 II): from the day after the due date, without any reminder, each half-year at its
  own rate (ECB + 10 points, or the contract's rate, never below 3 × the taux légal); 40 € per invoice paid late
  (D441-5);
- a consumer (particulier): only from the day after the mise en demeure (C. civ. 1344-1), at the taux légal for a
  creditor who is a business (C. mon. fin. L313-2), each half-year at its own; no indemnity, no recovery costs;
- a public buyer (C. commande publique L2192-13, R2192-31): from the day after the payment term, at the ECB rate of
  the half-year in which the interest began + 8 points, fixed for the whole delay; 40 € (D2192-35).

A payment pays, invoice by invoice from the oldest due date (C. civ. 1342-10), the interest accrued on that invoice
to the payment day, then its principal (C. civ. 1343-1), unless the creditor agreed to take it on the principal
first; the indemnities come last, each its own line; what is paid beyond everything is kept apart as unused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_app.cases.rates import Rates, Semester, legal_indemnity_per_invoice, next_semester, rates, semester_start
from guide_app.core.content import CONTENT_DIR, ContentError
from guide_app.core.format import money, number, rate

CENT = Decimal("0.01")
DAYS_IN_YEAR = 365  # L441-10 interest is simple interest over 365 days, leap years included
PENALTY_ARTICLE = "art. L441-10 du Code de commerce"
INDEMNITY_ARTICLE = "art. D441-5 du Code de commerce"
DebtorKind = Literal["professionnel", "particulier", "public"]
DEBTOR_KINDS: dict[str, str] = {  # as the forms say it, after « Votre client est »
    "professionnel": "Un professionnel",
    "particulier": "Un particulier",
    "public": "Un acheteur public",
}
INTEREST_ARTICLES: dict[str, str] = {
    "professionnel": PENALTY_ARTICLE,
    "particulier": "art. 1344-1 du Code civil et L313-2 du Code monétaire et financier",
    "public": "art. L2192-13 et R2192-31 du Code de la commande publique",
}
INDEMNITY_ARTICLES: dict[str, str] = {
    "professionnel": INDEMNITY_ARTICLE,
    "particulier": "",
    "public": "art. L2192-13 et D2192-35 du Code de la commande publique",
}
RATE_TO_CONFIRM = "taux à confirmer"  # said next to every figure computed with a rate not published yet


class Owed(Protocol):
    """An invoice as the ledger needs it."""

    @property
    def number(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def amount_ttc(self) -> Decimal: ...


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT)


def interest_text(owed: Ledger) -> str:
    """The interest as every page and document writes it: « 28,76 € », « 28,76 € (taux à confirmer) »."""
    return money(owed.interest) + (f" ({RATE_TO_CONFIRM})" if owed.provisional and owed.interest else "")


def late_periods(after: date, until: date) -> list[tuple[date, date]]:
    """The days after `after` up to `until` (both ends included), cut at each 1 January and 1 July."""
    periods = []
    first = after + timedelta(days=1)
    while first <= until:
        last = min(until, next_semester(semester_start(first)) - timedelta(days=1))
        periods.append((first, last))
        first = last + timedelta(days=1)
    return periods


def simple_interest(amount: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    return amount * annual_rate * days / DAYS_IN_YEAR


class PublicBuyer(BaseModel):
    """One kind of public buyer and its payment term, the legal maximum and the default (content/debtor_kinds.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    days: Annotated[int, Field(gt=0, le=90)]
    source: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"art\. R2192")]


class KindText(BaseModel):
    """What the pages and letters say of one kind of debtor (content/debtor_kinds.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: DebtorKind
    interest_label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]  # Pénalités de retard
    interest_phrase: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]  # de pénalités de retard
    before_notice: str = ""  # what is owed while no mise en demeure has left, when that matters
    why: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"article")]
    notice: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"article")]
    buyers: tuple[PublicBuyer, ...] = ()  # public buyers only


@cache
def kind_texts() -> dict[str, KindText]:
    rows = [KindText.model_validate(row) for row in yaml.safe_load((CONTENT_DIR / "debtor_kinds.yaml").read_text())]
    texts: dict[str, KindText] = {row.kind: row for row in rows}
    if set(texts) != set(DEBTOR_KINDS):
        raise ContentError("debtor_kinds.yaml must describe exactly: " + ", ".join(DEBTOR_KINDS))
    if not texts["public"].buyers or any(texts[kind].buyers for kind in ("professionnel", "particulier")):
        raise ContentError("debtor_kinds.yaml: the public buyers' terms go under kind public, and only there")
    return texts


def public_buyers() -> dict[str, PublicBuyer]:
    """The kinds of public buyer by key, first the default (the State and local authorities)."""
    return {buyer.key: buyer for buyer in kind_texts()["public"].buyers}


def public_buyer(debtor_kind: str, key: str) -> PublicBuyer | None:
    """The buyer whose terms apply to a public debtor (the default when none was recorded), None for others."""
    if as_kind(debtor_kind) != "public":
        return None
    buyers = public_buyers()
    return buyers.get(key) or next(iter(buyers.values()))


def as_kind(value: str) -> DebtorKind:
    """A stored kind; anything unknown is read as a professional (the law the app applied before kinds existed)."""
    if value == "particulier":
        return "particulier"
    if value == "public":
        return "public"
    return "professionnel"


@dataclass(frozen=True)
class Terms:
    """Who owes, and what the contract or the creditor's letters add."""

    kind: DebtorKind = "professionnel"
    agreed_rate: Decimal | None = None  # a ratio (0.15 for 15 %); between professionals only
    formal_notice_on: date | None = None  # the mise en demeure: a consumer owes interest only after it

    @property
    def interest_article(self) -> str:
        return INTEREST_ARTICLES[self.kind]

    @property
    def indemnity_article(self) -> str:
        return INDEMNITY_ARTICLES[self.kind]

    @property
    def text(self) -> KindText:
        return kind_texts()[self.kind]


def agreed_or_floor(agreed: Decimal, semester: Semester, table: Rates) -> tuple[Decimal, bool]:
    """The contract's rate, or the legal minimum when it is lower (3 × taux légal): (rate, floor applied)."""
    floor = table.floor(semester)
    return (agreed, False) if agreed >= floor else (floor, True)


def agreed_rate_error(kind: str, agreed: Decimal, starts: date) -> str:
    """Why a contract rate for interest that starts on `starts` cannot be used ("" when it can)."""
    if kind != "professionnel":
        return "Un taux contractuel ne vaut qu'entre professionnels : laissez ce champ vide."
    table = rates()
    semester, _ = table.nearest(semester_start(starts))
    if agreed_or_floor(agreed, semester, table)[1]:
        return (
            f"Un taux contractuel ne peut pas être inférieur à {rate(table.floor(semester))} "
            f"({number(table.floor_multiple)} fois le taux d'intérêt légal, art. L441-10 du Code de commerce) : "
            "corrigez vos conditions générales, ou laissez vide pour le taux légal."
        )
    return ""


def period_rate(terms: Terms, semester: Semester, began: Semester, table: Rates) -> Decimal:
    """The yearly rate (a ratio) of one half-year of delay; `began`: the half-year in which the interest began."""
    if terms.kind == "particulier":
        return semester.legal_ratio
    if terms.kind == "public":
        return (began.ecb_rate + table.public_points) / 100
    if terms.agreed_rate is not None:
        return agreed_or_floor(terms.agreed_rate, semester, table)[0]
    return semester.penalty_ratio


@dataclass(frozen=True)
class Period:
    """Interest on one invoice's unpaid principal over days of one half-year."""

    invoice: str
    first: date
    last: date
    days: int
    principal: Decimal
    rate: Decimal  # a ratio: 0.1215 for 12,15 %
    confirmed: bool  # False: the half-year's rate is not published yet, the latest known one is used
    interest: Decimal  # not rounded


@dataclass(frozen=True)
class Allocation:
    """How one payment was used."""

    paid_on: date
    amount: Decimal
    to_interest: Decimal
    to_principal: Decimal
    to_indemnity: Decimal
    unused: Decimal


@dataclass(frozen=True)
class Line:
    """One invoice on the ledger's day."""

    number: str
    due_date: date
    amount_ttc: Decimal
    principal: Decimal  # still unpaid
    interest: Decimal  # accrued and unpaid, to the cent
    indemnity: Decimal  # owed and unpaid
    late: bool  # paid, or still unpaid, after its due date: owes the indemnity
    days_late: int  # on the ledger's day while unpaid; at its last payment once paid


@dataclass(frozen=True)
class Ledger:
    on: date
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]
    payments: tuple[Allocation, ...]
    terms: Terms = Terms()

    @property
    def total_ttc(self) -> Decimal:
        return sum((line.amount_ttc for line in self.lines), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), Decimal(0))

    @property
    def principal(self) -> Decimal:
        return sum((line.principal for line in self.lines), Decimal(0))

    @property
    def interest(self) -> Decimal:
        return sum((line.interest for line in self.lines), Decimal(0))

    @property
    def indemnity(self) -> Decimal:
        return sum((line.indemnity for line in self.lines), Decimal(0))

    @property
    def due(self) -> Decimal:
        """What is left to pay: principal + interest + indemnities."""
        return self.principal + self.interest + self.indemnity

    @property
    def late_invoices(self) -> int:
        return sum(1 for line in self.lines if line.late)

    @property
    def provisional(self) -> bool:
        """A rate used is not published yet: every figure that includes interest says « taux à confirmer »."""
        return any(not period.confirmed for period in self.periods)

    @property
    def days_late(self) -> int:
        """Days past the oldest due date among the invoices still unpaid (0 when none is late)."""
        return max((line.days_late for line in self.lines if line.principal > 0), default=0)

    def of(self, numbers: Sequence[str]) -> Ledger:
        """The same ledger restricted to some invoices (the ones a message is about)."""
        wanted = set(numbers)
        return Ledger(
            on=self.on,
            lines=tuple(line for line in self.lines if line.number in wanted),
            periods=tuple(period for period in self.periods if period.invoice in wanted),
            payments=(),
            terms=self.terms,
        )


def combine(ledgers: Sequence[Ledger]) -> Ledger:
    """Several cases of one debtor on the same day as one ledger (a message about all of them): their invoices
    oldest due date first, each keeping its own figures; nothing is computed again."""
    if not ledgers:
        raise ValueError("combine needs at least one ledger")
    if len({owed.on for owed in ledgers}) > 1:
        raise ValueError("combine needs ledgers of the same day")
    return Ledger(
        on=ledgers[0].on,
        lines=tuple(sorted((line for owed in ledgers for line in owed.lines), key=lambda line: line.due_date)),
        periods=tuple(period for owed in ledgers for period in owed.periods),
        payments=(),
        terms=ledgers[0].terms,
    )


@dataclass
class _Account:
    """One invoice while the ledger runs."""

    number: str
    due_date: date
    amount_ttc: Decimal
    principal: Decimal
    counted_to: date  # interest is counted up to this day, included
    accrued: Decimal = Decimal(0)
    interest_paid: Decimal = Decimal(0)
    indemnity_paid: Decimal = Decimal(0)
    late: bool = False
    last_paid: date | None = None
    periods: list[Period] = field(default_factory=list)

    def accrue(self, until: date, table: Rates, terms: Terms) -> None:
        if until <= self.counted_to:
            return
        if self.principal > 0:
            self.late = True
            start = self.counted_to
            if terms.kind == "particulier":  # nothing runs before the day after the mise en demeure
                start = max(start, terms.formal_notice_on or until)
            began, began_confirmed = table.nearest(semester_start(self.due_date + timedelta(days=1)))
            for first, last in late_periods(start, until):
                semester, confirmed = table.nearest(semester_start(first))
                if terms.kind == "public":
                    confirmed = began_confirmed  # one rate for the whole delay: the half-year it began in
                yearly = period_rate(terms, semester, began, table)
                days = (last - first).days + 1
                interest = simple_interest(self.principal, yearly, days)
                self.periods.append(Period(self.number, first, last, days, self.principal, yearly, confirmed, interest))
                self.accrued += interest
        self.counted_to = until

    @property
    def interest_due(self) -> Decimal:
        return max(Decimal(0), cents(self.accrued) - self.interest_paid)

    def take(self, available: Decimal, *, interest: bool) -> Decimal:
        """Pays what it can of this invoice's interest (or principal) from `available`; returns what it took."""
        if interest:
            taken = min(available, self.interest_due)
            self.interest_paid += taken
        else:
            taken = min(available, self.principal)
            self.principal -= taken
        return taken


def ledger(
    invoices: Sequence[Owed],
    payments: Sequence[tuple[date, Decimal]],
    on: date,
    *,
    terms: Terms = Terms(),
    principal_first: bool = False,
) -> Ledger:
    """What is owed on `on`. `payments` are (paid on, amount) pairs; one dated after `on` counts as paid on `on`.
    `principal_first`: the creditor agreed that payments go to the principal before the interest."""
    table = rates()
    indemnity_each = Decimal(0) if terms.kind == "particulier" else legal_indemnity_per_invoice()
    accounts = [
        _Account(invoice.number, invoice.due_date, invoice.amount_ttc, invoice.amount_ttc, counted_to=invoice.due_date)
        for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number))
    ]
    allocations = []
    for paid_on, amount in sorted((min(day, on), amount) for day, amount in payments if amount > 0):
        for account in accounts:
            account.accrue(paid_on, table, terms)
        left = amount
        order = (False, True) if principal_first else (True, False)  # (interest?) for each take
        to_interest = to_principal = Decimal(0)
        for account in accounts:
            before = account.principal
            for interest in order:
                taken = account.take(left, interest=interest)
                left -= taken
                if interest:
                    to_interest += taken
                else:
                    to_principal += taken
            if account.principal < before:
                account.last_paid = paid_on
        to_indemnity = Decimal(0)
        for account in accounts:
            if account.late and account.principal == 0:
                taken = min(left, indemnity_each - account.indemnity_paid)
                account.indemnity_paid += taken
                to_indemnity += taken
                left -= taken
        allocations.append(Allocation(paid_on, amount, to_interest, to_principal, to_indemnity, left))
    for account in accounts:
        account.accrue(on, table, terms)
    lines = tuple(
        Line(
            number=account.number,
            due_date=account.due_date,
            amount_ttc=account.amount_ttc,
            principal=account.principal,
            interest=account.interest_due,
            indemnity=indemnity_each - account.indemnity_paid if account.late else Decimal(0),
            late=account.late,
            days_late=max(0, ((on if account.principal > 0 else account.last_paid or on) - account.due_date).days),
        )
        for account in accounts
    )
    periods = tuple(period for account in accounts for period in account.periods)
    return Ledger(on=on, lines=lines, periods=periods, payments=tuple(allocations), terms=terms)


# --- Aging and payment habits ----------------------------------------------------------------------

BUCKETS = ("Non échu", "1 à 30 jours", "31 à 60 jours", "61 à 90 jours", "Plus de 90 jours")


def bucket_of(due_date: date, today: date) -> int:
    late = (today - due_date).days
    if late <= 0:
        return 0
    return 1 if late <= 30 else 2 if late <= 60 else 3 if late <= 90 else 4


def aged_balance(lines: Sequence[Line], today: date) -> list[Decimal]:
    """Principal still due, by age past the due date (the five BUCKETS)."""
    totals = [Decimal(0)] * len(BUCKETS)
    for line in lines:
        totals[bucket_of(line.due_date, today)] += line.principal
    return totals


@dataclass(frozen=True)
class Rating:
    grade: str  # A (pays on time) … E (pays very late or breaks promises); "" without history
    label: str  # French, one line
    average_days_late: int | None
    broken_promises: int


def payment_rating(days_late_of_paid_invoices: Sequence[int], broken_promises: int) -> Rating:
    """From the client's history: how late their settled invoices were, and how many promises they broke."""
    if not days_late_of_paid_invoices and not broken_promises:
        return Rating("", "Pas encore d'historique de paiement.", None, 0)
    paid = list(days_late_of_paid_invoices)
    average = round(sum(max(days, 0) for days in paid) / len(paid)) if paid else None
    score = (average or 0) + 15 * broken_promises
    grade = "A" if score <= 5 else "B" if score <= 15 else "C" if score <= 30 else "D" if score <= 60 else "E"
    if average is None:
        habit = "aucune facture réglée pour l'instant"
    elif average == 0:
        habit = "paie à l'échéance"
    else:
        habit = f"paie en moyenne {average} jours après l'échéance"
    if broken_promises:
        plural = "s" if broken_promises > 1 else ""
        habit += f", {broken_promises} promesse{plural} non tenue{plural}"
    return Rating(grade, f"Note {grade} : {habit}.", average, broken_promises)
