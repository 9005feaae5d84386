"""Who is signed in. Every protected handler re-checks the session in the database (never trusts the browser)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from reflex.istate.manager import StateManager
from sqlmodel import Session

from guide_app.accounts import accounts
from guide_app.accounts.roles import READ, REFUSALS, allows
from guide_app.core import routes
from guide_app.core.owner import owned, route_id
from guide_app.models import CollectionCase, User
from guide_app.quiz.visitor_state import VisitorState


class AuthState(VisitorState):
    # The sign-in token (random, 32 bytes); the database keeps only its hash.
    session_token: str = rx.LocalStorage("", name="gdr_session")
    signed_in: bool = False
    contact_name: str = ""
    company_name: str = ""
    read_only: bool = False  # a « lecture » member: the pages say so
    role_refusal: str = ""  # set when a handler was refused for the member's role (components/layout shows it)

    _user_id: int = 0
    _account_id: int = 0
    _role: str = ""

    def _resolve(self) -> accounts.SignedIn | None:
        """Re-reads the session from the database; clears everything when it is gone or expired."""
        with rx.session() as session:
            who = accounts.resolve_session(session, token=self.session_token)
        if who is None:
            self._user_id = self._account_id = 0
            self.signed_in = self.read_only = False
            self.contact_name = self.company_name = self._role = ""
            return None
        self._user_id, self._account_id, self._role = who.user_id, who.account_id or 0, who.role
        self.signed_in, self.read_only = True, who.role == READ
        self.contact_name, self.company_name = who.contact_name, who.company_name
        return who

    def _sign_in_redirect(self) -> rx.event.EventSpec:
        return rx.redirect(f"{routes.SIGN_IN}?suite={self.router.page.path}")

    def _require_account(self) -> rx.event.EventSpec | None:
        self.role_refusal = ""
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        return None

    def _refused(self, needed: str) -> tuple[bool, rx.event.EventSpec | None]:
        """(stop, what to return): signed out → the sign-in page; a role below `needed` → a French message."""
        if self._resolve() is None or not self._account_id:
            return True, self._sign_in_redirect()
        if not allows(self._role, needed):
            self.role_refusal = REFUSALS[needed]
            return True, None
        self.role_refusal = ""
        return False, None

    async def _one_file(self, files: object, max_bytes: int) -> bytes | None:
        """The bytes of the one file an upload handler received — at most `max_bytes` + 1, so that a file too big is
        seen as such without reading it all — or None when it did not receive exactly one file."""
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], rx.UploadFile):
            return None
        return await files[0].read(max_bytes + 1)

    def _start_session(self, user_id: int) -> None:
        with rx.session() as session:
            user = session.get(User, user_id)
            assert user is not None
            self.session_token = accounts.open_session(session, user=user)
        self._resolve()

    @rx.event
    def sign_out(self) -> rx.event.EventSpec:
        with rx.session() as session:
            accounts.close_session(session, token=self.session_token)
        self.session_token = ""
        self._resolve()
        return rx.redirect(routes.HOME)

    def _own_case(self, session: Session, case_id: object) -> CollectionCase | None:
        """A case of the signed-in account (the session re-checked first); None for anything else."""
        if self._resolve() is None or not self._account_id:
            return None
        return owned(session, CollectionCase, case_id, owner=self._account_id)

    def _route_case_id(self) -> int:
        """The case id of the page's route (/compte/dossiers/<case_id>…), 0 when malformed."""
        return route_id(self.router.page.params.get("case_id", "")) or 0


Handler = TypeVar("Handler", bound=Callable[..., Any])


def needs(role: str) -> Callable[[Handler], Handler]:
    """A handler of an AuthState that writes: runs only for a signed-in user of the account whose role allows `role`
    (accounts/roles.py); anyone else gets the sign-in page or a French refusal, and nothing runs. Put it under
    @rx.event."""

    def decorate(handler: Handler) -> Handler:
        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(self: AuthState, *args: Any, **kwargs: Any) -> Any:
                stop, answer = self._refused(role)
                return answer if stop else await handler(self, *args, **kwargs)

            run_async.needs = role  # type: ignore[attr-defined]
            return run_async  # type: ignore[return-value]

        @functools.wraps(handler)
        def run(self: AuthState, *args: Any, **kwargs: Any) -> Any:
            stop, answer = self._refused(role)
            return answer if stop else handler(self, *args, **kwargs)

        run.needs = role  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return decorate


async def owner_browser(state_manager: StateManager, client_token: str) -> bool:
    """Whether the browser of this Reflex client token is signed in to an owner's account (the upload gate asks it
    before a file is read)."""
    if not client_token or len(client_token) > 64:
        return False
    root = await state_manager.get_state(rx.BaseStateToken(ident=client_token, cls=AuthState))
    auth = await root.get_state(AuthState)
    return auth._resolve() is not None and bool(auth._account_id)
