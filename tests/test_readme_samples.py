"""The README's answer and digest are what the current code says on the bundled sample corpus."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.digest import service
from bot.messages import text
from handlers.digest_render import digest_messages, take_buttons
from storage import open_database
from storage.chats import upsert_chat
from storage.types import utcnow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "bot" / "sample" / "articles"


def _briefing(args: list[str], url: str) -> str:
    env = dict(os.environ, BRIEFING_DATABASE_URL=url)
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=True)
    return done.stdout


def _sample(heading: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(heading) :]
    start = section.index("```text\n") + len("```text\n")
    return section[start : section.index("\n```", start)]


def _visible(html: str) -> str:
    shown = re.sub(r"<[^>]+>", "", re.sub("[\u2066-\u2069]", "", html))
    return shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _digest_as_shown(url: str) -> str:
    db = open_database(url)
    now = utcnow()
    with db.session() as session:
        upsert_chat(session, chat_id=12345, kind="private")
    service.subscribe(
        db,
        chat_id=12345,
        chat_kind="private",
        time_text="07:30",
        zone_text="Asia/Damascus",
        language="en",
        now=now,
    )
    digest = service.digest_for_chat(
        db, chat_id=12345, now=now, lookback=timedelta(days=30), since=now - timedelta(days=30), topics=None
    )
    db.dispose()
    lines: list[str] = []
    for part in digest_messages(digest):
        html, buttons = take_buttons(part)
        lines.append(_visible(html))
        if buttons and buttons.rest:
            lines.append(f"[ {text('en', 'digest.button_rest')} ]")
        if buttons and buttons.report:
            lines.append(f"[ {text('en', 'button_report')} ]")
    return "\n".join(lines)


# When the sample was ingested: a "first seen" time is the moment of ingest, which differs run by run.
_FIRST_SEEN = re.compile(r"(\d{4}-\d\d-\d\d )?\d\d:\d\d(?=[^()]*first seen)")


def _steady(shown: str) -> str:
    return _FIRST_SEEN.sub("WHEN", shown)


def test_the_readme_shows_a_real_answer_and_a_real_digest(sqlite_url: str) -> None:
    _briefing(["ingest", str(SAMPLE)], sqlite_url)
    answer = re.sub("[\u2066-\u2069]", "", _briefing(["ask", "how many were killed?"], sqlite_url))
    assert _steady(answer.rstrip("\n")) == _steady(_sample("## What an answer looks like"))
    period = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d, Damascus time$", re.M)
    digest = _sample("## What a digest looks like")
    assert period.search(digest), "the README's digest shows its period in Damascus time"
    shown = _digest_as_shown(sqlite_url)
    assert _steady(period.sub("PERIOD", shown)) == _steady(period.sub("PERIOD", digest))
