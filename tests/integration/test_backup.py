"""A backup of the test database restores into an empty one (SQLite here, PostgreSQL on that tier) with every
account, case and payment, through the admin commands an operator runs."""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import reflex as rx
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, create_engine, select

from guide_app import admin, backup
from guide_app.cases import lifecycle as cases
from guide_app.core.settings import settings
from guide_app.models import Account, CollectionCase, Payment
from tests.integration.owners import TODAY, sign_up_with_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new database of the same engine as the tests', migrated by `reflex db migrate` as an operator would."""
    source = sa.engine.make_url(os.environ["DATABASE_URL"])
    if source.get_backend_name() == "postgresql":
        name = f"restore_{uuid.uuid4().hex[:8]}"
        server = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = source.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='guide-restore-')) / 'restored.db'}"
    subprocess.run(
        ["reflex", "db", "migrate"], cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True
    )
    yield url
    if source.get_backend_name() == "postgresql":
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in SQLModel.metadata.sorted_tables
        }


def test_a_backup_restores_every_account_case_and_payment_into_an_empty_database(
    new_browser, empty_database, monkeypatch, tmp_path
):
    _, account_id, case = sign_up_with_case(new_browser, company="Atelier Sauvé", debtor="Client Sauvé", number="S-1")
    case_id = case.id
    with rx.session() as session:
        case = session.get(CollectionCase, case_id)
        cases.record_payment(
            session, case=case, amount=Decimal("123.45"), paid_on=TODAY, method="virement", today=TODAY
        )
    file = tmp_path / "sauvegarde.json.gz"
    assert admin.main(["backup", str(file)]) == 0
    assert admin.main(["backup", str(file)]) == 2  # never over an earlier backup

    monkeypatch.setattr(settings, "database_url", empty_database)
    assert admin.main(["restore", str(file)]) == 0
    before, after = _rows(os.environ["DATABASE_URL"]), _rows(empty_database)
    assert after == before  # every row of every table, the same
    assert len(after["account"]) >= 1 and len(after["payment"]) >= 1 and len(after["collectioncase"]) >= 1
    restored = create_engine(empty_database)
    with Session(restored) as session:
        assert session.get(Account, account_id).company_name == "Atelier Sauvé"
        payment = session.exec(select(Payment).where(Payment.case_id == case_id)).one()
        assert (payment.amount_cents, payment.paid_on) == (12345, TODAY)
        owed = cases.case_ledger(session, case=session.get(CollectionCase, case_id), on=TODAY + timedelta(days=1))
        assert owed.paid == Decimal("123.45")
        fresh = Account(company_name="Après restauration", siren="732829320", created_at=payment.created_at)
        session.add(fresh)
        session.commit()
        assert fresh.id > max(row[0] for row in after["account"])  # new ids continue after the restored ones

    assert admin.main(["restore", str(file)]) == 2  # the database is no longer empty: nothing is touched
    assert _rows(empty_database)["payment"] == after["payment"]


def test_a_file_that_is_not_a_backup_is_refused_in_french(empty_database):
    engine = create_engine(empty_database)
    for junk in (b"", b"pas un gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"):
        with pytest.raises(backup.BackupError):
            backup.restore(engine, io.BytesIO(junk))
    other = io.BytesIO()
    backup.backup(engine, other)
    truncated = io.BytesIO(other.getvalue()[: len(other.getvalue()) // 2])
    with pytest.raises(backup.BackupError):
        backup.restore(engine, truncated)
