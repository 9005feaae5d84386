"""A case's "recours" page (phone first): where it stands on the legal path, a payment plan, the hand-over to
professionals in cascade, the evidence bundle and the exchange with a platform."""

from __future__ import annotations

import reflex as rx

from guide_app.components.form import select_field, text_field
from guide_app.components.layout import page
from guide_app.components.plan import plan_card
from guide_app.recourse.cascade import MAX_PROFESSIONALS
from guide_app.recourse.plans import MAX_INSTALMENTS
from guide_app.recourse.professionals import DEBTOR_TYPES, FICTIONAL_NOTICE, REGIONS
from guide_app.recourse.state import RecourseState as R
from guide_app.recourse.view import DEFAULT_INSTALMENTS, FigureRow, HandoverView, ProRow, StepRow

_STEP_COLORS = {"fait": "green", "en_cours": "blue", "a_faire": "orange", "plus_tard": "gray"}
_RANKS = ("1er choix", "2e choix, si le 1er échoue", "3e choix, si le 2e échoue")


def _error(name: str) -> rx.Var[str]:
    return R.errors.get(name, "")


def _button(label: str, handler: rx.EventHandler | rx.event.EventSpec, **props: object) -> rx.Component:
    return rx.button(label, on_click=handler, size="3", width="100%", class_name="tap wrap-button", **props)


def _note(text: str | rx.Var[str], color: str | rx.Var[str], **props: object) -> rx.Component:
    """A callout in body size (15–16 px): these notes are read, not glanced at."""
    return rx.callout.root(rx.text(text, size="3"), color_scheme=color, width="100%", **props)


def _figure(row: rx.Var[FigureRow]) -> rx.Component:
    return rx.text(rx.el.strong(row.value), " ", row.label, " (", row.source, ")", size="2", color_scheme="gray")


