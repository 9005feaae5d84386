"""Administration commands, run on the server:

    python -m guide_app.admin create-advisor --email conseil@cci.fr --name "Claire Martin" [--password …]
    python -m guide_app.admin purge-leads      # erases leads past GUIDE_LEAD_RETENTION_DAYS of inactivity
    python -m guide_app.admin set-rate --semestre 2026-07-01 --bce 2.15 --source-bce "…" --legal 2.55 \
        --source-legal "…" [--provisoire]      # a half-year's rates into content/rates.yaml
    python -m guide_app.admin backup sauvegarde.json.gz    # the whole database (SQLite or PostgreSQL) to a file
    python -m guide_app.admin restore sauvegarde.json.gz   # into an empty database migrated to the same version

Without --password, the password is asked twice without echo (it then stays out of the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine, select

from guide_app import backup
from guide_app.accounts.passwords import check_new_password, hash_password
from guide_app.cases.rates import Semester, rates, record_semester, semester_name
from guide_app.core import clock
from guide_app.core.content import CONTENT_DIR, ContentError
from guide_app.core.format import figure
from guide_app.core.parse import InputError, parse_decimal, parse_email, parse_name
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


def _set_rate(args: argparse.Namespace) -> int:
    """Records a half-year's rates (ECB + the penalty points, and the taux légal) in the one file they live in."""
    path = Path(args.fichier)
    try:
        ecb = parse_decimal(args.bce, field="Le taux BCE")
        semester = Semester(
            start=date.fromisoformat(args.semestre),
            ecb_rate=ecb,
            ecb_source=args.source_bce,
            penalty_rate=ecb + rates().penalty_points,
            legal_rate=parse_decimal(args.legal, field="Le taux légal"),
            legal_source=args.source_legal,
            confirmed=not args.provisoire,
        )
        path.write_text(record_semester(path.read_text(encoding="utf-8"), semester), encoding="utf-8")
    except (InputError, ContentError, ValueError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    state = "à confirmer" if args.provisoire else "confirmés"
    print(
        f"Taux du {semester_name(semester.start)} enregistrés ({state}) : BCE {figure(semester.ecb_rate)} %, "
        f"pénalités {figure(semester.penalty_rate)} %, intérêt légal {figure(semester.legal_rate)} %. "
        "Redémarrez l'application pour les appliquer."
    )
    return 0


def _backup_or_restore(command: str, path: Path) -> int:
    engine = _engine()
    try:
        if command == "backup":
            if path.exists():
                print(f"Erreur : {path} existe déjà ; choisissez un autre nom.", file=sys.stderr)
                return 2
            with path.open("xb") as out:
                counts = backup.backup(engine, out)
        else:
            with path.open("rb") as source:
                counts = backup.restore(engine, source)
    except (backup.BackupError, OSError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    verb = "sauvegardées dans" if command == "backup" else "restaurées depuis"
    print(f"{sum(counts.values())} lignes de {sum(1 for c in counts.values() if c)} tables {verb} {path}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide_app.admin", description="Commandes d'administration")
    commands = parser.add_subparsers(dest="command", required=True)
    advisor = commands.add_parser("create-advisor", help="crée (ou met à jour) un compte conseiller")
    advisor.add_argument("--email", required=True)
    advisor.add_argument("--name", required=True)
    advisor.add_argument("--password", help="demandé sans écho s'il est absent")
    advisor.add_argument("--admin", action="store_true", help="rôle administrateur au lieu de conseiller")
    commands.add_parser("purge-leads", help="efface les contacts au-delà de la durée de conservation")
    rate = commands.add_parser("set-rate", help="enregistre les taux d'un semestre dans content/rates.yaml")
    rate.add_argument("--semestre", required=True, help="1er jour du semestre : AAAA-01-01 ou AAAA-07-01")
    rate.add_argument("--bce", required=True, help="taux de refinancement de la BCE au 1er jour, en %% (2.15)")
    rate.add_argument("--source-bce", required=True, help="d'où vient ce taux (avec sa date)")
    rate.add_argument("--legal", required=True, help="taux de l'intérêt légal « autres cas », en %% (2.62)")
    rate.add_argument("--source-legal", required=True, help="l'arrêté qui le fixe")
    rate.add_argument("--provisoire", action="store_true", help="pas encore publié : affiché « taux à confirmer »")
    rate.add_argument("--fichier", default=str(CONTENT_DIR / "rates.yaml"), help=argparse.SUPPRESS)
    saved = commands.add_parser("backup", help="sauvegarde toute la base dans un fichier")
    saved.add_argument("fichier", help="le fichier à écrire (.json.gz)")
    loaded = commands.add_parser("restore", help="restaure une sauvegarde dans une base vide et migrée")
    loaded.add_argument("fichier", help="la sauvegarde à lire")
    args = parser.parse_args(argv)
    if args.command == "set-rate":
        return _set_rate(args)
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args.command, Path(args.fichier))

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
