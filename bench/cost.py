"""Cost and speed model: what each function costs per request, and the monthly AWS bill for
1,000, 10,000 and 100,000 members.

Nothing is measured again here: the figures are the other sections' (calls, capacity units,
in-process times, cold imports, per-row import costs), plus the packaged sizes
(``bench.packaging``). The usage comes from ``bench/usage_profile.yaml``, the prices from
``bench/aws_prices.yaml`` (us-east-1, read 2026-11-25, free tier not applied); the arithmetic is
``bench.cost_model``. Memory sizes and timeouts are infra's (``infra/stacks/access.py``).

How a request becomes Lambda time: the app's own in-process time (without moto's emulation) is
scaled to the function's CPU share (one vCPU at 1,769 MB), and each AWS call adds an assumed
in-region latency. This machine's core stands for one Lambda vCPU, and other work was running
on it while the bench ran: the times are noisy, good to a factor, not to a percent.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bench import cost_model as model
from bench import import_changes, packaging, payday
from bench.figures import Figures, Request
from chalicelib.domain.shared.emails import PARKED_MAIL_SWEEP_MINUTES
from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES
from chalicelib.observability import ALARMED_MARKERS

ALARM_METRICS = 2 + len(ALARMED_MARKERS) + len(ALL_CAPABILITIES)
"""Metrics the stage's alarms read (infra/stacks/monitoring.py): the two dead-letter queues, one
per log marker, and every function's Errors in the summed alarms (tests/infra checks it)."""
WAF_RULES = 3
"""The web ACL's rules (infra/stacks/waf.py; tests/infra/test_infra_waf.py checks the count): two
rate limits per client address and AWS's managed common rule set."""

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SHARED = "(shared)"
"""Storage, keys, idle polling and the static site: no one function's."""
ALL = Decimal(1)
MANIFEST_BYTES_PER_ITEM = 16
"""An import manifest's fingerprint of one item (chalicelib.domain.imports.manifests)."""
FEEDS = ("imports_cold", "identity", "tickets", "accounts", "credit", "reports")
"""The sections whose figures this one prices."""


