"""The agent over HTTP, offline: every verb through the SSE endpoint, approvals, RBAC, leases, isolation."""

from __future__ import annotations

import datetime as dt

from storage.models import Conversation
from storage.scoping import scoped
from tests.chat_helpers import Chat, kinds, of, text
from tests.test_evaluations_api import _apply
from tests.test_offers_api import _world

KWAME_CV = """Kwame Mensah
kwame.mensah@example.com | Lagos, Nigeria

SUMMARY
Senior Go engineer. Skills: Go, Kubernetes, Python, gRPC.

EXPERIENCE
Senior Software Engineer, Flutterwave
Jan 2020 – Present
- Built payment services in Go and Python on Kubernetes.

Software Engineer, Andela
Jan 2016 – Dec 2019
- Go microservices and gRPC APIs.
"""
TRANSCRIPT = ("Interviewer: Tell me about Kubernetes.\nKwame: I moved our payment services onto Kubernetes "
              "with Helm and wrote the operators in Go.\nInterviewer: And Python?\nKwame: I wrote Python "
              "tooling for reconciliation jobs.\n")


async def _team(api):
    admin, manager, recruiter, vacancy, amara_app = await _world(api)
    (kwame_app,) = await _apply(admin, vacancy, KWAME_CV)
    return admin, manager, recruiter, vacancy, amara_app, kwame_app


async def _offer(client, app_id: str) -> dict:
    r = await client.get(f"/api/v1/offers?application_id={app_id}")
    return (await r.get_json())["data"][0]


async def test_offline_verbs_in_one_conversation(api):
    admin, manager, recruiter, vacancy, amara_app, kwame_app = await _team(api)
    chat = Chat(recruiter)

    events = await chat.say("help")
    assert kinds(events)[-1] == "done" and "move Kwame to interview" in text(events)
    assert chat.id.startswith("conv_")
    assert of(events, "done")[0]["usage"] == {"input_tokens": 0, "output_tokens": 0, "cache_read_tokens": 0,
                                               "cache_write_tokens": 0, "cost_usd": 0.0}
    events = await chat.say("make me a sandwich")
    assert "I did not understand" in text(events) and "schedule a video interview" in text(events)

    events = await chat.say("find 5 senior go engineers in Lagos")
    (call,) = of(events, "tool_call")
    assert call["tool"] == "find_candidates" and call["args"] == {"brief": "senior go engineers in Lagos", "count": 5}
    (result,) = of(events, "tool_result")
    assert result["ok"] and result["id"] == call["id"] and "Kwame Mensah" in text(events)

    events = await chat.say("show Kwame")
    assert "Kwame Mensah" in text(events) and "Go" in text(events)
    events = await chat.say("list the open vacancies")
    assert "Backend Engineer (open, 2 applicants)" in text(events)

    events = await chat.say("screen Kwame for Backend Engineer")
    assert of(events, "tool_result")[0]["ok"] and "I screened Kwame Mensah:" in text(events)
    app = (await (await admin.get(f"/api/v1/applications/{kwame_app}")).get_json())["data"]
    assert app["score"] is not None and f"{app['score']}/100" in text(events)
    assert of(events, "tool_result")[0]["refs"] == [{"kind": "candidate", "id": app["candidate_id"]}]

    events = await chat.say("move Kwame to screening")
    assert "Moved Kwame Mensah from applied to screening." in text(events)
    events = await chat.say("Move Kwame to the interview stage")
    assert "from screening to interview" in text(events)
    app = (await (await admin.get(f"/api/v1/applications/{kwame_app}")).get_json())["data"]
    assert app["stage"] == "interview" and app["stage_history"][-1]["actor"] == recruiter.user["id"]

    events = await chat.say("what's the pipeline for backend engineer?")
    assert "Pipeline for Backend Engineer (2 applications)" in text(events)
    assert "- interview: 2" in text(events)

    events = await chat.say("shortlist Kwame for Backend Engineer")
    assert "Added Kwame Mensah to the Backend Engineer shortlist." in text(events)
    events = await chat.say("shortlist Kwame for Backend Engineer")
    assert "already on the Backend Engineer shortlist" in text(events)

    events = await chat.say("schedule a video interview with Kwame tomorrow 3pm")
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).date().isoformat()
    assert of(events, "tool_call")[0]["args"]["starts_at"] == f"{tomorrow}T15:00:00+00:00"
    assert f"I scheduled a video interview with Kwame Mensah on {tomorrow} 15:00 UTC" in text(events)
    interviews = (await (await admin.get(f"/api/v1/interviews?application_id={kwame_app}")).get_json())["data"]
    assert len(interviews) == 1 and interviews[0]["interviewer_ids"] == [recruiter.user["id"]]

    events = await chat.say("summarise the last interview with Kwame")
    assert "has no interview with a transcript yet" in text(events) and not of(events, "tool_result")[0]["ok"]
    r = await admin.put(f"/api/v1/interviews/{interviews[0]['id']}/transcript", json={"text": TRANSCRIPT})
    assert r.status_code == 200, await r.get_json()
    events = await chat.say("summarize the latest interview with Kwame")
    assert "Last interview with Kwame Mensah:" in text(events) and "Kubernetes" in text(events)

    events = await chat.say("interview questions for Backend Engineer")
    assert "Questions for Backend Engineer:" in text(events) and text(events).count("\n- ") >= 3
    events = await chat.say("draft outreach to Kwame for Backend Engineer")
    assert "Draft outreach to Kwame Mensah for Backend Engineer (not sent):" in text(events)
    events = await chat.say("analytics overview")
    assert "1 open vacancies" in text(events) and "interview 2" in text(events)

    detail = (await (await recruiter.get(f"/api/v1/conversations/{chat.id}")).get_json())["data"]
    users = [m["text"] for m in detail["messages"] if m["role"] == "user"]
    assert users[0] == "help" and users[-1] == "analytics overview" and len(detail["messages"]) == 2 * len(users)
    assert detail["messages"][-1]["role"] == "assistant" and detail["messages"][-1]["text"].startswith("1 open")


