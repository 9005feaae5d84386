"""Chapter-quiz games through their real states and a real SQLite database: the advisor's moves (screen and remote
share one state), the phones' answers, points, ranking, pause, reset, removal, and every refusal.

Pushes to phones need the running app (the browser journey covers them): here a phone rebuilds its screen from
the database as it does on every reconnect (ParticipantState.load)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import reflex as rx
from sqlmodel import select

from guide_app.core import clock, routes
from guide_app.models import GameAnswer, Workshop, WorkshopParticipant
from guide_app.quiz.bank import quizzes
from guide_app.workshop import game, game_store
from guide_app.workshop.advisor_state import AdvisorSpaceState
from guide_app.workshop.phone_state import ParticipantState
from guide_app.workshop.screen_state import ScreenState
from tests.integration.owners import sub
from tests.integration.rooms import _at, _csv, _phone, _signed_in, _space

CHAPTERS = ("automatiser-relances", "externaliser")


def _form(**changes: str) -> dict[str, str]:
    form = {"title": "Jeu de l'après-midi", "held_on": "2026-12-10", "mode": "self_paced", "content": "jeu"}
    form |= {game.field_name(slug): "on" for slug in CHAPTERS}
    form |= {"seconds": "20", **changes}
    return form


def _new_game(root, **changes: str) -> Workshop:
    space = _space(root)
    assert AdvisorSpaceState.create.fn(space, _form(**changes)) is not None and space.errors == {}
    with rx.session() as session:
        return session.exec(
            select(Workshop).where(Workshop.advisor_id == space._user_id).order_by(Workshop.id.desc())
        ).first()


def _remote(root, workshop_id: int) -> ScreenState:
    remote = sub(root, ScreenState)
    _at(remote, routes.advisor_workshop_remote(workshop_id))
    ScreenState.load.fn(remote)
    return remote


def _joined(new_browser, code: str, pseudonym: str) -> ParticipantState:
    phone = _phone(new_browser, code)
    assert phone.view == "join" and phone.game  # the join screen says it is a game
    ParticipantState.join.fn(phone, {"pseudonym": pseudonym})
    assert phone.view == "game", phone.view
    return phone


def _next(remote: ScreenState) -> None:
    ScreenState.game_next.fn(remote, remote.g_seen)


def _right(phone: ParticipantState) -> str:
    """The right choice of the phone's question, read from the content (the phone is never told before the reveal)."""
    wanted = phone.g_question.prompt
    for quiz in quizzes().values():
        for question in quiz.questions:
            if question.prompt == wanted:
                return question.correct_choice.id
    raise AssertionError(wanted)


def _wrong(phone: ParticipantState) -> str:
    return next(o.id for o in phone.g_question.options if o.id != _right(phone))


def _answers(workshop_id: int) -> list[GameAnswer]:
    with rx.session() as session:
        return list(session.exec(select(GameAnswer).where(GameAnswer.workshop_id == workshop_id)).all())


def _room(workshop_id: int) -> Workshop:
    with rx.session() as session:
        return session.get(Workshop, workshop_id)


def test_an_advisor_creates_a_game_and_bad_settings_are_refused_in_french(new_browser):
    root = _signed_in(new_browser, "jeu-creation@ws.fr")
    space = _space(root)
    for bad, field in (
        ({game.field_name(slug): "" for slug in CHAPTERS}, "chapters"),
        ({"seconds": "5"}, "seconds"),
        ({"seconds": "-20"}, "seconds"),
        ({"seconds": "99999999999999999999"}, "seconds"),
        ({"seconds": "<script>alert(1)</script>"}, "seconds"),
        ({"content": "kahoot"}, "content"),
    ):
        AdvisorSpaceState.create.fn(space, _form(**bad))
        assert field in space.errors, bad
        assert "<script" not in space.errors[field]
    AdvisorSpaceState.create.fn(
        space,
        {**_form(), game.field_name("inconnu"): "on"} | dict.fromkeys([game.field_name(slug) for slug in CHAPTERS], ""),
    )
    assert space.errors.get("chapters") == "Choisissez au moins un chapitre."
    with rx.session() as session:
        assert session.exec(select(Workshop).where(Workshop.advisor_id == space._user_id)).all() == []

    room = _new_game(root, melange="on", seconds="30")
    assert (room.content, room.mode, room.game_chapters, room.game_seconds, room.game_mixed) == (
        "jeu",
        "live",
        ",".join(CHAPTERS),
        30,
        True,
    )
    wanted = [q.id for slug in CHAPTERS for q in quizzes()[slug].questions]
    assert sorted(q.question.id for q in game_store.questions_of(room)) == sorted(wanted)
    assert [q.question.id for q in game_store.questions_of(room)] == [
        q.question.id for q in game_store.questions_of(room)
    ]  # the same order on every read (phones, screen, workers)
    space = _space(root)
    assert any(card.mode == "Jeu-quiz des chapitres" for card in space.workshops)


