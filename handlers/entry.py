"""What the command line may start on the Telegram side: the bot itself, and a Sender for cron and workers.

``bot/cli/telegram.py`` imports this module lazily; it is the only import of ``handlers`` from ``bot/``.
"""

from __future__ import annotations

from handlers.app import protect_token, run
from handlers.digest import telegram_sender

__all__ = ["protect_token", "run", "telegram_sender"]
