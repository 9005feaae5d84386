from decimal import Decimal

import pytest

from guide_app.recourse.professionals import (
    CaseProfile,
    Professional,
    Tier,
    directory,
    excluded,
    fees_on_result,
    recommend,
    success_fee,
    tier_text,
)


def pro(**changes):
    base = dict(
        id="test-pro",
        name="Test",
        kind="agence",
        city="Lyon",
        regions=("national",),
        debtor_types=("entreprise",),
        specialities=(),
        minimum_amount=Decimal(100),
        fixed_fee=Decimal(0),
        success_tiers=(Tier(up_to=Decimal(1500), rate=Decimal("0.15")), Tier(up_to=None, rate=Decimal("0.10"))),
        minimum_success_fee=Decimal(10),
        recovery_rate=Decimal("0.8"),
        recovery_rate_old=Decimal("0.5"),
        average_delay_days=40,
        agreed_delay_days=60,
        rating=Decimal("4.0"),
        reviews=10,
    )
    return Professional(**{**base, **changes})


def test_directory_loads_fictional_agencies_and_commissaires():
    pros = directory()
    assert len(pros) >= 6 and {p.kind for p in pros.values()} == {"agence", "commissaire"}


@pytest.mark.parametrize(
    ("recovered", "fee"),
    [
        (Decimal(0), Decimal(0)),
        (Decimal(5), Decimal(5)),  # never more than what was recovered
        (Decimal(50), Decimal(10)),  # the minimum
        (Decimal(1000), Decimal(150)),
        (Decimal(1500), Decimal(225)),
        (Decimal(2400), Decimal(315)),  # 15 % of 1 500 + 10 % of 900
    ],
)
def test_success_fee_by_marginal_tiers(recovered, fee):
    assert success_fee(pro(), recovered) == fee


def test_fees_on_result_add_the_fixed_fee_and_the_scale_reads_in_french():
    assert fees_on_result(pro(fixed_fee=Decimal(45)), Decimal(1000)) == Decimal(195)
    assert tier_text(pro()) == "15\u00a0% jusqu'à 1\u202f500\u00a0€, 10\u00a0% au-delà (minimum 10,00\u00a0€)"


@pytest.mark.parametrize(
    "changes",
    [
        {"regions": ("national", "IDF")},
        {"regions": ("XXX",)},
        {"specialities": ("magie",)},
        {"success_tiers": (Tier(up_to=Decimal(10), rate=Decimal("0.1")),)},
        {"recovery_rate_old": Decimal("0.9")},
    ],
)
def test_inconsistent_entries_are_refused(changes):
    with pytest.raises(ValueError):
        pro(**changes)


def test_recommendation_filters_ranks_and_explains():
    cheap = pro(id="cheap", name="Cheap", success_tiers=(Tier(up_to=None, rate=Decimal("0.05")),))
    dear = pro(id="dear", name="Dear")
    regional = pro(id="regional", name="Regional", regions=("PAC",))
    consumer = pro(id="consumer", name="Consumer", debtor_types=("particulier",))
    big = pro(id="big", name="Big", minimum_amount=Decimal(5000))
    case = CaseProfile(amount=Decimal(2400), age_days=40, debtor_type="entreprise", region="IDF")
    ranked = recommend(case, [dear, cheap, regional, consumer, big])
    assert [r.pro.id for r in ranked] == ["cheap", "dear"]
    best = ranked[0]
    assert best.expected_recovered == Decimal("1920.00") and best.expected_fees == Decimal("96.00")
    assert any("Coût attendu : 96,00\u00a0€" in reason for reason in best.reasons)
    assert {p.id: why for p, why in excluded(case, [regional, consumer, big])} == {
        "regional": "n'intervient pas dans cette région",
        "consumer": "ne traite pas ce type de débiteur",
        "big": "ne prend pas de dossier sous 5\u202f000\u00a0€",
    }


def test_age_and_specialities_change_the_choice():
    general = pro(id="general", name="General", recovery_rate_old=Decimal("0.40"))
    old_debts = pro(
        id="old",
        name="Old",
        recovery_rate=Decimal("0.75"),
        recovery_rate_old=Decimal("0.40"),
        specialities=("creances_anciennes",),
    )
    recent = CaseProfile(amount=Decimal(2400), age_days=30, debtor_type="entreprise", region="IDF")
    old = CaseProfile(amount=Decimal(2400), age_days=400, debtor_type="entreprise", region="IDF")
    assert recommend(recent, [general, old_debts])[0].pro.id == "general"
    top = recommend(old, [general, old_debts])[0]
    assert top.pro.id == "old" and "Spécialiste des créances anciennes." in top.reasons
    assert "plus de six mois" in top.reasons[1]


def test_the_real_directory_always_has_someone_for_a_french_company():
    for region in ("IDF", "ARA", "PAC", "BRE", "GES", "OM"):
        assert recommend(CaseProfile(Decimal(2400), 40, "entreprise", region)), region
