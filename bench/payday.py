"""Payday and SnapStart: the stage limits a membership asks for, and what SnapStart costs.

``run`` (section ``payday``) prints, for 1,000 / 10,000 / 100,000 members, the payday peak
``infra/payday_limits.py`` expects (sign-ins, sign-in-class requests and API requests a second in
the busiest minute, the Lambda concurrency they keep busy) and the API Gateway limits it sets,
then each deployed stage's (``infra/stages.py``: its ``members``) with its SnapStart functions.

``snap_start_report`` (called by the ``cost`` section, which has the cold imports and each
function's invocations) prices Lambda SnapStart per HTTP function: the snapshot cached around
the clock and a restore per new environment (``bench/aws_prices.yaml``), against the INIT time it
no longer bills and the wait it spares the member who meets a cold start.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bench import cost_model as model
from bench.figures import Figures
from chalicelib.handlers import HTTP_CAPABILITIES

if TYPE_CHECKING:
    from bench.cost import Model

INFRA = Path(__file__).resolve().parent.parent / "infra"
SECONDS_A_MONTH = Decimal(30 * 86_400)
RESTORE_MS = Decimal(250)
"""Assumed: a Python snapshot's restore (Restore Duration) and the runtime's load after it
(Billed Restore Duration, taken as the same, which overstates the bill). AWS publishes no
figure; community measurements of small Python functions are a few hundred ms."""
DEPLOYS_A_MONTH = 4
"""Each deployment publishes a new version; the old one's snapshot is billed at least 3 hours."""
MINIMUM_CACHE_HOURS = 3
BEFORE = "before issue 19: 5 sign-in-class requests a second (burst 10) and 50 for the API " \
         "(burst 100), whatever the membership"


def _infra() -> Any:
    """``infra/payday_limits.py`` (pure Python); ``infra/`` goes last on the path, so its
    ``app.py`` never shadows the portal's."""
    if str(INFRA) not in sys.path:
        sys.path.append(str(INFRA))
    import payday_limits

    return payday_limits


def _stages() -> dict[str, Any]:
    """The deployed stages (``infra/stages.py`` imports the CDK: a second or two)."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    _infra()
    import stages

    return dict(stages.STAGES)


def _limits_row(label: str, limits: Any) -> str:
    return (f"{label:<18}{limits.peak_sign_ins_per_second:>10.1f}"
            f"{limits.peak_sign_in_class_per_second:>11.1f}"
            f"{limits.peak_requests_per_second:>11.1f}{limits.peak_concurrency:>8.0f}"
            f"{f'{limits.sensitive_rate} / {limits.sensitive_burst}':>18}"
            f"{f'{limits.api_rate} / {limits.api_burst}':>16}")


def run() -> Figures:
    limits_module = _infra()
    profile = limits_module.PaydayProfile(members=1)
    members = yaml.safe_load((Path(__file__).parent / "usage_profile.yaml").read_text())["members"]
    print(f"payday: {profile.share_signing_in:.0%} of the members sign in within "
          f"{profile.window_hours:g} hours, the busiest minute at {profile.peak_to_average:g}x "
          f"the average; {profile.sign_in_class_per_visit:g} sign-in-class and "
          f"{profile.requests_per_visit:g} API requests a visit; limits {profile.headroom:g}x "
          f"the peak (floors {limits_module.SENSITIVE_FLOOR} and {limits_module.API_FLOOR} a "
          f"second), burst {limits_module.BURST_SECONDS} s")
    print(f"\n{'members':<18}{'sign-ins/s':>10}{'sign-in-cl':>11}{'API req/s':>11}"
          f"{'Lambda':>8}{'sign-in limit':>18}{'API limit':>16}")
    print(f"{'':<18}{'(peak)':>10}{'(peak)':>11}{'(peak)':>11}{'(conc.)':>8}"
          f"{'rate / burst':>18}{'rate / burst':>16}")
    for n in members:
        limits = limits_module.stage_limits(limits_module.PaydayProfile(members=n))
        print(_limits_row(f"{n:,}", limits))
    print(f"({BEFORE})")
    print(f"\n{'stage':<18}{'members':>10}   WAF per client (sign-in, all) vs the stage limits"
          f"   SnapStart")
    for name, stage in _stages().items():
        limits = stage.limits
        sensitive = limits_module.per_client_rate(stage.edge_sensitive_requests_per_5_minutes)
        everything = limits_module.per_client_rate(stage.edge_requests_per_5_minutes)
        print(f"{name:<18}{stage.members:>10,}   {sensitive:.2f}/s = "
              f"{sensitive / limits.sensitive_rate:.1%} of {limits.sensitive_rate}, "
              f"{everything:.2f}/s = {everything / limits.api_rate:.1%} of {limits.api_rate}"
              f"{'' if stage.edge_waf else ' (no WAF)'}   "
              f"{', '.join(stage.snap_start) or 'off'}")
    return Figures()


# --- SnapStart, priced from the cost section's month -------------------------------------------

def _snap_start_month(costs: Model, usage: dict[str, model.Usage], prices: dict[str, Decimal],
                      capability: str) -> dict[str, Decimal]:
    """One HTTP function's month with SnapStart: extra USD, cold starts and the wait saved."""
    raw, memory = costs.raw, costs.memory[capability]
    gb = Decimal(memory) / 1024
    invocations = usage[capability].invocations if capability in usage else Decimal(0)
    starts = model.cold_starts(invocations, Decimal(raw["cold_start_floor"]),
                               Decimal(str(raw["cold_start_fraction"])))
    init_ms = Decimal(str(round(costs.figures.cold_import_ms.get(capability, 0.0), 1))) \
        + Decimal(str(raw["runtime_init_ms"]))
    cached = gb * (SECONDS_A_MONTH + DEPLOYS_A_MONTH * MINIMUM_CACHE_HOURS * 3600)
    gb_s = prices["lambda.gb_seconds"]
    extra = (cached * prices["lambda.snapstart_cache_gb_seconds"]
             + starts * gb * prices["lambda.snapstart_restore_gb"]
             + starts * model.gb_seconds(memory, RESTORE_MS) * gb_s
             - starts * model.gb_seconds(memory, init_ms) * gb_s)
    return {"extra": extra, "starts": starts, "init_ms": init_ms,
            "saved_s": starts * max(Decimal(0), init_ms - RESTORE_MS) / 1000}


