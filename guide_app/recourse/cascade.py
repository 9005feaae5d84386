"""Circular collection ("recouvrement circulaire"): a case handed to up to three professionals in order; when
one fails, or has no result by the agreed delay, the next one gets the case with the same evidence bundle.

A pure state machine on frozen dataclasses. Each transition returns the new cascade and the French lines
the case's timeline shows. Invariant: at most one professional holds the case at any time, and none once
the cascade has ended (recovered, exhausted after the last failure, or withdrawn).

    hand-over:  en_attente ─(turn comes)→ en_cours ─(partial)→ recouvre_partiellement ─┐
                                             │  └──────────────────────────────────────┤
                                             ├─(recovered)→ recouvre      (cascade: recouvre)
                                             ├─(failed)→ echec ─────────┐
                                             ├─(delay over)→ sans_resultat ─┴→ next en_cours, or cascade: epuise
                                             └─(withdrawn)→ retire        (cascade: retire; waiting ones too)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from guide_app.core.format import day, money

MAX_PROFESSIONALS = 3

HandoverStatus = Literal[
    "en_attente", "en_cours", "recouvre_partiellement", "recouvre", "echec", "sans_resultat", "retire"
]
CascadeStatus = Literal["en_cours", "recouvre", "epuise", "retire"]
HOLDING: frozenset[str] = frozenset({"en_cours", "recouvre_partiellement"})  # the professional has the case

HANDOVER_LABELS: dict[str, str] = {
    "en_attente": "en attente",
    "en_cours": "en cours",
    "recouvre_partiellement": "recouvré en partie",
    "recouvre": "recouvré",
    "echec": "échec",
    "sans_resultat": "sans résultat dans le délai",
    "retire": "repris",
}
CASCADE_LABELS: dict[str, str] = {
    "en_cours": "en cours",
    "recouvre": "recouvré",
    "epuise": "terminé sans succès",
    "retire": "repris par vous",
}
_ORDINALS = ("1er", "2e", "3e")


class CascadeError(ValueError):
    """A transition that the cascade's current state does not allow."""


@dataclass(frozen=True)
class Handover:
    professional_id: str
    name: str
    agreed_delay_days: int
    status: HandoverStatus = "en_attente"
    started_on: date | None = None
    ended_on: date | None = None
    recovered: Decimal = Decimal(0)

    @property
    def deadline(self) -> date | None:
        return self.started_on + timedelta(days=self.agreed_delay_days) if self.started_on else None


@dataclass(frozen=True)
class Cascade:
    handovers: tuple[Handover, ...]
    status: CascadeStatus = "en_cours"

    @property
    def current(self) -> int | None:
        """Index of the professional holding the case, if any."""
        return next((i for i, h in enumerate(self.handovers) if h.status in HOLDING), None)

    @property
    def recovered(self) -> Decimal:
        return sum((h.recovered for h in self.handovers), Decimal(0))

    @property
    def finished(self) -> bool:
        return self.status != "en_cours"


@dataclass(frozen=True)
class Transition:
    cascade: Cascade
    events: tuple[str, ...]


def _position(index: int, count: int) -> str:
    return f"{_ORDINALS[index]} professionnel sur {count}"


def start(choices: Sequence[tuple[str, str, int]], *, today: date) -> Transition:
    """(professional id, name, agreed delay in days) for 1 to 3 distinct professionals, in the order chosen."""
    if not 1 <= len(choices) <= MAX_PROFESSIONALS:
        raise CascadeError(f"Choisissez de 1 à {MAX_PROFESSIONALS} professionnels.")
    if len({pro_id for pro_id, _, _ in choices}) != len(choices):
        raise CascadeError("Un même professionnel ne peut être choisi deux fois.")
    handovers = tuple(Handover(pro_id, name, delay) for pro_id, name, delay in choices)
    first = replace(handovers[0], status="en_cours", started_on=today)
    cascade = Cascade((first, *handovers[1:]))
    deadline = first.deadline
    assert deadline is not None
    return Transition(
        cascade,
        (
            f"Dossier confié à {first.name} ({_position(0, len(handovers))}), mandat du {day(today)} ; "
            f"résultat attendu d'ici le {day(deadline)}.",
        ),
    )


def _holder(cascade: Cascade) -> int:
    index = cascade.current
    if cascade.finished or index is None:
        raise CascadeError("Aucun professionnel ne détient le dossier.")
    return index


