"""Issue 18, «Tasas y tarifas» and «Contacto»: the ``info`` function reads the credit catalogue
without being able to change it, keeps the two ``public_content`` items, and nothing else
touches them."""

from __future__ import annotations

from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES
from tests.infra.cfn import (
    TABLE_WRITES,
    as_list,
    props,
    resources,
    role_of,
    statements_on,
    table_id,
    unconditional_actions,
)


def test_the_public_content_table_is_keyed_by_content_id(synth: Any) -> None:
    table = props(synth.data["Resources"][table_id(synth, "public_content")])
    assert table["KeySchema"] == [{"AttributeName": "content_id", "KeyType": "HASH"}]


def test_the_info_function_keeps_public_content_and_only_reads_the_catalogue(
        synth: Any) -> None:
    role = role_of(synth, "info")
    kept = unconditional_actions(statements_on(synth, role, table_id(synth, "public_content")))
    assert {"dynamodb:GetItem", "dynamodb:PutItem"} <= kept
    catalogue = unconditional_actions(
        statements_on(synth, role, table_id(synth, "credit_products")))
    assert "dynamodb:Query" in catalogue and not catalogue & TABLE_WRITES
    users = unconditional_actions(statements_on(synth, role, table_id(synth, "users")))
    assert not users & TABLE_WRITES
    for actions in (kept, catalogue):
        assert "dynamodb:Scan" not in actions


def test_the_info_function_sends_no_mail_and_queues_nothing(synth: Any) -> None:
    role = role_of(synth, "info")
    actions = {action for policy in resources(synth.api, "AWS::IAM::Policy").values()
               if role in str(props(policy)["Roles"])
               for statement in as_list(props(policy)["PolicyDocument"]["Statement"])
               for action in as_list(statement["Action"])}
    assert not {action for action in actions if action.startswith(("sqs:", "ses:", "s3:"))}


def test_no_other_function_writes_public_content(synth: Any) -> None:
    table = table_id(synth, "public_content")
    for capability in ALL_CAPABILITIES:
        if capability == "info":
            continue
        granted = unconditional_actions(statements_on(synth, role_of(synth, capability), table))
        assert not granted & TABLE_WRITES, capability
