"""A chapter-quiz game in a workshop, as pure rules: which questions, in what order, how a room moves from one
step to the next, how many points an answer earns and how the room ranks.

The room's steps, driven by the advisor: lobby → question (a countdown; answers hidden) → closed → reveal (the right
answer, the distribution, an explanation) → board (the leaderboard) → the next question … → podium. A question
closes by itself when its countdown reaches 0 or when every phone in the room has answered.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from guide_app.core.content import chapter_by_slug, chapters
from guide_app.quiz.bank import Question, quizzes

PHASES = ("lobby", "question", "closed", "reveal", "board", "podium")
SECONDS_MIN, SECONDS_MAX, SECONDS_DEFAULT = 10, 60, 20
SECONDS_CHOICES = (10, 15, 20, 30, 45, 60)

# Each option has a letter and a shape as well as a colour: nothing depends on colour alone.
LETTERS = "ABCDE"
SHAPES = ("▲", "◆", "●", "■", "★")
SHAPE_NAMES = ("triangle", "losange", "rond", "carré", "étoile")

BASE_POINTS = 500  # a right answer
SPEED_POINTS = 500  # at most, for answering at once; half of it at half time
POINTS_RULE = (
    "Bonne réponse : 500 points, plus jusqu'à 500 points de rapidité (tout le bonus en répondant aussitôt, "
    "la moitié à mi-temps). Mauvaise réponse ou pas de réponse : 0 point."
)


@dataclass(frozen=True)
class GameQuestion:
    chapter: str  # the chapter's slug: the reveal links to it
    question: Question


def chapter_slugs() -> tuple[str, ...]:
    """The chapters a game can draw from, in the guide's order (those that have a quiz)."""
    have = quizzes()
    return tuple(chapter.slug for chapter in chapters() if chapter.slug in have)


def field_name(slug: str) -> str:
    """The creation form's checkbox of a chapter: « chapitre_ou_en_etes_vous »."""
    return "chapitre_" + slug.replace("-", "_")


def chapter_title(slug: str) -> str:
    chapter = chapter_by_slug(slug)
    return chapter.title if chapter else ""


def joined(slugs: Iterable[str]) -> str:
    return ",".join(slugs)


def split(stored: str) -> tuple[str, ...]:
    """The stored chapter list, keeping only chapters that still have a quiz."""
    known = set(chapter_slugs())
    return tuple(slug for slug in stored.split(",") if slug in known)


def game_questions(stored_chapters: str, *, mixed: bool, seed: int) -> tuple[GameQuestion, ...]:
    """The game's questions: the chosen chapters' quizzes in the guide's order, or shuffled the same way for every
    phone and every worker (the seed is the room's id)."""
    bank = quizzes()
    listed = [GameQuestion(slug, q) for slug in split(stored_chapters) for q in bank[slug].questions]
    if mixed:
        random.Random(seed).shuffle(listed)
    return tuple(listed)


def points(*, correct: bool, left_ms: int, total_ms: int) -> int:
    """The rule stated on screen (POINTS_RULE): a right answer scores 500 plus a speed bonus proportional to the
    time left; a wrong one scores nothing."""
    if not correct or total_ms <= 0:
        return 0
    share = min(max(left_ms, 0), total_ms) / total_ms
    return BASE_POINTS + round(SPEED_POINTS * share)


def effective_phase(phase: str, deadline: datetime | None, now: datetime) -> str:
    """A question whose countdown ran out is closed, even before anything wrote it so (a lost timer)."""
    if phase == "question" and deadline is not None and now >= deadline:
        return "closed"
    return phase


def next_step(phase: str, index: int, total: int) -> tuple[str, int] | None:
    """Where the advisor's « next » goes from here: (phase, question index), None at the end."""
    if phase == "lobby":
        return ("question", 0) if total > 0 else ("podium", -1)
    if phase == "question":
        return "closed", index
    if phase == "closed":
        return "reveal", index
    if phase == "reveal":
        return "board", index
    if phase == "board":
        return ("question", index + 1) if index + 1 < total else ("podium", index)
    return None


NEXT_LABELS = {
    "lobby": "Lancer la première question",
    "question": "Clore la question",
    "closed": "Révéler la réponse",
    "reveal": "Afficher le classement",
    "board": "Question suivante",
}
LAST_BOARD_LABEL = "Afficher le podium"

PHASE_LABELS = {
    "lobby": "Salle d'attente",
    "question": "Question en cours",
    "closed": "Réponses closes",
    "reveal": "Réponse révélée",
    "board": "Classement",
    "podium": "Podium",
}


def next_label(phase: str, index: int, total: int) -> str:
    if phase == "board" and index + 1 >= total:
        return LAST_BOARD_LABEL
    return NEXT_LABELS.get(phase, "")


@dataclass(frozen=True)
class Score:
    participant_id: int
    name: str
    points: int
    right: int
    left_ms: int  # the time left summed over right answers: the faster, the higher; it breaks ties


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1, 2, 2, 4…: equal points and equal speed share a rank
    participant_id: int
    name: str
    points: int
    right: int


def ranking(scores: Sequence[Score]) -> list[Ranked]:
    """Most points first; equal points, the faster first; still equal, the same rank (then by name, for a stable
    order on every screen)."""
    ordered = sorted(scores, key=lambda s: (-s.points, -s.left_ms, s.name, s.participant_id))
    ranked: list[Ranked] = []
    for position, score in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        same = previous is not None and (previous.points, previous.left_ms) == (score.points, score.left_ms)
        rank = ranked[-1].rank if same else position
        ranked.append(Ranked(rank, score.participant_id, score.name, score.points, score.right))
    return ranked


def parse_seconds(value: object) -> tuple[int | None, str]:
    """(seconds, "") or (None, the French refusal): 10 to 60 seconds."""
    if isinstance(value, bool):
        return None, "La durée d'une question va de 10 à 60 secondes."
    try:
        seconds = int(str(value).strip())
    except ValueError:
        return None, "La durée d'une question va de 10 à 60 secondes."
    if not SECONDS_MIN <= seconds <= SECONDS_MAX:
        return None, "La durée d'une question va de 10 à 60 secondes."
    return seconds, ""


def parse_chapters(values: Iterable[object]) -> tuple[str | None, str]:
    """(the stored chapter list, "") or (None, the French refusal): at least one known chapter, none unknown."""
    known = chapter_slugs()
    chosen = [value for value in values if isinstance(value, str) and value]
    if not chosen:
        return None, "Choisissez au moins un chapitre."
    if any(slug not in known for slug in chosen):
        return None, "Ce chapitre n'existe pas."
    return joined(slug for slug in known if slug in chosen), ""
