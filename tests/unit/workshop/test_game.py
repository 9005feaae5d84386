"""The game's pure rules: questions, steps, points, ranking, and the refusals of its settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guide_app.quiz.bank import quizzes
from guide_app.workshop import game
from guide_app.workshop.game import Score


def test_every_chapter_with_a_quiz_can_be_played_in_the_guide_s_order():
    assert game.chapter_slugs() == ("ou-en-etes-vous", "recouvrement-en-ligne", "automatiser-relances", "externaliser")
    assert all(game.chapter_title(slug) for slug in game.chapter_slugs())


def test_questions_come_from_the_chosen_chapters_and_a_mix_is_the_same_for_everyone():
    chosen = "externaliser,automatiser-relances"
    ordered = game.game_questions(chosen, mixed=False, seed=7)
    assert [q.chapter for q in ordered] == ["externaliser"] * len(quizzes()["externaliser"].questions) + [
        "automatiser-relances"
    ] * len(quizzes()["automatiser-relances"].questions)
    mixed = game.game_questions(chosen, mixed=True, seed=7)
    assert mixed == game.game_questions(chosen, mixed=True, seed=7)  # every phone and worker agree
    assert sorted(q.question.id for q in mixed) == sorted(q.question.id for q in ordered)
    assert mixed != ordered or game.game_questions(chosen, mixed=True, seed=8) != ordered
    assert game.game_questions("inconnu,externaliser", mixed=False, seed=1) == game.game_questions(
        "externaliser", mixed=False, seed=1
    )


@pytest.mark.parametrize(
    ("correct", "left_ms", "expected"),
    [
        (True, 20_000, 1000),  # at once: all the speed bonus
        (True, 10_000, 750),  # at half time: half of it
        (True, 0, 500),
        (True, 25_000, 1000),  # never more than the full bonus
        (True, -300, 500),
        (False, 20_000, 0),
    ],
)
def test_points_follow_the_rule_stated_on_screen(correct, left_ms, expected):
    assert game.points(correct=correct, left_ms=left_ms, total_ms=20_000) == expected
    assert "500 points" in game.POINTS_RULE and "mi-temps" in game.POINTS_RULE


def test_the_room_moves_step_by_step_to_the_podium():
    assert game.next_step("lobby", -1, 3) == ("question", 0)
    assert game.next_step("question", 0, 3) == ("closed", 0)
    assert game.next_step("closed", 0, 3) == ("reveal", 0)
    assert game.next_step("reveal", 0, 3) == ("board", 0)
    assert game.next_step("board", 0, 3) == ("question", 1)
    assert game.next_step("board", 2, 3) == ("podium", 2)
    assert game.next_step("podium", 2, 3) is None
    assert game.next_label("board", 2, 3) == "Afficher le podium"
    assert game.next_label("board", 1, 3) == "Question suivante"


def test_a_countdown_that_ran_out_is_a_closed_question():
    now = datetime(2026, 12, 6, 10, tzinfo=UTC)
    assert game.effective_phase("question", now + timedelta(seconds=1), now) == "question"
    assert game.effective_phase("question", now, now) == "closed"
    assert game.effective_phase("question", None, now) == "question"  # paused
    assert game.effective_phase("reveal", now - timedelta(hours=1), now) == "reveal"


def test_ranking_most_points_first_then_the_fastest_and_equal_ones_share_a_rank():
    ranked = game.ranking(
        [
            Score(1, "Alice", 1500, 2, 30_000),
            Score(2, "Bruno", 1800, 2, 35_000),
            Score(3, "Chloé", 1500, 2, 30_000),
            Score(4, "David", 1500, 2, 31_000),
            Score(5, "Émile", 0, 0, 0),
        ]
    )
    assert [(r.rank, r.name) for r in ranked] == [(1, "Bruno"), (2, "David"), (3, "Alice"), (3, "Chloé"), (5, "Émile")]


@pytest.mark.parametrize("value", ["10", "60", " 30 ", 45])
def test_seconds_from_10_to_60(value):
    assert game.parse_seconds(value) == (int(str(value).strip()), "")


@pytest.mark.parametrize("value", ["9", "61", "-20", "0", "", "vingt", "1e3", "<script>", None, True, [20], 10**30])
def test_other_seconds_are_refused_in_french(value):
    assert game.parse_seconds(value) == (None, "La durée d'une question va de 10 à 60 secondes.")


def test_chapters_are_stored_in_the_guide_s_order_and_unknown_ones_refused():
    assert game.parse_chapters(["externaliser", "ou-en-etes-vous"]) == ("ou-en-etes-vous,externaliser", "")
    assert game.parse_chapters([]) == (None, "Choisissez au moins un chapitre.")
    assert game.parse_chapters(["", None, 3]) == (None, "Choisissez au moins un chapitre.")
    assert game.parse_chapters(["externaliser", "../etc"]) == (None, "Ce chapitre n'existe pas.")
    assert game.field_name("ou-en-etes-vous") == "chapitre_ou_en_etes_vous"


def test_every_option_has_a_letter_and_a_shape_not_only_a_colour():
    most = max(len(q.choices) for quiz in quizzes().values() for q in quiz.questions)
    assert len(game.LETTERS) >= most and len(game.SHAPES) >= most and len(set(game.SHAPES)) == len(game.SHAPES)
