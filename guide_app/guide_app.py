"""The app: theme, head, and every page registered from routes.py."""

from __future__ import annotations

import os
from functools import partial

import reflex as rx
import reflex.model
from reflex import constants
from reflex.utils import prerequisites
from starlette.applications import Starlette

from guide_app import wiring
from guide_app.accounts.calendar_state import CalendarState
from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.accounts.reset_state import ForgottenPasswordState, NewPasswordState
from guide_app.accounts.state import owner_browser
from guide_app.accounts.team_state import InvitationState, TeamState
from guide_app.banking.state import ReconciliationState
from guide_app.banking.statements import MAX_BYTES as STATEMENT_MAX_BYTES
from guide_app.cases.csv_import import MAX_BYTES as IMPORT_MAX_BYTES
from guide_app.cases.einvoice import MAX_BYTES as EINVOICE_MAX_BYTES
from guide_app.components import errors
from guide_app.core import APP_NAME, routes
from guide_app.core.content import chapters
from guide_app.core.resync import Resync, watch_redis
from guide_app.core.security import UploadGate, security_headers
from guide_app.core.serving import serve_pages
from guide_app.core.settings import settings
from guide_app.desk.agenda_feed import FEED_ROUTES
from guide_app.desk.einvoice_state import EInvoiceState
from guide_app.desk.import_state import ImportState
from guide_app.desk.state import AccountState, CaseState
from guide_app.jobs import register_scheduler
from guide_app.onboarding.state import CaseForm, OnboardingState, ScenarioEditor, TimelineStep
from guide_app.pages.accounts.account_data import erased_page
from guide_app.pages.accounts.auth import forgotten_password_page, new_password_page, settings_page, sign_in_page
from guide_app.pages.accounts.team import invitation_page, team_page
from guide_app.pages.banking.reconciliation import reconciliation_page
from guide_app.pages.cases.einvoice_import import einvoice_page
from guide_app.pages.cases.invoice_import import import_page
from guide_app.pages.desk.account import account_page, case_page
from guide_app.pages.home import home
from guide_app.pages.onboarding.onboarding import onboarding_page
from guide_app.pages.portal.debtor import debtor_page
from guide_app.pages.quiz.chapter import chapter_page
from guide_app.pages.quiz.diagnostic import diagnostic_page
from guide_app.pages.quiz.quiz import quiz_page
from guide_app.pages.quiz.result import result_page
from guide_app.pages.recourse.recourse import recourse_page
from guide_app.pages.reminders.hold import hold_page
from guide_app.pages.reminders.messages import messages_page
from guide_app.pages.simple import not_found
from guide_app.pages.simulators import simulators
from guide_app.pages.workshop.advisor import advisor_page, lead_page
from guide_app.pages.workshop.game import remote_page
from guide_app.pages.workshop.phone import join_page, room_page
from guide_app.pages.workshop.screen import screen_page, summary_page
from guide_app.portal.state import DebtorPortalState
from guide_app.quiz.diagnostic_state import DiagnosticState
from guide_app.quiz.prefill_state import DsoPrefillState
from guide_app.quiz.result_state import ResultState
from guide_app.quiz.state import QuizState
from guide_app.quiz.visitor_state import VisitorState
from guide_app.recourse.state import RecourseState
from guide_app.reminders.hold_state import HoldState
from guide_app.reminders.outbox_state import OutboxState
from guide_app.simulators import catalog
from guide_app.simulators.state import CostsState, DsoState, MarginState, PenaltiesState, PrescriptionState
from guide_app.workshop import live
from guide_app.workshop.advisor_state import AdvisorSpaceState, LeadState
from guide_app.workshop.contact_state import ContactState
from guide_app.workshop.followup_state import NextSessionState
from guide_app.workshop.phone_state import JoinCodeState, ParticipantState
from guide_app.workshop.screen_state import ScreenState


def _fresh_database_pools() -> None:
    """Granian forks its workers after importing the app: a database connection opened before the fork must not be
    shared by two processes (each would corrupt the other's transactions), so every worker starts with empty pools."""
    for engine in reflex.model._ENGINE.values():  # Reflex keeps one engine per URL here
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_fresh_database_pools)

DESCRIPTION = (
    "Le guide gratuit pour faire payer vos factures à temps : 4 chapitres, des quiz, "
    "un auto-diagnostic et des simulateurs en euros."
)

# A personal link (debtor page, password reset): kept out of search engines and out of the Referer sent elsewhere.
_PRIVATE_LINK = [{"name": "robots", "content": "noindex, nofollow"}, {"name": "referrer", "content": "no-referrer"}]

