"""Which open invoices a statement's credits pay. Pure: credits and open invoices in, one proposal per credit it can
explain out, each with its confidence and, in French, why.

The rules, from the surest to the weakest; an invoice's amount left is used once, by the surest rule:
1. the remittance cites invoice numbers: exact amount (one invoice, or several cited together) 99 %; less than
   their amount, a part payment on them 70 %;
2. the payer is a debtor (every word of its name, legal forms aside, is in the name or the text): the exact amount
   of one of its invoices 90 % (75 % when several have that amount: the oldest), of two or three of them together
   85 %;
3. the exact amount of a single open invoice whose due date is within 30 days before to 120 days after the credit,
   60 % (40 % when several: the nearest due date);
4. two or three credits from one debtor that, together, pay exactly one of its invoices 75 %;
5. less than what a named payer owes: a payment on account, on its oldest invoices first, 60 %.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from guide_app.banking.statements import Credit
from guide_app.core.format import money

NEAR_BEFORE_DAYS, NEAR_AFTER_DAYS = 30, 120
MAX_TOGETHER = 3  # invoices paid by one transfer, or transfers paying one invoice
MAX_OPEN_FOR_COMBINATIONS = 12  # a debtor with more open invoices is not searched for combinations
_LEGAL = frozenset(
    [
        "SARL",
        "SAS",
        "SASU",
        "SA",
        "EURL",
        "SCI",
        "SNC",
        "SCOP",
        "SELARL",
        "GIE",
        "EI",
        "EIRL",
        "ETS",
        "ETABLISSEMENTS",
        "STE",
        "SOCIETE",
        "CIE",
        "ET",
        "DE",
        "DU",
        "DES",
        "LA",
        "LE",
        "LES",
        "L",
        "D",
        "AU",
        "AUX",
    ]
)


@dataclass(frozen=True)
class OpenInvoice:
    invoice_id: int
    case_id: int
    number: str
    debtor: str
    left: Decimal  # what remains to be paid on it
    due_date: date


@dataclass(frozen=True)
class Part:
    invoice_id: int
    case_id: int
    number: str
    amount: Decimal


@dataclass(frozen=True)
class Proposal:
    credit_key: str
    parts: tuple[Part, ...]
    confidence: int  # percent
    reason: str

    def by_case(self) -> dict[int, Decimal]:
        """The amounts to record as payments, per case (the ledger spreads a case's payment over its invoices)."""
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for part in self.parts:
            totals[part.case_id] += part.amount
        return dict(totals)


def ascii_upper(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").upper()


def compact(text: str) -> str:
    """An invoice number as banks mangle it: « F-2026/014 » and « F2026014 » are the same."""
    return re.sub(r"[^A-Z0-9]", "", ascii_upper(text))


def name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^A-Z0-9]+", ascii_upper(text)) if len(w) > 1 and w not in _LEGAL)


def _numbers_cited(text: str) -> set[str]:
    """Every compacted run of one to three consecutive tokens of the text: « FACT F 2026 014 » cites F2026014."""
    tokens = [compact(t) for t in re.findall(r"[A-Za-z0-9]+(?:[-/._][A-Za-z0-9]+)*", text)]
    cited = set()
    for size in (1, 2, 3):
        for start in range(len(tokens) - size + 1):
            cited.add("".join(tokens[start : start + size]))
    return cited


@dataclass
class _Book:
    """The open invoices, indexed, and what is left on each as credits take it."""

    invoices: dict[int, OpenInvoice]
    left: dict[int, Decimal]
    by_number: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_amount: dict[Decimal, list[int]] = field(default_factory=lambda: defaultdict(list))
    debtors: dict[frozenset[str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_word: dict[str, list[frozenset[str]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, invoices: Iterable[OpenInvoice]) -> _Book:
        book = cls(invoices={}, left={})
        for invoice in sorted(invoices, key=lambda i: (i.due_date, i.invoice_id)):
            if invoice.left <= 0:
                continue
            book.invoices[invoice.invoice_id] = invoice
            book.left[invoice.invoice_id] = invoice.left
            key = compact(invoice.number)
            if len(key) >= 4:  # « 12 » would be cited by any date or amount
                book.by_number[key].append(invoice.invoice_id)
            book.by_amount[invoice.left].append(invoice.invoice_id)
            words = name_words(invoice.debtor)
            if words:
                if words not in book.debtors:
                    book.by_word[max(words, key=len)].append(words)
                book.debtors[words].append(invoice.invoice_id)
        return book

    def open_ids(self, ids: Iterable[int]) -> list[int]:
        return [i for i in ids if self.left[i] > 0]

    def debtor_of(self, credit: Credit) -> frozenset[str] | None:
        words = name_words(f"{credit.name} {credit.text}")
        found = [name for word in words for name in self.by_word.get(word, ()) if name <= words]
        return max(found, key=len) if found else None  # « MARTIN BOIS » over « MARTIN »

    def take(self, credit: Credit, pieces: Sequence[tuple[int, Decimal]], confidence: int, reason: str) -> Proposal:
        parts = []
        for invoice_id, amount in pieces:
            self.left[invoice_id] -= amount
            invoice = self.invoices[invoice_id]
            parts.append(Part(invoice_id, invoice.case_id, invoice.number, amount))
        return Proposal(credit.key, tuple(parts), confidence, reason)

    def oldest_first(self, credit: Credit, ids: Sequence[int]) -> list[tuple[int, Decimal]]:
        """The credit spread over `ids` in order (oldest due date first), each up to what is left on it."""
        pieces, rest = [], credit.amount
        for invoice_id in ids:
            if rest <= 0:
                break
            amount = min(rest, self.left[invoice_id])
            pieces.append((invoice_id, amount))
            rest -= amount
        return pieces

    def numbers(self, ids: Sequence[int]) -> str:
        return ", ".join(self.invoices[i].number for i in ids)


def propose(credits: Sequence[Credit], invoices: Iterable[OpenInvoice]) -> dict[str, Proposal]:
    """One proposal per credit that an open invoice explains, keyed by the credit's key."""
    book = _Book.of(invoices)
    found: dict[str, Proposal] = {}
    for rule in (_cited, _from_debtor, _amount_only):
        for credit in credits:
            if credit.key not in found and (proposal := rule(book, credit)) is not None:
                found[credit.key] = proposal
    found.update(_together(book, [c for c in credits if c.key not in found]))
    for credit in credits:
        if credit.key not in found and (proposal := _on_account(book, credit)) is not None:
            found[credit.key] = proposal
    return found


def _cited(book: _Book, credit: Credit) -> Proposal | None:
    cited = _numbers_cited(f"{credit.text} {credit.name}")
    ids = book.open_ids(dict.fromkeys(i for key in cited for i in book.by_number.get(key, ())))
    if not ids:
        return None
    total = sum((book.left[i] for i in ids), Decimal(0))
    if total == credit.amount:
        pieces = [(i, book.left[i]) for i in ids]
        if len(ids) == 1:
            return book.take(
                credit, pieces, 99, f"Montant exact de la facture {book.numbers(ids)}, citée dans le libellé."
            )
        return book.take(credit, pieces, 99, f"Montant exact des factures {book.numbers(ids)}, citées dans le libellé.")
    if credit.amount < total:
        return book.take(
            credit,
            book.oldest_first(credit, ids),
            70,
            f"Paiement partiel de la facture {book.numbers(ids)} citée dans le libellé "
            f"(reste dû avant ce virement : {money(total)}).",
        )
    return None  # more than the invoices cited: the owner decides


def _from_debtor(book: _Book, credit: Credit) -> Proposal | None:
    debtor = book.debtor_of(credit)
    if debtor is None:
        return None
    ids = book.open_ids(book.debtors[debtor])
    if not ids:
        return None
    who = book.invoices[ids[0]].debtor
    same = [i for i in ids if book.left[i] == credit.amount]
    if same:
        sure = 90 if len(same) == 1 else 75
        why = f"Montant exact de la facture {book.numbers(same[:1])} de {who}, nommé dans le virement."
        return book.take(credit, [(same[0], credit.amount)], sure, why)
    if len(ids) <= MAX_OPEN_FOR_COMBINATIONS:
        for size in range(2, MAX_TOGETHER + 1):
            for group in itertools.combinations(ids, size):
                if sum((book.left[i] for i in group), Decimal(0)) == credit.amount:
                    why = f"Règle ensemble les factures {book.numbers(group)} de {who}, nommé dans le virement."
                    return book.take(credit, [(i, book.left[i]) for i in group], 85, why)
    return None


def _on_account(book: _Book, credit: Credit) -> Proposal | None:
    """Less than what the named payer owes, and no invoice of that amount: a payment on its oldest invoices."""
    debtor = book.debtor_of(credit)
    ids = book.open_ids(book.debtors[debtor]) if debtor is not None else []
    if not ids or credit.amount >= sum((book.left[i] for i in ids), Decimal(0)):
        return None
    who = book.invoices[ids[0]].debtor
    why = f"Acompte de {who}, nommé dans le virement : imputé sur ses factures les plus anciennes."
    return book.take(credit, book.oldest_first(credit, ids), 60, why)


def _amount_only(book: _Book, credit: Credit) -> Proposal | None:
    near = [
        i
        for i in book.open_ids(book.by_amount.get(credit.amount, ()))
        if -NEAR_BEFORE_DAYS <= (book.invoices[i].due_date - credit.booked_on).days <= NEAR_AFTER_DAYS
        and book.left[i] == credit.amount
    ]
    if not near:
        return None
    best = min(near, key=lambda i: abs((book.invoices[i].due_date - credit.booked_on).days))
    gap = abs((book.invoices[best].due_date - credit.booked_on).days)
    invoice = book.invoices[best]
    if len(near) == 1:
        why = f"Montant exact de la facture {invoice.number} ({invoice.debtor}), échue à {gap} jour(s) du virement."
        return book.take(credit, [(best, credit.amount)], 60, why)
    why = (
        f"Montant exact de {len(near)} factures ; la plus proche en date : {invoice.number} ({invoice.debtor}). "
        "Vérifiez le payeur."
    )
    return book.take(credit, [(best, credit.amount)], 40, why)


def _together(book: _Book, credits: Sequence[Credit]) -> dict[str, Proposal]:
    """Credits of one debtor that pay one of its invoices together (an invoice paid in two or three transfers)."""
    by_debtor: dict[frozenset[str], list[Credit]] = defaultdict(list)
    for credit in credits:
        if (debtor := book.debtor_of(credit)) is not None:
            by_debtor[debtor].append(credit)
    found: dict[str, Proposal] = {}
    for debtor, theirs in by_debtor.items():
        if len(theirs) > MAX_OPEN_FOR_COMBINATIONS:
            continue
        for size in range(2, MAX_TOGETHER + 1):
            for group in itertools.combinations(theirs, size):
                if any(c.key in found for c in group):
                    continue
                total = sum((c.amount for c in group), Decimal(0))
                target = next((i for i in book.open_ids(book.debtors[debtor]) if book.left[i] == total), None)
                if target is None:
                    continue
                invoice = book.invoices[target]
                why = f"{size} virements de {invoice.debtor} règlent ensemble la facture {invoice.number}."
                for credit in group:
                    found[credit.key] = book.take(credit, [(target, credit.amount)], 75, why)
    return found
