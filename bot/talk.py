"""Small talk and markup: what a chat message is before it is a question (greetings, thanks, an emoji).

The word lists live in ``bot/talk.toml``; a message is small talk only when it is nothing else.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from bot.text import normalise

__all__ = ["small_talk", "strip_markup"]

GREETING = "greeting"
THANKS = "thanks"
EMOJI = "emoji"

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MARKDOWN = re.compile(r"(\*\*|__|~~|`+|\|\|)")


def strip_markup(text: str) -> str:
    """Text without HTML tags or Markdown emphasis a user pasted: ``<b>hi</b>`` -> ``hi``."""
    return " ".join(_MARKDOWN.sub(" ", _TAG.sub(" ", text)).split())


@lru_cache(maxsize=1)
def _phrases() -> dict[str, str]:
    raw = tomllib.loads(resources.files("bot").joinpath("talk.toml").read_text(encoding="utf-8"))
    return {normalise(phrase): kind for kind in (GREETING, THANKS) for phrase in raw[kind]}


def _only_symbols(text: str) -> bool:
    """Emoji, punctuation or symbols and nothing else (👍, 🙏🙏, :))."""
    visible = [c for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Cf")]
    return bool(visible) and all(unicodedata.category(c)[0] in "SP" for c in visible)


def small_talk(text: str) -> str | None:
    """``greeting``, ``thanks`` or ``emoji`` when the whole message is small talk, else None."""
    plain = strip_markup(text)
    if _only_symbols(plain):
        return EMOJI
    return _phrases().get(normalise(plain))