def _load(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def memory_sizes() -> dict[str, int]:
    """Each function's memory, from infra's access table (loaded by path: ``stacks/__init__``
    imports the CDK)."""
    spec = importlib.util.spec_from_file_location(
        "_bench_infra_access", ROOT / "infra" / "stacks" / "access.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return {name: access.memory_mb for name, access in module.CAPABILITY_ACCESS.items()}


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


class Model:
    def __init__(self, figures: Figures, profile: dict[str, Any], memory: dict[str, int]) -> None:
        self.figures = figures
        self.profile = profile
        self.memory = memory
        raw = profile["assumptions"]
        self.raw = raw
        self.assumptions = model.Assumptions(
            latency_ms={k: _d(v) for k, v in raw["latency_ms"].items()},
            response_kb=_d(raw["response_kb"]),
            log_bytes_per_invocation=_d(raw["log_bytes_per_invocation"]),
            notifier_ms=_d(raw["notifier_ms"]), notifier_memory_mb=memory["notifier"],
            sqs_requests_per_message=_d(raw["sqs_requests_per_message"]))

    def request(self, key: str) -> model.RequestFigures:
        measured = self.figures.requests.get(key)
        if measured is None:
            raise KeyError(f"usage_profile.yaml names {key!r}, which no section measured")
        return to_figures(measured, self.memory[measured.capability])

    def lambda_ms(self, key: str) -> Decimal:
        figures = self.request(key)
        return model.lambda_ms(figures.app_ms, figures.memory_mb, figures.calls,
                               self.assumptions.latency_ms)

    # --- a month for `members` members --------------------------------------------------------

    def month(self, members: int) -> dict[str, model.Usage]:
        parts: list[dict[str, model.Usage]] = []
        shared = model.Usage()
        n = Decimal(members)
        for event in self.profile["member_events"].values():
            count = _d(event["per_member"]) * n
            parts += self._requests(event["requests"], count)
            self._edge(shared, event, count)
        parts += self._staff(members, shared)
        parts.append(self._imports(members, shared))
        parts.append({"notifier": model.parked_mail_sweep_usage(PARKED_MAIL_SWEEP_MINUTES,
                                                                self.assumptions)})
        totals = model.sum_usage(parts)
        for capability, usage in totals.items():
            if capability in HTTP_CAPABILITIES or capability in ("notifier", "import_worker"):
                init = self.figures.cold_import_ms.get(capability, 0.0) \
                    + float(self.raw["runtime_init_ms"])
                if capability == "reports":
                    init += self.figures.extra_ms.get("fpdf2 first use", 0.0)
                usage.add(model.Usage(meters=model.cold_start_usage(
                    usage.invocations, self.memory[capability], _d(round(init, 1)),
                    floor=_d(self.raw["cold_start_floor"]),
                    fraction=_d(self.raw["cold_start_fraction"]))))
        self._storage(members, shared, totals)
        totals[SHARED] = shared
        return totals

    def _requests(self, requests: dict[str, Any], count: Decimal) -> list[dict[str, model.Usage]]:
        return [model.request_usage(self.request(key), count * _d(times), self.assumptions)
                for key, times in requests.items()]

    def _edge(self, shared: model.Usage, event: dict[str, Any], count: Decimal) -> None:
        raw, meters = self.raw, shared.meters
        if event.get("site_load"):
            loads = count * _d(raw["site_load_requests"])
            model.add(meters, "cloudfront.https_requests", loads)
            model.add(meters, "waf.requests", loads)
            model.add(meters, "cloudfront.function_invocations", loads)
            model.add(meters, "cloudfront.transfer_out_gb",
                      count * _d(raw["site_load_kb"]) * 1024 / model.BYTES_PER_GB)
        if event.get("pdf_download"):
            model.add(meters, "s3.get_requests", count)
            model.add(meters, "kms.requests", count)
            model.add(meters, "s3.transfer_out_gb",
                      count * _d(raw["pdf_kb"]) * 1024 / model.BYTES_PER_GB)

    def staff(self, members: int) -> tuple[int, int]:
        staff = self.profile["staff"]
        operators = max(staff["min_operators"], math.ceil(members / staff["members_per_operator"]))
        admins = max(staff["min_admins"], math.ceil(members / staff["members_per_admin"]))
        return operators, admins

    def _staff(self, members: int, shared: model.Usage) -> list[dict[str, model.Usage]]:
        staff = self.profile["staff"]
        operators, admins = self.staff(members)
        days = Decimal(staff["working_days"])
        everyone = days * (operators + admins)
        parts = self._requests(staff["per_day"]["requests"], everyone)
        self._edge(shared, staff["per_day"], everyone)
        views = days * admins * _d(staff["admin_per_day"]["requests"]["admin: dashboard"])
        parts += self._requests(staff["admin_per_day"]["requests"], days * admins)
        # the member COUNT Queries grow with the cooperative: eventually consistent, 4 KB units
        blocks = math.ceil(members * staff["user_index_entry_bytes"] / 4096)
        extra = views * staff["dashboard_count_queries"] * Decimal(blocks) / 2
        parts.append({"admin": model.Usage(meters={"dynamodb.read_units": extra})})
        return parts

    def _reimport_ratios(self) -> tuple[Decimal, Decimal, Decimal]:
        """(write units, BatchWriteItem calls, app time) of a nightly full export whose rows
        changed at the profile's daily rate, as a share of loading them all: measured on the
        100,000-row movements file (bench.import_changes); 1 when it was not measured."""
        full = self.figures.imports.get("movements")
        again = self.figures.imports.get(import_changes.REIMPORT)
        if full is None or again is None:
            return ALL, ALL, ALL
        return (_d(again.write_units) / _d(full.write_units),
                _d(again.batch_writes) / _d(full.batch_writes),
                _d(again.app_seconds) / _d(full.app_seconds))

    def _imports(self, members: int, shared: model.Usage) -> dict[str, model.Usage]:
        usage = model.Usage()
        uploaded = Decimal(0)
        reimport = self._reimport_ratios()
        for kind, spec in self.profile["imports"].items():
            if not isinstance(spec, dict):
                continue
            measured = self.figures.imports.get(kind)
            if measured is None:
                continue
            files = _d(spec["files_per_month"])
            rows = _d(members) * _d(spec["rows_per_member"]) * files
            per_row = Decimal(measured.rows)
            # a file of new rows (the day's movements) writes them all; a nightly full export
            # writes only what changed since the night before (docs/imports.md)
            wru, batches, app = (ALL,) * 3 if spec.get("new_rows") else reimport
            usage.add(model.import_usage(
                rows, files, app_seconds_per_row=_d(measured.app_seconds) * app / per_row,
                write_units_per_row=_d(measured.write_units) * wru / per_row,
                batch_writes_per_row=_d(measured.batch_writes) * batches / per_row,
                memory_mb=self.memory["import_worker"], assumptions=self.assumptions))
            uploaded += rows * _d(measured.file_bytes) / per_row
            self._manifests(usage, shared, files, rows)
        kept = uploaded * _d(self.profile["imports"]["keep_uploads_months"])
        model.add(shared.meters, "s3.storage_gb_months", kept / model.BYTES_PER_GB)
        return {"import_worker": usage}

    def _manifests(self, usage: model.Usage, shared: model.Usage, files: Decimal,
                   rows: Decimal) -> None:
        """Each run reads its kind's manifest and writes it twice (the mark, then the run's
        fingerprints, 16 bytes an item); the bucket keeps replaced versions 30 days."""
        model.add(usage.meters, "s3.get_requests", files)
        model.add(usage.meters, "s3.put_requests", 2 * files)
        model.add(usage.meters, "kms.requests",
                  3 * files * self.assumptions.kms_requests_per_s3_call)
        model.add(shared.meters, "s3.storage_gb_months",
                  rows * MANIFEST_BYTES_PER_ITEM / model.BYTES_PER_GB)

    def _storage(self, members: int, shared: model.Usage,
                 totals: dict[str, model.Usage]) -> None:
        spec, meters = self.profile["storage"], shared.meters
        per_member = (spec["movement_months"] * spec["movements_per_month"]
                      * spec["movement_item_bytes"] + spec["products_bytes"]
                      + spec["months"] * spec["audit_records_per_month"]
                      * spec["audit_record_bytes"])
        gb = Decimal(members * per_member) / model.BYTES_PER_GB
        model.add(meters, "dynamodb.storage_gb_months", gb)
        model.add(meters, "dynamodb.pitr_gb_months", gb)
        model.add(meters, "kms.key_months", 2)
        model.add(meters, "secretsmanager.secret_months", 1)  # CloudFront's origin header
        model.add(meters, "waf.web_acl_months", 1)  # production's edge_waf (infra/stacks/waf.py)
        model.add(meters, "waf.rule_months", WAF_RULES)
        model.add(meters, "cloudwatch.alarm_metrics", ALARM_METRICS)
        model.add(meters, "sqs.requests", _d(self.raw["sqs_idle_requests_per_month"]))
        ingested = sum((u.meters.get("logs.ingested_gb", Decimal(0)) for u in totals.values()),
                       Decimal(0))
        model.add(meters, "logs.storage_gb_months", ingested * 3)  # THREE_MONTHS retention


def to_figures(measured: Request, memory_mb: int) -> model.RequestFigures:
    calls = {service: n for service, n in measured.calls.items() if n}
    return model.RequestFigures(
        capability=measured.capability, memory_mb=memory_mb,
        app_ms=_d(round(measured.app_ms, 2)), calls=calls,
        read_units=_d(measured.read_units), write_units=_d(measured.write_units))


# --- printing --------------------------------------------------------------------------------

def _money(amount: Decimal) -> str:
    return f"{model.cents(amount):,.2f}"


def _packages(figures: Figures, memory: dict[str, int]) -> None:
    code = packaging.code_package()
    layer, names = packaging.layer_package()
    built = packaging.last_built_layer()
    mib = 1024 * 1024
    print(f"packaged (every function deploys both): {code.name} {code.zipped / mib:.2f} MiB "
          f"zipped, {code.unzipped / mib:.2f} MiB unzipped, {code.files} files; "
          f"{layer.name} {layer.zipped / mib:.1f} MiB zipped, {layer.unzipped / mib:.1f} MiB "
          f"unzipped, {layer.files} files"
          + (f"; the layer infra last built, with compiled modules: {built / mib:.1f} MiB"
             if built else ""))
    print(f"layer closure of requirements.txt ({len(names)}): {', '.join(names)}")
    print(f"\n{'function':<15}{'memory MB':>10}{'cold import ms':>16}")
    for capability in ALL_CAPABILITIES:
        cold = figures.cold_import_ms.get(capability)
        print(f"{capability:<15}{memory[capability]:>10}"
              f"{(f'{cold:.1f}' if cold is not None else '-'):>16}")


def _per_request(costs: Model, keys: list[str]) -> None:
    print(f"\n{'request (as priced)':<48}{'DDB':>4}{'RRU':>7}{'WRU':>6}  {'other AWS':<18}"
          f"{'in-proc ms':>10}{'app ms':>8}{'Lambda ms':>10}")
    for key in sorted(keys):
        measured = costs.figures.requests[key]
        others = ", ".join(f"{n} {s}" for s, n in measured.calls.items() if s != "dynamodb" and n)
        print(f"{key:<48}{measured.calls['dynamodb']:>4}{measured.read_units:>7g}"
              f"{measured.write_units:>6g}  {others or '-':<18}{measured.median_ms:>10.1f}"
              f"{measured.app_ms:>8.1f}{costs.lambda_ms(key):>10.1f}")


def _profile_keys(profile: dict[str, Any]) -> list[str]:
    keys: set[str] = set()
    for event in profile["member_events"].values():
        keys |= set(event["requests"])
    keys |= set(profile["staff"]["per_day"]["requests"])
    keys |= set(profile["staff"]["admin_per_day"]["requests"])
    return sorted(keys)


def _bill(months: dict[int, dict[str, model.Usage]], prices: dict[str, Decimal],
          services: list[str]) -> None:
    costs = {n: model.cost_by_service(model.merge(*(u.meters for u in usage.values())), prices)
             for n, usage in months.items()}
    header = "".join(f"{f'{n:,} members':>18}" for n in months)
    print(f"\n{'USD a month':<22}{header}")
    for service in services:
        print(f"{service:<22}" + "".join(f"{_money(c.get(service, Decimal(0))):>18}"
                                         for c in costs.values()))
    print(f"{'total':<22}" + "".join(f"{_money(model.total(c)):>18}" for c in costs.values()))
    print(f"{'per member':<22}" + "".join(
        f"{model.total(c) / n:>18.4f}" for n, c in zip(months, costs.values(), strict=True)))


def _capabilities(members: int, usage: dict[str, model.Usage],
                  prices: dict[str, Decimal]) -> None:
    print(f"\n{members:,} members: {'function':<15}{'invocations':>13}{'Lambda GB-s':>13}"
          f"{'DynamoDB RRU':>14}{'WRU':>12}{'USD':>10}")
    for capability in [*ALL_CAPABILITIES, SHARED]:
        part = usage.get(capability)
        if part is None:
            continue
        meters = part.meters
        cost = model.total(model.cost_by_service(meters, prices))
        print(f"{'':<{len(f'{members:,} members: ')}}{capability:<15}"
              f"{part.invocations:>13,.0f}"
              f"{meters.get('lambda.gb_seconds', Decimal(0)):>13,.0f}"
              f"{meters.get('dynamodb.read_units', Decimal(0)):>14,.0f}"
              f"{meters.get('dynamodb.write_units', Decimal(0)):>12,.0f}{_money(cost):>10}")


def run(figures: Figures) -> Figures:
    profile, price_file = _load("usage_profile.yaml"), _load("aws_prices.yaml")
    prices = model.unit_prices(price_file["services"])
    memory = memory_sizes()
    costs = Model(figures, profile, memory)
    _packages(figures, memory)
    _per_request(costs, _profile_keys(profile))
    months = {n: costs.month(n) for n in profile["members"]}
    print(f"\nMonthly AWS cost, {price_file['region']}, list prices read "
          f"{price_file['read_on']}, free tier NOT applied (bench/aws_prices.yaml, "
          f"bench/usage_profile.yaml)")
    _bill(months, prices, list(price_file["services"]))
    for n in profile["members"]:
        operators, admins = costs.staff(n)
        _capabilities(n, months[n], prices)
        print(f"{'':<{len(f'{n:,} members: ')}}(staff: {operators} operators, {admins} admins)")
    payday.snap_start_report(costs, months, prices, payday.chosen_snap_start())
    print(NOTES)
    return Figures()


NOTES = """
Notes: RRU/WRU are estimated from each call's operation and item sizes (bench/capacity.py:
4 KB reads, half when eventually consistent; 1 KB writes, one more per index the item is in;
transactions double). Lambda ms = app ms x (1,769 MB / memory, at least 1) + an assumed
in-region latency per AWS call (usage_profile.yaml); INIT (cold import + runtime start) is
billed per cold start. (shared) = DynamoDB storage and PITR after a year, the KMS key and its
rotation, CloudFront's origin secret, the alarms, idle SQS polling, the static site through
CloudFront, PDF downloads from S3, log storage, production's WAF web ACL and its 3 rules (every
request to the distribution is inspected). Not priced: data transfer between services,
SNS alarm e-mails, Route 53, ACM (free). Times are from a shared 2-core
machine: noisy."""
