"""What a game shows (the big screen, the remote, each phone) as plain dataclasses, from one snapshot of the room.

The right answer leaves the server only at the reveal: before it, every option says correct=False."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from guide_app.core import routes
from guide_app.core.format import number
from guide_app.workshop import game
from guide_app.workshop.game_store import GameNow

REVEALED = ("reveal", "board", "podium")
BOARD_SIZE = 10


@dataclass
class GameOption:
    id: str
    letter: str
    shape: str
    text: str
    label: str  # read aloud: « Réponse A, triangle : … »
    count: int = 0
    percent: int = 0
    correct: bool = False


@dataclass
class BoardLine:
    rank: int
    name: str
    points: str  # « 1 234 » (French thousands)
    right: int


@dataclass
class GameQuestionView:
    number: int = 0
    chapter_title: str = ""
    chapter_href: str = ""
    prompt: str = ""
    explanation: str = ""
    right_letter: str = ""
    right_text: str = ""
    options: list[GameOption] = field(default_factory=list)


def question_view(question: game.GameQuestion, now: GameNow) -> GameQuestionView:
    revealed = now.phase in REVEALED
    choices = question.question.choices
    options = []
    for position, choice in enumerate(choices):
        count = now.distribution.get(choice.id, 0) if revealed else 0
        options.append(
            GameOption(
                id=choice.id,
                letter=game.LETTERS[position],
                shape=game.SHAPES[position],
                text=choice.text,
                label=f"Réponse {game.LETTERS[position]}, {game.SHAPE_NAMES[position]} : {choice.text}",
                count=count,
                percent=round(100 * count / now.answered) if revealed and now.answered else 0,
                correct=revealed and choice.correct,
            )
        )
    right = next(o for o in options if o.id == question.question.correct_choice.id)
    return GameQuestionView(
        number=now.index + 1,
        chapter_title=game.chapter_title(question.chapter),
        chapter_href=routes.chapter(question.chapter),
        prompt=question.question.prompt,
        explanation=question.question.explanation if revealed else "",
        right_letter=right.letter if revealed else "",
        right_text=right.text if revealed else "",
        options=options,
    )


def board(now: GameNow, size: int = BOARD_SIZE) -> list[BoardLine]:
    return [BoardLine(r.rank, r.name, number(r.points), r.right) for r in now.ranking[:size]]


def left_ms(now: GameNow, at: datetime) -> int:
    """Milliseconds left on the countdown at this moment (paused: the time kept): each browser runs its countdown
    from this, so phones end together to within their delivery times."""
    if now.phase != "question":
        return 0
    if now.deadline is None:
        return now.left_ms
    return max(0, int((now.deadline - at).total_seconds() * 1000))


def clock_key(now: GameNow) -> str:
    """Changes when a countdown starts again (an opening, a reset, a resume): the browser restarts its animation."""
    deadline = int(now.deadline.timestamp() * 1000) if now.deadline else 0
    return f"{now.round_}-{deadline}"


def rank_line(rank: int, players: int, points: int) -> str:
    """A phone's own place: « 2e sur 12 · 1 450 points »."""
    place = "1er" if rank == 1 else f"{rank}e"
    return f"{place} sur {players} · {number(points)} point{'s' if points > 1 else ''}"


@dataclass(frozen=True)
class PhoneRoom:
    """What every phone of one push shares, computed once for the room (a thousand phones, one ranking)."""

    now: GameNow
    question: GameQuestionView
    top: list[BoardLine]  # the podium's 3 at the end, else the first 5
    ranks: dict[int, game.Ranked]  # participant id → its place


def phone_room(questions: tuple[game.GameQuestion, ...], now: GameNow) -> PhoneRoom:
    current = questions[now.index] if 0 <= now.index < len(questions) else None
    return PhoneRoom(
        now=now,
        question=question_view(current, now) if current is not None else GameQuestionView(),
        top=board(now, 3 if now.phase == "podium" or now.finished else 5),
        ranks={r.participant_id: r for r in now.ranking},
    )
