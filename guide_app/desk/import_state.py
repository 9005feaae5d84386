"""Importing open invoices from a CSV file, for the signed-in account only. The file is read in memory from the
upload and never written to the public upload folder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from guide_app.accounts.roles import MANAGE
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import store
from guide_app.cases.csv_import import MAX_BYTES, LineError, parse_csv
from guide_app.core.clock import today
from guide_app.core.format import counted
from guide_app.core.parse import InputError
from guide_app.models import Debtor
from guide_app.reminders.invoice_import import import_invoices
from guide_app.reminders.timeline import renderer, unpaid

UPLOAD_ID = "import-csv"
ONE_FILE = "Choisissez un seul fichier CSV de 2 Mo au plus."


@dataclass
class ReportLine:
    line: int
    message: str


def _lines(errors: list[LineError] | tuple[LineError, ...]) -> list[ReportLine]:
    return [ReportLine(line=error.line, message=error.message) for error in errors]


class ImportState(AuthState):
    done: bool = False
    summary: str = ""
    file_error: str = ""
    problems: list[ReportLine] = []
    skipped: list[ReportLine] = []

    def _clear(self) -> None:
        self.done, self.summary, self.file_error = False, "", ""
        self.problems, self.skipped = [], []

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self._clear()
        return self._require_account()

    @rx.event
    def rejected(self, _rejected: list[dict[str, Any]]) -> None:
        """The file picker refused the file (type, size or count)."""
        self._clear()
        self.file_error = ONE_FILE

    @rx.event
    @needs(MANAGE)
    async def upload(self, files: list[rx.UploadFile]) -> rx.event.EventType[()] | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        self._clear()
        data = await self._one_file(files, MAX_BYTES)
        if data is None:
            self.file_error = ONE_FILE
            return None
        try:
            parsed = parse_csv(data)
        except InputError as error:
            self.file_error = str(error)
            return None
        account_id = self._account_id
        with rx.session() as session:
            creditor = store.account(session, account_id=account_id)
            assert creditor is not None

            def render(debtor: Debtor, invoices: list[Any]) -> Any:
                return renderer(creditor=creditor, debtor=debtor, owed_on=unpaid(invoices, debtor))

            report = import_invoices(session, account_id=account_id, rows=parsed.groups, today=today(), render=render)
        self.done = True
        self.summary = (
            f"{counted(report.invoices_created, 'facture importée', 'factures importées')} dans "
            f"{counted(report.cases_created, 'nouveau dossier', 'nouveaux dossiers')}"
            + (
                f", dont {counted(report.debtors_created, 'nouveau client', 'nouveaux clients')}."
                if report.debtors_created
                else "."
            )
            if report.invoices_created
            else "Aucune nouvelle facture importée."
        )
        self.problems = _lines(parsed.errors)
        self.skipped = _lines(report.skipped)
        return None  # the page empties the file picker itself (pages/cases/invoice_import.py)
