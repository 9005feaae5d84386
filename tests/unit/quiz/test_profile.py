from decimal import Decimal

from guide_app.quiz.profile import parse_profile


def test_a_partly_filled_profile_keeps_what_was_given():
    profile, errors = parse_profile({"revenue": "850 000", "overdue_share": "30 %", "sector": "Industrie", "dso": ""})
    assert errors == {} and profile is not None
    assert profile.revenue == Decimal(850000) and profile.overdue_share == Decimal("0.3")
    assert profile.dso is None
    assert profile.to_json() == {"sector": "Industrie", "revenue": "850000", "overdue_share": "0.3"}


def test_every_bad_field_gets_its_own_french_message_and_nothing_is_kept():
    profile, errors = parse_profile(
        {
            "sector": "<script>",
            "headcount": "beaucoup",
            "revenue": "-1",
            "overdue_share": "150",
            "payment_terms": "trente",
            "dso": "0",
        }
    )
    assert profile is None
    assert set(errors) == {"sector", "headcount", "revenue", "overdue_share", "payment_terms", "dso"}
    assert errors["revenue"] == "Le chiffre d'affaires ne peut pas être négatif."
    assert "100 %" in errors["overdue_share"]


def test_an_empty_form_is_an_empty_profile():
    profile, errors = parse_profile({})
    assert errors == {} and profile is not None and profile.is_empty()


def test_non_text_values_are_refused():
    profile, errors = parse_profile({"revenue": {"$gt": 1}})
    assert profile is None and "revenue" in errors


def test_a_profile_fills_the_dso_simulator_link_in_its_units():
    from guide_app.simulators.dso import dso_link_values

    profile = {"revenue": "850000", "dso": 75, "payment_terms": 45, "overdue_share": "0.125", "sector": "Industrie"}
    assert dso_link_values(profile) == {"ca": "850000", "base": "ht", "dso": "75", "objectif": "45", "retard": "12.5"}
    assert dso_link_values({}) == {}


def test_cash_at_stake_needs_revenue_dso_and_terms_with_late_payers():
    from guide_app.simulators.dso import cash_at_stake

    stake = cash_at_stake({"revenue": "1200000", "dso": 75, "payment_terms": 45})
    assert stake is not None and stake[1] == 30
    assert round(stake[0]) == Decimal(118356)  # 1 440 000 € TTC ÷ 365 × 30
    assert cash_at_stake({"revenue": "1200000", "dso": 40, "payment_terms": 45}) is None
    assert cash_at_stake({"revenue": "1200000", "dso": 75}) is None
    assert cash_at_stake({"revenue": "abc", "dso": 75, "payment_terms": 45}) is None
