"""What the measuring sections return, for the cost section to price.

Each section's ``run()`` returns ``Figures``: one ``Request`` per HTTP request it measured (by
capability and the name it prints), the cold import time of each function, the per-row cost of
each core-system import kind, and the renderer's time. ``python -m bench`` merges them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from bench.support import Calls, Results, app_seconds, aws_calls, capacity_units, dynamodb_calls

SERVICES = ("dynamodb", "sqs", "s3", "kms", "ses")


@dataclass(frozen=True)
class Request:
    """One request as measured: the medians of its runs."""

    capability: str
    name: str
    calls: dict[str, int]
    """Real AWS API calls by service (the typical run's)."""
    read_units: float
    write_units: float
    median_ms: float
    """In-process, moto's emulation included."""
    app_ms: float
    """In-process without the time inside botocore: the app's own CPU work."""

    @property
    def key(self) -> str:
        return f"{self.capability}: {self.name}"


@dataclass(frozen=True)
class ImportKind:
    """One core-system file kind as loaded by the import worker, per row."""

    kind: str
    rows: int
    batch_writes: int
    write_units: float
    app_seconds: float
    other_calls: int
    file_bytes: int


@dataclass
class Figures:
    requests: dict[str, Request] = field(default_factory=dict)
    cold_import_ms: dict[str, float] = field(default_factory=dict)
    imports: dict[str, ImportKind] = field(default_factory=dict)
    extra_ms: dict[str, float] = field(default_factory=dict)
    """Named one-off figures (e.g. fpdf2's import on the first report)."""

    def add(self, request: Request) -> None:
        self.requests[request.key] = request

    def merge(self, other: Figures | None) -> None:
        if other is None:
            return
        self.requests.update(other.requests)
        self.cold_import_ms.update(other.cold_import_ms)
        self.imports.update(other.imports)
        self.extra_ms.update(other.extra_ms)


def request_of(capability: str, name: str, times: list[float], counts: list[Calls]) -> Request:
    """A ``Request`` from the samples of one step (times in seconds, one ``Calls`` per run)."""
    typical = counts[-1]
    reads = [capacity_units(c)[0] for c in counts]
    writes = [capacity_units(c)[1] for c in counts]
    calls = {service: aws_calls(typical, service) for service in SERVICES}
    calls["dynamodb"] = dynamodb_calls(typical)
    return Request(
        capability=capability, name=name, calls=calls,
        read_units=statistics.median(reads), write_units=statistics.median(writes),
        median_ms=statistics.median(times) * 1000,
        app_ms=statistics.median(app_seconds(t, c) for t, c in zip(times, counts, strict=True))
        * 1000)


def figures_of(capability: str, results: Results) -> Figures:
    figures = Figures()
    for name, (times, counts) in results.items():
        figures.add(request_of(capability, name, times, counts))
    return figures


def one_sample(capability: str, name: str, seconds: float, calls: Calls) -> Request:
    return request_of(capability, name, [seconds], [Counter(calls)])
