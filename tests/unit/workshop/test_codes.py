import random

import pytest

from guide_app.workshop.codes import (
    CODE_DIGITS,
    CodesExhausted,
    is_join_code,
    new_join_code,
    normalize_code,
    spaced,
)


def test_codes_are_six_unambiguous_digits():
    rng = random.Random(7)
    for _ in range(500):
        code = new_join_code(set(), rng)
        assert is_join_code(code) and len(code) == 6
        assert "0" not in code and "1" not in code
    assert set(CODE_DIGITS) == set("23456789")


def test_a_new_code_avoids_every_open_room():
    rng = random.Random(1)
    taken: set[str] = set()
    for _ in range(2000):
        code = new_join_code(taken, rng)
        assert code not in taken
        taken.add(code)


def test_no_free_code_is_an_error_not_an_endless_loop():
    class Stuck(random.Random):
        def choice(self, seq):  # always the same code
            return seq[0]

    with pytest.raises(CodesExhausted):
        new_join_code({"222222"}, Stuck())


@pytest.mark.parametrize(
    ("typed", "code"),
    [("234567", "234567"), (" 234 567 ", "234567"), ("234-567", "234567"), ("234\u00a0567", "234567")],
)
def test_what_a_participant_types_is_tidied(typed, code):
    assert normalize_code(typed) == code


@pytest.mark.parametrize("typed", ["", "23456", "2345678", "234 560", "123456", "abcdef", None, 234567, "2" * 50])
def test_anything_else_is_not_a_code(typed):
    assert normalize_code(typed) is None


def test_spaced_for_reading_aloud():
    assert spaced("234567") == "234\u00a0567"
