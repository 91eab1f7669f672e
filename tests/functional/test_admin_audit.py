"""The audit viewer and its CSV export: filters, paging, the export's guards, self-audit."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from chalicelib.domain.shared.audit import AuditEvent
from chalicelib.domain.shared.clock import LIMA, lima_today
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared import audit_log
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import a_user, signed_in

SECRET = "JBSWY3DPEHPK3PXP"


def record(at: datetime, actor: str = "u-1", action: str = "tickets.reply",
           target: str = "ticket:1", user_agent: str = "Firefox") -> None:
    audit_log.append(AuditEvent(at=at, actor_id=actor, role="member", action=action,
                                target=target, outcome="success", ip="10.0.0.1",
                                user_agent=user_agent))


def day(offset: int, hour: int = 12, minute: int = 0) -> datetime:
    """``hour:minute`` in Lima, ``offset`` days before Lima's today (the viewer's days)."""
    return datetime.combine(lima_today() - timedelta(days=offset), time(hour, minute), LIMA)


def seeded(api):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    record(day(0, 1), actor="u-1", action="auth.login", target="user:u-1")
    record(day(1), actor="u-2", action="tickets.reply", target="ticket:7")
    record(day(2), actor="u-1", action="tickets.reply", target="ticket:8")
    record(day(3), actor="u-1", action="credit.apply", target="application:3")
    record(day(10), actor="u-1", action="auth.login", target="user:u-1")
    return api


def shown(answer) -> list[tuple[str, str]]:
    return [(item["actor_id"], item["action"]) for item in answer.json["items"]]


def test_default_is_the_last_seven_days_newest_first_with_the_fields(api):
    seeded(api)
    answer = api.get("/api/admin/audit?limit=100")
    assert answer.status == 200
    assert shown(answer) == [("u-1", "auth.login"), ("u-2", "tickets.reply"),
                             ("u-1", "tickets.reply"), ("u-1", "credit.apply")]
    assert set(answer.json["items"][0]) == {"at", "actor_id", "actor", "role", "action",
                                            "target", "target_label", "ip", "user_agent",
                                            "outcome"}
    viewed = list(AuditModel.by_action.query("admin.audit_view"))
    assert len(viewed) == 1 and viewed[0].outcome == "success"


def test_filters_by_actor_action_target_and_dates(api):
    seeded(api)
    start = day(10).date().isoformat()
    by_actor = api.get(f"/api/admin/audit?actor=u-1&from={start}")
    assert shown(by_actor) == [("u-1", "auth.login"), ("u-1", "tickets.reply"),
                               ("u-1", "credit.apply"), ("u-1", "auth.login")]
    by_action = api.get("/api/admin/audit?action=tickets.reply")
    assert shown(by_action) == [("u-2", "tickets.reply"), ("u-1", "tickets.reply")]
    both = api.get("/api/admin/audit?action=tickets.reply&actor=u-1")
    assert shown(both) == [("u-1", "tickets.reply")]
    target = api.get("/api/admin/audit?target=ticket:")
    assert shown(target) == [("u-2", "tickets.reply"), ("u-1", "tickets.reply")]
    one_day = day(2).date().isoformat()
    assert shown(api.get(f"/api/admin/audit?from={one_day}&to={one_day}")) == [
        ("u-1", "tickets.reply")]


def test_a_lima_day_is_read_from_both_utc_partitions_it_spans(api):
    """Lima's 00:30 and 23:30 are in different UTC days (05:30 and 04:30 of the next); both
    belong to the day the admin asks for, and the next Lima day's first minutes do not."""
    seeded(api)
    record(day(5, 0, 30), actor="u-5", action="credit.apply")
    record(day(5, 23, 30), actor="u-5", action="tickets.reply")
    record(day(4, 0, 10), actor="u-6", action="tickets.reply")
    record(day(6, 23, 59), actor="u-6", action="credit.apply")
    asked = day(5).date().isoformat()
    expected = [("u-5", "tickets.reply"), ("u-5", "credit.apply")]
    assert shown(api.get(f"/api/admin/audit?from={asked}&to={asked}")) == expected
    assert shown(api.get(f"/api/admin/audit?actor=u-5&from={asked}&to={asked}")) == expected
    by_action = api.get(f"/api/admin/audit?action=tickets.reply&from={asked}&to={asked}")
    assert shown(by_action) == [("u-5", "tickets.reply")]


