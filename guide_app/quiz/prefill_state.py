"""The diagnostic pre-fills the DSO simulator: a visitor who gave a company profile finds their figures there."""

from __future__ import annotations

import reflex as rx

from guide_app.quiz import store
from guide_app.quiz.visitor_state import VisitorState
from guide_app.simulators.dso import dso_link_values
from guide_app.simulators.state import DsoState


class DsoPrefillState(rx.State):
    @rx.event
    async def prefill_dso(self) -> None:
        """on_load of the DSO simulator, after its load()."""
        simulator = await self.get_state(DsoState)
        if not simulator._claim_prefill():
            return
        token = (await self.get_state(VisitorState)).visitor_token
        if not store.is_visitor_token(token):
            return
        with rx.session() as session:
            attempts = store.finished_attempts(session, visitor_token=token, limit=1)
        profile = attempts[0].profile if attempts else None
        if not profile:
            return
        simulator._apply_profile(dso_link_values(profile), note="Pré-rempli avec les chiffres de votre diagnostic.")
