"""`briefing ask` and `briefing chat`: questions answered from the store, with numbered sources."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

import typer
from rich.markup import escape
from sqlalchemy.orm import Session

from bot import browse, chats, messages, talk
from bot.answer import Answer, Citation, Conversation, present
from bot.answer.engine import MAX_QUESTION_CHARS
from bot.bidi import isolate, isolate_runs
from bot.cli import app, chat_browse, common
from bot.errors import BriefingError, QuestionTooLong
from bot.sources import source_label as name_source
from bot.stories import story_reference
from bot.stories.answers import StoryAnswer, ask_in_stories
from bot.stories.timeline import chosen_story, story_timeline, timeline_lines
from storage import Database

logger = logging.getLogger(__name__)

MAX_LINE_CHARS = MAX_QUESTION_CHARS  # a longer line gets an error object, and costs no memory to skip


def answer_one(
    database: Database,
    question: str,
    conversation: Conversation | None = None,
    last_story: int | None = None,
    language: str | None = None,
) -> StoryAnswer:
    """Answer in its own read transaction, within the story the question is about."""
    with database.session() as session:
        return ask_in_stories(
            session, question, conversation=conversation, last_story=last_story, language=language
        )


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
    """The answer's numbered source list: one citation per article, as ``/sources N`` counts them."""
    return [source.citation for source in present.layout(answer).sources]


def render_in_stories(result: StoryAnswer) -> str:
    """The answer as rich markup, under the story it is from (a grouped answer names each in its text)."""
    if len(result.parts) == 1:
        title = result.parts[0].story.title(result.answer.language)
        heading = messages.text(result.answer.language, "answer.story", title=title)
        return f"[bold]{escape(heading)}[/]\n{render(result.answer)}"
    return render(result.answer)


def render(answer: Answer) -> str:
    """The answer as rich markup: each point with its source numbers, then the numbered sources."""
    language = answer.language
    view = present.layout(answer)  # the terminal has no subscription: times in UTC, as the line says
    lines = [
        f"   [italic]{escape(line)}[/]" if i in view.notes else escape(line)
        for i, line in enumerate(view.lines)
    ]
    if view.sources:
        lines.append("")
        lines.append(f"[bold]{messages.text(language, 'sources_heading')}[/]")
        for source in view.sources:
            lines.append(f"  [cyan]\\[{source.number}][/] {escape(source_line(source, language))}")
    if answer.as_of:
        lines.append(f"[dim]{escape(messages.text(language, 'answer.as_of', date=answer.as_of[:10]))}[/]")
    return "\n".join(lines)


def source_line(source: present.Source, language: str = "en") -> str:
    """One source on one line: outlet (by the one naming rule), date, and the link (else the title)."""
    citation = source.citation
    outlet = isolate(name_source(language, citation.outlet, None, citation.url), language)
    line = outlet
    if citation.published:
        line = messages.text(language, "answer.source_date", outlet=outlet, date=citation.published[:10])
    line += ": " + isolate(citation.url or citation.title, language)
    if source.copy_of is not None:
        line += messages.text(language, "answer.source_copy", number=source.copy_of)
    if citation.corrected:
        line += messages.text(language, "corrected")
    return line


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


@dataclass
class _Chat:
    """The terminal chat's state: the last answer, what it was about, and the language it speaks."""

    conversation: Conversation = field(default_factory=Conversation)
    last: Answer | None = None
    chosen: str | None = None  # set by /language
    language: str = messages.DEFAULT_LANGUAGE  # the chosen one, else the last question's
    story: int | None = None  # the story the chat last asked about


def chat_loop(database: Database, read: TextIO, interactive: bool) -> None:
    """Read questions until end of input; follow-ups refer to the previous answer's entity."""
    chat = _Chat()
    while True:
        try:
            line = input("› ") if interactive else read.readline()
        except EOFError:
            break
        if not interactive and not line:
            break
        question = line.strip()
        if question in ("/quit", "/exit"):
            break
        if question:
            _turn(database, chat, question)


def _turn(database: Database, chat: _Chat, question: str) -> None:
    """One line of the chat: a command of the chat (as in Telegram), small talk, or a question answered
    in the chat's language."""
    command, _, argument = question.partition(" ")
    browse_command = _BROWSING.get(command)
    if command == "/help":
        common.out.print(_localised(chat.language, "chat.help"))
    elif command == "/language":
        _choose_language(chat, question)
    elif command == "/sources" and argument.strip():
        _show_source(database, chat, question)
    elif command == "/timeline":
        _show_timeline(database, chat, argument.strip())
    elif browse_command is not None:
        with database.session() as session:
            common.out.print(browse_command(session, argument.strip(), chat.language))
    elif (kind := talk.small_talk(question)) is not None:
        language = chats.reply_language(question, chosen=chat.chosen, fallback=chat.language)
        common.out.print(chat_browse.say(language, f"talk.{kind}"))
    else:
        _ask(database, chat, question)
    common.out.print()


