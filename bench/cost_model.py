"""The monthly AWS bill as arithmetic: usage meters times unit prices, in ``Decimal``.

Pure: no AWS, no files, no clock. ``bench.cost`` feeds it the measured per-request figures, the
usage profile (``bench/usage_profile.yaml``) and the prices (``bench/aws_prices.yaml``).

A meter is ``"<service>.<item>"`` (``"lambda.gb_seconds"``) with a monthly quantity; a price is
the same key with the USD cost of one unit. Free tiers are never subtracted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FULL_VCPU_MB = Decimal(1769)
"""Lambda gives a function one full vCPU at 1,769 MB and a proportional share below it."""
MB_PER_GB = Decimal(1024)
MS_PER_S = Decimal(1000)
BYTES_PER_GB = Decimal(1024) ** 3
CENT = Decimal("0.01")

Meters = dict[str, Decimal]


def unit_prices(services: Mapping[str, Mapping[str, object]]) -> dict[str, Decimal]:
    """``{service: {"prices": {item: {"usd": "0.20", "per": 1000000}}}}`` -> per-unit prices."""
    prices = {}
    for service, spec in services.items():
        items = spec["prices"]
        assert isinstance(items, Mapping)
        for item, price in items.items():
            prices[f"{service}.{item}"] = Decimal(str(price["usd"])) / Decimal(str(price["per"]))
    return prices


def add(meters: Meters, key: str, quantity: Decimal | int) -> None:
    meters[key] = meters.get(key, Decimal(0)) + Decimal(quantity)


def merge(*parts: Meters) -> Meters:
    total: Meters = {}
    for part in parts:
        for key, quantity in part.items():
            add(total, key, quantity)
    return total


def scaled(meters: Meters, factor: Decimal | int) -> Meters:
    return {key: quantity * Decimal(factor) for key, quantity in meters.items()}


def cost_by_service(meters: Mapping[str, Decimal], prices: Mapping[str, Decimal]
                    ) -> dict[str, Decimal]:
    """USD a month by service; a meter without a price is an error, never a silent zero."""
    missing = sorted(set(meters) - set(prices))
    if missing:
        raise KeyError(f"no price for {', '.join(missing)}")
    costs: dict[str, Decimal] = {}
    for key, quantity in meters.items():
        service = key.split(".", 1)[0]
        costs[service] = costs.get(service, Decimal(0)) + quantity * prices[key]
    return costs


def total(costs: Mapping[str, Decimal]) -> Decimal:
    return sum(costs.values(), Decimal(0))


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Lambda ---------------------------------------------------------------------------------

def cpu_factor(memory_mb: int) -> Decimal:
    """How much longer CPU-bound work takes at ``memory_mb`` than on one full vCPU."""
    return max(Decimal(1), FULL_VCPU_MB / Decimal(memory_mb))


def lambda_ms(app_ms: Decimal, memory_mb: int, calls: Mapping[str, int | Decimal],
              latency_ms: Mapping[str, Decimal]) -> Decimal:
    """Billed duration of one invocation: the app's own CPU time scaled to the function's CPU
    share, plus the wait for each AWS call at its in-region latency."""
    waiting = sum((Decimal(n) * latency_ms[service] for service, n in calls.items()), Decimal(0))
    return app_ms * cpu_factor(memory_mb) + waiting


def gb_seconds(memory_mb: int, duration_ms: Decimal) -> Decimal:
    return Decimal(memory_mb) / MB_PER_GB * duration_ms / MS_PER_S


def cold_starts(invocations: Decimal, floor: Decimal, fraction: Decimal) -> Decimal:
    """New execution environments a month: a floor (environments reclaimed while idle) plus a
    fraction of the invocations (scaling out), never more than the invocations."""
    return min(invocations, floor + fraction * invocations)


# --- one request type -----------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFigures:
    """What one request of a capability costs, from the bench's measurements."""

    capability: str
    memory_mb: int
    app_ms: Decimal
    calls: Mapping[str, int]
    """Real AWS calls by service: dynamodb, sqs, s3, kms, ses."""
    read_units: Decimal
    write_units: Decimal
    http: bool = True
    """Through CloudFront and API Gateway (False: a worker invocation)."""


@dataclass(frozen=True)
class Assumptions:
    latency_ms: Mapping[str, Decimal]
    response_kb: Decimal
    log_bytes_per_invocation: Decimal
    notifier_ms: Decimal
    notifier_memory_mb: int
    sqs_requests_per_message: Decimal
    """Send, receive and delete of one queued message."""
    kms_requests_per_s3_call: Decimal = Decimal(1)
    """SSE-KMS without a bucket key: a PutObject asks for a data key, a GetObject decrypts it."""


@dataclass
class Usage:
    """A month of one capability: invocations and the meters they run."""

    invocations: Decimal = Decimal(0)
    meters: Meters = field(default_factory=dict)

    def add(self, other: Usage) -> None:
        self.invocations += other.invocations
        for key, quantity in other.meters.items():
            add(self.meters, key, quantity)


