"""Password hashing: argon2id with the parameters of docs/design/ARCHITECTURE.md ("Passwords")."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2 is imported on the first hash or verification: the functions that import this
    module for other routes (sessions, profile, the notifier) never pay for it."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

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