def test_a_game_from_lobby_to_podium(new_browser):
    root = _signed_in(new_browser, "jeu-salle@ws.fr")
    room = _new_game(root)
    remote = _remote(root, room.id)
    assert remote.found and remote.game and remote.g_phase == "lobby"
    assert remote.g_next_label == "Lancer la première question"

    alice, bruno = _joined(new_browser, room.code, "Alice"), _joined(new_browser, room.code, "Bruno")
    assert alice.g_phase == "lobby" and "500 points" in alice.points_rule
    _next(remote)
    assert remote.g_phase == "question" and remote.g_question.number == 1 and remote.g_left_ms > 19_000
    for phone in (alice, bruno):
        ParticipantState.load.fn(phone)
        assert phone.g_phase == "question" and 18_000 < phone.g_left_ms <= 20_000
        # the right answer does not leave the server before the reveal
        assert not any(option.correct for option in phone.g_question.options)
        assert phone.g_question.explanation == "" and phone.g_question.right_letter == ""
        assert '"correct": true' not in json.dumps(phone.dict(), default=str)

    ParticipantState.game_answer.fn(alice, 0, _right(alice))
    assert alice.g_chosen != "" and alice.error == ""
    ParticipantState.game_answer.fn(alice, 0, _wrong(alice))  # a second tap: the first answer stays
    late = _joined(new_browser, room.code, "Chloé")  # a late joiner enters the open question
    assert late.g_phase == "question" and late.g_question.number == 1
    ParticipantState.game_answer.fn(late, 0, _right(late))
    assert _room(room.id).game_phase == "question"  # Bruno has not answered yet
    ParticipantState.game_answer.fn(bruno, 0, _wrong(bruno))
    assert _room(room.id).game_phase == "closed"  # everyone answered: it closed without waiting

    stored = {a.participant_id: a for a in _answers(room.id)}
    assert len(stored) == 3 and stored[alice._participant_id].choice_id == _right(alice)
    assert stored[alice._participant_id].points > 500 and stored[bruno._participant_id].points == 0
    ParticipantState.load.fn(bruno)
    assert bruno.g_phase == "closed" and bruno.g_result == ""  # still hidden

    ScreenState.load.fn(remote)
    assert remote.g_phase == "closed" and remote.g_answered == 3
    assert {line.points for line in remote.g_board} == {"0"}  # not a hint of who was right before the reveal
    _next(remote)  # reveal
    assert remote.g_phase == "reveal" and remote.g_question.explanation
    right = next(o for o in remote.g_question.options if o.correct)
    assert right.count == 2 and right.percent == 67
    for phone, result in ((alice, "right"), (bruno, "wrong"), (late, "right")):
        ParticipantState.load.fn(phone)
        assert phone.g_phase == "reveal" and phone.g_result == result
        assert phone.g_question.right_letter == right.letter
    assert alice.g_points == stored[alice._participant_id].points

    _next(remote)  # board
    assert remote.g_phase == "board"
    names = [line.name for line in remote.g_board]
    assert names[-1] == "Bruno" and set(names[:2]) == {"Alice", "Chloé"}
    ParticipantState.load.fn(bruno)
    assert bruno.g_place == "3e sur 3 · 0 point"

    ScreenState.game_next.fn(remote, "question:0:1")  # a stale click (the room moved on): nothing moves
    assert _room(room.id).game_phase == "board" and remote.g_error
    total = remote.g_total
    for _ in range(total - 1):  # the other questions, unanswered: next → closed → reveal → board
        for _step in range(4):
            _next(remote)
    assert remote.g_phase == "board" and remote.g_next_label == "Afficher le podium"
    _next(remote)
    assert remote.g_phase == "podium"
    ScreenState.game_end.fn(remote)
    assert _room(room.id).status == "closed" and not remote.is_open
    ParticipantState.load.fn(alice)
    assert alice.g_phase == "podium" and alice.g_place.startswith(("1er", "2e"))

    text = _csv(ScreenState.export_csv.fn(remote))
    assert "Alice" in text and "Bruno" in text and "Chloé" in text


