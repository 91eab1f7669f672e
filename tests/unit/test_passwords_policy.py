"""The password policy: length, confirmation, personal data, common/breached passwords."""

from __future__ import annotations

import pytest

from chalicelib.domain.auth.password_policy import (
    COMMON,
    MISMATCH,
    PERSONAL,
    TOO_LONG,
    TOO_SHORT,
    PersonalInfo,
    Verdict,
    check_password,
    contains_personal_word,
    fold,
    personal_words,
)
from chalicelib.services.auth import password_policy

MARIA = PersonalInfo(dni="40000001", first_name="María Elena", last_name="Quispe Rojas",
                     email="mq.lima@example.pe")


def never_common(password, words):
    return None


def check(password, confirmation=None, judge=never_common):
    return check_password(password, password if confirmation is None else confirmation, MARIA,
                          judge)


def test_eight_to_128_characters_are_accepted():
    assert check("x7#kLm2q").ok
    assert check("x" * 128).ok


def test_shorter_or_longer_passwords_are_refused():
    assert check("x7#kLm2").password == TOO_SHORT
    assert check("x" * 129).password == TOO_LONG


def test_the_confirmation_must_be_equal():
    problems = check("x7#kLm2q", "x7#kLm2Q")
    assert problems.password is None and problems.confirmation == MISMATCH
    assert problems.as_fields("new_password", "new_password_confirmation") == {
        "new_password_confirmation": MISMATCH}


def test_a_non_string_password_is_a_problem_not_a_crash():
    assert check_password(None, None, MARIA, never_common).password
    assert check_password(12345678, "12345678", MARIA, never_common).password


def test_personal_words_are_the_dni_names_of_three_letters_and_the_email_local_part():
    info = PersonalInfo(dni="40000001", first_name="Li Ana", last_name="O'Neil Díaz",
                        email="Ana.D@example.pe")
    assert personal_words(info) == ["40000001", "ana", "neil", "diaz", "ana.d"]


@pytest.mark.parametrize("password", ["Mi-DNI-40000001", "MARIAelena!", "quispe#2026",
                                      "soy-ROJAS-yo", "mq.lima-2026", "Maria-sin-tilde"])
def test_a_password_containing_personal_data_is_refused(password):
    assert check(password).password == PERSONAL


def test_folding_ignores_case_and_accents():
    assert fold("MaRÍA Ñandú") == "maria nandu"
    assert contains_personal_word("xxMARÍAxx", ["maria"])


def test_the_judges_verdict_gives_the_message():
    assert check("x7#kLm2q", judge=lambda p, w: Verdict.COMMON).password == COMMON
    assert check("x7#kLm2q", judge=lambda p, w: Verdict.PERSONAL).password == PERSONAL


# --- zxcvbn's lists (services.auth.password_policy.judge: no AWS, only the shipped lists) ---------


def test_the_breached_list_is_zxcvbns_passwords_list_of_at_least_ten_thousand():
    common = password_policy.common_passwords()
    assert len(common) >= 10_000
    assert {"password", "12345678", "qwerty"} <= common


@pytest.mark.parametrize("password", ["password", "PASSWORD1", "12345678", "P@ssw0rd",
                                      "drowssap", "aaaaaaaaaa", "abcdefgh", "qwertyuiop",
                                      "Password2026", "iloveyou"])
def test_common_and_guessable_passwords_are_refused(password):
    assert password_policy.judge(password, []) is Verdict.COMMON


@pytest.mark.parametrize("password", ["Clave-Segura-2026", "Socio-Demo-2026", "mi casa azul",
                                      "correcthorsebatterystaple", "Cielo-Azul-Miraflores-77"])
def test_uncommon_passwords_pass(password):
    assert password_policy.judge(password, personal_words(MARIA)) is None


def test_disguised_personal_words_are_found_by_zxcvbns_matchers():
    assert password_policy.judge("Qu1sp3-Lima-77", personal_words(MARIA)) is Verdict.PERSONAL
    assert password_policy.judge("sajor-en-lima-77", personal_words(MARIA)) is Verdict.PERSONAL


def test_very_long_passwords_skip_zxcvbn():
    assert password_policy.judge("Zq8!" * 25, []) is None


def test_check_new_password_raises_spanish_field_messages():
    from chalicelib.domain.shared.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        password_policy.check_new_password("12345678", "12345678", MARIA)
    assert refused.value.fields == {"password": COMMON}
    assert password_policy.check_new_password("Clave-Segura-2026", "Clave-Segura-2026",
                                              MARIA) == "Clave-Segura-2026"
