"""What a reminder must never say: billing the costs of amicable collection to the debtor (CPCE L111-8).

The costs of amicable collection stay with the creditor. The only cost-related sum a creditor may claim
from a professional debtor without proof is the legal fixed indemnity of D441-5, whose legal name
contains the very words "frais de recouvrement" ("indemnité forfaitaire pour frais de recouvrement").

The rule, on an accent-free, lower-case copy of the text:
1. the legal indemnity's phrase is removed first: "indemnité", then up to 80 characters of the same
   clause (no . ; ! ? line break, nor other "frais"), then "pour frais de recouvrement"; so are negations that reassure
   the debtor ("sans frais", "aucun frais", "pas de frais");
2. what remains is flagged when it names a collection cost ("frais de recouvrement", "frais de
   relance", "frais d'huissier", "frais de mise en demeure", "frais de dossier"…), or when one sentence
   speaks of costs ("frais", "coûts") together with putting them on the debtor ("à votre charge",
   "facturé", "imputé", "répercuté", "majoré", "à vos frais"…).
Judicial costs a court may award ("dépens", "article 700") are not named by the rule.
"""

from __future__ import annotations

import re
import unicodedata

_LEGAL_INDEMNITY = re.compile(r"indemnite(?:(?!frais)[^.;!?\n]){0,80}?\bpour frais de recouvrement")
# "sans frais", "aucun frais", "pas de frais": reassuring the debtor is not billing them.
_NO_COSTS = re.compile(r"\b(?:sans|aucuns?|pas de|ni) (?:frais|couts?)\b")
_COST_NAMES = re.compile(
    r"\b(?:frais|couts?) (?:de |d'|du )(?:la |l')?"
    r"(?:recouvrement|relances?|rappels?|huissiers?|commissaires? de justice|mises? en demeure|contentieux"
    r"|dossiers?|gestion|poursuites?|agences?|cabinets?|recommandes?|lettres? recommandees?|courriers?"
    r"|encaissement|intervention|societes? de recouvrement)\b"
)
_COSTS = re.compile(r"\b(?:frais|couts?)\b")
_ON_THE_DEBTOR = re.compile(
    r"a votre charge|a vos frais|a vos depens|a votre compte|\b(?:re)?factur|\bimput|\brepercut|\bmajore"
    r"|\bsupporter|\ben sus\b|\bvous seront (?:reclame|demande)|\bs'ajout"
)
_SENTENCE = re.compile(r"[^.;!?\n]+")
_QUOTE_MAX = 80


def _plain(text: str) -> tuple[str, list[int]]:
    """Lower case, no accents, straight apostrophes, single spaces — the form the patterns are written for —
    and, for each of its characters, the index of the character of `text` it comes from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace() and char != "\n":
            if chars and chars[-1] == " ":
                continue
            char = " "
        for part in unicodedata.normalize("NFKD", char.replace("’", "'").replace("ʼ", "'").lower()):
            if not unicodedata.combining(part):
                chars.append(part)
                origin.append(index)
    return "".join(chars), origin


def _blank(plain: str, pattern: re.Pattern[str]) -> str:
    """Spaces over each match, so that positions still point into the original text."""
    return pattern.sub(lambda match: " " * len(match.group(0)), plain)


def _explanation(indemnity: str) -> str:
    return (
        "les frais de recouvrement amiable restent à la charge du créancier (Code des procédures civiles "
        "d'exécution, art. L111-8) : un message ne doit jamais menacer de les facturer au client. "
        f"Seule l'indemnité forfaitaire légale de {indemnity} par facture (Code de commerce, art. D441-5) "
        "peut être réclamée : écrivez plutôt {indemnite}."
    )


def cost_billing_errors(text: str, *, indemnity: str) -> list[str]:
    """French errors for each wording that bills collection costs to the debtor; [] when the text is clean.

    `indemnity` is the legal amount as displayed ("40 €"), quoted in the explanation.
    """
    plain, origin = _plain(text)
    plain = _blank(_blank(plain, _LEGAL_INDEMNITY), _NO_COSTS)

    def quote(start: int, end: int) -> str:
        words = text[origin[start] : origin[end - 1] + 1].strip()
        return words if len(words) <= _QUOTE_MAX else words[: _QUOTE_MAX - 1] + "…"

    found = [quote(*match.span()) for match in _COST_NAMES.finditer(plain)]
    if not found:
        found = [
            quote(*sentence.span())
            for sentence in _SENTENCE.finditer(plain)
            if _COSTS.search(sentence.group(0)) and _ON_THE_DEBTOR.search(sentence.group(0))
        ]
    return [f"« {words} » : {_explanation(indemnity)}" for words in dict.fromkeys(found)]
