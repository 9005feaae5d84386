"""The diagnostic through its real states and a real SQLite database: resume, forgery, two tabs, sharing."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from guide_app.models import AttemptAnswer
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import UNKNOWN, diagnostic_bank
from guide_app.quiz.diagnostic_state import DiagnosticState
from guide_app.quiz.result_state import ResultState
from guide_app.quiz.visitor_state import VisitorState
from tests.integration.owners import sub

BANK = diagnostic_bank()
D = DiagnosticState


def _tab(new_browser, token: str | None = None) -> DiagnosticState:
    root = new_browser(**({"visitor_token": token} if token else {}))
    state = sub(root, D)
    D.load.fn(state)
    return state


def _answer_current(state: DiagnosticState, position: int = 0) -> None:
    question = BANK.questions[state.index]
    D.answer.fn(state, question.id, question.answers[position].id)


def _stored(attempt_id: int) -> dict[str, str]:
    with rx.session() as session:
        return crud.answers_of(session, attempt_id=attempt_id)


def test_a_new_visitor_sees_the_intro_then_answers_are_stored_as_given(new_browser):
    state = _tab(new_browser)
    assert state.view == "intro" and not state.has_result
    D.start.fn(state)
    assert state.view == "question" and state.index == 0
    assert all(set(option) == {"id", "text"} for option in state.options)  # no points in the browser
    _answer_current(state, 1)
    _answer_current(state, 2)
    assert state.index == 2
    assert _stored(state._attempt_id) == {
        BANK.questions[0].id: BANK.questions[0].answers[1].id,
        BANK.questions[1].id: BANK.questions[1].answers[2].id,
    }


def test_coming_back_tomorrow_resumes_at_the_same_question_with_the_same_answers(new_browser):
    first = _tab(new_browser)
    D.start.fn(first)
    for _ in range(3):
        _answer_current(first, 1)
    D.back.fn(first)
    assert first.index == 2

    later = _tab(new_browser, first.visitor_token)  # new tab, state lost, same phone storage
    assert later.view == "question" and later.index == 2
    assert later.selected == BANK.questions[2].answers[1].id


def test_je_ne_sais_pas_is_offered_only_where_honest(new_browser):
    state = _tab(new_browser)
    D.start.fn(state)
    for question in BANK.questions:
        ids = [option["id"] for option in state.options]
        assert (UNKNOWN in ids) == question.unknown
        D.answer.fn(state, question.id, UNKNOWN if question.unknown else question.answers[0].id)
    assert state.view == "profile"


def test_forged_events_store_nothing_and_raise_nothing(new_browser):
    state = _tab(new_browser)
    D.start.fn(state)
    question = BANK.questions[0]
    D.answer.fn(state, "question-inventee", question.answers[0].id)
    D.answer.fn(state, BANK.questions[1].id, BANK.questions[1].answers[0].id)  # not the question on screen
    D.answer.fn(state, question.id, "reponse-inventee")
    D.answer.fn(state, question.id, {"id": question.answers[0].id})
    D.answer.fn(state, None, None)
    assert state.error and state.index == 0
    assert _stored(state._attempt_id) == {}
    D.save_profile.fn(state, {"revenue": "1"})  # not at the profile step
    D.skip_profile.fn(state)
    with rx.session() as session:
        assert crud.latest_attempt(session, visitor_token=state.visitor_token, finished=True) is None


def test_another_visitors_attempt_cannot_be_written(new_browser):
    victim = _tab(new_browser)
    D.start.fn(victim)
    _answer_current(victim, 0)
    attacker = _tab(new_browser)
    D.start.fn(attacker)
    attacker._attempt_id = victim._attempt_id  # even if a backend id leaked, ownership is re-checked
    _answer_current(attacker, 3)
    assert _stored(victim._attempt_id) == {BANK.questions[0].id: BANK.questions[0].answers[0].id}


def test_two_tabs_on_the_same_attempt_keep_one_answer_per_question(new_browser):
    first = _tab(new_browser)
    D.start.fn(first)
    second = _tab(new_browser, first.visitor_token)
    assert second._attempt_id == first._attempt_id
    _answer_current(first, 0)
    D.answer.fn(second, BANK.questions[0].id, BANK.questions[0].answers[2].id)  # same question, other tab
    with rx.session() as session:
        rows = session.exec(select(AttemptAnswer).where(AttemptAnswer.attempt_id == first._attempt_id)).all()
    assert [(r.question_id, r.answer_id) for r in rows] == [(BANK.questions[0].id, BANK.questions[0].answers[2].id)]


def test_finishing_with_a_bad_profile_keeps_the_step_and_then_shows_the_result(new_browser):
    root = new_browser()
    state = sub(root, D)
    D.load.fn(state)
    D.start.fn(state)
    for question in BANK.questions:
        D.answer.fn(state, question.id, question.answers[-1].id)
    D.save_profile.fn(state, {"revenue": "-3", "dso": "abc"})
    assert state.view == "profile" and set(state.profile_errors) == {"revenue", "dso"}
    D.save_profile.fn(state, {"revenue": "850 000", "overdue_share": "30"})
    with rx.session() as session:
        attempt = crud.latest_attempt(session, visitor_token=state.visitor_token, finished=True)
    assert (
        attempt is not None
        and attempt.overall == 100
        and attempt.profile
        == {
            "revenue": "850000",
            "overdue_share": "0.3",
        }
    )

    result = sub(root, ResultState)
    ResultState.load_own.fn(result)
    assert result.status == "shown" and result.overall == 100 and result.level_label == "Piloté par la donnée"
    assert len(result.advice) == 3 and not result.compared
    assert result.share_path.endswith(attempt.share_id)

    D.load.fn(state)
    assert state.view == "intro" and state.has_result


def test_the_share_link_shows_scores_only(new_browser):
    owner = sub(new_browser(), D)
    D.load.fn(owner)
    D.start.fn(owner)
    for question in BANK.questions:
        D.answer.fn(owner, question.id, question.answers[0].id)
    D.skip_profile.fn(owner)
    with rx.session() as session:
        share_id = crud.latest_attempt(session, visitor_token=owner.visitor_token, finished=True).share_id

    for forged in (share_id, "x" * 22, "../../etc", None):
        stranger_root = new_browser()
        stranger = sub(stranger_root, ResultState)
        stranger.router.page.params["share_id"] = forged
        ResultState.load_shared.fn(stranger)
        if forged == share_id:
            assert stranger.status == "shown" and stranger.overall == 0 and stranger.share_path == ""
        else:
            assert stranger.status == "missing"
        VisitorState.load_progress.fn(sub(stranger_root, VisitorState))
        assert stranger.visitor_token != owner.visitor_token
