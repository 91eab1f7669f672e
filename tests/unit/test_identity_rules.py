"""Identity input rules: the registration form, field formats, the mass-assignment guard."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.auth import identity
from chalicelib.domain.auth import registration as rules
from chalicelib.domain.auth.registration import parse_registration
from chalicelib.domain.auth.terms import TERMS_VERSION, terms_text
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import refuse_read_only_fields

TODAY = date(2026, 3, 2)
FORM = {"dni": "40000001",
        "birth_date": "1980-05-17", "email": "ROSA.H@Example.pe", "password": "x7#kLm2q-Lima",
        "password_confirmation": "x7#kLm2q-Lima", "accept_terms": True}


def parse(**overrides):
    return parse_registration({**FORM, **overrides}, TODAY, lambda p, w: None)


def test_a_valid_form_is_cleaned():
    form = parse(first_name="Ignorado")
    assert form.email == "rosa.h@example.pe" and not hasattr(form, "first_name")
    assert form.birth_date == date(1980, 5, 17) and form.registration_code is None


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as refused:
        parse(registration_code="ABC", dni="123", email="x", accept_terms=None,
              password="corto")
    assert set(refused.value.fields) == {"registration_code", "dni", "email", "accept_terms",
                                         "password", "password_confirmation"}


def test_a_birth_date_in_the_future_is_invalid():
    with pytest.raises(InvalidInput):
        parse(birth_date="2026-03-02")


def test_the_registry_must_say_active_and_the_same_birth_date():
    assert rules.registry_mismatch("active", "1980-05-17", "1980-05-17") is None
    assert rules.registry_mismatch("inactive", "1980-05-17", "1980-05-17") == "inactive_member"
    assert rules.registry_mismatch("active", "1980-05-18", "1980-05-17") == "birth_date_mismatch"
    assert rules.registry_mismatch(None, None, "1980-05-17") == "dni_not_member"


@pytest.mark.parametrize(("typed", "code"), [
    ("abcde-fghjk", "ABCDEFGHJK"), (" ABCDE FGHJK ", "ABCDEFGHJK"), ("", None), (None, None)])
def test_an_office_code_is_typed_in_any_case_with_or_without_its_hyphen(typed, code):
    assert rules.clean_code(typed) == (code, None)


@pytest.mark.parametrize("typed", ["ABCDE", "ABCDE-FGHJ0", "ABCDEFGHJKL", "ABCDE-FGHJI", 7])
def test_an_office_code_of_the_wrong_shape_is_a_field_problem(typed):
    code, problem = rules.clean_code(typed)
    assert code is None and problem and problem[0].isupper()


def test_office_codes_are_random_unambiguous_shown_with_a_hyphen_and_hashed_per_dni():
    codes = {rules.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 10 and set(c) <= set(rules.CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(rules.CODE_ALPHABET)
    assert rules.shown_code("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert rules.code_hash("40000001", "ABCDEFGHJK") != rules.code_hash("40000002", "ABCDEFGHJK")
    assert "ABCDEFGHJK" not in rules.code_hash("40000001", "ABCDEFGHJK")
    assert rules.CODE_LIFETIME.total_seconds() == 72 * 3600


def test_the_fifth_failure_in_a_day_pauses_the_dni_for_a_day():
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert [rules.pauses_now(n) for n in range(1, 7)] == [False] * 4 + [True, False]
    assert rules.window_cutoff(now) == now - timedelta(hours=24)
    until = rules.paused_until(now)
    assert until == now + timedelta(hours=24)
    assert rules.is_paused(until, now + timedelta(hours=23, minutes=59))
    assert not rules.is_paused(until, until) and not rules.is_paused(None, now)


@pytest.mark.parametrize("field", ["role", "status", "totp_enabled", "password_hash", "id"])
def test_server_owned_fields_are_refused(field):
    with pytest.raises(InvalidInput) as refused:
        refuse_read_only_fields({"first_name": "Rosa", field: "x"}, identity.PROTECTED_FIELDS)
    assert refused.value.code == "read_only_field" and set(refused.value.fields) == {field}


@pytest.mark.parametrize(("value", "expected"), [
    (" Ana@Example.PE ", "ana@example.pe"), ("a@b.pe", "a@b.pe"), ("sin-arroba", None),
    ("a@b", None), ("a b@c.pe", None), (None, None), ("x" * 250 + "@b.pe", None)])
def test_emails_are_normalized_or_refused(value, expected):
    assert identity.normalize_email(value) == expected


def test_names_are_trimmed_and_limited():
    assert identity.clean_name("  Rosa   María ") == ("Rosa María", None)
    assert identity.clean_name("x" * 101)[1]
    assert identity.clean_name("a\x00b")[1]
    assert identity.clean_name(42)[1]


def test_the_public_session_id_is_short_stable_and_not_the_hash():
    token_hash = "ab" * 32
    assert identity.public_session_id(token_hash) == identity.public_session_id(token_hash)
    assert len(identity.public_session_id(token_hash)) == 20
    assert identity.public_session_id(token_hash) not in token_hash


def test_masked_emails_keep_the_first_letter_and_the_domain():
    assert identity.mask_email("rosa@example.pe") == "r***@example.pe"


def test_the_terms_are_the_manuals_version_one():
    assert TERMS_VERSION == "1.0"
    text = terms_text()
    assert text.startswith("Al acceder y utilizar")
    assert "1. Naturaleza de la cuenta: La cuenta de acceso es personal" in text
    assert text.endswith("Última actualización: Marzo 2026 Versión 1.0")
