"""The auth routes' typed requests (domain.auth.requests): what each parse refuses at the edge,
and the proofs it only picks out for the services to judge."""

import pytest

from chalicelib.domain.auth import requests
from chalicelib.domain.auth.identity import CODE_MISSING, DNI_IMMUTABLE
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import READ_ONLY_FIELD_MESSAGE


def refusal(parse, body):
    with pytest.raises(InvalidInput) as refused:
        parse(body)
    return refused.value


# --- step-up and 2FA --------------------------------------------------------------------------


@pytest.mark.parametrize("parse", [requests.parse_step_up_request,
                                   requests.parse_totp_disable_request,
                                   requests.parse_totp_confirmation])
def test_every_2fa_request_refuses_server_owned_fields(parse):
    refused = refusal(parse, {"current_password": "x", "totp_enabled": False, "role": "admin"})
    assert refused.code == "read_only_field"
    assert refused.fields == {"role": READ_ONLY_FIELD_MESSAGE,
                              "totp_enabled": READ_ONLY_FIELD_MESSAGE}


def test_a_step_up_carries_the_password_and_code_as_sent():
    proof = requests.parse_step_up_request({"current_password": "Clave larga 2026",
                                            "code": "123 456"})
    assert proof == requests.StepUpProof(password="Clave larga 2026", code="123 456")


@pytest.mark.parametrize("value", [None, "", 123, ["x"], {"a": 1}, True])
def test_a_missing_or_non_text_proof_is_none_for_step_up_to_refuse(value):
    proof = requests.parse_step_up_request({"current_password": value, "code": value})
    assert proof == requests.StepUpProof(password=None, code=None)


def test_an_empty_body_is_an_empty_proof_not_a_refusal():
    assert requests.parse_step_up_request({}) == requests.StepUpProof(password=None, code=None)


def test_disabling_2fa_reads_current_password_first_and_password_when_it_is_absent():
    both = requests.parse_totp_disable_request({"current_password": "a", "password": "b"})
    legacy = requests.parse_totp_disable_request({"password": "b", "code": "000000"})
    named_but_empty = requests.parse_totp_disable_request({"current_password": None,
                                                           "password": "b"})
    assert both.password == "a"
    assert legacy == requests.StepUpProof(password="b", code="000000")
    assert named_but_empty.password is None


def test_other_step_ups_never_read_the_legacy_password_field():
    assert requests.parse_step_up_request({"password": "b"}).password is None


@pytest.mark.parametrize(("body", "code"), [({"code": "123456"}, "123456"), ({}, None),
                                            ({"code": 123456}, None), ({"code": ""}, None)])
def test_a_totp_confirmation_carries_the_code_or_none(body, code):
    assert requests.parse_totp_confirmation(body) == requests.TotpConfirmation(code=code)


# --- Configuración ------------------------------------------------------------------------------


def test_the_dni_is_refused_before_server_owned_fields_and_bad_names():
    refused = refusal(requests.parse_profile_changes,
                      {"dni": "12345678", "role": "admin", "first_name": ""})
    assert (refused.code, refused.fields) == ("dni_immutable", {"dni": DNI_IMMUTABLE})


def test_server_owned_fields_are_refused_before_bad_names():
    refused = refusal(requests.parse_profile_changes, {"email_verified": True, "first_name": ""})
    assert refused.code == "read_only_field"


def test_every_bad_name_and_e_mail_is_named_at_once():
    refused = refusal(requests.parse_profile_changes,
                      {"first_name": " ", "last_name": "x" * 101, "email": "no-es-correo"})
    assert refused.code == "invalid_input"
    assert list(refused.fields) == ["first_name", "last_name", "email"]
    assert refused.fields["email"] == "Ingresa un correo electrónico válido."


def test_profile_changes_are_trimmed_and_normalized_with_their_step_up():
    changes = requests.parse_profile_changes({"first_name": "  Ana   María ",
                                              "email": " Ana@Example.PE ",
                                              "current_password": "clave", "code": "123456"})
    assert changes.names == {"first_name": "Ana María"}
    assert changes.email == "ana@example.pe"
    assert changes.proof == requests.StepUpProof(password="clave", code="123456")


def test_an_empty_profile_update_asks_for_nothing():
    changes = requests.parse_profile_changes({})
    assert (changes.names, changes.email) == ({}, None)


