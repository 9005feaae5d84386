"""The directory of collection professionals (content/professionals.yaml), their fees, and the one recommended
for a case. Pure: Pydantic models and Decimal euros.

Fees: a fixed fee paid whatever the outcome (often 0: "no win, no fee"), plus a success fee on what the
professional actually recovers, by marginal tiers (like income tax: 15 % on the first 1 500 €, 10 % on the
next…), never less than the minimum success fee and never more than what was recovered.

Recommendation: among the professionals who take the case (debtor type, region, minimum amount), the one
that leaves the creditor the most, on average: amount × the professional's recovery rate for a debt of that
age − the fees on that expected amount; a matching speciality (small or old debts) counts as 2 % of the
amount, then the rating breaks ties. Every choice comes with the reasons a person can check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from guide_app.core.content import CONTENT_DIR, ContentError
from guide_app.core.format import money, rate

FICTIONAL_NOTICE = (
    "Exemples fictifs : cet annuaire montre comment la recommandation et le recouvrement circulaire fonctionnent. "
    "Aucune de ces entreprises n'existe ; leurs notes et leurs taux de réussite sont inventés."
)
CENT = Decimal("0.01")
OLD_DEBT_DAYS = 180  # past six months, recovery odds fall (domain facts: ~57 % at 6 months, ~29 % at a year)
SMALL_DEBT_LIMIT = Decimal(5000)  # the simplified procedure's ceiling (CPCE L125-1)
SPECIALITY_BONUS = Decimal("0.02")

Kind = Literal["agence", "commissaire"]
DebtorType = Literal["entreprise", "particulier", "administration"]

KIND_LABELS: dict[str, str] = {"agence": "Société de recouvrement", "commissaire": "Commissaire de justice"}
DEBTOR_TYPES: dict[str, str] = {
    "entreprise": "Une entreprise",
    "particulier": "Un particulier",
    "administration": "Une administration",
}
# Metropolitan regions (and overseas as one entry), by INSEE-like short codes.
REGIONS: dict[str, str] = {
    "ARA": "Auvergne-Rhône-Alpes",
    "BFC": "Bourgogne-Franche-Comté",
    "BRE": "Bretagne",
    "CVL": "Centre-Val de Loire",
    "COR": "Corse",
    "GES": "Grand Est",
    "HDF": "Hauts-de-France",
    "IDF": "Île-de-France",
    "NOR": "Normandie",
    "NAQ": "Nouvelle-Aquitaine",
    "OCC": "Occitanie",
    "PDL": "Pays de la Loire",
    "PAC": "Provence-Alpes-Côte d'Azur",
    "OM": "Outre-mer",
}
SPECIALITIES: dict[str, str] = {
    "petites_creances": "petites créances",
    "creances_anciennes": "créances anciennes",
    "international": "débiteurs à l'étranger",
    "btp": "bâtiment et travaux publics",
    "numerique": "services numériques",
    "sante": "santé",
    "commerce": "commerce et distribution",
    "transport": "transport et logistique",
}

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{2,40}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Ratio = Annotated[Decimal, Field(ge=0, le=1)]
Euros = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=2)]


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    up_to: Euros | None  # upper bound of the tier in euros recovered; None for the last one
    rate: Ratio


class Professional(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    name: Text
    kind: Kind
    city: Text
    regions: tuple[str, ...] = Field(min_length=1)  # REGIONS codes, or ("national",)
    debtor_types: tuple[DebtorType, ...] = Field(min_length=1)
    specialities: tuple[str, ...] = ()
    minimum_amount: Euros
    fixed_fee: Euros  # paid whatever the outcome
    success_tiers: tuple[Tier, ...] = Field(min_length=1)
    minimum_success_fee: Euros
    recovery_rate: Ratio  # average share of the debts entrusted that they recover
    recovery_rate_old: Ratio  # the same for debts more than six months past due
    average_delay_days: int = Field(ge=1, le=365)
    agreed_delay_days: int = Field(ge=15, le=365)  # without result by then, the case moves on
    rating: Annotated[Decimal, Field(ge=1, le=5, decimal_places=1)]
    reviews: int = Field(ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Professional:
        unknown = [r for r in self.regions if r != "national" and r not in REGIONS]
        if unknown or ("national" in self.regions and len(self.regions) > 1):
            raise ValueError(f"regions: unknown or mixed with national: {self.regions}")
        if any(s not in SPECIALITIES for s in self.specialities):
            raise ValueError(f"unknown speciality in {self.specialities}")
        bounds = [tier.up_to for tier in self.success_tiers]
        if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
            raise ValueError("every tier but the last needs up_to; the last has none")
        finite = [b for b in bounds if b is not None]
        if finite != sorted(set(finite)):
            raise ValueError("tiers must grow")
        if self.recovery_rate_old > self.recovery_rate:
            raise ValueError("old debts are not recovered better than recent ones")
        return self

    def covers(self, region: str) -> bool:
        return "national" in self.regions or region in self.regions

    @property
    def label(self) -> str:
        return f"{self.name} ({KIND_LABELS[self.kind].lower()}, {self.city})"


@cache
def directory() -> dict[str, Professional]:
    raw = yaml.safe_load((CONTENT_DIR / "professionals.yaml").read_text(encoding="utf-8"))
    items = [Professional.model_validate(item) for item in raw]
    by_id = {item.id: item for item in items}
    if len(by_id) != len(items):
        raise ContentError("professionals.yaml: duplicate id")
    return by_id


# --- Fees --------------------------------------------------------------------------------------------


def success_fee(pro: Professional, recovered: Decimal) -> Decimal:
    """The fee on `recovered` euros: marginal tiers, at least the minimum, at most what was recovered."""
    if recovered <= 0:
        return Decimal(0)
    fee, lower = Decimal(0), Decimal(0)
    for tier in pro.success_tiers:
        upper = recovered if tier.up_to is None else min(recovered, tier.up_to)
        if upper > lower:
            fee += (upper - lower) * tier.rate
        if tier.up_to is None or recovered <= tier.up_to:
            break
        lower = tier.up_to
    fee = max(fee, pro.minimum_success_fee)
    return min(fee, recovered).quantize(CENT, rounding=ROUND_HALF_UP)


def fees_on_result(pro: Professional, recovered: Decimal) -> Decimal:
    """What the creditor owes this professional once `recovered` euros came in (fixed fee included)."""
    return pro.fixed_fee + success_fee(pro, recovered)


def tier_text(pro: Professional) -> str:
    """ "15 % jusqu'à 1 500 €, 10 % jusqu'à 7 500 €, 7 % au-delà (minimum 10 €)"."""
    parts = []
    for tier in pro.success_tiers:
        bound = f"jusqu'à {money(tier.up_to, cents=False)}" if tier.up_to is not None else "au-delà"
        parts.append(f"{rate(tier.rate)} {bound}" if len(pro.success_tiers) > 1 else f"{rate(tier.rate)}")
    text = ", ".join(parts)
    if pro.minimum_success_fee:
        text += f" (minimum {money(pro.minimum_success_fee)})"
    return text


# --- Recommendation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseProfile:
    amount: Decimal  # what is still owed, TTC
    age_days: int  # days since the oldest unpaid due date
    debtor_type: str
    region: str


@dataclass(frozen=True)
class Recommendation:
    pro: Professional
    expected_rate: Decimal
    expected_recovered: Decimal
    expected_fees: Decimal  # on the expected amount, fixed fee included
    fees_if_all_recovered: Decimal
    net_expected: Decimal
    score: Decimal
    reasons: tuple[str, ...]


def _why_not(pro: Professional, case: CaseProfile) -> str | None:
    if case.debtor_type not in pro.debtor_types:
        return "ne traite pas ce type de débiteur"
    if not pro.covers(case.region):
        return "n'intervient pas dans cette région"
    if case.amount < pro.minimum_amount:
        return f"ne prend pas de dossier sous {money(pro.minimum_amount, cents=False)}"
    return None


def _assess(pro: Professional, case: CaseProfile) -> Recommendation:
    old = case.age_days > OLD_DEBT_DAYS
    expected_rate = pro.recovery_rate_old if old else pro.recovery_rate
    expected = (case.amount * expected_rate).quantize(CENT, rounding=ROUND_HALF_UP)
    fees = fees_on_result(pro, expected)
    matches = []
    if case.amount <= SMALL_DEBT_LIMIT and "petites_creances" in pro.specialities:
        matches.append("petites créances")
    if old and "creances_anciennes" in pro.specialities:
        matches.append("créances anciennes")
    score = expected - fees + SPECIALITY_BONUS * case.amount * len(matches)
    where = "partout en France" if "national" in pro.regions else f"en {REGIONS.get(case.region, case.region)}"
    age = "de plus de six mois" if old else "de moins de six mois"
    reasons = [
        f"Intervient pour {DEBTOR_TYPES[case.debtor_type].lower()} {where}, à partir de "
        f"{money(pro.minimum_amount, cents=False)}.",
        f"Recouvre en moyenne {rate(expected_rate)} des créances {age}, en {pro.average_delay_days} jours environ.",
        f"Coût attendu : {money(fees)} pour {money(expected)} recouvrés en moyenne, soit "
        f"{money(expected - fees)} pour vous.",
    ]
    if matches:
        reasons.append(f"Spécialiste des {' et des '.join(matches)}.")
    reasons.append(f"Note d'exemple : {str(pro.rating).replace('.', ',')}/5 sur {pro.reviews} avis fictifs.")
    return Recommendation(
        pro=pro,
        expected_rate=expected_rate,
        expected_recovered=expected,
        expected_fees=fees,
        fees_if_all_recovered=fees_on_result(pro, case.amount),
        net_expected=expected - fees,
        score=score,
        reasons=tuple(reasons),
    )


def recommend(case: CaseProfile, pros: Sequence[Professional] | None = None) -> list[Recommendation]:
    """The professionals who take this case, best first (highest score, then rating, then name)."""
    candidates = list(directory().values()) if pros is None else list(pros)
    eligible = [_assess(pro, case) for pro in candidates if _why_not(pro, case) is None]
    return sorted(eligible, key=lambda r: (-r.score, -r.pro.rating, r.pro.name))


def excluded(case: CaseProfile, pros: Sequence[Professional] | None = None) -> list[tuple[Professional, str]]:
    """Those who do not take the case, with the reason (shown on demand)."""
    candidates = list(directory().values()) if pros is None else list(pros)
    return [(pro, why) for pro in candidates if (why := _why_not(pro, case)) is not None]
