"""What really crosses the websocket: during an owner's journey, no backend-only var, hash or password reaches
the phone (the states' deltas as the browser receives them)."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, WebSocket, expect

from tests.e2e.journeys import PASSWORD, sign_up_with_a_case

SECRETS = ("$argon2", "password_hash", "token_hash", "invitation_hash", PASSWORD)


def _deltas(frames: list[str]) -> list[dict[str, Any]]:
    """The state deltas in socket.io frames like `42/_event,["event",{"delta": {...}, ...}]`."""
    found = []
    for frame in frames:
        start = frame.find("[")
        if start < 0:
            continue
        try:
            message = json.loads(frame[start:])
        except ValueError:
            continue
        if isinstance(message, list) and len(message) > 1 and isinstance(message[1], dict):
            found.append(message[1].get("delta") or {})
    return found


def test_an_owners_journey_sends_no_backend_var_nor_secret_to_the_phone(page: Page) -> None:
    frames: list[str] = []

    def listen(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, str) else ""))

    page.on("websocket", listen)
    sign_up_with_a_case(page, email="fil@atelier-durand.fr")
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    expect(page.get_by_role("heading", name="Actions prévues")).to_be_visible()
    page.goto("/compte/parametres")
    expect(page.get_by_role("heading", name="Vos données")).to_be_visible()
    page.goto("/compte/relances")
    expect(page.get_by_role("heading", name="Relances e-mail")).to_be_visible()

    deltas = _deltas(frames)
    assert len(deltas) >= 10  # the journey really went over the websocket
    sent_vars = {var for delta in deltas for changes in delta.values() for var in changes}
    assert "signed_in_rx_state_" in sent_vars and "session_token_rx_state_" in sent_vars
    assert not [var for var in sent_vars if var.startswith("_")]
    wire = "\n".join(frames)
    assert not [secret for secret in SECRETS if secret in wire]
    assert not re.search(r'"_(user|account|case|attempt)_id', wire)
