"""The terminal chat's browsing commands (/latest, /sources, /entity, /disputed) as rich markup.

The same engine functions and catalogue texts as Telegram's (``handlers/render.py``); only the markup
differs: the catalogue's <b> and <i> become rich's bold and italics, every value is isolated by script.
"""

from __future__ import annotations

import html
import re

from rich.markup import escape

from bot import messages
from bot.answer import Citation
from bot.bidi import isolate, isolate_runs
from bot.browse import ArticleItem, EntityLookup, GroupView, Latest, OutletCount, Passage
from bot.sources import source_label

_TAGS = {"<b>": "[bold]", "</b>": "[/bold]", "<i>": "[italic]", "</i>": "[/italic]"}
_TAG = re.compile("|".join(re.escape(tag) for tag in _TAGS))
SHOWN_PER_SIDE = 1


def say(language: str, key: str, /, **values: object) -> str:
    """A catalogue text as rich markup: values escaped, its tags as rich styles, each line isolated."""
    lines = messages.html_text(language, key, **values).splitlines()
    return "\n".join(_rich(isolate_runs(line, language)) for line in lines)


def _rich(html_line: str) -> str:
    parts = _TAG.split(html_line)
    tags = _TAG.findall(html_line)
    out = [escape(html.unescape(parts[0]))]
    for tag, part in zip(tags, parts[1:], strict=True):
        out.append(_TAGS[tag] + escape(html.unescape(part)))
    return "".join(out)


def _value(text: str | None, language: str) -> str:
    return escape(isolate(text or "", language))


def citation_line(number: int | str, citation: Citation, language: str) -> str:
    """``1. Outlet: Title (date) link``."""
    outlet = _value(source_label(language, citation.outlet, None, citation.url), language)
    line = f"{number}. [bold]{outlet}[/]: {_value(citation.title, language)}"
    if citation.published:
        line += f" ({escape(citation.published[:10])})"
    if citation.url:
        line += f" {_value(citation.url, language)}"
    return line


def group_lines(view: GroupView, language: str) -> list[str]:
    """A claim group: label and status, each side with its first source and quote."""
    status = messages.text(language, f"status_{view.status}", count=view.outlet_count)
    lines = [f"[bold]{_value(view.label, language)}[/] ({escape(status)})"]
    for side in view.sides:
        who = f" ({_value(side.speaker, language)})" if side.speaker else ""
        lines.append(f"  [italic]{escape(messages.text(language, f'side_{side.stance}'))}[/]{who}")
        for index, citation in enumerate(side.citations[:SHOWN_PER_SIDE], 1):
            lines.append("  " + citation_line(index, citation, language))
            lines.append(f"     «{_value(citation.quote, language)}»")
    return lines


def article_line(number: int, article: ArticleItem, language: str) -> str:
    published = article.published_at.date().isoformat() if article.published_at else None
    line = citation_line(
        number, Citation(article.outlet, article.title, article.url, published, "", article.id), language
    )
    if published is None:
        seen = messages.text(language, "latest_first_seen", date=article.first_seen_at.date().isoformat())
        line += f" ({escape(seen)})"
    return line


def latest_text(latest: Latest, language: str) -> str:
    if not latest.articles and not latest.groups:
        return say(language, "nothing_yet")
    lines = [say(language, "latest_heading")]
    lines += [article_line(n, a, language) for n, a in enumerate(latest.articles, 1)]
    if latest.groups:
        lines.append(say(language, "latest_claims"))
        for view in latest.groups:
            lines += group_lines(view, language)
    return "\n".join(lines)


def disputed_text(views: list[GroupView], language: str) -> str:
    if not views:
        return say(language, "nothing_disputed")
    return "\n".join(
        [say(language, "disputed_heading"), *(line for v in views for line in group_lines(v, language))]
    )


def outlets_text(outlets: list[OutletCount], language: str) -> str:
    if not outlets:
        return say(language, "nothing_yet")
    lines = [say(language, "sources_list_heading")]
    for outlet in outlets:
        count = messages.text(language, "articles_count", count=outlet.articles)
        newest = f", {outlet.newest.date().isoformat()}" if outlet.newest else ""
        lines.append(
            f"• [bold]{_value(source_label(language, outlet.name), language)}[/]: {escape(count + newest)}"
        )
    return "\n".join(lines)


def entity_text(found: EntityLookup, name: str, language: str) -> str:
    card = found.card
    if card is None:
        unknown = say(language, "not_found_entity", name=name[:200])
        if found.suggestions:
            unknown += say(language, "answer.suggestions", known=messages.join(language, found.suggestions))
        return unknown
    kind = messages.text(
        language, "entity_kind", kind=messages.kind_name(language, card.kind), articles=card.article_count
    )
    lines = [f"[bold]{_value(card.name, language)}[/]", escape(kind)]
    if card.aliases:
        aliases = messages.join(language, [isolate(a, language) for a in card.aliases[:12]])
        lines.append(escape(messages.text(language, "entity_aliases", aliases=aliases)))
    if not card.groups:
        lines.append(say(language, "entity_nothing_said"))
    for view in card.groups:
        lines += group_lines(view, language)
    return "\n".join(lines)


def passage_text(citation: Citation, passage: Passage | None, language: str) -> str:
    """One source in full: title, outlet, date and link, then the article's passage around the quote."""

    def field(key: str, value: str) -> str:
        return escape(messages.text(language, key, value=isolate(value, language)))

    lines = [
        f"[bold]{_value(citation.title, language)}[/]",
        field("field.outlet", source_label(language, citation.outlet, None, citation.url)),
        field("field.published", citation.published or messages.text(language, "field.unknown")),
        field("field.link", citation.url or messages.text(language, "field.local_file")),
        "",
    ]
    if passage is None:
        lines.append(f"«{_value(citation.quote, language)}»")
    else:
        before = f"{_value(passage.before, language)} " if passage.before else ""
        after = f" {_value(passage.after, language)}" if passage.after else ""
        lines.append(f"{before}[bold]«{_value(passage.quote, language)}»[/]{after}")
    return "\n".join(lines)
