"""The diagnostic result: the visitor's own (with the change since last time) or a shared, read-only one."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from guide_app.core import routes
from guide_app.core.content import chapter_by_slug
from guide_app.core.format import money
from guide_app.models import QuizAttempt
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.quiz.radar import radar
from guide_app.quiz.scoring import weakest_axes
from guide_app.quiz.visitor_state import VisitorState
from guide_app.simulators.dso import cash_at_stake, dso_link_values


@dataclass
class AxisRow:
    label: str
    score: int
    delta: str  # change since the previous attempt ("+12", "=", "−5"), empty without one


@dataclass
class Advice:
    label: str
    action: str
    chapter_href: str
    chapter_title: str
    simulator_href: str
    simulator_title: str


def _signed(delta: int) -> str:
    return f"+{delta}" if delta > 0 else ("=" if delta == 0 else f"−{-delta}")


class ResultState(VisitorState):
    status: str = "loading"  # loading | missing | shown
    overall: int = 0
    level_label: str = ""
    level_summary: str = ""
    verdict: str = ""
    axes: list[AxisRow] = []
    advice: list[Advice] = []
    radar: str = ""  # SVG (quiz/radar.py)
    compared: bool = False
    share_path: str = ""
    stake: str = ""  # what late payment ties up, in euros, when the profile says enough
    stake_href: str = ""

    def _fill(self, attempt: QuizAttempt, previous: QuizAttempt | None) -> None:
        bank = diagnostic_bank()
        scores = attempt.axis_scores or {}
        before = previous.axis_scores if previous is not None and previous.axis_scores else None
        level = next((lv for lv in bank.levels if lv.id == attempt.level_id), bank.levels[0])
        self.overall = attempt.overall or 0
        self.level_label, self.level_summary = level.label, level.summary
        self.verdict = "déjà avancé" if self.overall >= bank.advanced_from else "plutôt novice"
        self.axes = [
            AxisRow(
                label=axis.label,
                score=scores.get(axis.id, 0),
                delta=_signed(scores.get(axis.id, 0) - before.get(axis.id, 0)) if before else "",
            )
            for axis in bank.axes
        ]
        self.advice = []
        for axis_id in weakest_axes(bank, scores):
            axis = bank.axis(axis_id)
            chapter = chapter_by_slug(axis.chapter)
            self.advice.append(
                Advice(
                    label=axis.label,
                    action=axis.action,
                    chapter_href=routes.chapter(axis.chapter),
                    chapter_title=chapter.title if chapter else "",
                    simulator_href=routes.simulator(axis.simulator),
                    simulator_title=routes.SIMULATOR_TITLES[axis.simulator],
                )
            )
        self.radar = radar(
            [axis.label for axis in bank.axes],
            [scores.get(axis.id, 0) for axis in bank.axes],
            [before.get(axis.id, 0) for axis in bank.axes] if before else None,
        )
        self.compared = before is not None
        self.status = "shown"

    @rx.event
    def load_own(self) -> None:
        with rx.session() as session:
            attempts = crud.finished_attempts(session, visitor_token=self._token())
        if not attempts:
            self.status = "missing"
            return
        self._fill(attempts[0], attempts[1] if len(attempts) > 1 else None)
        self.share_path = routes.diagnostic_share(attempts[0].share_id or "")
        profile = attempts[0].profile or {}
        at_stake = cash_at_stake(profile)
        self.stake = (
            f"Vos clients paient en moyenne {at_stake[1]} jours après l'échéance convenue : environ "
            f"{money(at_stake[0], cents=False)} de trésorerie sont ainsi immobilisés (chiffre d'affaires TTC ÷ 365 "
            f"× {at_stake[1]} jours, TVA à 20 %)."
            if at_stake
            else ""
        )
        self.stake_href = routes.SIMULATOR_DSO + "?" + urlencode(dso_link_values(profile)) if at_stake else ""

    @rx.event
    def load_shared(self) -> None:
        """Anyone with the link sees the scores; never the answers, the profile or the owner's history."""
        self.share_path = self.stake = self.stake_href = ""
        with rx.session() as session:
            attempt = crud.shared_attempt(session, share_id=self.router.page.params.get("share_id"))
        if attempt is None:
            self.status = "missing"
            return
        self._fill(attempt, None)
