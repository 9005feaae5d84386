"""The evidence bundle a professional receives, and the pre-filled documents of the legal path. Pure: built from
a CaseExport, returns text or ZIP bytes.

Why a ZIP of UTF-8 text, HTML, CSV and JSON rather than a PDF: it needs no PDF library and no font file (the
debtor's name, "é", "€" and "’" come out right everywhere), opens on any phone or computer, the HTML timeline
prints to PDF from any browser when a paper copy is wanted, the CSV opens in a spreadsheet, and the JSON is what
a platform reads. The archive is deterministic (fixed timestamps) so that the same case gives the same bytes.
"""

from __future__ import annotations

import csv
import html
import io
import zipfile
from collections.abc import Sequence
from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_app.cases.ledger import RATE_TO_CONFIRM, Terms, kind_texts
from guide_app.core.content import CONTENT_DIR
from guide_app.core.format import day, money, rate
from guide_app.recourse.case_export import CaseExport, Mandate, export_json
from guide_app.recourse.letters import DEADLINE
from guide_app.recourse.professionals import directory, tier_text

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _parties(export: CaseExport) -> list[str]:
    creditor, debtor = export.creditor, export.debtor
    return [
        f"Créancier : {creditor.name}" + (f" (SIREN {creditor.siren})" if creditor.siren else ""),
        f"Débiteur : {debtor.name}"
        + (f" (SIREN {debtor.siren})" if debtor.siren else "")
        + (f", contact {debtor.contact}" if debtor.contact else "")
        + (f", {debtor.email}" if debtor.email else "")
        + (f", {debtor.phone}" if debtor.phone else ""),
    ]


def _amounts(export: CaseExport) -> list[str]:
    return [
        f"Principal restant dû TTC : {money(export.amount_due)}",
        f"{kind_texts()[export.debtor_kind].interest_label} à ce jour : {money(export.penalties)}"
        + (f" ({RATE_TO_CONFIRM})" if export.rate_to_confirm and export.penalties else ""),
        f"Indemnité forfaitaire pour frais de recouvrement : {money(export.indemnity)}",
        f"Total : {money(export.total_due)}",
    ]


def timeline_lines(export: CaseExport) -> list[str]:
    """One line per dated entry, oldest first: "12/03/2026 · Relance · E-mail · envoyé · Rappel : …"."""
    lines = []
    for entry in sorted(export.timeline, key=lambda e: e.on):
        parts = [day(entry.on), "Relance" if entry.kind == "relance" else "Événement"]
        parts += [p for p in (entry.channel, entry.status) if p]
        parts.append(entry.title)
        lines.append(" · ".join(parts))
    return lines


def timeline_text(export: CaseExport) -> str:
    out = [f"Dossier de recouvrement n° {export.case_id} — chronologie", "", *_parties(export), "", *_amounts(export)]
    out += ["", "Factures :"]
    out += [
        f"- {inv.number}, émise le {day(inv.issue_date)}, échue le {day(inv.due_date)}, {money(inv.amount_ttc)} TTC, "
        f"reste {money(inv.remaining)}"
        for inv in export.invoices
    ]
    if export.payments:
        out += ["", "Paiements reçus :"]
        out += [f"- {day(p.paid_on)} : {money(p.amount)} ({p.method})" for p in export.payments]
    out += ["", "Relances et événements, dans l'ordre :", *[f"- {line}" for line in timeline_lines(export)]]
    if export.debtor_responses:
        out += ["", "Réponses du débiteur :"]
        out += [f"- {day(r.on)} ({r.kind}) : {r.text}" for r in export.debtor_responses]
    if export.formal_notice is not None:
        sent = export.formal_notice.sent_on
        out += ["", f"Mise en demeure : {'envoyée le ' + day(sent) if sent else 'prête, pas encore envoyée'}."]
    if export.mandates:
        out += ["", "Mandats :", *[_mandate_line(m) for m in export.mandates]]
    return "\n".join(out) + "\n"


