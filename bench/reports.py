"""PDF reports: generation time and file size for 100 and 2,000 rows (in-process, no AWS), and
the reports function's cold start against the other functions'.

The reports function imports fpdf2 only on its first report, so its cold start is measured twice
in fresh interpreters: ``import app`` alone (what every request's cold start pays) and
``import app`` plus the renderer's import (what the first report adds once per container).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime

from bench.figures import Figures
from bench.imports_cold import ROOT
from chalicelib.handlers import ALL_CAPABILITIES

RUNS = 5
COLD_RUNS = 3
SIZES = (100, 2_000)
IMPORT_PROBE = ("import time, sys; t = time.perf_counter(); import app; a = time.perf_counter();"
                "{extra}; print(a - t, time.perf_counter() - a)")


def _document(rows: int):  # type: ignore[no-untyped-def]
    from chalicelib.domain.reports import reports as rules

    movements = [{"id": f"M{n:05d}", "date": f"{2015 + n // 336}-{1 + (n // 28) % 12:02d}-"
                  f"{1 + n % 28:02d}", "description": f"APORTE MENSUAL N.° {n + 1}",
                  "amount": "50.00", "currency": "PEN", "balance": f"{50 * (n + 1)}.00"}
                 for n in range(rows)]
    view = {"balance": f"{50 * rows}.00", "monthly_fee": "50.00",
            "account": {"masked_number": "XXXXXXXX0001", "as_of": "2026-11-25"},
            "movements": movements}
    return rules.contributions_document(view, rules.Member("María Elena Quispe Rojas",
                                                           "40000001"),
                                        rules.ReportRequest("contributions"), date(2026, 11, 25))


def _generation() -> dict[int, float]:
    from chalicelib.services.reports import pdf_report

    print(f"{'rows':>6}{'median ms':>12}{'KiB':>10}{'pages':>8}   ({RUNS} runs, render only)")
    rendered = {}
    for rows in SIZES:
        document = _document(rows)
        samples, size = [], 0
        for _ in range(RUNS):
            started = time.perf_counter()
            data = pdf_report.render(document, "BENC-HBEN-CHBE-NCHB", datetime.now(UTC),
                                     "https://portal.example/verificar?codigo=BENC-HBEN-CHBE-NCHB")
            samples.append(time.perf_counter() - started)
            size = len(data)
        pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page")
        print(f"{rows:>6}{statistics.median(samples) * 1000:>12.1f}{size / 1024:>10.1f}"
              f"{pages:>8}")
        rendered[rows] = statistics.median(samples) * 1000
    return rendered


def _cold(capability: str, extra: str = "pass") -> tuple[float, float]:
    env = {**os.environ, "CAPABILITY": capability, "AWS_DEFAULT_REGION": "us-east-1"}
    app_times, extra_times = [], []
    for _ in range(COLD_RUNS):
        output = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(extra=extra)],
                                cwd=ROOT, env=env, check=True, capture_output=True,
                                text=True).stdout.split()
        app_times.append(float(output[0]))
        extra_times.append(float(output[1]))
    return statistics.median(app_times), statistics.median(extra_times)


def _cold_starts() -> float:
    print(f"\n{'function':<28}{'import app ms':>15}{'+ first report ms':>20}")
    for capability in ALL_CAPABILITIES:
        app_time, _ = _cold(capability)
        print(f"{capability:<28}{app_time * 1000:>15.1f}{'':>20}")
    app_time, first = _cold("reports", "from chalicelib.services.reports import pdf_report")
    print(f"{'reports (fpdf2 on 1st use)':<28}{app_time * 1000:>15.1f}{first * 1000:>20.1f}")
    return first * 1000


def run() -> Figures:
    figures = Figures()
    for rows, millis in _generation().items():
        figures.extra_ms[f"render {rows} rows"] = millis
    figures.extra_ms["fpdf2 first use"] = _cold_starts()
    return figures
