"""Stage configuration: deployed stages are never the local ones (demo data, dev helpers)."""

from __future__ import annotations

from typing import Any

import pytest


def test_local_stages_cannot_be_deployed(synth: Any) -> None:
    from stages import STAGES, Stage

    for name in ("local", "test"):
        with pytest.raises(ValueError, match="local-only"):
            Stage(name=name, mail_from="a@b.pe")
    assert not {"local", "test"} & set(STAGES)


def test_production_tables_are_protected(synth: Any) -> None:
    from tests.infra.cfn import props, resources

    assert synth.stage.name == "prod"
    for name, table in resources(synth.data, "AWS::DynamoDB::Table").items():
        assert props(table)["DeletionProtectionEnabled"] is True, name


def test_nothing_loads_data_into_a_deployed_stage(synth: Any) -> None:
    # The only custom resources are CDK's own plumbing: no seeding of demo or any other data.
    kinds = {r["Type"] for t in synth.templates for r in t["Resources"].values()
             if r["Type"].startswith("Custom::")}
    assert kinds <= {"Custom::S3BucketNotifications", "Custom::CDKBucketDeployment"}
