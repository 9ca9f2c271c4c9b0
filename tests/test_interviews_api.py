"""Interviews and scorecards over HTTP: scheduling, double-booking, .ics, transitions, rights."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from storage.models import OutboxEvent
from storage.scoping import scoped
from tests.test_evaluations_api import _apply, _vacancy
from tests.test_screening_engine import CV

START = "2030-03-02T10:00:00+01:00"          # 09:00 UTC, 10:00 in Berlin


async def _world(api):
    admin = await api.signup(company="Orbit Pay")
    vacancy = await _vacancy(admin)
    (app_id,) = await _apply(admin, vacancy, CV)
    ivr = await api.member(admin, "interviewer")
    other = await api.member(admin, "interviewer")
    return admin, app_id, ivr, other


async def _schedule(client, app_id, people, start=START, minutes=60, **extra):
    return await client.post("/api/v1/interviews", json={
        "application_id": app_id, "kind": "video", "scheduled_at": start, "timezone": "Europe/Berlin",
        "duration_min": minutes, "location_or_url": "https://meet.example.com/abc", "interviewer_ids": people,
        **extra})


def _ics(data: bytes):
    cal = Calendar.from_ical(data)
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    return cal, event


async def test_scheduling_mails_a_valid_ics_invite(api):
    admin, app_id, ivr, _ = await _world(api)
    r = await _schedule(admin, app_id, [ivr.user["id"]])
    body = await r.get_json()
    assert r.status_code == 201, body
    iv = body["data"]
    assert iv["id"].startswith("iv_") and iv["status"] == "scheduled" and iv["sequence"] == 0
    assert iv["scheduled_at"].startswith("2030-03-02T09:00:00")
    mail = api.mails(ivr.user["email"])[-1]                   # (the first one invited them to the team)
    assert " ".join(mail["Subject"].split()) == "Invitation: Interview: Amara Okafor for Backend Engineer (video)"
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    cal, event = _ics(part.get_payload(decode=True))
    assert str(cal["method"]) == "REQUEST" and str(event["uid"]) == f"{iv['id']}@hirebot"
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "Europe/Berlin" and (start.hour, start.minute) == (10, 0)
    assert start.astimezone(dt.UTC) == dt.datetime(2030, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=60)
    assert [c for c in cal.walk() if c.name == "VTIMEZONE"][0]["tzid"] == "Europe/Berlin"
    assert str(event["attendee"]) == f"mailto:{ivr.user['email']}"
    download = await admin.get(f"/api/v1/interviews/{iv['id']}/invite.ics")
    assert download.status_code == 200 and download.content_type.startswith("text/calendar")
    _, again = _ics(await download.get_data())
    assert str(again["uid"]) == str(event["uid"])
    events = await scoped(OutboxEvent, admin.tenant["id"]).filter(type="interview.scheduled").count()
    assert events == 1


async def test_double_booking_an_interviewer_is_a_conflict(api):
    admin, app_id, ivr, other = await _world(api)
    assert (await _schedule(admin, app_id, [ivr.user["id"]])).status_code == 201
    clash = await _schedule(admin, app_id, [other.user["id"], ivr.user["id"]], start="2030-03-02T10:30:00+01:00")
    body = await clash.get_json()
    assert clash.status_code == 409 and body["error"]["code"] == "conflict"
    assert [c["interviewer_id"] for c in body["error"]["details"]["clashes"]] == [ivr.user["id"]]
    right_after = await _schedule(admin, app_id, [ivr.user["id"]], start="2030-03-02T11:00:00+01:00")
    assert right_after.status_code == 201                         # back to back is fine
    free = await _schedule(admin, app_id, [other.user["id"]], start="2030-03-02T10:30:00+01:00")
    assert free.status_code == 201
    moved = await admin.patch(f"/api/v1/interviews/{(await free.get_json())['data']['id']}",
                              json={"interviewer_ids": [ivr.user["id"]], "notify": False})
    assert moved.status_code == 409                               # rescheduling checks too


async def test_reschedule_cancel_complete_and_their_forbidden_twins(api):
    admin, app_id, ivr, _ = await _world(api)
    iv = (await (await _schedule(admin, app_id, [ivr.user["id"]])).get_json())["data"]
    r = await admin.patch(f"/api/v1/interviews/{iv['id']}", json={"scheduled_at": "2030-03-03T15:00:00+01:00"})
    moved = (await r.get_json())["data"]
    assert r.status_code == 200 and moved["sequence"] == 1 and moved["scheduled_at"].startswith("2030-03-03T14:00")
    update = api.mails(ivr.user["email"])[-1]
    assert " ".join(update["Subject"].split()).startswith("Updated invitation")
    r = await admin.post(f"/api/v1/interviews/{iv['id']}/cancel")
    assert r.status_code == 200 and (await r.get_json())["data"]["status"] == "cancelled"
    cancel = api.mails(ivr.user["email"])[-1]
    (part,) = [p for p in cancel.walk() if p.get_content_type() == "text/calendar"]
    cal, event = _ics(part.get_payload(decode=True))
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 2
    for path in ("/cancel", "/complete", "/no-show"):
        assert (await admin.post(f"/api/v1/interviews/{iv['id']}{path}")).status_code == 409
    assert (await admin.patch(f"/api/v1/interviews/{iv['id']}", json={"duration_min": 30})).status_code == 409
    done = (await (await _schedule(admin, app_id, [ivr.user["id"]], start="2030-04-01T09:00:00Z")).get_json())["data"]
    assert (await (await admin.post(f"/api/v1/interviews/{done['id']}/complete")).get_json())["data"]["status"] == "completed"
    gone = (await (await _schedule(admin, app_id, [ivr.user["id"]], start="2030-04-02T09:00:00Z")).get_json())["data"]
    assert (await (await admin.post(f"/api/v1/interviews/{gone['id']}/no-show")).get_json())["data"]["status"] == "no_show"


async def test_scorecards_belong_to_their_interviewer(api):
    admin, app_id, ivr, other = await _world(api)
    iv = (await (await _schedule(admin, app_id, [ivr.user["id"], other.user["id"]])).get_json())["data"]
    r = await ivr.post(f"/api/v1/interviews/{iv['id']}/scorecards", json={
        "score": 80, "recommendation": "hire", "notes": "Strong on Python", "ratings": {"system design": 4}})
    assert r.status_code == 201
    r = await ivr.post(f"/api/v1/interviews/{iv['id']}/scorecards", json={"score": 85, "recommendation": "strong_hire"})
    assert r.status_code == 200 and (await r.get_json())["data"]["score"] == 85          # edits their own
    assert (await other.post(f"/api/v1/interviews/{iv['id']}/scorecards",
                             json={"score": 40, "recommendation": "no_hire"})).status_code == 201
    mine = (await (await ivr.get(f"/api/v1/interviews/{iv['id']}/scorecards")).get_json())["data"]
    assert [c["interviewer_id"] for c in mine] == [ivr.user["id"]]                        # sees only their own
    summary = (await (await admin.get(f"/api/v1/applications/{app_id}/scorecards")).get_json())["data"]
    assert summary["count"] == 2 and summary["average_score"] == 62.5
    assert summary["recommendations"] == {"strong_hire": 1, "no_hire": 1}
    assert (await ivr.get(f"/api/v1/applications/{app_id}/scorecards")).status_code == 403
    assert (await admin.post(f"/api/v1/interviews/{iv['id']}/scorecards",
                             json={"score": 50, "recommendation": "hire"})).status_code == 403   # not on it
    bad = await ivr.post(f"/api/v1/interviews/{iv['id']}/scorecards", json={"score": 101, "recommendation": "hire"})
    assert bad.status_code == 400
    assert await scoped(OutboxEvent, admin.tenant["id"]).filter(type="scorecard.submitted").count() == 2


async def test_interviewers_see_only_their_interviews_and_input_is_checked(api):
    admin, app_id, ivr, other = await _world(api)
    mine = (await (await _schedule(admin, app_id, [ivr.user["id"]])).get_json())["data"]
    theirs = (await (await _schedule(admin, app_id, [other.user["id"]])).get_json())["data"]
    listed = (await (await ivr.get("/api/v1/interviews")).get_json())["data"]
    assert [i["id"] for i in listed] == [mine["id"]]
    assert (await ivr.get(f"/api/v1/interviews/{theirs['id']}")).status_code == 404
    assert (await ivr.get(f"/api/v1/interviews/{theirs['id']}/invite.ics")).status_code == 404
    assert (await ivr.post("/api/v1/interviews", json={})).status_code in (400, 403)
    for bad in ({"scheduled_at": "2030-03-02T10:00:00"}, {"timezone": "Mars/Olympus"}, {"duration_min": 2},
                {"kind": "karaoke"}, {"interviewer_ids": []}):
        r = await _schedule(admin, app_id, [ivr.user["id"]], **bad)
        assert r.status_code == 400, bad
    r = await _schedule(admin, app_id, ["usr_" + "0" * 26])
    assert r.status_code == 404
    stranger = await api.signup(company="Elsewhere")
    assert (await _schedule(stranger, app_id, [stranger.user["id"]])).status_code == 404
    assert (await stranger.get(f"/api/v1/interviews/{mine['id']}")).status_code == 404


VTT = """WEBVTT

