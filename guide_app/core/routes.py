"""Every URL of the app, in one place. Shared links depend on them: change none lightly."""

from __future__ import annotations

HOME = "/"
DIAGNOSTIC = "/diagnostic"
DIAGNOSTIC_RESULT = "/diagnostic/resultat"  # the visitor's own result; shared results live below it
SIMULATORS = "/simulateurs"
SIMULATOR_MARGIN = "/simulateurs/marge-perdue"
SIMULATOR_DSO = "/simulateurs/tresorerie-dso"
SIMULATOR_PENALTIES = "/simulateurs/penalites"
SIMULATOR_COSTS = "/simulateurs/cout-recouvrement"
SIMULATOR_PRESCRIPTION = "/simulateurs/prescription"
SIGN_UP = "/inscription"
SIGN_IN = "/connexion"
PASSWORD_FORGOTTEN = "/connexion/mot-de-passe-oublie"  # asks for the e-mail that receives a reset link
ACCOUNT = "/compte"
ACCOUNT_SETTINGS = "/compte/parametres"
ACCOUNT_ERASED = "/compte/supprime"
ACCOUNT_MESSAGES = "/compte/relances"
ACCOUNT_IMPORT = "/compte/import"
ACCOUNT_EINVOICE = "/compte/import/facture-electronique"  # a Factur-X, UBL or CII invoice becomes a case
ACCOUNT_RECONCILIATION = "/compte/rapprochement"  # bank statements matched to open invoices
ACCOUNT_TEAM = "/compte/equipe"  # the owner invites members (lecture, gestion) and removes them
ACCOUNT_CALENDAR = "/compte/agenda.ics"  # ?cle=<key>: the owner's calendar feed, not a page
DEBTOR = "/debiteur"
WORKSHOP_JOIN = "/atelier"  # type the room's code; the QR code carries workshop_room(code)
ADVISOR = "/conseiller"  # the advisor space: workshops and leads
NOT_FOUND = "404"

# Simulator slug → the name links give it.
SIMULATOR_TITLES = {
    "marge-perdue": "Simulateur de marge perdue",
    "tresorerie-dso": "Simulateur de trésorerie (DSO)",
    "penalites": "Calcul des pénalités de retard",
    "cout-recouvrement": "Coût du recouvrement",
    "prescription": "Ma créance est-elle prescrite ?",
}


def chapter(slug: str) -> str:
    return f"/chapitres/{slug}"


def chapter_quiz(slug: str) -> str:
    return f"/chapitres/{slug}/quiz"


def simulator(slug: str) -> str:
    return f"{SIMULATORS}/{slug}"


def debtor_page(token: str) -> str:
    return f"{DEBTOR}/{token}"


def team_invitation(token: str) -> str:
    """The link of a team invitation e-mail (single-use, 7 days)."""
    return f"/invitation/{token}"


def hold(token: str) -> str:
    """A « Suspendre » link of the owner's morning digest (single-use, until the client's message leaves)."""
    return f"/suspendre/{token}"


def password_reset(token: str) -> str:
    """The link of the "forgotten password" e-mail (single-use, one hour)."""
    return f"{SIGN_IN}/nouveau-mot-de-passe/{token}"


def case(case_id: int | str) -> str:
    return f"{ACCOUNT}/dossiers/{case_id}"


def case_recourse(case_id: int | str) -> str:
    """Payment plan, hand-over to professionals and the legal path of one case."""
    return f"{case(case_id)}/recours"


def workshop_room(code: str) -> str:
    return f"{WORKSHOP_JOIN}/{code}"


def advisor_workshop(workshop_id: int | str) -> str:
    """The presentation screen of a workshop (wide, for the projector)."""
    return f"{ADVISOR}/ateliers/{workshop_id}"


def advisor_workshop_summary(workshop_id: int | str) -> str:
    return f"{advisor_workshop(workshop_id)}/synthese"


def advisor_workshop_remote(workshop_id: int | str) -> str:
    """The advisor's remote for a game: a phone at the front of the room drives the big screen."""
    return f"{advisor_workshop(workshop_id)}/telecommande"


def advisor_lead(lead_id: int | str) -> str:
    return f"{ADVISOR}/contacts/{lead_id}"


def invitation(token: str) -> str:
    """Onboarding pre-filled for a lead (the token is single-use and expires)."""
    return f"{SIGN_UP}?invitation={token}"


def path_param(pattern: str, path: str, name: str) -> str:
    """The value of `[name]` in `path` for a route pattern: path_param("/atelier/[room_code]", "/atelier/234567",
    "room_code") == "234567"; "" when the path does not follow the pattern."""
    wanted, actual = pattern.strip("/").split("/"), path.split("?", 1)[0].split("#", 1)[0].strip("/").split("/")
    if len(wanted) != len(actual):
        return ""
    found = ""
    for expected, segment in zip(wanted, actual, strict=True):
        if expected == f"[{name}]":
            found = segment
        elif not (expected.startswith("[") and expected.endswith("]")) and expected != segment:
            return ""
    return found


def is_internal_path(value: object) -> bool:
    """A path of this site that is safe to redirect to after sign-in (no scheme, no //host)."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and len(value) < 200
    )


def diagnostic_share(share_id: str) -> str:
    return f"{DIAGNOSTIC_RESULT}/{share_id}"


def all_routes(chapter_slugs: list[str]) -> list[str]:
    fixed = [
        HOME,
        DIAGNOSTIC,
        DIAGNOSTIC_RESULT,
        f"{DIAGNOSTIC_RESULT}/[share_id]",
        SIMULATORS,
        SIMULATOR_MARGIN,
        SIMULATOR_DSO,
        SIMULATOR_PENALTIES,
        SIMULATOR_COSTS,
        SIMULATOR_PRESCRIPTION,
        SIGN_UP,
        SIGN_IN,
        PASSWORD_FORGOTTEN,
        password_reset("[token]"),
        ACCOUNT,
        ACCOUNT_SETTINGS,
        ACCOUNT_ERASED,
        ACCOUNT_MESSAGES,
        ACCOUNT_IMPORT,
        ACCOUNT_EINVOICE,
        ACCOUNT_RECONCILIATION,
        f"{ACCOUNT}/dossiers/[case_id]",
        case_recourse("[case_id]"),
        f"{DEBTOR}/[token]",
        WORKSHOP_JOIN,
        workshop_room("[room_code]"),
        ADVISOR,
        advisor_workshop("[workshop_id]"),
        advisor_workshop_summary("[workshop_id]"),
        advisor_workshop_remote("[workshop_id]"),
        advisor_lead("[lead_id]"),
        NOT_FOUND,
    ]
    return fixed + [chapter(s) for s in chapter_slugs] + [chapter_quiz(s) for s in chapter_slugs]
