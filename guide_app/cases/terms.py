"""Agreed payment terms against the legal maximum, which depends on who pays.

Between professionals (Code de commerce, art. L441-10) the two maxima are read from content/figures.yaml (figure
max_terms): its value gives the days from the invoice date ("60 jours"), its label the end-of-month variant
("… ou 45 jours fin de mois …"). A public buyer pays within 30, 50 or 60 days by kind of buyer (Code de la
commande publique, R2192-10 and R2192-11; content/debtor_kinds.yaml). The Code de commerce's maxima do not bind
a consumer: no warning then.
"""

from __future__ import annotations

import re
from functools import cache

from guide_app.cases.ledger import PublicBuyer
from guide_app.core.content import ContentError, figures
from guide_app.core.parse import InputError

MAX_TYPED_DAYS = 365
_DAYS = re.compile(r"^(\d+) jours$")
_END_OF_MONTH = re.compile(r"(\d+) jours fin de mois")


@cache
def legal_maximum() -> tuple[int, int, str]:
    """(days from the invoice date, days end of month, source) of the legal maximum terms."""
    figure = figures()["max_terms"]
    days, end_of_month = _DAYS.match(figure.value), _END_OF_MONTH.search(figure.label)
    if not days or not end_of_month:
        raise ContentError("figures.yaml: max_terms must read '<n> jours' and mention '<n> jours fin de mois'")
    return int(days.group(1)), int(end_of_month.group(1)), figure.source


def check_terms(
    days: int, *, end_of_month: bool, kind: str = "professionnel", buyer: PublicBuyer | None = None
) -> str | None:
    """A French warning when the agreed terms exceed the legal maximum for this kind of debtor (`buyer` for a
    public one), None when they are lawful.

    Raises InputError when `days` is not a whole number of days between 0 and 365.
    """
    if isinstance(days, bool) or not isinstance(days, int):
        raise InputError("Le délai de paiement doit être un nombre entier de jours.")
    if not 0 <= days <= MAX_TYPED_DAYS:
        raise InputError(f"Le délai de paiement doit être compris entre 0 et {MAX_TYPED_DAYS} jours.")
    if kind == "particulier":
        return None
    if buyer is not None:
        return _public_terms(days, end_of_month=end_of_month, buyer=buyer)
    from_invoice, from_end_of_month, source = legal_maximum()
    if end_of_month and days > from_end_of_month:
        return (
            f"Un délai de {days} jours fin de mois dépasse le maximum légal de {from_end_of_month} jours fin de "
            f"mois ({source}). Ramenez-le à {from_end_of_month} jours fin de mois, ou à {from_invoice} jours "
            "à compter de la date de facture."
        )
    if not end_of_month and days > from_invoice:
        return (
            f"Un délai de {days} jours dépasse le maximum légal de {from_invoice} jours à compter de la date de "
            f"facture ({source}). Ramenez-le à {from_invoice} jours au plus, ou à {from_end_of_month} jours fin "
            "de mois."
        )
    return None


def _public_terms(days: int, *, end_of_month: bool, buyer: PublicBuyer) -> str | None:
    who = buyer.label[0].lower() + buyer.label[1:]
    if end_of_month:
        return (
            f"Pour un acheteur public, le délai de paiement se compte en jours, sans fin de mois : {buyer.days} jours "
            f"au plus pour {who} ({buyer.source})."
        )
    if days > buyer.days:
        return (
            f"Un délai de {days} jours dépasse le délai maximal de {buyer.days} jours pour {who} ({buyer.source}). "
            f"Ramenez-le à {buyer.days} jours."
        )
    return None
