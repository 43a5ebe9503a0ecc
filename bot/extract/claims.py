"""Cutting sentences into attributed claims: speaker, reporting verb, stance, kind, verbatim span.

Pure functions over tokens; the caller supplies the article's sentences and resolved mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.extract import lexicon as lx
from bot.extract import speakers as sp
from bot.extract.entities import verb_forms
from bot.extract.gazetteer import Gazetteer
from bot.extract.tokens import CLOSE_QUOTES, OPEN_QUOTES, Token, bare_variants, tokenize, word_is
from bot.text import squash


@dataclass(frozen=True)
class SentenceInput:
    """A stored sentence: its id, offsets, kind and (for tweets) author."""

    id: int | None
    start: int
    end: int
    kind: str
    author: str | None = None


@dataclass(frozen=True)
class MentionInput:
    """A resolved mention: offsets, entity id and kind."""

    start: int
    end: int
    entity_id: int
    kind: str


@dataclass
class ClaimDraft:
    """A claim before it is stored."""

    start: int
    end: int
    sentence_id: int | None
    kind: str
    verb: str | None = None
    stance: str = "affirmed"
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    speaker_entity_id: int | None = None
    proposition: str = ""
    agent: str | None = None  # for "who is behind it" frames: the country/body named as instigator
    entity_ids: set[int] = field(default_factory=set)
    context: tuple[int, int] | None = None  # the statement that introduces a list item: indexed with it


_PUNCT_BREAK = set("،,:؛;")
_ACTOR_KINDS = {"person", "organisation", "group", "outlet", "country"}
_FILLERS = lx._norm_set(
    "ما أفاد به أفادت به ذكره ذكرته أورده أوردته نقلته نقله قاله قالته أعلنه أعلنته أعلنها"
)
_PRONOUN_OBJECTS = lx._norm_set("فيه فيها له لها به بها عنه عنها")
_SOURCE_PREPS = lx._norm_set("عن من ل لـ")
_BACK_REFERENCES = lx._norm_set("منها منه منهم معها معه معهم لها له")
_AGAINST = lx._norm_set("ضد على علي تجاه بحق")
_VERBAL_FRAMES = lx._norm_set("ترغب يرغب تطالب يطالب")
# Request verbs: "X طلبت من Y" names the addressee after من; the one asking is before the verb or its subject.
_REQUEST_VERBS = lx._norm_set("طلبت تطلب يطلب")
_POSSESSIVE = ("ها", "ه", "هم")


def _first_word(toks: list[Token], i: int) -> int:
    while i < len(toks) and not toks[i].is_word:
        i += 1
    return i


def _attribution_at(tok: Token) -> tuple[str, str] | None:
    """('verb', lemma) for a reporting verb, ('prep', lemma) for بحسب/وفق/نقلاً, or None."""
    if not tok.is_word:
        return None
    for v in verb_forms(tok.norm):
        if v in lx.REPORTING_VERBS:
            return ("verb", lx.REPORTING_VERBS[v])
    if tok.norm in lx.ATTRIBUTION_PREPS:
        return ("prep", lx.ATTRIBUTION_PREPS[tok.norm])
    if tok.is_latin:
        low = tok.text.lower()
        if low in lx.ENGLISH_VERBS:
            return ("verb", lx.ENGLISH_VERBS[low])
        if low == "according":
            return ("prep", "according to")
    return None


def _clause_starts(toks: list[Token]) -> list[int]:
    """Token indices where a new claim starts inside one sentence."""
    starts = [0]
    for k, tok in enumerate(toks):
        if k == 0 or _attribution_at(tok) is None or tok.is_latin or tok.norm in lx.PARTICIPLES:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.is_word and nxt.norm in _PRONOUN_OBJECTS:
            continue  # "..., قال فيه إن": the report belongs to what was just named
        prev = k - 1
        opener = None
        if toks[prev].is_word and (toks[prev].norm in lx.CLAUSE_OPENERS):
            opener = prev
            prev -= 1
        words_before = sum(1 for t in toks[starts[-1] : k] if t.is_word)
        if words_before < 6:
            continue  # "وفي تأكيد لذلك، صرح X": a short lead-in belongs to the report
        if sp.fronted_subject(toks[starts[-1] :], k - starts[-1]) is not None:
            continue  # "لكن منظمة X، التي ...، قالت": the subject came first
        if prev >= 0 and not toks[prev].is_word and toks[prev].text in _PUNCT_BREAK | {".", "!", "؟"}:
            starts.append(opener if opener is not None else k)
        elif opener is not None and toks[opener].norm in lx._norm_set("فيما بينما"):
            starts.append(opener)
    return starts


def _speaker_phrase(toks: list[Token], i: int, limit: int = 14) -> tuple[int, int]:
    """Token range of the speaker after a reporting verb.

    Up to أن/إن, a colon or a quote when one comes soon; otherwise a noun phrase (head, adjectives,
    a من/في phrase), so the object of "نفت المصادر الفرنسية طلبها" is not taken for the speaker.
    """
    while i < len(toks) and toks[i].is_word and toks[i].norm in _FILLERS | {"ل", "لـ"}:
        i += 1
    if i < len(toks) and toks[i].is_word and toks[i].norm in lx.SPEAKER_STOPS:
        return i, i  # "أشار إلى أن": no speaker after the verb
    j = i
    end = i
    while j < len(toks) and j - i < limit:
        tok = toks[j]
        if not tok.is_word:
            close = _closing_quote(toks, j) if tok.text in OPEN_QUOTES else None
            if close is not None and (end == i or toks[end - 1].norm in _SOURCE_PREPS):
                return i, close + 1  # 'تقرير صادر عن “X”': the quoted source is the speaker
            if close is not None and word_is(toks[end - 1], lx.NAMED_BODY_HEADS):
                j = end = close + 1  # 'حملة "X" المنظمة': a body's quoted name is part of it
                continue
            if tok.text in ":" or tok.text in OPEN_QUOTES:
                return i, end
            if tok.text in "،," and end > i:
                if j - i < _SHORT_PHRASE:
                    return i, end
                break
            j += 1
            continue
        if tok.norm in lx.COMPLEMENTISERS:
            return i, end
        if tok.norm in lx.SPEAKER_STOPS and end > i:
            # "نفت المصادر الفرنسية طلبها تنفيذ العملية ... وأشارت إلى": a long run before a preposition
            # holds the verb's object too; the speaker is the noun phrase it opens with.
            return (i, end) if j - i <= _LONG_BEFORE_STOP else (i, _noun_phrase_end(toks, i))
        end = j + 1
        j += 1
    return i, _noun_phrase_end(toks, i)


_SHORT_PHRASE = 9  # tokens: a comma this soon after the verb closes the speaker's phrase
_LONG_BEFORE_STOP = 8  # tokens: a run longer than this before إلى/على is more than a speaker


def _closing_quote(toks: list[Token], j: int) -> int | None:
    """The index of the quote mark closing the one at ``j``, when it closes within a few words."""
    return next((n for n in range(j + 1, min(len(toks), j + 8)) if toks[n].text in CLOSE_QUOTES), None)


def _noun_phrase_end(toks: list[Token], i: int) -> int:
    if i >= len(toks) or not toks[i].is_word:
        return i
    head_definite = toks[i].norm.startswith("ال")
    j = i + 1
    in_pp = False
    while j < len(toks) and j - i < 7 and toks[j].is_word:
        norm = toks[j].norm
        if norm in lx.NAME_STOPS or norm in lx.COMPLEMENTISERS:
            break
        if norm in ("من", "في") and j + 1 < len(toks) and toks[j + 1].is_word:
            in_pp = True
            j += 1
            continue
        definite = norm.startswith("ال") or norm.startswith("لل")
        if definite and (head_definite or in_pp or j == i + 1):  # "وزارة الصحة": a construct
            j += 1
            continue
        if in_pp and not definite and j > 0 and toks[j - 1].norm in ("من", "في"):
            j += 1  # من إدلب
            continue
        if not head_definite and not definite and norm.endswith(("ي", "ه", "يه", "ين", "ون")) and not in_pp:
            j += 1  # مصادر أمنية, مصدر محلي
            continue
        break
    return j


def _agent_near(
    toks: list[Token], k: int, gazetteer: Gazetteer, mention_country: dict[int, str]
) -> str | None:
    """The country or body named as instigator around a frame word at ``toks[k]``."""

    def country(tok: Token) -> str | None:
        if not tok.is_word:
            return None
        if tok.start in mention_country:
            return mention_country[tok.start]
        for v in bare_variants(tok.norm):
            named = gazetteer.country_named_by(v) or gazetteer.country_of_adjective(v)
            if named:
                return named
        return None

    words_after: list[Token] = []
    for t in toks[k + 1 :]:
        if t.is_word and t.norm in _AGAINST:
            break  # "pressure against X": X is the target, not the one behind it
        if t.is_word:
            words_after.append(t)
        if len(words_after) >= 7:
            break
    words_before = [t for t in toks[:k] if t.is_word][-4:]
    order: list[list[Token]] = [words_before[::-1]] if toks[k].norm in _VERBAL_FRAMES else [words_after]
    if toks[k].norm in _REQUEST_VERBS:
        addressee_next = bool(words_after) and words_after[0].norm in ("من", "الي", "إلى")
        order = [words_before[::-1]] if addressee_next else [words_after[:2], words_before[::-1]]
    for group in order:
        for tok in group:
            named = country(tok)
            if named:
                return named
    return None


def _frame(
    content: list[Token],
    gazetteer: Gazetteer,
    mention_country: dict[int, str],
    speaker_country: str | None,
    denied: bool = False,
) -> str | None:
    for k, tok in enumerate(content):
        if not tok.is_word:
            continue
        is_frame = word_is(tok, lx.INSTIGATION_WORDS) or (
            tok.is_latin and tok.text.lower() in lx.ENGLISH_INSTIGATION
        )
        if not is_frame:
            continue
        agent = _agent_near(content, k, gazetteer, mention_country)
        nxt = next((t for t in content[k + 1 : k + 3] if t.is_word), None)
        refers_back = nxt is not None and nxt.norm in _BACK_REFERENCES
        if agent is None and (tok.norm.endswith(_POSSESSIVE) or k <= 1 or refers_back or denied):
            # "denied ITS request", "at a request FROM IT", "denied that it had asked": the speaker itself
            agent = speaker_country
        if agent:
            return agent
    return None


def _speaker_country(toks: list[Token], gazetteer: Gazetteer, mention_country: dict[int, str]) -> str | None:
    for tok in toks:
        if tok.start in mention_country:
            return mention_country[tok.start]
        if tok.is_word:
            for v in bare_variants(tok.norm):
                named = gazetteer.country_named_by(v) or gazetteer.country_of_adjective(v)
                if named:
                    return named
    return None


def _mostly_quoted(text: str) -> bool:
    inside = 0
    depth = False
    for ch in text:
        if ch in "«“":
            depth = True
        elif ch in "»”":
            depth = False
        elif depth:
            inside += 1
    return inside >= 0.5 * max(len(text.strip()), 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and clause-joining punctuation at the ends of a span."""
    while start < end and (text[start].isspace() or text[start] in "،,؛;.-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,؛;-–—:"):
        end -= 1
    # A closing quote whose opening is inside stays; an orphan opening quote at the end goes.
    while end > start and text[end - 1] in OPEN_QUOTES and text[end - 1] not in CLOSE_QUOTES:
        end -= 1
    return start, end


