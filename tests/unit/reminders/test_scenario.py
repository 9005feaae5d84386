from decimal import Decimal

import pytest

from guide_app.cases.risk import TONE_RANK, Channel, RiskCategory, Tone
from guide_app.reminders.messages import default_messages
from guide_app.reminders.scenario import build_default_scenario, default_scenario, explain_scenario
from guide_app.reminders.steps import validate_steps

STANDARD, RISKY, TRUSTED = RiskCategory.STANDARD, RiskCategory.A_RISQUE, RiskCategory.CONFIANCE
LEVELS = [None, "debutant", "organise", "proactif", "data"]


def shape(steps):
    return [(s.offset_days, s.channel, s.tone) for s in steps]


def test_standard_is_the_typical_scenario_of_the_domain_facts():
    assert shape(default_scenario(STANDARD)) == [
        (-7, Channel.EMAIL, Tone.COURTOIS),
        (3, Channel.EMAIL, Tone.RAPPEL),
        (10, Channel.EMAIL, Tone.FERME),
        (10, Channel.APPEL, Tone.FERME),
        (20, Channel.EMAIL, Tone.FERME),
        (20, Channel.SMS, Tone.FERME),
        (30, Channel.LRAR, Tone.FORMEL),
        (45, Channel.PROFESSIONNEL, Tone.FORMEL),
    ]


def test_risky_clients_get_earlier_and_firmer_steps_trusted_ones_softer_and_later():
    trusted, standard, risky = (default_scenario(risk) for risk in (TRUSTED, STANDARD, RISKY))
    assert [s.channel for s in trusted] == [s.channel for s in standard] == [s.channel for s in risky]
    for soft, usual, firm in zip(trusted, standard, risky, strict=True):
        assert firm.offset_days <= usual.offset_days <= soft.offset_days
        assert TONE_RANK[firm.tone] >= TONE_RANK[usual.tone] >= TONE_RANK[soft.tone]
    assert (
        sum(s.offset_days for s in risky) < sum(s.offset_days for s in standard) < sum(s.offset_days for s in trusted)
    )
    assert sum(TONE_RANK[s.tone] for s in risky) > sum(TONE_RANK[s.tone] for s in standard)
    assert sum(TONE_RANK[s.tone] for s in standard) > sum(TONE_RANK[s.tone] for s in trusted)


def test_the_examples_of_the_brief():
    def days(risk):
        return sorted({s.offset_days for s in default_scenario(risk)})

    assert days(RISKY) == [-10, 1, 7, 14, 24, 38]  # the last reminder's 8 days run out before the mise en demeure
    assert days(TRUSTED) == [-5, 7, 15, 30, 45, 60]
    lrar = {risk: next(s for s in default_scenario(risk) if s.channel is Channel.LRAR) for risk in RiskCategory}
    assert {risk: step.offset_days for risk, step in lrar.items()} == {TRUSTED: 45, STANDARD: 30, RISKY: 24}


@pytest.mark.parametrize("risk", list(RiskCategory))
@pytest.mark.parametrize("level", LEVELS)
def test_every_default_scenario_is_valid_and_sorted(risk, level):
    steps = default_scenario(risk, level_id=level, profile={"overdue_share": "0.5"})
    checked, errors = validate_steps(steps)
    assert errors == {}
    assert checked == steps
    assert steps[-1].channel is Channel.PROFESSIONNEL


@pytest.mark.parametrize("risk", list(RiskCategory))
def test_penalties_and_indemnity_from_the_last_amicable_reminder_on(risk):
    steps = default_scenario(risk)
    last_amicable = next(s for s in steps if s.body == default_messages()["derniere_relance"].body)
    for step in steps:
        mentions = "{penalites}" in step.body and "{indemnite}" in step.body
        if step.offset_days >= last_amicable.offset_days and step.channel is not Channel.APPEL:
            assert mentions, step.name
        else:
            assert "{penalites}" not in step.body, step.name


def test_mise_en_demeure_is_a_formal_registered_letter():
    (lrar,) = [s for s in default_scenario(STANDARD) if s.channel is Channel.LRAR]
    assert lrar.tone is Tone.FORMEL
    assert "1344" in lrar.body


