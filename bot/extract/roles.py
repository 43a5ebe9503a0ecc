"""Roles around an Arabic person's name: titles and ranks before it, appositions after it.

``titled_name`` reads "وزير المالية X" or "المتحدث باسم الوزارة العميد X": the role (title, rank and the
body or place it governs) and the name after it, which is never part of the role. ``role_after`` reads
an apposition after a name ("X، المتحدث باسم Y،"). Token ranges only: the caller cuts the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.extract import lexicon as lx
from bot.extract.gazetteer import Gazetteer
from bot.extract.names import (
    NAME_CONNECTORS,
    head_kind,
    is_verb,
    parse_org,
    parse_person_name,
    parse_place,
    quoted,
    starts_name,
)
from bot.extract.tokens import OPEN_QUOTES, Token, alias_key, is_definite, word_is
from bot.text import normalise

TITLES = lx.PERSON_TITLES | lx.ROLE_TITLES
_GOVERNOR = normalise("والي")
MAX_ROLE_WORDS = 10  # a title's complement longer than this is a clause, not a role
MAX_APPOSITION_WORDS = 12
_NAME_END_WORDS = lx._norm_set("في خلال عبر على من إلى أمام مع لدى")


@dataclass(frozen=True)
class TitledName:
    """A role and the name it introduces, as token ranges ``[start, end)``."""

    role_start: int
    role_end: int
    name_start: int
    name_end: int


def is_title(tok: Token) -> bool:
    """A title, rank or role word, with or without a leading conjunction or article."""
    if tok.norm == _GOVERNOR and (tok.text.endswith("ى") or "إ" in tok.text):
        return False  # "وإلى" (and to) normalises to "والي" (governor); only the spelling tells them apart
    return word_is(tok, TITLES)


def skip_rank(toks: list[Token], j: int) -> int:
    """Skip rank modifiers and role adjectives after a title ("العميد الركن", "الناطق الإعلامي")."""
    while (
        j < len(toks)
        and toks[j].is_word
        and (toks[j].norm in lx.RANK_MODIFIERS or toks[j].norm in lx.ROLE_ADJECTIVES)
    ):
        j += 1
    return j


def skip_body(toks: list[Token], j: int) -> int:
    """Skip the body after باسم: a quoted name, a headed name, a definite phrase, or one word."""
    if j >= len(toks):
        return j
    close = quoted(toks, j, 5)
    if close is not None:
        return close + 1
    if not toks[j].is_word:
        return j
    if head_kind(toks[j]) is not None:
        org = parse_org(toks, j)
        return org[0] if org is not None else j + 1
    if is_definite(toks[j].norm):
        k = j
        while k < len(toks) and toks[k].is_word and is_definite(toks[k].norm) and not is_title(toks[k]):
            k += 1
        return k
    return j + 1


def ends_name(toks: list[Token], j: int) -> bool:
    """Whether a name may end before ``toks[j]``: punctuation, a complementiser, a verb, a preposition."""
    if j >= len(toks) or not toks[j].is_word:
        return True
    tok = toks[j]
    return (
        tok.norm in lx.COMPLEMENTISERS
        or tok.norm in lx.NAME_ENDERS
        or tok.norm in lx.NAME_STOPS
        or tok.norm in _NAME_END_WORDS
        or is_verb(tok)
        or is_title(tok)
        or tok.norm.startswith("ل")
    )


def _known_place(tok: Token, gazetteer: Gazetteer) -> bool:
    entry = gazetteer.lookup(alias_key(tok.text)) if gazetteer.enabled else None
    return entry is not None and entry.kind in ("place", "country")


def _leads_to_known(toks: list[Token], k: int, gazetteer: Gazetteer) -> bool:
    """Whether a preposition inside a role leads to a definite or known name ("إلى الأردن")."""
    return (
        k < len(toks) and toks[k].is_word and (is_definite(toks[k].norm) or _known_place(toks[k], gazetteer))
    )


def _skip_complement_word(toks: list[Token], k: int) -> int | None:
    """Where the complement continues when ``toks[k]`` cannot start a name (None: it can)."""
    tok = toks[k]
    if not tok.is_word:
        close = quoted(toks, k, 5) if tok.text in OPEN_QUOTES else None
        return close + 1 if close is not None else None
    if tok.norm in lx.ROLE_FOR:
        return skip_body(toks, k + 1)
    if head_kind(tok) is not None:
        org = parse_org(toks, k)
        return org[0] if org is not None else k + 1
    if word_is(tok, lx.PLACE_HEADS):
        place = parse_place(toks, k)
        return place[1] if place is not None else k + 1
    if tok.norm in NAME_CONNECTORS or starts_name(tok):
        return None
    return k + 1


def _candidates(toks: list[Token], start: int, gazetteer: Gazetteer) -> tuple[int, list[tuple[int, int]]]:
    """(where the role ends, name spans) in the window after a title; a later title restarts it."""
    role_end = start
    spans: list[tuple[int, int]] = []
    k = start
    limit = min(len(toks), start + MAX_ROLE_WORDS)
    while k < limit:
        tok = toks[k]
        if tok.is_word and is_title(tok):
            role_end = k = skip_rank(toks, k + 1)
            limit = min(len(toks), k + MAX_ROLE_WORDS)
            spans = []
            continue
        if not tok.is_word and tok.text not in OPEN_QUOTES:
            break
        if tok.is_word and (tok.norm in lx.COMPLEMENTISERS or tok.norm in lx.NAME_ENDERS or is_verb(tok)):
            break
        if tok.is_word and tok.norm in lx.NAME_STOPS:
            break
        if tok.is_word and tok.norm in _NAME_END_WORDS and not _leads_to_known(toks, k + 1, gazetteer):
            break  # "في مؤتمر صحفي": the clause goes on; "إلى الأردن": the role does
        nxt = _skip_complement_word(toks, k)
        if nxt is None:
            end = parse_person_name(toks, k)
            if end is not None and not _known_place(tok, gazetteer):
                spans.append((k, _first_boundary(toks, k, end)))
            nxt = k + 1
        k = nxt
    return role_end, spans


def _adjective_use(toks: list[Token], i: int) -> bool:
    """ "الوجود الجهادي": a definite title word after a definite noun is its adjective, not a title."""
    if i == 0 or not toks[i].norm.startswith("ال") or not toks[i - 1].is_word:
        return False
    before = toks[i - 1]
    if not before.norm.startswith("ال") or is_title(before) or is_verb(before):
        return False
    return before.norm.endswith("ه") == toks[i].norm.endswith("ه")  # an adjective agrees in gender


def _lam_construct(toks: list[Token], k: int) -> bool:
    """ "لسائقي النقل": لـ with a noun and a definite word after it is part of a role, not a name."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return toks[k].norm.startswith("ل") and nxt is not None and nxt.is_word and is_definite(nxt.norm)


