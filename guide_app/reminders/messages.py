"""The default texts of the reminder steps (content/messages.yaml), validated once per process.

Every text must pass check_template: a broken or non-compliant default fails at load (and in a test),
never in front of a user.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from guide_app.core.content import CONTENT_DIR, ContentError
from guide_app.reminders.steps import ScenarioStep
from guide_app.reminders.templates import check_template


class DefaultMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


@cache
def default_messages() -> dict[str, DefaultMessage]:
    raw = yaml.safe_load((CONTENT_DIR / "messages.yaml").read_text(encoding="utf-8"))
    items = [DefaultMessage.model_validate(item) for item in raw]
    by_id = {item.id: item for item in items}
    if len(by_id) != len(items):
        raise ContentError("messages.yaml: duplicate message id")
    for item in items:
        errors = check_template(item.subject) + check_template(item.body)
        if errors:
            raise ContentError(f"messages.yaml: {item.id}: {errors}")
    return by_id


CONSUMER_VARIANTS = (
    "derniere_relance",
    "derniere_relance_sms",
    "mise_en_demeure",
    "transmission",
)  # each has an id_particulier


def for_debtor(steps: Sequence[ScenarioStep], kind: str) -> list[ScenarioStep]:
    """The steps as written to this kind of debtor: a consumer gets the consumer variant of a default text (no
    L441-10 penalties, no indemnity: content/messages.yaml); a text the owner changed is kept as written."""
    if kind != "particulier":
        return list(steps)
    messages = default_messages()
    variants = {
        (messages[key].subject, messages[key].body): messages[f"{key}_particulier"] for key in CONSUMER_VARIANTS
    }
    written = []
    for step in steps:
        variant = variants.get((step.subject.strip(), step.body.strip()))
        written.append(step.model_copy(update={"subject": variant.subject, "body": variant.body}) if variant else step)
    return written