def test_a_beginner_gets_an_early_phone_call_and_no_sms():
    for risk in RiskCategory:
        usual = default_scenario(risk)
        beginner = default_scenario(risk, level_id="debutant")
        first_reminder = usual[1].offset_days
        calls = [s for s in beginner if s.channel is Channel.APPEL]
        assert calls[0].offset_days == first_reminder
        assert calls[0].tone is Tone.COURTOIS
        assert min(s.offset_days for s in calls) < min(s.offset_days for s in usual if s.channel is Channel.APPEL)
        assert not any(s.channel is Channel.SMS for s in beginner)
    reasons = explain_scenario(STANDARD, level_id="debutant")
    assert any("Vous débutez" in r and "J+3" in r for r in reasons)
    assert any("veut dire 7 jours avant" in r for r in reasons)  # plain explanation of J−7


@pytest.mark.parametrize("level", ["organise", "proactif", "data", None, "inconnu"])
def test_other_levels_keep_everything(level):
    assert default_scenario(STANDARD, level_id=level) == default_scenario(STANDARD)


def test_the_level_is_named_in_the_explanation():
    assert any("« Piloté par la donnée »" in r for r in explain_scenario(STANDARD, level_id="data"))
    assert not any("Niveau" in r for r in explain_scenario(STANDARD))


@pytest.mark.parametrize(
    ("profile", "extra"),
    [
        ({"overdue_share": "0.45"}, True),
        ({"overdue_share": Decimal("0.31")}, True),
        ({"overdue_share": "0.3"}, False),  # "more than 30 %"
        ({"overdue_share": "0.1"}, False),
        ({"dso": 70, "payment_terms": 30}, True),  # clients pay 40 days after terms on average
        ({"dso": "45", "payment_terms": "30"}, False),
        ({"dso": 70}, False),
        ({}, False),
    ],
)
def test_many_late_invoices_or_slow_payers_add_an_earlier_pre_reminder(profile, extra):
    usual = default_scenario(STANDARD)
    adapted = default_scenario(STANDARD, profile=profile)
    assert len(adapted) == len(usual) + extra
    if extra:
        assert adapted[0].offset_days == -14
        assert adapted[0].channel is Channel.EMAIL and adapted[0].tone is Tone.COURTOIS
        assert any("J−14" in r for r in explain_scenario(STANDARD, profile=profile))


def test_the_earlier_pre_reminder_stays_within_the_allowed_range():
    steps = default_scenario(RISKY, profile={"overdue_share": "0.9"})
    assert steps[0].offset_days == -17
    assert all(s.offset_days >= -30 for s in steps)


def test_the_reasons_quote_the_user_s_figures():
    reasons = explain_scenario(STANDARD, profile={"overdue_share": "0.45", "dso": 95, "payment_terms": 30})
    assert any("45 %" in r for r in reasons)
    assert any("DSO (95 jours)" in r for r in reasons)


def test_illegal_payment_terms_are_pointed_out():
    reasons = explain_scenario(STANDARD, profile={"payment_terms": 75})
    assert any("75 jours dépasse le maximum légal de 60 jours" in r for r in reasons)
    assert not any("maximum légal" in r for r in explain_scenario(STANDARD, profile={"payment_terms": 60}))


@pytest.mark.parametrize(
    "profile",
    [
        {"overdue_share": "beaucoup", "dso": "NaN", "payment_terms": -5},
        {"overdue_share": None, "dso": True, "payment_terms": {"x": 1}},
        {"overdue_share": "Infinity", "revenue": "1e400", "sector": 3, "unknown": "?"},
        {"payment_terms": 9999},
    ],
)
def test_unreadable_profile_values_are_ignored(profile):
    assert default_scenario(STANDARD, profile=profile) == default_scenario(STANDARD)


def test_explanations_are_french_and_legal():
    scenario = build_default_scenario(RISKY)
    text = " ".join(scenario.reasons)
    assert scenario.reasons[0].startswith("Client à risque")
    assert "plus tôt" in text and "J+24" in text
    assert "L441-10" in text and "D441-5" in text and "1344" in text and "L111-8" in text
    assert "jour ouvré suivant" in text
    assert explain_scenario(TRUSTED)[0].startswith("Client de confiance")
    assert explain_scenario(STANDARD)[0].startswith("Client standard")
