"""The account home and a case page (phone first)."""

from __future__ import annotations

import reflex as rx

from guide_app.cases.invoice_form import VAT_RATES
from guide_app.cases.lifecycle import TYPED_METHODS
from guide_app.components.form import select_field, text_field
from guide_app.components.layout import link_button, loading, page
from guide_app.components.timeline import case_actions, case_summary
from guide_app.core import routes
from guide_app.desk.overview import ActionRow, AlertRow, CaseLine, DueAction, EventRow
from guide_app.desk.peers import PeerRow
from guide_app.desk.state import AccountState as A
from guide_app.desk.state import CaseState as K

FILTER_LABELS = {"tous": "En cours", "en_retard": "En retard", "a_faire": "À faire", "clos": "Clos"}


def _line(line: rx.Var[CaseLine]) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(line.debtor, weight="bold", size="3"),
                    rx.spacer(),
                    rx.text(line.amount, size="3", white_space="nowrap"),
                    width="100%",
                ),
                rx.text(
                    rx.cond(line.days_late > 0, f"{line.days_late} jours de retard", "Pas de retard"),
                    size="3",
                    color_scheme=rx.cond(line.days_late > 0, "orange", "gray"),
                ),
                rx.cond(line.next_action != "", rx.text("Prochaine action : ", line.next_action, size="3")),
                rx.cond(line.limitation_warning != "", rx.text(line.limitation_warning, size="3", color_scheme="red")),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=line.href,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


def _due(item: rx.Var[DueAction]) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.text(item.debtor, weight="bold", size="3"),
            rx.text(item.name, " · ", item.channel, size="3"),
            wrap="wrap",
            spacing="2",
        ),
        href=item.href,
        class_name="tap",
        underline="none",
    )


def _alert(item: rx.Var[AlertRow]) -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(item.date, " · ", rx.el.strong(item.debtor), size="2"),
            rx.text(item.text, size="3"),
            rx.hstack(
                rx.link("Voir le dossier", href=item.href, class_name="tap", size="3"),
                rx.button("Vu", on_click=A.dismiss_alert(item.id), variant="soft", size="3", class_name="tap"),
                spacing="4",
                align="center",
            ),
            spacing="1",
        ),
        color_scheme="orange",
        width="100%",
    )


def _peer(row: rx.Var[PeerRow]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row.who, size="3"),
            rx.spacer(),
            rx.text(row.days, size="3", weight="bold", white_space="nowrap"),
            width="100%",
        ),
        rx.text("Source : ", row.source, size="2", color_scheme="gray"),
        spacing="0",
        width="100%",
    )