1
00:00:01.000 --> 00:00:05.000
<v Recruiter>Tell me about your recent work with Python.

2
00:00:05.500 --> 00:00:20.000
<v Amara>I built the payment API in Python at Paystack and reduced latency by 40% with caching.

3
00:00:21.000 --> 00:00:30.000
<v Recruiter>And Kubernetes?

4
00:00:31.000 --> 00:00:45.000
<v Amara>Honestly I have only read about Kubernetes, someone else handled the cluster.
"""


async def test_transcripts_attach_and_summarise_with_evidence_and_concerns(api):
    from tests.helpers import multipart

    admin, app_id, ivr, _ = await _world(api)
    iv = (await (await _schedule(admin, app_id, [ivr.user["id"]])).get_json())["data"]
    r = await admin.call("PUT", f"/api/v1/interviews/{iv['id']}/transcript", **multipart([("call.vtt", VTT.encode())]))
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["lines"] == 4
    r = await ivr.post(f"/api/v1/interviews/{iv['id']}/transcript/summary")
    s = (await r.get_json())["data"]
    assert r.status_code == 200 and s["engine"] == "offline"
    python = next(e for e in s["evidence"] if e["skill"] == "Python")
    assert "Amara: I built the payment API in Python at Paystack and reduced latency by 40% with caching." in python["quotes"]
    assert any("only read about Kubernetes" in c for c in s["concerns"])
    assert "payment API" in s["summary"]
    assert 0 <= s["hints"]["suggested_score"] <= 100 and s["hints"]["suggested_recommendation"] in (
        "strong_hire", "hire", "no_hire", "strong_no_hire")
    r = await admin.put(f"/api/v1/interviews/{iv['id']}/transcript", json={"text": "Short chat about Go and Python."})
    assert r.status_code == 200 and (await r.get_json())["data"]["lines"] == 1
    for bad in ({"text": ""}, {}):
        assert (await admin.put(f"/api/v1/interviews/{iv['id']}/transcript", json=bad)).status_code == 400
    binary = await admin.call("PUT", f"/api/v1/interviews/{iv['id']}/transcript",
                              **multipart([("x.srt", b"\x00\x01\x02" * 100)]))
    assert binary.status_code == 400
    assert (await ivr.put(f"/api/v1/interviews/{iv['id']}/transcript", json={"text": "x"})).status_code == 403
    empty = (await (await _schedule(admin, app_id, [ivr.user["id"]], start="2031-01-01T09:00:00Z")).get_json())["data"]
    assert (await admin.post(f"/api/v1/interviews/{empty['id']}/transcript/summary")).status_code == 400
