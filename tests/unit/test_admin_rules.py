"""Administration rules: super_admin powers, self and member↔staff guards, search, audit window,
CSV formula guard."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.admin import users as rules
from chalicelib.domain.shared.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.shared.permissions import Role

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("query", "kind", "value"), [
    ({}, "all", ""),
    ({"q": "  Quispe   Rojas "}, "name", "quispe rojas"),
    ({"q": "Ana@Example.pe"}, "email", "ana@example.pe"),
    ({"q": "40001234"}, "dni", "40001234"),
    ({"q": "4000123"}, "dni_start", "4000123"),
    ({"q": "45"}, "dni_start", "45"),
    ({"q": "Quispe@"}, "email_part", "quispe@"),
    ({"q": "@petroperu.com"}, "email_part", "@petroperu.com"),
    ({"q": "ana.flores"}, "email_part", "ana.flores"),
    ({"q": "jquispe87"}, "email_part", "jquispe87"),
    ({"q": "987654321"}, "email_part", "987654321"),
    ({"q": "ana_f"}, "email_part", "ana_f"),
    ({"q": "Núñez D'Ángelo-Paz"}, "name", "núñez d'ángelo-paz"),
    ({"q": "q"}, "name", "q"),
])
def test_the_search_text_picks_its_index(query, kind, value):
    search = rules.parse_user_search(query)
    assert (search.kind, search.value) == (kind, value)


@pytest.mark.parametrize("q", ["4", "@", ".", " 7 "])
def test_a_one_character_dni_or_e_mail_part_is_refused(q):
    with pytest.raises(InvalidInput) as caught:
        rules.parse_user_search({"q": q})
    assert caught.value.fields == {"q": "Escribe al menos 2 caracteres del correo o del DNI."}


def test_a_complete_e_mail_or_dni_is_exact_and_partial_kinds_are_filters():
    assert rules.search_kind("ana@coop.pe") == "email"
    assert rules.search_kind("ana@coop") == "email_part"
    assert rules.search_kind("40001234") == "dni"
    assert rules.search_kind("400012345") == "email_part"


def test_unknown_roles_and_long_searches_are_400():
    with pytest.raises(InvalidInput):
        rules.parse_user_search({"role": "root"})
    with pytest.raises(InvalidInput):
        rules.parse_user_search({"q": "x" * 101})
    assert rules.parse_user_search({"role": "operator"}).role is Role.OPERATOR


@pytest.mark.parametrize("value", [None, "", "member", "root", 3])
def test_staff_roles_only(value):
    with pytest.raises(InvalidInput):
        rules.parse_staff_role(value)


def test_only_a_super_admin_has_power_over_admins():
    rules.require_power_over(Role.ADMIN, Role.OPERATOR, Role.MEMBER)
    rules.require_power_over(Role.SUPER_ADMIN, Role.ADMIN, Role.SUPER_ADMIN)
    for role in (Role.ADMIN, Role.SUPER_ADMIN):
        with pytest.raises(Forbidden):
            rules.require_power_over(Role.ADMIN, role)


def change(role=None, active=None):
    return rules.AccessChange(role, active)


def test_access_changes():
    with pytest.raises(Conflict) as self_change:
        rules.check_access_change("a", Role.SUPER_ADMIN, "a", Role.SUPER_ADMIN,
                                  change(active=False))
    assert self_change.value.code == "cannot_change_self"
    with pytest.raises(InvalidInput):
        rules.check_access_change("a", Role.SUPER_ADMIN, "b", Role.MEMBER, change(Role.OPERATOR))
    with pytest.raises(InvalidInput):
        rules.check_access_change("a", Role.SUPER_ADMIN, "b", Role.OPERATOR, change(Role.MEMBER))
    with pytest.raises(Forbidden):
        rules.check_access_change("a", Role.ADMIN, "b", Role.OPERATOR, change(Role.ADMIN))
    with pytest.raises(Forbidden):
        rules.check_access_change("a", Role.ADMIN, "b", Role.ADMIN, change(active=False))
    rules.check_access_change("a", Role.ADMIN, "b", Role.OPERATOR, change(active=False))
    rules.check_access_change("a", Role.ADMIN, "b", Role.MEMBER, change(Role.MEMBER, False))


def test_access_change_bodies():
    assert rules.parse_access_change({"active": False}) == change(active=False)
    assert rules.parse_access_change({"role": "admin"}) == change(Role.ADMIN)
    for body in ({}, {"active": "no"}, {"role": "x"}, {"role": 1}, {"status": "active"}):
        with pytest.raises(InvalidInput):
            rules.parse_access_change(body)


def test_status_after_a_change():
    assert rules.new_status("active", False, True) == "inactive"
    assert rules.new_status("inactive", True, True) == "active"
    assert rules.new_status("inactive", True, False) == "invited"
    assert rules.new_status("invited", True, False) == "invited"
    assert rules.new_status("active", None, True) == "active"


def test_removing_a_super_admin():
    assert rules.removes_super_admin(Role.SUPER_ADMIN, "active", Role.ADMIN, "active")
    assert rules.removes_super_admin(Role.SUPER_ADMIN, "active", Role.SUPER_ADMIN, "inactive")
    assert not rules.removes_super_admin(Role.SUPER_ADMIN, "inactive", Role.ADMIN, "inactive")
    assert not rules.removes_super_admin(Role.ADMIN, "active", Role.OPERATOR, "active")


def test_the_audit_window():
    default = rules.parse_audit_filter({}, TODAY)
    assert (default.first_day, default.last_day) == (date(2026, 11, 19), TODAY)
    longest = rules.parse_audit_filter({"from": "2026-08-25", "to": "2026-11-25"}, TODAY)
    assert (longest.last_day - longest.first_day).days + 1 == 93
    for query in ({"from": "2026-08-24", "to": "2026-11-25"}, {"from": "25/11/2026"},
                  {"from": "2026-02-30"}, {"from": "2026-11-26", "to": "2026-11-25"},
                  {"actor": "x" * 201}):
        with pytest.raises(InvalidInput):
            rules.parse_audit_filter(query, TODAY)


def test_an_audit_window_ending_on_the_calendars_first_days_is_short_not_an_error():
    # Found by tests/fuzz: ?to=0001-01-01 overflowed the default 7-day window into a 500.
    first_day = rules.parse_audit_filter({"to": "0001-01-01"}, TODAY)
    assert (first_day.first_day, first_day.last_day) == (date(1, 1, 1), date(1, 1, 1))
    third_day = rules.parse_audit_filter({"to": "0001-01-03"}, TODAY)
    assert (third_day.first_day, third_day.last_day) == (date(1, 1, 1), date(1, 1, 3))


@pytest.mark.parametrize(("value", "shown"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("ticket:1", "ticket:1"), (None, ""), ("", ""),
])
def test_csv_cells_never_start_a_formula(value, shown):
    assert rules.csv_cell(value) == shown


