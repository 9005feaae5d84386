"""Reading a bank statement — CAMT.053 (ISO 20022 XML, most French banks), OFX (many banking apps) or CSV — into its
credit lines: the money that came in. Pure: bytes in, lines out, or InputError with a French message.

Hostile files are refused before anything is parsed: more than MAX_BYTES, a DTD (an XML bomb or an external entity
needs one; no bank statement has one), a binary file, a spreadsheet formula in a CSV cell. XML is read by lxml with
entities, DTDs and the network off; OFX by ofxtools.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree
from ofxtools.Parser import OFXTree

from guide_app.core.parse import CENT, EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT, InputError, clean
from guide_app.core.safexml import declares_dtd, parse_xml

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000
NAME_MAX, TEXT_MAX = 140, 280
TOO_BIG = "Le relevé dépasse 2 Mo : exportez une période plus courte."
UNKNOWN = "Ce fichier n'est pas un relevé reconnu : choisissez l'export CAMT.053 (XML), OFX ou CSV de votre banque."
DTD = "Fichier refusé : il déclare une DTD ou des entités XML, ce qu'un relevé bancaire ne fait jamais."
FORMULA = (
    "Ligne {line} : une cellule commence par une formule de tableur ({cell}…). Exportez le relevé depuis votre "
    "banque, sans le retoucher dans un tableur, ou enregistrez les valeurs seules."
)


@dataclass(frozen=True)
class Credit:
    """One credit of the statement. `key`: the bank's own reference when it gives one, else a stable hash of the
    line (and of its rank among identical lines), so that importing the same statement twice finds the same keys."""

    key: str
    booked_on: date
    amount: Decimal
    name: str  # the payer, as the bank writes it
    text: str  # the remittance information (« FACTURE F-2026-014 … »)


@dataclass(frozen=True)
class Statement:
    kind: str  # camt | ofx | csv
    credits: tuple[Credit, ...]
    debits: int  # lines that are not credits (ignored)


@dataclass(frozen=True)
class Columns:
    """Which column (from 0) of a bank's CSV holds what: the owner's answer for a header this app does not know."""

    date: int
    label: int
    amount: int | None = None  # a signed amount (credits positive)…
    credit: int | None = None  # …or a column of credits only
    payer: int | None = None

    def highest(self) -> int:
        return max(i for i in (self.date, self.label, self.amount, self.credit, self.payer) if i is not None)


class UnknownColumns(InputError):
    """A CSV statement whose header names no column this app recognises: the owner says which is which, once per
    bank (the header's `signature`)."""

    def __init__(self, signature: str, names: list[str]) -> None:
        super().__init__(
            "Colonnes non reconnues : indiquez une fois quelle colonne contient la date, le montant et le libellé ; "
            "les relevés suivants de cette banque seront lus seuls."
        )
        self.signature, self.names = signature, names


def read_statement(data: bytes, columns: Mapping[str, Columns] | None = None) -> Statement:
    """The statement's credits, whatever its format. `columns`: what the owner said of CSV headers this app does not
    recognise, by header signature. InputError for a file that is not one; UnknownColumns (an InputError) for a CSV
    whose columns the owner must name first."""
    if len(data) > MAX_BYTES:
        raise InputError(TOO_BIG)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if declares_dtd(data):
        raise InputError(DTD)
    if head.startswith(b"OFXHEADER") or re.search(rb"<OFX>", data[:65536], re.IGNORECASE):
        return _ofx(data)
    if head.startswith(b"<"):
        return _camt(data)
    if b"\x00" in data[:4096] or head.startswith(b"%PDF") or head.startswith(b"PK"):
        raise InputError(UNKNOWN)
    return _csv(data, columns or {})


# --- shared ---------------------------------------------------------------------------------------------------


def _amount(raw: str, *, line: int) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise InputError(f"Ligne {line} : montant illisible ({clean(raw, 20)}).") from error
    if not value.is_finite() or abs(value) > MAX_AMOUNT or value != value.quantize(CENT):
        raise InputError(f"Ligne {line} : montant hors limites ou avec plus de deux décimales ({clean(raw, 20)}).")
    return value


def _day(value: date, *, line: int) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InputError(f"Ligne {line} : date hors limites ({value.isoformat()}).")
    return value


def _keyed(kind: str, rows: list[tuple[str, date, Decimal, str, str]]) -> tuple[Credit, ...]:
    """Credits with their keys: the bank's reference (first field) when present and unique in the file, else a
    hash of the line and its rank among identical lines."""
    references = Counter(ref for ref, *_ in rows if ref)
    seen: Counter[tuple[date, Decimal, str, str]] = Counter()
    credits = []
    for ref, booked_on, amount, name, text in rows:
        if ref and references[ref] == 1:
            key = f"{kind}:{ref}"
            if len(key) > 64:  # a long reference: its digest
                key = f"{kind}:{hashlib.sha256(ref.encode()).hexdigest()[:40]}"
        else:
            same = (booked_on, amount, name, text)
            seen[same] += 1
            digest = hashlib.sha256(repr((*same, seen[same])).encode()).hexdigest()[:40]
            key = f"{kind}#{digest}"
        credits.append(Credit(key=key, booked_on=booked_on, amount=amount, name=name, text=text))
    if len(credits) > MAX_LINES:
        raise InputError(f"Le relevé dépasse {MAX_LINES} lignes : exportez une période plus courte.")
    return tuple(credits)


# --- CAMT.053 -------------------------------------------------------------------------------------------------


def _steps(path: str) -> str:
    """`path` in local names (« Ntry/Amt »): any namespace, so any version of camt.053."""
    return "/".join(f"*[local-name()='{step}']" for step in path.split("/"))


def _find(node: etree._Element, path: str) -> str:
    """The text at `path` (local names separated by /), or ""."""
    return str(node.xpath(f"string({_steps(path)})")).strip()


def _nodes(node: etree._Element, xpath: str) -> list[etree._Element]:
    found = node.xpath(xpath)
    return [item for item in found if isinstance(item, etree._Element)] if isinstance(found, list) else []


def _texts(node: etree._Element, xpath: str) -> list[str]:
    found = node.xpath(xpath)
    return [str(item) for item in found if isinstance(item, str)] if isinstance(found, list) else []


def _camt(data: bytes) -> Statement:
    root = parse_xml(
        data, refused=DTD, unreadable="Fichier XML illisible : choisissez l'export CAMT.053 de votre banque, tel quel."
    )
    if etree.QName(root).localname != "Document" or not _nodes(root, _steps("BkToCstmrStmt")):
        raise InputError(UNKNOWN)
    rows: list[tuple[str, date, Decimal, str, str]] = []
    debits = number = 0
    for statement in _nodes(root, "//" + _steps("Stmt")):
        account = _find(statement, "Acct/Id/IBAN") or _find(statement, "Acct/Id/Othr/Id")
        for entry in _nodes(statement, _steps("Ntry")):
            number += 1
            status = _find(entry, "Sts/Cd") or _find(entry, "Sts")
            if status and status != "BOOK":
                continue  # pending or informational: not money in yet
            if _find(entry, "CdtDbtInd") != "CRDT" or _find(entry, "RvslInd") == "true":
                debits += 1
                continue
            when = _find(entry, "BookgDt/Dt") or _find(entry, "BookgDt/DtTm")[:10] or _find(entry, "ValDt/Dt")
            try:
                booked_on = _day(date.fromisoformat(when), line=number)
            except ValueError as error:
                raise InputError(f"Écriture {number} : date de comptabilisation illisible.") from error
            details = _nodes(entry, _steps("NtryDtls/TxDtls"))
            if len(details) <= 1:  # one transfer: the entry's amount, the bank's reference of the entry
                detail = details[0] if details else entry
                ref = _find(entry, "AcctSvcrRef") or _reference(detail) or _find(entry, "NtryRef")
                amount = _amount(_find(entry, "Amt"), line=number)
                text = _remittance(detail) or clean(_find(entry, "AddtlNtryInf"), TEXT_MAX)
                rows.append((f"{account}:{ref}" if ref else "", booked_on, amount, _payer(detail), text))
                continue
            for detail in details:  # a batch: one line per transfer in it
                ref = _reference(detail)
                amount = _amount(_find(detail, "Amt") or _find(detail, "AmtDtls/TxAmt/Amt"), line=number)
                rows.append((f"{account}:{ref}" if ref else "", booked_on, amount, _payer(detail), _remittance(detail)))
    return Statement(kind="camt", credits=_keyed("camt", rows), debits=debits)


def _reference(detail: etree._Element) -> str:
    ref = _find(detail, "Refs/AcctSvcrRef") or _find(detail, "Refs/EndToEndId")
    return "" if ref.upper() in ("", "NOTPROVIDED") else ref


def _payer(detail: etree._Element) -> str:
    name = _find(detail, "RltdPties/Dbtr/Nm") or _find(detail, "RltdPties/Dbtr/Pty/Nm")
    return clean(name, NAME_MAX)


def _remittance(detail: etree._Element) -> str:
    parts = _texts(detail, _steps("RmtInf") + "//" + _steps("Ustrd") + "/text()")
    parts += _texts(detail, _steps("RmtInf") + "//" + _steps("Ref") + "/text()")
    return clean(" ".join(parts), TEXT_MAX)


# --- OFX ------------------------------------------------------------------------------------------------------


def _ofx(data: bytes) -> Statement:
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        ofx = tree.convert()
    except Exception as error:  # ofxtools raises its own errors, and ValueError/KeyError on malformed files
        raise InputError("Fichier OFX illisible : choisissez l'export OFX de votre banque, tel quel.") from error
    rows: list[tuple[str, date, Decimal, str, str]] = []
    debits = 0
    for statement in getattr(ofx, "statements", []) or []:
        account = getattr(getattr(statement, "account", None), "acctid", "") or ""
        for number, transaction in enumerate(getattr(statement, "banktranlist", None) or [], start=1):
            amount = _amount(str(transaction.trnamt), line=number)
            if amount <= 0:
                debits += 1
                continue
            posted = transaction.dtposted
            day = posted.date() if isinstance(posted, datetime) else posted
            fitid = str(transaction.fitid or "")
            rows.append(
                (
                    f"{account}:{fitid}" if fitid else "",
                    _day(day, line=number),
                    amount,
                    clean(transaction.name, NAME_MAX),
                    clean(transaction.memo, TEXT_MAX),
                )
            )
    return Statement(kind="ofx", credits=_keyed("ofx", rows), debits=debits)


# --- CSV ------------------------------------------------------------------------------------------------------

# Header names French banks use, reduced to lower-case ASCII words.
DATE_NAMES = ("date", "date operation", "date comptable", "date de comptabilisation", "date valeur", "date de valeur")
AMOUNT_NAMES = ("montant", "montant eur", "montant en euros", "montant euros")
CREDIT_NAMES = ("credit", "credit eur", "credit euros", "montant credit")
TEXT_NAMES = ("libelle", "libelle operation", "libelle de l operation", "detail", "details", "description", "motif")
NAME_NAMES = ("tiers", "emetteur", "donneur d ordre", "nom", "contrepartie")
_FORMULA = re.compile(r"^[=@]|^[+-](?=[^\d\s.,])")


def _header_key(cell: str) -> str:
    plain = unicodedata.normalize("NFKD", cell).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for index, name in enumerate(names):
        if name in wanted:
            return index
    return None


def _csv_amount(raw: str, *, line: int) -> Decimal:
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", raw)
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d{1,2})?", text):  # 1.234,56
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d{0,2})?|\.\d{1,2})", text):
        raise InputError(f"Ligne {line} : montant illisible ({clean(raw, 20)}).")
    return _amount(text, line=line)