@dataclass
class _Flow:
    """What earlier sentences of the article tell the next one."""

    previous: ClaimDraft | None = None  # the last claim with a speaker
    body: ClaimDraft | None = None  # the last claim spoken by a body (a statement's author)
    lead: ClaimDraft | None = None  # the statement that introduces a list (it ends with ':')


@dataclass(frozen=True)
class _Context:
    """The article-wide inputs every clause reads."""

    text: str
    mentions: list[MentionInput]
    gazetteer: Gazetteer
    mention_country: dict[int, str]
    outlet_starts: set[int]


def draft_claims(
    text: str,
    sentences: list[SentenceInput],
    mentions: list[MentionInput],
    gazetteer: Gazetteer,
    *,
    title_span: tuple[int, int] | None,
    mention_country: dict[int, str],
) -> list[ClaimDraft]:
    """Every informative sentence becomes one or more claims (unattributed ones belong to the outlet).

    Sub-headings and label lines are not claims; list items take the speaker of the statement that
    introduces them.
    """
    outlet_starts = {m.start for m in mentions if m.kind == "outlet"}
    ctx = _Context(text, mentions, gazetteer, mention_country, outlet_starts)
    drafts: list[ClaimDraft] = []
    flow = _Flow()
    for sentence in sentences:
        toks = tokenize(text, sentence.start, sentence.end)
        base_kind = _base_kind(sentence, title_span)
        if base_kind is None or sum(1 for t in toks if t.is_word) < 3:
            flow.lead = flow.lead if sentence.kind == "bullet" else None
            continue
        if sentence.kind == "tweet":
            drafts.append(_tweet_claim(text, sentence, toks, gazetteer, mention_country))
            continue
        made = [
            draft
            for first, last in _clauses(toks)
            if (draft := _clause_claim(ctx, sentence, toks[first:last], base_kind, flow)) is not None
        ]
        drafts.extend(made)
        if sentence.kind != "bullet":
            ends_colon = text[sentence.start : sentence.end].rstrip().endswith(":")
            flow.lead = made[-1] if made and ends_colon else None
    return drafts


