"""The team page (/compte/equipe) and the page an invitation link opens (/invitation/<secret>)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from guide_app.accounts import team
from guide_app.accounts.passwords import check_new_password, hash_password, off_loop
from guide_app.accounts.roles import MEMBER_ROLES, OWNER, ROLE_NAMES
from guide_app.accounts.state import AuthState, needs
from guide_app.core import APP_NAME, clock, routes
from guide_app.core.forms import Form
from guide_app.core.mail import SendFailure, build_message, default_mailer, sender_domain
from guide_app.core.owner import record_id
from guide_app.core.parse import parse_email, parse_name

SUBJECT = "Invitation à rejoindre l'équipe de {company}"


def _send_invitation(*, to: str, link: str, company: str, inviter: str, role: str) -> bool:
    """The invitation e-mail; False when no e-mail server is set or it refused (the owner then passes the link on)."""
    mailer = default_mailer()
    if mailer is None:
        return False
    body = (
        f"Bonjour,\n\n{inviter} vous invite à rejoindre l'équipe de {company} sur le {APP_NAME}, avec un accès "
        f"« {ROLE_NAMES[role]} » ({MEMBER_ROLES[role].split(' : ', 1)[1]}).\n\n"
        f"Pour accepter, choisissez votre mot de passe ici (lien valable {team.INVITE_DAYS} jours, utilisable une "
        f"fois) :\n{link}\n\nSi vous ne connaissez pas {company}, ignorez ce message.\n"
    )
    message = build_message(
        from_address=mailer.from_address,
        from_name=APP_NAME,
        to=to,
        subject=SUBJECT.format(company=company),
        body=body,
        message_id=f"<equipe.{link.rsplit('/', 1)[-1][:16]}@{sender_domain(mailer.from_address)}>",
        date=clock.now(),
    )
    try:
        mailer.send(message)
    except SendFailure:
        return False
    finally:
        mailer.close()
    return True


class TeamState(AuthState):
    members: list[team.Member] = []
    invites: list[team.Pending] = []
    is_owner: bool = False
    errors: dict[str, str] = {}
    link: str = ""  # the newest invitation's link, shown once to the owner
    notice: str = ""

    def _show(self) -> None:
        with rx.session() as session:
            self.members = team.members(session, account_id=self._account_id)
            self.invites = team.pending(session, account_id=self._account_id, now=clock.now())
        self.is_owner = self._role == OWNER

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        self.errors, self.link, self.notice = {}, "", ""
        if redirect is None:
            self._show()
        return redirect

    @rx.event
    @needs(OWNER)
    async def invite(self, form_data: dict[str, Any]) -> None:
        form = Form(form_data, max_chars=300)
        email = form.field("email", parse_email)
        role = form.text("role")
        if role not in MEMBER_ROLES:
            form.refuse("role", "Choisissez un accès : lecture ou gestion.")
        self.errors, self.link, self.notice = form.errors, "", ""
        if form.errors or email is None:
            return
        with rx.session() as session:
            link, error = team.invite(session, account_id=self._account_id, email=email, role=role, now=clock.now())
        if error:
            self.errors = {"email": error}
            return
        sent = await off_loop(
            _send_invitation, to=email, link=link, company=self.company_name, inviter=self.contact_name, role=role
        )
        self.link = link
        self.notice = (
            f"Invitation envoyée à {email}. Vous pouvez aussi lui transmettre ce lien (une seule fois, "
            f"{team.INVITE_DAYS} jours) :"
            if sent
            else f"Aucun e-mail n'a pu partir : transmettez vous-même ce lien à {email} (une seule fois, "
            f"{team.INVITE_DAYS} jours) :"
        )
        self._show()

    @rx.event
    @needs(OWNER)
    def cancel_invite(self, invite_id: int) -> None:
        key = record_id(invite_id)
        if key is not None:
            with rx.session() as session:
                team.cancel(session, account_id=self._account_id, invite_id=key)
        self._show()

    @rx.event
    @needs(OWNER)
    def remove_member(self, user_id: int) -> None:
        key = record_id(user_id)
        if key is not None:
            with rx.session() as session:
                team.remove(session, account_id=self._account_id, user_id=key)
        self._show()


def _join(token: str, contact_name: str, password_hash: str) -> tuple[int, str]:
    with rx.session() as session:
        return team.accept(
            session, token=token, contact_name=contact_name, password_hash=password_hash, now=clock.now()
        )


class InvitationState(AuthState):
    status: str = "loading"  # loading | valid | invalid
    invited_company: str = ""
    invited_email: str = ""
    invited_role: str = ""  # its French description
    error: str = ""
    errors: dict[str, str] = {}

    _token: str = ""

    @rx.event
    def load(self) -> None:
        token = self.router.page.params.get("token", "")
        self.errors = {}
        with rx.session() as session:
            found = team.check(session, token=token, now=clock.now())
        self.error = found.error
        self.invited_company, self.invited_email = found.company, found.email
        self.invited_role = MEMBER_ROLES.get(found.role, "")
        self.status, self._token = ("invalid", "") if found.error else ("valid", str(token))

    @rx.event
    async def join(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self.status != "valid" or not self._token:
            return None
        form = Form(form_data)
        name = form.field("contact_name", lambda v: parse_name(v, field="Votre nom"))
        password = form.field(
            "password", lambda v: check_new_password(v, about_user=(self.invited_email, self.invited_company))
        )
        if not form.checked("consent"):
            form.refuse("consent", "Acceptez les conditions d'utilisation pour rejoindre l'équipe.")
        self.errors = form.errors
        if form.errors or name is None or password is None:
            return None
        password_hash = await off_loop(hash_password, password)
        user_id, error = await off_loop(_join, self._token, name, password_hash)
        if error:
            self.status, self.error, self._token = "invalid", error, ""
            return None
        self._token = ""
        self._start_session(user_id)
        return rx.redirect(routes.ACCOUNT)
