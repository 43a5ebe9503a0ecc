"""`briefing claim GROUP [--json]`: who reported a claim group first and when, and who repeated it."""

from __future__ import annotations

import json

import typer

from bot.cli import app, common
from bot.provenance import group_provenance, provenance_json, provenance_line


@app.command("claim")
def claim_command(
    group: int = typer.Argument(..., help="The claim group's id (as `ask --json` and /disputed show it)."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    language: str = typer.Option("en", "--language", help="ar or en, for the text line."),
) -> None:
    """Who carried a claim first (publication time, else first seen), who repeated, copied or credited it.

    Example: briefing claim 12 --json
    """
    with common.database().session() as session:
        found = group_provenance(session, group)
    if found is None:
        common.fail(f"no claim group {group} with current claims", code=1)
    if as_json:
        common.out.print_json(json.dumps(provenance_json(found), ensure_ascii=False))
        return
    common.out.print(provenance_line(found, language), highlight=False, markup=False)