def _with(cascade: Cascade, index: int, handover: Handover, status: CascadeStatus | None = None) -> Cascade:
    handovers = (*cascade.handovers[:index], handover, *cascade.handovers[index + 1 :])
    return Cascade(handovers, status or cascade.status)


def report_partial(cascade: Cascade, *, amount: Decimal, today: date) -> Transition:
    index = _holder(cascade)
    if amount <= 0:
        raise CascadeError("Le montant recouvré doit être positif.")
    held = cascade.handovers[index]
    updated = replace(held, status="recouvre_partiellement", recovered=held.recovered + amount)
    return Transition(
        _with(cascade, index, updated),
        (f"{held.name} a recouvré {money(amount)} ; le dossier reste chez ce professionnel pour le solde.",),
    )


def report_recovered(cascade: Cascade, *, amount: Decimal, today: date) -> Transition:
    """The professional recovered the rest (`amount`): the cascade ends, recovered."""
    index = _holder(cascade)
    if amount < 0:
        raise CascadeError("Le montant recouvré ne peut pas être négatif.")
    held = cascade.handovers[index]
    updated = replace(held, status="recouvre", recovered=held.recovered + amount, ended_on=today)
    return Transition(
        _with(cascade, index, updated, "recouvre"),
        (f"{held.name} a recouvré {money(amount)} : la créance est réglée, le recouvrement s'arrête.",),
    )


def _move_on(cascade: Cascade, index: int, ended: Handover, first_line: str, today: date) -> Transition:
    following = index + 1 if index + 1 < len(cascade.handovers) else None
    if following is None:
        return Transition(
            _with(cascade, index, ended, "epuise"),
            (
                first_line,
                "Aucun autre professionnel n'était prévu : le recouvrement circulaire s'arrête. Reste la voie "
                "judiciaire (injonction de payer), après la mise en demeure.",
            ),
        )
    after = _with(cascade, index, ended)
    nxt = replace(after.handovers[following], status="en_cours", started_on=today)
    deadline = nxt.deadline
    assert deadline is not None
    return Transition(
        _with(after, following, nxt),
        (
            first_line,
            f"Dossier transmis automatiquement à {nxt.name} ({_position(following, len(after.handovers))}), avec le "
            f"même dossier de preuves ; résultat attendu d'ici le {day(deadline)}.",
        ),
    )


def report_failed(cascade: Cascade, *, today: date) -> Transition:
    index = _holder(cascade)
    held = cascade.handovers[index]
    ended = replace(held, status="echec", ended_on=today)
    return _move_on(cascade, index, ended, f"{held.name} : échec du recouvrement.", today)


def expire(cascade: Cascade, *, today: date) -> Transition | None:
    """When the holder's agreed delay is over without full recovery, the case moves on; None otherwise."""
    if cascade.finished or cascade.current is None:
        return None
    index = cascade.current
    held = cascade.handovers[index]
    if held.deadline is None or today <= held.deadline:
        return None
    ended = replace(held, status="sans_resultat", ended_on=today)
    line = f"{held.name} : pas de résultat complet dans le délai convenu de {held.agreed_delay_days} jours."
    return _move_on(cascade, index, ended, line, today)


def withdraw(cascade: Cascade, *, today: date, why: str) -> Transition:
    """The creditor takes the case back (paid directly, agreement found…): nobody holds it any more."""
    if cascade.finished:
        raise CascadeError("Le recouvrement est déjà terminé.")
    index = cascade.current
    handovers = tuple(
        replace(h, status="retire", ended_on=today) if h.status in HOLDING or h.status == "en_attente" else h
        for h in cascade.handovers
    )
    name = cascade.handovers[index].name if index is not None else "le professionnel"
    return Transition(Cascade(handovers, "retire"), (f"Dossier repris à {name} : {why}.",))


def check(cascade: Cascade) -> None:
    """The invariants; raises AssertionError (used by tests and before every write)."""
    holding = [h for h in cascade.handovers if h.status in HOLDING]
    assert len(holding) <= 1, "two professionals hold the case"
    assert not (cascade.finished and holding), "a finished cascade is held"
    assert cascade.finished or holding, "an open cascade nobody holds"
    ids = [h.professional_id for h in cascade.handovers]
    assert len(ids) == len(set(ids)) and 1 <= len(ids) <= MAX_PROFESSIONALS
    seen_waiting = False
    for handover in cascade.handovers:
        if handover.status == "en_attente":
            seen_waiting = True
        else:
            assert not seen_waiting, "a professional got the case before an earlier one"
