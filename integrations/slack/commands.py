"""``/hirebot <text>``: one agent turn answered only to the caller (``/hirebot post <text>``
answers in the channel); ``/hirebot help`` lists what works."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond

from agent import turns
from integrations.slack import identity, replies
from integrations.slack.blocks import HELP
from integrations.slack.bot import SlackBot
from integrations.slack.sinks import ResponseSink
from tools.errors import DomainError


async def run_command(bot: SlackBot, team_id: str, user_id: str, text: str, respond: AsyncRespond) -> None:
    post = text.lower().startswith("post ")
    sink = ResponseSink(respond, "in_channel" if post else "ephemeral")
    try:
        actor = await identity.actor_of(bot.client, team_id, user_id)
        turn = await turns.begin_message(actor, text[5:].strip() if post else text, None, "slack")
    except (identity.Refused, DomainError) as exc:
        await respond(text=exc.message, response_type="ephemeral")
        return
    await replies.reply(bot, turn, sink, user_id)


def register(bot: SlackBot) -> None:
    @bot.bolt.command("/hirebot")
    async def hirebot(ack, command, respond) -> None:
        text = (command.get("text") or "").strip()
        if text.lower() in ("", "help"):
            await ack(text=HELP, response_type="ephemeral")
            return
        await ack()
        bot.background.spawn(run_command(bot, command["team_id"], command["user_id"], text, respond))