def _ask(database: Database, chat: _Chat, question: str) -> None:
    language = chats.reply_language(question, chosen=chat.chosen, fallback=chat.language)
    result = answer_one(database, question, chat.conversation, chat.story, language)
    chat.last = result.answer
    chat.language = chat.last.language
    chat.story = result.story_id or chat.story
    if chat.last.top_entity:
        chat.conversation = Conversation(entity_id=chat.last.top_entity.id, language=chat.language)
    common.out.print(render_in_stories(result))


def _entity(session: Session, name: str, language: str) -> str:
    if not name:
        return chat_browse.say(language, "entity_usage")
    return chat_browse.entity_text(browse.lookup_entity(session, name), name, language)


_BROWSING: dict[str, Callable[[Session, str, str], str]] = {
    "/latest": lambda s, _arg, language: chat_browse.latest_text(browse.latest(s), language),
    "/disputed": lambda s, _arg, language: chat_browse.disputed_text(browse.disputed(s), language),
    "/sources": lambda s, _arg, language: chat_browse.outlets_text(browse.sources(s), language),
    "/entity": _entity,
}


def _localised(language: str, key: str, **values: object) -> str:
    """A catalogue text for the terminal: escaped for rich, each embedded run of the other script isolated."""
    lines = messages.text(language, key, **values).splitlines()
    return "\n".join(escape(isolate_runs(line, language)) for line in lines)


def _choose_language(chat: _Chat, command: str) -> None:
    wanted = command.split()[1].lower()[:2] if len(command.split()) > 1 else ""
    if wanted not in messages.LANGUAGES:
        common.out.print(_localised(chat.language, "language_usage"))
        return
    chat.chosen = chat.language = wanted
    common.out.print(_localised(wanted, "language_set"))


def _show_source(database: Database, chat: _Chat, command: str) -> None:
    """/sources N: source N of the last answer, with the article's passage around its quote."""
    cited = sources(chat.last) if chat.last else []
    parts = command.split()
    if len(parts) != 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= len(cited):
        if chat.last is None:
            key = "chat.sources_none"
        else:
            key = "chat.sources_usage" if cited else "chat.sources_empty"
        common.out.print(_localised(chat.language, key, count=len(cited)))
        return
    citation = cited[int(parts[1]) - 1]
    with database.session() as session:
        found = browse.passage(session, citation)
    common.out.print(chat_browse.passage_text(citation, found, chat.language))


def _show_timeline(database: Database, chat: _Chat, argument: str) -> None:
    """/timeline [#N]: a story's timeline; by default the one the chat last asked about, else the largest."""
    named = story_reference(argument if argument.startswith("#") else f"#{argument}") if argument else None
    if argument and named is None:
        common.out.print(_localised(chat.language, "timeline.usage"))
        return
    with database.session() as session:
        wanted = chosen_story(session, named=named, last_story=chat.story)
        found = story_timeline(session, wanted) if wanted is not None else None
    if found is None:
        key, values = ("not_found_story", {"number": wanted}) if wanted else ("nothing_yet", {})
        common.out.print(_localised(chat.language, key, **values))
        return
    language = chat.language
    lines = timeline_lines(found, language, wrap=lambda value: isolate(value, language))
    common.out.print("\n".join(escape(line) for line in lines))


def run_terminal_chat() -> None:
    """The terminal chat: loads the sample corpus into an empty database, then answers until Ctrl-D."""
    from bot.sample import load_if_empty

    # The chat is for reading: routine log lines (a migration, loading the sample) stay out of it.
    logging.getLogger().setLevel(max(logging.getLogger().getEffectiveLevel(), logging.WARNING))
    database = common.database(create=True)
    report = load_if_empty(database)
    if report is not None:
        common.err.print(f"The database was empty: loaded the sample corpus ({report.summary()}).")
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (arrow-key history for input())

        common.out.print(_localised(messages.DEFAULT_LANGUAGE, "chat.help"))
    chat_loop(database, sys.stdin, interactive)


@app.command("chat")
def chat_command() -> None:
    """Chat with the bot in the terminal (Arabic or English).

    Example: briefing chat
    """
    run_terminal_chat()
