"""The `briefing` command: ingest, ask, chat, digest and run, each a thin layer over the engine."""

from __future__ import annotations

import typer

from bot.cli import common

app = typer.Typer(
    name="briefing",
    help="A briefing assistant for a news story followed across many outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _setup() -> None:
    common.setup_logging(common.settings())


def _register() -> None:
    # Each module adds its own commands to ``app``; importing them here keeps this file the one index.
    from bot.cli import (
        ask_cmds,  # noqa: F401
        chart_cmds,  # noqa: F401
        db_cmds,  # noqa: F401
        digest_cmds,  # noqa: F401
        extract_cmds,  # noqa: F401
        ingest_cmds,  # noqa: F401
        provenance_cmds,  # noqa: F401
        report_cmds,  # noqa: F401
        run_cmd,  # noqa: F401
        story_cmds,  # noqa: F401
        timeline_cmds,  # noqa: F401
    )


_register()


def main() -> None:
    """Console-script entry point."""
    app()
