"""The Slack bot over HTTP: a fake Slack Web API on 127.0.0.1, Hirebot served by Hypercorn,
requests signed with the real scheme. Nothing is mocked on Hirebot's side."""

from __future__ import annotations

import json

import httpx
import pytest_asyncio

from api.app import create_app
from integrations.slack import blocks
from integrations.slack.route import bot_of
from integrations.slack.sinks import ThreadStream
from tests.conftest import PG_URL, truncate_all
from tests.fake_slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.helpers import Api
from tests.served import serving
from tests.slack_rig import SIGNING_SECRET, Rig
from tests.test_chat_api import KWAME_CV
from tests.test_offers_api import _world


@pytest_asyncio.fixture
async def rig(settings):
    fake = FakeSlack()
    configured = settings.model_copy(update={"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET,
                                             "slack_api_url": fake.api_url})
    app = create_app(configured)
    async with serving(fake.app(), fake.port), serving(app) as base:
        if PG_URL:
            await truncate_all()
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            yield Rig(fake, Api(app, configured), bot_of(app), http)


async def _link(client, team_id: str = TEAM_ID) -> None:
    r = await client.put("/api/v1/integrations/slack", json={"team_id": team_id})
    assert r.status_code == 200, await r.get_json()


def _cost_line(stream) -> str:
    (block,) = stream.stop_blocks
    assert block["type"] == "context"
    return block["elements"][0]["text"]


