"""A small Slack Web API on 127.0.0.1 for tests: records every call the app's slack_sdk client
makes (and every response_url post), answers like Slack, and serves shared files."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from quart import Quart, request

from tests.served import free_port

BOT_TOKEN = "xoxb-test-token"
TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
JSON_FIELDS = ("blocks", "view", "chunks")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass
class Stream:
    channel: str
    thread_ts: str
    ts: str
    text: str
    appends: int = 0
    stop_blocks: list[dict[str, Any]] | None = None


@dataclass
class FakeSlack:
    """The server's state: calls in order, known users (id -> email) and files (id -> (name, bytes))."""

    port: int = field(default_factory=free_port)
    calls: list[Call] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    downloads: list[tuple[str, str | None]] = field(default_factory=list)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/respond/{name}"

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    def streams(self) -> list[Stream]:
        """Every streamed message, in order, with the text it carried from start to stop."""
        found: dict[str, Stream] = {}
        for call in self.calls:
            if call.method == "chat.startStream":
                found[call.answer["ts"]] = Stream(call.args["channel"], call.args["thread_ts"], call.answer["ts"],
                                                  call.args.get("markdown_text", ""))
            elif call.method in ("chat.appendStream", "chat.stopStream"):
                stream = found[call.args["ts"]]
                stream.text += call.args.get("markdown_text", "")
                stream.appends += call.method == "chat.appendStream"
                if call.method == "chat.stopStream":
                    stream.stop_blocks = call.args.get("blocks") or []
        return list(found.values())

    def next_ts(self) -> str:
        return f"1800000000.{next(self._ts):06d}"

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0BOT", "team": "Test"}
        if method == "users.info":
            email = self.users.get(args.get("user", ""))
            if args.get("user") not in self.users:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args["user"], "profile": {"email": email}}}
        if method == "users.lookupByEmail":
            found = [uid for uid, email in self.users.items() if email == args.get("email")]
            return {"ok": True, "user": {"id": found[0]}} if found else {"ok": False, "error": "users_not_found"}
        if method == "files.info":
            name, _ = self.files[args["file"]]
            return {"ok": True, "file": {"id": args["file"], "name": name,
                                         "url_private_download": f"{self.base}/files/{args['file']}/{name}"}}
        if method in ("chat.postMessage", "chat.startStream"):
            return {"ok": True, "channel": args.get("channel"), "ts": self.next_ts()}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": "V0VIEW"}}
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def app(self) -> Quart:
        app = Quart("fake_slack")

        @app.route("/api/<method>", methods=["GET", "POST"])
        async def api(method: str):
            args: dict[str, Any] = dict(request.args)
            args.update((await request.form).to_dict())
            if request.is_json:
                args.update(await request.get_json())
            for key in JSON_FIELDS:
                if isinstance(args.get(key), str):
                    args[key] = json.loads(args[key])
            auth = request.headers.get("Authorization", "")
            answer = self.answer(method, args)
            self.calls.append(Call(method, args, auth[7:] if auth.startswith("Bearer ") else None, answer))
            return answer

        @app.get("/files/<file_id>/<name>")
        async def download(file_id: str, name: str):
            auth = request.headers.get("Authorization")
            self.downloads.append((file_id, auth))
            if auth != f"Bearer {BOT_TOKEN}":
                return "forbidden", 403
            return self.files[file_id][1]

        @app.post("/respond/<name>")
        async def respond(name: str):
            self.calls.append(Call(f"respond:{name}", await request.get_json(), None))
            return "ok"

        return app
