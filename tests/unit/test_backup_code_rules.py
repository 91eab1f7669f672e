"""Backup codes: ten random single-use codes, typed forgivingly, stored only as keyed hashes."""

from __future__ import annotations

from chalicelib.domain.auth import backup_codes as rules


def test_ten_distinct_codes_of_ten_unambiguous_characters_grouped_by_five():
    codes = rules.new_codes()
    assert len(codes) == rules.COUNT == 10 and len(set(codes)) == 10
    for code in codes:
        first, second = code.split("-")
        assert len(first) == len(second) == 5
        assert set(first + second) <= set(rules.ALPHABET)
    assert not set("01ILO") & set(rules.ALPHABET)


def test_a_code_is_read_whatever_its_case_spaces_and_dashes():
    assert rules.normalize("ab2cd-ef3gh") == "AB2CDEF3GH"
    assert rules.normalize(" ab2cd ef3gh ") == "AB2CDEF3GH"
    assert rules.normalize("AB2CDEF3GH") == "AB2CDEF3GH"


def test_anything_else_is_no_backup_code():
    for value in (None, 12, "", "123456", "AB2CD-EF3G", "AB2CD-EF3GHJ", "AB2CD-EF0GH",
                  "ÁB2CD-EF3GH", "AB2CD-EF3GH" * 20):
        assert rules.normalize(value) is None, value


def test_a_six_digit_totp_code_is_never_taken_for_a_backup_code():
    assert rules.looks_like_backup_code("123 456") is False
    assert rules.looks_like_backup_code("ab2cd-ef3gh") is True


def test_the_hash_is_bound_to_the_user_and_never_the_code_itself():
    code = rules.new_codes()[0]
    hashed = rules.code_hash("user-1", code)
    assert hashed == rules.code_hash("user-1", code.lower().replace("-", " "))
    assert hashed != rules.code_hash("user-2", code)
    assert rules.normalize(code) not in hashed and len(hashed) == 64
