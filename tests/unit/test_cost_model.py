"""The cost model's arithmetic on small cases computed by hand (bench/cost_model.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench import cost_model as model

ASSUMPTIONS = model.Assumptions(
    latency_ms={"dynamodb": Decimal(5), "sqs": Decimal(10), "s3": Decimal(20),
                "kms": Decimal(10), "ses": Decimal(40)},
    response_kb=Decimal(1), log_bytes_per_invocation=Decimal(0), notifier_ms=Decimal(100),
    notifier_memory_mb=256, sqs_requests_per_message=Decimal(3))


def a_request(**overrides: object) -> model.RequestFigures:
    values: dict[str, object] = {
        "capability": "tickets", "memory_mb": 512, "app_ms": Decimal(0), "calls": {},
        "read_units": Decimal(0), "write_units": Decimal(0)}
    values.update(overrides)
    return model.RequestFigures(**values)  # type: ignore[arg-type]


def test_unit_prices_divide_the_price_by_its_quantity() -> None:
    prices = model.unit_prices({"lambda": {"prices": {
        "requests": {"usd": "0.20", "per": 1000000}, "gb_seconds": {"usd": "0.0000166667",
                                                                     "per": 1}}}})
    assert prices == {"lambda.requests": Decimal("0.0000002"),
                      "lambda.gb_seconds": Decimal("0.0000166667")}


def test_cost_by_service_sums_each_services_meters() -> None:
    prices = {"dynamodb.read_units": Decimal("0.000000125"),
              "dynamodb.write_units": Decimal("0.000000625"), "ses.emails": Decimal("0.0001")}
    meters = {"dynamodb.read_units": Decimal(8_000_000),
              "dynamodb.write_units": Decimal(2_000_000), "ses.emails": Decimal(3000)}
    costs = model.cost_by_service(meters, prices)
    # 8M x $0.125/M + 2M x $0.625/M = 1.00 + 1.25; 3,000 x $0.10/1,000 = 0.30
    assert costs == {"dynamodb": Decimal("2.250000000"), "ses": Decimal("0.3000")}
    assert model.total(costs) == Decimal("2.55")


def test_a_meter_without_a_price_is_an_error_not_a_free_service() -> None:
    with pytest.raises(KeyError, match=r"sqs\.requests"):
        model.cost_by_service({"sqs.requests": Decimal(1)}, {})


def test_cpu_share_grows_below_one_full_vcpu_and_never_speeds_up_above() -> None:
    assert model.cpu_factor(1769) == 1
    assert model.cpu_factor(3538) == 1
    assert model.cpu_factor(512) == Decimal(1769) / Decimal(512)


def test_lambda_time_is_scaled_cpu_time_plus_the_wait_for_each_call() -> None:
    # 1,769 MB: no scaling; 3 DynamoDB calls x 5 ms + 1 SQS x 10 ms
    millis = model.lambda_ms(Decimal(20), 1769, {"dynamodb": 3, "sqs": 1},
                             ASSUMPTIONS.latency_ms)
    assert millis == Decimal(45)


def test_gb_seconds_of_half_a_gigabyte_for_two_hundred_milliseconds() -> None:
    assert model.gb_seconds(512, Decimal(200)) == Decimal("0.1")


def test_cold_starts_are_a_floor_plus_a_share_but_never_more_than_the_invocations() -> None:
    assert model.cold_starts(Decimal(100_000), Decimal(1000), Decimal("0.01")) == 2000
    assert model.cold_starts(Decimal(500), Decimal(1000), Decimal("0.01")) == 500


def test_a_thousand_requests_meter_lambda_gateway_edge_and_dynamodb() -> None:
    figures = a_request(memory_mb=1024, app_ms=Decimal(0), calls={"dynamodb": 2},
                        read_units=Decimal("1.5"), write_units=Decimal(3))
    usage = model.request_usage(figures, Decimal(1000), ASSUMPTIONS)
    meters = usage["tickets"].meters
    assert usage["tickets"].invocations == 1000
    # 2 calls x 5 ms = 10 ms at 1 GB: 0.01 GB-s each
    assert meters["lambda.gb_seconds"] == Decimal("10")
    assert meters["dynamodb.read_units"] == Decimal(1500)
    assert meters["dynamodb.write_units"] == Decimal(3000)
    assert meters["apigateway.requests"] == meters["cloudfront.https_requests"] == 1000
    assert meters["waf.requests"] == 1000
    assert "notifier" not in usage


def test_each_queued_message_is_an_email_sent_by_one_notifier_invocation() -> None:
    usage = model.request_usage(a_request(calls={"sqs": 2}), Decimal(10), ASSUMPTIONS)
    notifier = usage["notifier"]
    assert notifier.invocations == 20
    assert notifier.meters["ses.emails"] == 20
    # 100 ms at 256 MB = 0.025 GB-s an e-mail
    assert notifier.meters["lambda.gb_seconds"] == Decimal("0.5")
    # the send is the request's; receive and delete are the notifier's
    assert usage["tickets"].meters["sqs.requests"] == 20
    assert notifier.meters["sqs.requests"] == 40


def test_an_s3_put_under_sse_kms_also_asks_kms_for_a_data_key() -> None:
    usage = model.request_usage(a_request(calls={"s3": 1, "kms": 1}), Decimal(5), ASSUMPTIONS)
    assert usage["tickets"].meters["s3.put_requests"] == 5
    assert usage["tickets"].meters["kms.requests"] == 10


def test_an_import_bills_its_rows_write_units_and_its_time_at_the_workers_memory() -> None:
    usage = model.import_usage(
        Decimal(10_000), Decimal(2), app_seconds_per_row=Decimal("0.0001"),
        write_units_per_row=Decimal(2), batch_writes_per_row=Decimal("0.04"), memory_mb=1769,
        assumptions=ASSUMPTIONS)
    # 10,000 x (0.0001 s + 0.04 x 5 ms) = 1 s + 2 s at 1,769 MB
    assert usage.meters["lambda.gb_seconds"] == Decimal(1769) / Decimal(1024) * 3
    assert usage.meters["dynamodb.write_units"] == 20_000
    assert usage.meters["s3.put_requests"] == usage.meters["s3.get_requests"] == 2
    assert usage.invocations == 2


def test_monthly_bill_of_a_hand_computed_case() -> None:
    prices = {"lambda.requests": Decimal("0.0000002"),
              "lambda.gb_seconds": Decimal("0.0000166667"),
              "apigateway.requests": Decimal("0.0000035")}
    meters = {"lambda.requests": Decimal(1_000_000), "lambda.gb_seconds": Decimal(100_000),
              "apigateway.requests": Decimal(1_000_000)}
    costs = model.cost_by_service(meters, prices)
    # 0.20 + 1.66667 = 1.86667; 3.50
    assert model.cents(costs["lambda"]) == Decimal("1.87")
    assert model.cents(model.total(costs)) == Decimal("5.37")


def test_merging_and_scaling_meters() -> None:
    merged = model.merge({"a.x": Decimal(1)}, {"a.x": Decimal(2), "b.y": Decimal(5)})
    assert merged == {"a.x": 3, "b.y": 5}
    assert model.scaled(merged, 10) == {"a.x": 30, "b.y": 50}


def test_capacity_units_follow_dynamodbs_rounding() -> None:
    from bench import capacity

    # reads: 4 KB blocks, eventually consistent half; writes: 1 KB blocks, at least one
    assert capacity.read_units(100, consistent=True) == 1
    assert capacity.read_units(100, consistent=False) == 0.5
    assert capacity.read_units(8 * 1024 + 1, consistent=False) == 1.5
    assert capacity.write_units(0) == 1
    assert capacity.write_units(1025) == 2


def test_item_size_counts_names_and_values() -> None:
    from bench import capacity

    # "id" (2) + "abc" (3); "n" (1) + 12345 (3 digits-pairs + 1 = 4); "ok" (2) + bool (1)
    item = {"id": {"S": "abc"}, "n": {"N": "12345"}, "ok": {"BOOL": True}}
    assert capacity.item_size(item) == 5 + 5 + 3
    # a map: 3 bytes + each entry's name, value and 1 byte
    assert capacity.value_size({"M": {"a": {"S": "xy"}}}) == 3 + 1 + 2 + 1


def test_the_parked_mail_sweep_is_one_small_invocation_and_query_every_five_minutes() -> None:
    usage = model.parked_mail_sweep_usage(5, ASSUMPTIONS)
    assert usage.invocations == 8640  # 30 days × 24 h × 12
    assert usage.meters["lambda.requests"] == 8640
    assert usage.meters["dynamodb.read_units"] == 4320
    # 1 ms of CPU at 256 MB (×1769/256) plus one 5 ms Query, at 0.25 GB
    duration_ms = Decimal(1769) / 256 + 5
    assert usage.meters["lambda.gb_seconds"] == 8640 * Decimal("0.25") * duration_ms / 1000


def test_the_edge_waf_is_priced_as_a_web_acl_its_rules_and_its_requests() -> None:
    from pathlib import Path

    import yaml

    from bench.cost import WAF_RULES

    services = yaml.safe_load((Path(model.__file__).parent / "aws_prices.yaml").read_text())
    prices = model.unit_prices(services["services"])
    meters = {"waf.web_acl_months": Decimal(1), "waf.rule_months": Decimal(WAF_RULES),
              "waf.requests": Decimal(10_000_000)}
    # $5 + 3 x $1 + 10 million x $0.60 per million
    assert model.cost_by_service(meters, prices) == {"waf": Decimal("14.00")}
