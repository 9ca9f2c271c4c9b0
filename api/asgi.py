"""ASGI entry point for Hypercorn workers: ``hypercorn api.asgi:app``."""

from api.app import create_app

app = create_app()
