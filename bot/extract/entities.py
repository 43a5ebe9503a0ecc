"""Finding entity mentions in one article by general patterns: titles, heads, places, quotes, Latin names.

Pure functions over tokens: no database. ``find_mentions`` tries each pattern function of ``PATTERNS`` in
turn at every token; the first that matches gives a mention (and perhaps a role and an alias link).
Resolution across articles happens in ``resolve``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.extract import latin, roles
from bot.extract import lexicon as lx
from bot.extract.gazetteer import Gazetteer
from bot.extract.names import (
    NAME_CONNECTORS,
    head_kind,
    is_name_word,
    is_subject_verb,
    is_verb,
    parse_org,
    parse_person_name,
    parse_place,
    parse_structure,
    quoted,
    span_name,
    verb_forms,
)
from bot.extract.tokens import OPEN_QUOTES, Token, alias_key, bare_variants, clean, strip_clitic_text, word_is
from bot.terms import STOPWORDS
from bot.text import normalise, strip_article

__all__ = ["Found", "RawMention", "find_mentions", "head_kind", "surname", "verb_forms"]


@dataclass
class RawMention:
    """A name found by a pattern: its span in the original text, canonical name, kind, extra aliases.

    ``role_start``/``role_end`` are offsets of the role or description the sentence gives the entity
    ("وزير المالية", "spokesman for the ministry"), cut verbatim from the original text; -1 when none.
    """

    start: int
    end: int
    name: str
    kind: str
    pattern: str
    aliases: list[str] = field(default_factory=list)
    first_token: int = 0  # token indices within the sentence token list
    last_token: int = 0
    role_start: int = -1
    role_end: int = -1


@dataclass
class Found:
    """Everything the patterns found in one sentence (or article)."""

    mentions: list[RawMention] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # alias statements: mention indices


@dataclass(frozen=True)
class Hit:
    """What one pattern found at a token: a name's token range, and what goes with it."""

    first: int
    end: int
    name: str
    kind: str
    pattern: str
    aliases: tuple[str, ...] = ()
    resume: int | None = None  # where scanning goes on (default: ``end``)
    link_to: int | None = None  # an earlier mention this one is another name of
    role: tuple[int, int] | None = None  # token range of the entity's role in this sentence


@dataclass
class Scan:
    """One sentence being scanned: its tokens, what was found so far, and the gazetteer."""

    toks: list[Token]
    gazetteer: Gazetteer
    found: Found
    sentence_first: int = 0


Pattern = Callable[[Scan, int], "Hit | None"]


def _match_phrase(toks: list[Token], i: int, phrases: tuple[str, ...]) -> int | None:
    """Index after a multi-word normalised phrase starting at ``toks[i]`` (clitic ب glued or not)."""
    words: list[str] = []
    k = i
    while k < len(toks) and len(words) < 5:
        if toks[k].is_word:
            words.append(toks[k].norm)
        else:
            break
        k += 1
    best: int | None = None
    for phrase in phrases:
        parts = phrase.split()
        if len(parts) > len(words):
            continue
        if words[: len(parts)] == parts:
            best = max(best or 0, i + len(parts))
        elif len(parts) > 1 and parts[-1] == "ب" and words[: len(parts) - 1] == parts[:-1]:
            best = max(best or 0, i + len(parts) - 1)
    return best


# --- pattern functions: each reads one kind of mention at token i, or returns None -----------------------


def alias_statement(scan: Scan, i: int) -> Hit | None:
    """ "X، المعروف باسم Y", "X أو «Y»", "X, also known as Y": Y is another name of the mention before."""
    toks, tok = scan.toks, scan.toks[i]
    is_or = tok.is_word and tok.norm == "او" and quoted(toks, i + 1, 3) is not None
    subject = _previous_mention(scan.found, toks, i)
    if subject is None:
        return None
    kind = scan.found.mentions[subject].kind
    ends = (_match_phrase(toks, i, lx.ALIAS_CUES), _cue_past_audience(toks, i), i + 1 if is_or else None)
    for j in (end for end in ends if end is not None and end < len(toks)):
        obj = _alias_object(toks, j, kind)
        if obj is not None:
            return Hit(j, obj[0], obj[1], kind, "alias-statement", link_to=subject)
    return None


