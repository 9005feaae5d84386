import re
from pathlib import Path

import pytest

from guide_app.accounts.passwords import FEEDBACK_FR, check_new_password
from guide_app.core.parse import InputError

OWNER = ("camille.durand@atelier-durand.fr", "Camille Durand", "Atelier Durand")


@pytest.mark.parametrize(
    "password",
    ["azertyuiop12", "motdepasse123", "Motdepasse2026", "123456789abc", "bonjour123456", "jetaimejetaime"],
)
def test_finding_08_common_passwords_of_twelve_characters_are_refused_in_french(password):
    with pytest.raises(InputError) as refused:
        check_new_password(password)
    message = str(refused.value)
    assert message.startswith("Ce mot de passe est trop facile à deviner.")
    assert not any(english in message for english in FEEDBACK_FR)  # zxcvbn's advice, translated
    assert len(message) > len("Ce mot de passe est trop facile à deviner.") + 10  # with a suggestion


def test_a_password_made_of_the_owners_own_name_is_refused():
    with pytest.raises(InputError, match="trop facile"):
        check_new_password("camilledurand1", about_user=OWNER)
    with pytest.raises(InputError, match="trop facile"):
        check_new_password("AtelierDurand!", about_user=OWNER)


@pytest.mark.parametrize("password", ["une phrase de passe solide", "cheval-agrafe-batterie", "Tr0ub4dor&3xyz"])
def test_a_few_uncommon_words_or_a_random_string_pass(password):
    assert check_new_password(password, about_user=OWNER) == password


def test_every_advice_zxcvbn_can_give_has_its_french_words():
    import zxcvbn.feedback

    source = Path(zxcvbn.feedback.__file__).read_text(encoding="utf-8")
    said = set(re.findall(r"_\(\"([^\"]+)\"\)", source)) | set(re.findall(r"_\('([^']+)'\)", source))
    assert len(said) == 24 and said == set(FEEDBACK_FR)
