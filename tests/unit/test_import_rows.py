from datetime import date

from chalicelib.domain.imports.kinds import IMPORT_KINDS, check_member_row, missing_columns

TODAY = date(2026, 11, 25)


def a_row(**overrides: str) -> dict[str, str]:
    row = {"dni": "40000001", "first_name": "María", "last_name": "Quispe Rojas",
           "birth_date": "1980-05-17", "status": "active"}
    row.update(overrides)
    return row


def test_a_good_member_row_is_cleaned():
    record, problems = check_member_row(a_row(first_name="  María   Elena "), TODAY)
    assert problems == []
    assert record["first_name"] == "María Elena"


def test_each_bad_field_is_named_with_a_spanish_message():
    _, problems = check_member_row(a_row(dni="4000001", birth_date="17/05/1980",
                                         status="dormant", last_name=""), TODAY)
    fields = {field for field, _ in problems}
    assert fields == {"dni", "birth_date", "status", "last_name"}
    assert all(message and message[0].isupper() for _, message in problems)


def test_a_future_birth_date_is_refused():
    _, problems = check_member_row(a_row(birth_date="2027-01-01"), TODAY)
    assert [field for field, _ in problems] == ["birth_date"]


def test_missing_header_columns_are_listed():
    assert missing_columns(IMPORT_KINDS["members"], ["DNI", "first_name", "status"]) == [
        "last_name", "birth_date"]


def test_the_contact_email_and_mobile_are_optional_and_cleaned():
    record, problems = check_member_row(a_row(email=" Maria.Quispe@Example.PE ",
                                              mobile=" 987654321 "), TODAY)
    assert problems == []
    assert (record["email"], record["mobile"]) == ("maria.quispe@example.pe", "987654321")
    record, problems = check_member_row(a_row(), TODAY)
    assert problems == [] and (record["email"], record["mobile"]) == ("", "")
    record, problems = check_member_row(a_row(email="", mobile=""), TODAY)
    assert problems == [] and (record["email"], record["mobile"]) == ("", "")


def test_a_bad_contact_email_or_mobile_is_a_row_error():
    for mobile in ("87654321", "887654321", "9876543210", "98765432a", "+51987654321"):
        _, problems = check_member_row(a_row(email="maria@", mobile=mobile), TODAY)
        assert [field for field, _ in problems] == ["email", "mobile"]
        assert all(message[0].isupper() for _, message in problems)


def test_the_contact_columns_may_be_missing_from_the_header():
    assert missing_columns(IMPORT_KINDS["members"],
                           ["dni", "first_name", "last_name", "birth_date", "status"]) == []
    assert IMPORT_KINDS["members"].optional_columns == ("email", "mobile")