MAX_AUDIENCE_WORDS = 3  # "المعروف بين العمال بـ«Y»", "known to colleagues as Y"


def _cue_past_audience(toks: list[Token], i: int) -> int | None:
    """Where the alias starts after "known [among whom] as": the audience words are skipped."""
    if not toks[i].is_word or toks[i].norm not in lx.KNOWN_WORDS:
        return None
    for k in range(i + 2, min(len(toks), i + 2 + MAX_AUDIENCE_WORDS)):
        if not toks[k - 1].is_word:
            return None
        if toks[k].norm in lx.KNOWN_AS_LINKS:
            return k + 1
    return None


def quoted_alias(scan: Scan, i: int) -> Hit | None:
    """ "ماجد X «أبو Y»": a quoted kunya or nickname right after a person's name is another name of theirs."""
    toks = scan.toks
    if not scan.found.mentions or toks[i].is_word or toks[i].text not in OPEN_QUOTES:
        return None
    last = _mention_ending_at(scan.found, i - 1)
    if last is None or scan.found.mentions[last].kind != "person":
        return None
    close = quoted(toks, i, 3)
    if close is None or toks[i + 1].norm not in NAME_CONNECTORS:
        return None
    end = parse_person_name(toks, i + 1)
    if end is None or end > close:
        return None
    return Hit(
        i + 1, end, span_name(toks, i + 1, end)[2], "person", "quoted-alias", resume=close + 1, link_to=last
    )


def nickname_role(scan: Scan, i: int) -> Hit | None:
    """ "قائد الفريق الذي يعرفه الأهالي باسم «X»": X is a person whose role is the title before الذي."""
    toks = scan.toks
    if not word_is(toks[i], lx.NICKNAME_VERBS):
        return None
    k = next((k for k in range(i + 1, min(len(toks), i + 5)) if toks[k].norm in lx.ROLE_FOR), None)
    close = quoted(toks, k + 1, 3) if k is not None else None
    if k is None or close is None:
        return None
    inner = [n for n in range(k + 2, close) if toks[n].is_word]
    name = clean(" ".join(toks[n].text for n in inner))
    subject = _previous_mention(scan.found, toks, i)
    if subject is not None and scan.found.mentions[subject].kind == "person":
        return Hit(inner[0], inner[-1] + 1, name, "person", "nickname", resume=close + 1, link_to=subject)
    role = _role_before_relative(toks, i)
    return Hit(inner[0], inner[-1] + 1, name, "person", "nickname", resume=close + 1, role=role)


def _role_before_relative(toks: list[Token], i: int) -> tuple[int, int] | None:
    """The title phrase before "الذي/التي" that a nickname verb follows."""
    rel = next((k for k in range(i - 1, max(-1, i - 4), -1) if toks[k].norm in ("الذي", "التي")), None)
    if rel is None:
        return None
    for k in range(rel - 1, max(-1, rel - roles.MAX_ROLE_WORDS), -1):
        if not toks[k].is_word:
            return None
        if roles.is_title(toks[k]):
            return (k, rel)
    return None


def titled_person(scan: Scan, i: int) -> Hit | None:
    """ "وزير المالية X", "المتحدث باسم الوزارة العميد X": the person after a title, the title as role."""
    found = roles.titled_name(scan.toks, i, scan.gazetteer)
    if found is None:
        return None
    name = span_name(scan.toks, found.name_start, found.name_end)[2]
    role = (found.role_start, found.role_end)
    # Scanning goes on inside the role: the body or place it names ("محافظ البنك المركزي") is a mention too.
    return Hit(found.name_start, found.name_end, name, "person", "title", resume=i + 1, role=role)


