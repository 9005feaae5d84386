from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from guide_app.cases.csv_import import MAX_BYTES, MAX_LINES, parse_csv, template_csv
from guide_app.cases.risk import RiskCategory
from guide_app.core.parse import InputError

HEADER = "client;siren;email;telephone;categorie;facture;date_facture;echeance;montant_ht;tva"
ASSET = Path(__file__).resolve().parents[3] / "assets" / "modele-import.csv"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def test_semicolons_bom_french_numbers_and_dates_grouped_by_debtor():
    data = "\ufeff".encode() + _csv(
        "Boulangerie Martin;732 829 320;compta@martin.fr;06 12 34 56 78;confiance;F-1;02/03/2026;01/04/2026;"
        "1 234,56;20",
        "Boulangerie Martin;732829320;;;;F-2;2026-03-16;2026-04-15;450,5;5,5",
        "Garage du Centre;;;;À risque;F-3;20/03/2026;19/04/2026;1\u202f000;",
    )
    parsed = parse_csv(data)
    assert parsed.errors == () and parsed.lines_read == 3 and parsed.invoice_count == 3
    martin, garage = parsed.groups
    assert martin.debtor.name == "Boulangerie Martin" and martin.debtor.siren == "732829320"
    assert martin.debtor.email == "compta@martin.fr" and martin.debtor.phone == "0612345678"
    assert martin.debtor.risk is RiskCategory.CONFIANCE
    first, second = (line.invoice for line in martin.lines)
    assert first.amount_ht == Decimal("1234.56") and first.vat_rate == Decimal("0.2")
    assert first.issue_date == date(2026, 3, 2) and first.due_date == date(2026, 4, 1)
    assert second.amount_ht == Decimal("450.5") and second.vat_rate == Decimal("0.055")
    assert [line.line for line in martin.lines] == [2, 3]
    assert garage.debtor.risk is RiskCategory.A_RISQUE and garage.debtor.siren is None
    assert garage.lines[0].invoice.amount_ht == Decimal(1000) and garage.lines[0].invoice.vat_rate == Decimal("0.20")


def test_commas_with_quoted_french_decimals_and_headers_in_any_order_and_case():
    data = (
        "Facture,Client,Montant HT,Date facture,Échéance,E-mail\n"
        'F-9,"Dupont, Fils et Cie","1 234,56",01/02/2026,03/03/2026,a@b.fr\n'
    ).encode()
    parsed = parse_csv(data)
    assert parsed.errors == ()
    (group,) = parsed.groups
    assert group.debtor.name == "Dupont, Fils et Cie" and group.debtor.email == "a@b.fr"
    assert group.lines[0].invoice.amount_ht == Decimal("1234.56") and group.lines[0].invoice.number == "F-9"