def snap_start_report(costs: Model, months: dict[int, dict[str, model.Usage]],
                      prices: dict[str, Decimal], chosen: tuple[str, ...]) -> None:
    largest = max(months)
    print(f"\nLambda SnapStart (Python), {largest:,} members: snapshot cached all month, a "
          f"restore per new environment ({RESTORE_MS} ms assumed, billed), INIT no longer "
          f"billed per cold start")
    print(f"{'function':<15}{'memory MB':>10}{'cold starts':>13}{'cold ms':>9}"
          f"{'restore ms':>11}{'USD a month':>13}{'wait saved s':>14}{'USD per s saved':>17}")
    for capability in HTTP_CAPABILITIES:
        figures = _snap_start_month(costs, months[largest], prices, capability)
        per_second = figures["extra"] / figures["saved_s"] if figures["saved_s"] else Decimal(0)
        print(f"{capability + (' *' if capability in chosen else ''):<15}"
              f"{costs.memory[capability]:>10}{figures['starts']:>13,.0f}"
              f"{figures['init_ms']:>9.0f}{RESTORE_MS:>11.0f}{figures['extra']:>13.2f}"
              f"{figures['saved_s']:>14,.0f}{per_second:>17.4f}")
    for n, usage in months.items():
        picked = [_snap_start_month(costs, usage, prices, c) for c in chosen]
        every = [_snap_start_month(costs, usage, prices, c) for c in HTTP_CAPABILITIES]
        print(f"{n:>9,} members: SnapStart on {', '.join(chosen) or 'nothing'} (*, prod) "
              f"+{model.cents(sum((f['extra'] for f in picked), Decimal(0)))} USD a month, "
              f"{sum((f['starts'] for f in picked), Decimal(0)):,.0f} cold starts "
              f"{sum((f['saved_s'] for f in picked), Decimal(0)) / 60:,.0f} min shorter; "
              f"on every HTTP function "
              f"+{model.cents(sum((f['extra'] for f in every), Decimal(0)))} USD")


def chosen_snap_start() -> tuple[str, ...]:
    """Production's SnapStart functions (``infra/stages.py``)."""
    return tuple(_stages()["prod"].snap_start)
