"""The administration command: advisors are made from the server's shell, never from the web."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import reflex as rx
import yaml
from sqlmodel import select

from guide_app import admin
from guide_app.accounts import accounts
from guide_app.cases.rates import Rates
from guide_app.core import clock
from guide_app.core.content import CONTENT_DIR
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


def test_set_rate_records_a_half_year_in_the_rates_file(tmp_path, capsys):
    rates_file = tmp_path / "rates.yaml"
    rates_file.write_text((CONTENT_DIR / "rates.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["set-rate", "--semestre", "2026-07-01", "--bce", "2,15", "--source-bce", "BCE au 01/07/2026"]
    args += ["--legal", "2,55", "--source-legal", "Arrêté de juin 2026", "--provisoire", "--fichier", str(rates_file)]
    assert admin.main(args) == 0
    assert "(à confirmer)" in capsys.readouterr().out
    table = Rates.model_validate(yaml.safe_load(rates_file.read_text(encoding="utf-8")))
    semester, confirmed = table.for_semester(date(2026, 7, 1))
    assert (semester.penalty_rate, semester.legal_rate, confirmed) == (Decimal("12.15"), Decimal("2.55"), False)
    bad = ["set-rate", "--semestre", "2026-08-01", "--bce", "2", "--source-bce", "x", "--legal", "2"]
    assert admin.main([*bad, "--source-legal", "y", "--fichier", str(rates_file)]) == 2
    assert "Erreur" in capsys.readouterr().err
