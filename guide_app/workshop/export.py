"""A workshop as CSV: one row per participant, opened as is by a French spreadsheet (";", UTF-8 with BOM).

Participants are pseudonymous: their contact columns stay empty unless they opted in to be contacted
(a Contact is passed only then). Cells a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from guide_app.quiz.bank import Question
from guide_app.quiz.diagnostic import UNKNOWN, UNKNOWN_TEXT, DiagnosticBank
from guide_app.workshop.game import LETTERS, Ranked

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


GameCell = tuple[str, bool, int]  # (choice id, right, points) of one answer


def game_csv(
    questions: Sequence[Question],
    players: Iterable[tuple[int, str, bool]],  # (participant id, name, removed)
    answers: Mapping[int, Mapping[int, GameCell]],  # participant id → question index → its answer
    ranking: Iterable[Ranked],
) -> str:
    """A game as CSV: one row per phone with its rank, points and, question by question, the letter it chose,
    whether it was right and the points it earned. A removed phone keeps its answers, without a rank."""
    ranks = {r.participant_id: r for r in ranking}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    heads = ["Participant", "Statut", "Rang", "Points", "Bonnes réponses"]
    for number, question in enumerate(questions, start=1):
        heads += [f"Q{number} {question.prompt}", f"Q{number} juste", f"Q{number} points"]
    writer.writerow([_cell(h) for h in heads])
    for participant_id, name, removed in players:
        ranked = ranks.get(participant_id)
        own = answers.get(participant_id, {})
        cells: list[object] = [
            name,
            "retiré" if removed else "classé",
            ranked.rank if ranked and not removed else "",
            sum(points for _, _, points in own.values()),
            sum(1 for _, right, _ in own.values() if right),
        ]
        for index, question in enumerate(questions):
            answer = own.get(index)
            if answer is None:
                cells += ["", "", ""]
                continue
            choice_id, right, points = answer
            position = next((i for i, c in enumerate(question.choices) if c.id == choice_id), -1)
            letter = LETTERS[position] if position >= 0 else ""
            text = question.choices[position].text if position >= 0 else ""
            cells += [f"{letter} · {text}", "oui" if right else "non", points]
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue()