def _buttons(message: dict) -> dict[str, dict]:
    return {e["action_id"]: e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


async def test_mention_streams_a_threaded_answer_with_its_cost(rig):
    admin = await rig.api.signup(email="ada@example.com")
    await _link(admin)
    rig.fake.users["U0ADA"] = "ada@example.com"

    r = await rig.mention("U0ADA", "help", ts="1700000000.000100")
    assert r.status_code == 200
    (stream,) = rig.fake.streams()
    assert (stream.channel, stream.thread_ts) == ("C0CHAN", "1700000000.000100")
    assert "move Kwame to interview" in stream.text
    assert _cost_line(stream).startswith("Cost of this turn: $0.0000")
    start = rig.fake.of("chat.startStream")[0]
    assert (start["recipient_team_id"], start["recipient_user_id"]) == (TEAM_ID, "U0ADA")
    assert all(c.token == BOT_TOKEN for c in rig.fake.calls if not c.method.startswith("respond:"))

    # The same thread continues the same conversation; the Slack user is remembered.
    await rig.mention("U0ADA", "list open vacancies", ts="1700000000.000200", thread_ts="1700000000.000100")
    assert len(rig.fake.streams()) == 2 and rig.fake.streams()[1].thread_ts == "1700000000.000100"
    assert len(rig.fake.of("users.info")) == 1
    convs = (await (await admin.get("/api/v1/conversations")).get_json())["data"]
    assert len(convs) == 1 and convs[0]["channel"] == "slack"
    detail = (await (await admin.get(f"/api/v1/conversations/{convs[0]['id']}")).get_json())["data"]
    assert [m["text"] for m in detail["messages"] if m["role"] == "user"] == ["help", "list open vacancies"]

    # A new thread is a new conversation.
    await rig.mention("U0ADA", "help", ts="1700000000.000300")
    assert len((await (await admin.get("/api/v1/conversations")).get_json())["data"]) == 2


async def test_stream_edits_are_throttled(rig):
    stream = ThreadStream(rig.bot.client, "C0CHAN", "1.0", TEAM_ID, "U0ADA", interval=60)
    for word in ("one ", "two ", "three ", "four"):
        await stream.append(word)
    await stream.stop([blocks.context("done")])
    (seen,) = rig.fake.streams()
    assert seen.text == "one two three four" and seen.appends == 0
    assert rig.fake.of("chat.startStream")[0]["markdown_text"] == "one "

    quick = ThreadStream(rig.bot.client, "C0CHAN", "2.0", TEAM_ID, "U0ADA", interval=0)
    for word in ("a", "b", "c"):
        await quick.append(word)
    await quick.stop([])
    assert rig.fake.streams()[1].appends == 2 and rig.fake.streams()[1].text == "abc"


async def test_offer_submitted_in_slack_is_approved_by_the_hiring_manager(rig):
    admin, manager, recruiter, _vacancy, app_id = await _world(rig.api)
    await _link(admin)
    rig.fake.users.update({"U0REC": recruiter.user["email"], "U0HM": manager.user["email"],
                           "U0ADM": admin.user["email"]})
    thread = "1700000001.000100"

    await rig.mention("U0REC", "draft an offer for Amara at 80k USD starting June 1", ts=thread)
    assert "I drafted the offer for Amara Okafor" in rig.fake.streams()[-1].text
    await rig.mention("U0REC", "submit the offer for Amara", ts="1700000001.000200", thread_ts=thread)
    (ask,) = [m for m in rig.fake.of("chat.postMessage") if m.get("thread_ts") == thread]
    assert "submit_offer" in ask["text"]
    approve = _buttons(ask)["hb_call_approve"]
    ask_ts = rig.fake.calls[[c.args for c in rig.fake.calls].index(ask)].answer["ts"]

    # Only the recruiter confirms their own action: even an admin's click is refused.
    await rig.click("U0ADM", "hb_call_approve", approve["value"], "C0CHAN", ask_ts, thread)
    (refused,) = rig.fake.of("chat.postEphemeral")
    assert refused["user"] == "U0ADM" and "can't approve this" in refused["text"]
    offer = (await (await recruiter.get(f"/api/v1/offers?application_id={app_id}")).get_json())["data"][0]
    assert offer["status"] == "draft"

    await rig.click("U0REC", "hb_call_approve", approve["value"], "C0CHAN", ask_ts, thread)
    (update,) = rig.fake.of("chat.update")
    assert update["ts"] == ask_ts and "*Approved* by <@U0REC>" in json.dumps(update["blocks"])
    assert "hb_call_approve" not in json.dumps(update["blocks"])
    resumed = rig.fake.streams()[-1]
    assert resumed.thread_ts == thread and "I submitted the offer for Amara Okafor" in resumed.text
    assert (await (await recruiter.get(f"/api/v1/offers/{offer['id']}")).get_json())["data"]["status"] == \
        "pending_approval"
    streams = len(rig.fake.streams())
    await rig.click("U0REC", "hb_call_approve", approve["value"], "C0CHAN", ask_ts, thread)   # a second click
    assert "Nothing changed" in rig.fake.of("chat.postEphemeral")[-1]["text"] and len(rig.fake.streams()) == streams

    # The hiring manager, found by email, gets a DM with buttons on the offer itself.
    assert rig.fake.of("users.lookupByEmail")[0]["email"] == manager.user["email"]
    (dm,) = [m for m in rig.fake.of("chat.postMessage") if m["channel"] == "U0HM"]
    assert "Offer awaiting your approval" in json.dumps(dm["blocks"]) and offer["id"] in json.dumps(dm["blocks"])
    dm_ts = next(c.answer["ts"] for c in rig.fake.calls if c.args is dm)
    value = _buttons(dm)["hb_offer_approve"]["value"]

    await rig.click("U0REC", "hb_offer_approve", value, "D0HM", dm_ts)
    assert "can't approve this" in rig.fake.of("chat.postEphemeral")[-1]["text"]
    assert (await (await manager.get(f"/api/v1/offers/{offer['id']}")).get_json())["data"]["status"] == \
        "pending_approval"

    await rig.click("U0HM", "hb_offer_approve", value, "D0HM", dm_ts)
    got = (await (await manager.get(f"/api/v1/offers/{offer['id']}")).get_json())["data"]
    assert got["status"] == "approved" and got["approvals"][0]["approver_id"] == manager.user["id"]
    decided = rig.fake.of("chat.update")[-1]
    assert decided["ts"] == dm_ts and "*Approved* by <@U0HM>" in json.dumps(decided["blocks"])
    told = [m for m in rig.fake.of("chat.postMessage") if m.get("thread_ts") == thread][-1]
    assert told["text"] == "<@U0HM> approved the offer for Amara Okafor."

    # A second click changes nothing.
    await rig.click("U0HM", "hb_offer_approve", value, "D0HM", dm_ts)
    again = (await (await manager.get(f"/api/v1/offers/{offer['id']}")).get_json())["data"]
    assert again["status"] == "approved" and len(again["approvals"]) == 1


async def test_deny_asks_for_a_comment_and_the_run_resumes(rig):
    admin, _manager, recruiter, _vacancy, app_id = await _world(rig.api)
    await _link(admin)
    rig.fake.users["U0REC"] = recruiter.user["email"]
    thread = "1700000002.000100"
    await rig.mention("U0REC", "draft an offer for Amara at 80k USD starting June 1", ts=thread)
    await rig.mention("U0REC", "submit the offer for Amara", ts="1700000002.000200", thread_ts=thread)
    ask = rig.fake.of("chat.postMessage")[-1]
    ask_ts = next(c.answer["ts"] for c in rig.fake.calls if c.args is ask)

    await rig.click("U0REC", "hb_call_deny", _buttons(ask)["hb_call_deny"]["value"], "C0CHAN", ask_ts, thread)
    (opened,) = rig.fake.of("views.open")
    assert opened["trigger_id"] == f"trig-{ask_ts}" and opened["view"]["callback_id"] == "hb_comment"
    r = await rig.submit_view("U0REC", opened["view"], "not yet, waiting for budget")
    assert r.status_code == 200
    update = rig.fake.of("chat.update")[-1]
    assert "*Denied* by <@U0REC>" in json.dumps(update["blocks"]) and "waiting for budget" in json.dumps(update)
    assert rig.fake.streams()[-1].thread_ts == thread
    offer = (await (await recruiter.get(f"/api/v1/offers?application_id={app_id}")).get_json())["data"][0]
    assert offer["status"] == "draft"


async def test_bad_signature_and_stale_requests_run_nothing(rig):
    admin = await rig.api.signup(email="ada@example.com")
    await _link(admin)
    rig.fake.users["U0ADA"] = "ada@example.com"
    r = await rig.mention("U0ADA", "help", ts="1700000003.000100", secret="not-the-secret")
    assert r.status_code == 401
    r = await rig.event({"type": "app_mention", "user": "U0ADA", "text": "help", "ts": "1.1", "channel": "C0CHAN"},
                        age=600)
    assert r.status_code == 401
    assert rig.fake.calls == [] and not rig.bot.background.tasks

    r = await rig.send(json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}),
                       "application/json")
    assert r.status_code == 200 and r.json() == {"challenge": "abc123"}


