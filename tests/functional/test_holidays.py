"""«Feriados» (issue 18) through the API: an admin lists a year's holidays, adds and removes one
(audited), and the Libro de Reclamaciones' legal due date moves with them."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.services.shared import business_calendar
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import travel_to_lima_noon
from tests.functional.ticket_builders import Person


@pytest.fixture
def admin(app, time_machine):
    travel_to_lima_noon(time_machine, "2026-07-20")  # a Monday
    return Person(app, Role.ADMIN, first_name="Ada", last_name="Torres")


def _audit(action: str) -> list[AuditModel]:
    return [record for record in AuditModel.scan() if record.action == action]


def test_a_holiday_an_admin_adds_moves_the_due_date_and_removing_it_moves_it_back(admin):
    received = date(2026, 7, 20)
    # no holidays kept: 15 business days after Monday 20 July 2026 is Monday 10 August
    assert business_calendar.answer_due_date(received) == date(2026, 8, 10)

    for day, name in (("2026-07-28", "Fiestas Patrias"), ("2026-07-29", "Fiestas Patrias"),
                      ("2026-08-06", "Batalla de Junín")):
        answer = admin.api.post("/api/admin/holidays", {"date": day, "name": name})
        assert answer.status == 201, answer.json
        assert answer.json == {"date": day, "name": name, "added_by": admin.id,
                               "added_at": answer.json["added_at"]}

    # three weekdays skipped: the due date is three business days later
    assert business_calendar.answer_due_date(received) == date(2026, 8, 13)
    assert business_calendar.days_left_to_answer(date(2026, 8, 13)) == 15

    assert admin.api.delete("/api/admin/holidays/2026-08-06").status == 204
    assert business_calendar.answer_due_date(received) == date(2026, 8, 12)

    added, removed = _audit("holidays.added"), _audit("holidays.removed")
    assert sorted(record.target for record in added) == [
        "holiday:2026-07-28", "holiday:2026-07-29", "holiday:2026-08-06"]
    assert [(r.target, r.actor_id) for r in removed] == [("holiday:2026-08-06", admin.id)]


def test_the_list_is_one_year_by_date(admin):
    for day, name in (("2026-12-25", "Navidad"), ("2026-01-01", "Año Nuevo"),
                      ("2027-01-01", "Año Nuevo")):
        assert admin.api.post("/api/admin/holidays", {"date": day, "name": name}).status == 201

    listed = admin.api.get("/api/admin/holidays?year=2026")
    assert listed.status == 200
    assert listed.json["year"] == 2026
    assert [(h["date"], h["name"]) for h in listed.json["items"]] == [
        ("2026-01-01", "Año Nuevo"), ("2026-12-25", "Navidad")]
    # without ?year= the list is Lima's current year
    assert admin.api.get("/api/admin/holidays").json["year"] == 2026
    assert [h["date"] for h in admin.api.get("/api/admin/holidays?year=2027").json["items"]] \
        == ["2027-01-01"]


def test_a_day_is_listed_once_and_a_missing_one_cannot_be_removed(admin):
    first = admin.api.post("/api/admin/holidays", {"date": "2026-10-08", "name": "Angamos"})
    assert first.status == 201
    again = admin.api.post("/api/admin/holidays", {"date": "2026-10-08", "name": "Otro nombre"})
    assert again.status == 409
    assert again.json["error"]["code"] == "holiday_exists"
    assert [h["name"] for h in admin.api.get("/api/admin/holidays?year=2026").json["items"]] \
        == ["Angamos"]

    for path in ("2026-10-09", "no-es-fecha", "2026-02-30"):
        missing = admin.api.delete(f"/api/admin/holidays/{path}")
        assert missing.status == 404, path
        assert missing.json["error"]["code"] in {"holiday_not_found", "not_found"}
    assert _audit("holidays.removed") == []


@pytest.mark.parametrize(("body", "field"), [
    ({"date": "28/07/2026", "name": "Fiestas Patrias"}, "date"),
    ({"date": "2026-07-28", "name": ""}, "name"),
    ({"date": "2026-07-28", "name": "x" * 81}, "name"),
    ({"date": "1999-07-28", "name": "Fiestas Patrias"}, "date"),
    ({"name": "Fiestas Patrias"}, "date"),
])
def test_a_bad_holiday_is_refused_naming_the_field(admin, body, field):
    answer = admin.api.post("/api/admin/holidays", body)
    assert answer.status == 400
    assert field in answer.json["error"]["fields"]
    assert admin.api.get("/api/admin/holidays?year=2026").json["items"] == []


def test_who_added_a_holiday_is_the_servers_to_say(admin):
    answer = admin.api.post("/api/admin/holidays", {"date": "2026-07-28", "name": "Fiestas",
                                                    "added_by": "alguien"})
    assert answer.status == 400
    assert answer.json["error"]["code"] == "read_only_field"


@pytest.mark.parametrize("year", ["20266", "abc", "1999"])
def test_a_bad_year_is_refused(admin, year):
    answer = admin.api.get(f"/api/admin/holidays?year={year}")
    assert answer.status == 400
    assert "year" in answer.json["error"]["fields"]


def test_the_demo_cooperative_keeps_perus_national_holidays_of_2026_and_2027(admin):
    from dev.demo_holidays import load_demo_holidays

    load_demo_holidays()
    load_demo_holidays()  # a second start adds nothing
    listed = {year: [(h["date"], h["name"]) for h in
                     admin.api.get(f"/api/admin/holidays?year={year}").json["items"]]
              for year in (2026, 2027)}
    assert len(listed[2026]) == len(listed[2027]) == 16
    assert ("2026-04-02", "Jueves Santo") in listed[2026]
    assert ("2026-04-03", "Viernes Santo") in listed[2026]
    assert ("2027-03-25", "Jueves Santo") in listed[2027]
    assert ("2027-03-26", "Viernes Santo") in listed[2027]
    for year in (2026, 2027):
        days = {day for day, _ in listed[year]}
        assert {f"{year}-{md}" for md in ("01-01", "05-01", "06-07", "06-29", "07-23", "07-28",
                                           "07-29", "08-06", "08-30", "10-08", "11-01", "12-08",
                                           "12-09", "12-25")} <= days
    # Fuerza Aérea (Thu 23 July), Fiestas Patrias (Tue 28, Wed 29) and Junín (Thu 6 August)
    assert business_calendar.answer_due_date(date(2026, 7, 20)) == date(2026, 8, 14)
