"""The offline command model reads the request, not the note about attached files."""

from __future__ import annotations

import datetime as dt

from agent.attachments import MARK
from agent.offline_parse import Call, parse


def test_attachment_note_does_not_change_the_command():
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    call = parse("screen Ada Obi for Backend Engineer" + MARK + "ada.txt (file_01abc)", now)
    assert isinstance(call, Call)
    assert call.args == {"candidate": "Ada Obi", "vacancy": "Backend Engineer"}
