"""`briefing ask` and `briefing chat`: questions answered from the store, with numbered sources."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

import typer
from rich.markup import escape

from bot import messages
from bot.answer import Answer, Citation, Conversation, compose
from bot.answer.engine import MAX_QUESTION_CHARS
from bot.cli import app, common
from bot.errors import BriefingError, QuestionTooLong
from bot.sources import source_label as name_source
from bot.stories.answers import StoryAnswer, ask_in_stories
from storage import Database

logger = logging.getLogger(__name__)

MAX_LINE_CHARS = MAX_QUESTION_CHARS  # a longer line gets an error object, and costs no memory to skip


def answer_one(
    database: Database, question: str, conversation: Conversation | None = None, last_story: int | None = None
) -> StoryAnswer:
    """Answer in its own read transaction, within the story the question is about."""
    with database.session() as session:
        return ask_in_stories(session, question, conversation=conversation, last_story=last_story)


def answer_json(result: StoryAnswer) -> dict[str, object]:
    """The answer as `briefing ask --json` prints it: the engine's object, and which stories it is from."""
    payload = result.answer.to_json()
    stories = [
        {"id": p.story.id, "title": p.story.title(result.answer.language), "claims": len(p.answer.claims)}
        for p in result.parts
    ]
    payload["story"] = {k: stories[0][k] for k in ("id", "title")} if len(stories) == 1 else None
    payload["stories"] = stories
    return payload


def _failure(question: str, exc: Exception) -> dict[str, object]:
    return {
        "question": question,
        "found": False,
        "answer": "",
        "as_of": "",
        "entities": [],
        "claims": [],
        "error": str(exc) if isinstance(exc, BriefingError) else f"{exc.__class__.__name__}: {exc}",
    }


class OverlongLine(str):
    """The start of an input line that went past the limit (the rest was read and dropped)."""


