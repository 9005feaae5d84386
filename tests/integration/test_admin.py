"""The administration command: advisors are made from the server's shell, never from the web."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from guide_app import admin
from guide_app.accounts import accounts
from guide_app.core import clock
from guide_app.models import User

PASSWORD = "une phrase de passe solide"


def _run(monkeypatch, *argv: str) -> int:
    monkeypatch.setattr(admin, "_engine", lambda: rx.model.get_engine())
    return admin.main(list(argv))


def test_create_advisor_then_sign_in(monkeypatch, capsys):
    assert (
        _run(monkeypatch, "create-advisor", "--email", "Jeanne@CCI.fr", "--name", "Jeanne", "--password", PASSWORD) == 0
    )
    assert "advisor" in capsys.readouterr().out
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == "jeanne@cci.fr")).one()
        assert user.role == "advisor" and user.account_id is None
        assert accounts.authenticate(session, email="jeanne@cci.fr", password=PASSWORD) is not None


def test_bad_input_is_refused_in_french_and_nothing_is_made(monkeypatch, capsys):
    assert _run(monkeypatch, "create-advisor", "--email", "pas-un-email", "--name", "X", "--password", PASSWORD) == 2
    assert _run(monkeypatch, "create-advisor", "--email", "court@cci.fr", "--name", "X", "--password", "court") == 2
    assert "12 caractères" in capsys.readouterr().err
    with rx.session() as session:
        assert session.exec(select(User).where(User.email == "court@cci.fr")).first() is None


def test_a_company_owner_does_not_become_an_advisor(monkeypatch, capsys):
    with rx.session() as session:
        owner = User(
            email="patron@atelier.fr",
            contact_name="P",
            password_hash="x",
            role="owner",
            created_at=clock.now(),
        )
        session.add(owner)
        session.commit()
    assert (
        _run(monkeypatch, "create-advisor", "--email", "patron@atelier.fr", "--name", "P", "--password", PASSWORD) == 2
    )
    assert "compte entreprise" in capsys.readouterr().err
    with rx.session() as session:
        assert session.exec(select(User).where(User.email == "patron@atelier.fr")).one().role == "owner"
