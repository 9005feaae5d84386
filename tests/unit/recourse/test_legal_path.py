from datetime import date
from decimal import Decimal

from guide_app.cases.limitation import limitation
from guide_app.recourse.legal_path import CaseFacts, current_step, legal_path, path_text

TODAY = date(2026, 3, 16)


def facts(**changes):
    base = dict(
        amount_due=Decimal(2400),
        limitation_on=date(2031, 1, 15),
        today=TODAY,
        reminders_done=0,
        formal_notice_on=None,
        escalation="",
        plan_active=False,
        disputed=False,
    )
    return CaseFacts(**{**base, **changes})


def by_id(path):
    return {s.id: s for s in path.steps}


def test_content_loads_with_known_figures():
    assert [s.id for s in path_text().steps] == ["relances", "mise_en_demeure", "professionnel", "judiciaire"]


def test_court_is_never_offered_before_the_amicable_steps():
    fresh = legal_path(facts())
    steps = by_id(fresh)
    assert steps["relances"].status == "en_cours" and steps["judiciaire"].status == "plus_tard"
    assert not fresh.court_open and "relances amiables et la mise en demeure" in steps["judiciaire"].locked_reason
    assert current_step(fresh).id == "relances"
    reminded = legal_path(facts(reminders_done=3))
    assert by_id(reminded)["mise_en_demeure"].status == "a_faire" and not reminded.court_open
    noticed = legal_path(facts(reminders_done=3, formal_notice_on=date(2026, 3, 1)))
    assert noticed.court_open and by_id(noticed)["judiciaire"].status == "a_faire"
    assert by_id(noticed)["professionnel"].status == "a_faire"


def test_a_dispute_or_a_plan_keeps_the_court_closed_and_says_why():
    disputed = legal_path(facts(reminders_done=3, formal_notice_on=TODAY, disputed=True))
    assert not disputed.court_open and "certaine, liquide et exigible" in by_id(disputed)["judiciaire"].locked_reason
    planned = legal_path(facts(reminders_done=3, formal_notice_on=TODAY, plan_active=True))
    assert not planned.court_open and "échéancier" in by_id(planned)["judiciaire"].locked_reason


def test_small_debts_get_the_simplified_procedure_and_figures_come_with_sources():
    small = by_id(legal_path(facts()))["judiciaire"]
    assert small.alternative is not None and "5 000 €" in small.alternative.title
    assert {f.id for f in small.figures} == {"injonction_fee", "injonction_delays", "small_debts_threshold"}
    assert all(f.source for f in small.figures)
    big = by_id(legal_path(facts(amount_due=Decimal("5000.01"))))["judiciaire"]
    assert big.alternative is None


def test_professional_step_follows_the_escalation_and_shows_its_cost():
    running = by_id(legal_path(facts(escalation="en_cours", professional_cost="≈ 240 € avec X")))
    assert running["professionnel"].status == "en_cours" and "≈ 240 € avec X" in running["professionnel"].cost
    assert by_id(legal_path(facts(escalation="epuise")))["professionnel"].status == "fait"


def test_the_limitation_sentence_names_its_article_and_warns_three_months_before():
    text, urgent = limitation(date(2029, 2, 28), TODAY)
    assert "28/02/2029" in text and "L110-4" in text and "art. 2240" in text and not urgent
    text, urgent = limitation(date(2026, 6, 1), TODAY, acknowledged="paiement du 01/06/2021")
    assert urgent and "01/06/2026" in text and "paiement du 01/06/2021" in text  # 77 days left
    assert not limitation(date(2026, 6, 30), TODAY)[1]  # 106 days left: not yet
    old = legal_path(facts(limitation_on=date(2025, 1, 1), reminders_done=3, formal_notice_on=TODAY))
    reason = by_id(old)["judiciaire"].locked_reason
    assert not old.court_open and "Prescription probablement acquise" in reason and "art. 2247" in reason
    assert "ne peut plus être saisi" not in reason  # false: the debtor must plead it (C. civ. 2247)
