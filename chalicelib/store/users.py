"""Users table and the unique claims on e-mail and DNI."""

from __future__ import annotations

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import Conflict
from chalicelib.store.models import UniqueKeyModel, UserModel


def email_claim(email: str) -> str:
    return f"email#{email.strip().lower()}"


def dni_claim(dni: str) -> str:
    return f"dni#{dni}"


def get(user_id: str) -> UserModel | None:
    """Key condition: ``user_id = :id``."""
    try:
        return UserModel.get(user_id)
    except DoesNotExist:
        return None


def find_by_email(email: str) -> UserModel | None:
    """Index ``by_email``: ``email = :e`` (at most one item, kept unique by the claims)."""
    for user in UserModel.by_email.query(email.strip().lower(), limit=1):
        return user
    return None


def create(user: UserModel) -> None:
    """Put the user and claim its e-mail (and DNI) in one transaction: no duplicates, ever."""
    claims = [email_claim(user.email)] + ([dni_claim(user.dni)] if user.dni else [])
    try:
        with TransactWrite(connection=Connection()) as transaction:
            for claim in claims:
                transaction.save(UniqueKeyModel(key=claim, owner_id=user.user_id),
                                 condition=UniqueKeyModel.key.does_not_exist())
            transaction.save(user, condition=UserModel.user_id.does_not_exist())
    except TransactWriteError as error:
        raise Conflict("Ya existe una cuenta con esos datos.", code="already_registered") from error
