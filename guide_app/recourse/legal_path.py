"""Where a case stands on the path amicable reminders → mise en demeure → professional → court, what each step
requires, costs and takes, and when the debt becomes time-barred. Pure: texts from content/legal_path.yaml,
figures from content/figures.yaml.

The court step is never offered before the amicable steps are done (at least MIN_REMINDERS reminders and the
mise en demeure sent): it stays locked, with the reason, as it does during a dispute or a running plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from guide_app.cases.limitation import limitation
from guide_app.core.content import CONTENT_DIR, ContentError, Figure, figures
from guide_app.core.parse import parse_amount

MIN_REMINDERS = 2

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
StepId = Literal["relances", "mise_en_demeure", "professionnel", "judiciaire"]
Status = Literal["fait", "en_cours", "a_faire", "plus_tard"]
STATUS_LABELS: dict[str, str] = {"fait": "fait", "en_cours": "en cours", "a_faire": "à faire", "plus_tard": "plus tard"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Alternative(_Strict):
    title: Text
    text: Text
    figures: tuple[str, ...] = ()
    source: Text


class StepText(_Strict):
    id: StepId
    title: Text
    requires: Text
    cost: Text
    delay: Text
    document: Text
    figures: tuple[str, ...] = ()
    source: Text
    alternative: Alternative | None = None


class PathText(_Strict):
    steps: tuple[StepText, ...]
    locked_reason: Text
    dispute_reason: Text
    plan_reason: Text


@cache
def path_text() -> PathText:
    raw = yaml.safe_load((CONTENT_DIR / "legal_path.yaml").read_text(encoding="utf-8"))
    text = PathText.model_validate(raw)
    if [s.id for s in text.steps] != ["relances", "mise_en_demeure", "professionnel", "judiciaire"]:
        raise ContentError("legal_path.yaml: the four steps, in order")
    known = figures()
    for step in text.steps:
        ids = list(step.figures) + (list(step.alternative.figures) if step.alternative else [])
        if missing := [i for i in ids if i not in known]:
            raise ContentError(f"legal_path.yaml: {step.id}: unknown figures {missing}")
    return text


@dataclass(frozen=True)
class CaseFacts:
    amount_due: Decimal
    limitation_on: date  # the first unpaid invoice's last day before prescription (cases.limitation)
    today: date
    reminders_done: int  # amicable reminders sent or done
    formal_notice_on: date | None  # when the mise en demeure left
    escalation: str  # "" none, or the cascade's status: en_cours | recouvre | epuise | retire
    plan_active: bool
    disputed: bool
    professional_cost: str = ""  # "≈ 240 € au résultat avec X", from the recommendation
    acknowledged: str = ""  # the debtor's acknowledgment that restarted it ("paiement partiel du 12/03/2026")
    debtor_kind: str = "professionnel"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    status: Status
    requires: str
    cost: str
    delay: str
    document: str
    source: str
    figures: tuple[Figure, ...]
    locked_reason: str = ""
    alternative: Alternative | None = None


@dataclass(frozen=True)
class LegalPath:
    steps: tuple[Step, ...]
    limitation_on: date
    limitation_text: str
    limitation_urgent: bool
    court_open: bool  # the court step may be taken now


def small_debts_threshold() -> Decimal:
    return parse_amount(figures()["small_debts_threshold"].value)


def legal_path(facts: CaseFacts) -> LegalPath:
    text = path_text()
    by_id = {s.id: s for s in text.steps}
    known = figures()
    amicable_done = facts.reminders_done >= MIN_REMINDERS or facts.formal_notice_on is not None
    notice_done = facts.formal_notice_on is not None
    escalated = facts.escalation != ""
    pro_done = facts.escalation in ("recouvre", "epuise", "retire")
    deadline = facts.limitation_on
    limitation_line, urgent = limitation(deadline, facts.today, acknowledged=facts.acknowledged, kind=facts.debtor_kind)
    expired = facts.today > deadline

    court_reason = ""
    if facts.disputed:
        court_reason = text.dispute_reason
    elif facts.plan_active:
        court_reason = text.plan_reason
    elif not (amicable_done and notice_done):
        court_reason = text.locked_reason
    elif expired:
        court_reason = limitation_line
    court_open = court_reason == ""

    statuses: dict[StepId, Status] = {
        "relances": "fait" if amicable_done else "en_cours",
        "mise_en_demeure": "fait" if notice_done else ("a_faire" if amicable_done else "plus_tard"),
        "professionnel": (
            "fait" if pro_done else "en_cours" if escalated else "a_faire" if notice_done else "plus_tard"
        ),
        "judiciaire": "a_faire" if court_open else "plus_tard",
    }
    steps = []
    for step_id, status in statuses.items():
        source = by_id[step_id]
        cost = source.cost
        if step_id == "professionnel" and facts.professional_cost:
            cost = f"{cost} Sur ce dossier : {facts.professional_cost}."
        alternative = source.alternative if facts.amount_due <= small_debts_threshold() else None
        steps.append(
            Step(
                id=step_id,
                title=source.title,
                status=status,
                requires=source.requires,
                cost=cost,
                delay=source.delay,
                document=source.document,
                source=source.source,
                figures=tuple(known[i] for i in source.figures + (alternative.figures if alternative else ())),
                locked_reason=court_reason if step_id == "judiciaire" else "",
                alternative=alternative,
            )
        )
    return LegalPath(tuple(steps), deadline, limitation_line, urgent, court_open)


def current_step(path: LegalPath) -> Step:
    """The first step not done yet (the last one when everything is done)."""
    return next((s for s in path.steps if s.status != "fait"), path.steps[-1])