def _first_boundary(toks: list[Token], k: int, end: int) -> int:
    """A name parsed from ``k`` to ``end``, cut at the first place two or more words may end."""
    return next((e for e in range(k + 2, end) if ends_name(toks, e)), end)


def titled_name(toks: list[Token], i: int, gazetteer: Gazetteer) -> TitledName | None:
    """A title at ``toks[i]`` and the person's name it introduces, past its rank and complement."""
    tok = toks[i]
    leader = word_is(tok, lx.LEADER_CUES)
    if not (is_title(tok) or leader) or _adjective_use(toks, i):
        return None
    role_end, spans = _candidates(toks, skip_rank(toks, i + 1), gazetteer)
    spans = [
        s for s in spans if s[0] == role_end or not toks[s[0]].norm.startswith("و")
    ]  # "وX": a new conjunct
    if leader:
        i += 1  # "يقودها X": the role is what describes X after the cue, not the cue itself
    if not spans:
        return None if leader else _name_after_comma(toks, i, role_end)
    # The name is the first span that ends where a name may end; a lone word only right after the role.
    runs_on = [s for s in spans if s[1] - s[0] >= 2] if _takes_complement(toks, role_end) else []
    if spans[0][0] == role_end and spans[0][1] - spans[0][0] >= 2:
        first, end = _last_of_chain(spans[0], runs_on)
        return TitledName(i, first, first, end)  # right after the title: "المقدم X Y توقيف ..."
    spans = [s for s in spans if not _lam_construct(toks, s[0])]
    at_boundary = [s for s in spans if ends_name(toks, s[1]) and (s[1] - s[0] >= 2 or s[0] == role_end)]
    runs_on = [s for s in spans if s[1] - s[0] >= 2 and not _lam_construct(toks, s[0])]
    chosen = at_boundary[0] if at_boundary else (runs_on[0] if runs_on else None)
    if chosen is None:
        return None
    if _takes_complement(toks, role_end):
        chosen = _last_of_chain(chosen, runs_on)
    return TitledName(i, chosen[0], chosen[0], chosen[1])


def _takes_complement(toks: list[Token], role_end: int) -> bool:
    """Whether the last title before ``role_end`` is an office (محافظ, النائبة), not a rank or honorific."""
    last = next((k for k in range(role_end - 1, -1, -1) if toks[k].is_word and is_title(toks[k])), None)
    return last is not None and not word_is(toks[last], lx.RANKS_AND_HONORIFICS)


def _last_of_chain(chosen: tuple[int, int], runs_on: list[tuple[int, int]]) -> tuple[int, int]:
    """The name is the last of adjacent proper-noun runs: "والي X Y Z W" is the governor of X Y, Z W."""
    starts = {s[0]: s for s in runs_on}
    while chosen[1] in starts:
        chosen = starts[chosen[1]]
    return chosen


def _name_after_comma(toks: list[Token], i: int, role_end: int) -> TitledName | None:
    """ "المتحدث باسم الوزارة، X،": the name follows the role after a comma."""
    k = role_end
    while k < len(toks) and toks[k].is_word and k - i < MAX_ROLE_WORDS:
        k = _skip_complement_word(toks, k) or k + 1
    if k + 1 >= len(toks) or toks[k].text not in "،,":
        return None
    end = parse_person_name(toks, k + 1, min_words=2)
    if end is None or not ends_name(toks, end) or head_kind(toks[k + 1]) is not None:
        return None
    return TitledName(i, k, k + 1, end)


def role_after(toks: list[Token], end: int) -> tuple[int, int] | None:
    """An apposition right after a name ("، المتحدث باسم Y،", "، وهو من سكان Z"): its token range."""
    if end + 1 >= len(toks) or toks[end].text not in "،,":
        return None
    start = end + 1
    first = toks[start]
    if not first.is_word or not (is_title(first) or first.norm in ("وهو", "وهي")):
        return None
    k = start + 1
    while k < len(toks) and k - start < MAX_APPOSITION_WORDS:
        tok = toks[k]
        if not tok.is_word and tok.text not in OPEN_QUOTES and tok.text not in '»”"':
            break
        if tok.is_word and (tok.norm in lx.COMPLEMENTISERS or is_verb(tok)):
            break
        k += 1
    return (start, k) if k > start + (0 if is_title(first) else 1) else None
