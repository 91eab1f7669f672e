"""Issue 18, «Tasas y tarifas» and «Contacto»: the ``info`` function reads the credit catalogue
without being able to change it, keeps the two ``public_content`` items, and nothing else
touches them."""

from __future__ import annotations

from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES
from tests.infra.cfn import as_list, props, resources
from tests.infra.test_infra_security_counters import (
    _role,
    _statements_on,
    _table,
    _unconditional_actions,
)

WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem"}


def test_the_public_content_table_is_keyed_by_content_id(synth: Any) -> None:
    table = props(synth.data["Resources"][_table(synth, "public_content")])
    assert table["KeySchema"] == [{"AttributeName": "content_id", "KeyType": "HASH"}]


def test_the_info_function_keeps_public_content_and_only_reads_the_catalogue(
        synth: Any) -> None:
    role = _role(synth, "info")
    kept = _unconditional_actions(_statements_on(synth, role, _table(synth, "public_content")))
    assert {"dynamodb:GetItem", "dynamodb:PutItem"} <= kept
    catalogue = _unconditional_actions(
        _statements_on(synth, role, _table(synth, "credit_products")))
    assert "dynamodb:Query" in catalogue and not catalogue & WRITES
    assert not _unconditional_actions(_statements_on(synth, role, _table(synth, "users"))) & WRITES
    for actions in (kept, catalogue):
        assert "dynamodb:Scan" not in actions


def test_the_info_function_sends_no_mail_and_queues_nothing(synth: Any) -> None:
    role = _role(synth, "info")
    actions = {action for policy in resources(synth.api, "AWS::IAM::Policy").values()
               if role in str(props(policy)["Roles"])
               for statement in as_list(props(policy)["PolicyDocument"]["Statement"])
               for action in as_list(statement["Action"])}
    assert not {action for action in actions if action.startswith(("sqs:", "ses:", "s3:"))}


def test_no_other_function_writes_public_content(synth: Any) -> None:
    table = _table(synth, "public_content")
    for capability in ALL_CAPABILITIES:
        if capability == "info":
            continue
        granted = _unconditional_actions(_statements_on(synth, _role(synth, capability), table))
        assert not granted & WRITES, capability
