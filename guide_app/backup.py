"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL (`python -m guide_app.admin backup
FILE` and `restore FILE`; README, "Sauvegarde").

A backup is a gzip file of JSON lines: a header (format, the schema's alembic revision, when, rows per table), then
one line per row, table by table, parents first. It restores into an empty database migrated to the same revision
(`reflex db migrate`), in one transaction: all of it or nothing; on PostgreSQL the id sequences then continue after
the restored ids. The same file restores on either engine (a move from SQLite to PostgreSQL is a backup and a
restore).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from guide_app import models  # noqa: F401  (registers every table in SQLModel.metadata)
from guide_app.core import clock

FORMAT = "guide-recouvrement/sauvegarde"
VERSION = 1
_BATCH = 1000


class BackupError(ValueError):
    """The backup cannot be restored here; the message is French."""


def _tables() -> list[sa.Table]:
    return list(SQLModel.metadata.sorted_tables)  # parents before the rows that point to them


def _revision(connection: Connection) -> str:
    try:
        return str(connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one())
    except sa.exc.SQLAlchemyError as error:
        raise BackupError("Cette base n'est pas migrée : lancez d'abord « reflex db migrate ».") from error


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _typed(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    storage = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type  # sqlmodel's UTCDateTime
    try:
        kind = storage.python_type
    except NotImplementedError:  # JSON and the like: stored as read
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    return value


def backup(engine: Engine, out: IO[bytes]) -> dict[str, int]:
    """Writes the whole database to `out`; returns the rows written per table."""
    tables = _tables()
    with engine.connect() as connection:
        counts = {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in tables
        }
        header = {
            "format": FORMAT,
            "version": VERSION,
            "revision": _revision(connection),
            "created_at": clock.now().isoformat(),
            "tables": counts,
        }
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as archive:
            archive.write((json.dumps(header) + "\n").encode())
            for table in tables:
                order = list(table.primary_key.columns) or list(table.columns)
                for row in connection.execute(sa.select(table).order_by(*order)).mappings():
                    line = {"table": table.name, "row": {key: _plain(value) for key, value in row.items()}}
                    archive.write((json.dumps(line, ensure_ascii=False) + "\n").encode())
    return counts


def _lines(source: IO[bytes]) -> Iterator[dict[str, Any]]:
    try:
        with gzip.GzipFile(fileobj=source, mode="rb") as archive:
            for raw in archive:
                yield json.loads(raw)
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(
            "Ce fichier n'est pas une sauvegarde lisible de l'application (gzip de lignes JSON)."
        ) from error


def restore(engine: Engine, source: IO[bytes]) -> dict[str, int]:
    """Loads a backup into an empty database at the backup's revision; returns the rows restored per table.
    Raises BackupError (French) for another file, another revision or a database that is not empty."""
    lines = _lines(source)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError("Ce fichier n'est pas une sauvegarde de l'application (format inconnu).")
    tables = {table.name: table for table in _tables()}
    restored = dict.fromkeys(tables, 0)
    with engine.begin() as connection:
        if _revision(connection) != header.get("revision"):
            raise BackupError(
                f"La sauvegarde est au schéma {header.get('revision')}, la base au schéma {_revision(connection)} : "
                "migrez la base à la même version avant de restaurer."
            )
        filled = [name for name, table in tables.items() if connection.execute(sa.select(table).limit(1)).first()]
        if filled:
            raise BackupError("La base n'est pas vide (" + ", ".join(filled) + ") : restaurez dans une base neuve.")
        batch: list[dict[str, Any]] = []
        current: sa.Table | None = None
        for line in lines:
            table = tables.get(line.get("table", "")) if isinstance(line, dict) else None
            if table is None or not isinstance(line.get("row"), dict):
                raise BackupError("La sauvegarde contient une ligne illisible : fichier abîmé ?")
            if table is not current:
                _insert(connection, current, batch)
                current, batch = table, []
            batch.append({name: _typed(table.c[name], value) for name, value in line["row"].items()})
            restored[table.name] += 1
            if len(batch) >= _BATCH:
                _insert(connection, current, batch)
                batch = []
        _insert(connection, current, batch)
        expected = header.get("tables", {})
        if {name: count for name, count in restored.items() if count} != {n: c for n, c in expected.items() if c}:
            raise BackupError("La sauvegarde est incomplète (moins de lignes que son en-tête n'en annonce).")
        if connection.dialect.name == "postgresql":
            _continue_sequences(connection, tables.values())
    return restored


def _insert(connection: Connection, table: sa.Table | None, rows: list[dict[str, Any]]) -> None:
    if table is not None and rows:
        connection.execute(sa.insert(table), rows)


def _continue_sequences(connection: Connection, tables: Any) -> None:
    """PostgreSQL's id sequences go on after the restored ids (a restored row was inserted with its own id)."""
    for table in tables:
        if "id" in table.c and isinstance(table.c.id.type, sa.Integer) and table.c.id.primary_key:
            name = connection.dialect.identifier_preparer.format_table(table)
            connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                    f"FROM {name}"
                )
            )
