"""Mixed-direction text for display: each embedded run of the other script isolated with FSI … PDI.

Only renderers call :func:`isolate` (Telegram, the terminal); the engine's texts and ``ask --json`` keep
quotes, speakers and names exactly as stored. :func:`mixed_lines` is the check tests run on a reply.
"""

from __future__ import annotations

import re

__all__ = ["FSI", "PDI", "isolate", "isolate_html", "isolate_runs", "mixed_lines", "strip_isolates"]

FSI = "\u2068"  # first strong isolate: the run takes the direction of its own first letter
PDI = "\u2069"  # pop directional isolate
_ISOLATED = re.compile(f"{FSI}[^{FSI}{PDI}]*{PDI}")
_ARABIC_CHARS = r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LATIN_CHARS = r"A-Za-z\u00c0-\u024f"
_FRAME = f"«»()\\[\\]{FSI}{PDI}\n"  # the template's own quotes and brackets end a run
_ARABIC = re.compile(f"[{_ARABIC_CHARS}]")
_LATIN = re.compile(f"[{_LATIN_CHARS}]")
# A run of the other script: from its first letter to its last, with the punctuation that ends it.
_RUNS = {
    "ar": re.compile(f"[/@#]?[{_LATIN_CHARS}](?:[^{_ARABIC_CHARS}{_FRAME}]*[{_LATIN_CHARS}])?[.!?,;:…]*"),
    "en": re.compile(f"[/@#]?[{_ARABIC_CHARS}](?:[^{_LATIN_CHARS}{_FRAME}]*[{_ARABIC_CHARS}])?[.!?,;:…]*"),
}


def _script_letters(language: str) -> re.Pattern[str]:
    """The letters that run against a line in ``language``: Latin in Arabic, Arabic in English."""
    return _LATIN if language == "ar" else _ARABIC


def isolate(value: str, language: str) -> str:
    """``value`` wrapped in FSI … PDI when it holds letters of the other script than ``language``'s."""
    if not value or not _script_letters(language).search(value):
        return value
    return f"{FSI}{value}{PDI}"


def _outside_isolates(text: str, language: str, depth: int) -> tuple[str, int]:
    """``text`` with the runs outside any isolate isolated; ``depth`` is how many isolates are open."""
    runs = _RUNS["ar" if language == "ar" else "en"]
    out: list[str] = []
    pending: list[str] = []
    for char in text:
        if depth == 0 and char != FSI:
            pending.append(char)
            continue
        if pending:
            out.append(runs.sub(lambda m: f"{FSI}{m[0]}{PDI}", "".join(pending)))
            pending = []
        out.append(char)
        depth += 1 if char == FSI else -1 if char == PDI else 0
    out.append(runs.sub(lambda m: f"{FSI}{m[0]}{PDI}", "".join(pending)))
    return "".join(out), max(depth, 0)


def isolate_runs(line: str, language: str) -> str:
    """``line`` with each run of the other script isolated, leaving runs already isolated as they are."""
    return _outside_isolates(line, language, 0)[0]


_MARKUP = re.compile(r"(<[^>]*>|&#?[A-Za-z0-9]+;)")


def isolate_html(markup: str, language: str) -> str:
    """:func:`isolate_runs` over the text of Telegram HTML, line by line, never inside a tag or an entity."""
    lines = []
    for line in markup.split("\n"):
        parts = _MARKUP.split(line)  # odd indexes are tags and entities
        depth = 0
        for index, part in enumerate(parts):
            if index % 2 == 0:
                parts[index], depth = _outside_isolates(part, language, depth)
        lines.append("".join(parts))
    return "\n".join(lines)


def strip_isolates(line: str) -> str:
    """``line`` without its isolated runs (innermost first, so nested isolates go too)."""
    while True:
        stripped = _ISOLATED.sub(" ", line)
        if stripped == line:
            return stripped
        line = stripped


def mixed_lines(text: str) -> list[str]:
    """The lines of ``text`` where Arabic and Latin letters meet outside any isolate."""
    return [
        line
        for line in text.splitlines()
        if _ARABIC.search(strip_isolates(line)) and _LATIN.search(strip_isolates(line))
    ]
