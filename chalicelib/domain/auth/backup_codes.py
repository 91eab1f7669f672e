"""Backup codes (issue 14): ten single-use codes given at TOTP enrolment, for when the phone is
lost. Each one works once wherever a current TOTP code is asked (sign-in, step-up, recovery).

A code is ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
``XXXXX-XXXXX``; case, spaces and dashes are ignored when typed. Only a hash is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
COUNT = 10
_TYPED = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
MAX_TYPED = 40
"""Longer inputs are never a code and are not looked at."""


def new_codes() -> list[str]:
    """``COUNT`` distinct fresh codes, grouped for reading (``secrets``: unpredictable)."""
    codes: set[str] = set()
    while len(codes) < COUNT:
        codes.add("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
    return [f"{code[:GROUP]}-{code[GROUP:]}" for code in sorted(codes)]


def normalize(code: object) -> str | None:
    """The ten characters of a code as typed, upper case without spaces or dashes, or None."""
    if not isinstance(code, str) or len(code) > MAX_TYPED:
        return None
    plain = re.sub(r"[\s-]+", "", code).upper()
    return plain if _TYPED.match(plain) else None


def looks_like_backup_code(code: object) -> bool:
    """A TOTP code is six digits, a backup code ten characters: the two never overlap."""
    return normalize(code) is not None


def code_hash(user_id: str, code: str) -> str:
    """What is stored. A fast hash suffices (no argon2): each code carries ~49.5 random bits
    (31 symbols, 10 places), so guessing online is hopeless against the lockout's five
    attempts, and even from a leaked table every code must be searched on its own (the user
    id salts it: no table-wide precomputation). Hashing ``code`` before normalizing it is the
    caller's mistake, so it is normalized here."""
    plain = normalize(code) or ""
    return hashlib.sha256(f"backup-code:{user_id}:{plain}".encode()).hexdigest()