def _base_kind(sentence: SentenceInput, title_span: tuple[int, int] | None) -> str | None:
    """headline, bullet or statement; None for a sub-heading (not a claim)."""
    if title_span is not None and (
        (sentence.start <= title_span[0] and sentence.end >= title_span[1] - 1)
        or (sentence.start >= title_span[0] and sentence.end <= title_span[1])
    ):
        return "headline"
    if sentence.kind == "heading":
        return None
    return "bullet" if sentence.kind == "bullet" else "statement"


def _clauses(toks: list[Token]) -> list[tuple[int, int]]:
    starts = _clause_starts(toks)
    clauses = [(starts[n], starts[n + 1] if n + 1 < len(starts) else len(toks)) for n in range(len(starts))]
    return _merge_trailing_attribution(toks, clauses)


def _clause_claim(
    ctx: _Context, sentence: SentenceInput, piece: list[Token], base_kind: str, flow: _Flow
) -> ClaimDraft | None:
    """One clause as a claim: span, speaker, verb, kind, stance, proposition, frame and entities."""
    if sum(1 for t in piece if t.is_word) < 2:
        return None
    start, end = _trim(ctx.text, piece[0].start, piece[-1].end)
    if start >= end:
        return None
    draft = ClaimDraft(start, end, sentence.id, base_kind)
    content = _attribute(ctx, draft, piece, flow)
    if draft.verb is None and draft.speaker_span is None and base_kind == "headline":
        content = _headline_label(ctx, draft, piece)
    if draft.verb is None and base_kind == "bullet" and flow.lead is not None:
        _inherit(draft, flow.lead)
        draft.context = (flow.lead.start, flow.lead.end)
    if draft.verb is not None and base_kind == "statement":
        draft.kind = "quote" if _mostly_quoted(ctx.text[start:end]) else "reported"
    draft.stance = _stance(draft.verb, content, piece)
    draft.proposition = " ".join(t.norm for t in content if t.is_word)
    speaker_toks = tokenize(ctx.text, *draft.speaker_span) if draft.speaker_span else []
    speaker_country = _speaker_country(speaker_toks, ctx.gazetteer, ctx.mention_country)
    denied = draft.stance == "denied"
    draft.agent = _frame(content, ctx.gazetteer, ctx.mention_country, speaker_country, denied)
    draft.entity_ids = {m.entity_id for m in ctx.mentions if m.start >= start and m.end <= end}
    if draft.speaker_span is not None and draft.kind != "bullet":
        flow.previous = draft
        if _speaker_kind(draft, ctx.mentions) in _BODY_KINDS:
            flow.body = draft
    return draft