async def test_unlinked_workspace_and_unknown_users_are_told_what_to_do(rig):
    admin = await rig.api.signup(email="ada@example.com")
    rig.fake.users["U0NEW"] = "stranger@example.com"

    await rig.mention("U0NEW", "help", ts="1700000004.000100")
    (told,) = rig.fake.of("chat.postEphemeral")
    assert "not linked to Hirebot" in told["text"] and TEAM_ID in told["text"]
    assert rig.fake.of("users.info") == [] and rig.fake.streams() == []

    await _link(admin)
    await rig.mention("U0NEW", "help", ts="1700000004.000200")
    told = rig.fake.of("chat.postEphemeral")[-1]
    assert "I don't know you in Hirebot yet" in told["text"] and "stranger@example.com" in told["text"]
    assert told["thread_ts"] == "1700000004.000200" and rig.fake.streams() == []

    r = await rig.command("U0NEW", "list open vacancies")
    assert r.status_code == 200
    assert "I don't know you" in rig.fake.of("respond:cmd")[0]["text"]

    r = await admin.delete("/api/v1/integrations/slack")
    assert (await r.get_json())["data"] == {"linked": False, "team_id": None, "linked_by_id": None, "linked_at": None}
    rig.fake.users["U0ADA"] = "ada@example.com"
    await rig.mention("U0ADA", "help", ts="1700000004.000300")
    assert "not linked" in rig.fake.of("chat.postEphemeral")[-1]["text"] and rig.fake.streams() == []


async def test_slash_command_answers_ephemerally_unless_asked_to_post(rig):
    admin = await rig.api.signup(email="ada@example.com")
    await _link(admin)
    rig.fake.users["U0ADA"] = "ada@example.com"

    r = await rig.command("U0ADA", "help")
    assert r.status_code == 200 and "/hirebot post <text>" in r.text and r.json()["response_type"] == "ephemeral"

    r = await rig.command("U0ADA", "list open vacancies", name="list")
    assert r.status_code == 200 and r.text == ""
    (answer,) = rig.fake.of("respond:list")
    assert answer["response_type"] == "ephemeral" and "vacanc" in answer["text"].lower()
    assert answer["blocks"][-1]["elements"][0]["text"].startswith("Cost of this turn")

    await rig.command("U0ADA", "post list open vacancies", name="posted")
    assert rig.fake.of("respond:posted")[0]["response_type"] == "in_channel"


