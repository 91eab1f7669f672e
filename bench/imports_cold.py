"""Cold import time of ``app.py`` as each deployed function loads it (``CAPABILITY=<name>``).

Measured in a fresh interpreter per run (what a Lambda cold start pays for our code and its
dependencies, without the runtime's own start), median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.figures import Figures
from chalicelib.handlers import ALL_CAPABILITIES

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
PROBE = ("import time, sys; t = time.perf_counter(); import app; "
         "print(time.perf_counter() - t, len(sys.modules))")


def measure(capability: str) -> tuple[float, int]:
    env = {**os.environ, "CAPABILITY": capability, "AWS_DEFAULT_REGION": "us-east-1"}
    samples, modules = [], 0
    for _ in range(RUNS):
        output = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                                capture_output=True, text=True).stdout.split()
        samples.append(float(output[0]))
        modules = int(output[1])
    return statistics.median(samples), modules


def run() -> Figures:
    figures = Figures()
    print(f"{'capability':<16}{'median ms':>12}{'modules':>10}   ({RUNS} runs each)")
    for capability in ALL_CAPABILITIES:
        median, modules = measure(capability)
        print(f"{capability:<16}{median * 1000:>12.1f}{modules:>10}")
        figures.cold_import_ms[capability] = median * 1000
    return figures