def test_bad_lines_are_reported_with_their_number_and_the_others_kept():
    parsed = parse_csv(
        _csv(
            "Martin;;;;;F-1;01/03/2026;31/03/2026;100;20",
            ";;;;;F-2;01/03/2026;31/03/2026;100;20",  # 3: no client
            "Martin;;;;;F-3;31/02/2026;31/03/2026;100;20",  # 4: no such date
            "Martin;;;;;F-4;01/03/2026;31/03/2026;cent euros;20",  # 5: amount
            "Martin;;;;;F-5;01/03/2026;01/02/2026;100;20",  # 6: due before issue
            "Martin;123456789;;;;F-6;01/03/2026;31/03/2026;100;20",  # 7: SIREN key
            "Martin;;;;premium;F-7;01/03/2026;31/03/2026;100;20",  # 8: category
            "Martin;;;;;F-1;01/03/2026;31/03/2026;100;20",  # 9: same number as line 2
            "Martin;;;;;F-8;01/03/2026;31/03/2026;100;20;x;y",  # 10: extra columns
            "Martin;;pas-un-email;;;F-9;01/03/2026;31/03/2026;-5;5,555",  # 11: three problems
            "",
            "Martin;;;;;<b>F-10</b>;01/03/2026;31/03/2026;100;20",  # 13 (after a blank line): markup
        )
    )
    assert [line.line for line in parsed.groups[0].lines] == [2]
    by_line = {error.line: error.message for error in parsed.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert "Le client est obligatoire." in by_line[3]
    assert "La date de facture doit être une date" in by_line[4]
    assert "Le montant HT doit être un nombre" in by_line[5]
    assert "L'échéance ne peut pas précéder" in by_line[6]
    assert "SIREN" in by_line[7]
    assert "confiance, standard ou a_risque" in by_line[8]
    assert "F-1 figure déjà ligne 2" in by_line[9]
    assert "plus de colonnes" in by_line[10]
    assert "L'e-mail" in by_line[11] and "négatif" in by_line[11] and "TVA" in by_line[11]
    assert "< >" in by_line[13]
    assert parsed.lines_read == 11


def test_a_quoted_line_break_keeps_line_numbers_right():
    parsed = parse_csv(
        _csv(
            '"Martin\net fils";;;;;F-1;01/03/2026;31/03/2026;100;20',
            "Martin;;;;;F-2;01/03/2026;pas une date;100;20",
        )
    )
    assert parsed.groups[0].debtor.name == "Martin et fils"
    assert [error.line for error in parsed.errors] == [4]


def test_lines_of_one_debtor_are_grouped_by_siren_or_by_name_ignoring_case():
    parsed = parse_csv(
        _csv(
            "Martin SARL;732829320;;;;F-1;01/03/2026;31/03/2026;100;20",
            "MARTIN sarl;;;;;F-2;01/03/2026;31/03/2026;100;20",
            "Boulangerie Martin;732 829 320;;;;F-3;01/03/2026;31/03/2026;100;20",
            "Autre;;;;;F-4;01/03/2026;31/03/2026;100;20",
            "autre;;;;;F-5;01/03/2026;31/03/2026;100;20",
        )
    )
    assert [[line.invoice.number for line in group.lines] for group in parsed.groups] == [
        ["F-1", "F-2", "F-3"],
        ["F-4", "F-5"],
    ]


def test_windows_1252_files_from_excel_are_read():
    data = _csv("Société Générale;;;;;F-1;01/03/2026;31/03/2026;100;20").decode().encode("cp1252")
    assert parse_csv(data).groups[0].debtor.name == "Société Générale"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"\xef\xbb\xbf\r\n", "vide"),
        (b"nom;montant\nMartin;100\n", "il manque : client, facture, date_facture, echeance, montant_ht"),
        (b"client;facture;date_facture;echeance\n", "il manque : montant_ht"),
        (b"\x81\x8d\x8f\x90\x9d", "CSV UTF-8"),
        (_csv('"Martin;;;;;F-1;01/03/2026;31/03/2026;100;20') + b"x" * 140_000, "mal formé"),
    ],
)
def test_files_that_cannot_be_read_as_a_whole_say_why_in_french(data, message):
    with pytest.raises(InputError, match=message):
        parse_csv(data)


def test_size_and_line_limits():
    with pytest.raises(InputError, match="2 Mo"):
        parse_csv(b"x" * (MAX_BYTES + 1))
    line = "Martin;;;;;F-{};01/03/2026;31/03/2026;100;20"
    assert parse_csv(_csv(*[line.format(i) for i in range(MAX_LINES)])).invoice_count == MAX_LINES
    with pytest.raises(InputError, match="5000 lignes"):
        parse_csv(_csv(*[line.format(i) for i in range(MAX_LINES + 1)]))


def test_the_downloadable_model_is_the_documented_one_and_imports_cleanly():
    assert ASSET.read_bytes() == ("\ufeff" + template_csv()).encode("utf-8")
    parsed = parse_csv(ASSET.read_bytes())
    assert parsed.errors == () and parsed.invoice_count == 5 and len(parsed.groups) == 4
    kinds = {group.debtor.name: (group.debtor.kind, group.debtor.public_buyer) for group in parsed.groups}
    assert kinds == {
        "Boulangerie Martin SARL": ("professionnel", ""),
        "Garage du Centre": ("professionnel", ""),
        "Mairie de Lyon": ("public", "etat"),
        "Claire Petit": ("particulier", ""),
    }


def test_the_kind_of_client_decides_the_law_and_a_wrong_one_is_refused_on_its_line():
    header = "client;type_client;acheteur_public;facture;date_facture;echeance;montant_ht"
    parsed = parse_csv(
        f"{header}\n"
        "CHU Nord;Public;Santé;F-1;01/03/2026;20/04/2026;100\n"
        "Jean Dupont;particulier;;F-2;01/03/2026;31/03/2026;100\n"
        "Dupont SA;entreprise;;F-3;01/03/2026;31/03/2026;100\n"
        "Dupont SAS;professionnel;sante;F-4;01/03/2026;31/03/2026;100\n"
        "Mairie;public;ministere;F-5;01/03/2026;31/03/2026;100\n".encode()
    )
    assert [(g.debtor.kind, g.debtor.public_buyer) for g in parsed.groups] == [("public", "sante"), ("particulier", "")]
    assert [(e.line, e.message) for e in parsed.errors] == [
        (4, "Le type de client doit être professionnel, particulier ou public."),
        (5, "La colonne acheteur_public ne vaut que pour un client de type public."),
        (6, "L'acheteur public doit être etat, sante, entreprise (vide : etat)."),
    ]
