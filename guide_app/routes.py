"""Every URL of the app, in one place. Shared links depend on them: change none lightly."""

from __future__ import annotations

HOME = "/"
DIAGNOSTIC = "/diagnostic"
SIMULATORS = "/simulateurs"
NOT_FOUND = "404"


def chapter(slug: str) -> str:
    return f"/chapitres/{slug}"


def chapter_quiz(slug: str) -> str:
    return f"/chapitres/{slug}/quiz"


def all_routes(chapter_slugs: list[str]) -> list[str]:
    fixed = [HOME, DIAGNOSTIC, SIMULATORS, NOT_FOUND]
    return fixed + [chapter(s) for s in chapter_slugs] + [chapter_quiz(s) for s in chapter_slugs]