app = rx.App(
    html_lang="fr",
    # the pages `reflex run --env prod` builds and serves, whose inline scripts the CSP names by their hash
    # the calendar feed (not a page: a phone's calendar app reads it), each page link served its prerendered HTML
    # without a redirect (a link with an id: its page's skeleton),
    # then the security headers over everything
    api_transformer=[
        Starlette(routes=FEED_ROUTES),
        serve_pages(
            prerequisites.get_web_dir() / constants.Dirs.STATIC,
            prerequisites.get_web_dir() / constants.Dirs.ROUTES_MANIFEST,
        ),
        security_headers(
            prerequisites.get_web_dir() / constants.Dirs.STATIC,
            upload=UploadGate(
                path=str(constants.Endpoint.UPLOAD),
                handlers=frozenset(
                    f"{state.get_full_name()}.upload" for state in (ImportState, ReconciliationState, EInvoiceState)
                ),
                # a file and its multipart envelope
                max_bytes=max(IMPORT_MAX_BYTES, STATEMENT_MAX_BYTES, EINVOICE_MAX_BYTES) + 64 * 1024,
                origins=tuple(settings.cors_origins()),
                signed_in_owner=lambda token: owner_browser(app.state_manager, token),
            ),
        ),
    ],
    backend_exception_handler=errors.backend_error,
    toaster=None,  # the app shows no toast (components/errors.py): no toast library in every page's first scripts
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.link(rel="icon", href="/icon-32.png", type="image/png", sizes="32x32"),  # PNG: scripts/icons.py
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.script(src="/register-sw.js", defer=True),  # the service worker: the guide readable offline
        rx.el.meta(name="theme-color", content="#3e63dd"),
    ],
)

# Reflex's error screen and connection notice speak English: ours, in French (components/errors.py).
app.app_wraps[55, "ErrorBoundary"] = lambda stateful: errors.error_screen(
    **({} if stateful else {"on_error": rx.noop()})
)
app.app_wraps[5, "Overlay"] = lambda stateful: errors.notices() if stateful else None

app.add_page(home, route=routes.HOME, title=APP_NAME, description=DESCRIPTION, on_load=VisitorState.load_progress)
app.add_page(
    diagnostic_page,
    route=routes.DIAGNOSTIC,
    title=f"Auto-diagnostic · {APP_NAME}",
    description="Situez en 4 minutes votre gestion des impayés, axe par axe, et repartez avec trois actions.",
    on_load=DiagnosticState.load,
)
app.add_page(
    partial(result_page, True),
    route=routes.DIAGNOSTIC_RESULT,
    title=f"Mon résultat · {APP_NAME}",
    description=DESCRIPTION,
    on_load=[ResultState.load_own, ContactState.load],
)
app.add_page(
    partial(result_page, False),
    route=routes.diagnostic_share("[share_id]"),
    title=f"Résultat d'auto-diagnostic · {APP_NAME}",
    description=DESCRIPTION,
    on_load=ResultState.load_shared,
)
app.add_page(
    simulators.index,
    route=routes.SIMULATORS,
    title=f"Simulateurs · {APP_NAME}",
    description=(
        "Marge perdue, trésorerie libérée, pénalités de retard, coût du recouvrement, prescription : chiffrez-les."
    ),
)
for _page, _simulator, _state in (
    (simulators.margin, catalog.MARGIN, MarginState),
    (simulators.dso, catalog.DSO, DsoState),
    (simulators.penalties, catalog.PENALTIES, PenaltiesState),
    (simulators.costs, catalog.COSTS, CostsState),
    (simulators.prescription, catalog.PRESCRIPTION, PrescriptionState),
):
    app.add_page(
        _page,
        route=_simulator.route,
        title=f"{_simulator.title} · Simulateur · {APP_NAME}",
        description=_simulator.summary,
        on_load=[_state.load, DsoPrefillState.prefill_dso] if _state is DsoState else _state.load,
    )
for _chapter in chapters():
    app.add_page(
        partial(chapter_page, _chapter),
        route=routes.chapter(_chapter.slug),
        title=f"{_chapter.title} · {APP_NAME}",
        description=_chapter.summary,
        on_load=VisitorState.load_progress,
    )
    app.add_page(
        partial(quiz_page, _chapter),
        route=routes.chapter_quiz(_chapter.slug),
        title=f"Quiz · {_chapter.title} · {APP_NAME}",
        description=_chapter.summary,
        on_load=QuizState.start(_chapter.slug),
    )
