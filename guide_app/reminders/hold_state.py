"""The page a « Suspendre » link of the morning digest opens: it names the client and asks for a tap, so that a mail
client or a link preview fetching the address holds nothing by itself."""

from __future__ import annotations

import reflex as rx

from guide_app.core import clock
from guide_app.reminders.digest import check_hold, use_hold


class HoldState(rx.State):
    status: str = "loading"  # loading | valid | held | invalid
    client: str = ""
    error: str = ""

    _token: str = ""  # the link's secret, from the address this browser opened

    @rx.event
    def load(self) -> None:
        token = self.router.page.params.get("token", "")
        token = token if isinstance(token, str) else ""
        with rx.session() as session:
            check = check_hold(session, token=token, now=clock.now())
        self.client, self.error = check.client, check.error
        self.status, self._token = ("invalid", "") if check.error else ("valid", token)

    @rx.event
    def hold(self) -> None:
        if self.status != "valid" or not self._token:
            return
        with rx.session() as session:
            check = use_hold(session, token=self._token, now=clock.now())
        self._token = ""
        self.client, self.error = check.client, check.error
        self.status = "invalid" if check.error else "held"
