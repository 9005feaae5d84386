"""Bank statement matching at scale: 5 000 statement credits against 10 000 open invoices of 2 000 debtors, on a
generated set whose right answer is known. Prints the time, the peak memory, and precision and recall per kind
of credit. Goal (issue « Money in, matched »): ≤ 5 s and ≤ 300 Mo.

    .venv/bin/python bench/matching.py [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guide_app.banking.matching import OpenInvoice, propose
from guide_app.banking.statements import Credit

TRADES = [
    "Boulangerie",
    "Garage",
    "Plomberie",
    "Menuiserie",
    "Pharmacie",
    "Librairie",
    "Imprimerie",
    "Transports",
    "Traiteur",
    "Fromagerie",
]
NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Francois",
    "Martinez",
    "Legrand",
]
CITIES = [
    "Lyon",
    "Lille",
    "Nantes",
    "Rennes",
    "Tours",
    "Metz",
    "Brest",
    "Nice",
    "Dijon",
    "Pau",
    "Caen",
    "Albi",
    "Sete",
    "Laval",
    "Niort",
    "Vannes",
    "Blois",
    "Rodez",
]
START = date(2026, 9, 1)


def generate(seed: int) -> tuple[list[OpenInvoice], list[Credit], dict[str, frozenset[int]], dict[str, str]]:
    """Open invoices, credits, the invoices each credit really pays, and each credit's kind."""
    rng = random.Random(seed)
    debtors = sorted({f"{rng.choice(TRADES)} {rng.choice(NAMES)} {rng.choice(CITIES)}" for _ in range(2600)})[:2000]
    used: set[Decimal] = set()

    def amount() -> Decimal:
        if rng.random() < 0.3:  # a round amount (1 200,00 €): several invoices share it
            return Decimal(rng.randrange(100, 5_000, 50))
        while True:
            value = Decimal(rng.randint(5_000, 2_000_000)) / 100
            if value not in used:
                used.add(value)
                return value

    invoices = []
    for number in range(1, 10_001):
        debtor = debtors[(number * 7919) % len(debtors)]
        due = START + timedelta(days=rng.randint(0, 90))
        invoices.append(OpenInvoice(number, number % 3000 + 1, f"F-2026-{number:05d}", debtor, amount(), due))
    rng.shuffle(invoices)
    by_debtor: dict[str, list[OpenInvoice]] = {}
    for invoice in invoices:
        by_debtor.setdefault(invoice.debtor, []).append(invoice)

    credits: list[Credit] = []
    truth: dict[str, frozenset[int]] = {}
    kinds: dict[str, str] = {}
    pool = iter(invoices)

    def add(kind: str, amount_: Decimal, name: str, text: str, day: date, paid: frozenset[int]) -> None:
        key = f"c{len(credits)}"
        credits.append(Credit(key, day, amount_, name, text))
        kinds[key] = kind
        if paid:
            truth[key] = paid

    def mangle(number: str) -> str:
        year, serial = number.split("-")[1:]
        return rng.choice([f"FACT {number}", f"REGLEMENT F{year}{serial}", f"F {year} {serial} MERCI", f"FAC.{number}"])

    for _ in range(3000):  # cites its invoice, exact amount
        invoice = next(pool)
        day = invoice.due_date + timedelta(days=rng.randint(-10, 40))
        add(
            "cites its invoice",
            invoice.left,
            f"VIR SEPA {invoice.debtor.upper()}",
            mangle(invoice.number),
            day,
            frozenset({invoice.invoice_id}),
        )
    for _ in range(750):  # names the payer, exact amount, no number
        invoice = next(pool)
        day = invoice.due_date + timedelta(days=rng.randint(-10, 40))
        add("names the payer", invoice.left, invoice.debtor.upper(), "VIREMENT", day, frozenset({invoice.invoice_id}))
    grouped = 0
    for name, theirs in by_debtor.items():  # one transfer for two invoices of one payer
        left = [i for i in theirs if i.invoice_id not in {p for paid in truth.values() for p in paid}][:2]
        if grouped == 400 or len(left) < 2:
            continue
        total = left[0].left + left[1].left
        add(
            "two invoices at once",
            total,
            name.upper(),
            "REGLEMENT FACTURES",
            left[0].due_date + timedelta(days=5),
            frozenset(i.invoice_id for i in left),
        )
        grouped += 1
    taken = {p for paid in truth.values() for p in paid}
    rest = [i for i in invoices if i.invoice_id not in taken]
    for invoice in rest[:125]:  # one invoice paid in two transfers
        first = (invoice.left / 2).quantize(Decimal("0.01"))
        for part in (first, invoice.left - first):
            add(
                "two transfers, one invoice",
                part,
                f"VIR {invoice.debtor.upper()}",
                "ACOMPTE",
                invoice.due_date + timedelta(days=3),
                frozenset({invoice.invoice_id}),
            )
    for invoice in rest[125:375]:  # amount only, an unknown payer, near the due date
        add(
            "amount only",
            invoice.left,
            "M OU MME DUPONT J",
            "VIR INST",
            invoice.due_date + timedelta(days=2),
            frozenset({invoice.invoice_id}),
        )
    while len(credits) < 5000:  # not a customer's payment; half of them of the amount of an open invoice (a trap)
        lookalike = rng.choice(rest[375:])
        value = lookalike.left if rng.random() < 0.5 else Decimal(rng.randint(100, 99_999)) / 100
        add("not a payment", value, "CPAM REMBOURSEMENT", "REMB SOINS", lookalike.due_date, frozenset())
    return invoices, credits, truth, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    invoices, credits, truth, kinds = generate(args.seed)
    tracemalloc.start()
    started = time.perf_counter()
    found = propose(credits, invoices)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    right = {
        key for key, proposal in found.items() if frozenset(p.invoice_id for p in proposal.parts) == truth.get(key)
    }
    print(f"{len(credits)} credits against {len(invoices)} open invoices (seed {args.seed})")
    print(f"matching: {seconds:.2f} s · peak traced memory {peak / 1e6:.1f} Mo · process max RSS {rss:.0f} Mo")
    print(f"{'kind of credit':<28} {'credits':>8} {'proposed':>9} {'right':>7} {'precision':>10} {'recall':>8}")
    per_kind: Counter[str] = Counter(kinds.values())
    for kind in per_kind:
        keys = [k for k, v in kinds.items() if v == kind]
        proposed = [k for k in keys if k in found]
        ok = [k for k in proposed if k in right]
        expected = [k for k in keys if k in truth]
        precision = len(ok) / len(proposed) if proposed else 1.0
        recall = len(ok) / len(expected) if expected else float("nan")
        print(f"{kind:<28} {len(keys):>8} {len(proposed):>9} {len(ok):>7} {precision:>10.1%} {recall:>8.1%}")
    precision = len(right) / len(found) if found else 1.0
    recall = len(right) / len(truth)
    sure = [k for k, p in found.items() if p.confidence >= 90]
    sure_right = sum(1 for k in sure if k in right)
    print(f"{'all':<28} {len(credits):>8} {len(found):>9} {len(right):>7} {precision:>10.1%} {recall:>8.1%}")
    print(f"proposed at 90 % or more: {len(sure)} ({len(sure) / len(truth):.1%} of the payments), {sure_right} right")


if __name__ == "__main__":
    main()