def bounded_lines(stream: TextIO, limit: int) -> Iterator[str]:
    """Lines of ``stream`` read at most ``limit`` characters at a time, so one endless line costs nothing."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        head = line[:80]
        while line and not line.endswith("\n"):  # skip the rest of the line without keeping it
            line = stream.readline(64 * 1024)
        yield OverlongLine(head)


def json_lines(database: Database, lines: Iterable[str], stream: TextIO) -> None:
    """One flushed JSON object per input line, in order, whatever happens to a single question."""
    for line in lines:
        question = line.rstrip("\r\n")
        if isinstance(line, OverlongLine):
            payload = _failure(question + "…", QuestionTooLong(MAX_QUESTION_CHARS))
            stream.write(json.dumps(payload, ensure_ascii=False) + "\n")
            stream.flush()
            continue
        try:
            payload = answer_json(answer_one(database, question))
        except Exception as exc:  # one bad question must not stop the batch: report it in its own line
            logger.exception("question failed: %r", question[:200])
            payload = _failure(question, exc)
        stream.write(json.dumps(payload, ensure_ascii=False) + "\n")
        stream.flush()


def sources(answer: Answer) -> list[Citation]:
    """Every citation of an answer, numbered in order of appearance (1-based by position)."""
    return [c for hit in answer.claims for c in hit.citations]


def render_in_stories(result: StoryAnswer) -> str:
    """The answer as rich markup, under the story it is from (a grouped answer names each in its text)."""
    if len(result.parts) == 1:
        title = result.parts[0].story.title(result.answer.language)
        heading = messages.text(result.answer.language, "answer.story", title=title)
        return f"[bold]{escape(heading)}[/]\n{render(result.answer)}"
    return render(result.answer, marked=not result.parts)


def render(answer: Answer, *, marked: bool = True) -> str:
    """The answer as rich markup: each point with its source numbers, then the numbered sources."""
    text = answer.answer
    if answer.found and answer.claims and marked:
        marks, number = [], 0
        for hit in answer.claims:
            marks.append(" " + "".join(f"[{number + i}]" for i in range(1, len(hit.citations) + 1)))
            number += len(hit.citations)
        text = compose.found_text(list(answer.entities), list(answer.claims), answer.language, marks)
    lines = [escape(text)]
    cited = sources(answer)
    if cited:
        lines.append("")
        lines.append(f"[bold]{messages.text(answer.language, 'sources_heading')}[/]")
        for number, citation in enumerate(cited, 1):
            lines.append(f"  [cyan][{number}][/] {escape(source_label(citation, answer.language))}")
    if answer.as_of:
        lines.append(f"[dim]as of {answer.as_of}[/]")
    return "\n".join(lines)


def source_label(citation: Citation, language: str = "en") -> str:
    """One source on one line: outlet (by the one naming rule), title and date."""
    outlet = name_source(language, citation.outlet, None, citation.url)
    parts = [outlet, citation.title, citation.published[:10] if citation.published else ""]
    label = " — ".join(p for p in parts if p)
    return label + (" (corrected)" if citation.corrected else "")


def render_source(citation: Citation) -> str:
    """One source in full."""
    lines = [
        f"[bold]{escape(citation.title)}[/]",
        escape(f"outlet: {name_source('en', citation.outlet, None, citation.url)}"),
        escape(f"published: {citation.published or 'unknown'}"),
        escape(f"link: {citation.url or '(local file)'}"),
        "",
        escape(f"«{citation.quote}»"),
    ]
    return "\n".join(lines)


@app.command("ask")
def ask_command(
    question: str = typer.Argument(..., help="The question, or - to read one question per line from stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON (one object per line)."),
) -> None:
    """Answer a question from the stored articles, citing sources.

    Examples: briefing ask "من هو عمر أومسين؟" ; echo "Who leads the camp?" | briefing ask --json -
    """
    database = common.database()
    if question == "-":
        if as_json:
            json_lines(database, bounded_lines(sys.stdin, MAX_LINE_CHARS), sys.stdout)
            return
        for line in sys.stdin:
            common.out.print(render_in_stories(answer_one(database, line.strip())))
            common.out.print()
        return
    result = answer_one(database, question)
    if as_json:
        sys.stdout.write(json.dumps(answer_json(result), ensure_ascii=False) + "\n")
        return
    common.out.print(render_in_stories(result))


CHAT_HELP = (
    "Ask anything about the story, in Arabic or English. "
    "/sources N shows source N in full, /help shows this, Ctrl-D leaves."
)


def chat_loop(database: Database, read: TextIO, interactive: bool) -> None:
    """Read questions until end of input; follow-ups refer to the previous answer's entity and story."""
    conversation = Conversation()
    last: Answer | None = None
    story: int | None = None
    while True:
        try:
            line = input("› ") if interactive else read.readline()
        except EOFError:
            break
        if not interactive and not line:
            break
        question = line.strip()
        if not question:
            continue
        if question in ("/quit", "/exit"):
            break
        if question == "/help":
            common.out.print(CHAT_HELP)
            continue
        if question.startswith("/sources"):
            _show_source(last, question)
            continue
        result = answer_one(database, question, conversation, story)
        last = result.answer
        if last.top_entity:
            conversation = Conversation(entity_id=last.top_entity.id, language=last.language)
        story = result.story_id or story
        common.out.print(render_in_stories(result))
        common.out.print()


def _show_source(last: Answer | None, command: str) -> None:
    cited = sources(last) if last else []
    parts = command.split()
    if len(parts) != 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= len(cited):
        common.out.print(f"Usage: /sources N, where N is between 1 and {len(cited)} (ask a question first).")
        return
    common.out.print(render_source(cited[int(parts[1]) - 1]))


def run_terminal_chat() -> None:
    """The terminal chat: loads the sample corpus into an empty database, then answers until Ctrl-D."""
    from bot.sample import load_if_empty

    database = common.database(create=True)
    report = load_if_empty(database)
    if report is not None:
        common.err.print(f"The database was empty: loaded the sample corpus ({report.summary()}).")
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (arrow-key history for input())

        common.out.print(CHAT_HELP)
    chat_loop(database, sys.stdin, interactive)


@app.command("chat")
def chat_command() -> None:
    """Chat with the bot in the terminal (Arabic or English).

    Example: briefing chat
    """
    run_terminal_chat()
