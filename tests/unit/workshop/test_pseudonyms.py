"""Pseudonyms on the room's screen: insults and slurs of content/pseudonyms.yaml refused in French however they are
dressed up, ordinary names that merely contain a short bad word let through."""

from __future__ import annotations

import pytest

from guide_app.core.parse import InputError
from guide_app.workshop.pseudonyms import is_offensive, parse_pseudonym, refused


@pytest.mark.parametrize(
    "pseudonym",
    ["Con", "CONNARD", "c0nn4rd", "SuperConnard", "Salope !", "fils-de-pute", "Fils de Pute", "Sale bâtard", "n.a.z.i"],
)
def test_insults_are_refused_however_they_are_written(pseudonym: str) -> None:
    assert is_offensive(pseudonym)
    with pytest.raises(InputError) as error:
        parse_pseudonym(pseudonym)
    assert str(error.value) == refused().message  # refused with the French message, never changed


@pytest.mark.parametrize(
    "pseudonym",
    [
        "Renard",
        "Constance",
        "Hercule",
        "Député",
        "Putéaux",
        "Niquet",
        "Batardeau",
        "Raton laveur",
        "Scunthorpe",
        "Hibou",
    ],
)
def test_ordinary_names_that_hide_a_short_word_pass(pseudonym: str) -> None:
    assert not is_offensive(pseudonym)
    assert parse_pseudonym(pseudonym) == pseudonym


def test_an_empty_pseudonym_is_allowed_and_the_usual_name_rules_still_apply() -> None:
    assert parse_pseudonym("  ") == ""
    with pytest.raises(InputError, match="40 caractères"):
        parse_pseudonym("x" * 41)
    with pytest.raises(InputError, match="< >"):
        parse_pseudonym("<script>")


def test_every_listed_word_is_refused_on_its_own() -> None:
    banned = refused()
    for word in (*banned.words, *banned.anywhere):
        assert is_offensive(word), word
        assert is_offensive(word.upper()), word
