"""CVs shared with the bot: fetched with the bot token and parsed into candidates as the sharer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import aiohttp

from integrations.slack.blocks import section
from integrations.slack.bot import SlackBot
from integrations.slack.sinks import ThreadStream
from tools import ingest
from tools.actor import Actor
from tools.errors import DomainError

MAX_FILES = 5
SLACK_FILE_HOSTS = frozenset({"files.slack.com"})


def _trusted(bot: SlackBot, url: str) -> bool:
    """The bot token goes only to Slack's file host (or the configured Web API host)."""
    host = urlparse(url).hostname
    return host in SLACK_FILE_HOSTS or host == urlparse(bot.client.base_url).hostname


async def _download(bot: SlackBot, url: str) -> bytes:
    headers = {"Authorization": f"Bearer {bot.client.token}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        response.raise_for_status()
        return await response.content.read(ingest.MAX_FILE_BYTES + 1)


async def _one(bot: SlackBot, actor: Actor, file_id: str) -> str:
    info = (await bot.client.files_info(file=file_id))["file"]
    name = info.get("name") or file_id
    url = info.get("url_private_download") or info.get("url_private") or ""
    if not _trusted(bot, url):
        return f"I couldn't fetch *{name}* from Slack."
    try:
        data = await _download(bot, url)
    except aiohttp.ClientError:
        return f"I couldn't fetch *{name}* from Slack."
    try:
        batch = await ingest.parse_files(actor, [ingest.IncomingFile(name, data)],
                                         ingest.ParseOptions(create_candidates=True))
    except DomainError as exc:
        return f"I couldn't read *{name}*: {exc.message}"
    result = batch.results[0]
    if not result.success or result.candidate is None:
        return f"I couldn't read *{name}*: {result.error.message if result.error else 'no text found'}"
    verb = "updated" if result.duplicate_of else "added"
    return f"I {verb} *{result.candidate.name or 'the candidate'}* from *{name}* (`{result.candidate_id}`)."


async def ingest_shared(bot: SlackBot, actor: Actor, files: list[dict[str, Any]], thread: ThreadStream) -> None:
    """Parse each shared file (up to five per message) and say what became of it in the thread."""
    lines = [await _one(bot, actor, f["id"]) for f in files[:MAX_FILES]]
    text = "\n".join(lines)
    await thread.post(text, [section(text)])
