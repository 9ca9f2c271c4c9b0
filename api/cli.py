"""The ``hirebot`` command: serve, migrate, worker, parse, chat."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from storage import db
from storage.config import Settings

log = logging.getLogger("hirebot.cli")


async def _prepare(settings: Settings) -> None:
    """Migrate the schema and, with HIREBOT_DEMO=1, seed or refresh the demo tenant."""
    from integrations.email import make_sender
    from tools import runtime
    from tools.demo import seed_demo
    from tools.parsing import isolation

    await db.run_migrations(settings.database_url)
    if not settings.demo:
        return
    runtime.configure(settings, make_sender(settings))
    await db.connect(settings)
    try:
        creds = await seed_demo()
    finally:
        await asyncio.to_thread(isolation.shutdown)   # the demo parsed its CVs in worker processes
        await db.close()
    if creds is None:
        print("HIREBOT_DEMO=1 but the database already holds other tenants: no demo data added.")
        return
    print("\n  Hirebot demo tenant ready")
    print(f"    open      {settings.base_url}/api/docs")
    print(f"    login     {creds.email} / {creds.password}")
    print(f"    API key   {creds.api_key}   (shown once)")
    print(f"    try       curl -H 'Authorization: Bearer {creds.api_key}' {settings.base_url}/api/v1/auth/me\n",
          flush=True)


def serve(args: argparse.Namespace) -> int:
    from hypercorn.config import Config
    from hypercorn.run import run

    from api.requestlog import configure_logging

    if not os.environ.get("HIREBOT_BASE_URL"):
        os.environ["HIREBOT_BASE_URL"] = f"http://{args.host}:{args.port}"
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    asyncio.run(_prepare(settings))
    # Workers re-read settings from the environment: pin what was resolved here.
    os.environ["HIREBOT_DATA_DIR"] = str(settings.data_dir)
    os.environ["HIREBOT_DATABASE_URL"] = settings.database_url
    os.environ["HIREBOT_SECRET_KEY"] = settings.secret_key
    config = Config()
    config.application_path = "api.asgi:app"
    config.bind = [f"{args.host}:{args.port}"]
    # One worker runs in this process; several are Hypercorn worker processes, started
    # non-daemonic because each one starts the CV parser's process pool (a daemonic process
    # may not have children).
    config.workers = 0 if args.workers == 1 else args.workers
    config.daemon = False
    config.accesslog = None
    config.graceful_timeout = 10
    print(f"Hirebot listening on http://{args.host}:{args.port} ({args.workers} worker(s))", flush=True)
    return run(config) or 0


def migrate(_args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    asyncio.run(db.run_migrations(settings.database_url))
    print(f"database up to date: {settings.database_url.split('@')[-1]}")
    return 0


def parse(args: argparse.Namespace) -> int:
    """Parse CV files: one JSON object for one file, JSON Lines for several."""
    from tools.parsing.batch import parse_paths

    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"hirebot parse: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    show_progress = len(paths) > 1 and sys.stderr.isatty()
    failures = 0
    for path, result in parse_paths(paths, jobs=args.jobs, progress=show_progress):
        failures += not result.success
        record = {"file": str(path), **result.model_dump(mode="json")}
        print(json.dumps(record, ensure_ascii=False, indent=2 if len(paths) == 1 else None), flush=True)
    return 1 if failures and len(paths) == 1 else 0


def run_worker(_args: argparse.Namespace) -> int:
    """Run background jobs until SIGINT/SIGTERM (for scaled-out deployments)."""
    import signal

    from api.requestlog import configure_logging
    from integrations.email import make_sender
    from tools import runtime, worker
    from tools.parsing import isolation

    settings = Settings.from_env()
    configure_logging(settings.log_level)

    async def main_loop() -> None:
        await db.run_migrations(settings.database_url)
        runtime.configure(settings, make_sender(settings))
        await db.connect(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        task = asyncio.create_task(worker.run_worker(stop))
        try:
            await stop.wait()
        finally:
            await worker.stop_gracefully(task, stop)
            isolation.shutdown()
            await db.close()

    print("Hirebot worker running (Ctrl+C to stop)", flush=True)
    asyncio.run(main_loop())
    return 0


def chat(args: argparse.Namespace) -> int:
    """Talk to the agent in the terminal as a user (``--email``) or an API key (``--api-key``)."""
    from api.chat_cli import chat as run_chat

    logging.basicConfig(level=logging.WARNING)
    settings = Settings.from_env()
    return asyncio.run(run_chat(settings, args.email, args.api_key, args.conversation, sys.stdin, sys.stdout))


def slack(args: argparse.Namespace) -> int:
    """The Slack bot over Socket Mode (the HTTP endpoint runs inside ``hirebot serve``)."""
    from api.requestlog import configure_logging
    from integrations.slack.socket import run_socket_mode

    if not args.socket:
        print("hirebot slack: the HTTP endpoint /slack/events runs inside `hirebot serve`; "
              "use --socket for Socket Mode", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return run_socket_mode(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hirebot", description="Hirebot, the AI recruiter")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="run the web service (migrates first)")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument("--workers", type=int, default=1)
    p_serve.set_defaults(func=serve)
    p_migrate = sub.add_parser("migrate", help="apply pending database migrations")
    p_migrate.set_defaults(func=migrate)
    p_worker = sub.add_parser("worker", help="run background jobs (parse batches, deliveries)")
    p_worker.set_defaults(func=run_worker)
    p_parse = sub.add_parser("parse", help="parse CV files (PDF, DOCX, DOC, ODT, RTF, TXT) offline")
    p_parse.add_argument("files", nargs="+")
    p_parse.add_argument("--json", action="store_true", help="JSON output (the only format; kept for scripts)")
    p_parse.add_argument("--jobs", type=int, default=1, help="parallel worker processes (0 = all cores)")
    p_parse.set_defaults(func=parse)
    p_chat = sub.add_parser("chat", help="talk to the agent in the terminal (stdin lines, streamed answers)")
    who = p_chat.add_mutually_exclusive_group(required=True)
    who.add_argument("--email", help="act as this user of the configured database")
    who.add_argument("--api-key", help="act as this API key (hb_live_…)")
    p_chat.add_argument("--conversation", help="continue this conversation (conv_…)")
    p_chat.set_defaults(func=chat)
    p_slack = sub.add_parser("slack", help="run the Slack bot over Socket Mode (needs SLACK_APP_TOKEN)")
    p_slack.add_argument("--socket", action="store_true", help="connect to Slack over Socket Mode")
    p_slack.set_defaults(func=slack)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