def _step(step: rx.Var[StepRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(step.title, as_="h3", size="4"),
                rx.spacer(),
                rx.badge(
                    step.status_label,
                    size="2",
                    color_scheme=rx.match(step.status, *_STEP_COLORS.items(), "gray"),
                ),
                width="100%",
                align="center",
            ),
            rx.cond(step.locked_reason != "", _note(step.locked_reason, "gray")),
            rx.el.details(
                rx.el.summary("Ce qu'il faut, le coût, les délais", class_name="tap"),
                rx.vstack(
                    rx.text(rx.el.strong("Ce qu'il faut : "), step.requires, size="3"),
                    rx.text(rx.el.strong("Coût : "), step.cost, size="3"),
                    rx.text(rx.el.strong("Délais : "), step.delay, size="3"),
                    rx.text(rx.el.strong("Document : "), step.document, size="3"),
                    rx.foreach(step.figures, _figure),
                    rx.cond(
                        step.alternative_title != "",
                        rx.vstack(
                            rx.text(step.alternative_title, weight="bold", size="3"),
                            rx.text(step.alternative_text, size="3"),
                            rx.text("Source : ", step.alternative_source, size="2", color_scheme="gray"),
                            spacing="1",
                        ),
                    ),
                    rx.text("Source : ", step.source, size="2", color_scheme="gray"),
                    spacing="2",
                ),
            ),
            rx.cond(
                (step.id == "mise_en_demeure") & (step.status != "plus_tard"),
                _button("Télécharger la mise en demeure", R.download_letter, variant="soft"),
            ),
            rx.cond(
                (step.id == "judiciaire") & R.view.court_open,
                _button("Récapitulatif pour l'injonction de payer", R.download_injonction, variant="soft"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _legal_path() -> rx.Component:
    return rx.vstack(
        rx.heading("Où en est ce dossier ?", as_="h2", size="5"),
        rx.foreach(R.view.steps, _step),
        _note(R.view.limitation, rx.cond(R.view.limitation_urgent, "red", "gray")),
        spacing="3",
        width="100%",
    )


def _plan_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            select_field(
                "Nombre d'échéances",
                "plan_count",
                tuple(str(n) for n in range(1, MAX_INSTALMENTS + 1)),
                _error("plan_count"),
                labels=tuple(f"{n} mensualité{'s' if n > 1 else ''}" for n in range(1, MAX_INSTALMENTS + 1)),
                default=str(DEFAULT_INSTALMENTS),
            ),
            text_field(
                "Première échéance", "plan_first", _error("plan_first"), type="date", default=R.view.first_date_default
            ),
            rx.el.details(
                rx.el.summary("Choisir vous-même les dates et les montants", class_name="tap"),
                rx.vstack(
                    rx.el.label("Une échéance par ligne : date ; montant", html_for="field-plan_lines"),
                    rx.text_area(
                        id="field-plan_lines",
                        name="plan_lines",
                        placeholder=R.view.plan_default,
                        rows="4",
                        size="3",
                        width="100%",
                    ),
                    rx.text(
                        "Laissez vide pour des mensualités égales (la dernière ajuste les centimes).",
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.cond(_error("plan_lines") != "", rx.text(_error("plan_lines"), color_scheme="red", size="2")),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.button("Proposer l'échéancier", type="submit", size="3", width="100%", class_name="tap"),
            spacing="3",
            width="100%",
        ),
        on_submit=R.propose_plan,
        reset_on_submit=False,
        width="100%",
    )


def _plan() -> rx.Component:
    plan = R.view.plan
    return rx.vstack(
        rx.heading("Échéancier", as_="h2", size="5"),
        rx.match(
            plan.state,
            (
                "proposed_by_owner",
                plan_card(
                    "Échéancier proposé au client",
                    plan.summary,
                    plan.rows,
                    rx.text("En attente de sa réponse sur sa page de paiement.", size="3"),
                    _button("Le client a donné son accord", R.note_agreement),
                    _button("Retirer la proposition", R.withdraw_plan, variant="outline"),
                ),
            ),
            (
                "proposed_by_debtor",
                rx.vstack(
                    plan_card(
                        "Contre-proposition du client",
                        plan.summary,
                        plan.rows,
                        _button("Accepter sa proposition", R.accept_counter),
                    ),
                    rx.text("Ou proposez un autre échéancier :", size="3"),
                    _plan_form(),
                    width="100%",
                ),
            ),
            ("active", plan_card("Échéancier en cours", plan.summary, plan.rows)),
            (
                "missed",
                rx.vstack(
                    _note(
                        "Une échéance n'a pas été payée : reprenez les relances, ou confiez le dossier à un "
                        "professionnel ci-dessous.",
                        "orange",
                        role="alert",
                    ),
                    plan_card("Échéancier en cours", plan.summary, plan.rows),
                    _button("Reprendre les relances", R.resume_reminders),
                    width="100%",
                ),
            ),
            rx.vstack(
                rx.text(
                    "Proposez au client de payer en plusieurs fois : il l'accepte en ligne, et chaque échéance a "
                    "son rappel.",
                    size="3",
                ),
                _plan_form(),
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _pro_option(pro: rx.Var[ProRow]) -> rx.Component:
    return rx.el.option(pro.name, " — ", pro.expected, value=pro.id)


def _rank_select(index: int) -> rx.Component:
    field_id = f"field-pro_{index + 1}"
    return rx.vstack(
        rx.el.label(_RANKS[index], html_for=field_id, class_name="field-label"),
        rx.el.select(
            *([] if index == 0 else [rx.el.option("— Aucun —", value="")]),
            rx.foreach(R.view.pros, _pro_option),
            id=field_id,
            name=f"pro_{index + 1}",
            value=R.choices[index],
            on_change=lambda value: R.set_choice(index, value),
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def _reason(text: rx.Var[str]) -> rx.Component:
    return rx.el.li(text)


def _recommended() -> rx.Component:
    best = R.view.pros[0]
    return rx.card(
        rx.vstack(
            rx.text("Recommandé pour ce dossier", size="2", color_scheme="gray"),
            rx.heading(best.name, as_="h3", size="4"),
            rx.text(best.kind, " · ", best.city, size="2", color_scheme="gray"),
            rx.text(rx.el.strong(best.expected), " ; ", best.if_all, ".", size="3"),
            rx.text(best.scale, ".", size="2", color_scheme="gray"),
            rx.text("Pourquoi ce choix :", weight="bold", size="3"),
            rx.el.ul(rx.foreach(best.reasons, _reason), class_name="reasons bullets"),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _other(pro: rx.Var[ProRow]) -> rx.Component:
    return rx.vstack(
        rx.text(pro.name, " (", pro.kind, ", ", pro.city, ")", weight="bold", size="3"),
        rx.text(pro.expected, " ; ", pro.if_all, ".", size="3"),
        rx.text(pro.scale, ".", size="2", color_scheme="gray"),
        spacing="1",
        width="100%",
    )


def _handover(row: rx.Var[HandoverView]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.position, ". ", row.name, weight="bold", size="3"),
                rx.spacer(),
                rx.badge(row.status, size="2", color_scheme=rx.cond(row.holding, "blue", "gray")),
                width="100%",
                align="center",
            ),
            rx.text(row.dates, size="2", color_scheme="gray"),
            rx.cond(row.recovered != "", rx.text("Recouvré : ", row.recovered, size="3")),
            rx.cond(row.fees != "", rx.text("Honoraires : ", row.fees, size="3")),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="handover",
    )


def _cascade() -> rx.Component:
    view = R.view
    return rx.vstack(
        rx.text("Recouvrement circulaire ", view.escalation_label, " · mandat du ", view.mandate_on, size="3"),
        rx.foreach(view.handovers, _handover),
        rx.text("Recouvré : ", view.recovered_total, " · honoraires et frais dus : ", view.fees_total, size="3"),
        rx.cond(
            view.escalation == "en_cours",
            rx.vstack(
                rx.text("Ce que le professionnel vous a annoncé :", weight="bold", size="3"),
                rx.form(
                    rx.vstack(
                        text_field(
                            "Montant recouvré en partie",
                            "recovered",
                            _error("recovered"),
                            input_mode="decimal",
                            suffix="€",
                        ),
                        rx.button(
                            "Enregistrer ce montant",
                            type="submit",
                            size="3",
                            width="100%",
                            class_name="tap",
                            variant="soft",
                        ),
                        width="100%",
                    ),
                    on_submit=R.report_partial,
                    reset_on_submit=True,
                    width="100%",
                ),
                _button("Tout est recouvré", R.report_recovered, variant="soft", color_scheme="green"),
                _button("Échec : passer au suivant", R.report_failed, variant="soft", color_scheme="orange"),
                _button("Reprendre le dossier", R.take_back, variant="outline"),
                spacing="2",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _profile_select(
    label: str, name: str, options: dict[str, str], value: rx.Var[str], on_change: rx.EventHandler
) -> rx.Component:
    """What the recommendation depends on: changing it re-ranks the professionals at once."""
    return rx.vstack(
        rx.el.label(label, html_for=f"field-{name}", class_name="field-label"),
        rx.el.select(
            *[rx.el.option(text, value=code) for code, text in options.items()],
            id=f"field-{name}",
            value=value,
            on_change=on_change,
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def _hand_over_form() -> rx.Component:
    return rx.vstack(
        _profile_select("Votre client est", "debtor_type", DEBTOR_TYPES, R.debtor_type, R.set_debtor_type),
        _profile_select("Sa région", "region", REGIONS, R.region, R.set_region),
        rx.cond(
            R.view.pros.length() > 0,
            rx.vstack(
                _note(FICTIONAL_NOTICE, "amber"),
                _recommended(),
                rx.form(
                    rx.vstack(
                        *[_rank_select(i) for i in range(MAX_PROFESSIONALS)],
                        rx.text(
                            "En un geste : le mandat est daté d'aujourd'hui, les relances automatiques s'arrêtent "
                            "et le dossier de preuves est prêt. En cas d'échec, le suivant prend le relais.",
                            size="3",
                            color_scheme="gray",
                        ),
                        rx.button("Confier le dossier", type="submit", size="3", width="100%", class_name="tap"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=R.escalate,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.el.details(
                    rx.el.summary("Comparer les professionnels", class_name="tap"),
                    rx.vstack(rx.foreach(R.view.pros, _other), spacing="3", width="100%"),
                ),
                spacing="3",
                width="100%",
            ),
            _note("Aucun professionnel de l'annuaire ne prend ce dossier.", "gray"),
        ),
        rx.cond(
            R.view.excluded.length() > 0,
            rx.el.details(
                rx.el.summary("Ceux qui ne prennent pas ce dossier", class_name="tap"),
                rx.el.ul(rx.foreach(R.view.excluded, _reason), class_name="reasons bullets"),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _professionals() -> rx.Component:
    return rx.vstack(
        rx.heading("Confier à un professionnel", as_="h2", size="5"),
        rx.cond(R.view.escalation != "", _cascade()),
        rx.cond((R.view.escalation != "en_cours") & R.view.open, _hand_over_form()),
        _button("Télécharger le dossier de preuves (ZIP)", R.download_bundle, variant="outline"),
        spacing="3",
        width="100%",
    )


def _exchange() -> rx.Component:
    return rx.el.details(
        rx.el.summary("Échanger avec une plateforme de recouvrement", class_name="tap"),
        rx.vstack(
            rx.text(
                "Le dossier au format JSON « guide-recouvrement/dossier » (version 1), lisible par une plateforme.",
                size="3",
            ),
            _button("Exporter le dossier (JSON)", R.download_export, variant="soft"),
            rx.form(
                rx.vstack(
                    rx.el.label("Retour du professionnel (JSON)", html_for="field-report", class_name="field-label"),
                    rx.text_area(id="field-report", name="report", rows="4", size="3", width="100%"),
                    rx.button("Importer le retour", type="submit", size="3", width="100%", class_name="tap"),
                    width="100%",
                ),
                on_submit=R.import_report,
                reset_on_submit=True,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        class_name="case-form",
    )


def recourse_page() -> rx.Component:
    return page(
        rx.link("← Retour au dossier", href=R.view.case_href, class_name="tap", size="3"),
        rx.cond(
            R.found,
            rx.vstack(
                rx.heading("Recours · ", R.view.debtor, as_="h1", size="6"),
                rx.card(
                    rx.text("Reste dû : ", rx.el.strong(R.view.owed), size="3"),
                    rx.text(R.view.age, size="2", color_scheme="gray"),
                    width="100%",
                ),
                rx.cond(_error("form") != "", _note(_error("form"), "red", role="alert")),
                rx.cond(R.notice != "", _note(R.notice, "green", role="status")),
                rx.cond(R.view.open & (R.view.escalation != "en_cours"), _plan()),
                _professionals(),
                _legal_path(),
                _exchange(),
                spacing="5",
                width="100%",
            ),
            rx.vstack(
                rx.heading("Dossier introuvable", as_="h1", size="6"),
                rx.text("Ce dossier n'existe pas ou n'appartient pas à votre compte.", size="3"),
                spacing="3",
            ),
        ),
    )