def verb_person(scan: Scan, i: int) -> Hit | None:
    """ "قال X Y إن": a two-word name right after a clause-opening reporting verb."""
    toks = scan.toks
    prep = toks[i].is_word and any(v in lx.ATTRIBUTION_PREPS for v in verb_forms(toks[i].norm))
    if not (is_subject_verb(toks[i]) or prep) or i + 1 >= len(toks) or toks[i + 1].is_latin:
        return None
    if not prep and not _opens_clause(toks, i, scan.sentence_first):
        return None
    first = i + 2 if toks[i + 1].norm == "عن" else i + 1  # "نقلاً عن X Y"
    if prep and first < len(toks) and toks[first].norm.startswith("ل"):
        return None  # "وفقاً لتقارير ...": a report, not a person
    end = parse_person_name(toks, first, min_words=2)
    if end is None or not _speaker_boundary(toks, end):
        return None
    return Hit(first, end, span_name(toks, first, end)[2], "person", "verb")


def apposition_person(scan: Scan, i: int) -> Hit | None:
    """ "X Y، المتحدث باسم Z،": a two-word name followed by a comma and a title is a person."""
    toks = scan.toks
    if not toks[i].is_word or toks[i].is_latin or not is_name_word(toks[i]):
        return None
    if i > scan.sentence_first and toks[i - 1].is_word and not is_verb(toks[i - 1]):
        return None
    end = parse_person_name(toks, i, min_words=2)
    if end is None:
        return None
    role = roles.role_after(toks, end)
    if role is None or not roles.is_title(toks[role[0]]):
        return None
    return Hit(i, end, span_name(toks, i, end)[2], "person", "apposition", role=role)


def security_body(scan: Scan, i: int) -> Hit | None:
    """ "الأمن الداخلي", "الأمن العام": a security body named by its adjective."""
    toks, tok = scan.toks, scan.toks[i]
    if not tok.is_word or not (tok.norm == lx.SECURITY_HEAD or "امن" in bare_variants(tok.norm)):
        return None
    follows_head = i > 0 and toks[i - 1].is_word and head_kind(toks[i - 1]) is not None
    adjective = i + 1 < len(toks) and toks[i + 1].is_word and toks[i + 1].norm in lx.SECURITY_ADJECTIVES
    if not adjective or follows_head:
        return None
    return Hit(i, i + 2, span_name(toks, i, i + 2)[2], "organisation", "security")


def headed_body(scan: Scan, i: int) -> Hit | None:
    """ "وزارة الداخلية", "كتيبة «الفجر»", "وكالة «X»": a body named after its head word."""
    toks, tok = scan.toks, scan.toks[i]
    if not tok.is_word:
        return None
    if word_is(tok, lx.QUOTED_BODY_HEADS):
        return _quoted_body(toks, i)
    org = parse_org(toks, i)
    if org is None:
        return None
    end, kind, name, aliases = org
    first = i + 1 if head_kind(tok) == ("outlet", "generic") else i
    return Hit(first, end, name, kind, "head", tuple(aliases))


def _quoted_body(toks: list[Token], i: int) -> Hit | None:
    """ "حملة «X»": a campaign or initiative named in quotes; X alone is its short name."""
    close = quoted(toks, i + 1, 6)
    if close is None:
        return None
    core = clean(" ".join(t.text for t in toks[i + 2 : close] if t.is_word))
    head = strip_clitic_text(toks[i].text)
    return Hit(i, close + 1, clean(f"{head} {core}"), "group", "quoted-head", (core,))


def headed_place(scan: Scan, i: int) -> Hit | None:
    """ "بلدة X", "بريف X", "غربي X", "مخيم الX", "سد X": a place after its head."""
    place = parse_place(scan.toks, i) if scan.toks[i].is_word else None
    if place is None:
        return None
    first, stop, name = place
    return Hit(first, stop, name, "place", "place")


def structure_place(scan: Scan, i: int) -> Hit | None:
    """ "سد X", "معبر X الحدودي": a dam, crossing or airport named after a place; X alone is an alias."""
    found = parse_structure(scan.toks, i)
    if found is None:
        return None
    end, name, bare = found
    return Hit(i, end, name, "place", "structure", (bare,))


def li_quoted(scan: Scan, i: int) -> Hit | None:
    """ "لـ«X»", "نسبة «X»": a quoted name after لـ is an outlet, a body or a kunya."""
    toks, tok = scan.toks, scan.toks[i]
    if not ((tok.is_word and tok.norm in ("لـ", "ل", "نسبه")) or (not tok.is_word and tok.text == "ـ")):
        return None
    close = quoted(toks, i + 1, 4)
    if close is None:
        return None
    inner = [t for t in toks[i + 2 : close] if t.is_word]
    if not inner or len(inner) > 3 or any(t.norm in STOPWORDS for t in inner):
        return None
    head = head_kind(inner[0])
    kind = head[0] if head else ("person" if inner[0].norm in NAME_CONNECTORS else "organisation")
    return Hit(i + 1, close + 1, clean(" ".join(t.text for t in inner)), kind, "quoted")


