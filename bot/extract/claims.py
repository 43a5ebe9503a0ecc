"""Cutting sentences into attributed claims: speaker, reporting verb, stance, kind, verbatim span.

Pure functions over tokens; the caller supplies the article's sentences and resolved mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.extract import lexicon as lx
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


_PUNCT_BREAK = set("،,:؛;")
_ACTOR_KINDS = {"person", "organisation", "group", "outlet", "country"}
_FILLERS = lx._norm_set("ما أفاد به أفادت به ذكره ذكرته أورده أوردته نقلته نقله قاله قالته")
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
        if prev >= 0 and not toks[prev].is_word and toks[prev].text in _PUNCT_BREAK | {".", "!", "؟"}:
            starts.append(opener if opener is not None else k)
        elif opener is not None and toks[opener].norm in lx._norm_set("فيما بينما"):
            starts.append(opener)
    return starts


def _speaker_phrase(toks: list[Token], i: int, limit: int = 9) -> tuple[int, int]:
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
            if tok.text in OPEN_QUOTES and (end == i or toks[end - 1].norm in _SOURCE_PREPS):
                close = next(
                    (n for n in range(j + 1, min(len(toks), j + 8)) if toks[n].text in CLOSE_QUOTES), None
                )
                if close is not None:  # 'تقرير صادر عن “X”': the quoted source is the speaker
                    return i, close + 1
            if tok.text in ":" or tok.text in OPEN_QUOTES:
                return i, end
            if tok.text in "،," and end > i:
                return i, end
            j += 1
            continue
        if tok.norm in lx.COMPLEMENTISERS:
            return i, end
        if tok.norm in lx.SPEAKER_STOPS and end > i:
            return i, end
        end = j + 1
        j += 1
    return i, _noun_phrase_end(toks, i)


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
        if definite and (head_definite or in_pp):
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


def _negated(toks: list[Token]) -> bool:
    """Whether a proposition is negated (a real negation, not 'still'/'not only')."""
    words = [
        t.norm[1:] if t.norm[:1] in "وف" and t.norm[1:] in lx.NEGATORS else t.norm for t in toks if t.is_word
    ]
    padded = " " + " ".join(words) + " "
    for phrase in lx.NOT_NEGATIONS_NORM:
        padded = padded.replace(f" {phrase} ", " ")
    words = padded.split()
    for n, word in enumerate(words):
        if word in lx.NEGATORS or (word.startswith("و") and word[1:] in lx.NEGATORS and len(word) <= 4):
            if any(w in lx.CONTRAST for w in words[n + 1 : n + 12]):
                continue
            return True
    return False


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


def draft_claims(
    text: str,
    sentences: list[SentenceInput],
    mentions: list[MentionInput],
    gazetteer: Gazetteer,
    *,
    title_span: tuple[int, int] | None,
    mention_country: dict[int, str],
) -> list[ClaimDraft]:
    """Every informative sentence becomes one or more claims (unattributed ones belong to the outlet)."""
    drafts: list[ClaimDraft] = []
    previous_speaker: ClaimDraft | None = None
    previous_ended_colon = False
    for sentence in sentences:
        toks = tokenize(text, sentence.start, sentence.end)
        if sum(1 for t in toks if t.is_word) < 3:
            continue
        is_title = (
            title_span is not None and sentence.start <= title_span[0] and sentence.end >= title_span[1] - 1
        )
        base_kind = "headline" if is_title else ("bullet" if sentence.kind == "bullet" else "statement")
        if sentence.kind == "tweet":
            draft = _tweet_claim(text, sentence, toks, gazetteer, mention_country)
            drafts.append(draft)
            continue
        starts = _clause_starts(toks)
        clauses = [
            (starts[n], starts[n + 1] if n + 1 < len(starts) else len(toks)) for n in range(len(starts))
        ]
        clauses = _merge_trailing_attribution(toks, clauses)
        for first, last in clauses:
            piece = toks[first:last]
            if sum(1 for t in piece if t.is_word) < 2:
                continue
            start, end = _trim(text, piece[0].start, piece[-1].end)
            if start >= end:
                continue
            draft = ClaimDraft(start, end, sentence.id, base_kind)
            content = _attribute(draft, piece, mentions, previous_speaker, gazetteer, mention_country)
            if draft.verb is None and base_kind == "bullet" and previous_ended_colon and previous_speaker:
                draft.speaker = previous_speaker.speaker
                draft.speaker_entity_id = previous_speaker.speaker_entity_id
                draft.speaker_span = previous_speaker.speaker_span
                draft.verb = previous_speaker.verb
            if draft.verb is not None and base_kind == "statement":
                draft.kind = "quote" if _mostly_quoted(text[start:end]) else "reported"
            denied_verb = draft.verb in lx.DENIAL_LEMMAS or draft.verb in lx.ENGLISH_DENIALS
            draft.stance = "denied" if denied_verb or _negated(content) else "affirmed"
            draft.proposition = " ".join(t.norm for t in content if t.is_word)
            speaker_toks = tokenize(text, *draft.speaker_span) if draft.speaker_span else []
            speaker_country = _speaker_country(speaker_toks, gazetteer, mention_country)
            draft.agent = _frame(
                content, gazetteer, mention_country, speaker_country, draft.stance == "denied"
            )
            draft.entity_ids = {m.entity_id for m in mentions if m.start >= start and m.end <= end}
            drafts.append(draft)
            if draft.verb is not None and draft.kind != "bullet":
                previous_speaker = draft
        previous_ended_colon = text[sentence.start : sentence.end].rstrip().endswith(":")
    return drafts


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


def _attribute(
    draft: ClaimDraft,
    piece: list[Token],
    mentions: list[MentionInput],
    previous: ClaimDraft | None,
    gazetteer: Gazetteer,
    mention_country: dict[int, str],
) -> list[Token]:
    """Find the attribution in a clause; fill speaker and verb; return the content tokens."""
    for k, tok in enumerate(piece):
        found = _attribution_at(tok)
        if found is None:
            continue
        if k > 8 and found[0] == "prep" and sum(1 for t in piece[k:] if t.is_word) <= 9:
            # "..., وفق ما أفاد به X" closing a clause: X is the source of what came before
            s, e = _speaker_phrase(piece, k + 1)
            if e > s:
                _set_speaker(draft, piece[s].start, piece[e - 1].end, mentions)
            draft.verb = found[1]
            return piece[:k]
        if k > 8:
            nxt = piece[k + 1] if k + 1 < len(piece) else None
            if nxt is None or not nxt.is_word or nxt.norm not in _PRONOUN_OBJECTS | lx.COMPLEMENTISERS:
                continue
            if tok.norm in lx.PARTICIPLES:
                continue
        kind, lemma = found
        if tok.is_latin:
            return _attribute_english(draft, piece, k, lemma, mentions)
        before = [m for m in mentions if m.end <= tok.start and m.start >= piece[0].start]
        s, e = _speaker_phrase(piece, k + 1)
        if kind == "prep":
            j = k + 1
            while j < len(piece) and piece[j].is_word and piece[j].norm in _FILLERS | {"ل", "لـ", "ما", "عن"}:
                j += 1
            s, e = _speaker_phrase(piece, j)
            if e > s:
                _set_speaker(draft, piece[s].start, piece[e - 1].end, mentions)
                first = piece[s]
                if first.norm.startswith("ل") and not first.norm.startswith("ال") and len(first.norm) > 4:
                    # "وفقاً لتقارير X": the source is "تقارير X", without the preposition glued to it
                    draft.speaker_span = (first.start + 1, piece[e - 1].end)
            draft.verb = lemma
            rest = piece[e:]
            content = _after_complementiser(rest)
            if len(content) < 2:  # trailing "..., according to X": the content is before it
                content = piece[:k]
            return content
        draft.verb = lemma
        pronoun = s < len(piece) and piece[s].is_word and piece[s].norm in _PRONOUN_OBJECTS
        actors = [m for m in before if m.kind in _ACTOR_KINDS]
        if before and k > 0 and _subject_before(piece, before[-1], k):
            # Subject before the verb: "باريس تنفي", "X قال"
            _set_speaker(draft, before[-1].start, before[-1].end, mentions)
            return piece[k + 1 :]
        if e > s and not pronoun:
            _set_speaker(draft, piece[s].start, piece[e - 1].end, mentions)
            return _after_complementiser(piece[e:])
        subject = _subject_words(piece, k)
        if pronoun and actors:
            _set_speaker(draft, actors[-1].start, actors[-1].end, mentions)
        elif subject is not None:
            _set_speaker(draft, subject[0], subject[1], mentions)
        elif previous is not None and tok.norm not in lx.PARTICIPLES and not pronoun:
            draft.speaker = previous.speaker
            draft.speaker_span = previous.speaker_span
            draft.speaker_entity_id = previous.speaker_entity_id
        return _after_complementiser(piece[s + (1 if pronoun else 0) :])
    return piece


def _attribute_english(
    draft: ClaimDraft, piece: list[Token], k: int, lemma: str, mentions: list[MentionInput]
) -> list[Token]:
    draft.verb = lemma
    if lemma == "according to":
        j = k + 1
        if j < len(piece) and piece[j].is_word and piece[j].text.lower() == "to":
            j += 1
        end = j
        while end < len(piece) and end - j < 8 and (piece[end].is_word or piece[end].text not in ",.;:"):
            end += 1
        if end > j:
            _set_speaker(draft, piece[j].start, piece[end - 1].end, mentions)
        rest = piece[end + 1 :] if end < len(piece) else []
        return rest if sum(1 for t in rest if t.is_word) >= 2 else piece[:k]
    before = [t for t in piece[:k] if t.is_word]
    if before:
        subject = [m for m in mentions if m.end <= piece[k].start and m.start >= piece[0].start]
        if subject:
            _set_speaker(draft, subject[-1].start, subject[-1].end, mentions)
        else:
            words = piece[max(0, k - 3) : k]
            _set_speaker(draft, words[0].start, words[-1].end, mentions)
        content = piece[k + 1 :]
    else:
        content = piece[k + 1 :]
    if content and content[0].is_word and content[0].text.lower() == "that":
        content = content[1:]
    return content


_LEAD_WORDS = lx._norm_set("لكن ولكن كما وكما فيما بينما ثم وقد فقد وفعلا")


def _subject_before(piece: list[Token], mention: MentionInput, k: int) -> bool:
    """A named actor right before the verb, opening the clause or after a label ("تقرير: باريس تنفي")."""
    if mention.kind not in _ACTOR_KINDS | {"place"} or piece[k - 1].start - mention.end > 3:
        return False
    before = [t for t in piece[:k] if t.end <= mention.start]
    while before and before[0].is_word and before[0].norm in _LEAD_WORDS:
        before = before[1:]
    return not before or (not before[-1].is_word and before[-1].text in ":،,.")


def _subject_words(piece: list[Token], k: int) -> tuple[int, int] | None:
    """One or two words before the verb that open the clause ("لكن التقرير أشار"): the speaker."""
    words = [t for t in piece[:k] if t.is_word]
    while words and words[0].norm in _LEAD_WORDS:
        words = words[1:]
    if 1 <= len(words) <= 2 and all(not t.is_word or t.is_word for t in piece[:k]):
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
    draft.speaker_span = (start, end)
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if inside:
        best = max(inside, key=lambda m: (m.kind in ("person", "organisation", "outlet", "group"), -m.start))
        draft.speaker_entity_id = best.entity_id


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
    draft.stance = "denied" if _negated(content) else "affirmed"
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
        return spoken.translate(_NO_QUOTES).strip()[:300] or None
    return None
