"""In-memory ports of ``services.credit.applications.ApplicationDesk``: the service tests run on
these, in milliseconds, with no moto. They keep the store's promises: a save is conditioned on
the ``version`` of the application the change started from and on its history line's position
being free, and writes the application, the line and the counters' deltas all or nothing.

A race is staged the way it happens: ``InMemoryApplications.before_next_write`` runs another
change between a use case's read and its write. The mailer and audit log are the buzón's
(``tests.unit.in_memory_tickets``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from chalicelib.domain.credit import products as rules
from chalicelib.domain.credit.application import (
    Change,
    CreditApplication,
    Submitted,
)
from chalicelib.domain.credit.applications import Status, duplicate_application
from chalicelib.domain.credit.products import CreditProduct, SimulationRequest
from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.store.shared.conflicts import concurrent_update
from chalicelib.store.shared.paging import Page
from tests.unit.in_memory import offset_page


class InMemoryApplications:
    """``ApplicationRepository`` over dicts; the cursor is the offset of the next item."""

    def __init__(self) -> None:
        self.applications: dict[str, CreditApplication] = {}
        self.histories: dict[str, list[dict[str, Any]]] = {}
        self.counter_values: dict[str, int] = {}
        self.open_claims: dict[str, int] = {}
        self.daily_counts: dict[str, int] = {}
        self.writes = 0
        self._number = 0
        self._interleaved: list[Callable[[], object]] = []

    def before_next_write(self, other_change: Callable[[], object]) -> None:
        """Run ``other_change`` (another request) after the next write's application was
        read."""
        self._interleaved.append(other_change)

    def next_number(self) -> int:
        self._number += 1
        return self._number

    def create(self, submitted: Submitted, quota: DailyQuota) -> CreditApplication:
        """The claim is checked before the quota, as the store's transaction orders them."""
        application = replace(submitted.application, version=1)
        assert application.application_id not in self.applications
        claim = application.open_claim_id
        if claim in self.open_claims:
            raise duplicate_application(self.open_claims[claim])
        if self.daily_counts.get(quota.counter_id, 0) >= quota.limit:
            raise quota.refusal()
        self.daily_counts[quota.counter_id] = self.daily_counts.get(quota.counter_id, 0) + 1
        self.open_claims[claim] = application.number
        self.applications[application.application_id] = application
        self.histories[application.application_id] = [submitted.line]
        self._count(submitted.counters)
        return application

    def load(self, application_id: str) -> CreditApplication | None:
        return self.applications.get(application_id)

    def history(self, application_id: str) -> list[dict[str, Any]]:
        return list(self.histories.get(application_id, []))

    def save(self, change: Change) -> CreditApplication:
        """The conditional write: the stored version must still be the one read, and the
        line's position still free."""
        while self._interleaved:
            self._interleaved.pop(0)()
        application_id = change.before.application_id
        stored = self.applications[application_id]
        lines = self.histories[application_id]
        if stored.version != change.before.version or \
                len(change.before.earlier_history) + len(lines) != change.position:
            raise concurrent_update()
        saved = replace(change.application, version=(stored.version or 0) + 1)
        self.applications[application_id] = saved
        lines.append(change.line)
        self._count(change.counters)
        if change.finishes and self.open_claims.get(saved.open_claim_id) == saved.number:
            del self.open_claims[saved.open_claim_id]
        self.writes += 1
        return saved

    def counters(self, counter_ids: Iterable[str]) -> dict[str, int]:
        return {counter: self.counter_values.get(counter, 0) for counter in counter_ids}

    def of_member(self, member_id: str, *, status: Status | None, limit: int,
                  cursor: str | None) -> Page[CreditApplication]:
        return self._page([a for a in self._newest_first() if a.member_id == member_id],
                          status, limit, cursor)

    def of_assignee(self, assignee_id: str, *, status: Status | None, limit: int,
                    cursor: str | None, product: str | None = None,
                    waited_before: str | None = None) -> Page[CreditApplication]:
        return self._page([a for a in self._filtered(product, waited_before)
                           if a.assignee_id == assignee_id], status, limit, cursor)

    def with_statuses(self, statuses: Sequence[Status], *, limit: int, cursor: str | None,
                      product: str | None = None,
                      waited_before: str | None = None) -> Page[CreditApplication]:
        ordered = [a for status in statuses for a in self._filtered(product, waited_before)
                   if a.status is status]
        return self._page(ordered, None, limit, cursor)

    def count_waiting(self, waited_before: str, assignee_id: str | None) -> int:
        return len([a for a in self._filtered(None, waited_before)
                    if assignee_id in (None, a.assignee_id)])

    def _filtered(self, product: str | None,
                  waited_before: str | None) -> list[CreditApplication]:
        """The domain's rule (``CreditApplication.waiting_since``), as the store applies it."""
        return [a for a in self._newest_first() if product in (None, a.product_code)
                and (waited_before is None or (a.waiting_since is not None
                                               and a.waiting_since <= waited_before))]

    def _count(self, deltas: Mapping[str, int]) -> None:
        for counter, delta in deltas.items():
            self.counter_values[counter] = self.counter_values.get(counter, 0) + delta

    def _newest_first(self) -> list[CreditApplication]:
        return sorted(self.applications.values(), key=lambda a: a.created_at, reverse=True)

    @staticmethod
    def _page(applications: list[CreditApplication], status: Status | None, limit: int,
              cursor: str | None) -> Page[CreditApplication]:
        chosen = [a for a in applications if status in (None, a.status)]
        return offset_page(chosen, limit, cursor)


class FixedCatalogue:
    """``Catalogue``: these products, as they are now."""

    def __init__(self, *products: CreditProduct) -> None:
        self.products = {product.code: product for product in products}

    def simulation_of(self, request: SimulationRequest) -> tuple[CreditProduct, dict[str, Any]]:
        product = self.products.get(request.product_code)
        if product is None:
            raise rules.unknown_product()
        rules.check_against_product(request, product)
        return product, rules.simulation_view(request, product, rules.simulate(request, product))
