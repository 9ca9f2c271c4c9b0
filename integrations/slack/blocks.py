"""Block Kit builders: cost lines, approval buttons, decisions, the comment modal, help."""

from __future__ import annotations

import json
from typing import Any

Block = dict[str, Any]
SECTION_LIMIT = 3000
HELP = """*What I can do* (mention me in a channel, DM me, or use `/hirebot <text>`):
• `find 5 senior go engineers in Lagos` · `show Amara` · `list open vacancies`
• `what's the pipeline for Backend Engineer` · `screen Amara for Backend Engineer`
• `move Kwame to interview` · `shortlist Amara for Backend Engineer` · `reject Kwame because Skills mismatch`
• `draft an offer for Amara at 80k USD starting June 1` · `submit the offer for Amara` · `send the offer to Amara`
• `approve the offer for Amara` · `reject the offer for Amara because over budget`
• `schedule a video interview with Kwame tomorrow 3pm` · `summarise the last interview with Kwame`
• `interview questions for Backend Engineer` · `draft outreach to Amara for Backend Engineer` · `analytics overview`
• Share a CV (PDF, DOCX, TXT…) in a thread with me and I add the candidate.
• Steps that change things for real (submitting or sending an offer, rejecting a candidate) ask for your approval \
with buttons first. Offers wait for the vacancy's hiring manager, who gets a DM with Approve / Reject.
• `/hirebot <text>` answers only you; `/hirebot post <text>` answers in the channel. The Home tab lists \
your pending approvals and today's interviews."""


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT] or " "}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def cost_line(usage: dict[str, Any]) -> Block:
    """The turn's cost, as the ``done`` event reports it."""
    return context(f"Cost of this turn: ${usage['cost_usd']:.4f} · {usage['input_tokens']} input / "
                   f"{usage['output_tokens']} output tokens")


def _button(text: str, action_id: str, value: dict, style: str | None = None) -> Block:
    button = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id,
              "value": json.dumps(value, separators=(",", ":"))}
    return {**button, "style": style} if style else button


def describe_call(call: dict[str, Any]) -> str:
    args = ", ".join(f"{k}: {v}" for k, v in call["args"].items() if v not in (None, ""))
    return f"`{call['tool']}`" + (f" ({args})" if args else "")


def call_approval(conversation_id: str, call: dict[str, Any]) -> list[Block]:
    """A paused tool call with Approve / Deny (Deny asks for a comment)."""
    what = describe_call(call)
    value = {"conv": conversation_id, "call": call["call_id"], "what": what[:500]}
    return [section(f":raised_hand: *Approval needed*: {what}"),
            {"type": "actions", "block_id": "call_decision", "elements": [
                _button("Approve", "hb_call_approve", value, "primary"), _button("Deny", "hb_call_deny", value, "danger")]}]


def offer_approval(offer: dict[str, Any], candidate: str, requester: str | None, thread: str | None) -> list[Block]:
    """An offer waiting for the hiring manager, with Approve / Reject (Reject asks for a comment)."""
    start = f", starting {offer['start_date']}" if offer.get("start_date") else ""
    by = f" Submitted by <@{requester}>." if requester else ""
    value = {"offer": offer["id"], "what": f"the offer for {candidate}"[:300], "thread": thread}
    return [section(f":memo: *Offer awaiting your approval*: {candidate}, {offer['base_salary']} "
                    f"{offer['currency']}{start}.{by}"),
            context(f"Offer `{offer['id']}`"),
            {"type": "actions", "block_id": "offer_decision", "elements": [
                _button("Approve", "hb_offer_approve", value, "primary"),
                _button("Reject", "hb_offer_reject", value, "danger")]}]


def decided(what: str, verdict: str, slack_user_id: str, comment: str = "") -> list[Block]:
    """The approval message once decided: who decided, no more buttons."""
    note = f"\n> {comment}" if comment else ""
    return [section(f"{what}\n*{verdict}* by <@{slack_user_id}>{note}")]


def comment_modal(metadata: dict[str, Any], title: str) -> dict[str, Any]:
    """The modal that asks why before a deny or a reject."""
    return {"type": "modal", "callback_id": "hb_comment", "private_metadata": json.dumps(metadata),
            "title": {"type": "plain_text", "text": title[:24]}, "submit": {"type": "plain_text", "text": "Submit"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [{"type": "input", "block_id": "comment", "optional": True,
                        "label": {"type": "plain_text", "text": "Comment"},
                        "element": {"type": "plain_text_input", "action_id": "text", "multiline": True}}]}
