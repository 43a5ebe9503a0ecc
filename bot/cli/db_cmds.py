"""`briefing db`: schema management (every other command migrates by itself)."""

from __future__ import annotations

import typer

from bot.cli import app as root
from bot.cli import common

db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
root.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade() -> None:
    """Bring the database to the newest schema.

    Example: BRIEFING_DATABASE_URL=sqlite:///briefing.db briefing db upgrade
    """
    database = common.database(create=True)
    common.err.print(f"database is at the newest schema ({database.engine.dialect.name})")
