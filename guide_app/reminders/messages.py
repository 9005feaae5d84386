"""The default texts of the reminder steps (content/messages.yaml), validated once per process.

Every text must pass check_template: a broken or non-compliant default fails at load (and in a test),
never in front of a user.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from guide_app.core.content import CONTENT_DIR, ContentError
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