async def test_ambiguous_names_ask_which_one(api):
    admin, manager, recruiter, vacancy, amara_app, _ = await _team(api)
    await _apply(admin, vacancy, "Amara Obi\namara.obi@example.com\n\nEXPERIENCE\nData Analyst, Kuda\nJan 2021 – Present\n- SQL.\n")
    chat = Chat(recruiter)
    events = await chat.say("move Amara to interview")
    assert "Which candidate do you mean: " in text(events) and "Amara Okafor" in text(events) and "Amara Obi" in text(events)
    events = await chat.say("move Amara Obi to screening")
    assert "Moved Amara Obi from applied to screening." in text(events)


async def test_offer_approval_round_trip_and_rbac(api):
    admin, manager, recruiter, vacancy, amara_app, _ = await _team(api)
    interviewer = await api.member(admin, "interviewer")
    chat = Chat(recruiter)
    events = await chat.say("draft an offer for Amara at 80k USD starting June 1")
    assert of(events, "tool_call")[0]["args"]["currency"] == "USD"
    offer = await _offer(admin, amara_app)
    assert offer["status"] == "draft" and offer["base_salary"] == "80000.00" and offer["start_date"].endswith("-06-01")
    assert "I drafted the offer for Amara Okafor: 80000.00 USD" in text(events)

    events = await chat.say("submit the offer for Amara")
    (pause,) = of(events, "approval_required")
    assert pause["tool"] == "submit_offer" and pause["args"] == {"candidate": "Amara"}
    assert pause["approvers"] == [recruiter.user["id"]] and kinds(events)[-1] == "done"
    assert (await _offer(admin, amara_app))["status"] == "draft"                  # nothing ran yet
    listed = (await (await recruiter.get(f"/api/v1/conversations/{chat.id}")).get_json())["data"]
    assert [p["call_id"] for p in listed["pending_approvals"]] == [pause["call_id"]]

    r = await manager.post(f"/api/v1/conversations/{chat.id}/approvals/{pause['call_id']}", json={"decision": "approve"})
    assert r.status_code == 404                                                  # not the manager's call to confirm
    events = await chat.decide(pause["call_id"])
    (result,) = of(events, "tool_result")
    assert result["ok"] and result["tool"] == "submit_offer"
    assert "It is waiting for Hiring_Manager or Ada Admin to approve." in text(events)
    assert (await _offer(admin, amara_app))["status"] == "pending_approval"
    again = await recruiter.post(f"/api/v1/conversations/{chat.id}/approvals/{pause['call_id']}", json={"decision": "approve"})
    assert again.status_code == 404

    events = await chat.say("approve the offer for Amara")       # the recruiter may not: routed to the deciders
    (routed,) = of(events, "approval_required")
    assert routed["tool"] == "approve_offer" and routed["approvers"] == [manager.user["id"], admin.user["id"]]
    assert routed["waiting_for"] == ["Hiring_Manager", "Ada Admin"] and not of(events, "tool_result")
    assert (await _offer(admin, amara_app))["status"] == "pending_approval"
    r = await recruiter.post(f"/api/v1/conversations/{chat.id}/approvals/{routed['call_id']}",
                             json={"decision": "approve"})
    assert r.status_code == 404                                                  # not theirs to decide
    events = await chat.say("what's the pipeline for Backend Engineer")          # moving on closes the request
    assert "Backend Engineer" in text(events)
    assert (await _offer(admin, amara_app))["status"] == "pending_approval"

    spy = Chat(interviewer)
    events = await spy.say("approve the offer for Amara")
    assert not of(events, "tool_result")[0]["ok"] and "role 'interviewer' may not perform 'offers.approve'" in text(events)
    assert (await _offer(admin, amara_app))["status"] == "pending_approval"
    events = await spy.say("export the applications for Backend Engineer")         # nor export data
    assert not of(events, "tool_result")[0]["ok"] and "role 'interviewer' may not perform" in text(events)
    events = await chat.say("export the applications for Backend Engineer")
    assert of(events, "tool_result")[0]["ok"] and "I exported 2 application(s) of Backend Engineer" in text(events)
    trail = (await (await admin.get("/api/v1/audit?action=vacancy.applications_exported")).get_json())["data"]
    assert [e["actor_id"] for e in trail] == [recruiter.user["id"]]

    boss = Chat(manager)
    events = await boss.say("approve the offer for Amara")
    assert of(events, "tool_result")[0]["ok"] and "You approved the offer for Amara Okafor" in text(events)
    offer = await _offer(admin, amara_app)
    assert offer["status"] == "approved" and offer["approvals"][0]["approver_id"] == manager.user["id"]

    events = await chat.say("send the offer to Amara")
    (pause,) = of(events, "approval_required")
    events = await chat.decide(pause["call_id"], "deny", "wait for the budget review")
    assert of(events, "tool_result")[0]["ok"] is False and "wait for the budget review" in text(events)
    assert (await _offer(admin, amara_app))["status"] == "approved"