def _mandate_line(mandate: Mandate) -> str:
    line = f"- {mandate.position}. {mandate.professional_name}, mandat du {day(mandate.signed_on)} : {mandate.status}"
    return line + (f", {money(mandate.recovered)} recouvrés" if mandate.recovered else "")


def timeline_html(export: CaseExport) -> str:
    """The same content as a printable page (UTF-8, no external resource)."""
    esc = html.escape
    rows = "".join(
        "<tr>"
        f"<td>{esc(day(e.on))}</td><td>{'Relance' if e.kind == 'relance' else 'Événement'}</td>"
        f"<td>{esc(e.channel)}</td><td>{esc(e.status)}</td><td>{esc(e.title)}</td>"
        "</tr>"
        for e in sorted(export.timeline, key=lambda e: e.on)
    )
    invoices = "".join(
        f"<tr><td>{esc(i.number)}</td><td>{esc(day(i.issue_date))}</td><td>{esc(day(i.due_date))}</td>"
        f"<td>{esc(money(i.amount_ttc))}</td><td>{esc(money(i.remaining))}</td></tr>"
        for i in export.invoices
    )
    responses = "".join(f"<li>{esc(day(r.on))} ({esc(r.kind)}) : {esc(r.text)}</li>" for r in export.debtor_responses)
    parties = "".join(f"<p>{esc(line)}</p>" for line in _parties(export))
    amounts = "".join(f"<li>{esc(line)}</li>" for line in _amounts(export))
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Chronologie du dossier {export.case_id}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left}"
        "</style></head><body>"
        f"<h1>Dossier de recouvrement n° {export.case_id} — chronologie</h1>{parties}<ul>{amounts}</ul>"
        "<h2>Factures</h2><table><tr><th>Numéro</th><th>Émise le</th><th>Échue le</th><th>TTC</th><th>Reste dû</th>"
        f"</tr>{invoices}</table>"
        "<h2>Relances et événements</h2><table><tr><th>Date</th><th>Type</th><th>Canal</th><th>Statut</th>"
        f"<th>Objet</th></tr>{rows}</table>"
        + (f"<h2>Réponses du débiteur</h2><ul>{responses}</ul>" if responses else "")
        + "</body></html>"
    )


def invoices_csv(export: CaseExport) -> str:
    """Semicolon-separated with decimal commas and a BOM, as a French spreadsheet opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["numero", "date_emission", "date_echeance", "montant_ht", "taux_tva", "montant_ttc", "reste_du"])
    for inv in export.invoices:
        writer.writerow(
            [
                inv.number,
                inv.issue_date.isoformat(),
                inv.due_date.isoformat(),
                f"{inv.amount_ht:.2f}".replace(".", ","),
                rate(inv.vat_rate).replace("\u00a0", " "),
                f"{inv.amount_ttc:.2f}".replace(".", ","),
                f"{inv.remaining:.2f}".replace(".", ","),
            ]
        )
    return "\ufeff" + out.getvalue()


def _fee_terms(mandate: Mandate) -> str:
    """The fee scale of the directory's professional (fictional examples), or a blank to fill."""
    pro = directory().get(mandate.professional_id)
    if pro is None:
        return "selon les conditions convenues avec lui (à préciser)"
    fixed = f", frais fixes {money(pro.fixed_fee)}" if pro.fixed_fee else ", aucun frais fixe"
    return f"honoraires au résultat {tier_text(pro)}{fixed}"