async def test_cv_shared_in_a_thread_becomes_a_candidate(rig):
    admin, _manager, recruiter, _vacancy, _app = await _world(rig.api)
    await _link(admin)
    rig.fake.users["U0REC"] = recruiter.user["email"]
    rig.fake.files["F0CV"] = ("kwame.txt", KWAME_CV.encode())

    await rig.mention("U0REC", "", ts="1700000005.000100", files=[{"id": "F0CV", "name": "kwame.txt"}])
    assert rig.fake.of("files.info") == [{"file": "F0CV"}]
    assert rig.fake.downloads == [("F0CV", f"Bearer {BOT_TOKEN}")]
    told = rig.fake.of("chat.postMessage")[-1]
    assert told["thread_ts"] == "1700000005.000100" and "I added *Kwame Mensah* from *kwame.txt*" in told["text"]
    found = (await (await recruiter.get("/api/v1/candidates?q=Kwame")).get_json())["data"]
    assert [c["name"] for c in found] == ["Kwame Mensah"] and found[0]["id"] in told["text"]


async def test_home_tab_lists_pending_offers(rig):
    admin, manager, recruiter, _vacancy, app_id = await _world(rig.api)
    await _link(admin)
    rig.fake.users["U0HM"] = manager.user["email"]
    r = await recruiter.post("/api/v1/offers", json={"application_id": app_id, "base_salary": "90000",
                                                     "currency": "EUR"})
    offer_id = (await r.get_json())["data"]["id"]
    assert (await recruiter.post(f"/api/v1/offers/{offer_id}/submit")).status_code == 200

    await rig.event({"type": "app_home_opened", "user": "U0HM", "channel": "D0HM", "tab": "home",
                     "event_ts": "1700000006.000100"})
    (published,) = rig.fake.of("views.publish")
    assert published["user_id"] == "U0HM" and published["view"]["type"] == "home"
    text = json.dumps(published["view"])
    assert offer_id in text and "hb_offer_approve" in text and "No interviews today." in text


async def test_direct_messages_are_answered_and_cvs_in_its_threads_are_parsed(rig):
    admin = await rig.api.signup(email="ada@example.com")
    await _link(admin)
    rig.fake.users["U0ADA"] = "ada@example.com"
    dm = {"type": "message", "channel_type": "im", "channel": "D0ADA", "user": "U0ADA", "text": "help",
          "ts": "1700000007.000100", "event_ts": "1700000007.000100"}
    await rig.event(dm)
    (stream,) = rig.fake.streams()
    assert (stream.channel, stream.thread_ts) == ("D0ADA", "1700000007.000100") and "analytics overview" in stream.text

    await rig.event({**dm, "subtype": "message_changed", "ts": "1700000007.000200"})   # edits are not messages
    await rig.event({**dm, "channel_type": "channel", "channel": "C0CHAN", "ts": "1700000007.000300"})
    assert len(rig.fake.streams()) == 1

    # A CV shared without a mention counts in a thread where the sharer talks with the bot, not elsewhere.
    rig.fake.files["F0CV"] = ("kwame.txt", KWAME_CV.encode())
    share = {"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "D0ADA", "user": "U0ADA",
             "text": "", "files": [{"id": "F0CV"}], "event_ts": "1700000007.000400"}
    await rig.event({**share, "channel_type": "channel", "channel": "C0CHAN", "ts": "1700000007.000400",
                     "thread_ts": "1699999999.000100"})
    assert rig.fake.of("files.info") == []
    await rig.event({**share, "channel_type": "channel", "channel": "C0CHAN", "ts": "1700000007.000500",
                     "thread_ts": "1700000007.000300"})
    assert rig.fake.of("files.info") == []
    await rig.mention("U0ADA", "help", ts="1700000007.000600")
    await rig.event({**share, "channel_type": "channel", "channel": "C0CHAN", "ts": "1700000007.000700",
                     "thread_ts": "1700000007.000600"})
    assert rig.fake.of("files.info") == [{"file": "F0CV"}]
    assert "I added *Kwame Mensah*" in rig.fake.of("chat.postMessage")[-1]["text"]