_BODY_KINDS = {"organisation", "group", "outlet", "country"}


def _speaker_kind(draft: ClaimDraft, mentions: list[MentionInput]) -> str | None:
    return next((m.kind for m in mentions if m.entity_id == draft.speaker_entity_id), None)


def _inherit(draft: ClaimDraft, source: ClaimDraft) -> None:
    draft.speaker = source.speaker
    draft.speaker_span = source.speaker_span
    draft.speaker_entity_id = source.speaker_entity_id
    draft.verb = draft.verb or source.verb


def _stance(verb: str | None, content: list[Token], clause: list[Token] | None = None) -> str:
    """'denied' only where someone denies: a denial verb, a rejected report, or a report called false.

    A negation inside what is said ('ولم يتضح عدد المقاتلين') is not a denial.
    """
    if verb in lx.DENIAL_LEMMAS or verb in lx.ENGLISH_DENIALS:
        return "denied"
    rejects = verb in lx.OBJECT_DENIAL_LEMMAS or verb in lx.ENGLISH_OBJECT_DENIALS
    rejected = (clause or content)[:24]
    if rejects and any(word_is(t, lx.REPORT_NOUNS) or t.text.lower() in lx.REPORT_NOUNS for t in rejected):
        return "denied"
    return "denied" if calls_false(content) else "affirmed"


def calls_false(content: list[Token]) -> bool:
    """Whether a clause calls a report false ('عارية عن الصحة', 'completely baseless')."""
    padded = " " + " ".join(t.norm for t in content if t.is_word) + " "
    return any(f" {phrase} " in padded for phrase in lx.DENIAL_PHRASES)


def _headline_label(ctx: _Context, draft: ClaimDraft, piece: list[Token]) -> list[Token]:
    """'X: statement' in a headline names X as the speaker, unless X is a place ('إدلب: ...')."""
    colon = sp.headline_label(piece)
    if colon is None:
        return piece
    end = sp.speaker_end(piece, 0, colon, ctx.outlet_starts)
    inside = [m for m in ctx.mentions if piece[0].start <= m.start < piece[colon].start]
    if any(m.kind == "place" for m in inside) or end == 0:
        return piece
    _set_speaker(draft, piece[0].start, piece[end - 1].end, ctx.mentions)
    return piece[colon + 1 :]