def quoted_name(scan: Scan, i: int) -> Hit | None:
    """ "«أبو X»" or "«حركة X»" in quotes: a kunya or a headed body."""
    toks, tok = scan.toks, scan.toks[i]
    if tok.is_word or tok.text not in OPEN_QUOTES:
        return None
    close = quoted(toks, i, 5)
    if close is None:
        return None
    if toks[i + 1].norm in NAME_CONNECTORS and close - i <= 4:
        end = parse_person_name(toks, i + 1)
        if end is not None and end <= close:
            return Hit(i + 1, end, span_name(toks, i + 1, end)[2], "person", "quoted-kunya", resume=close + 1)
    if head_kind(toks[i + 1]) is not None:
        org = parse_org(toks, i + 1)
        if org is not None:
            end, kind, name, aliases = org
            return Hit(i + 1, min(end, close), name, kind, "quoted-head", tuple(aliases), resume=close + 1)
    return None


def city_of_country(scan: Scan, i: int) -> Hit | None:
    """ "في نيس الفرنسية": a town named with its country's adjective."""
    toks, tok = scan.toks, scan.toks[i]
    if not (tok.is_word and tok.norm in lx.PLACE_PREPOSITIONS and i + 2 < len(toks)):
        return None
    adjective = toks[i + 2]
    if not (is_name_word(toks[i + 1]) and adjective.is_word and adjective.norm.endswith("يه")):
        return None
    if not scan.gazetteer.country_of_adjective(adjective.norm):
        return None
    return Hit(i + 1, i + 2, clean(toks[i + 1].text), "place", "city-of-country", resume=i + 3)


def latin_mention(scan: Scan, i: int) -> Hit | None:
    """A capitalised Latin name: a person after a title, a body, an outlet or a place."""
    toks = scan.toks
    if not toks[i].is_latin:
        body = latin.quoted_body(toks, i)
        return Hit(body.first, body.end, body.name, body.kind, "latin-quoted") if body is not None else None
    found = latin.latin_name(toks, i, i == scan.sentence_first)
    if found is None:
        return None
    role_start = found.role_start if found.role_start is not None else latin.role_before(toks, found.first)
    role = (role_start, found.first) if role_start is not None and role_start < found.first else None
    if found.kind == "person" and role is None:
        role = latin.role_after(toks, found.end)
    return Hit(found.first, found.end, found.name, found.kind, "latin", role=role)


MAX_BRACKET_GAP = 2


def bracket_alias(scan: Scan, i: int) -> Hit | None:
    """ "مكتب ... (أوتشا)", "the X Centre (EMSC)": a short name in brackets right after a body's name."""
    toks = scan.toks
    if toks[i].text != "(" or not scan.found.mentions:
        return None
    gap = 0
    while (
        gap < MAX_BRACKET_GAP
        and i - gap - 1 >= 0
        and toks[i - gap - 1].is_latin
        and toks[i - gap - 1].text.islower()
    ):
        gap += 1  # "the X relief group (Y)": lower-case descriptors may come between
    last = next(
        (m for g in range(gap + 1) if (m := _mention_ending_at(scan.found, i - 1 - g)) is not None), None
    )
    if last is None or scan.found.mentions[last].kind == "person":
        return None
    close = next((k for k in range(i + 1, min(len(toks), i + 8)) if toks[k].text == ")"), None)
    inside = toks[i + 1 : close] if close is not None else []
    if (
        close is None
        or not inside
        or not all(t.is_word or t.text == "-" for t in inside)
        or not inside[0].is_word
    ):
        return None
    name = clean(" ".join(t.text for t in inside).replace(" - ", "-"))
    return Hit(
        i + 1, close, name, scan.found.mentions[last].kind, "bracket-alias", resume=close + 1, link_to=last
    )


