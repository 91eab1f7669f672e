"""Single-use tokens (activation, reset, login challenge, e-mail change), kept by their hash."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError
from pynamodb.transactions import TransactWrite

from chalicelib.store.shared.models import OneTimeTokenModel
from chalicelib.store.shared.round_trips import Write


def put(record: OneTimeTokenModel) -> None:
    """A fresh 256-bit token's hash never collides; the condition makes sure of it."""
    try:
        record.save(condition=OneTimeTokenModel.token_hash.does_not_exist())
    except PutError as error:  # pragma: no cover - 2**-256
        raise RuntimeError("token hash collision") from error


def put_write(record: OneTimeTokenModel) -> Write:
    """``put`` as part of a transaction."""
    def add(transaction: TransactWrite) -> None:
        transaction.save(record, condition=OneTimeTokenModel.token_hash.does_not_exist())

    return Write("token", add)


CONSUME = "token_consumed"
"""The name of ``consume_write`` in a transaction (``round_trips.Cancelled.failed``)."""


def consume_write(token_hash: str, purpose: str, now: datetime) -> Write:
    """``consume`` as part of a transaction: cancelled (``CONSUME`` failed) unless this caller
    is the one that uses the token up."""
    def add(transaction: TransactWrite) -> None:
        transaction.delete(OneTimeTokenModel(token_hash=token_hash),
                           condition=OneTimeTokenModel.token_hash.exists()
                           & (OneTimeTokenModel.purpose == purpose)
                           & (OneTimeTokenModel.expires_at > now))

    return Write(CONSUME, add)


def get(token_hash: str) -> OneTimeTokenModel | None:
    """Key condition: ``token_hash = :h``."""
    try:
        return OneTimeTokenModel.get(token_hash, consistent_read=True)
    except DoesNotExist:
        return None


def consume(token_hash: str, purpose: str, now: datetime) -> bool:
    """Delete the token if it exists, serves ``purpose`` and has not expired: exactly one caller
    wins, so a link or challenge works once even under concurrent use."""
    try:
        OneTimeTokenModel(token_hash=token_hash).delete(
            condition=OneTimeTokenModel.token_hash.exists()
            & (OneTimeTokenModel.purpose == purpose)
            & (OneTimeTokenModel.expires_at > now))
    except DeleteError:
        return False
    return True


def discard(token_hash: str) -> None:
    """Remove an expired token at once (TTL would, later)."""
    OneTimeTokenModel(token_hash=token_hash).delete()
