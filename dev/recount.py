"""Issue 19's one-off backfill, run once on a stage after the deploy that adds the staff lists'
index and the dashboard's counters (and by the local demo seed): ``python -m dev.recount``.

- **The staff lists** (``by_staff_order``): a ticket, credit application or beneficiary change
  written before has no ``staff_list``/``staff_order`` and is missing from the admin's list
  across statuses until this writes them (an UpdateItem conditioned on the status read, so a
  change meanwhile, which writes them itself, wins). Every write since the deploy writes them.
- **The dashboard's counters** (``tickets#status#*``, ``users#active#*``): set from a COUNT of
  the items, each with a compare-and-set on the value read before counting, so a move written
  meanwhile (they are transactional with the state change from the deploy on) makes it count
  again instead of being lost. Run when the stage is quiet: the COUNT Queries read indexes,
  which lag writes by a moment.

Idempotent: a second run writes nothing for the lists and the same values for the counters.
The credit application counters were transactional from the start and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.domain.accounts import beneficiary_change
from chalicelib.domain.credit import applications
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets import tickets
from chalicelib.store.auth import users
from chalicelib.store.shared import staff_lists, user_counts
from chalicelib.store.shared.models import (
    ApplicationModel,
    BeneficiaryChangeModel,
    CounterModel,
    TicketModel,
)
from chalicelib.store.tickets.tickets import status_counter as ticket_counter

LISTS: tuple[tuple[Any, Sequence[Enum]], ...] = (
    (TicketModel, tickets.ADMIN_LIST_ORDER),
    (ApplicationModel, applications.ADMIN_LIST_ORDER),
    (BeneficiaryChangeModel, beneficiary_change.ADMIN_LIST_ORDER),
)
ATTEMPTS = 5


def place_in_staff_lists() -> int:
    """Every item of each status partition without its ``by_staff_order`` key gets it; the
    number of items written."""
    written = 0
    for model, order in LISTS:
        for status in order:
            for item in model.by_status.query(status.value):
                wanted = staff_lists.staff_order(order, item.status, item.created_at)
                if item.staff_order == wanted and item.staff_list == staff_lists.PARTITION:
                    continue
                try:  # no version bump: a staff write that read the item still wins
                    model._get_connection().update_item(
                        getattr(item, model._hash_keyname),
                        actions=[model.staff_list.set(staff_lists.PARTITION),
                                 model.staff_order.set(wanted)],
                        condition=model.status == item.status)
                    written += 1
                except UpdateError:
                    continue  # its status changed meanwhile, and that write placed it
    return written


def _counts() -> dict[str, Callable[[], int]]:
    counts: dict[str, Callable[[], int]] = {
        ticket_counter(status.value): (lambda status=status: int(
            TicketModel.by_status.count(status.value)))
        for status in tickets.Status}
    for role in Role:
        counts[user_counts.active_counter(role.value)] = (
            lambda role=role: users.count_active(role.value))
    counts[user_counts.WITH_TOTP] = lambda: users.count_active(Role.MEMBER.value,
                                                               with_totp=True)
    return counts


def _stored(counter_id: str) -> int | None:
    try:
        return int(CounterModel.get(counter_id, consistent_read=True).value)
    except CounterModel.DoesNotExist:
        return None


def set_counter(counter_id: str, count: Callable[[], int]) -> int:
    """The counter set to ``count()``, only if no move changed it while counting."""
    for _ in range(ATTEMPTS):
        before = _stored(counter_id)
        value = count()
        condition = (CounterModel.counter_id.does_not_exist() if before is None
                     else CounterModel.value == before)
        try:
            CounterModel(counter_id=counter_id, value=value).save(condition=condition)
            return value
        except PutError:
            continue
    raise RuntimeError(f"{counter_id} kept moving; run again when the stage is quiet")


def recount() -> dict[str, int]:
    return {counter_id: set_counter(counter_id, count) for counter_id, count in _counts().items()}


def main() -> None:
    print(f"placed in the staff lists: {place_in_staff_lists()}")
    for counter_id, value in sorted(recount().items()):
        print(f"{counter_id} = {value}")


if __name__ == "__main__":
    main()
