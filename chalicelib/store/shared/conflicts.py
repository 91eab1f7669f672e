"""A conditional write that lost (the item changed since it was read, or a key is taken) as the
domain's ``Conflict``: the one translation every store module uses.

DynamoDB says so in three ways: a failed condition on a single write, a cancelled transaction
(one of its conditions failed) and a transaction that met another one in flight. Any other error
is not a conflict and goes up as it came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pynamodb.exceptions import PynamoDBException

from chalicelib.domain.shared.errors import Conflict

CONFLICT_CODES = frozenset({"ConditionalCheckFailedException", "TransactionCanceledException",
                            "TransactionConflictException"})


def concurrent_update() -> Conflict:
    """The generic 409 of a record someone else changed between the read and the write."""
    return Conflict("Otra persona modificó este registro al mismo tiempo. Vuelve a cargarlo e "
                    "inténtalo de nuevo.", code="concurrent_update")


def is_conflict(error: PynamoDBException) -> bool:
    return error.cause_response_code in CONFLICT_CODES


@contextmanager
def conflicts_as(conflict: Callable[[], Conflict] = concurrent_update) -> Iterator[None]:
    """Run a write; if it lost a condition, raise ``conflict()`` (from the store's error)."""
    try:
        yield
    except PynamoDBException as error:
        if is_conflict(error):
            raise conflict() from error
        raise