def _dso() -> rx.Component:
    view = A.home.dso
    return rx.card(
        rx.vstack(
            rx.heading("Votre DSO face aux entreprises comparables", as_="h2", size="4"),
            rx.cond(
                view.shown,
                rx.vstack(
                    rx.text("Vos clients vous paient en ", rx.el.strong(view.days), " en moyenne (DSO).", size="3"),
                    rx.text(view.method, size="2", color_scheme="gray"),
                    rx.foreach(view.peers, _peer),
                    rx.text(view.verdict, size="3"),
                    rx.cond(
                        view.simulator != "",
                        rx.link(
                            "Refaire le calcul dans le simulateur", href=view.simulator, class_name="tap", size="3"
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            rx.cond(view.note != "", rx.text(view.note, size="2")),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="dso",
    )


def account_page() -> rx.Component:
    """Until the session is checked (`load`), the page shows what it is for: its prerendered HTML is that, so a
    signed-out visitor is sent to the sign-in page without first seeing an empty account (« Bonjour », « Mode test »
    before the account says whether it sends for real), and the phone has less to hydrate."""
    return page(
        rx.cond(
            A.signed_in,
            _dashboard(),
            loading("Mon espace", "Vos dossiers, vos relances et ce qu'il vous reste à encaisser, au même endroit."),
        )
    )


def _dashboard() -> rx.Component:
    home = A.home
    return rx.fragment(
        rx.text(A.company_name, size="2", color_scheme="gray"),
        rx.heading(f"Bonjour {A.contact_name}", as_="h1", size="7"),
        rx.cond(
            ~A.live,
            rx.callout.root(
                rx.callout.text(
                    "Mode test : aucune relance n'est envoyée à vos clients. ",
                    rx.link(
                        "Voir les relances et activer l'envoi réel", href=routes.ACCOUNT_MESSAGES, class_name="tap"
                    ),
                ),
                color_scheme="blue",
                size="3",
                width="100%",
            ),
        ),
        rx.cond(~A.onboarding_done, link_button("Reprendre mon inscription", routes.SIGN_UP)),
        rx.grid(
            rx.card(rx.text("À encaisser", size="2"), rx.text(home.outstanding, size="6", weight="bold")),
            rx.card(
                rx.text("Dont en retard", size="2"),
                rx.text(home.overdue, size="6", weight="bold", color_scheme="orange"),
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.el.details(
            rx.el.summary("Par ancienneté du retard", class_name="tap"),
            rx.vstack(
                rx.foreach(
                    home.buckets,
                    lambda b: rx.hstack(rx.text(b[0], size="3"), rx.spacer(), rx.text(b[1], size="3"), width="100%"),
                ),
                width="100%",
                spacing="2",
            ),
        ),
        _dso(),
        rx.cond(
            home.alerts.length() > 0,
            rx.vstack(rx.heading("Alertes", as_="h2", size="5"), rx.foreach(home.alerts, _alert), width="100%"),
        ),
        rx.cond(
            home.due.length() > 0,
            rx.vstack(
                rx.heading("À faire aujourd'hui", as_="h2", size="5"),
                rx.foreach(home.due, _due),
                width="100%",
                spacing="1",
            ),
        ),
        rx.heading("Vos dossiers", as_="h2", size="5"),
        rx.input(
            placeholder="Rechercher un client",
            value=A.search,
            on_change=A.set_search,
            size="3",
            width="100%",
            aria_label="Rechercher un client",
        ),
        rx.grid(
            *[
                rx.button(
                    label,
                    on_click=A.set_filter(key),
                    size="2",
                    class_name="tap",
                    variant=rx.cond(A.filter == key, "solid", "outline"),
                )
                for key, label in FILTER_LABELS.items()
            ],
            columns="4",
            spacing="2",
            width="100%",
        ),
        rx.cond(
            A.shown_lines.length() > 0,
            rx.vstack(rx.foreach(A.shown_lines, _line), spacing="3", width="100%", id="dossiers"),
            rx.text("Aucun dossier ici.", size="3"),
        ),
        link_button("Relances e-mail", routes.ACCOUNT_MESSAGES, variant="outline"),
        link_button("Importer des factures (CSV)", routes.ACCOUNT_IMPORT, variant="outline"),
        link_button("Importer une facture électronique", routes.ACCOUNT_EINVOICE, variant="outline"),
        link_button("Rapprocher un relevé bancaire", routes.ACCOUNT_RECONCILIATION, variant="outline"),
        link_button("Mon équipe", routes.ACCOUNT_TEAM, variant="outline"),
        link_button("Paramètres du compte", routes.ACCOUNT_SETTINGS, variant="soft"),
    )


def _errors(name: str) -> rx.Var[str]:
    return K.errors.get(name, "")


def _manual_controls(row: rx.Var[ActionRow]) -> rx.Component:
    """For what the owner does by hand: do it from the phone (SMS, call), print the letter, then note it done."""
    return rx.vstack(
        rx.cond(
            row.link != "",
            rx.link(
                rx.cond(row.channel == "SMS", "Envoyer le SMS depuis ce téléphone", "Appeler le client"),
                href=row.link,
                class_name="tap",
                size="3",
            ),
        ),
        rx.cond(
            row.letter,
            rx.button(
                "Télécharger la lettre (PDF)",
                on_click=K.download_letter(row.id),
                variant="soft",
                size="3",
                width="100%",
                class_name="tap",
            ),
        ),
        rx.cond(
            row.manual,
            rx.form(
                rx.hstack(
                    rx.input(
                        name="outcome",
                        placeholder="Résultat (facultatif)",
                        size="3",
                        width="100%",
                        aria_label="Résultat de l'action",
                    ),
                    rx.button("Fait", type="submit", size="3", class_name="tap"),
                    width="100%",
                ),
                rx.cond(
                    K.outcome_for == row.id,
                    rx.cond(_errors("outcome") != "", rx.text(_errors("outcome"), color_scheme="red", size="2")),
                ),
                on_submit=lambda form: K.mark_done(row.id, form),
                reset_on_submit=True,
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _history(item: rx.Var[EventRow]) -> rx.Component:
    return rx.hstack(
        rx.text(item.date, size="2", color_scheme="gray", white_space="nowrap"),
        rx.text(item.text, size="3"),
        align="start",
        spacing="3",
        width="100%",
    )


def _form(title: str, handler: rx.EventHandler, button: str, *fields: rx.Component) -> rx.Component:
    return rx.el.details(
        rx.el.summary(title, class_name="tap"),
        rx.form(
            rx.vstack(
                *fields,
                rx.button(button, type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=handler,
            reset_on_submit=False,
            width="100%",
        ),
        class_name="case-form",
    )


def _case_forms() -> rx.Component:
    return rx.vstack(
        rx.heading("Que s'est-il passé ?", as_="h2", size="5"),
        rx.cond(_errors("form") != "", rx.callout(_errors("form"), color_scheme="red", role="alert", width="100%")),
        rx.cond(K.notice != "", rx.callout(K.notice, color_scheme="green", role="status", width="100%")),
        _form(
            "Enregistrer un paiement",
            K.record_payment,
            "Enregistrer le paiement",
            text_field("Montant reçu", "pay_amount", _errors("pay_amount"), input_mode="decimal", suffix="€"),
            text_field("Date du paiement", "pay_date", _errors("pay_date"), type="date", default=K.today_iso),
            select_field(
                "Moyen de paiement",
                "pay_method",
                tuple(TYPED_METHODS),
                _errors("pay_method"),
                labels=tuple(TYPED_METHODS.values()),
                default="virement",
            ),
        ),
        _form(
            "Noter une promesse de paiement",
            K.record_promise,
            "Noter la promesse",
            text_field("Date promise", "promise_date", _errors("promise_date"), type="date"),
            text_field("Montant promis", "promise_amount", _errors("promise_amount"), input_mode="decimal", suffix="€"),
        ),
        rx.cond(
            K.view.disputed,
            rx.button(
                "Le litige est résolu",
                on_click=K.resolve_dispute,
                size="3",
                width="100%",
                variant="soft",
                class_name="tap",
            ),
            _form(
                "Signaler un litige",
                K.record_dispute,
                "Suspendre les relances",
                text_field("Motif du litige", "dispute_reason", _errors("dispute_reason")),
            ),
        ),
        _form(
            "Ajouter une facture",
            K.add_invoice,
            "Ajouter la facture",
            rx.cond(K.view.rating != "", rx.callout(K.view.rating, color_scheme="gray", width="100%")),
            text_field("Numéro de facture", "number_new", _errors("number_new")),
            text_field("Date d'émission", "issue_new", _errors("issue_new"), type="date"),
            text_field("Date d'échéance", "due_new", _errors("due_new"), type="date"),
            text_field("Montant HT", "amount_new", _errors("amount_new"), input_mode="decimal", suffix="€"),
            select_field("TVA", "vat_new", tuple(VAT_RATES), _errors("vat_new"), default="20", suffix=" %"),
        ),
        _form("Ajouter une note", K.add_note, "Ajouter la note", text_field("Note", "note", _errors("note"))),
        rx.button(
            "Clore le dossier",
            on_click=K.close,
            size="3",
            width="100%",
            variant="outline",
            color_scheme="red",
            class_name="tap",
        ),
        spacing="3",
        width="100%",
    )


def case_page() -> rx.Component:
    return page(
        rx.link("← Mes dossiers", href=routes.ACCOUNT, class_name="tap", size="3"),
        rx.cond(
            K.found,
            rx.vstack(
                rx.heading("Dossier", " · ", K.view.debtor, as_="h1", size="6"),
                rx.cond(~K.view.open, rx.callout("Dossier clos.", color_scheme="gray", width="100%")),
                case_summary(K.view),
                link_button("Échéancier, professionnel, recours", routes.case_recourse(K.view.case_id), variant="soft"),
                rx.cond(K.view.open, _case_forms()),
                case_actions(K.view, _manual_controls),
                rx.heading("Historique", as_="h2", size="5"),
                rx.cond(
                    K.view.history.length() > 0,
                    rx.vstack(rx.foreach(K.view.history, _history), spacing="2", width="100%"),
                    rx.text("Rien pour l'instant.", size="3"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                rx.heading("Dossier introuvable", as_="h1", size="6"),
                rx.text("Ce dossier n'existe pas ou n'appartient pas à votre compte.", size="3"),
                spacing="3",
            ),
        ),
    )
