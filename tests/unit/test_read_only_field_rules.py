"""The one mass-assignment guard: every server-owned field a body names is refused, by name,
with one error code (``read_only_field``) and one Spanish message."""

import pytest

from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    OWNERSHIP_FIELDS,
    READ_ONLY_FIELD_MESSAGE,
    refuse_read_only_fields,
)


def test_a_body_without_server_owned_fields_passes():
    refuse_read_only_fields({"subject": "Hola", "message": "Texto"}, OWNERSHIP_FIELDS)


def test_each_server_owned_field_sent_is_named_with_the_one_code():
    with pytest.raises(InvalidInput) as refused:
        refuse_read_only_fields({"status": "x", "subject": "Hola", "role": "admin"},
                                OWNERSHIP_FIELDS)
    assert refused.value.code == "read_only_field"
    assert refused.value.fields == {"role": READ_ONLY_FIELD_MESSAGE,
                                    "status": READ_ONLY_FIELD_MESSAGE}


def test_the_server_owned_set_is_the_callers():
    refuse_read_only_fields({"status": "closed"}, OWNERSHIP_FIELDS - {"status"})
    with pytest.raises(InvalidInput):
        refuse_read_only_fields({"version": 3}, frozenset({"version"}))
