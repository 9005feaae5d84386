import pytest

from guide_app.core.parse import InputError
from guide_app.core.siren import parse_optional_siren, parse_siren


@pytest.mark.parametrize(
    ("typed", "siren"),
    [
        ("732829320", "732829320"),
        ("552100554", "552100554"),
        ("732 829 320", "732829320"),
        (" 552\u00a0100\u202f554 ", "552100554"),
        ("732.829.320", "732829320"),
        (732829320, "732829320"),
        ("732 829 320 00074", "732829320"),  # a SIRET gives its SIREN
    ],
)
def test_valid_siren_as_typed_or_pasted(typed, siren):
    assert parse_siren(typed) == siren


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("732829321", "Ce SIREN n'est pas valide : vérifiez les chiffres (clé de contrôle)."),
        ("552100555", "Ce SIREN n'est pas valide : vérifiez les chiffres (clé de contrôle)."),
        ("73282932", "Le SIREN doit compter 9 chiffres."),
        ("7328293200", "Le SIREN doit compter 9 chiffres."),
        ("73282932000075", "Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)."),
        ("", "Le SIREN est obligatoire."),
        ("   ", "Le SIREN est obligatoire."),
        ("ABC829320", "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),
        ("<script>alert(1)</script>", "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),
        ("７３２８２９３２０", "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),  # full-width digits
        (None, "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),
        (True, "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),
        ({"siren": "732829320"}, "Le SIREN ne contient que des chiffres, par exemple 732 829 320."),
    ],
)
def test_invalid_siren_gets_a_french_message(typed, message):
    with pytest.raises(InputError) as error:
        parse_siren(typed)
    assert str(error.value) == message


def test_error_messages_never_echo_what_was_typed():
    with pytest.raises(InputError) as error:
        parse_siren("<script>alert(1)</script>")
    assert "<" not in str(error.value)


def test_a_debtor_siren_may_be_left_empty_but_not_wrong():
    assert parse_optional_siren("") is None
    assert parse_optional_siren("  ") is None
    assert parse_optional_siren(None) is None
    assert parse_optional_siren("552 100 554") == "552100554"
    with pytest.raises(InputError, match="clé de contrôle"):
        parse_optional_siren("552100555")
