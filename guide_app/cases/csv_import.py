"""Reading a file of open invoices exported from a spreadsheet or an invoicing tool.

Columns (header required, in any order, accents and case ignored):
    client;siren;email;telephone;categorie;type_client;acheteur_public;facture;date_facture;echeance;montant_ht;tva
client, facture, date_facture, echeance and montant_ht are required in every line; siren, email, telephone
may be empty; categorie is confiance, standard (default) or a_risque; type_client is professionnel (default),
particulier or public (the law of late payment follows it); acheteur_public is etat (default), sante or
entreprise, for a public client only; tva is a percentage (default 20).
Separator ";" or "," (found from the header), UTF-8 with or without BOM (Windows-1252, as Excel saves a
"CSV" in France, is read too), French numbers "1 234,56" and dates JJ/MM/AAAA or AAAA-MM-JJ.

A bad line is reported with its number and left out; the other lines are kept. Lines of one debtor (same
SIREN, or same name ignoring case when there is no SIREN) are grouped: they become one case.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import DEBTOR_KINDS, public_buyers
from guide_app.cases.risk import RiskCategory
from guide_app.core.parse import (
    InputError,
    parse_amount,
    parse_date,
    parse_email,
    parse_name,
    parse_percent,
    parse_phone,
)
from guide_app.core.siren import parse_optional_siren

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
COLUMNS = (
    "client",
    "siren",
    "email",
    "telephone",
    "categorie",
    "type_client",
    "acheteur_public",
    "facture",
    "date_facture",
    "echeance",
    "montant_ht",
    "tva",
)
REQUIRED = ("client", "facture", "date_facture", "echeance", "montant_ht")
COLUMN_HELP: dict[str, str] = {
    "client": "Nom de l'entreprise cliente (obligatoire)",
    "siren": "SIREN ou SIRET du client (facultatif, 9 ou 14 chiffres)",
    "email": "E-mail du client (facultatif)",
    "telephone": "Téléphone du client (facultatif)",
    "categorie": "confiance, standard ou a_risque (standard si vide)",
    "type_client": "professionnel, particulier ou public (professionnel si vide) : la loi des retards en dépend",
    "acheteur_public": "Pour un client public : etat, sante ou entreprise (etat si vide)",
    "facture": "Numéro de la facture (obligatoire, unique)",
    "date_facture": "Date d'émission, JJ/MM/AAAA (obligatoire)",
    "echeance": "Date d'échéance, JJ/MM/AAAA (obligatoire)",
    "montant_ht": "Montant HT en euros, par exemple 1 234,56 (obligatoire)",
    "tva": "Taux de TVA en %, par exemple 20 ou 5,5 (20 si vide)",
}
ALIASES = {
    "type": "type_client",
    "type_de_client": "type_client",
    "e_mail": "email",
    "mail": "email",
    "tel": "telephone",
    "numero_facture": "facture",
    "date": "date_facture",
}
DEFAULT_VAT = Decimal("0.20")


@dataclass(frozen=True)
class DebtorInfo:
    name: str
    siren: str | None
    email: str
    phone: str
    risk: RiskCategory
    kind: str = "professionnel"  # cases.ledger.DEBTOR_KINDS
    public_buyer: str = ""  # for a public client: etat | sante | entreprise


@dataclass(frozen=True)
class ImportLine:
    line: int
    invoice: InvoiceSpec


@dataclass(frozen=True)
class DebtorGroup:
    debtor: DebtorInfo  # from the debtor's first line
    lines: tuple[ImportLine, ...]


@dataclass(frozen=True)
class LineError:
    line: int  # as a spreadsheet numbers it: the header is line 1
    message: str


@dataclass(frozen=True)
class ParsedFile:
    groups: tuple[DebtorGroup, ...]
    errors: tuple[LineError, ...]
    lines_read: int  # non-empty lines after the header

    @property
    def invoice_count(self) -> int:
        return sum(len(group.lines) for group in self.groups)


def _key(text: str) -> str:
    """ "Catégorie " → "categorie", "À risque" → "a_risque": accents, case, spaces and dashes ignored."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "_".join(plain.strip().lower().replace("-", " ").split())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InputError("Le fichier n'est pas un texte lisible : enregistrez-le au format CSV UTF-8.") from error


def _vat(raw: str) -> Decimal:
    if not raw.strip():
        return DEFAULT_VAT
    rate = parse_percent(raw, field="La TVA")
    if (rate * 10000) != (rate * 10000).to_integral_value():
        raise InputError("La TVA a trop de décimales, par exemple 20 ou 5,5.")
    return rate


def _risk(raw: str) -> RiskCategory:
    if not raw.strip():
        return RiskCategory.STANDARD
    try:
        return RiskCategory(_key(raw))
    except ValueError as error:
        raise InputError("La catégorie doit être confiance, standard ou a_risque.") from error


def _kind(raw: str) -> str:
    if not raw.strip():
        return "professionnel"
    if _key(raw) not in DEBTOR_KINDS:
        raise InputError("Le type de client doit être professionnel, particulier ou public.")
    return _key(raw)


def _buyer(raw: str) -> str:
    if not raw.strip():
        return ""
    if _key(raw) not in public_buyers():
        raise InputError("L'acheteur public doit être " + ", ".join(public_buyers()) + " (vide : etat).")
    return _key(raw)


