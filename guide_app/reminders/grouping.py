"""One message per client and per day: the reminders of a client that fall on the same day leave as one message.

- Actions are grouped by account, client address (lower case) and kind of client: two debtor rows with the same
  address are the same reader. Letters and calls are the owner's tasks, one per case. SMS are the owner's tasks too:
  when a client (one phone number) has several due the same day, the case page offers one SMS for all of them
  (`grouped_sms`), and marking it done marks the others done (reminders/store.due_sms_siblings).
- One action alone keeps the text planned for it. Several become one message from content/messages.yaml
  (`groupe_*`), at the firmest tone among them, that lists each invoice with the ledger's figures on the day
  ({detail_factures}: number, due date, delay, amount still owed, its own debtor page).
- Only scenario steps are grouped: a thank-you (kind `merci`) and a payment plan's instalment reminder (`echeance`)
  always go alone (a plan's invoices are not to be claimed with the others).
- At most one message per address per day: `recipient_day` is unique on the outbox (see sending.py). An action
  that finds its client already written to today waits for the next business day.
Pure: no database here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from guide_app.cases.ledger import Ledger, combine
from guide_app.cases.risk import TONE_RANK, Tone
from guide_app.reminders.messages import default_messages
from guide_app.reminders.templates import MessageContext, render

STEP = "step"  # CaseAction.kind of a scenario step
SUBJECT_MAX = 200  # OutboxMessage.subject


def recipient_day(account_id: int, address: str, day: date) -> str:
    """The key that makes a second message to the same address on the same day impossible (a unique column)."""
    return hashlib.sha256(f"{account_id}:{address.strip().lower()}:{day.isoformat()}".encode()).hexdigest()


def group_key(
    account_id: int, address: str, debtor_kind: str, *, action_kind: str, action_id: int
) -> tuple[object, ...]:
    """Actions with the same key leave as one message; a thank-you or an instalment reminder is a group of its own."""
    alone = 0 if action_kind == STEP else action_id
    return (account_id, address.strip().lower(), debtor_kind, alone)


def firmest(tones: Sequence[str]) -> Tone:
    known = [Tone(tone) for tone in tones if tone in Tone.__members__.values()]
    return max(known, key=TONE_RANK.__getitem__, default=Tone.RAPPEL)


def template_id(tone: Tone, debtor_kind: str) -> str:
    """The grouped text for this tone and kind of client (a formal e-mail reads as the firm one: letters, the
    formal notices, stay one per case)."""
    if tone is Tone.COURTOIS:
        return "groupe_courtois"
    if tone is Tone.RAPPEL:
        return "groupe_rappel"
    if debtor_kind in ("public", "particulier"):
        return f"groupe_ferme_{debtor_kind}"
    return "groupe_ferme"


@dataclass(frozen=True, slots=True)
class CaseOwed:
    """A case of the message: what it owes on the day (only the invoices still owed) and its debtor page."""

    owed: Ledger
    link: str


def grouped_message(
    *,
    tones: Sequence[str],
    debtor_kind: str,
    cases: Sequence[CaseOwed],
    debtor: str,
    contact: str,
    creditor: str,
    payment_details: str,
) -> tuple[str, str]:
    """(subject, body) of the one message about several cases of a client."""
    still = [case.owed.of([line.number for line in case.owed.lines if line.principal > 0]) for case in cases]
    owed = combine([ledger for ledger in still if ledger.lines] or [case.owed for case in cases])
    links = {line.number: case.link for case in cases for line in case.owed.lines}
    context = MessageContext.from_ledger(
        owed,
        links=links,
        debtor=debtor,
        contact=contact,
        creditor=creditor,
        payment_details=payment_details,
        payment_link=cases[0].link,
    )
    text = default_messages()[template_id(firmest(tones), debtor_kind)]
    subject = render(text.subject, context)
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    return subject, render(text.body, context)


def grouped_sms(*, cases: Sequence[CaseOwed], creditor: str) -> str:
    """The one SMS about several cases of a client (their invoices still owed, the ledger's total), with the first
    case's page."""
    still = [case.owed.of([line.number for line in case.owed.lines if line.principal > 0]) for case in cases]
    owed = combine([ledger for ledger in still if ledger.lines] or [case.owed for case in cases])
    context = MessageContext.from_ledger(owed, debtor="-", creditor=creditor, payment_link=cases[0].link)
    return render(default_messages()["groupe_sms"].body, context)
