"""A scenario step, and the validation of steps typed by the user (French errors per step and field).

A step's day is relative to the due date (J−7 = 7 days before, J+30 = 30 days after); schedule.py
turns steps into dated actions on business days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from guide_app.cases.risk import CHANNEL_LABELS, CHANNELS_WITH_SUBJECT, Channel, Tone
from guide_app.core.format import number
from guide_app.core.parse import InputError, parse_whole, visible_text
from guide_app.reminders.templates import check_template

MIN_OFFSET, MAX_OFFSET = -30, 180
MAX_NAME, MAX_SUBJECT, MAX_BODY = 60, 150, 2000
MAX_STEPS = 20


class ScenarioStep(BaseModel):
    """One action of a scenario; subject and body are templates (templates.py), checked on creation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
    offset_days: int = Field(ge=MIN_OFFSET, le=MAX_OFFSET)
    channel: Channel
    tone: Tone
    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_SUBJECT)] = ""
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_BODY)]

    @model_validator(mode="after")
    def _complete_and_lawful(self) -> ScenarioStep:
        if self.channel in CHANNELS_WITH_SUBJECT and not self.subject:
            raise ValueError(f"a {self.channel} step needs a subject")
        errors = check_template(self.subject) + check_template(self.body)
        if errors:
            raise ValueError(errors[0])
        return self


def days_label(offset: int) -> str:
    """-7 → "J−7", 3 → "J+3", 0 → "J+0" (the due date)."""
    return f"J{offset:+d}".replace("-", "−")


def sort_steps(steps: Sequence[ScenarioStep]) -> list[ScenarioStep]:
    """By day; on the same day, in the given order (the sort is stable)."""
    return sorted(steps, key=lambda step: step.offset_days)


_UNREADABLE = "Valeur illisible : ressaisissez ce champ."


def _text(raw: object, *, label: str, maximum: int, required: str | None) -> tuple[str, str | None]:
    """(stripped text, French error or None)."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        return "", _UNREADABLE
    try:
        text = visible_text(raw, field=label, multiline=True).strip()
    except InputError as error:
        return "", str(error)
    if not text and required:
        return text, required
    if len(text) > maximum:
        return text, f"{label} ne doit pas dépasser {number(maximum)} caractères."
    return text, None


def _offset(raw: object) -> tuple[int, str | None]:
    if isinstance(raw, bool):
        return 0, _UNREADABLE
    if isinstance(raw, str):
        raw = raw.strip().upper().removeprefix("J").replace("−", "-")  # "J−7" as shown in the app
    try:
        offset = parse_whole(raw, field="Le jour de l'action", minimum=-(10**6), maximum=10**6)
    except InputError:
        return 0, "Indiquez le jour en nombre de jours par rapport à l'échéance, par exemple -7 ou 10."
    if not MIN_OFFSET <= offset <= MAX_OFFSET:
        return offset, (
            f"Choisissez un jour entre {days_label(MIN_OFFSET)} ({-MIN_OFFSET} jours avant l'échéance) "
            f"et {days_label(MAX_OFFSET)}."
        )
    return offset, None


def _choice(raw: object, options: type[Channel] | type[Tone]) -> str | None:
    """The value when it is one of the options, else None (whatever was sent, even a list)."""
    return raw if isinstance(raw, str) and raw in {option.value for option in options} else None


def _step_errors(raw: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """The cleaned values of one step and its errors by field."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def keep(field: str, value: object, error: str | None) -> None:
        values[field] = value
        if error:
            errors[field] = error

    keep("name", *_text(raw.get("name"), label="Le nom", maximum=MAX_NAME, required="Donnez un nom à cette étape."))
    keep("offset_days", *_offset(raw.get("offset_days")))
    channel = _choice(raw.get("channel"), Channel)
    keep("channel", channel, None if channel else "Choisissez un canal dans la liste.")
    tone = _choice(raw.get("tone"), Tone)
    keep("tone", tone, None if tone else "Choisissez un ton dans la liste.")
    subject_needed = None
    if channel in CHANNELS_WITH_SUBJECT:
        subject_needed = f"L'objet est obligatoire pour ce canal ({CHANNEL_LABELS[Channel(channel)]})."
    subject, error = _text(raw.get("subject"), label="L'objet", maximum=MAX_SUBJECT, required=subject_needed)
    keep("subject", subject, error or " ".join(check_template(subject)))
    body, error = _text(raw.get("body"), label="Le message", maximum=MAX_BODY, required="Le message est obligatoire.")
    keep("body", body, error or " ".join(check_template(body)))
    return values, errors


def validate_steps(
    raw_steps: Sequence[Mapping[str, object] | ScenarioStep],
) -> tuple[list[ScenarioStep], dict[int, dict[str, str]]]:
    """(steps sorted by day, {}) when every step is valid, else ([], {index of the step: {field: error}}).

    Accepts what a form sends (strings or numbers) as well as ScenarioStep objects. Two steps on the same
    day and channel are refused (the later one carries the error).
    """
    errors: dict[int, dict[str, str]] = {}
    cleaned: list[dict[str, object]] = []
    seen: set[tuple[object, object]] = set()
    for index, raw in enumerate(raw_steps):
        if index == MAX_STEPS:
            errors[index] = {"name": f"Un scénario compte au plus {MAX_STEPS} étapes : supprimez les dernières."}
            break
        if not isinstance(raw, ScenarioStep | Mapping):
            errors[index] = {"name": _UNREADABLE}
            continue
        values, step_errors = _step_errors(raw.model_dump() if isinstance(raw, ScenarioStep) else raw)
        key = (values["offset_days"], values["channel"])
        if "offset_days" not in step_errors and "channel" not in step_errors and key in seen:
            step_errors["offset_days"] = (
                f"Une autre étape utilise déjà ce canal le même jour ({days_label(int(str(key[0])))}) : "
                "regroupez-les ou changez de jour."
            )
        seen.add(key)
        cleaned.append(values)
        if step_errors:
            errors[index] = step_errors
    if errors:
        return [], errors
    return sort_steps([ScenarioStep.model_validate(values) for values in cleaned]), {}
