"""Password hashing with argon2 (pwdlib's recommended settings), off the event loop.

Argon2 costs tens of milliseconds of CPU on purpose. Run in a handler, it would stop the event loop, and every other
user with it, for as long as it lasts (40 sign-in attempts froze /ping for a second). Handlers run it through
`off_loop`: a few threads of its own (argon2-cffi releases the GIL), so attempts queue there and the loop keeps
serving.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from pwdlib import PasswordHash
from zxcvbn import zxcvbn

from guide_app.core.parse import InputError

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes anything, but a megabyte "password" is an attack, not a password
_hasher = PasswordHash.recommended()
_ARGON2_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")
P = ParamSpec("P")
T = TypeVar("T")


async def off_loop(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` (hashing or verifying a password, with the reads and writes around it) in the hashing
    threads, awaited without blocking the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_ARGON2_THREADS, functools.partial(fn, *args, **kwargs))


MIN_SCORE = 4  # zxcvbn: at least 10^10 guesses, out of reach of an online attack slowed by argon2 and the throttle
_SCORED_CHARS = 100  # zxcvbn's cost grows with the length; the first hundred characters say enough
# Words zxcvbn's English lists miss: French passwords people actually choose, refused like "password" is.
FRENCH_WORDS = (
    "motdepasse",
    "azerty",
    "azertyuiop",
    "bonjour",
    "soleil",
    "doudou",
    "chouchou",
    "loulou",
    "marseille",
    "paris",
    "nicolas",
    "camille",
    "julien",
    "amour",
    "jetaime",
    "france",
    "coucou",
    "chocolat",
    "bienvenue",
    "entreprise",
    "facture",
    "recouvrement",
    "societe",
    "admin",
    "secret",
)
# zxcvbn speaks English; what it says, in French.
FEEDBACK_FR = {
    "Capitalization doesn't help very much.": "Une majuscule au début n'aide pas beaucoup.",
    "Dates are often easy to guess.": "Les dates se devinent facilement.",
    "No need for symbols, digits, or uppercase letters.": "Pas besoin de symboles, de chiffres ni de majuscules.",
    "Recent years are easy to guess.": "Les années récentes se devinent facilement.",
    "Reversed words aren't much harder to guess.": "Un mot à l'envers n'est guère plus difficile à deviner.",
    "Use a few words, avoid common phrases.": "Assemblez quelques mots, en évitant les expressions courantes.",
    "A word by itself is easy to guess.": "Un mot seul se devine facilement.",
    "Add another word or two. Uncommon words are better.": "Ajoutez un ou deux mots, de préférence peu courants.",
    "Avoid dates and years that are associated with you.": "Évitez les dates et les années qui vous concernent.",
    "Avoid recent years.": "Évitez les années récentes.",
    "Avoid repeated words and characters.": "Évitez les mots et les caractères répétés.",
    "Avoid sequences.": "Évitez les suites.",
    "Avoid years that are associated with you.": "Évitez les années qui vous concernent.",
    "Common names and surnames are easy to guess.": "Les prénoms et noms courants se devinent facilement.",
    "Names and surnames by themselves are easy to guess.": "Un prénom ou un nom seul se devine facilement.",
    'Repeats like "aaa" are easy to guess.': "Les répétitions comme « aaa » se devinent facilement.",
    'Sequences like "abc" or "6543" are easy to guess.': "Les suites comme « abc » ou « 6543 » se devinent facilement.",
    "Short keyboard patterns are easy to guess.": "Les courts motifs de clavier se devinent facilement.",
    "Straight rows of keys are easy to guess.": "Une rangée de touches se devine facilement.",
    "This is a top-10 common password.": "C'est l'un des dix mots de passe les plus courants.",
    "This is a top-100 common password.": "C'est l'un des cent mots de passe les plus courants.",
    "This is a very common password.": "C'est un mot de passe très courant.",
    "This is similar to a commonly used password.": "Il ressemble à un mot de passe très courant.",
    "Use a longer keyboard pattern with more turns.": "Un motif de clavier plus long et plus sinueux serait plus sûr.",
}


def check_new_password(raw: object, *, about_user: tuple[str, ...] = ()) -> str:
    """The password, or InputError with a French message: too short, too long, or too easy to guess (zxcvbn, with
    French words and what is known of the user — e-mail, name, company — counted as guessable)."""
    if not isinstance(raw, str) or not raw:
        raise InputError("Choisissez un mot de passe.")
    if len(raw) < MIN_LENGTH:
        raise InputError(f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.")
    if len(raw) > MAX_LENGTH:
        raise InputError(f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères.")
    if raw.strip() != raw or len(set(raw)) < 4:
        raise InputError("Ce mot de passe est trop simple : évitez les espaces au bord et les répétitions.")
    known = [*FRENCH_WORDS, *(part for item in about_user for part in item.lower().replace("@", " ").split() if part)]
    verdict = zxcvbn(raw[:_SCORED_CHARS], user_inputs=known)
    if verdict["score"] < MIN_SCORE:
        feedback = verdict["feedback"]
        said = [feedback["warning"], *feedback["suggestions"]]
        advice = " ".join(FEEDBACK_FR.get(text, "") for text in said if text).strip()
        raise InputError(
            "Ce mot de passe est trop facile à deviner. "
            + (advice or "Assemblez quelques mots peu courants, en évitant les expressions connues.")
        )
    return raw


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: object, password_hash: str) -> bool:
    if not isinstance(password, str) or not password or len(password) > MAX_LENGTH:
        return False
    return bool(_hasher.verify(password, password_hash))


# A real hash to verify against when the email is unknown, so both cases take the same time.
DUMMY_HASH = hash_password("pas-un-vrai-mot-de-passe")