def _first_question(new_browser, email: str):
    """A game of two phones, its first question open on both: (room, remote, alice, bruno)."""
    root = _signed_in(new_browser, email)
    room = _new_game(root)
    remote = _remote(root, room.id)
    alice, bruno = _joined(new_browser, room.code, "Alice"), _joined(new_browser, room.code, "Bruno")
    _next(remote)
    ParticipantState.load.fn(alice)
    ParticipantState.load.fn(bruno)
    return room, remote, alice, bruno


def test_the_csv_lists_each_answer_with_its_points(new_browser):
    room, remote, alice, bruno = _first_question(new_browser, "jeu-csv@ws.fr")
    ParticipantState.game_answer.fn(alice, 0, _right(alice))
    ParticipantState.game_answer.fn(bruno, 0, _wrong(bruno))
    text = _csv(ScreenState.export_csv.fn(remote))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, lines = rows[0], {row[0]: row for row in rows[1:]}
    assert header[:5] == ["Participant", "Statut", "Rang", "Points", "Bonnes réponses"]
    points = {a.participant_id: a.points for a in _answers(room.id)}
    assert lines["Alice"][2:5] == ["1", str(points[alice._participant_id]), "1"]
    assert lines["Alice"][6:8] == ["oui", str(points[alice._participant_id])]
    assert lines["Bruno"][2:5] == ["2", "0", "0"] and lines["Bruno"][6] == "non"


def test_pause_reset_timer_and_late_answers(new_browser):
    room, remote, alice, bruno = _first_question(new_browser, "jeu-pause@ws.fr")

    ScreenState.game_pause.fn(remote, remote.g_seen)
    paused = _room(room.id)
    assert paused.game_deadline is None and 15_000 < paused.game_left_ms <= 20_000 and remote.g_paused
    ParticipantState.game_answer.fn(alice, 0, _right(alice))
    assert "pause" in alice.error and _answers(room.id) == []
    ScreenState.game_resume.fn(remote, remote.g_seen)
    assert _room(room.id).game_deadline is not None and not remote.g_paused
    ParticipantState.load.fn(alice)
    ParticipantState.game_answer.fn(alice, 0, _right(alice))
    assert len(_answers(room.id)) == 1

    ScreenState.game_reset.fn(remote, remote.g_seen)  # the question again: answers erased, a new round
    assert _answers(room.id) == [] and _room(room.id).game_round == 2 and remote.g_phase == "question"
    ParticipantState.load.fn(alice)
    assert alice.g_chosen == ""  # its erased answer is not shown as given
    ParticipantState.game_answer.fn(alice, 0, _wrong(alice))
    assert len(_answers(room.id)) == 1

    for bad in ("-5", "0", "61", "1e9", "vingt", "<script>", None, ["20"], True):
        ScreenState.game_seconds.fn(remote, bad)
        assert remote.g_error == "La durée d'une question va de 10 à 60 secondes.", bad
    assert _room(room.id).game_seconds == 20
    ScreenState.game_seconds.fn(remote, "45")
    assert _room(room.id).game_seconds == 45 and remote.g_error == ""

    with rx.session() as session:  # the countdown ran out (a lost timer): answers are refused all the same
        row = session.get(Workshop, room.id)
        row.game_deadline = clock.now() - timedelta(seconds=1)
        session.add(row)
        session.commit()
    ParticipantState.game_answer.fn(bruno, 0, _right(bruno))
    assert bruno.error == "Trop tard : cette question est close." and len(_answers(room.id)) == 1
    ScreenState.load.fn(remote)
    assert remote.g_phase == "closed" and remote.g_next_label == "Révéler la réponse"


