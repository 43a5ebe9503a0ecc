"""The one door from the command line to the Telegram app (``handlers/``), opened only when a command uses it.

Commands that never talk to Telegram do not load python-telegram-bot. This is the only place in ``bot/``
allowed to import ``handlers`` (``tests/test_layers.py`` checks it).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from types import ModuleType

from bot.config import Settings
from bot.digest.sender import Sender
from storage import Database


def _entry() -> ModuleType:
    import handlers.entry  # the lazy entry point: the layering test's one allowed bot -> handlers import

    return handlers.entry


def protect_token(token: str) -> None:
    """Keep the bot token out of every log line and traceback."""
    _entry().protect_token(token)


def run(config: Settings, database: Database) -> None:
    """Run the Telegram bot until Ctrl-C or SIGTERM."""
    _entry().run(config, database)


def telegram_sender(settings: Settings) -> AbstractAsyncContextManager[Sender]:
    """A Sender over the Bot API for processes that do not poll (``digest send-due`` and ``worker``)."""
    sender: AbstractAsyncContextManager[Sender] = _entry().telegram_sender(settings)
    return sender
