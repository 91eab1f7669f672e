"""The registration routes' requests as the handlers parse them: a sign-up, an activation and
an office code request, each a typed value or the 400 the route always answered."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.auth.password_policy import Verdict
from chalicelib.domain.auth.registration_requests import (
    NOT_AN_ACTIVE_MEMBER,
    ActivationRequest,
    RegistrationCodeRequest,
    parse_activation_request,
    parse_registration_code_request,
    parse_registration_request,
)
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import READ_ONLY_FIELD_MESSAGE

TODAY = date(2026, 3, 2)
FORM = {"dni": "40000001", "birth_date": "1980-05-17", "email": "ROSA.H@Example.pe",
        "password": "x7#kLm2q-Lima", "password_confirmation": "x7#kLm2q-Lima",
        "accept_terms": True, "registration_code": "abcde-fghjk"}


def never_common(password, words):
    return None


def refusal(parse, *args):
    with pytest.raises(InvalidInput) as caught:
        parse(*args)
    return caught.value


def test_a_sign_up_is_typed_and_normalized():
    form = parse_registration_request(FORM, TODAY, never_common)
    assert (form.dni, form.birth_date, form.email) == ("40000001", date(1980, 5, 17),
                                                       "rosa.h@example.pe")
    assert form.registration_code == "ABCDEFGHJK"


def test_a_sign_up_lists_the_judged_password_with_every_other_problem():
    error = refusal(parse_registration_request, {**FORM, "dni": "123"}, TODAY,
                    lambda password, words: Verdict.COMMON)
    assert error.code == "invalid_input"
    assert {"dni", "password"} <= set(error.fields)


def test_server_owned_fields_are_refused_before_anything_else():
    error = refusal(parse_registration_request, {**FORM, "role": "admin", "dni": "1"}, TODAY,
                    never_common)
    assert (error.code, error.fields) == ("read_only_field", {"role": READ_ONLY_FIELD_MESSAGE})
    assert refusal(parse_activation_request, {"token": "t", "status": "active"}).code \
        == "read_only_field"
    assert refusal(parse_registration_code_request, {"dni": "x", "member_id": "m"}).code \
        == "read_only_field"


@pytest.mark.parametrize("token, picked", [("abc", "abc"), (None, None), (12, None)])
def test_an_activation_only_picks_its_token_out(token, picked):
    assert parse_activation_request({"token": token}) == ActivationRequest(picked)


def test_an_office_code_needs_a_well_formed_dni():
    assert parse_registration_code_request({"dni": " 40000001 "}) == \
        RegistrationCodeRequest("40000001")
    error = refusal(parse_registration_code_request, {"dni": "4000"})
    assert error.fields == {"dni": "El DNI debe tener 8 dígitos, sin puntos ni espacios."}
    assert NOT_AN_ACTIVE_MEMBER.startswith("El DNI no corresponde a un socio activo")
