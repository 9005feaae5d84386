"""Labelled form fields with their French error right below, phone-friendly (44 px, right keyboard)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from guide_app.accounts.accounts import CONSENT_TEXT
from guide_app.cases.ledger import DEBTOR_KINDS, public_buyers
from guide_app.cases.risk import RISK_LABELS


def _error(message: rx.Var[str] | str, field_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.text(message, id=f"{field_id}-error", color_scheme="red", size="2", role="alert"),
    )


def text_field(
    label: str,
    name: str,
    error: rx.Var[str] | str,
    *,
    hint: str = "",
    input_mode: str = "text",
    placeholder: str = "",
    suffix: str = "",
    type: str = "text",
    autocomplete: str = "on",
    default: str | rx.Var[str] = "",
) -> rx.Component:
    field_id = f"field-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.hstack(
            rx.input(
                id=field_id,
                name=name,
                input_mode=input_mode,
                placeholder=placeholder,
                type=type,
                auto_complete=autocomplete,
                default_value=default,
                size="3",
                width="100%",
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby=f"{field_id}-error",
            ),
            *([rx.text(suffix, size="3", color_scheme="gray")] if suffix else []),
            align="center",
            width="100%",
        ),
        *([rx.text(hint, size="1", color_scheme="gray")] if hint else []),
        _error(error, field_id),
        spacing="1",
        width="100%",
    )


def password_and_consent(password_error: rx.Var[str], consent_error: rx.Var[str]) -> rx.Component:
    """A new user's password and their consent to the terms (sign-up, joining a team)."""
    return rx.fragment(
        text_field(
            "Mot de passe (12 caractères au moins)",
            "password",
            password_error,
            type="password",
            autocomplete="new-password",
        ),
        rx.el.label(
            rx.el.input(type="checkbox", name="consent", class_name="consent-box"),
            rx.text(CONSENT_TEXT, size="3"),
            class_name="consent",
        ),
        rx.cond(consent_error != "", rx.text(consent_error, color_scheme="red", size="2", role="alert")),
    )


def select_field(
    label: str,
    name: str,
    options: tuple[str, ...],
    error: rx.Var[str] | str,
    *,
    labels: tuple[str, ...] = (),
    default: str = "",
    suffix: str = "",
) -> rx.Component:
    """A native select (best on phones); `labels` are shown for `options` when given."""
    field_id = f"field-{name}"
    shown = labels or tuple(option + suffix for option in options)
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(
            *([] if default else [rx.el.option("— Choisir —", value="")]),
            *[rx.el.option(text, value=option) for option, text in zip(options, shown, strict=True)],
            id=field_id,
            name=name,
            default_value=default,
            class_name="native-select",
            aria_describedby=f"{field_id}-error",
        ),
        _error(error, field_id),
        spacing="1",
        width="100%",
    )


def one_file_upload(
    upload_id: str,
    *,
    choose: str,
    submit: str,
    accept: dict[str, list[str]],
    max_size: int,
    on_rejected: rx.EventHandler,
    on_upload: rx.EventHandler,
) -> rx.Component:
    """A picker for one file (the name shown once chosen) and the button that sends it to `on_upload`. The picker
    is emptied here, in the page: sent from the server, emptying it would be a script run with eval."""
    selected = rx.selected_files(upload_id)
    zone = rx.upload.root(
        rx.vstack(
            rx.button(choose, type="button", variant="outline", size="3", class_name="tap"),
            rx.cond(
                selected.length() > 0,
                rx.text("Fichier choisi : ", selected.join(", "), size="3", class_name="share-link"),
                rx.text("Aucun fichier choisi.", size="3", color_scheme="gray"),
            ),
            align="center",
            spacing="2",
            width="100%",
        ),
        id=upload_id,
        accept=accept,
        max_files=1,
        multiple=False,
        max_size=max_size,
        on_drop_rejected=on_rejected,
        class_name="upload-zone",
    )
    _name_file_input(zone, choose)
    return rx.fragment(
        zone,
        rx.button(
            submit,
            on_click=[on_upload(rx.upload_files(upload_id=upload_id)), rx.clear_selected_files(upload_id)],
            disabled=selected.length() == 0,
            size="3",
            width="100%",
            class_name="tap",
        ),
    )


def _name_file_input(component: rx.Component, name: str) -> None:
    """Reflex's upload zone renders its `<input type="file">` with no name for screen readers (axe: « label »):
    give it the picker's."""
    for child in component.children:
        if getattr(child, "tag", "") == "input":
            child.custom_attrs["aria-label"] = name
        _name_file_input(child, name)


def client_kind_fields(error: Callable[[str], rx.Var[str] | str], *public_buyer_help: rx.Component) -> rx.Component:
    """Who the client is (the law of late payment follows it), which public buyer when public — asked only then, by
    the stylesheet — and the risk category: the same three selects wherever a client is entered."""
    return rx.fragment(
        select_field(
            "Votre client est",
            "debtor_kind",
            tuple(DEBTOR_KINDS),
            error("debtor_kind"),
            labels=tuple(DEBTOR_KINDS.values()),
            default="professionnel",
        ),
        rx.box(
            select_field(
                "Quel acheteur public ?",
                "public_buyer",
                tuple(public_buyers()),
                error("public_buyer"),
                labels=tuple(f"{b.label} (paie sous {b.days} jours)" for b in public_buyers().values()),
                default="etat",
            ),
            *public_buyer_help,
            class_name="public-buyer",
        ),
        select_field(
            "Catégorie de risque",
            "risk",
            tuple(r.value for r in RISK_LABELS),
            error("risk"),
            labels=tuple(RISK_LABELS.values()),
            default="standard",
        ),
    )