def _parse_line(cells: dict[str, str], messages: list[str]) -> tuple[DebtorInfo, InvoiceSpec] | None:
    def read(name: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(cells.get(name, ""))
        except InputError as error:
            messages.append(str(error))
            return None

    name = read("client", lambda v: parse_name(v, field="Le client"))
    siren = read("siren", parse_optional_siren)
    email = read("email", lambda v: parse_email(v, field="L'e-mail", required=False))
    phone = read("telephone", lambda v: parse_phone(v, field="Le téléphone"))
    risk = read("categorie", _risk)
    kind = read("type_client", _kind)
    buyer = read("acheteur_public", _buyer)
    if buyer and kind and kind != "public":
        messages.append("La colonne acheteur_public ne vaut que pour un client de type public.")
    number = read("facture", lambda v: parse_name(v, field="Le numéro de facture", max_length=40))
    issued = read("date_facture", lambda v: parse_date(v, field="La date de facture"))
    due = read("echeance", lambda v: parse_date(v, field="L'échéance"))
    amount = read("montant_ht", lambda v: parse_amount(v, field="Le montant HT"))
    vat = read("tva", _vat)
    if issued and due and due < issued:
        messages.append("L'échéance ne peut pas précéder la date de facture.")
    if messages:
        return None
    debtor = DebtorInfo(
        name=name,
        siren=siren,
        email=email,
        phone=phone,
        risk=risk,
        kind=kind,
        public_buyer=(buyer or "etat") if kind == "public" else "",
    )
    return debtor, InvoiceSpec(number=number, issue_date=issued, due_date=due, amount_ht=amount, vat_rate=vat)


def _header(row: list[str]) -> list[str]:
    names = [ALIASES.get(_key(cell), _key(cell)) for cell in row]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise InputError(
            "La première ligne doit nommer les colonnes ; il manque : "
            + ", ".join(missing)
            + ". Partez du modèle à télécharger."
        )
    return names


def parse_csv(data: bytes) -> ParsedFile:
    """Valid lines grouped by debtor, and one French error per bad line. InputError when the file as a whole
    cannot be read (too big, not text, no header, too many lines)."""
    if len(data) > MAX_BYTES:
        raise InputError("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers.")
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header_row = next(reader, None)
        if header_row is None or not any(cell.strip() for cell in header_row):
            raise InputError("Le fichier est vide : partez du modèle à télécharger.")
        names = _header(header_row)
        groups: dict[str, list[ImportLine]] = {}
        debtors: dict[str, DebtorInfo] = {}
        aliases: dict[str, str] = {}  # debtor name (case-folded) → group key, so a line without SIREN joins
        errors: list[LineError] = []
        seen_numbers: dict[str, int] = {}
        lines_read = 0
        line = reader.line_num
        for row in reader:
            first, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            lines_read += 1
            if lines_read > MAX_LINES:
                raise InputError(f"Le fichier dépasse {MAX_LINES} lignes : découpez-le en plusieurs fichiers.")
            extra = [cell for cell in row[len(names) :] if cell.strip()]
            if extra:
                errors.append(
                    LineError(first, "Cette ligne a plus de colonnes que l'en-tête : vérifiez le séparateur.")
                )
                continue
            messages: list[str] = []
            parsed = _parse_line(dict(zip(names, row, strict=False)), messages)
            if parsed is None:
                errors.append(LineError(first, " ".join(messages)))
                continue
            debtor, invoice = parsed
            if invoice.number in seen_numbers:
                errors.append(
                    LineError(first, f"La facture {invoice.number} figure déjà ligne {seen_numbers[invoice.number]}.")
                )
                continue
            seen_numbers[invoice.number] = first
            name_key = "nom:" + debtor.name.casefold()
            key = "siren:" + debtor.siren if debtor.siren else aliases.get(name_key, name_key)
            if key not in debtors:
                debtors[key] = debtor
                aliases.setdefault(name_key, key)
            groups.setdefault(key, []).append(ImportLine(first, invoice))
    except csv.Error as error:
        raise InputError("Le fichier CSV est mal formé (guillemet non fermé ?) : vérifiez-le.") from error
    return ParsedFile(
        groups=tuple(DebtorGroup(debtors[key], tuple(lines)) for key, lines in groups.items()),
        errors=tuple(errors),
        lines_read=lines_read,
    )


def template_csv() -> str:
    """The downloadable model (also in assets/modele-import.csv, checked equal by a test)."""
    return (
        ";".join(COLUMNS)
        + "\r\n"
        + "Boulangerie Martin SARL;732829320;compta@martin.fr;06 12 34 56 78;standard;professionnel;;F-2026-101;"
        + "02/03/2026;01/04/2026;2 000,00;20\r\n"
        + "Boulangerie Martin SARL;732829320;compta@martin.fr;06 12 34 56 78;standard;professionnel;;F-2026-117;"
        + "16/03/2026;15/04/2026;450,50;20\r\n"
        + "Garage du Centre;;contact@garage-centre.fr;;a_risque;;;F-2026-120;20/03/2026;19/04/2026;1 234,56;5,5\r\n"
        + "Mairie de Lyon;216901231;factures@mairie.fr;;confiance;public;etat;F-2026-124;23/03/2026;22/04/2026;"
        + "3 100,00;20\r\n"
        + "Claire Petit;;claire.petit@exemple.fr;;standard;particulier;;F-2026-130;25/03/2026;24/04/2026;"
        + "180,00;10\r\n"
    )
