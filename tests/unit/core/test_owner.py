import pytest

from guide_app.core.owner import MAX_ID, record_id, route_id


@pytest.mark.parametrize("raw", [True, False, 0, -1, MAX_ID + 1, 10**30, "12", 12.0, None, [12], {"id": 12}])
def test_anything_but_a_database_sized_positive_int_is_refused_before_a_lookup(raw):
    assert record_id(raw) is None


def test_a_positive_int_is_an_id():
    assert record_id(1) == 1 and record_id(MAX_ID) == MAX_ID


@pytest.mark.parametrize("raw", ["", "0", "-3", "1e3", "12 ", "١٢", "9" * 13, 12, None])
def test_a_route_id_is_digits_only_and_bounded(raw):
    assert route_id(raw) is None


def test_a_route_id_is_read_as_a_number_a_database_column_can_hold():
    assert route_id("12") == 12 and route_id(str(2**31 - 1)) == 2**31 - 1
    assert route_id(str(2**31)) is None and route_id("999999999999") is None  # PostgreSQL's INTEGER ends at 2^31 - 1
