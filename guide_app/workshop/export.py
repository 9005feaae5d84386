"""A workshop as CSV: one row per participant, opened as is by a French spreadsheet (";", UTF-8 with BOM).

Participants are pseudonymous: their contact columns stay empty unless they opted in to be contacted
(a Contact is passed only then). Cells a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from guide_app.quiz.diagnostic import UNKNOWN, UNKNOWN_TEXT, DiagnosticBank

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Contact:
    name: str
    company: str
    email: str
    phone: str
    consent_version: str
    consented_at: datetime


@dataclass(frozen=True)
class ParticipantRow:
    number: int
    pseudonym: str
    answers: Mapping[str, str]  # question id → answer id
    axis_scores: Mapping[str, int] | None  # None until finished
    overall: int | None
    level_id: str | None
    contact: Contact | None  # only for a participant who opted in


def display_name(number: int, pseudonym: str) -> str:
    return pseudonym or f"Participant {number}"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def header(bank: DiagnosticBank) -> list[str]:
    return [
        "Participant",
        "Terminé",
        *(f"Q{i} {q.prompt}" for i, q in enumerate(bank.questions, start=1)),
        *(f"{axis.label} (/100)" for axis in bank.axes),
        "Score global (/100)",
        "Niveau",
        "Contact : nom",
        "Contact : entreprise",
        "Contact : e-mail",
        "Contact : téléphone",
        "Contact : consentement",
    ]


def row(bank: DiagnosticBank, participant: ParticipantRow) -> list[str]:
    levels = {level.id: level.label for level in bank.levels}
    answers = []
    for question in bank.questions:
        chosen = participant.answers.get(question.id, "")
        text = UNKNOWN_TEXT if chosen == UNKNOWN else next((a.text for a in question.answers if a.id == chosen), "")
        answers.append(text)
    scores = participant.axis_scores
    contact = participant.contact
    return [
        _cell(value)
        for value in (
            display_name(participant.number, participant.pseudonym),
            "oui" if scores is not None else "non",
            *answers,
            *((scores.get(axis.id, "") if scores is not None else "") for axis in bank.axes),
            participant.overall if scores is not None else "",
            levels.get(participant.level_id or "", "") if scores is not None else "",
            *(
                (
                    contact.name,
                    contact.company,
                    contact.email,
                    contact.phone,
                    f"{contact.consent_version}, {contact.consented_at:%d/%m/%Y %H:%M} UTC",
                )
                if contact is not None
                else ("", "", "", "", "")
            ),
        )
    ]


def workshop_csv(bank: DiagnosticBank, participants: Iterable[ParticipantRow]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with it
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(bank))
    for participant in sorted(participants, key=lambda p: p.number):
        writer.writerow(row(bank, participant))
    return out.getvalue()
