"""Rendering for Telegram: escaped HTML, numbered cited sources, messages split under 4,096 UTF-16 units."""

from __future__ import annotations

import html
import re

from fake_bot_api import check_html, utf16_len

from bot.answer.types import Answer, Citation, ClaimHit
from bot.bidi import FSI, PDI
from handlers.buttons import decode, encode
from handlers.render import Block, answer_blocks, split_messages


def _visible(messages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(check_html(m)[1] for m in messages)).strip()


def test_short_blocks_share_one_message() -> None:
    assert split_messages([Block("a"), Block("b", "<b>", "</b>")]) == ["a\n\n<b>b</b>"]


def test_split_between_paragraphs_and_inside_oversized_ones() -> None:
    sentence = "قال المتحدث إن الحملة مستمرة & إن الطرق مغلقة 𝕏. "  # an astral character counts twice
    blocks = [
        Block(html.escape("Intro <not a tag>")),
        Block(html.escape(sentence * 150), "<blockquote>", "</blockquote>"),  # ~7,500 units alone
        Block('1. <a href="https://e.x/?a=1&amp;b=2"><b>Outlet</b>: title</a>', atomic=True),
        Block(html.escape("word " * 2000)),
    ]
    messages = split_messages(blocks)
    assert len(messages) >= 4
    for message in messages:
        assert utf16_len(message) <= 4096
        error, _ = check_html(message)
        assert error is None, error
        assert not re.search(r"&[a-z]*$", message.split("</blockquote>")[0])  # no entity cut in half
    every_block = _visible([b.html for b in blocks])
    assert _visible(messages) == every_block  # nothing lost, nothing repeated


def test_answer_numbers_sources_and_escapes_everything() -> None:
    citation = Citation(
        outlet="<Outlet & Co>",
        title='Title "with" <tags>',
        url="https://news.example/a?x=1&y=<2>",
        published="2025-10-22",
        quote="قال <b>فلان</b> إن & الحملة بدأت",
        article_id=1,
    )
    other = Citation("Second", "T2", None, None, "another verbatim quote", 2, corrected=True)
    claim = ClaimHit("q", "فلان", "corroborated", "g", 7, "affirmed", 1.0, (citation, other), 2)
    answer = Answer("<script>?", True, "prose", "en", "what_said", as_of="2025-10-27", claims=(claim,))
    [message] = split_messages(answer_blocks(answer))
    assert check_html(message)[0] is None
    assert "قال &lt;b&gt;فلان&lt;/b&gt; إن &amp; الحملة بدأت" in message  # the quote, escaped
    assert "(corroborated by 2 outlets) [1][2]" in message  # the point carries its source numbers
    assert (
        '[1] <b>&lt;Outlet &amp; Co&gt;</b>, 2025-10-22: <a href="https://news.example/a?x=1&amp;y=&lt;2&gt;">'
        in message
    )
    assert "[2] <b>Second</b>: T2 (corrected)" in message
    assert message.endswith("<i>As of 2025-10-27</i>")


def test_one_source_list_one_entry_per_article_the_original_first() -> None:
    copy = Citation("Copier", "Copy", "https://e.x/9", "2025-10-22", "same words", 9, syndicated_of=1)
    original = Citation("Wire", "Original", "https://e.x/1", "2025-10-21", "same words", 1)
    first = ClaimHit("q", "Speaker", "corroborated", "g", 1, "affirmed", 1.0, (copy, original), 2)
    again = ClaimHit("q2", "Other", "single-source", "g2", 2, "affirmed", 0.9, (original,), 1)
    for language in ("en", "ar"):
        answer = Answer("?", True, "", language, "what_happened", claims=(first, again))
        [message] = split_messages(answer_blocks(answer))
        visible = check_html(message)[1].replace(FSI, "").replace(PDI, "")
        assert visible.count("https://e.x/1") == 0 and message.count('href="https://e.x/1"') == 1
        assert re.search(r"\[1\] Wire.*\n\[2\] Copier", visible), visible  # the original before its copy
        assert ("(a copy of [1])" if language == "en" else "(نسخة من [1])") in visible
        assert visible.count("[1]") >= 3  # point 1, point 2 and the list all name the same article [1]
        assert "2.2." not in visible and "1.2." not in visible


def test_callback_data_is_small_and_strict() -> None:
    data = encode("m", 10**17, 999_999)
    assert len(data.encode()) < 64
    press = decode(data)
    assert press is not None and (press.action, press.target, press.offset) == ("m", 10**17, 999_999)
    for bad in ("", "m", "m:", "z:1", "m:1:2:3", "m:-1", "f:1 ", "f:1\n", None):
        assert decode(bad) is None


def test_a_page_of_sources_always_fits_one_message() -> None:
    from bot.browse import GroupView
    from handlers.render import sources_page

    long_quote = "قال المتحدث إن الحملة مستمرة وإن الطرق مغلقة. " * 40  # ~1,900 characters
    citations = tuple(
        Citation(f"Outlet {i}", f"Title {i}", f"https://e.x/{i}", "2025-10-22", long_quote, i)
        for i in range(7)
    )
    claim = ClaimHit("q", None, "corroborated", "label", 3, "affirmed", 1.0, citations, 7)
    view = GroupView(3, "label", "corroborated", 7, (claim,))
    offset, pages = 0, 0
    while offset < 7:
        text, shown = sources_page(view, "en", offset)
        assert utf16_len(text) <= 4096 and check_html(text)[0] is None
        assert 1 <= shown <= 5 and long_quote.strip() in html.unescape(text)  # whole quotes, verbatim
        offset, pages = offset + shown, pages + 1
    assert pages >= 4
