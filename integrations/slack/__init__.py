"""The Slack bot: slack-bolt's AsyncApp on ``POST /slack/events`` (or Socket Mode). It only
adapts: events become agent turns and ``tools/`` calls made as the mapped tenant user."""
