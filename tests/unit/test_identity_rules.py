"""Identity input rules: the registration form, field formats, the mass-assignment guard."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import identity
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.registration import matches_registry, parse_registration
from chalicelib.domain.terms import TERMS_VERSION, terms_text

TODAY = date(2026, 3, 2)
FORM = {"first_name": " Rosa ", "last_name": "Huamán", "dni": "40000001",
        "birth_date": "1980-05-17", "email": "ROSA.H@Example.pe", "password": "x7#kLm2q-Lima",
        "password_confirmation": "x7#kLm2q-Lima", "accept_terms": True}


def parse(**overrides):
    return parse_registration({**FORM, **overrides}, TODAY, lambda p, w: None)


def test_a_valid_form_is_cleaned():
    form = parse()
    assert form.first_name == "Rosa" and form.email == "rosa.h@example.pe"
    assert form.birth_date == date(1980, 5, 17)


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as refused:
        parse(first_name="", dni="123", email="x", accept_terms=None, password="corto")
    assert set(refused.value.fields) == {"first_name", "dni", "email", "accept_terms",
                                         "password", "password_confirmation"}


def test_a_birth_date_in_the_future_is_invalid():
    with pytest.raises(InvalidInput):
        parse(birth_date="2026-03-02")


def test_the_registry_must_say_active_and_the_same_birth_date():
    form = parse()
    assert matches_registry("active", "1980-05-17", form)
    assert not matches_registry("inactive", "1980-05-17", form)
    assert not matches_registry("active", "1980-05-18", form)
    assert not matches_registry(None, None, form)


@pytest.mark.parametrize("field", ["role", "status", "totp_enabled", "password_hash", "id"])
def test_server_owned_fields_are_refused(field):
    with pytest.raises(InvalidInput) as refused:
        identity.refuse_protected_fields({"first_name": "Rosa", field: "x"})
    assert refused.value.code == "field_not_allowed" and set(refused.value.fields) == {field}


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
