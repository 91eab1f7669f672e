"""The admin routes' requests as the handlers parse them: typed values, or the 400 each route
always answered (same code, message and fields, and the same check first)."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.admin import requests
from chalicelib.domain.admin.users import AccessChange, UserSearch
from chalicelib.domain.auth.staff_requests import StaffIdentity, parse_staff_identity
from chalicelib.domain.imports.requests import ImportStart, parse_import_start
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.permissions import Role

TODAY = date(2026, 11, 25)


def refusal(parse, *args):
    with pytest.raises(InvalidInput) as caught:
        parse(*args)
    return caught.value


def test_a_user_list_query_is_typed():
    parsed = requests.parse_user_list_query({"role": "operator", "q": " Quispe ", "limit": "5",
                                             "cursor": "abc"})
    assert parsed == requests.UserListQuery(UserSearch(Role.OPERATOR, "name", "quispe"),
                                            requests.PageQuery(5, "abc"))
    assert requests.parse_user_list_query({}).page == requests.PageQuery(20, None)


def test_the_user_search_is_checked_before_the_limit():
    assert refusal(requests.parse_user_list_query, {"role": "boss", "limit": "0"}).fields == {
        "role": "Rol desconocido."}
    assert refusal(requests.parse_user_list_query, {"limit": "101"}).fields == {
        "limit": "Debe ser un número entre 1 y 100."}


def test_a_new_staff_members_identity_and_role():
    body = {"first_name": " Rosa  María ", "last_name": "Quispe", "email": "ROSA@coop.pe",
            "role": "admin"}
    assert parse_staff_identity(body) == StaffIdentity("Rosa María", "Quispe", "rosa@coop.pe")
    assert requests.parse_staff_role(body) is Role.ADMIN


def test_server_owned_fields_are_refused_before_the_names_but_the_role_is_the_admins():
    error = refusal(parse_staff_identity, {"status": "active", "first_name": ""})
    assert (error.code, error.fields) == ("read_only_field", {
        "status": "Este campo no se puede enviar: lo asigna el sistema."})
    error = refusal(parse_staff_identity, {"role": "admin", "email": "nope"})
    assert (error.code, set(error.fields)) == ("invalid_input",
                                               {"first_name", "last_name", "email"})


def test_a_member_is_no_staff_role():
    assert refusal(requests.parse_staff_role, {"role": "member"}).fields == {
        "role": "Elige un rol de personal: operator, admin o super_admin."}


def test_an_access_change_names_only_role_or_active():
    assert requests.parse_access_change({"active": False}) == AccessChange(None, False)
    assert refusal(requests.parse_access_change, {"active": True, "email": "x"}).code \
        == "read_only_field"
    assert refusal(requests.parse_access_change, {}).fields == {
        "role": "Indica un rol o «active»."}


def test_the_audit_query_checks_its_window_before_its_limit():
    parsed = requests.parse_audit_query({"from": "2026-11-20", "actor": " u-1 ", "limit": "50"},
                                        TODAY)
    assert (parsed.wanted.first_day, parsed.wanted.last_day) == (date(2026, 11, 20), TODAY)
    assert (parsed.wanted.actor, parsed.page) == ("u-1", requests.PageQuery(50, None))
    assert refusal(requests.parse_audit_query, {"to": "2026-13-01", "limit": "x"}, TODAY
                   ).fields == {"to": "Fecha no válida."}


def test_the_audit_export_reads_no_page():
    wanted = requests.parse_audit_filter({"limit": "not a number"}, TODAY)
    assert (wanted.first_day, wanted.last_day) == (date(2026, 11, 19), TODAY)


def test_an_import_names_a_known_kind():
    assert parse_import_start({"kind": "members"}) == ImportStart("members")
    fields = refusal(parse_import_start, {"kind": ["members"]}).fields
    assert fields["kind"].startswith("Tipo de archivo desconocido. Usa uno de: ")