def mandate_text(export: CaseExport, mandate: Mandate) -> str:
    """The written mandate a collection agency needs (CPCE R124-3), pre-filled, to sign and keep."""
    return (
        "\n".join(
            [
                "MANDAT DE RECOUVREMENT AMIABLE",
                "",
                f"Le créancier, {export.creditor.name}"
                + (f" (SIREN {export.creditor.siren})" if export.creditor.siren else "")
                + f", confie à {mandate.professional_name} le recouvrement amiable de sa créance sur "
                + f"{export.debtor.name}.",
                "",
                *_amounts(export),
                "",
                f"Mandat donné le {day(mandate.signed_on)} (professionnel n° {mandate.position} du recouvrement "
                "circulaire), avec pouvoir de recevoir les fonds pour le compte du créancier.",
                "",
                "Mentions du mandat (Code des procédures civiles d'exécution, art. R124-3) :",
                "1° Fondement et montant des sommes dues, chaque élément distinct : ci-dessus et factures jointes.",
                "2° Garantie de la responsabilité civile professionnelle du mandataire : assureur "
                "............................, contrat n° ............................",
                f"3° Rémunération du mandataire, à la charge du créancier : {_fee_terms(mandate)}. Les frais de "
                "recouvrement amiable ne peuvent pas être réclamés au débiteur (art. L111-8).",
                "4° Reversement des fonds encaissés : sur le compte du créancier, dans un délai de ........ jours "
                "suivant leur encaissement.",
                "",
                "Pièces jointes : factures, chronologie des relances, réponses du débiteur, mise en demeure.",
                "",
                "Signature du créancier :                         Signature du mandataire :",
            ]
        )
        + "\n"
    )


Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class AgencyLetterText(BaseModel):
    """The fixed words of an agency's first letter to the debtor (content/agency_letter.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Annotated[str, StringConstraints(pattern=r"art\. R124-4")]
    amicable: Sentence
    l111_8_source: Annotated[str, StringConstraints(pattern=r"art\. L111-8")]
    l111_8: tuple[Sentence, Sentence] = Field()


@cache
def agency_letter_words() -> AgencyLetterText:
    raw = yaml.safe_load((CONTENT_DIR / "agency_letter.yaml").read_text(encoding="utf-8"))
    return AgencyLetterText.model_validate(raw)


def agency_letter_text(export: CaseExport, mandate: Mandate) -> str | None:
    """The first letter a collection agency sends the debtor, with the five mentions of CPCE R124-4, pre-filled
    from the case; None when the mandate is not to an agency (a commissaire de justice writes under other rules)."""
    pro = directory().get(mandate.professional_id)
    if pro is None or pro.kind != "agence":
        return None
    words, terms = agency_letter_words(), Terms(kind=export.debtor_kind)
    interest = (
        f"{kind_texts()[export.debtor_kind].interest_label} ({terms.interest_article}) : {money(export.penalties)}"
    )
    sums = [
        *[
            f"- facture {inv.number} du {day(inv.issue_date)}, échue le {day(inv.due_date)} : reste dû "
            f"{money(inv.remaining)} TTC"
            for inv in export.invoices
        ],
        f"- principal restant dû : {money(export.amount_due)}",
        f"- {interest}" + (f" ({RATE_TO_CONFIRM})" if export.rate_to_confirm and export.penalties else ""),
        *(
            [
                f"- indemnité forfaitaire pour frais de recouvrement ({terms.indemnity_article}) : "
                f"{money(export.indemnity)}"
            ]
            if export.indemnity
            else []
        ),
        f"- total : {money(export.total_due)}",
    ]
    return (
        "\n".join(
            [
                "LETTRE AU DÉBITEUR — RECOUVREMENT AMIABLE",
                f"(modèle pré-rempli ; mentions exigées par le {words.source} ; la société l'envoie sous son nom)",
                "",
                f"Référence : {export.case_id}-{mandate.position}          Date : ....../....../..........",
                f"À : {export.debtor.name}",
                "",
                f"1° {pro.name}, adresse : .............................................., {pro.city}, "
                f"{words.amicable}.",
                f"2° Créancier : {export.creditor.name}"
                + (f" (SIREN {export.creditor.siren})" if export.creditor.siren else "")
                + ", adresse : ..............................................",
                "3° Fondement et montant de la somme due, chaque élément distinct (factures impayées) :",
                *sums,
                "Les frais du recouvrement amiable, dont notre rémunération, restent à la charge du créancier et ne "
                "vous sont pas réclamés.",
                f"4° Nous vous demandons de régler {money(export.total_due)} dans un délai de {DEADLINE}, par "
                "virement sur le compte .............................................. (ou par chèque à l'ordre "
                f"de {pro.name}), en rappelant la référence ci-dessus.",
                f"5° {words.l111_8_source} :",
                *[f"« {paragraph} »" for paragraph in words.l111_8],
                "",
                "Nos courriers suivants rappelleront la référence et la date de la présente lettre.",
            ]
        )
        + "\n"
    )


def injonction_summary(export: CaseExport) -> str:
    """What the injonction de payer request asks for, pre-filled (CPC 1405 to 1425), to copy onto the registry's
    form; the request itself is filed by the creditor."""
    notice = export.formal_notice
    sent = (
        f"envoyée le {day(notice.sent_on)}"
        if notice and notice.sent_on
        else "pas encore envoyée (la loi ne l'exige pas avant la requête, Code de procédure civile, art. 1407, mais "
        "elle prouve que la créance a été réclamée et n'est pas contestée)"
    )
    reminders = [
        e for e in sorted(export.timeline, key=lambda e: e.on) if e.kind == "relance" and e.status in ("fait", "envoyé")
    ]
    return (
        "\n".join(
            [
                "RÉCAPITULATIF POUR UNE REQUÊTE EN INJONCTION DE PAYER",
                "(Code de procédure civile, art. 1405 à 1425 — à reporter sur le formulaire du greffe compétent)",
                "",
                *_parties(export),
                "",
                "Montant réclamé :",
                *[f"- {line}" for line in _amounts(export)],
                "",
                "Fondement : factures impayées, échues et non contestées :",
                *[
                    f"- facture {inv.number} du {day(inv.issue_date)}, échue le {day(inv.due_date)}, "
                    f"{money(inv.amount_ttc)} TTC, reste dû {money(inv.remaining)}"
                    for inv in export.invoices
                ],
                "",
                "Démarches amiables préalables :",
                *([f"- {day(e.on)} : {e.title} ({e.channel})" for e in reminders] or ["- aucune relance enregistrée"]),
                f"- mise en demeure : {sent}",
                "",
                "Pièces à joindre : les factures, les bons de commande ou le contrat, les relances, la mise en "
                "demeure et son accusé de réception.",
                "",
                "Après l'ordonnance : la faire signifier par un commissaire de justice dans les trois mois (décret "
                "n° 2026-96 du 16 février 2026) ; le débiteur a un mois pour former opposition.",
            ]
        )
        + "\n"
    )


def bundle_files(export: CaseExport) -> dict[str, str]:
    files = {
        "LISEZMOI.txt": (
            f"Dossier de preuves du dossier n° {export.case_id} ({export.debtor.name}).\n"
            "chronologie.html : à ouvrir dans un navigateur (imprimable en PDF) ;\n"
            "chronologie.txt : le même en texte ;\n"
            "factures.csv : les factures ; mise_en_demeure.txt : la lettre ; mandat_*.txt : les mandats ;\n"
            "lettre_debiteur_*.txt : la première lettre d'une société de recouvrement au débiteur ;\n"
            "dossier.json : le dossier complet au format guide-recouvrement/dossier v1.\n"
        ),
        "chronologie.txt": timeline_text(export),
        "chronologie.html": timeline_html(export),
        "factures.csv": invoices_csv(export),
        "dossier.json": export_json(export),
    }
    if export.formal_notice is not None:
        files["mise_en_demeure.txt"] = f"Objet : {export.formal_notice.subject}\n\n{export.formal_notice.body}\n"
    for mandate in export.mandates:
        files[f"mandat_{mandate.position}_{mandate.professional_id}.txt"] = mandate_text(export, mandate)
        letter = agency_letter_text(export, mandate)
        if letter is not None:
            files[f"lettre_debiteur_{mandate.position}_{mandate.professional_id}.txt"] = letter
    return files


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name].encode("utf-8"))
    return buffer.getvalue()


def bundle(export: CaseExport) -> bytes:
    return zip_bytes(bundle_files(export))


def names(archive: bytes) -> Sequence[str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return opened.namelist()
