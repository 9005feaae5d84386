"""The simulators: an index, and one page per simulator (form, then the explained result)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import reflex as rx

from guide_app.cases.ledger import DEBTOR_KINDS
from guide_app.cases.rates import rates
from guide_app.components import simulator as ui
from guide_app.components.effects import address_bar
from guide_app.components.layout import page
from guide_app.core import routes
from guide_app.core.format import figure
from guide_app.simulators import catalog
from guide_app.simulators.catalog import INDEMNITY, Simulator
from guide_app.simulators.charts import short_money
from guide_app.simulators.dso import GUIDE_EXAMPLE
from guide_app.simulators.state import (
    CostsState,
    DsoState,
    MarginState,
    PenaltiesState,
    PrescriptionState,
    SimulatorForm,
)

BASES = [("ht", "HT"), ("ttc", "TTC")]


def _card(simulator: Simulator) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.heading(simulator.title, as_="h2", size="4"),
                rx.text(simulator.summary, size="3"),
                spacing="2",
            ),
            width="100%",
        ),
        href=simulator.route,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
        aria_label=f"{simulator.title} : {simulator.summary}",
    )


def index() -> rx.Component:
    return page(
        rx.heading("Simulateurs", as_="h1", size="7"),
        rx.text(
            "Chiffrez en euros ce que vous coûtent les retards de paiement. Chaque résultat s'explique ligne à "
            "ligne et se partage par un simple lien.",
            size="3",
        ),
        rx.vstack(*[_card(simulator) for simulator in catalog.SIMULATORS], spacing="3", width="100%"),
    )


def _field(state: type[SimulatorForm], name: str, label: str | rx.Var[str], **props: Any) -> rx.Component:
    return ui.field(
        name=name,
        label=label,
        value=state.values[name],
        error=state.errors[name],
        on_change=lambda value: state.set_field(name, value),
        **props,
    )


def _base(state: type[SimulatorForm], label: str) -> rx.Component:
    return ui.choice(
        name="base",
        label=label,
        value=state.values["base"],
        error=state.errors["base"],
        options=BASES,
        on_change=lambda value: state.set_field("base", value),
    )


def _debtor_kind(state: type[SimulatorForm]) -> rx.Component:
    return ui.select(
        name="debiteur",
        label="Votre client est",
        value=state.values["debiteur"],
        error=state.errors["debiteur"],
        options=list(DEBTOR_KINDS.items()),
        on_change=lambda value: state.set_field("debiteur", value),
    )


SHARE_NOTE_ID = "share-note"
_SHARE_NOTES = {
    "copied": "Lien copié : collez-le dans un message ou un e-mail, il redonne ce résultat.",
    "failed": "Copie impossible ici : copiez l'adresse de la page, elle redonne ce résultat.",
}
# Phones open their share sheet; elsewhere the link goes to the clipboard and the note says so. A function compiled
# into the page (the CSP forbids running a script sent by the server).
SHARE = rx.Var(
    _js_expr=f"""(async () => {{
  const url = window.location.href;
  const note = (text) => {{
    const el = document.getElementById({json.dumps(SHARE_NOTE_ID)});
    if (el) el.textContent = text;
  }};
  if (navigator.share) {{
    try {{ await navigator.share({{ title: document.title, url }}); }} catch (e) {{}}
    return;
  }}
  try {{ await navigator.clipboard.writeText(url); note({json.dumps(_SHARE_NOTES["copied"])}); }}
  catch (e) {{ note({json.dumps(_SHARE_NOTES["failed"])}); }}
}})"""
)


def _result(state: type[SimulatorForm], chart_label: str = "") -> rx.Component:
    chart = rx.cond(state.chart != "", ui.chart(state.chart, chart_label)) if chart_label else None
    return rx.vstack(
        rx.heading("Résultat", as_="h2", size="5"),
        ui.result(
            has_result=state.has_result,
            headline=state.headline,
            lines=state.lines,
            blocks=state.blocks,
            warnings=state.warnings,
            extra=chart,
        ),
        rx.cond(
            state.has_result,
            rx.button(
                "Partager ce calcul",
                on_click=rx.call_function(SHARE),
                variant="outline",
                size="3",
                width="100%",
                class_name="tap",
            ),
        ),
        rx.text("", id=SHARE_NOTE_ID, size="3", role="status", key=state.address_serial),  # emptied by a change
        address_bar(state.address, state.address_serial),
        spacing="4",
        width="100%",
    )


def _shell(simulator: Simulator, intro: str, *body: rx.Component) -> rx.Component:
    return page(
        rx.vstack(
            rx.link("← Tous les simulateurs", href=routes.SIMULATORS, size="3", class_name="tap"),
            rx.heading(simulator.title, as_="h1", size="7"),
            rx.text(intro, size="3"),
            spacing="2",
            width="100%",
        ),
        *body,
    )


def margin() -> rx.Component:
    s = MarginState
    ttc = s.values["base"] == "ttc"
    return _shell(
        catalog.MARGIN,
        "Une facture jamais payée, c'est toute la vente perdue : il faut en réaliser d'autres, dont la marge "
        "rembourse la perte.",
        ui.form_card(
            _field(s, "montant", "Montant impayé", unit="€"),
            _base(s, "Ce montant est"),
            rx.cond(ttc, _field(s, "tva", "Taux de TVA", unit="%")),
            _field(s, "marge", "Marge nette de l'entreprise", unit="%", hint="Bénéfice net ÷ chiffre d'affaires."),
            _field(
                s,
                "facture",
                rx.cond(
                    ttc, "Montant moyen d'une facture TTC (facultatif)", "Montant moyen d'une facture HT (facultatif)"
                ),
                unit="€",
            ),
        ),
        _result(s),
    )


def _dso_helper() -> rx.Component:
    s = DsoState

    def helper_field(name: str, label: str, **props: Any) -> rx.Component:
        return ui.field(
            name=f"aide-{name}",
            label=label,
            value=s.helper_values[name],
            error=s.helper_errors[name],
            on_change=lambda value: s.set_helper_field(name, value),
            **props,
        )

    return rx.el.details(
        rx.el.summary("Je ne connais pas mon DSO : le calculer", class_name="tap details-summary"),
        rx.vstack(
            rx.text(
                "DSO = créances clients TTC ÷ chiffre d'affaires TTC de la période × jours de la période.", size="2"
            ),
            helper_field("creances", "Créances clients TTC (factures émises non encore payées)", unit="€"),
            helper_field("ventes", "Chiffre d'affaires TTC de la période", unit="€"),
            helper_field("jours", "Nombre de jours de la période", kind="numeric", unit="jours"),
            rx.cond(
                s.helper_result,
                rx.vstack(
                    rx.text(s.helper_result, size="3", weight="medium", role="status"),
                    rx.button("Utiliser ce DSO", on_click=s.use_helper_dso, size="3", width="100%", class_name="tap"),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
            padding_top="12px",
        ),
        class_name="sim-helper",
    )


def dso() -> rx.Component:
    s = DsoState
    return _shell(
        catalog.DSO,
        "Quand vos clients paient plus vite, leur argent arrive plus tôt dans votre trésorerie. Le DSO est le "
        "délai moyen qu'ils mettent à vous payer, en jours de ventes.",
        rx.button(
            f"Charger l'exemple du guide ({short_money(Decimal(GUIDE_EXAMPLE['ca']))}, DSO de "
            f"{GUIDE_EXAMPLE['dso']} jours)",
            on_click=s.load_guide_example,
            variant="soft",
            size="3",
            width="100%",
            class_name="tap wrap-button",
        ),
        rx.cond(s.prefilled_note != "", rx.callout(s.prefilled_note, color_scheme="blue", width="100%")),
        ui.form_card(
            _field(s, "ca", "Chiffre d'affaires annuel", unit="€"),
            _base(s, "Ce chiffre d'affaires est"),
            _field(s, "tva", "Taux de TVA", unit="%"),
            _field(s, "dso", "DSO actuel", kind="numeric", unit="jours"),
            _dso_helper(),
            _field(s, "objectif", "DSO visé", kind="numeric", unit="jours"),
            _field(s, "baisse", "ou baisse visée", kind="numeric", unit="jours"),
            _field(s, "taux", "Taux de financement court terme", unit="%", hint="Découvert, affacturage, Dailly…"),
            _field(s, "retard", "Part des créances en retard", unit="%"),
            _field(s, "perte", "Taux de perte estimé sur les créances en retard", unit="%"),
        ),
        _result(s, chart_label="Trésorerie libérée selon le nombre de jours de délai gagnés"),
    )


def penalties() -> rx.Component:
    s = PenaltiesState
    return _shell(
        catalog.PENALTIES,
        f"Entre professionnels, les pénalités de retard et l'indemnité de {INDEMNITY} sont dues dès le lendemain "
        "de l'échéance, sans relance. Un particulier ne doit des intérêts qu'après une mise en demeure, un acheteur "
        "public des intérêts moratoires.",
        ui.form_card(
            _debtor_kind(s),
            _field(s, "montant", "Montant de la facture TTC", unit="€"),
            _field(s, "echeance", "Date d'échéance", kind="date"),
            _field(s, "paiement", "Date de paiement (ou aujourd'hui)", kind="date"),
            _field(
                s,
                "taux_contractuel",
                "Taux de pénalité de vos conditions générales (facultatif)",
                unit="%",
                hint=f"Entre professionnels. Laissez vide pour le taux légal : taux BCE + "
                f"{figure(rates().penalty_points)} points.",
            ),
            _field(
                s,
                "mise_en_demeure",
                "Date de la mise en demeure (facultatif)",
                kind="date",
                hint="Un particulier ne doit des intérêts qu'à partir de cette date.",
            ),
            _field(
                s,
                "acomptes",
                "Acomptes déjà reçus (facultatif)",
                kind="text",
                hint="Date:montant, séparés par des virgules, par exemple 2026-01-15:500,2026-02-15:250.50",
            ),
            _field(
                s,
                "facture",
                "Date de la facture (facultatif)",
                kind="date",
                hint="Pour vérifier que le délai convenu respecte le maximum légal.",
            ),
        ),
        _result(s),
    )


def costs() -> rx.Component:
    s = CostsState
    return _shell(
        catalog.COSTS,
        "Relancer prend du temps, et le temps a un coût. Comparez-le à un prestataire payé au résultat et à un "
        "logiciel qui automatise l'essentiel des relances.",
        ui.form_card(
            _field(s, "heures", "Heures passées à relancer par semaine", unit="h"),
            _field(s, "salaire", "Salaire brut annuel de la personne qui relance", unit="€"),
            _field(s, "horaire", "ou coût horaire chargé (facultatif)", unit="€"),
            _field(s, "factures", "Factures impayées par an", kind="numeric"),
            _field(s, "montant", "Montant total de ces impayés par an", unit="€"),
            _field(s, "recouvrement", "Part recouvrée par un prestataire", unit="%"),
            _field(s, "commission", "Commission au succès du prestataire", unit="%"),
            _field(s, "abonnement", "Abonnement mensuel du logiciel", unit="€"),
        ),
        _result(s, chart_label="Coût annuel de chaque option"),
    )


def prescription() -> rx.Component:
    s = PrescriptionState
    return _shell(
        catalog.PRESCRIPTION,
        "Passé un délai, votre client peut refuser de payer une facture en invoquant la prescription. Calculez "
        "la date limite, et voyez ce qui la repousse.",
        ui.form_card(
            _debtor_kind(s),
            _field(s, "echeance", "Date d'échéance de la facture", kind="date"),
            _field(
                s,
                "reconnaissance",
                "Paiements partiels, échéancier accepté, promesse écrite (facultatif)",
                kind="text",
                hint="Leurs dates, séparées par des virgules, par exemple 2025-03-14,2025-09-02",
            ),
        ),
        _result(s),
    )
