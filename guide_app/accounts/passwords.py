"""Password hashing with argon2 (pwdlib's recommended settings)."""

from __future__ import annotations

from pwdlib import PasswordHash

from guide_app.core.parse import InputError

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes anything, but a megabyte "password" is an attack, not a password
_hasher = PasswordHash.recommended()


def check_new_password(raw: object) -> str:
    if not isinstance(raw, str) or not raw:
        raise InputError("Choisissez un mot de passe.")
    if len(raw) < MIN_LENGTH:
        raise InputError(f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.")
    if len(raw) > MAX_LENGTH:
        raise InputError(f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères.")
    if raw.strip() != raw or len(set(raw)) < 4:
        raise InputError("Ce mot de passe est trop simple : évitez les espaces au bord et les répétitions.")
    return raw


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: object, password_hash: str) -> bool:
    if not isinstance(password, str) or not password or len(password) > MAX_LENGTH:
        return False
    return bool(_hasher.verify(password, password_hash))


# A real hash to verify against when the email is unknown, so both cases take the same time.
DUMMY_HASH = hash_password("pas-un-vrai-mot-de-passe")