async def test_reject_candidate_waits_for_approval(api):
    admin, manager, recruiter, vacancy, _, kwame_app = await _team(api)
    chat = Chat(recruiter)
    events = await chat.say("reject Kwame because Skills mismatch")
    (pause,) = of(events, "approval_required")
    assert pause["tool"] == "reject_candidate"
    events = await chat.say("actually, show Kwame")                            # moving on denies the pending call
    assert "Kwame Mensah" in text(events)
    app = (await (await admin.get(f"/api/v1/applications/{kwame_app}")).get_json())["data"]
    assert app["stage"] == "applied"
    assert (await recruiter.post(f"/api/v1/conversations/{chat.id}/approvals/{pause['call_id']}",
                                 json={"decision": "approve"})).status_code == 404
    events = await chat.say("reject Kwame because Skills mismatch")
    (pause,) = of(events, "approval_required")
    events = await chat.decide(pause["call_id"])
    assert "Rejected Kwame Mensah (Skills mismatch)." in text(events)
    app = (await (await admin.get(f"/api/v1/applications/{kwame_app}")).get_json())["data"]
    assert app["stage"] == "rejected" and app["rejection_reason"] == "Skills mismatch"


async def test_one_turn_at_a_time_and_non_streaming(api):
    admin = await api.signup()
    chat = Chat(admin)
    await chat.say("help")
    busy = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    await scoped(Conversation, admin.tenant["id"]).filter(id=chat.id).update(busy_until=busy)   # a turn in flight
    r = await admin.post("/api/v1/chat", json={"message": "help", "conversation_id": chat.id})
    assert r.status_code == 409 and (await r.get_json())["error"]["code"] == "conflict"
    await scoped(Conversation, admin.tenant["id"]).filter(id=chat.id).update(
        busy_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))                          # lease expired
    r = await admin.post("/api/v1/chat", json={"message": "analytics overview", "conversation_id": chat.id,
                                               "stream": False})
    body = (await r.get_json())["data"]
    assert r.status_code == 200 and body["conversation_id"] == chat.id and body["error"] is None
    assert body["text"].startswith("0 open vacancies") and body["tool_calls"][0]["tool"] == "analytics_overview"
    assert body["tool_results"][0]["ok"] and body["usage"]["cost_usd"] == 0.0
    row = await scoped(Conversation, admin.tenant["id"]).get(id=chat.id)
    assert row.busy_until is None and len(row.messages) == 4