app.add_page(
    onboarding_page,
    route=routes.SIGN_UP,
    title=f"Créer mon compte · {APP_NAME}",
    description="Votre compte de recouvrement en quatre étapes : scénario de relance et premier dossier planifié.",
    on_load=[OnboardingState.load, ScenarioEditor.open_scenario, CaseForm.open_case, TimelineStep.open_timeline],
)
app.add_page(
    sign_in_page,
    route=routes.SIGN_IN,
    title=f"Connexion · {APP_NAME}",
    description=DESCRIPTION,
    on_load=SignInState.load,
)
app.add_page(
    forgotten_password_page,
    route=routes.PASSWORD_FORGOTTEN,
    title=f"Mot de passe oublié · {APP_NAME}",
    description=DESCRIPTION,
    on_load=ForgottenPasswordState.load,
)
app.add_page(
    new_password_page,
    route=routes.password_reset("[token]"),
    title=f"Nouveau mot de passe · {APP_NAME}",
    description=DESCRIPTION,
    on_load=NewPasswordState.load,
    meta=_PRIVATE_LINK,
)
app.add_page(
    team_page,
    route=routes.ACCOUNT_TEAM,
    title=f"Mon équipe · {APP_NAME}",
    description=DESCRIPTION,
    on_load=TeamState.load,
)
app.add_page(
    invitation_page,
    route=routes.team_invitation("[token]"),
    title=f"Invitation · {APP_NAME}",
    description=DESCRIPTION,
    on_load=InvitationState.load,
    meta=_PRIVATE_LINK,
)
app.add_page(
    hold_page,
    route=routes.hold("[token]"),
    title=f"Suspendre les envois · {APP_NAME}",
    description=DESCRIPTION,
    on_load=HoldState.load,
    meta=_PRIVATE_LINK,
)
app.add_page(
    account_page,
    route=routes.ACCOUNT,
    title=f"Mon espace · {APP_NAME}",
    description=DESCRIPTION,
    on_load=AccountState.load,
)
app.add_page(
    case_page,
    route=routes.case("[case_id]"),
    title=f"Dossier · {APP_NAME}",
    description=DESCRIPTION,
    on_load=CaseState.load,
)
app.add_page(
    recourse_page,
    route=routes.case_recourse("[case_id]"),
    title=f"Recours · {APP_NAME}",
    description=DESCRIPTION,
    on_load=RecourseState.load,
)
app.add_page(
    settings_page,
    route=routes.ACCOUNT_SETTINGS,
    title=f"Paramètres · {APP_NAME}",
    description=DESCRIPTION,
    on_load=[PasswordState.load, CalendarState.load],
)
app.add_page(
    messages_page,
    route=routes.ACCOUNT_MESSAGES,
    title=f"Relances e-mail · {APP_NAME}",
    description=DESCRIPTION,
    on_load=OutboxState.load,
)
app.add_page(erased_page, route=routes.ACCOUNT_ERASED, title=f"Compte supprimé · {APP_NAME}", description=DESCRIPTION)
app.add_page(
    import_page,
    route=routes.ACCOUNT_IMPORT,
    title=f"Importer des factures · {APP_NAME}",
    description=DESCRIPTION,
    on_load=ImportState.load,
)
app.add_page(
    einvoice_page,
    route=routes.ACCOUNT_EINVOICE,
    title=f"Importer une facture électronique · {APP_NAME}",
    description=DESCRIPTION,
    on_load=EInvoiceState.load,
)
app.add_page(
    reconciliation_page,
    route=routes.ACCOUNT_RECONCILIATION,
    title=f"Rapprochement bancaire · {APP_NAME}",
    description=DESCRIPTION,
    on_load=ReconciliationState.load,
)
app.add_page(
    debtor_page,
    route=routes.debtor_page("[token]"),
    title=f"Vos factures · {APP_NAME}",
    description="Vos factures, le montant dû et les coordonnées de paiement.",
    on_load=DebtorPortalState.load,
    meta=_PRIVATE_LINK,
)
# Workshops: phones join by code (/atelier), the advisor runs the room from /conseiller.
_WORKSHOP = "Atelier recouvrement"
for _page, _route, _title, _load in (
    (join_page, routes.WORKSHOP_JOIN, "Rejoindre un atelier", JoinCodeState.load),
    (room_page, routes.workshop_room("[room_code]"), _WORKSHOP, ParticipantState.load),
    (advisor_page, routes.ADVISOR, "Espace conseiller", AdvisorSpaceState.load),
    (
        screen_page,
        routes.advisor_workshop("[workshop_id]"),
        "Écran de l'atelier",
        [ScreenState.load, NextSessionState.load],
    ),
    (summary_page, routes.advisor_workshop_summary("[workshop_id]"), "Synthèse d'atelier", ScreenState.load_summary),
    (remote_page, routes.advisor_workshop_remote("[workshop_id]"), "Télécommande de l'atelier", ScreenState.load),
    (lead_page, routes.advisor_lead("[lead_id]"), "Contact", LeadState.load),
):
    app.add_page(_page, route=_route, title=f"{_title} · {APP_NAME}", description=DESCRIPTION, on_load=_load)
app.add_page(not_found, route=routes.NOT_FOUND, title=f"Page introuvable · {APP_NAME}", description=DESCRIPTION)
register_scheduler(app)  # sends due reminders every GUIDE_SCHEDULER_INTERVAL seconds
wiring.install()
live.set_app(app)  # the live push reaches phones through the app
app.add_middleware(Resync())  # a browser whose server-side state was lost hydrates again before its events run
app.register_lifespan_task(watch_redis, app=app)  # and all of them at once when Redis restarts
