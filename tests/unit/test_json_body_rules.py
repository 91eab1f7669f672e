"""A request body is strict JSON sent as application/json (``chalicelib.domain.shared.json_body``):
what Python's json module reads beyond JSON, or fails on with ValueError and RecursionError, is a
400 ``malformed_json``; another content type is 415."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.shared.errors import InvalidInput, UnsupportedMediaType
from chalicelib.domain.shared.input_fields import FieldProblem, decimal_value
from chalicelib.domain.shared.json_body import (
    MAX_BODY_BYTES,
    MAX_DEPTH,
    check_body,
    is_json_content_type,
    parse_object,
)


def _malformed(raw: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        parse_object(raw)
    assert refused.value.code == "malformed_json"
    return refused.value.message


def test_a_number_past_pythons_digit_limit_is_malformed_json_not_a_value_error():
    assert "número" in _malformed(b'{"amount": ' + b"9" * 5000 + b"}")


def test_nesting_past_the_interpreters_stack_is_malformed_json_not_a_recursion_error():
    assert "niveles" in _malformed(b"[" * 30_000)
    assert "niveles" in _malformed(b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}")


def test_nesting_is_refused_past_the_apis_own_depth():
    def arrays(levels: int) -> bytes:
        return b"[" * levels + b"]" * levels

    assert "a" in parse_object(b'{"a": ' + arrays(MAX_DEPTH - 1) + b"}")  # the object is one
    _malformed(b'{"a": ' + arrays(MAX_DEPTH) + b"}")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(literal):
    assert literal in _malformed(f'{{"amount": {literal}}}'.encode())


@pytest.mark.parametrize("literal", ["1e999", "-1e999", "1E400"])
def test_floats_beyond_range_are_refused_instead_of_becoming_infinite(literal):
    assert "fuera de rango" in _malformed(f'{{"amount": {literal}}}'.encode())


def test_a_number_longer_than_any_field_needs_is_refused():
    _malformed(b'{"amount": 1' + b"0" * 40 + b"}")
    assert parse_object(b'{"amount": 123456789012345.123456789012}') == {
        "amount": Decimal("123456789012345.123456789012")}


def test_a_repeated_key_is_refused_even_nested():
    assert "«status»" in _malformed(b'{"status": "open", "status": "closed"}')
    _malformed(b'{"a": {"b": 1, "b": 2}}')


def test_ordinary_json_objects_are_read_as_before():
    assert parse_object(b"") == {}
    assert parse_object('{"a": "ñ", "n": 12, "x": 10000.5, "l": [1, {"b": null}]}'.encode()) \
        == {"a": "ñ", "n": 12, "x": 10000.5, "l": [1, {"b": None}]}


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b" "])
def test_what_is_not_a_json_object_is_malformed(raw):
    _malformed(raw)


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8",
                                          "Application/JSON;charset=UTF-8", " application/json "])
def test_json_with_or_without_a_charset_is_the_content_type_of_a_body(content_type):
    assert is_json_content_type(content_type)
    check_body(b"{}", content_type)


@pytest.mark.parametrize("content_type", [
    None, "", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
    "application/octet-stream", "application/json-patch+json", "text/json", "*/*",
    "application/json, text/plain",
])
def test_any_other_content_type_with_a_body_is_unsupported(content_type):
    with pytest.raises(UnsupportedMediaType) as refused:
        check_body(b"{}", content_type)
    assert refused.value.code == "unsupported_media_type"
    assert "application/json" in refused.value.message


def test_a_request_without_a_body_needs_no_content_type():
    check_body(b"", None)
    check_body(b"", "text/plain")


def test_a_body_too_large_is_refused_before_its_content_type_or_json_is_looked_at():
    with pytest.raises(InvalidInput) as refused:
        check_body(b"x" * (MAX_BODY_BYTES + 1), "text/plain")
    assert refused.value.code == "body_too_large"


def test_a_fraction_is_read_as_the_decimal_that_was_sent_never_through_a_float():
    sent = parse_object(b'{"amount": 100.10000000000000001, "rate": 1e2}')
    assert sent["amount"] == Decimal("100.10000000000000001")
    assert isinstance(sent["rate"], Decimal)


def test_an_amount_with_hidden_extra_decimals_is_refused_not_rounded_by_a_float():
    amount = parse_object(b'{"amount": 3105.970000000000001}')["amount"]
    with pytest.raises(FieldProblem):
        decimal_value(amount, places=2)
    assert decimal_value(parse_object(b'{"amount": 3105.97}')["amount"], places=2) \
        == Decimal("3105.97")
