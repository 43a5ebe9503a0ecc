"""`briefing run`: the Telegram bot, or the terminal chat when no token is set."""

from __future__ import annotations

import logging

from bot.cli import app, common
from bot.cli.telegram import protect_token, run
from bot.errors import BriefingError, ConfigError

logger = logging.getLogger(__name__)

NO_TOKEN_HELP = (
    "No Telegram token: starting the terminal chat instead.\n"
    "To run on Telegram: open @BotFather in Telegram, send /newbot, copy the token it gives you, then\n"
    "  export BRIEFING_TELEGRAM_TOKEN='<the token>'   (or put it in a .env file)\n"
    "and run `briefing run` again."
)


@app.command("run")
def run_command() -> None:
    """Run the bot on Telegram (BRIEFING_TELEGRAM_TOKEN); without a token, open the terminal chat.

    Example: BRIEFING_TELEGRAM_TOKEN=123:ABC briefing run
    """
    config = common.settings()
    try:
        token = config.require_token()
    except ConfigError:
        common.err.print(NO_TOKEN_HELP, markup=False, highlight=False)
        from bot.cli.ask_cmds import run_terminal_chat

        run_terminal_chat()
        return
    protect_token(token)
    database = common.database(create=True)
    from bot.sample import load_if_empty

    loaded = load_if_empty(database, settings=config)
    if loaded is not None:  # a first run answers from the bundled sample rather than from nothing
        common.err.print(f"The database was empty: loaded the sample corpus ({loaded.summary()}).")
    try:
        run(config, database)
    except ConfigError as exc:  # a refused token: the operator's setting to fix
        common.fail(str(exc))
    except BriefingError as exc:
        common.fail(str(exc), code=1)
    finally:
        database.dispose()
