"""Issue 18, versions of the terms of use: a ``terms_versions`` table keyed by book and version;
only the ``auth`` function (an admin publishes, a member accepts) writes it; every HTTP function
reads its pointer (a member's request checks the version in force); the notifier reads it for a
new account's accepted version. Nobody may Scan it."""

from __future__ import annotations

from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES
from tests.infra.cfn import (
    TABLE_WRITES,
    props,
    role_of,
    statements_on,
    table_id,
    unconditional_actions,
)


def test_the_terms_table_is_keyed_by_book_and_version(synth: Any) -> None:
    table = props(synth.data["Resources"][table_id(synth, "terms_versions")])
    assert table["KeySchema"] == [{"AttributeName": "book", "KeyType": "HASH"},
                                  {"AttributeName": "version_key", "KeyType": "RANGE"}]


def test_every_http_function_and_the_notifier_read_the_pointer(synth: Any) -> None:
    table = table_id(synth, "terms_versions")
    for capability in (*HTTP_CAPABILITIES, "notifier"):
        granted = unconditional_actions(statements_on(synth, role_of(synth, capability), table))
        assert "dynamodb:GetItem" in granted, capability
        assert "dynamodb:Scan" not in granted, capability


def test_only_the_auth_function_writes_the_terms(synth: Any) -> None:
    table = table_id(synth, "terms_versions")
    auth = unconditional_actions(statements_on(synth, role_of(synth, "auth"), table))
    assert {"dynamodb:PutItem", "dynamodb:Query"} <= auth
    for capability in ALL_CAPABILITIES:
        if capability == "auth":
            continue
        granted = unconditional_actions(statements_on(synth, role_of(synth, capability), table))
        assert not granted & TABLE_WRITES, capability
