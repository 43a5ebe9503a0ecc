"""Entity profiles: the cited roles articles give an entity, and its name in Latin script for English answers.

Extraction calls ``profile_rows`` for one article's mentions; answers call ``load_profiles``. The Latin
name is the spelling an article uses when one does (cited), else a spelling the store knows (gazetteer),
else a transliteration of the Arabic name, marked as such, with the Arabic kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.extract.resolve import ResolvedMention
from bot.extract.tokens import alias_key, clean
from storage import knowledge, profiles
from storage.profiles import ProfileLine
from storage.rows import ProfileLineRow

__all__ = ["Profile", "load_profiles", "profile_rows", "transliterate"]

MAX_ROLE_CHARS = 300
_TRIM = " \t\n،,.:؛;\"'«»“”()"


@dataclass(frozen=True)
class Profile:
    """What an answer says about who or what an entity is, each line with its source."""

    entity_id: int
    name: str  # the canonical name (Arabic where the story is Arabic)
    roles: tuple[ProfileLine, ...]
    latin_name: str
    latin_line: ProfileLine | None  # the article that spells it so, if one does
    transliterated: bool  # True when no article or gazetteer gives a Latin spelling


def profile_rows(article_id: int, text: str, mentions: list[ResolvedMention]) -> list[ProfileLineRow]:
    """Profile lines one article gives: each mention's role, and each Latin full name, with offsets."""
    rows: list[ProfileLineRow] = []
    for m in mentions:
        if m.role_start >= 0 and m.role_end > m.role_start:
            start, end = _trimmed(text, m.role_start, m.role_end)
            if end > start:
                rows.append(_row(m.entity_id, article_id, "role", text, start, end))
        if (
            m.surface.isascii()
            and m.surface[:1].isalpha()
            and (m.kind != "person" or " " in m.surface.strip())
        ):
            rows.append(_row(m.entity_id, article_id, "latin-name", text, m.start, m.end))
    unique = {(r.entity_id, r.kind, r.key): r for r in reversed(rows)}
    return [r for r in rows if unique.get((r.entity_id, r.kind, r.key)) is r and r.key]


def _row(entity_id: int, article_id: int, kind: str, text: str, start: int, end: int) -> ProfileLineRow:
    line = clean(text[start:end])[:MAX_ROLE_CHARS]
    return ProfileLineRow(
        entity_id=entity_id,
        article_id=article_id,
        kind=kind,
        text=line,
        key=alias_key(line)[:MAX_ROLE_CHARS],
        start_offset=start,
        end_offset=end,
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding punctuation and spaces (the citation stays verbatim)."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def load_profiles(session: Session, infos: list[knowledge.EntityInfo]) -> dict[int, Profile]:
    """The profile of each entity: its cited roles and a Latin name (one query for all of them)."""
    lines = profiles.profile_lines(session, [i.id for i in infos])
    out: dict[int, Profile] = {}
    for info in infos:
        own = [line for line in lines if line.entity_id == info.id]
        roles = tuple(line for line in own if line.kind == "role")
        latin = [line for line in own if line.kind == "latin-name"]
        chosen = max(latin, key=lambda line: len(line.text.split()), default=None)
        known = [a for a in info.alias_names if a.isascii() and a[:1].isalpha() and not a.startswith("@")]
        if chosen is not None:
            out[info.id] = Profile(info.id, info.name, roles, chosen.text, chosen, False)
        elif info.name.isascii() or known:
            name = info.name if info.name.isascii() else max(known, key=lambda a: len(a.split()))
            out[info.id] = Profile(info.id, info.name, roles, name, None, False)
        else:
            out[info.id] = Profile(info.id, info.name, roles, transliterate(info.name), None, True)
    return out


_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ى": "a",
    "ة": "a", "ء": "'", "ئ": "'", "ؤ": "'", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}  # fmt: skip
_VOWELS = set("aiu")


def transliterate(name: str) -> str:
    """A readable Latin spelling of an Arabic name ("العطار" -> "al-Attar"); Latin text is kept."""
    words = []
    for word in clean(name).split():
        if word.isascii():
            words.append(word)
            continue
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        latin = _word(word)
        cap = next((n for n, ch in enumerate(latin) if ch.isalpha()), 0)
        words.append(prefix + latin[:cap] + latin[cap : cap + 1].upper() + latin[cap + 1 :])
    return " ".join(w for w in words if w)


def _word(word: str) -> str:
    """One Arabic word in Latin letters: و and ي as vowels between consonants, 'a' after a first cluster."""
    out: list[str] = []
    for n, ch in enumerate(word):
        nxt = word[n + 1] if n + 1 < len(word) else ""
        after_consonant = bool(out) and out[-1][-1:] not in _VOWELS
        if ch == "و":
            out.append("u" if after_consonant and (not nxt or nxt not in "اوي") else "w")
        elif ch == "ي":
            out.append("i" if after_consonant and (not nxt or nxt not in "اوي") else "y")
        else:
            out.append(_LETTERS.get(ch, ""))
    if len(out) >= 2 and out[0] and out[0][-1] not in _VOWELS and out[1][:1] not in _VOWELS | {""}:
        out.insert(1, "a")  # "سليم" reads better as Salim than Slim
    return "".join(out)