def _mention_ending_at(found: Found, k: int) -> int | None:
    """The index of the mention whose last token is ``toks[k]``, if any."""
    return next((n for n, m in enumerate(found.mentions) if m.last_token == k), None)


def handle(scan: Scan, i: int) -> Hit | None:
    """ "@name": a handle; in brackets after a name, another name of it."""
    toks = scan.toks
    if toks[i].is_word or toks[i].text != "@" or i + 1 >= len(toks) or not toks[i + 1].is_latin:
        return None
    subject = _previous_mention(scan.found, toks, i)
    linked = subject is not None and i > 0 and toks[i - 1].text == "("
    kind = scan.found.mentions[subject].kind if linked and subject is not None else "person"
    return Hit(i, i + 2, "@" + toks[i + 1].text, kind, "handle", link_to=subject if linked else None)


PATTERNS: tuple[Pattern, ...] = (
    alias_statement,
    quoted_alias,
    nickname_role,
    bracket_alias,
    titled_person,
    verb_person,
    apposition_person,
    security_body,
    headed_body,
    structure_place,
    headed_place,
    li_quoted,
    quoted_name,
    city_of_country,
    latin_mention,
    handle,
)


def find_mentions(toks: list[Token], gazetteer: Gazetteer, *, sentence_first: int = 0) -> Found:
    """Pattern mentions in one sentence's tokens (gazetteer names are added by the alias scan)."""
    scan = Scan(toks, gazetteer, Found(), sentence_first)
    taken = [False] * len(toks)
    i = 0
    while i < len(toks):
        hit = None if taken[i] else _first_hit(scan, taken, i)
        if hit is None:
            i += 1
            continue
        index = _add(scan, taken, hit)
        if index >= 0 and hit.link_to is not None:
            scan.found.links.append((hit.link_to, index))
        i = max(i + 1, hit.resume if hit.resume is not None else hit.end)
    return scan.found


def _first_hit(scan: Scan, taken: list[bool], i: int) -> Hit | None:
    """The first pattern's hit at token ``i`` that does not overlap a name already found."""
    for pattern in PATTERNS:
        hit = pattern(scan, i)
        if hit is not None and not any(taken[hit.first : hit.end]):
            return hit
    return None


def _add(scan: Scan, taken: list[bool], hit: Hit) -> int:
    """Store a hit as a mention (quote marks trimmed off its span); its index, or -1 when empty."""
    toks = scan.toks
    i, j = hit.first, hit.end
    while i < j and not toks[i].is_word:
        i += 1
    while j > i and not toks[j - 1].is_word:
        j -= 1
    if i >= j:
        return -1
    for k in range(i, j):
        taken[k] = True
    role = hit.role if hit.role is not None else _role_after_any(toks, j, hit.kind)
    known = scan.gazetteer.lookup(alias_key(hit.name)) if scan.gazetteer.enabled else None
    kind = known.kind if known is not None else hit.kind  # world knowledge says what a name is
    mention = RawMention(
        toks[i].start, toks[j - 1].end, hit.name, kind, hit.pattern, list(hit.aliases), i, j - 1
    )
    if role is not None and role[1] > role[0]:
        words = [k for k in range(role[0], role[1]) if toks[k].is_word]
        if words:
            mention.role_start, mention.role_end = toks[words[0]].start, toks[words[-1]].end
    scan.found.mentions.append(mention)
    return len(scan.found.mentions) - 1


def _role_after_any(toks: list[Token], end: int, kind: str) -> tuple[int, int] | None:
    """A person's apposition after the name, in either script."""
    if kind != "person" or end >= len(toks):
        return None
    return latin.role_after(toks, end) if toks[end - 1].is_latin else roles.role_after(toks, end)


# Words after which a verb still opens its clause ("عندما قال X").
_VERB_OPENERS = lx.CLAUSE_OPENERS | lx._norm_set(
    "عندما حين حيث إذ ثم بعدما قبل بعد كما فيما بينما وقد فقد قد"
)


