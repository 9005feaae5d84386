import pytest

from guide_app.cases.ledger import public_buyer
from guide_app.cases.terms import check_terms, legal_maximum
from guide_app.core.parse import InputError


def test_legal_maximum_is_read_from_the_figures_file():
    assert legal_maximum() == (60, 45, "Code de commerce, art. L441-10")


@pytest.mark.parametrize("days", [0, 30, 45, 60])
def test_terms_up_to_60_days_from_invoice_are_lawful(days):
    assert check_terms(days, end_of_month=False) is None


@pytest.mark.parametrize("days", [0, 30, 45])
def test_terms_up_to_45_days_end_of_month_are_lawful(days):
    assert check_terms(days, end_of_month=True) is None


def test_61_days_gets_a_french_warning_citing_the_law():
    warning = check_terms(61, end_of_month=False)
    assert warning is not None
    assert "61 jours" in warning
    assert "maximum légal de 60 jours" in warning
    assert "L441-10" in warning


def test_46_days_end_of_month_gets_a_warning():
    warning = check_terms(46, end_of_month=True)
    assert warning is not None
    assert "46 jours fin de mois" in warning
    assert "45 jours fin de mois" in warning


def test_60_days_end_of_month_exceeds_the_end_of_month_maximum():
    assert check_terms(60, end_of_month=True) is not None


@pytest.mark.parametrize("days", [-1, -30, 366, 10_000])
def test_days_out_of_range_raise_input_error(days):
    with pytest.raises(InputError, match="entre 0 et 365 jours"):
        check_terms(days, end_of_month=False)


@pytest.mark.parametrize("days", ["60", 60.5, None, True])
def test_days_must_be_a_whole_number(days):
    with pytest.raises(InputError, match="nombre entier"):
        check_terms(days, end_of_month=False)


def test_a_consumer_is_not_bound_by_the_commercial_maxima():
    assert check_terms(90, end_of_month=True, kind="particulier") is None


@pytest.mark.parametrize(
    ("key", "days", "article"), [("etat", 30, "R2192-10"), ("sante", 50, "R2192-11"), ("entreprise", 60, "R2192-11")]
)
def test_each_public_buyer_has_its_own_maximum_with_its_article(key, days, article):
    buyer = public_buyer("public", key)
    assert buyer is not None and buyer.days == days
    assert check_terms(days, end_of_month=False, kind="public", buyer=buyer) is None
    warning = check_terms(days + 1, end_of_month=False, kind="public", buyer=buyer)
    assert warning is not None and f"délai maximal de {days} jours" in warning and article in warning


def test_a_public_term_is_counted_in_days_not_end_of_month():
    buyer = public_buyer("public", "etat")
    warning = check_terms(30, end_of_month=True, kind="public", buyer=buyer)
    assert warning is not None and "sans fin de mois" in warning


def test_a_public_debtor_without_a_recorded_buyer_follows_the_general_rule_and_others_have_none():
    assert public_buyer("public", "").key == "etat"  # type: ignore[union-attr]
    assert public_buyer("professionnel", "sante") is None and public_buyer("particulier", "") is None
