"""Config for Tortoise's own CLI: ``tortoise -c storage.migrations_config.TORTOISE_ORM makemigrations``."""

import os

from storage.db import tortoise_config

TORTOISE_ORM = tortoise_config(os.environ.get("HIREBOT_DATABASE_URL") or "sqlite://var/dev.db")