async def test_conversations_are_private_to_their_user_and_tenant(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    other = await api.signup(company="Elsewhere")
    mine, theirs = Chat(admin), Chat(recruiter)
    await mine.say("help")
    await theirs.say("analytics overview")
    listed = await (await admin.get("/api/v1/conversations")).get_json()
    assert [c["id"] for c in listed["data"]] == [mine.id] and listed["meta"]["total"] == 1
    assert listed["data"][0]["title"] == "help" and listed["data"][0]["channel"] == "web"
    for client, conv in ((admin, theirs.id), (other, mine.id), (other, theirs.id)):
        assert (await client.get(f"/api/v1/conversations/{conv}")).status_code == 404
        r = await client.post("/api/v1/chat", json={"message": "help", "conversation_id": conv})
        assert r.status_code == 404
    assert (await (await other.get("/api/v1/conversations")).get_json())["data"] == []
    assert (await api.anonymous().post("/api/v1/chat", json={"message": "help"})).status_code == 401
    assert (await admin.post("/api/v1/chat", json={"message": ""})).status_code == 400


async def test_a_routed_offer_decision_resumes_the_requesters_turn_as_the_decider(api):
    admin, manager, recruiter, vacancy, amara_app, _ = await _team(api)
    r = await recruiter.post("/api/v1/offers", json={"application_id": amara_app, "base_salary": "70000",
                                                     "currency": "USD"})
    oid = (await r.get_json())["data"]["id"]
    assert (await recruiter.post(f"/api/v1/offers/{oid}/submit")).status_code == 200
    chat = Chat(recruiter)
    (routed,) = of(await chat.say("approve the offer for Amara"), "approval_required")
    assert routed["approvers"] == [manager.user["id"], admin.user["id"]]

    outsider = await api.member(admin, "hiring_manager")
    r = await outsider.post(f"/api/v1/conversations/{chat.id}/approvals/{routed['call_id']}",
                            json={"decision": "approve"})
    assert r.status_code == 404
    r = await manager.post(f"/api/v1/conversations/{chat.id}/approvals/{routed['call_id']}?stream=false",
                           json={"decision": "approve"})
    answer = (await r.get_json())["data"]
    assert answer["tool_results"][0]["ok"] and "You approved the offer for Amara Okafor" in answer["text"]
    offer = (await (await admin.get(f"/api/v1/offers/{oid}")).get_json())["data"]
    assert offer["status"] == "approved" and offer["approvals"][0]["approver_id"] == manager.user["id"]
    shown = (await (await recruiter.get(f"/api/v1/conversations/{chat.id}")).get_json())["data"]
    assert "You approved the offer for Amara Okafor" in shown["messages"][-1]["text"]
    assert shown["pending_approvals"] == []
