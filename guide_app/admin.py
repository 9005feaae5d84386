"""Administration commands, run on the server:

    python -m guide_app.admin create-advisor --email conseil@cci.fr --name "Claire Martin" [--password …]
    python -m guide_app.admin purge-leads      # erases leads past GUIDE_LEAD_RETENTION_DAYS of inactivity

Without --password, the password is asked twice without echo (it then stays out of the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine, select

from guide_app.accounts.passwords import check_new_password, hash_password
from guide_app.core import clock
from guide_app.core.parse import InputError, parse_email, parse_name
from guide_app.core.settings import settings
from guide_app.models import User
from guide_app.workshop import lead_store


def _engine():  # type: ignore[no-untyped-def]
    return create_engine(settings.database_url)


def create_advisor(session: Session, *, email: str, name: str, password: str, role: str = "advisor") -> User:
    """A user without a company account, who runs workshops and follows leads; an existing advisor gets the new
    password. A company owner's e-mail is refused: one login, one role."""
    user = session.exec(select(User).where(User.email == email)).first()
    if user is not None and user.role not in ("advisor", "admin"):
        raise InputError("Cette adresse est celle d'un compte entreprise : choisissez-en une autre.")
    if user is None:
        user = User(email=email, contact_name=name, password_hash="", created_at=clock.now())
    user.contact_name, user.role, user.password_hash = name, role, hash_password(password)
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def _ask_password() -> str:
    first = getpass.getpass("Mot de passe (12 caractères au moins) : ")
    if getpass.getpass("Une seconde fois : ") != first:
        raise InputError("Les deux saisies diffèrent.")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide_app.admin", description="Commandes d'administration")
    commands = parser.add_subparsers(dest="command", required=True)
    advisor = commands.add_parser("create-advisor", help="crée (ou met à jour) un compte conseiller")
    advisor.add_argument("--email", required=True)
    advisor.add_argument("--name", required=True)
    advisor.add_argument("--password", help="demandé sans écho s'il est absent")
    advisor.add_argument("--admin", action="store_true", help="rôle administrateur au lieu de conseiller")
    commands.add_parser("purge-leads", help="efface les contacts au-delà de la durée de conservation")
    args = parser.parse_args(argv)

    with Session(_engine()) as session:
        if args.command == "purge-leads":
            count = lead_store.purge_expired(session, retention_days=settings.lead_retention_days)
            print(f"{count} contact(s) effacé(s) (conservation : {settings.lead_retention_days} jours).")
            return 0
        try:
            email = parse_email(args.email)
            name = parse_name(args.name, field="Le nom")
            password = check_new_password(args.password if args.password is not None else _ask_password())
        except InputError as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 2
        try:
            user = create_advisor(
                session, email=email, name=name, password=password, role="admin" if args.admin else "advisor"
            )
        except InputError as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 2
        except IntegrityError as error:  # pragma: no cover - a concurrent insert of the same email
            print(f"Erreur : {error.orig}", file=sys.stderr)
            return 1
        print(f"Compte {user.role} prêt : {user.email} (id {user.id}). Connexion sur /connexion.")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