def _csv_date(raw: str, *, line: int) -> date:
    text = raw.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return _day(datetime.strptime(text, pattern).date(), line=line)
        except ValueError:
            continue
    raise InputError(f"Ligne {line} : date illisible ({clean(raw, 20)}), attendue JJ/MM/AAAA.")


def _header_at(lines: list[str]) -> int | None:
    """The header line: the first naming a date column, else the first of three cells or more (some banks put the
    account and the period above it)."""
    for index, line in enumerate(lines[:20]):
        if any(_header_key(cell) in DATE_NAMES for cell in re.split(r"[;,\t]", line)):
            return index
    for index, line in enumerate(lines[:20]):
        if len([cell for cell in re.split(r"[;,\t]", line) if cell.strip()]) >= 3:
            return index
    return None


def header_signature(names: list[str]) -> str:
    """The same for every statement of one bank's export: its header, reduced."""
    return hashlib.sha256("|".join(_header_key(name) for name in names).encode()).hexdigest()[:32]


def _csv(data: bytes, known: Mapping[str, Columns]) -> Statement:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    start = _header_at(lines)
    if start is None:
        raise InputError(UNKNOWN)
    header_line = lines[start]
    separator = max((";", ",", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=separator)
    header = next(reader)
    names = [_header_key(cell) for cell in header]
    signature = header_signature(header)
    unknown = UnknownColumns(signature, [clean(cell, 60) or f"Colonne {i + 1}" for i, cell in enumerate(header)])
    chosen = known.get(signature)
    if chosen is None:
        found = _column(names, DATE_NAMES), _column(names, TEXT_NAMES)
        amount, credit = _column(names, AMOUNT_NAMES), _column(names, CREDIT_NAMES)
        if found[0] is None or found[1] is None or (amount is None and credit is None):
            raise unknown
        chosen = Columns(date=found[0], label=found[1], amount=amount, credit=credit, payer=_column(names, NAME_NAMES))
    if chosen.highest() >= len(names):
        raise unknown
    when, label, amount, credit, payer = chosen.date, chosen.label, chosen.amount, chosen.credit, chosen.payer
    rows: list[tuple[str, date, Decimal, str, str]] = []
    debits = 0
    for offset, row in enumerate(reader, start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        for cell in row:
            if _FORMULA.match(cell.strip()):
                raise InputError(FORMULA.format(line=offset, cell=clean(cell.strip(), 12)))
        cells = row + [""] * (len(names) - len(row))
        raw = (
            cells[credit]
            if credit is not None and cells[credit].strip()
            else (cells[amount] if amount is not None else "")
        )
        if not raw.strip():
            debits += 1  # a debit-only line of a Débit / Crédit file
            continue
        value = _csv_amount(raw, line=offset)
        if value <= 0:
            debits += 1
            continue
        rows.append(
            (
                "",
                _csv_date(cells[when], line=offset),
                value,
                clean(cells[payer], NAME_MAX) if payer is not None else "",
                clean(cells[label], TEXT_MAX),
            )
        )
    return Statement(kind="csv", credits=_keyed("csv", rows), debits=debits)
