"""`briefing reports`: readers' reports of mistakes in answers and digest points, for operators."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from bot import messages, reports
from bot.bidi import isolate
from bot.cli import app, common
from bot.reports import ReportRow
from bot.sources import source_label


def report_json(report: ReportRow) -> dict[str, object]:
    """One report as `briefing reports --json` prints it."""
    return {
        "id": report.id,
        "created_at": report.created_at.isoformat(),
        "reason": report.reason,
        "chat_id": report.chat_id,
        "user_id": report.user_id,
        "answer_id": report.answer_id,
        "kind": report.kind,
        "point": report.point,
        "question": report.question,
        "language": report.language,
        "cited": list(report.cited),
    }


def report_text(report: ReportRow) -> str:
    """One report for reading: when, why, the question, and each source the answer cited."""
    reason = messages.text("en", f"report.reason.{report.reason}")
    when = f"{report.created_at:%Y-%m-%d %H:%M}"
    about = isolate(report.question, "en")
    if report.kind == "digest":
        about = messages.text("en", "reports.digest_point", point=report.point, sentence=about)
    lines = [f"[bold]#{report.id}[/] {when} · {escape(reason)} · {escape(about)}"]
    for cited in report.cited:
        outlet = isolate(source_label("en", _str(cited.get("outlet")), None, _str(cited.get("url"))), "en")
        details = " ".join(v for v in (_str(cited.get("published")), _str(cited.get("url"))) if v)
        lines.append(f"  \\[{cited.get('number')}] {escape(outlet)} {escape(details)}")
        lines.append(f"      «{escape(isolate(_str(cited.get('quote')) or '', 'en'))}»")
    return "\n".join(lines)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


@app.command("reports")
def reports_command(
    limit: int = typer.Option(50, "--limit", min=1, help="How many of the newest reports to list."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array on stdout."),
) -> None:
    """Readers' reports of mistakes in answers and digest points, newest first, with what each cited.

    Example: briefing reports --json --limit 10
    """
    database = common.database()
    with database.session() as session:
        found = reports.list_reports(session, limit=limit)
    if as_json:
        common.out.print_json(json.dumps([report_json(r) for r in found], ensure_ascii=False))
        return
    if not found:
        common.out.print(messages.text("en", "reports.none"))
        return
    for report in found:
        common.out.print(report_text(report))