def _opens_clause(toks: list[Token], i: int, sentence_first: int) -> bool:
    """Whether a verb opens its clause (verb-first order), so the name after it is its subject."""
    if i <= sentence_first or toks[i].norm[:1] in "وف":
        return True
    if toks[i].norm[:1] in "يت" and toks[i - 1].text in OPEN_QUOTES:
        return False  # a quoted fragment "يهدد X ..." goes on from a subject before the quote
    if not toks[i - 1].is_word:
        return True
    return toks[i - 1].norm in _VERB_OPENERS or toks[i - 1].norm in lx.PARTICIPLES


_AFTER_SPEAKER = lx._norm_set("في خلال عبر على عن أمام مع من")


def _speaker_boundary(toks: list[Token], j: int) -> bool:
    """A name after a reporting verb must end where the report starts: punctuation, أن/إن, or لـ."""
    if j >= len(toks):
        return True
    tok = toks[j]
    if not tok.is_word:
        return True
    return tok.norm in lx.COMPLEMENTISERS or tok.norm.startswith("ل") or tok.norm in _AFTER_SPEAKER


# Words that start a new phrase: a mention before one of them is not what a following alias names
# ("a source in the command said that ... Omar Omsen, known as ..." names Omsen, not the command).
_PHRASE_BREAKS = frozenset({"ان", "علي", "الي", "عن", "قال", "said", "that"})


def _end_of_apposition(toks: list[Token], mention: RawMention) -> int:
    """The mention's last token, or the last token of the role given after it ("X, a volunteer with the
    rescue team, who is known as Y"): what follows the role still speaks of X."""
    if mention.role_start <= toks[mention.last_token].end:
        return mention.last_token
    return max((k for k, t in enumerate(toks) if t.end <= mention.role_end), default=mention.last_token)


def _previous_mention(found: Found, toks: list[Token], i: int, exclude: int = -1) -> int | None:
    """The mention that ends closest before token ``i`` (within a dozen tokens, in the same phrase)."""
    best = None
    for index, mention in enumerate(found.mentions):
        if index == exclude or mention.last_token >= i:
            continue
        if i - _end_of_apposition(toks, mention) <= 12 and (
            best is None or mention.last_token > found.mentions[best].last_token
        ):
            best = index
    if best is None:
        return None
    between = toks[_end_of_apposition(toks, found.mentions[best]) + 1 : i]
    if any(t.is_word and t.norm in _PHRASE_BREAKS for t in between):
        return None
    return best


def _alias_object(toks: list[Token], j: int, kind: str) -> tuple[int, str] | None:
    """The alias named after an alias cue: a quoted name, or a name parsed for the subject's kind."""
    close = quoted(toks, j, 4)
    if close is not None:
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        return close + 1, clean(
            " ".join(strip_clitic_text(t.text) if n == 0 else t.text for n, t in enumerate(inner))
        )
    if j < len(toks) and toks[j].is_word and toks[j].norm.startswith("ب") and len(toks[j].norm) > 3:
        pass  # المعروف بـX: the ب is glued; parse from the same token
    if j < len(toks) and toks[j].is_latin:
        found = latin.latin_name(toks, j, sentence_start=False)
        if found is not None and found.first == j:
            return found.end, found.name  # "known locally as Abu Karim al-Haddad"
    if kind == "person":
        end = parse_person_name(toks, j)
        if end is not None:
            _s, _e, name = span_name(toks, j, end)
            return end, name
        return None
    org = parse_org(toks, j)
    if org is not None:
        return org[0], org[2]
    if j < len(toks) and toks[j].is_word and toks[j].norm not in STOPWORDS:
        _s, _e, name = span_name(toks, j, j + 1)
        return j + 1, name
    return None


_LATIN_KUNYA = frozenset({"abu", "abou", "umm", "um", "bin", "ibn"})


def surname(name: str) -> str | None:
    """The last word of a multi-word person name, when it can stand for the person alone."""
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1]
    norm = normalise(last)
    bare = strip_article(norm)
    if len(bare) < 3 or norm in lx.COMMON_WORDS or bare in lx.COMMON_WORDS or norm in STOPWORDS:
        return None
    if normalise(words[0]) in NAME_CONNECTORS or words[0].lower() in _LATIN_KUNYA:
        return None  # أبو X الY: the nisba alone does not name the person; "Abu X": X is someone else
    return last
