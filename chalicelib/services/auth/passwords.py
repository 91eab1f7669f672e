"""Password hashing: argon2id with the parameters of docs/design/ARCHITECTURE.md ("Passwords")."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


_DUMMY_HASH: list[str] = []


def burn_time_like_a_verification(password: str) -> None:
    """Verify against a throwaway hash so an unknown e-mail costs as long as a wrong password."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("coopac-dummy-password"))
    verify_password(_DUMMY_HASH[0], password)
