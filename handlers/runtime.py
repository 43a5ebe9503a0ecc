"""What handlers and jobs reach through the context: settings, the database, blocking work in a thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.orm import Session
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from storage import Database

T = TypeVar("T")
P = ParamSpec("P")

SETTINGS_KEY = "settings"
DATABASE_KEY = "database"
STOPPING_KEY = "abandon_blocking_work"


class ShuttingDown(Exception):
    """The bot is shutting down: a handler's blocking work still running was abandoned."""


Context = ContextTypes.DEFAULT_TYPE


def install(application: Application, settings: Settings, database: Database) -> None:
    """Make settings and the database reachable from every handler and job (read-only configuration)."""
    application.bot_data[SETTINGS_KEY] = settings
    application.bot_data[DATABASE_KEY] = database
    application.bot_data[STOPPING_KEY] = asyncio.Event()


def abandon_blocking_work(application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
    """Shutting down: every ``in_thread`` call still waiting raises ShuttingDown now, and later ones at once.

    The threads are daemons, so a fetch that would run until its deadline does not hold the process.
    """
    event = application.bot_data.get(STOPPING_KEY)
    if isinstance(event, asyncio.Event):
        event.set()


def settings(context: Context) -> Settings:
    value = context.bot_data[SETTINGS_KEY]
    assert isinstance(value, Settings)
    return value


def database(context: Context) -> Database:
    value = context.bot_data[DATABASE_KEY]
    assert isinstance(value, Database)
    return value


async def in_thread(context: Context, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking ``work`` on a daemon thread so the event loop keeps answering meanwhile.

    Unlike ``asyncio.to_thread``, a shutdown does not wait for it: ``abandon_blocking_work`` makes this
    raise ShuttingDown (a transaction left open is rolled back when the process ends).
    """
    stopping = context.bot_data.get(STOPPING_KEY)
    if isinstance(stopping, asyncio.Event) and stopping.is_set():
        raise ShuttingDown(getattr(work, "__name__", "blocking work"))
    future: concurrent.futures.Future[T] = concurrent.futures.Future()
    call = contextvars.copy_context()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(call.run(work, *args, **kwargs))
        except BaseException as exc:  # handed to the awaiting coroutine
            future.set_exception(exc)

    threading.Thread(target=run, name=f"in_thread {getattr(work, '__name__', '')}", daemon=True).start()
    result = asyncio.wrap_future(future)
    if not isinstance(stopping, asyncio.Event):
        return await result
    waiter = asyncio.create_task(stopping.wait())
    either: set[asyncio.Future[Any]] = {result, waiter}
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if result.done():
        return result.result()
    raise ShuttingDown(getattr(work, "__name__", "blocking work"))


async def in_session(context: Context, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction on a worker thread, so SQL never blocks the event loop."""
    db = database(context)

    def run() -> T:
        with db.session() as session:
            return work(session)

    return await in_thread(context, run)
