"""/compte/rapprochement: the owner uploads a bank statement; each credit comes with the invoices it probably pays,
how sure that is and why; one tap confirms, changes the case or sets the line aside. Amounts are never taken from
the browser: a confirmation recomputes the proposal on the server, from the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from guide_app.accounts.roles import MANAGE
from guide_app.accounts.state import AuthState, needs
from guide_app.banking import store
from guide_app.banking.statements import MAX_BYTES, Columns, Statement, UnknownColumns, read_statement
from guide_app.cases.store import from_cents
from guide_app.core import clock
from guide_app.core.format import counted, day, money
from guide_app.core.owner import record_id, route_id
from guide_app.core.parse import InputError

UPLOAD_ID = "releve"
ONE_FILE = "Choisissez un seul relevé (CAMT.053, OFX ou CSV) de 2 Mo au plus."
GONE = "Cette ligne du relevé n'est plus à traiter : la page a été mise à jour."


@dataclass
class LineRow:
    id: int
    when: str
    amount: str
    payer: str
    text: str
    proposed: bool
    target: str  # « F-2026-101 · Boulangerie Martin »
    confidence: int
    sure: bool  # 90 % and more
    reason: str


@dataclass
class CaseChoice:
    id: str
    label: str


class ReconciliationState(AuthState):
    lines: list[LineRow] = []
    cases: list[CaseChoice] = []
    summary: str = ""
    file_error: str = ""
    notice: str = ""
    line_errors: dict[str, str] = {}  # a confirmation refused, by line id
    assign_errors: dict[str, str] = {}  # the « other case » form refused, by field, for the line `assign_line`
    assign_line: int = 0
    columns: list[str] = []  # the header of a CSV to describe (its columns step is shown while not empty)
    column_errors: dict[str, str] = {}
    _pending: bytes = b""  # that CSV, until its columns are named
    _signature: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        if (redirect := self._require_account()) is not None:
            return redirect
        self.summary = self.file_error = self.notice = ""
        self.line_errors, self.assign_errors = {}, {}
        self._forget_pending()
        self._show()
        return None

    def _forget_pending(self) -> None:
        self.columns, self.column_errors, self._pending, self._signature = [], {}, b"", ""

    def _show(self) -> None:
        with rx.session() as session:
            lines = store.open_lines(session, account_id=self._account_id)
            found = store.proposals(session, account_id=self._account_id, lines=lines, on=clock.today())
            open_cases = store.open_cases(session, account_id=self._account_id)
        debtors = {case.id: debtor.company_name for case, debtor in open_cases}
        self.cases = [
            CaseChoice(id=str(case.id), label=f"{debtor.company_name} · dossier n° {case.id}")
            for case, debtor in open_cases
        ]
        rows = []
        for line in lines:
            assert line.id is not None
            proposal = found.get(line.key)
            target = ""
            if proposal is not None:
                numbers = ", ".join(part.number for part in proposal.parts)
                names = ", ".join(dict.fromkeys(debtors.get(part.case_id, "") for part in proposal.parts))
                target = f"{numbers} · {names}"
            rows.append(
                LineRow(
                    id=line.id,
                    when=day(line.booked_on),
                    amount=money(from_cents(line.amount_cents)),
                    payer=line.payer,
                    text=line.text,
                    proposed=proposal is not None,
                    target=target,
                    confidence=proposal.confidence if proposal else 0,
                    sure=bool(proposal and proposal.confidence >= 90),
                    reason=proposal.reason
                    if proposal
                    else "Aucune facture ouverte ne correspond : choisissez le dossier.",
                )
            )
        self.lines = rows

    @rx.event
    def rejected(self, _rejected: list[dict[str, Any]]) -> None:
        """The file picker refused the file (type, size or count)."""
        self.summary, self.file_error = "", ONE_FILE

    @rx.event
    @needs(MANAGE)
    async def upload(self, files: list[rx.UploadFile]) -> rx.event.EventType[()] | None:
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        self.summary = self.file_error = self.notice = ""
        data = await self._one_file(files, MAX_BYTES)
        if data is None:
            self.file_error = ONE_FILE
            return None
        self._forget_pending()
        with rx.session() as session:
            known = store.known_columns(session, account_id=self._account_id)
        try:
            statement = read_statement(data, known)
        except UnknownColumns as unknown:  # the owner names the columns once; the file waits here meanwhile
            self.columns, self._pending, self._signature = unknown.names, data, unknown.signature
            return None
        except InputError as error:
            self.file_error = str(error)
            return None
        self._import(statement)
        return None

    def _import(self, statement: Statement) -> None:
        with rx.session() as session:
            done = store.import_statement(session, account_id=self._account_id, statement=statement, now=clock.now())
        parts = [counted(done.new, "virement reçu importé", "virements reçus importés")]
        if done.known:
            parts.append(counted(done.known, "déjà importé (ignoré)", "déjà importés (ignorés)"))
        if done.debits:
            parts.append(counted(done.debits, "débit ignoré", "débits ignorés"))
        self.summary = " · ".join(parts) + "."
        self._show()

    @rx.event
    @needs(MANAGE)
    def name_columns(self, form_data: dict[str, Any]) -> None:
        """The columns step: which column holds the date, the amount (signed, or credits only), the label and,
        optionally, the payer. Remembered for this bank's header once the statement reads with it."""
        if self._resolve() is None or not self._account_id:
            return
        self.column_errors = {}
        if not self._pending:
            self.columns = []
            self.file_error = "Déposez de nouveau le relevé : il n'est plus en attente."
            return
        form = form_data if isinstance(form_data, dict) else {}
        errors: dict[str, str] = {}

        def column(field: str, what: str, *, required: bool = True) -> int | None:
            raw = form.get(field, "")
            if raw in ("", None) and not required:
                return None
            if (
                isinstance(raw, str)
                and raw.isascii()
                and raw.isdigit()
                and len(raw) <= 3
                and int(raw) < len(self.columns)
            ):
                return int(raw)
            errors[field] = f"Choisissez la colonne {what}."
            return None

        date_col = column("col_date", "de la date")
        amount_col = column("col_amount", "du montant")
        label_col = column("col_label", "du libellé")
        payer_col = column("col_payer", "du payeur", required=False)
        kind = form.get("amount_kind")
        if kind not in ("signe", "credit"):
            errors["amount_kind"] = "Indiquez si la colonne du montant est signée ou ne contient que les crédits."
        chosen = [c for c in (date_col, amount_col, label_col, payer_col) if c is not None]
        if not errors and len(set(chosen)) < len(chosen):
            errors["col_label"] = "Choisissez une colonne différente pour chaque information."
        if errors or date_col is None or amount_col is None or label_col is None:
            self.column_errors = errors
            return
        columns = Columns(
            date=date_col,
            label=label_col,
            amount=amount_col if kind == "signe" else None,
            credit=amount_col if kind == "credit" else None,
            payer=payer_col,
        )
        try:
            statement = read_statement(self._pending, {self._signature: columns})
        except InputError as error:  # the columns chosen do not read (a label column taken for the dates…)
            message = str(error)
            field = "col_date" if "date" in message else "col_amount" if "montant" in message else "col_label"
            self.column_errors = {field: f"{message} Vérifiez les colonnes choisies."}
            return
        with rx.session() as session:
            store.remember_columns(session, account_id=self._account_id, signature=self._signature, columns=columns)
            session.commit()
        self._forget_pending()
        self._import(statement)

    def _decide(self, line_id: object, to_case: object | None) -> tuple[str, str]:
        """Confirms the proposal (to_case None) or the owner's case for the whole credit. Returns the refusal as
        (field, message), ("", "") when recorded."""
        if self._resolve() is None or not self._account_id:
            return "line_id", GONE
        key = record_id(line_id)
        with rx.session() as session:
            lines = store.open_lines(session, account_id=self._account_id)
            line = next((row for row in lines if row.id == key), None)
            if line is None:
                return "line_id", GONE
            amount = from_cents(line.amount_cents)
            if to_case is None:
                found = store.proposals(session, account_id=self._account_id, lines=lines, on=clock.today())
                proposal = found.get(line.key)
                if proposal is None:
                    return "case_id", "Plus de proposition pour ce virement : choisissez le dossier."
                split = proposal.by_case()
            else:
                case_id = route_id(to_case)  # the select's value: ASCII digits
                if case_id is None:
                    return "case_id", "Choisissez le dossier que ce virement règle."
                split = {case_id: amount}
            refusal = store.confirm(
                session,
                account_id=self._account_id,
                line_id=key,
                to_cases=split,
                today=clock.today(),
                now=clock.now(),
            )
        if refusal:
            return "case_id", refusal
        self.notice = f"Virement de {money(amount)} enregistré comme paiement."
        return "", ""

    @rx.event
    @needs(MANAGE)
    def confirm(self, line_id: int) -> None:
        self.notice, self.line_errors, self.assign_errors = "", {}, {}
        field, refusal = self._decide(line_id, None)
        if field == "line_id":
            self.notice = refusal
        elif refusal:
            self.line_errors = {str(line_id): refusal}
        self._show()

    @rx.event
    @needs(MANAGE)
    def assign(self, form_data: dict[str, Any]) -> None:
        self.notice, self.line_errors, self.assign_errors = "", {}, {}
        form = form_data if isinstance(form_data, dict) else {}
        key = route_id(form.get("line_id"))  # the hidden field's value: ASCII digits
        self.assign_line = key or 0
        field, refusal = self._decide(key, form.get("case_id", ""))
        if refusal:
            self.assign_errors = {field: refusal}
        self._show()

    @rx.event
    @needs(MANAGE)
    def set_aside(self, line_id: int) -> None:
        if self._resolve() is None or not self._account_id:
            return
        with rx.session() as session:
            done = store.set_aside(session, account_id=self._account_id, line_id=line_id, now=clock.now())
        self.notice = "Ligne mise de côté : elle ne sera pas rapprochée." if done else GONE
        self.line_errors, self.assign_errors = {}, {}
        self._show()
