"""Issue 18, versions of the terms of use: a ``terms_versions`` table keyed by book and version;
only the ``auth`` function (an admin publishes, a member accepts) writes it; every HTTP function
reads its pointer (a member's request checks the version in force); the notifier reads it for a
new account's accepted version. Nobody may Scan it."""

from __future__ import annotations

from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES
from tests.infra.cfn import props
from tests.infra.test_infra_security_counters import (
    _role,
    _statements_on,
    _table,
    _unconditional_actions,
)

WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem"}


def test_the_terms_table_is_keyed_by_book_and_version(synth: Any) -> None:
    table = props(synth.data["Resources"][_table(synth, "terms_versions")])
    assert table["KeySchema"] == [{"AttributeName": "book", "KeyType": "HASH"},
                                  {"AttributeName": "version_key", "KeyType": "RANGE"}]


def test_every_http_function_and_the_notifier_read_the_pointer(synth: Any) -> None:
    table = _table(synth, "terms_versions")
    for capability in (*HTTP_CAPABILITIES, "notifier"):
        granted = _unconditional_actions(_statements_on(synth, _role(synth, capability), table))
        assert "dynamodb:GetItem" in granted, capability
        assert "dynamodb:Scan" not in granted, capability


def test_only_the_auth_function_writes_the_terms(synth: Any) -> None:
    table = _table(synth, "terms_versions")
    auth = _unconditional_actions(_statements_on(synth, _role(synth, "auth"), table))
    assert {"dynamodb:PutItem", "dynamodb:Query"} <= auth
    for capability in ALL_CAPABILITIES:
        if capability == "auth":
            continue
        granted = _unconditional_actions(_statements_on(synth, _role(synth, capability), table))
        assert not granted & WRITES, capability
