import pytest

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