def test_paging_walks_days_and_index_partitions(api):
    seeded(api)
    seen: list[tuple[str, str]] = []
    cursor = ""
    for _ in range(10):
        answer = api.get(f"/api/admin/audit?limit=1&cursor={cursor}")
        seen += shown(answer)
        cursor = answer.json["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 4
    first = api.get("/api/admin/audit?actor=u-1&limit=2")
    rest = api.get(f"/api/admin/audit?actor=u-1&limit=2&cursor={first.json['next_cursor']}")
    assert shown(first) + shown(rest) == [("u-1", "auth.login"), ("u-1", "tickets.reply"),
                                          ("u-1", "credit.apply")]
    forged = api.get(f"/api/admin/audit?actor=u-2&cursor={first.json['next_cursor']}")
    assert forged.error_code == "invalid_cursor"


def test_bad_dates_and_ranges_are_400(api):
    seeded(api)
    assert api.get("/api/admin/audit?from=2026-13-01").status == 400
    assert api.get("/api/admin/audit?from=ayer").status == 400
    assert api.get("/api/admin/audit?from=2026-02-01&to=2026-01-01").status == 400
    too_long = api.get("/api/admin/audit?from=2026-01-01&to=2026-06-01")
    assert too_long.status == 400 and "from" in too_long.json["error"]["fields"]


def test_a_window_ending_on_the_calendars_first_day_is_empty_not_a_500(api):
    # Found by tests/fuzz: the default 7-day window before to=0001-01-01 overflowed.
    seeded(api)
    for path in ("/api/admin/audit?to=0001-01-01", "/api/admin/audit/export?to=0001-01-01",
                 "/api/admin/audit?from=9999-12-31&to=9999-12-31",
                 "/api/admin/audit?actor=u-1&from=9999-12-25&to=9999-12-31"):
        answer = api.get(path)
        assert answer.status == 200, path
    assert api.get("/api/admin/audit?to=0001-01-01").json["items"] == []


def test_csv_export_has_a_bom_guards_formulas_and_is_audited(api):
    seeded(api)
    record(day(0, 2), actor="u-9", action="tickets.create", target="=HYPERLINK(\"x\")",
           user_agent="+cmd")
    answer = api.get("/api/admin/audit/export?actor=u-9")
    assert answer.status == 200
    headers = {name.lower(): value for name, value in answer.headers.items()}
    assert headers["content-type"].startswith("text/csv; charset=utf-8")
    assert "attachment" in headers["content-disposition"]
    text = answer.body.decode("utf-8")
    assert text.startswith("\ufeffat,actor_id,role,action,target,outcome,ip,user_agent\r\n")
    lines = text.strip().split("\r\n")
    assert len(lines) == 2
    assert "'=HYPERLINK" in lines[1] and ",'+cmd" in lines[1]
    everything = api.get("/api/admin/audit/export").body.decode("utf-8").strip().split("\r\n")
    assert len(everything) >= 6
    exported = list(AuditModel.by_action.query("admin.audit_export"))
    assert len(exported) == 2 and exported[0].details


def test_actors_and_user_targets_are_shown_by_name_and_email_not_by_id(api):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    rosa = a_user(Role.MEMBER, email="rosa@example.pe", first_name="Rosa", last_name="Quispe")
    luis = a_user(Role.OPERATOR, email="luis@example.pe", first_name="Luis", last_name="Vega")
    record(day(0, 9), actor=luis.user_id, action="tickets.reply", target="ticket:7")
    record(day(0, 10), actor=rosa.user_id, action="auth.login", target=f"user:{rosa.user_id}")
    record(day(0, 11), actor="someone-gone", action="auth.login", target="user:someone-gone")
    items = api.get("/api/admin/audit?limit=100").json["items"]
    by_actor = {item["actor_id"]: item for item in items}
    assert by_actor[rosa.user_id]["actor"] == {"name": "Rosa Quispe", "email": "rosa@example.pe"}
    assert by_actor[rosa.user_id]["target_label"] == "Rosa Quispe (rosa@example.pe)"
    assert by_actor[luis.user_id]["actor"] == {"name": "Luis Vega", "email": "luis@example.pe"}
    assert by_actor[luis.user_id]["target_label"] is None  # a ticket keeps its id
    assert by_actor["someone-gone"]["actor"] is None  # an account no longer there: the id alone
    assert by_actor["someone-gone"]["target_label"] is None