def test_a_password_change_leaves_the_new_password_to_the_policy():
    change = requests.parse_password_change({"current_password": "vieja", "new_password": 123,
                                             "new_password_confirmation": None})
    assert change == requests.PasswordChange(proof=requests.StepUpProof("vieja", None),
                                             new_password=123, confirmation=None)
    assert refusal(requests.parse_password_change,
                   {"password_hash": "x"}).code == "read_only_field"


@pytest.mark.parametrize(("body", "token"), [({"token": "abc"}, "abc"), ({}, None),
                                             ({"token": 5}, None), ({"token": ""}, None)])
def test_a_link_carries_its_token_or_none(body, token):
    assert requests.parse_link_token(body) == requests.LinkToken(token=token)


def test_a_link_refuses_server_owned_fields():
    assert refusal(requests.parse_link_token,
                   {"token": "abc", "pending_email": "x@y.pe"}).code == "read_only_field"


# --- recovery -------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [None, "", "   ", 7, ["a@b.pe"]])
def test_forgot_refuses_a_missing_or_blank_email(email):
    refused = refusal(requests.parse_forgot_request, {"email": email})
    assert (refused.code, refused.fields) == ("invalid_input",
                                              {"email": "Ingresa tu correo electrónico."})


def test_forgot_refuses_server_owned_fields_before_a_missing_email():
    assert refusal(requests.parse_forgot_request, {"user_id": "u"}).code == "read_only_field"


def test_forgot_carries_the_normalized_address_or_none_when_it_is_no_address():
    assert requests.parse_forgot_request({"email": " Ana@Example.PE "}).email == "ana@example.pe"
    assert requests.parse_forgot_request({"email": "no-es-correo", "code": "1"}).email is None


def test_a_reset_carries_its_fields_for_the_service_to_judge_in_order():
    reset = requests.parse_reset_request({"reset_token": "t", "password": ["x"],
                                          "password_confirmation": "y", "code": " "})
    assert reset == requests.ResetRequest(reset_token="t", password=["x"], confirmation="y",
                                          code=" ")
    empty = requests.parse_reset_request({})
    assert (empty.reset_token, empty.password, empty.code) == (None, None, None)
    assert refusal(requests.parse_reset_request,
                   {"reset_token": "t", "latest_reset": "x"}).code == "read_only_field"


# --- sign-in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{}, {"role": "admin"}, {"email": 5, "password": None},
                                  {"code": 1, "challenge": ["x"]}])
def test_the_sign_in_parses_refuse_nothing_at_the_edge(body):
    requests.parse_login_request(body)
    requests.parse_totp_login_request(body)


def test_credentials_refuse_server_owned_fields_before_missing_ones():
    login = requests.parse_login_request({"is_admin": True})
    assert refusal(requests.read_credentials, login).code == "read_only_field"


def test_credentials_name_a_missing_email_and_password_at_once():
    refused = refusal(requests.read_credentials,
                      requests.parse_login_request({"email": " ", "password": ""}))
    assert refused.fields == {"email": "Ingresa tu correo electrónico.",
                              "password": "Ingresa tu contraseña."}


def test_credentials_keep_the_password_as_typed_and_normalize_the_email():
    login = requests.parse_login_request({"email": " Ana@Example.PE", "password": " x ",
                                          "remember": True})
    assert requests.read_credentials(login) == requests.Credentials(email="ana@example.pe",
                                                                    password=" x ")
    assert login.remember is True


def test_an_email_that_is_no_address_is_no_refusal_but_none():
    login = requests.parse_login_request({"email": "ana", "password": "x", "remember": "true"})
    assert requests.read_credentials(login).email is None
    assert login.remember is False


def test_the_second_step_needs_a_code_and_refuses_server_owned_fields_first():
    assert refusal(requests.read_login_code, requests.parse_totp_login_request(
        {"status": "active"})).code == "read_only_field"
    refused = refusal(requests.read_login_code,
                      requests.parse_totp_login_request({"challenge": "c", "code": "  "}))
    assert refused.fields == {"code": CODE_MISSING}
    second = requests.parse_totp_login_request({"challenge": "c", "code": "123456"})
    assert (second.challenge, requests.read_login_code(second)) == ("c", "123456")
