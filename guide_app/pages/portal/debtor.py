"""The debtor's page, reached from the link in every reminder: what is owed and why, how to pay, and two ways
to answer (a payment date, a dispute). Phone first; nothing of the creditor's account beyond its name and IBAN."""

from __future__ import annotations

import reflex as rx

from guide_app.components.effects import when_changed
from guide_app.components.form import text_field
from guide_app.components.layout import loading, page
from guide_app.components.plan import plan_card
from guide_app.core import throttle
from guide_app.portal.access import PROMISE_HORIZON_DAYS, REASON_MAX
from guide_app.portal.state import DebtorPortalState as D
from guide_app.portal.view import InvoiceLine, PaymentLine


def _line(label: str | rx.Var[str], value: rx.Var[str], *, strong: bool = False) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="3"),
        rx.spacer(),
        rx.text(value, size="3", weight=rx.cond(strong, "bold", "regular"), white_space="nowrap"),
        width="100%",
        align="baseline",
    )


def _amounts() -> rx.Component:
    v = D.view
    return rx.card(
        rx.vstack(
            rx.text("Reste à payer au ", v.on, size="3", color_scheme="gray"),
            rx.text(v.amount_due, size="8", weight="bold", class_name="figure-value"),
            _line("Factures TTC", v.total_ttc),
            rx.cond(v.paid != "", _line("Déjà réglé", "− " + v.paid)),
            rx.cond(
                v.late,
                rx.vstack(
                    _line(v.interest_label, v.penalties),
                    rx.cond(
                        v.owes_indemnity,
                        rx.vstack(
                            _line("Indemnité forfaitaire", v.indemnity),
                            rx.text(v.indemnity_detail, size="3", color_scheme="gray"),
                            spacing="2",
                            width="100%",
                        ),
                    ),
                    rx.el.details(
                        rx.el.summary("Pourquoi ces montants ?", class_name="details-summary"),
                        rx.text(v.why, size="3"),
                        class_name="sim-helper",
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _invoice(row: rx.Var[InvoiceLine]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text("Facture ", row.number, weight="bold", size="3"),
            rx.text("Émise le ", row.issued, " · échéance ", row.due, size="2", color_scheme="gray"),
            rx.text(row.state, size="2", color_scheme=rx.cond(row.late, "orange", "gray")),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(row.amount_ttc, " TTC", size="3", white_space="nowrap"),
        width="100%",
        align="center",
    )


def _payment(row: rx.Var[PaymentLine]) -> rx.Component:
    return _line(row.paid_on + " · " + row.method, row.amount)


def _copy_button(label: str, value: rx.Var[str]) -> rx.Component:
    return rx.button(
        label, on_click=rx.set_clipboard(value), variant="soft", size="3", class_name="tap wrap-button", type="button"
    )


def _transfer() -> rx.Component:
    v = D.view
    return rx.vstack(
        rx.heading("Payer par virement", as_="h2", size="5"),
        rx.cond(
            v.iban != "",
            rx.vstack(
                rx.cond(
                    v.qr != "",
                    rx.vstack(
                        rx.image(
                            src=v.qr,
                            alt="QR code de virement SEPA : bénéficiaire, IBAN, montant et référence pré-remplis",
                            class_name="epc-qr",
                        ),
                        rx.text(
                            "Scannez ce code avec l'application de votre banque : le bénéficiaire, l'IBAN, le montant "
                            "et la référence sont pré-remplis. Sur ce téléphone, copiez plutôt l'IBAN ci-dessous.",
                            size="3",
                        ),
                        align="center",
                        width="100%",
                    ),
                ),
                _line("Bénéficiaire", v.creditor),
                rx.text("IBAN", size="3"),
                rx.text(v.iban, size="3", weight="bold", class_name="share-link"),
                _line("Montant", v.amount_due, strong=True),
                rx.text("Référence à indiquer", size="3"),
                rx.text(v.reference, size="3", weight="bold", class_name="share-link"),
                rx.grid(
                    _copy_button("Copier l'IBAN", v.iban),
                    _copy_button("Copier la référence", v.reference),
                    columns="2",
                    spacing="2",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            rx.callout(
                "Les coordonnées bancaires de " + v.creditor + " ne sont pas encore disponibles ici : "
                "contactez-le pour régler.",
                color_scheme="blue",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _form_error() -> rx.Component:
    return rx.cond(
        D.errors.get("form", "") != "",
        rx.callout(D.errors.get("form", ""), color_scheme="red", role="alert", width="100%"),
    )


def _promise_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            text_field(
                "Je m'engage à payer le",
                "promise_date",
                D.errors.get("date", ""),
                type="date",
                hint=f"Au plus tard dans {PROMISE_HORIZON_DAYS} jours.",
            ),
            text_field(
                "Montant",
                "promise_amount",
                D.errors.get("amount", ""),
                input_mode="decimal",
                suffix="€",
                default=D.view.amount_due_input,
                hint="Ce qui reste dû, ou moins si vous payez en plusieurs fois.",
            ),
            _form_error(),
            _send_or_cancel("Envoyer mon engagement"),
            spacing="3",
            width="100%",
        ),
        on_submit=D.promise,
        reset_on_submit=False,
        width="100%",
    )


def _send_or_cancel(label: str) -> rx.Component:
    return rx.grid(
        rx.button(label, type="submit", size="3", class_name="tap wrap-button"),
        rx.button("Annuler", on_click=D.close_form, type="button", variant="soft", size="3", class_name="tap"),
        columns="2",
        spacing="2",
        width="100%",
    )


def _dispute_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label("Ce que vous contestez", html_for="field-reason", class_name="field-label"),
            rx.text_area(
                id="field-reason",
                name="reason",
                rows="5",
                max_length=REASON_MAX,
                size="3",
                width="100%",
                aria_describedby="field-reason-error",
            ),
            rx.cond(
                D.errors.get("reason", "") != "",
                rx.text(
                    D.errors.get("reason", ""), id="field-reason-error", color_scheme="red", size="2", role="alert"
                ),
            ),
            _form_error(),
            _send_or_cancel("Envoyer ma contestation"),
            spacing="3",
            width="100%",
        ),
        on_submit=D.dispute,
        reset_on_submit=False,
        width="100%",
    )


def _plan_form() -> rx.Component:
    error = D.errors.get("schedule", "")
    return rx.form(
        rx.vstack(
            rx.el.label(
                "Vos échéances, une par ligne : date ; montant", html_for="plan-schedule", class_name="field-label"
            ),
            rx.text_area(
                id="plan-schedule",
                name="schedule",
                rows="4",
                size="3",
                width="100%",
                placeholder="15/07/2026 ; 800\n15/08/2026 ; 800\n15/09/2026 ; 800",
            ),
            rx.cond(error != "", rx.text(error, color_scheme="red", size="2", role="alert")),
            rx.hstack(
                rx.button("Proposer cet échéancier", type="submit", size="3", class_name="tap"),
                rx.button("Annuler", on_click=D.close_form, type="button", variant="ghost", size="3", class_name="tap"),
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=D.propose_plan,
        width="100%",
    )


def _plan() -> rx.Component:
    """The instalment plan: the creditor's proposal to accept, or the plan running."""
    return rx.cond(
        D.plan.state != "",
        plan_card(
            rx.match(
                D.plan.state,
                ("proposed_by_owner", "Échéancier proposé par votre fournisseur"),
                ("proposed_by_debtor", "Votre proposition d'échéancier (en attente de réponse)"),
                ("missed", "Échéancier en cours : une échéance est en retard"),
                "Échéancier en cours",
            ),
            D.plan.summary,
            D.plan.rows,
            rx.cond(
                D.plan.state == "proposed_by_owner",
                rx.button("J'accepte cet échéancier", on_click=D.accept_plan, size="3", width="100%", class_name="tap"),
            ),
            rx.cond(D.errors.get("plan", "") != "", rx.text(D.errors.get("plan", ""), color_scheme="red", size="2")),
        ),
    )


def _answers() -> rx.Component:
    return rx.vstack(
        rx.heading("Vous ne pouvez pas régler tout de suite ?", as_="h2", size="5"),
        rx.cond(
            D.form == "promise",
            _promise_form(),
            rx.button(
                "Je m'engage à payer à une date",
                on_click=D.open_form("promise"),
                variant="outline",
                size="3",
                width="100%",
                class_name="tap",
            ),
        ),
        rx.cond(
            (D.plan.state == "") & (D.form != "plan"),
            rx.button(
                "Je propose un paiement en plusieurs fois",
                on_click=D.open_form("plan"),
                variant="outline",
                size="3",
                width="100%",
                class_name="tap",
            ),
        ),
        rx.cond(D.form == "plan", _plan_form()),
        rx.heading("Un problème avec une facture ?", as_="h2", size="5"),
        rx.cond(
            D.form == "dispute",
            _dispute_form(),
            rx.button(
                "Je conteste",
                on_click=D.open_form("dispute"),
                variant="outline",
                size="3",
                width="100%",
                class_name="tap",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _portal() -> rx.Component:
    v = D.view
    return rx.vstack(
        rx.text("Vos factures à régler auprès de", size="3", color_scheme="gray"),
        rx.heading(v.creditor, as_="h1", size="7"),
        rx.text("Client : ", v.debtor, size="3"),
        rx.cond(
            D.notice != "", rx.callout(D.notice, color_scheme="green", role="status", width="100%", id="debtor-notice")
        ),
        when_changed(D.notice, "document.getElementById('debtor-notice')?.scrollIntoView();"),
        rx.cond(v.promise_note != "", rx.callout(v.promise_note, color_scheme="blue", width="100%")),
        rx.cond(v.dispute_note != "", rx.callout(v.dispute_note, color_scheme="amber", width="100%")),
        _amounts(),
        _plan(),
        rx.cond(
            v.settled,
            rx.callout("Il ne reste rien à régler : merci.", color_scheme="green", width="100%"),
            _transfer(),
        ),
        rx.heading("Le détail", as_="h2", size="5"),
        rx.card(rx.vstack(rx.foreach(v.invoices, _invoice), spacing="3", width="100%"), width="100%"),
        rx.cond(
            v.payments.length() > 0,
            rx.vstack(
                rx.heading("Vos règlements reçus", as_="h2", size="5"),
                rx.foreach(v.payments, _payment),
                spacing="2",
                width="100%",
            ),
        ),
        rx.button(
            "Télécharger le récapitulatif (CSV)",
            on_click=D.download,
            variant="soft",
            size="3",
            width="100%",
            class_name="tap",
        ),
        rx.cond(~v.settled, _answers()),
        rx.text(
            "Ce lien est personnel : il ne donne accès qu'à ce dossier. Chaque réponse est transmise à ",
            v.creditor,
            ".",
            size="3",
            color_scheme="gray",
        ),
        rx.el.details(
            rx.el.summary(v.privacy_title, class_name="details-summary"),
            rx.foreach(v.privacy, lambda paragraph: rx.text(paragraph, size="3")),
            id="donnees",
            class_name="sim-helper",
        ),
        spacing="4",
        width="100%",
    )


def _expired() -> rx.Component:
    return rx.vstack(
        rx.heading("Ce lien n'est plus valable", as_="h1", size="6"),
        rx.text(
            "Le dossier auquel il menait est clos ou le lien est incomplet. Pour toute question sur une facture, "
            "contactez directement votre fournisseur.",
            size="3",
        ),
        spacing="3",
        width="100%",
    )


def _throttled() -> rx.Component:
    return rx.vstack(
        rx.heading("Trop de liens essayés", as_="h1", size="6"),
        rx.text(throttle.WRONG_LINKS.message, size="3", role="alert"),
        spacing="3",
        width="100%",
    )


def debtor_page() -> rx.Component:
    return page(
        rx.match(
            D.status,
            ("shown", _portal()),
            ("missing", _expired()),
            ("throttled", _throttled()),
            loading(
                "Vos factures",
                "Cette page personnelle réunit ce qu'il reste à régler, le détail des factures et les coordonnées de "
                "paiement. Vous pouvez aussi y répondre : une date de paiement, un paiement en plusieurs fois, ou une "
                "contestation.",
            ),
        )
    )