def test_forged_answers_and_a_removed_phone_store_nothing(new_browser):
    root = _signed_in(new_browser, "jeu-forge@ws.fr")
    room = _new_game(root)
    remote = _remote(root, room.id)
    alice, bruno = _joined(new_browser, room.code, "Alice"), _joined(new_browser, room.code, "Bruno")
    ParticipantState.game_answer.fn(alice, 0, "a")  # before the first question: nothing open
    _next(remote)
    ParticipantState.load.fn(alice)
    ParticipantState.load.fn(bruno)
    for index, choice in ((1, "a"), ("0", "a"), (True, "a"), (None, "a"), (0, "z"), (0, None), (0, ["a"])):
        ParticipantState.game_answer.fn(alice, index, choice)
        assert alice.error in (
            "Cette question n'est plus celle de la salle.",
            "Cette réponse ne fait pas partie des choix proposés.",
        )
    assert _answers(room.id) == []

    for forged in ("abc", "", None, 10**12, str(alice._participant_id + 10_000)):
        ScreenState.game_remove.fn(remote, forged)
        assert remote.g_error == "Ce participant n'est pas dans cette partie."
    ScreenState.game_remove.fn(remote, str(bruno._participant_id))
    assert remote.g_notice == "Bruno a quitté la partie."
    assert [p["state"] for p in remote.g_people] == ["dans la salle", "retiré"]
    ParticipantState.load.fn(bruno)
    assert bruno.view == "removed"
    ParticipantState.game_answer.fn(bruno, 0, "a")  # the removed phone, or a stale screen of it
    with rx.session() as session:  # even straight at the store
        seat = session.get(WorkshopParticipant, bruno._participant_id)
        workshop = session.get(Workshop, room.id)
        assert game_store.record_answer(session, workshop=workshop, seat=seat, index=0, choice_id="a").outcome == (
            "removed"
        )
    assert _answers(room.id) == []
    ParticipantState.game_answer.fn(alice, 0, _right(alice))  # alone in the room now: it closes the question
    assert _room(room.id).game_phase == "closed"
    ScreenState.load.fn(remote)
    assert [line.name for line in remote.g_board] == ["Alice"]  # a removed phone is out of the ranking


def test_only_the_room_s_own_advisor_drives_it(new_browser):
    owner = _signed_in(new_browser, "jeu-proprio@ws.fr")
    room = _new_game(owner)
    phone = _joined(new_browser, room.code, "Alice")
    intruder = _remote(_signed_in(new_browser, "jeu-intrus@ws.fr"), room.id)
    assert not intruder.found
    intruder._workshop_id = room.id  # even with the id forced into its state
    for handler, args in (
        (ScreenState.game_next, ("lobby:-1:0",)),
        (ScreenState.game_pause, ("lobby:-1:0",)),
        (ScreenState.game_reset, ("lobby:-1:0",)),
        (ScreenState.game_seconds, ("45",)),
        (ScreenState.game_remove, (str(phone._participant_id),)),
        (ScreenState.game_end, ()),
    ):
        handler.fn(intruder, *args)
    after = _room(room.id)
    assert (after.game_phase, after.game_seconds, after.status) == ("lobby", 20, "open")
    with rx.session() as session:
        assert session.get(WorkshopParticipant, phone._participant_id).removed_at is None
    anonymous = sub(new_browser(), ScreenState)
    _at(anonymous, routes.advisor_workshop_remote(room.id))
    assert ScreenState.load.fn(anonymous) is not None  # to the sign-in page
    anonymous._workshop_id = room.id
    ScreenState.game_next.fn(anonymous, "lobby:-1:0")
    assert _room(room.id).game_phase == "lobby"


def test_two_clicks_at_once_move_the_room_once(new_browser):
    root = _signed_in(new_browser, "jeu-double@ws.fr")
    room = _new_game(root)
    laptop, remote = _remote(root, room.id), _remote(root, room.id)
    seen = remote.g_seen
    ScreenState.game_next.fn(laptop, seen)
    ScreenState.game_next.fn(remote, seen)  # the same step, from the other device
    after = _room(room.id)
    assert (after.game_phase, after.game_index, after.game_round) == ("question", 0, 1)
    assert remote.g_error == "L'écran a changé entre-temps : voici où en est la salle."


def test_reusing_a_game_opens_an_empty_one_with_the_same_settings(new_browser):
    root = _signed_in(new_browser, "jeu-reprise@ws.fr")
    room = _new_game(root, seconds="45")
    screen = _remote(root, room.id)
    _joined(new_browser, room.code, "Alice")
    ScreenState.reuse.fn(screen)
    with rx.session() as session:
        rooms = session.exec(select(Workshop).where(Workshop.advisor_id == room.advisor_id).order_by(Workshop.id)).all()
        assert len(rooms) == 2 and rooms[0].status == "closed" and rooms[1].status == "open"
        assert (rooms[1].content, rooms[1].game_chapters, rooms[1].game_seconds) == ("jeu", room.game_chapters, 45)
        assert rooms[1].code != room.code or rooms[0].status == "closed"
        assert (
            session.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == rooms[1].id)).all() == []
        )
