"""What handlers and jobs reach through the context: settings, the database, blocking work in a thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from storage import Database

T = TypeVar("T")

SETTINGS_KEY = "settings"
DATABASE_KEY = "database"

Context = ContextTypes.DEFAULT_TYPE


def install(application: Application, settings: Settings, database: Database) -> None:
    """Make settings and the database reachable from every handler and job (read-only configuration)."""
    application.bot_data[SETTINGS_KEY] = settings
    application.bot_data[DATABASE_KEY] = database


def settings(context: Context) -> Settings:
    value = context.bot_data[SETTINGS_KEY]
    assert isinstance(value, Settings)
    return value


def database(context: Context) -> Database:
    value = context.bot_data[DATABASE_KEY]
    assert isinstance(value, Database)
    return value


async def in_session(context: Context, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction on a worker thread, so SQL never blocks the event loop."""
    db = database(context)

    def run() -> T:
        with db.session() as session:
            return work(session)

    return await asyncio.to_thread(run)
