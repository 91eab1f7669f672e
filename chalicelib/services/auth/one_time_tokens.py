"""Issue and redeem single-use tokens: only the SHA-256 is stored, with its purpose and expiry.

The clock is read through ``domain.shared.clock`` at call time, so tests can freeze it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from chalicelib.domain.auth.identity import LEGACY_STAMP, Purpose
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.tokens import new_token, token_hash
from chalicelib.store.auth import one_time_tokens, users
from chalicelib.store.shared.models import OneTimeTokenModel, UserModel
from chalicelib.store.shared.round_trips import Write

MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class TokenRecord:
    token_hash: str
    purpose: Purpose
    user_id: str
    payload: dict[str, Any]
    security_stamp: str
    """The user's stamp when the token was issued."""


def issue(purpose: Purpose, user: UserModel, lifetime: timedelta,
          payload: dict[str, Any] | None = None) -> str:
    """A new 256-bit token of ``user`` for ``purpose``, under the user's security stamp of now;
    the caller sends it, we keep only its hash."""
    token = new_token()
    one_time_tokens.put(_model(token, purpose, user, lifetime, payload))
    return token


def prepare(purpose: Purpose, user: UserModel, lifetime: timedelta,
            payload: dict[str, Any] | None = None, *, token: str | None = None
            ) -> tuple[str, Write]:
    """``issue`` as part of a transaction: the token, and the write that keeps its hash.
    ``token`` when the caller composed it (a login challenge carries its account's id)."""
    token = token or new_token()
    return token, one_time_tokens.put_write(_model(token, purpose, user, lifetime, payload))


def _model(token: str, purpose: Purpose, user: UserModel, lifetime: timedelta,
           payload: dict[str, Any] | None) -> OneTimeTokenModel:
    now = clock.utc_now()
    return OneTimeTokenModel(
        token_hash=token_hash(token), purpose=purpose.value, user_id=user.user_id,
        payload=json.dumps(payload) if payload else None,
        created_at=clock.iso_instant(now), expires_at=now + lifetime,
        security_stamp=users.security_stamp(user))


def issue_reset(user: UserModel, lifetime: timedelta, payload: dict[str, Any]) -> str:
    """A password reset token that supersedes every earlier one of ``user``: only the latest
    reset link or token works."""
    token = issue(Purpose.PASSWORD_RESET, user, lifetime, payload)
    users.set_latest_reset(user, token_hash(token))
    return token


def peek(token: object, purpose: Purpose) -> TokenRecord | None:
    """The live token's record without using it up; None if unknown, used, expired or of
    another purpose."""
    if not is_token_text(token):
        return None
    return record_of(one_time_tokens.get(token_hash(str(token))), purpose)


def is_token_text(token: object) -> bool:
    """Whether ``token`` may be a token at all (else it is not even looked up)."""
    return isinstance(token, str) and bool(token) and len(token) <= MAX_TOKEN_LENGTH


def record_of(record: OneTimeTokenModel | None, purpose: Purpose) -> TokenRecord | None:
    """``peek`` on a token read already (a sign-in's batched reads)."""
    if record is None or record.purpose != purpose.value:
        return None
    if record.expires_at <= clock.utc_now():
        one_time_tokens.discard(record.token_hash)
        return None
    return TokenRecord(token_hash=record.token_hash, purpose=purpose, user_id=record.user_id,
                       payload=json.loads(record.payload) if record.payload else {},
                       security_stamp=record.security_stamp or LEGACY_STAMP)


def holder(record: TokenRecord | None, read: UserModel | None = None) -> UserModel | None:
    """The user a live token was issued to (read strongly consistent), or None when there is
    none or a credential change since (a new security stamp) has ended the token. ``read``:
    the account as the request read it already, used when it is the token's."""
    user = read if read is not None and record is not None and read.user_id == record.user_id \
        else users.get(record.user_id) if record else None
    if record is None or user is None or record.security_stamp != users.security_stamp(user):
        return None
    if record.purpose is Purpose.PASSWORD_RESET and user.latest_reset \
            and user.latest_reset != record.token_hash:
        return None  # a later ``forgot`` superseded it
    return user


def redeem_write(record: TokenRecord) -> Write:
    """``redeem`` as part of a transaction (``one_time_tokens.CONSUME`` names it when another
    caller used the token up first)."""
    return one_time_tokens.consume_write(record.token_hash, record.purpose.value,
                                         clock.utc_now())


def redeem(record: TokenRecord) -> bool:
    """Use the token up; True for exactly one caller, even under concurrent requests."""
    return one_time_tokens.consume(record.token_hash, record.purpose.value, clock.utc_now())