def request_usage(figures: RequestFigures, count: Decimal, assumptions: Assumptions
                  ) -> dict[str, Usage]:
    """``count`` requests of one type: their own function's usage and the notifier's (each
    SendMessage of an HTTP request is one e-mail)."""
    meters: Meters = {}
    duration = lambda_ms(figures.app_ms, figures.memory_mb, figures.calls,
                         assumptions.latency_ms)
    add(meters, "lambda.requests", count)
    add(meters, "lambda.gb_seconds", count * gb_seconds(figures.memory_mb, duration))
    add(meters, "logs.ingested_gb",
        count * assumptions.log_bytes_per_invocation / BYTES_PER_GB)
    add(meters, "dynamodb.read_units", count * figures.read_units)
    add(meters, "dynamodb.write_units", count * figures.write_units)
    s3 = Decimal(figures.calls.get("s3", 0))
    add(meters, "s3.put_requests", count * s3)
    add(meters, "kms.requests", count * (Decimal(figures.calls.get("kms", 0))
                                         + s3 * assumptions.kms_requests_per_s3_call))
    if figures.http:
        add(meters, "apigateway.requests", count)
        add(meters, "cloudfront.https_requests", count)
        add(meters, "waf.requests", count)
        add(meters, "cloudfront.transfer_out_gb",
            count * assumptions.response_kb * 1024 / BYTES_PER_GB)
    usage = {figures.capability: Usage(count, meters)}
    messages = count * Decimal(figures.calls.get("sqs", 0))
    if messages:
        usage["notifier"] = notifier_usage(messages, assumptions)
        add(meters, "sqs.requests", messages)  # the send; receive and delete are the notifier's
    return usage


def notifier_usage(emails: Decimal, assumptions: Assumptions) -> Usage:
    """One invocation per e-mail (a busy queue would batch up to 10: this is the upper bound)."""
    meters: Meters = {}
    add(meters, "lambda.requests", emails)
    add(meters, "lambda.gb_seconds",
        emails * gb_seconds(assumptions.notifier_memory_mb, assumptions.notifier_ms))
    add(meters, "logs.ingested_gb", emails * assumptions.log_bytes_per_invocation / BYTES_PER_GB)
    add(meters, "sqs.requests", emails * (assumptions.sqs_requests_per_message - 1))
    add(meters, "ses.emails", emails)
    return Usage(emails, meters)


MINUTES_PER_MONTH = Decimal(30 * 24 * 60)
EMPTY_QUERY_READ_UNITS = Decimal("0.5")
"""An eventually consistent Query is billed at least half a read unit, even when nothing matches."""
SWEEP_APP_MS = Decimal(1)
"""The sweep's own CPU time on one full vCPU: one Query, nothing parked."""


def parked_mail_sweep_usage(every_minutes: int, assumptions: Assumptions) -> Usage:
    """The notifier's schedule: one invocation and one (normally empty) Query of ``parked_mails``
    every ``every_minutes``, whatever the number of members."""
    sweeps = MINUTES_PER_MONTH / every_minutes
    meters: Meters = {}
    add(meters, "lambda.requests", sweeps)
    duration = lambda_ms(SWEEP_APP_MS, assumptions.notifier_memory_mb, {"dynamodb": 1},
                         assumptions.latency_ms)
    add(meters, "lambda.gb_seconds",
        sweeps * gb_seconds(assumptions.notifier_memory_mb, duration))
    add(meters, "logs.ingested_gb", sweeps * assumptions.log_bytes_per_invocation / BYTES_PER_GB)
    add(meters, "dynamodb.read_units", sweeps * EMPTY_QUERY_READ_UNITS)
    return Usage(sweeps, meters)


def import_usage(rows: Decimal, files: Decimal, *, app_seconds_per_row: Decimal,
                 write_units_per_row: Decimal, batch_writes_per_row: Decimal,
                 memory_mb: int, assumptions: Assumptions) -> Usage:
    """Core-system files loaded by the import worker: one invocation per file."""
    meters: Meters = {}
    seconds = rows * (app_seconds_per_row * cpu_factor(memory_mb)
                      + batch_writes_per_row * assumptions.latency_ms["dynamodb"] / MS_PER_S)
    add(meters, "lambda.requests", files)
    add(meters, "lambda.gb_seconds", Decimal(memory_mb) / MB_PER_GB * seconds)
    add(meters, "logs.ingested_gb", files * assumptions.log_bytes_per_invocation / BYTES_PER_GB)
    add(meters, "dynamodb.write_units", rows * write_units_per_row)
    # the upload (PUT) and the worker's read (GET), each with its KMS data key
    add(meters, "s3.put_requests", files)
    add(meters, "s3.get_requests", files)
    add(meters, "kms.requests", 2 * files * assumptions.kms_requests_per_s3_call)
    add(meters, "sqs.requests", files * assumptions.sqs_requests_per_message)
    return Usage(files, meters)


def cold_start_usage(invocations: Decimal, memory_mb: int, init_ms: Decimal, *,
                     floor: Decimal, fraction: Decimal) -> Meters:
    """INIT is billed (since 2025-08-01) at the function's memory for each new environment."""
    starts = cold_starts(invocations, floor, fraction)
    return {"lambda.gb_seconds": starts * gb_seconds(memory_mb, init_ms)}


def round_up(value: Decimal) -> int:
    return math.ceil(value)


def sum_usage(parts: Iterable[dict[str, Usage]]) -> dict[str, Usage]:
    totals: dict[str, Usage] = {}
    for part in parts:
        for capability, usage in part.items():
            totals.setdefault(capability, Usage()).add(usage)
    return totals