def _merge_trailing_attribution(toks: list[Token], clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """', according to X' at a sentence's end attributes the clause before it instead of standing alone."""
    if len(clauses) < 2:
        return clauses
    first, last = clauses[-1]
    words = [t for t in toks[first:last] if t.is_word]
    lead = _first_word(toks, first)
    kind = _attribution_at(toks[lead]) if lead < last else None
    if kind is not None and kind[0] == "prep" and len(words) <= 9:
        return [*clauses[:-2], (clauses[-2][0], last)]
    if kind is not None and toks[lead].norm in lx._norm_set("وفق بحسب حسب") and len(words) <= 9:
        return [*clauses[:-2], (clauses[-2][0], last)]
    return clauses


def _attribute(ctx: _Context, draft: ClaimDraft, piece: list[Token], flow: _Flow) -> list[Token]:
    """Find the attribution in a clause; fill speaker and verb; return the content tokens."""
    for k, tok in enumerate(piece):
        found = _attribution_at(tok)
        if found is None:
            continue
        kind, lemma = found
        if lemma == "نقل" and not any(t.is_word and t.norm == "عن" for t in piece[k + 1 : k + 10]):
            continue  # "نقلت المروحيات الجرحى": carried, not quoted (a report is "نقل عن")
        if tok.is_latin:
            content = _attribute_english(ctx, draft, piece, k, lemma, flow)
            if content is not None:
                return content
            continue
        if k > 8 and kind == "prep" and sum(1 for t in piece[k:] if t.is_word) <= 9:
            # "..., وفق ما أفاد به X" closing a clause: X is the source of what came before
            s, e = _source_after_relative_verb(ctx, piece, k + 1, *_speaker_phrase(piece, k + 1))
            if e > s:
                _set_speaker(draft, piece[s].start, piece[e - 1].end, ctx.mentions)
            draft.verb = lemma
            return piece[:k]
        subject = _participle_subject(ctx, piece, k) if k > 2 and tok.norm in lx.PARTICIPLES else None
        if subject is not None:
            _set_speaker(draft, piece[subject[0]].start, piece[subject[1] - 1].end, ctx.mentions)
            draft.verb = lemma
            return _after_complementiser(piece[k + 1 :])
        if k > 8 and not _late_verb_ok(piece, k):
            continue
        if kind == "prep":
            return _attribute_prep(ctx, draft, piece, k, lemma)
        return _attribute_verb(ctx, draft, piece, k, lemma, flow)
    return _continued_quote(ctx, draft, piece, flow)


def _late_verb_ok(piece: list[Token], k: int) -> bool:
    """A verb deep in a clause starts an attribution only with a subject fronted before it, or 'قال إن'."""
    if sp.fronted_subject(piece, k) is not None:
        return True
    nxt = piece[k + 1] if k + 1 < len(piece) else None
    if nxt is None or not nxt.is_word or nxt.norm not in _PRONOUN_OBJECTS | lx.COMPLEMENTISERS:
        return False
    return piece[k].norm not in lx.PARTICIPLES


def _participle_subject(ctx: _Context, piece: list[Token], k: int) -> tuple[int, int] | None:
    """'وحمّل X الجهة Y المسؤولية ... قائلاً إن': a participle deep in a clause reports the words of the
    subject of the verb the clause opens with, named right after it (a role may come first)."""
    s = _first_word(piece, _first_word(piece, 0) + 1)
    if s >= k:
        return None
    opening = [m for m in ctx.mentions if m.kind in _ACTOR_KINDS and m.start == piece[s].start]
    if opening:
        e = next((n + 1 for n, t in enumerate(piece) if t.end >= max(m.end for m in opening)), s + 1)
        return (s, _extend_to_person(ctx, piece, s, e)) if e <= k else None
    if not word_is(piece[s], lx.ROLE_WORDS):
        return None
    e = _extend_to_person(ctx, piece, s, _noun_phrase_end(piece, s))
    named = any(m.kind == "person" and piece[s].start <= m.start < piece[e - 1].end for m in ctx.mentions)
    return (s, e) if named and e <= k else None


def _continued_quote(ctx: _Context, draft: ClaimDraft, piece: list[Token], flow: _Flow) -> list[Token]:
    """A sentence that opens a quote right after someone's quoted words goes on with their words."""
    previous = flow.previous
    first = ctx.text[piece[0].start : piece[0].end]
    if previous is None or piece[0].is_word or first not in OPEN_QUOTES:
        return piece
    if not any(ch in OPEN_QUOTES for ch in ctx.text[previous.start : previous.end]):
        return piece
    if draft.start - previous.end > 4:
        return piece
    _inherit(draft, previous)
    return piece


def _attribute_prep(ctx: _Context, draft: ClaimDraft, piece: list[Token], k: int, lemma: str) -> list[Token]:
    """'بحسب X، ...', 'وفقاً لتقارير X': the source follows, the claim is the rest."""
    j = k + 1
    while j < len(piece) and piece[j].is_word and piece[j].norm in _FILLERS | {"ل", "لـ", "ما", "عن"}:
        j += 1
    s, e = _speaker_phrase(piece, j)
    s, e = _source_after_relative_verb(ctx, piece, k + 1, s, e)
    if e > s:
        _set_speaker(draft, piece[s].start, piece[e - 1].end, ctx.mentions)
        first = piece[s]
        if first.norm.startswith("ل") and not first.norm.startswith("ال") and len(first.norm) > 4:
            # "وفقاً لتقارير X": the source is "تقارير X", without the preposition glued to it
            draft.speaker_span = (first.start + 1, piece[e - 1].end)
    draft.verb = lemma
    content = _after_complementiser(piece[e:])
    if len(content) < 2:  # trailing "..., according to X": the content is before it
        content = piece[:k]
    return content


_OBJECT_PRONOUNS = ("هما", "هم", "ها", "ه")  # normalised: ة and ه are one letter


def _reports_with_object(tok: Token) -> bool:
    """'أعلنتها', 'أعلنه', 'ذكرته': a reporting verb carrying its object ('the toll it announced')."""
    if not tok.is_word or tok.is_latin:
        return False
    for suffix in _OBJECT_PRONOUNS:
        if tok.norm.endswith(suffix) and len(tok.norm) - len(suffix) >= 3:
            stem = tok.norm[: -len(suffix)]
            return any(v in lx.REPORTING_VERBS for v in verb_forms(stem))
    return False


def _source_after_relative_verb(
    ctx: _Context, piece: list[Token], after: int, s: int, e: int
) -> tuple[int, int]:
    """'بحسب ما أعلنه X مساء الأحد', 'بحسب الحصيلة التي أعلنتها X': the source is the verb's subject,
    without the time that follows it."""
    verb = next((n for n in range(after, e) if _reports_with_object(piece[n])), None)
    if verb is None:
        return s, e
    s = sp.skip_time_words(piece, verb + 1, len(piece))
    phrase_end = next(
        (
            n
            for n in range(s, min(len(piece), s + 14))
            if not piece[n].is_word or piece[n].norm in lx.COMPLEMENTISERS
        ),
        min(len(piece), s + 14),
    )
    end = sp.speaker_end(piece, s, phrase_end, ctx.outlet_starts) if s < phrase_end else s
    return s, _cover_mentions(ctx, piece, s, end) if end > s else end


def _attribute_verb(
    ctx: _Context, draft: ClaimDraft, piece: list[Token], k: int, lemma: str, flow: _Flow
) -> list[Token]:
    """An Arabic reporting verb: the subject before it (when one is there), else the phrase after it."""
    draft.verb = lemma
    before = _subject_before_verb(ctx, piece, k)
    if before is not None:
        _set_speaker(draft, piece[before[0]].start, piece[before[1] - 1].end, ctx.mentions)
        return _after_complementiser(piece[k + 1 :])
    s, e = _speaker_phrase(piece, k + 1)
    pronoun = s < len(piece) and piece[s].is_word and piece[s].norm in _PRONOUN_OBJECTS
    if e > s and not pronoun:
        content = _after_complementiser(piece[e:])
        if _speaker_after_verb(ctx, draft, piece, (s, e), flow):
            return content
        s = e = k + 1
    actors = [m for m in ctx.mentions if piece[0].start <= m.start and m.end <= piece[k].start]
    actors = [m for m in actors if m.kind in _ACTOR_KINDS]
    subject = _subject_words(piece, k)
    if pronoun and actors:
        _set_speaker(draft, actors[-1].start, actors[-1].end, ctx.mentions)
    elif subject is not None:
        _set_speaker(draft, subject[0], subject[1], ctx.mentions)
    elif flow.previous is not None and piece[k].norm not in lx.PARTICIPLES and not pronoun:
        _inherit(draft, flow.previous)
        draft.verb = lemma
    return _after_complementiser(piece[s + (1 if pronoun else 0) :])


def _subject_before_verb(ctx: _Context, piece: list[Token], k: int) -> tuple[int, int] | None:
    """'وكان X قد أكد', 'X، الذي ...، قال', 'X قال' (a named actor), 'الوزارة تنفي'."""
    for pattern in (sp.kana_subject, sp.fronted_subject):
        found = pattern(piece, k)
        if found is not None:
            return found
    before = [m for m in ctx.mentions if m.end <= piece[k].start and m.start >= piece[0].start]
    if before and k > 0 and _subject_before(piece, before[-1], k):
        first = next(n for n, t in enumerate(piece) if t.start >= before[-1].start)
        last = next(n for n, t in enumerate(piece) if t.end >= before[-1].end)
        return (first, last + 1)
    return sp.imperfect_subject(piece, k)


def _speaker_after_verb(
    ctx: _Context, draft: ClaimDraft, piece: list[Token], phrase: tuple[int, int], flow: _Flow
) -> bool:
    """Set the speaker from the phrase after the verb; False when it names no one (a time, a setting)."""
    s = sp.skip_time_words(piece, *phrase)
    e = sp.speaker_end(piece, s, phrase[1], ctx.outlet_starts) if s < phrase[1] else s
    if e <= s:
        return False
    relayed = sp.relayed_source(piece, s, e) if draft.verb == "نقل" else None
    if relayed is not None:
        s, e = relayed
    if sp.document_reference(piece, s, e) and (flow.body or flow.previous):
        _inherit(draft, flow.body or flow.previous)  # type: ignore[arg-type]
        return True
    e = _extend_to_person(ctx, piece, s, _cover_mentions(ctx, piece, s, e))
    e = _before_verbal_object(ctx, piece, s, e)
    _set_speaker(draft, piece[s].start, piece[e - 1].end, ctx.mentions)
    return True


def _before_verbal_object(ctx: _Context, piece: list[Token], s: int, e: int) -> int:
    """'أعلنت وزارة الصحة ارتفاع عدد القتلى', 'أعلن الناطق ... العقيد X توقيف ٢٣ شخصاً': a name, then a
    verbal noun, is the speaker and then the verb's object."""
    inside = [m for m in ctx.mentions if piece[s].start <= m.start and m.end < piece[e - 1].end]
    if not inside:
        return e
    last = max(m.end for m in inside)
    if any(last <= m.start < piece[e - 1].end for m in ctx.mentions):
        return e  # another name follows: 'وزير الخارجية أيمن ...' is one speaker
    after = next((n for n in range(s, e) if piece[n].start >= last), None)
    if after is None or not piece[after].is_word or piece[after].is_latin:
        return e
    return after if _verbal_noun(piece[after].norm) else e


# Verbal nouns of the derived verb forms, normalised (تفعيل، افتعال، انفعال، استفعال، إفعال): توقيف،
# ارتفاع، انخفاض، استمرار، إعلان. A name seldom has these shapes; a reporting verb's object often does.
_VERBAL_NOUN = re.compile(r"^(?:ت..ي.|ا.ت.ا.|ان..ا.|است..ا.|ا..ا.)$")
_OBJECT_SUFFIXES = ("ها", "هم", "ه")


def _verbal_noun(norm: str) -> bool:
    """Whether a (normalised) word has the shape of a derived verbal noun, a pronoun suffix aside."""
    if _VERBAL_NOUN.match(norm):
        return True
    return any(norm.endswith(x) and _VERBAL_NOUN.match(norm[: -len(x)]) for x in _OBJECT_SUFFIXES)


def _cover_mentions(ctx: _Context, piece: list[Token], s: int, e: int) -> int:
    """A speaker phrase never ends inside a name: it runs to the end of a mention it cuts."""
    last = piece[e - 1].end
    ends = [m.end for m in ctx.mentions if piece[s].start <= m.start < last < m.end]
    if not ends:
        return e
    return next((n + 1 for n, t in enumerate(piece) if t.end >= max(ends)), e)


def _extend_to_person(ctx: _Context, piece: list[Token], s: int, e: int) -> int:
    """'الناطق باسم الأمن العام المقدم X توقيف ...': a role's phrase runs on to the person it names."""
    if not piece[s].is_word or not word_is(piece[s], lx.ROLE_WORDS):
        return e
    for m in ctx.mentions:
        if m.kind != "person" or not (piece[e - 1].end <= m.start) or m.start - piece[e - 1].end > 60:
            continue
        between = [t for t in piece if piece[e - 1].end <= t.start < m.start]
        if any(not t.is_word or t.norm in lx.COMPLEMENTISERS for t in between):
            return e
        return next((n + 1 for n, t in enumerate(piece) if t.end >= m.end), e)
    return e


def _attribute_english(
    ctx: _Context, draft: ClaimDraft, piece: list[Token], k: int, lemma: str, flow: _Flow
) -> list[Token] | None:
    """An English attribution: 'according to X', 'X said', '..., X said', '"...," said X'; None if none."""
    if lemma == "according to":
        draft.verb = lemma
        return _according_to(ctx, draft, piece, k)
    if sp.english_pronoun(piece, k - 1, k) and flow.previous is not None:
        _inherit(draft, flow.previous)
        draft.verb = lemma
        return piece[:k] if k > 3 else _after_that(piece[k + 1 :])
    for pattern in (sp.english_inverted, sp.english_after_verb):
        found = pattern(piece, k)
        if found is not None:
            draft.verb = lemma
            _set_english_speaker(ctx, draft, piece, found, flow)
            return piece[: found[0] - 1] if pattern is sp.english_inverted else piece[: k - 1]
    chunks = sp.english_subject(piece, k)
    if chunks is None:
        return None
    named = [c for c in chunks if _names_actor(ctx, piece, c, {"person"})]
    named = named or [c for c in chunks if _names_actor(ctx, piece, c, _ACTOR_KINDS)]
    subject = (named or chunks)[0]
    if not named and sum(1 for t in piece[subject[0] : subject[1]] if t.is_word) > _ENGLISH_SUBJECT_WORDS:
        return None
    draft.verb = lemma
    if sp.english_pronoun(piece, *subject) and flow.previous is not None:
        _inherit(draft, flow.previous)  # "It has appealed for ...": whoever spoke last
        draft.verb = lemma
    else:
        _set_english_speaker(ctx, draft, piece, subject, flow)
    return _after_that(piece[k + 1 :])


_ENGLISH_SUBJECT_WORDS = 10  # a longer subject that names no one is a clause, not a speaker


def _names_actor(ctx: _Context, piece: list[Token], chunk: tuple[int, int], kinds: set[str]) -> bool:
    start, end = piece[chunk[0]].start, piece[chunk[1] - 1].end
    return any(start <= m.start and m.end <= end and m.kind in kinds for m in ctx.mentions)


_ENGLISH_AUXILIARIES = frozenset(
    "has had have also was were is would will repeatedly previously later".split()
)


def _set_english_speaker(
    ctx: _Context, draft: ClaimDraft, piece: list[Token], found: tuple[int, int], flow: _Flow
) -> None:
    s, e = found
    while e > s + 1 and piece[e - 1].is_word and piece[e - 1].text.lower() in _ENGLISH_AUXILIARIES:
        e -= 1
    if sp.document_reference(piece, s, e) and (flow.body or flow.previous):
        _inherit(draft, flow.body or flow.previous)  # type: ignore[arg-type]
        return
    start, end = piece[s].start, piece[e - 1].end
    named = [m for m in ctx.mentions if start <= m.start and m.end == end and m.kind in _ACTOR_KINDS]
    if named:  # "Police chief X said": the name closing the phrase is the speaker, without the title
        start = named[0].start
    _set_speaker(draft, start, end, ctx.mentions)


_ENGLISH_RELATIVES = frozenset({"who", "which", "whose", "whom"})


def _according_to(ctx: _Context, draft: ClaimDraft, piece: list[Token], k: int) -> list[Token]:
    j = k + 1
    if j < len(piece) and piece[j].is_word and piece[j].text.lower() == "to":
        j += 1
    end = j
    while end < len(piece) and end - j < 8 and (piece[end].is_word or piece[end].text not in ",.;:"):
        if end > j and piece[end].is_word and piece[end].text.lower() in _ENGLISH_RELATIVES:
            break  # "according to a port official who asked not to be named"
        end += 1
    if end > j:
        _set_speaker(draft, piece[j].start, piece[end - 1].end, ctx.mentions)
    rest = piece[end + 1 :] if end < len(piece) else []
    return rest if sum(1 for t in rest if t.is_word) >= 2 else piece[:k]


def _after_that(content: list[Token]) -> list[Token]:
    """What was said: after 'that' when it comes soon ('told reporters on Thursday that ...')."""
    for n, tok in enumerate(content[:8]):
        if tok.is_word and tok.text.lower() == "that":
            return content[n + 1 :]
    return content


def _subject_before(piece: list[Token], mention: MentionInput, k: int) -> bool:
    """A named actor right before the verb, opening the clause or after a label ("تقرير: باريس تنفي")."""
    if mention.kind not in _ACTOR_KINDS | {"place"} or piece[k - 1].start - mention.end > 3:
        return False
    before = [t for t in piece[:k] if t.end <= mention.start]
    while before and before[0].is_word and before[0].norm in sp.LEAD_WORDS:
        before = before[1:]
    return not before or (not before[-1].is_word and before[-1].text in ":،,.")


def _subject_words(piece: list[Token], k: int) -> tuple[int, int] | None:
    """One or two words before the verb that open the clause ("لكن التقرير أشار"): the speaker."""
    words = [t for t in piece[:k] if t.is_word]
    while words and words[0].norm in sp.LEAD_WORDS:
        words = words[1:]
    if 1 <= len(words) <= 2:
        if any(not t.is_word and t.text in "،," for t in piece[:k]):
            return None
        return words[0].start, words[-1].end
    return None


def _after_complementiser(rest: list[Token]) -> list[Token]:
    for n, tok in enumerate(rest[:4]):
        if tok.is_word and tok.norm in lx.COMPLEMENTISERS:
            return rest[n + 1 :]
        if not tok.is_word and tok.text == ":":
            return rest[n + 1 :]
    return rest


def _set_speaker(draft: ClaimDraft, start: int, end: int, mentions: list[MentionInput]) -> None:
    """The speaker's span and entity: a body when the phrase names a body first, else the person named."""
    draft.speaker_span = (start, end)
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if not inside:
        return
    first = min(inside, key=lambda m: m.start)
    persons = [m for m in inside if m.kind == "person"]
    if first.kind in _BODY_KINDS and first.start - start <= _HEAD_SLACK:
        draft.speaker_entity_id = first.entity_id  # "كتيبة X التي يقودها Y": the brigade speaks
    elif persons:
        draft.speaker_entity_id = persons[-1].entity_id  # "المتحدث باسم الوزارة العميد X": X speaks
    else:
        actors = [m for m in inside if m.kind in _ACTOR_KINDS]  # never a place ("سيدة من قرية X")
        draft.speaker_entity_id = actors[0].entity_id if actors else None


_HEAD_SLACK = 4  # characters before a body's name that still open the phrase ("The ", "و")


def _tweet_claim(
    text: str,
    sentence: SentenceInput,
    toks: list[Token],
    gazetteer: Gazetteer,
    mention_country: dict[int, str],
) -> ClaimDraft:
    start, end = _trim(text, sentence.start, sentence.end)
    draft = ClaimDraft(start, end, sentence.id, "tweet", verb=None, speaker=sentence.author)
    content = [
        t
        for t in toks
        if not (t.is_latin and t.text.lower() in {"https", "http", "pic", "twitter", "com", "t", "co"})
    ]
    draft.stance = _stance(None, content)
    draft.proposition = " ".join(t.norm for t in content if t.is_word)
    draft.agent = _frame(content, gazetteer, mention_country, None)
    return draft


_NO_QUOTES = str.maketrans("", "", '«»“”"')


def speaker_text(text: str, draft: ClaimDraft) -> str | None:
    """The speaker as written (whitespace collapsed), or the tweet author."""
    if draft.speaker:
        return draft.speaker
    if draft.speaker_span:
        spoken = squash(text[draft.speaker_span[0] : draft.speaker_span[1]])
        return _without_conjunction(spoken.translate(_NO_QUOTES).strip())[:300] or None
    return None


def _without_conjunction(speaker: str) -> str:
    """'ووزير الزراعة', 'والمحافظ', 'وهيئة الطرق': the 'and' a headline or a clause opens with is not
    part of who speaks; names that begin with و (وائل، وليد) keep it."""
    if not speaker.startswith("و") or len(speaker) < 4:
        return speaker
    rest = tokenize(speaker[1:])
    first = rest[0] if rest else None
    if first is None or not first.is_word:
        return speaker
    heads = lx.ROLE_WORDS | lx.NAMED_BODY_HEADS | lx.PERSON_TITLES | lx.ROLE_TITLES
    definite = first.norm.startswith("ال") and len(first.norm) >= 5
    return speaker[1:] if definite or word_is(first, heads) else speaker
