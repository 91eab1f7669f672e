"""An application's history and observations grow with every legal request (observed ⇄ in_review
without limit, notes, handovers) and must never make a stored item too large for DynamoDB (moto
refuses items past ~400 KB as DynamoDB does, which used to answer 500)."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import ApplicationModel
from tests.functional.credit_builders import (
    Person,
    a_credit_cast,
    an_application,
    assigned,
    moved,
)

LONGEST_NOTE = "\N{SLIGHTLY SMILING FACE}" * 1000
"""The longest note the API takes (1000 characters), in four-byte UTF-8 characters: the biggest
a history line can be."""
ROUNDS = 30
"""Each round observes and reviews again with the longest note (two lines); the old single item
passed 400 KB in its 24th round."""


def _in_review(app):
    member, operator, admin = a_credit_cast(app)
    application = an_application(member)
    assigned(admin, application, operator)
    moved(operator, application, "in_review")
    return member, operator, admin, application


def _url(application, action=""):
    return f"/api/credit/applications/{application['id']}{action}"


def _post_all(staff, requests):
    for path, body in requests:
        answer = staff.api.post(path, body)
        assert answer.status == 200, (path, answer.json)


def test_observing_and_reviewing_again_many_times_with_the_longest_notes_never_answers_500(app):
    member, operator, _, application = _in_review(app)
    stored_before = len(ApplicationModel.get(application["id"]).data.encode("utf-8"))
    one_round = ((_url(application, "/status"),
                  {"status": "observed", "observation": LONGEST_NOTE}),
                 (_url(application, "/status"),
                  {"status": "in_review", "observation": LONGEST_NOTE}))

    _post_all(operator, one_round * ROUNDS)

    seen = member.api.get(_url(application))
    assert seen.status == 200, seen.json
    history = seen.json["history"]
    assert len(history) == 3 + 2 * ROUNDS
    assert [(line["from"], line["to"]) for line in history[2:5]] == [
        ("assigned", "in_review"), ("in_review", "observed"), ("observed", "in_review")]
    assert len(seen.json["observations"]) == 2 * ROUNDS
    assert {o["text"] for o in seen.json["observations"]} == {LONGEST_NOTE}
    assert moved(operator, application, "approved")["status"] == "approved"
    stored_after = len(ApplicationModel.get(application["id"]).data.encode("utf-8"))
    assert stored_after < stored_before + 1000, "the application's own item keeps its size"


def test_notes_without_a_move_keep_being_taken_past_the_old_single_item_size(app):
    member, operator, _, application = _in_review(app)
    note = (_url(application, "/observations"), {"observation": LONGEST_NOTE})

    _post_all(operator, [note] * (2 * ROUNDS))

    seen = member.api.get(_url(application)).json
    assert [(line["from"], line["to"]) for line in seen["history"][3:]] == \
        [("in_review", "in_review")] * (2 * ROUNDS)
    assert len(seen["observations"]) == 2 * ROUNDS


def test_a_full_history_refuses_notes_observing_and_handovers_but_the_application_is_decided(
        app, monkeypatch):
    from chalicelib.domain.credit import applications as rules

    monkeypatch.setattr(rules, "MAX_HISTORY_LINES", 5)
    _, operator, admin, application = _in_review(app)
    moved(operator, application, "observed", "Falta la boleta.")
    _post_all(operator, [(_url(application, "/observations"), {"observation": "Llamé."})])
    full = admin.api.get(_url(application)).json
    assert len(full["history"]) == 5

    refused = [
        operator.api.post(_url(application, "/observations"), {"observation": "Otra vez."}),
        admin.api.post(_url(application, "/assign"),
                       {"operator_id": Person(app, Role.OPERATOR).id}),
    ]
    for answer in refused:
        assert answer.status == 409 and answer.error_code == "application_full", answer.json
        assert "máximo de 5 registros en su historial" in answer.json["error"]["message"]
    assert admin.api.get(_url(application)).json == full

    moved(operator, application, "in_review")
    observing = operator.api.post(_url(application, "/status"),
                                  {"status": "observed", "observation": "Falta otra."})
    assert observing.status == 409 and observing.error_code == "application_full"
    moved(operator, application, "approved")
    disbursed = moved(admin, application, "disbursed")
    assert [line["to"] for line in disbursed["history"][5:]] == [
        "in_review", "approved", "disbursed"]
    assert [o["text"] for o in disbursed["observations"]] == ["Falta la boleta.", "Llamé."]


def test_an_application_stored_with_its_history_inside_keeps_it_and_grows_in_the_new_table(app):
    """Applications written before the history had its own table hold their lines in ``data``:
    they are shown first, and new lines follow them as items."""
    import json

    from chalicelib.store.shared.models import ApplicationHistoryModel

    member, operator, _, application = _in_review(app)
    moved(operator, application, "observed", "Falta la boleta.")
    lines = list(ApplicationHistoryModel.query(application["id"]))
    stored = ApplicationModel.get(application["id"])
    data = json.loads(stored.data)
    data["history"] = [json.loads(line.data) for line in lines]
    data["observations"] = [{"text": "ignored: derived from the history"}]
    stored.data = json.dumps(data, ensure_ascii=False)
    stored.save()
    for line in lines:
        line.delete()
    before = member.api.get(_url(application)).json

    noted = operator.api.post(_url(application, "/observations"), {"observation": "Llamé."})

    assert noted.status == 200, noted.json
    assert noted.json["history"][:-1] == before["history"]
    assert [line["to"] for line in noted.json["history"]] == [
        "received", "assigned", "in_review", "observed", "observed"]
    assert [o["text"] for o in noted.json["observations"]] == ["Falta la boleta.", "Llamé."]
    assert [int(line.position) for line in ApplicationHistoryModel.query(application["id"])] == [4]
