"""ask(): match a question to entities and claims through the candidate index, rank, and cite."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from bot import embed
from bot.answer import compose, contrast, semantic, spelling
from bot.answer.entities import EntityMatch, leader_of, match_entities
from bot.answer.intent import ParsedQuestion, asks_for_leader, parse_question
from bot.answer.lexicon import english_lemmas, lexicon
from bot.answer.types import Answer, Citation, ClaimHit, Conversation, EntityHit, ProfileRole, Scope
from bot.extract import figures, polarity, world
from bot.extract.gazetteer import configured_gazetteer
from bot.extract.profile import Profile, load_profiles
from bot.extract.stance import Statement, relation
from bot.extract.tokens import alias_key
from bot.sources import source_name
from bot.talk import strip_markup
from bot.terms import STOPWORDS, normalised_terms, pick_ceiling, text_terms
from bot.text import ARABIC_LETTER, normalise, squash, stem, strip_controls
from storage import claims as reads
from storage import knowledge, search
from storage.claims import CandidateRow, ClaimView
from storage.knowledge import EntityInfo

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
SUBJECT_MARGIN = 0.1  # how much worse the first-named entity may match and still be the subject
COUNTERPOINT_INTENTS = ("is_true", "disputed", "how_many")  # questions that seek a disputed point
ENTITY_FOUND = 0.8
CLAIM_FOUND = 0.5
CLAIM_CANDIDATES = 80
ENTITY_CLAIMS = 30
MAX_GROUPS = 5
FUZZY_RESCORE = 60  # the leading candidates get the (dearer) comparison of spellings
SCOPED_OVERVIEW_POOL = 200  # groups read for "what is disputed?" within one story: its own are among them
MAX_CITATIONS = 6
LEXICAL_SUFFICES = 0.75  # a claim carrying this share of the question's weight: no search by meaning
SEMANTIC_CANDIDATES = 40  # nearest claims in the sentence space, added to the lexical candidates
# A count in a claim (normalised text): digits, or Arabic and English number words.
_NUMBER = re.compile(
    r"\d|\b[وب]?(?:ال)?(?:(?:واحد|اثن|ثلاث|اربع|خمس|سبع|ثمان|تسع|عشر)\w*|ست(?:ه|ين|ون|مي\w*|ماي\w*)?"
    r"|مي[هت]|ماي[هت]|مئ[هت]|ميتين|الف(?:ي|ين|ا)?|االف|الاف|مليون|ملايين|مليار)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    r"|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundreds?|thousands?|millions?|dozens?)\b"
)
_TIME = re.compile(
    r"\b(ليل\w*|ليله|امس|اليوم|صباح|مساء|فجر\w*|ظهر|عصر|منذ|يوم|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد|الاثنين)\b"
)
# A clock time, as normalising leaves it ("10 40 p m", "الساعه العاشره"): what "at what time" asks for.
_CLOCK = re.compile(r"\b\d{1,2} \d{2} ?(a m|p m|gmt|am|pm)?\b|\b(الساعه|o clock|a m|p m|gmt)\b")


@dataclass
class TermGroup:
    """One question word and every index stem that counts as finding it."""

    word: str
    stems: frozenset[str]
    idf: float = 0.0
    known: bool = False
    fuzzy: tuple[str, ...] = ()  # Arabic stems long enough to compare by spelling when no stem matches
    entity: bool = False  # stands for the entity the question names, not for what it asks about it
    role: bool = False  # ...by a role or title ("the governor"), which other claims use for others


@dataclass
class Ranked:
    claim: CandidateRow
    score: float
    matched: int = 0
    coverage: float = 0.0
    entities: set[int] = field(default_factory=set)
    spoken: bool = False  # said by an entity the question names
    semantic: float = 0.0  # cosine of the claim with the question in the multilingual sentence space
    topic: float = 0.0  # coverage of the question's words other than the entity's name
    subject: bool = False  # said by, or about, the entity the question is about (its first-named one)
    named: bool = False  # carries a word of the name of an entity the question names


def _term_groups(parsed: ParsedQuestion, skip: frozenset[int]) -> list[TermGroup]:
    lex = lexicon()
    groups = []
    focus = parsed.focus
    joined = _compounds(focus, skip)
    for position, word in enumerate(focus):
        if position in skip or word in STOPWORDS or len(word) < 2 or position - 1 in joined:
            continue
        if position in joined:
            word = word + focus[position + 1]  # "fire-fighting" is one word the glossary knows
        if ARABIC_LETTER.match(word):
            base = stem(word)
            stems = frozenset({base}) | lex.arabic_synonyms(base)
            fuzzy = (base,) if len(base) >= 4 else ()
        else:
            stems = (lex.english_stems(word) or lex.misspelt_english_stems(word)) | {stem(word)}
            stems |= {stem(form) for form in lex.english_forms(word)}
            stems |= {stem(near) for lemma in english_lemmas(word) for near in lex.english_neighbours(lemma)}
            fuzzy = ()
        groups.append(TermGroup(word, frozenset(stems), fuzzy=fuzzy))
    return groups


def _compounds(focus: tuple[str, ...], skip: frozenset[int]) -> set[int]:
    """Positions of English word pairs written apart that the glossary knows as one word (fire fighting)."""
    lex = lexicon()
    found: set[int] = set()
    for i in range(len(focus) - 1):
        a, b = focus[i], focus[i + 1]
        if {i, i + 1} & skip or i - 1 in found or not (a + b).isascii() or not (a + b).isalpha():
            continue
        if lex.english_stems(a + b):  # exact only: a fuzzy look-up per word pair costs a millisecond
            found.add(i)
    return found


def _weigh(session: Session, groups: list[TermGroup], total: int) -> dict[str, int]:
    """Give each group the idf of its rarest stem; return the document frequency of every stem."""
    all_stems = {s for g in groups for s in g.stems}
    df = knowledge.term_counts(session, "claim", all_stems)
    unknown_idf = math.log(1 + total)
    for group in groups:
        own = stem(group.word)
        if not any(df.get(s) for s in group.stems):
            _correct_spelling(session, group, df, sorted(group.stems))
        elif not ARABIC_LETTER.match(group.word) and not df.get(own):
            # A misspelt English word the glossary still recognised (serch -> بحث): English claims
            # need the word itself, corrected (search).
            _correct_spelling(session, group, df, [own])
        present = [df[s] for s in group.stems if df.get(s)]
        group.known = bool(present)
        group.idf = math.log(1 + total / min(total, sum(present))) if present else unknown_idf
    return df


def _correct_spelling(session: Session, group: TermGroup, df: dict[str, int], terms: list[str]) -> None:
    """A word the store does not know may be a typo of one it does (serch -> search): add that term."""
    for term in terms:
        fixed = spelling.correction(session, "claim", term)
        if fixed is not None:
            group.stems = group.stems | {fixed}
            df.update(knowledge.term_counts(session, "claim", [fixed]))
            return


_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abou", "umm", "de", "la", "le", "van", "von"})


def _entity_group(entity: EntityInfo) -> TermGroup:
    stems: set[str] = set()
    for alias in entity.aliases:
        stems |= text_terms(alias.alias)
    # "al-" and "bin" of a Latin name are in every other Latin name: they name no one.
    return TermGroup(entity.name, frozenset(stems - _NAME_PARTICLES), entity=True)


def _role_stems(session: Session, entity: EntityInfo) -> frozenset[str]:
    """The words of the roles the articles give an entity ("محافظ البنك المركزي", "the governor")."""
    profile = load_profiles(session, [entity]).get(entity.id)
    if profile is None:
        return frozenset()
    return frozenset(s for line in profile.roles for s in text_terms(line.text))


def _is_role_word(group: TermGroup, roles: frozenset[str]) -> bool:
    """A question word that names the entity by its role ("what did the governor Y say"), not its topic."""
    return stem(group.word) in roles if ARABIC_LETTER.match(group.word) else bool(group.stems & roles)


def _published(claim: ClaimView) -> str | None:
    when = claim.published_at
    if when is None:
        return None
    return when.isoformat() if claim.published_has_time else when.date().isoformat()


def _citation(claim: ClaimView) -> Citation:
    return Citation(
        outlet=source_name(claim.outlet, claim.credited_outlet, claim.article_url),
        title=claim.article_title,
        url=claim.article_url,
        published=_published(claim),
        quote=squash(claim.quote),
        article_id=claim.article_id,
        corrected=claim.is_correction,
        first_seen=claim.first_seen_at.isoformat(),
        syndicated_of=claim.syndicated_of_id,
    )


MAX_PROFILE_ROLES = 3


def _entity_hit(match: EntityMatch, profile: Profile | None = None) -> EntityHit:
    entity = match.entity
    aliases = tuple(dict.fromkeys([entity.name, *(a.alias for a in entity.aliases)]))
    if profile is None:
        return EntityHit(entity.id, entity.name, entity.kind, aliases, match.score)
    roles = tuple(
        ProfileRole(line.text, line.outlet, line.article_id) for line in profile.roles[:MAX_PROFILE_ROLES]
    )
    return EntityHit(
        entity.id,
        entity.name,
        entity.kind,
        aliases,
        match.score,
        display_name=profile.latin_name,
        transliterated=profile.transliterated,
        roles=roles,
    )


def _entity_hits(session: Session, matches: list[EntityMatch]) -> list[EntityHit]:
    """Matched entities with their profiles (one query for all of them)."""
    found = load_profiles(session, [m.entity for m in matches])
    return [_entity_hit(m, found.get(m.entity.id)) for m in matches]


def _fuzzy_hit(words: tuple[str, ...], stems: frozenset[str]) -> bool:
    return any(process.extractOne(w, stems, scorer=fuzz.ratio, score_cutoff=75) for w in words)


@lru_cache(maxsize=65536)
def _claim_stems(normalised: str) -> frozenset[str]:
    return normalised_terms(normalised)


@dataclass(frozen=True)
class ClaimWeights:
    """What a candidate claim's score is made of: the question's words it carries (0 to 1), then bonuses."""

    fuzzy_credit: float = 0.6  # another form of a question word (أصيب / إصابة) earns this share of its weight
    semantic: float = 1.0  # how much a cosine above the floor adds to the lexical score
    semantic_floor: float = 0.15  # cosine an unrelated sentence reaches: below it, similarity says nothing
    about_entity: float = 0.15  # the claim is linked to an entity the question names
    said_by_entity: float = 0.25  # "what did X say": X speaks
    names_entity: float = 0.05  # names the entity itself, not only through a pronoun or a title
    asked_speaker: float = 0.1  # the question names who speaks ("what do security sources say ...")
    asked_speaker_share: float = 0.75  # ...with this share of the speaker's words
    number: float = 0.1  # "how many ...?": a claim that gives a count leads
    counted: float = 0.2  # ...and one that counts the thing asked about, next to its number, leads more
    count_window: int = 2  # words either side of a number that may name what it counts ("40 villages")
    time: float = 0.1  # a when-question: a claim that gives a time
    clock: float = 0.2  # ...a clock time leads
    disputed: float = 0.1  # "is it true ...?", "what is disputed?": a disputed group's claim
    headline: float = -0.02  # the body usually says the same with its source named
    common_floor: int = 100  # a stem may be this common and still pick candidates (see ``pick_ceiling``)


CLAIM_WEIGHTS = ClaimWeights()


class _Ranker:
    """Scores candidate claims against the question's term groups and matched entities."""

    def __init__(
        self,
        parsed: ParsedQuestion,
        groups: list[TermGroup],
        speakers: list[EntityInfo],
        subject: EntityInfo | None = None,
        weights: ClaimWeights = CLAIM_WEIGHTS,
    ) -> None:
        self.weights = weights
        self.subject_id = subject.id if subject else None
        self.subject_keys = _alias_keys([subject]) if subject else ()
        self.parsed = parsed
        self.groups = groups
        self.speakers = speakers
        self.entity_ids = {e.id for e in speakers}
        self.total_idf = sum(g.idf for g in groups) or 1.0
        self.topic_idf = sum(g.idf for g in groups if not g.entity)
        self.question_stems = frozenset(s for g in groups for s in g.stems)
        self.topic_stems = frozenset(s for g in groups if not g.entity for s in g.stems)
        self.alias_keys = _alias_keys(speakers)

    def score(
        self,
        claim: CandidateRow,
        linked: set[int],
        group_status: str | None,
        fuzzy: bool = False,
        semantic: float = 0.0,
    ) -> Ranked:
        w = self.weights
        stems = _claim_stems(claim.normalised)
        matched_idf = topic_idf = 0.0
        matched = 0
        named = False
        for group in self.groups:
            credit = 0.0
            if group.stems & stems:
                credit = group.idf
            elif fuzzy and group.fuzzy and _fuzzy_hit(group.fuzzy, stems):
                credit = w.fuzzy_credit * group.idf  # another form of the same word: partial credit
            if credit:
                matched_idf += credit
                topic_idf += 0.0 if group.entity else credit
                named = named or (group.entity and not group.role)
                matched += 1
        coverage = matched_idf / self.total_idf if self.groups else 0.0
        topic = topic_idf / self.topic_idf if self.topic_idf else 0.0
        score = coverage + w.semantic * max(0.0, semantic - w.semantic_floor)
        about = linked & self.entity_ids
        if about:
            score += w.about_entity
        speaker = _normalised_speaker(claim.speaker) if claim.speaker else ""
        spoken = claim.speaker_entity_id in self.entity_ids or _names(speaker, self.alias_keys)
        if spoken and self.parsed.intent == "what_said":
            score += w.said_by_entity
        elif about and _names(claim.normalised, self.alias_keys):
            score += w.names_entity
        if speaker:
            # The question names who speaks ("what do security sources say ..."): prefer their claims.
            speaker_stems = _claim_stems(speaker)
            shared = len(speaker_stems & self.question_stems)
            if speaker_stems and shared >= w.asked_speaker_share * len(speaker_stems):
                score += w.asked_speaker
        score = self._with_intent_bonuses(score, claim, group_status)
        subject = self.subject_id is not None and (
            self.subject_id in linked
            or claim.speaker_entity_id == self.subject_id
            or _names(speaker, self.subject_keys)
        )
        return Ranked(claim, score, matched, coverage, about, spoken, semantic, topic, subject, named)

    def _with_intent_bonuses(self, score: float, claim: CandidateRow, group_status: str | None) -> float:
        """``score`` plus what the kind of question asks for (a count, a time, a dispute), a headline last."""
        w = self.weights
        intent = self.parsed.intent
        if intent == "how_many":
            score += self._count_bonus(claim.normalised)
        if intent == "when" and _TIME.search(claim.normalised):
            score += w.time
        if intent == "when" and _CLOCK.search(claim.normalised):
            score += w.clock
        if intent in ("disputed", "is_true") and group_status == "disputed":
            score += w.disputed
        if claim.kind == "headline":
            score += w.headline  # the same as subtracting the penalty, to the last bit
        return score

    def _count_bonus(self, normalised: str) -> float:
        """A count leads a how-many answer; a count of the very thing asked ("40 villages") leads more."""
        tokens = normalised.split()
        numbers = [i for i, token in enumerate(tokens) if _NUMBER.match(token)]
        if not numbers:
            return 0.0
        asked = self.topic_stems
        window = self.weights.count_window
        for i in numbers:
            near = tokens[max(0, i - window) : i + window + 1]
            if any(stem(t) in asked for t in near if not _NUMBER.match(t)):
                return self.weights.counted
        return self.weights.number


@lru_cache(maxsize=16384)
def _normalised_speaker(speaker: str) -> str:
    return normalise(speaker)


def _alias_keys(entities: list[EntityInfo]) -> tuple[str, ...]:
    """Every alias of these entities, padded for whole-word search in normalised text."""
    return tuple({f" {alias.key} " for entity in entities for alias in entity.aliases if alias.key})


def _names(normalised: str, alias_keys: tuple[str, ...]) -> bool:
    """Whether normalised text names one of the aliases as whole words."""
    if not normalised or not alias_keys:
        return False
    text = f" {normalised} "
    return any(key in text for key in alias_keys)


def _side_lead(rows: list[ClaimView], scores: Mapping[int, float]) -> ClaimView:
    """The claim that best states one side: the best-ranked, else the fullest statement."""
    return max(rows, key=lambda r: (scores.get(r.id, -1.0), len(r.normalised)))


def _hits_for_groups(session: Session, ranked: list[Ranked]) -> list[ClaimHit]:
    """Turn the best claims into answer points: one per claim group, both sides for a dispute."""
    scores = {r.claim.id: r.score for r in ranked}
    chosen: list[Ranked] = []
    seen_groups: set[int] = set()
    for item in ranked:
        key = item.claim.group_id if item.claim.group_id is not None else -item.claim.id
        if key in seen_groups:
            continue
        seen_groups.add(key)
        chosen.append(item)
        if len(chosen) >= MAX_GROUPS:
            break
    group_ids = [c.claim.group_id for c in chosen if c.claim.group_id is not None]
    members: dict[int, list[ClaimView]] = {}
    for row in reads.claims_in_groups(session, group_ids):
        if row.group_id is not None:
            members.setdefault(row.group_id, []).append(row)
    full = {row.id: row for row in reads.claims_by_ids(session, [c.claim.id for c in chosen])}
    hits: list[ClaimHit] = []
    for item in chosen:
        best = full[item.claim.id]
        rows = members.get(best.group_id, [best]) if best.group_id is not None else [best]
        status = best.group_status or "single-source"
        label = best.group_label or squash(best.quote)[:120]
        outlet_count = best.group_outlet_count or 1
        sides = [best.stance, *sorted({r.stance for r in rows} - {best.stance})]
        for offset, stance in enumerate(sides if status == "disputed" else [best.stance]):
            side_rows = [r for r in rows if r.stance == stance] if status == "disputed" else rows
            lead = best if stance == best.stance else _side_lead(side_rows, scores)
            ordered = [lead] + [r for r in side_rows if r.id != lead.id]
            citations: list[Citation] = []
            cited_articles: set[int] = set()
            for row in ordered:
                if row.article_id in cited_articles:
                    continue
                cited_articles.add(row.article_id)
                citations.append(_citation(row))
                if len(citations) >= MAX_CITATIONS:
                    break
            hits.append(
                ClaimHit(
                    text=squash(lead.quote),
                    speaker=lead.speaker,
                    status=status,
                    group=label,
                    group_id=best.group_id or 0,
                    stance=stance,
                    score=min(max(item.score - 0.01 * offset, 0.0), 1.0),
                    citations=tuple(citations),
                    outlet_count=outlet_count,
                    speaker_entity_id=lead.speaker_entity_id,
                )
            )
    return hits


def _as_of(claims: list[ClaimHit]) -> str | None:
    """The newest date the answer draws on: publication dates, else when the articles were first seen."""
    citations = [c for hit in claims for c in hit.citations]
    published = [c.published[:10] for c in citations if c.published]
    if published:
        return max(published)
    return max((c.first_seen[:10] for c in citations if c.first_seen), default=None)


def _not_found(
    session: Session,
    parsed: ParsedQuestion,
    near: list[EntityMatch],
    error: str | None,
    language: str | None = None,
) -> Answer:
    language = language or parsed.language
    suggestions = [m.entity.name for m in near[:3]]
    if not suggestions:
        suggestions = [e.name for e in search.top_entities(session, 5)]
    words = " ".join(parsed.focus) or parsed.original.strip()
    text = compose.not_found_text(words[:80], suggestions, language, search.article_count(session))
    return Answer(
        question=parsed.original,
        found=False,
        answer=text,
        language=language,
        intent=parsed.intent,
        suggestions=tuple(suggestions),
        error=error,
    )


# Words of a question that asks for an overview rather than about something in particular.
_OVERVIEW_WORDS = frozenset(
    "disputed dispute disagree disagreement agree differ new latest happened happening outlets outlet"
    " sources source media reports report news story point points"
    " خلاف الخلاف المختلف مختلف عليه عليها جديد الجديد المصادر مصادر وسايل الاعلام الاخبار القصه"
    " النقاط نقاط".split()
)


def _asks_for_overview(parsed: ParsedQuestion, groups: list[TermGroup]) -> bool:
    """'What is disputed?', 'what happened?': nothing specific, so the main points are the answer."""
    if parsed.intent not in ("disputed", "what_happened"):
        return False
    specific = [
        g for g in groups if g.word not in _OVERVIEW_WORDS and not g.word.startswith(("disput", "disagr"))
    ]
    return not specific


@dataclass
class Evidence:
    """What the engine found for one question, before deciding whether and how to answer."""

    parsed: ParsedQuestion
    matches: list[EntityMatch]
    direct: list[EntityMatch]
    top: list[EntityMatch]
    groups: list[TermGroup]
    ranked: list[Ranked]
    entity_question: bool
    opposite: frozenset[int] = frozenset()  # claims worded at the opposite pole of a yes/no question


def _order(r: Ranked) -> tuple[float, int]:
    return (-r.score, -r.claim.id)  # ties: the newer claim first


def _entities_of(
    session: Session, parsed: ParsedQuestion, conversation: Conversation | None
) -> tuple[list[EntityMatch], list[EntityMatch], list[EntityMatch]]:
    """Entity matches, the confident ones, and the one the question is about (perhaps from context)."""
    matches = match_entities(session, parsed.focus, proper=parsed.proper)
    direct = [m for m in matches if m.score >= ENTITY_FOUND]
    top = direct[:1]
    if parsed.intent in ("what_said", "is_true") and len(direct) > 1:
        # "Did X blame Y for ...?": the question is about its subject, the first entity it names, when
        # that name matched nearly as well as the best one (a typo'd first name matches others loosely).
        first = min(direct, key=lambda m: min(m.covered, default=len(parsed.focus)))
        best = direct[0]
        other_kind = first.entity.kind != best.entity.kind  # a person before a country, say
        if first.score >= best.score - SUBJECT_MARGIN and (
            other_kind or len(first.covered) > len(best.covered)
        ):
            top = [first]
    if not direct and parsed.refers_back and conversation and conversation.entity_id:
        rows = knowledge.entities_by_ids(session, [conversation.entity_id])
        top = [EntityMatch(rows[0], 1.0, frozenset())] if rows else []
    return matches, direct, top


def _candidates(
    session: Session, parsed: ParsedQuestion, groups: list[TermGroup], entity_ids: set[int]
) -> tuple[list[CandidateRow], dict[int, float], embed.Vectors]:
    """Candidate claims from the term index, the named entities and the sentence space, with their
    cosines and the question's vector."""
    total = max(search.max_target_id(session, "claim"), 1)
    df = _weigh(session, groups, total)
    ceiling = pick_ceiling(total, CLAIM_WEIGHTS.common_floor)
    weights = {s: g.idf for g in groups if g.known for s in g.stems if df.get(s, 0) <= ceiling}
    lexical = search.best_targets(session, weights, "claim", CLAIM_CANDIDATES)
    candidate_ids = [cid for cid, _ in lexical]
    candidate_ids += search.claims_about(session, entity_ids, ENTITY_CLAIMS)
    query = semantic.question_vector(parsed.original)
    question_weight = sum(g.idf for g in groups) or 1.0
    if not lexical or lexical[0][1] < LEXICAL_SUFFICES * question_weight:
        # The words alone do not find a claim that carries most of the question: search by meaning too.
        candidate_ids += list(semantic.nearest(session, query, SEMANTIC_CANDIDATES))
    claims = reads.candidates_by_ids(session, list(dict.fromkeys(candidate_ids)))
    return claims, semantic.similarities(session, query, [c.id for c in claims]), query


def _opposite_pole_claims(
    session: Session, parsed: ParsedQuestion, groups: list[TermGroup], scope: Scope | None = None
) -> list[CandidateRow]:
    """Claims worded at the opposite pole of the question (peaceful / riots, open / closed, over / still):
    a yes/no question's other side rarely shares its words. Misspelt words count as corrected."""
    if parsed.intent not in COUNTERPOINT_INTENTS:
        return []
    total = max(search.max_target_id(session, "claim"), 1)
    wording = " ".join([parsed.normalised, *(s for g in groups for s in g.stems)])
    poles = polarity.cues(wording).poles
    if not poles:
        return []
    topic = {s for g in groups if not g.entity for s in g.stems}
    found: dict[int, CandidateRow] = {}
    for pole in sorted(poles):  # each axis on its own: "dead" must not crowd out "still searching"
        words = text_terms(" ".join(polarity.opposite_words(frozenset({pole}))))  # as the index keys them
        df = knowledge.term_counts(session, "claim", words)
        weights = {w: math.log(1 + total / n) for w, n in df.items() if n}
        hits = [cid for cid, _ in search.best_targets(session, weights, "claim", OPPOSITE_POOL)]
        # The other side is about the same thing: those sharing the question's words come first.
        rows = _in_scope(reads.candidates_by_ids(session, hits), scope)
        shared = {r.id: len(topic & _claim_stems(r.normalised)) for r in rows}
        for row in sorted(rows, key=lambda r: -shared[r.id])[:OPPOSITE_CANDIDATES]:
            found.setdefault(row.id, row)
    return list(found.values())


def _in_scope(claims: list[CandidateRow], scope: Scope | None) -> list[CandidateRow]:
    """The candidates inside the scope (all of them without one)."""
    if scope is None:
        return claims
    kept = scope.keep([c.id for c in claims])
    return [c for c in claims if c.id in kept]


def gather(
    session: Session,
    parsed: ParsedQuestion,
    conversation: Conversation | None = None,
    scope: Scope | None = None,
) -> Evidence:
    """Match entities, retrieve candidate claims and rank them for one parsed question (within ``scope``)."""
    matches, direct, top = _entities_of(session, parsed, conversation)
    covered = frozenset(top[0].covered) if top else frozenset()
    groups = _term_groups(parsed, covered)
    if top and covered:
        name = _entity_group(top[0].entity)
        roles = _role_stems(session, top[0].entity)
        for group in groups:  # words of the name the match left out (a title, a first name, a role)
            group.role = not group.stems & name.stems and _is_role_word(group, roles)
            group.entity = bool(group.stems & name.stems) or group.role
        groups.append(name)
    entity_ids = {m.entity.id for m in top}
    claims, sims, query = _candidates(session, parsed, groups, entity_ids)
    opposite_rows = _opposite_pole_claims(session, parsed, groups, scope)
    opposite = [r.id for r in opposite_rows]
    known = {c.id for c in claims}
    extra = [r for r in opposite_rows if r.id not in known]
    if extra:
        claims = claims + extra
        sims |= semantic.similarities(session, query, [c.id for c in extra])
    claims = _in_scope(claims, scope)
    links = search.claim_entity_links(session, [c.id for c in claims]) if entity_ids else {}
    ranker = _Ranker(parsed, groups, [m.entity for m in (direct or top)], top[0].entity if top else None)
    ranked = sorted(
        (
            ranker.score(c, links.get(c.id, set()), c.group_status, semantic=sims.get(c.id, 0.0))
            for c in claims
        ),
        key=_order,
    )
    # Comparing spellings is dearer than comparing stems: only the leaders get the second look.
    head = [
        ranker.score(r.claim, r.entities, r.claim.group_status, True, r.semantic)
        for r in ranked[:FUZZY_RESCORE]
    ]
    ranked = sorted(head + ranked[FUZZY_RESCORE:], key=_order)
    if parsed.latest:
        ranked = _newest_first(session, ranked)
    if not top and _asks_for_overview(parsed, groups):
        status = "disputed" if parsed.intent == "disputed" else None
        pool = 5 if scope is None else SCOPED_OVERVIEW_POOL
        main_points = search.representative_claims(session, status=status, limit=pool)
        overview = _in_scope(reads.candidates_by_ids(session, main_points), scope)[:5]
        ranked = [Ranked(c, 0.6, 0, CLAIM_FOUND) for c in overview]
        groups = []
    entity_question = bool(top) and (
        len(covered) >= len([w for w in parsed.focus if w not in STOPWORDS]) or parsed.intent == "who_is"
    )
    return Evidence(parsed, matches, direct, top, groups, ranked, entity_question, frozenset(opposite))


LATEST_POOL = 20  # leading claims re-ranked by date when a question asks for the latest account
LATEST_BONUS = 1.0  # what the newest of them gains over the oldest (a revised toll over the first one)
LATEST_ON_TOPIC = 0.75  # ...of those carrying at least this share of the best one's words


def _newest_first(session: Session, ranked: list[Ranked]) -> list[Ranked]:
    """'The latest toll': among the leading claims on the question, the account first reported most
    recently ranks higher (a later copy of an old report is still the old account). Publication dates
    decide; when too few are known, the times the articles were first seen do."""
    best = max((r.coverage for r in ranked[:LATEST_POOL]), default=0.0)
    pool = [r for r in ranked[:LATEST_POOL] if r.coverage > 0 and r.coverage >= LATEST_ON_TOPIC * best]
    views = reads.claims_by_ids(session, [r.claim.id for r in pool])
    members = [
        *views,
        *reads.claims_in_groups(session, {v.group_id for v in views if v.group_id is not None}),
    ]
    dates = _first_reported(views, members, published=True)
    if len(set(dates.values())) < 2:
        dates = _first_reported(views, members, published=False)
    if len(set(dates.values())) < 2:
        return ranked
    oldest, newest = min(dates.values()), max(dates.values())
    span = (newest - oldest).total_seconds()
    for r in pool:
        if r.claim.id in dates:
            r.score += LATEST_BONUS * (dates[r.claim.id] - oldest).total_seconds() / span
    return sorted(ranked, key=_order)


def _first_reported(
    views: list[ClaimView], members: list[ClaimView], *, published: bool
) -> dict[int, datetime]:
    """When each claim's account was first reported: the earliest date among its group's members that
    give the same figures (a group may hold a toll's revisions; a reprint keeps the old toll)."""
    first: dict[tuple[int, frozenset[float]], datetime] = {}
    for view in members:
        when = view.published_at if published else view.first_seen_at
        if when is not None:
            key = _account(view)
            first[key] = min(first.get(key, when.replace(tzinfo=None)), when.replace(tzinfo=None))
    return {v.id: first[_account(v)] for v in views if _account(v) in first}


def _account(view: ClaimView) -> tuple[int, frozenset[float]]:
    group = view.group_id if view.group_id is not None else -view.id
    return group, frozenset(f.value for f in figures.figures(view.quote))


@dataclass(frozen=True)
class AnswerPolicy:
    """When stored claims answer a question, and which of them make the answer."""

    lexical: float = CLAIM_FOUND  # share of the question's weight a claim must carry on its own words
    blended_lexical: float = 0.25  # ...or this share of it, when the claim also means much the same:
    blended_semantic: float = 0.30  # a cosine well above what unrelated news sentences reach (~0.15)


POLICY = AnswerPolicy()


def _bound_to_entity(parsed: ParsedQuestion, top: EntityMatch) -> bool:
    """'What did X say about Y?', 'did <person> do Y?': only X's own words, or words about X, answer.

    A country or body in a yes/no question is often named through its capital or an adjective
    ("Paris", "the French ministry"), which entity links miss: those questions are not bound.
    """
    return parsed.intent == "what_said" or (parsed.intent == "is_true" and top.entity.kind == "person")


def _answers(r: Ranked, coverage: float, matched: int, need: int, policy: AnswerPolicy) -> bool:
    """Whether a claim answers: most of the question's words, or many of them and much the same meaning."""
    if coverage >= policy.lexical and matched >= need:
        return True
    return coverage >= policy.blended_lexical and r.semantic >= policy.blended_semantic and matched >= 1


def _answering(evidence: Evidence, policy: AnswerPolicy) -> list[Ranked]:
    """Claims that answer on their own."""
    need = min(2, len([g for g in evidence.groups if not g.entity]))
    return [r for r in evidence.ranked if _answers(r, r.coverage, r.matched, need, policy)]


def _involves_entity(r: Ranked) -> bool:
    """Said by the entity the question is about, about it, or naming it."""
    return r.subject or r.named


def _on_topic(evidence: Evidence, r: Ranked, policy: AnswerPolicy) -> bool:
    """Whether a claim carries what the question asks beyond the entity's name (anything, if nothing)."""
    if not any(not g.entity for g in evidence.groups):
        return True
    return _answers(r, r.topic, 1, 1, policy)


def _names_unknown_place(evidence: Evidence) -> bool:
    """The question names a country or city the store never mentions: it is about somewhere else."""
    gazetteer = configured_gazetteer()
    unknown = {g.word for g in evidence.groups if not g.known and not g.entity}
    for word in unknown:
        entry = gazetteer.lookup(alias_key(word))
        if entry is not None and entry.kind in ("country", "place"):
            return True
    # Any country or city of the world (CLDR's names), every word of it unknown to the store.
    return bool(unknown) and any(
        set(run.split()) <= unknown for run in world.names_place(evidence.parsed.focus)
    )


def _asks_about_missing_place(evidence: Evidence, strong: list[Ranked]) -> bool:
    """A yes/no question names a country or city that the leading answer does not mention ("did X blame
    Iran?"): what the claims say is not what was asked."""
    if evidence.parsed.intent != "is_true" or not strong:
        return False
    gazetteer = configured_gazetteer()
    lead = min(strong, key=_order)
    for group in evidence.groups:
        entry = None if group.entity else gazetteer.lookup(alias_key(group.word))
        if entry is None or entry.kind not in ("country", "place"):
            continue
        names = {normalise(a) for a in entry.aliases} | {normalise(entry.name)}
        # A substring test lets clitics and adjectives through (لإيران, الإيرانية, Iranian).
        if not any(n in lead.claim.normalised for n in names if len(n) >= 3):
            return True
    return False


def _names_missing_number(evidence: Evidence, strong: list[Ranked]) -> bool:
    """The question names a number (route 7, gate 3, since 2019) that no answering claim
    carries: the claims are about another one."""
    numbers = {w for w in evidence.parsed.focus if w.isdigit()}
    if not numbers or not strong:
        return False
    carried = {t for r in strong for t in r.claim.normalised.split()}
    return not numbers <= carried


def _related(r: Ranked, evidence: Evidence, policy: AnswerPolicy) -> bool:
    """Whether a claim relates to the question at all: a word of it, its entity, its meaning, or the
    opposite pole of what it asks."""
    return bool(r.coverage or r.entities or r.semantic >= policy.blended_semantic) or (
        r.claim.id in evidence.opposite
    )


def _chosen(evidence: Evidence, policy: AnswerPolicy = POLICY) -> list[Ranked] | None:
    """The claims that answer the question, best first, or None when nothing stored does."""
    parsed, top, ranked = evidence.parsed, evidence.top, evidence.ranked
    if _names_unknown_place(evidence):
        return None
    strong = _answering(evidence, policy)
    if _asks_about_missing_place(evidence, strong) or _names_missing_number(evidence, strong):
        return None
    bound = top and not evidence.entity_question and _bound_to_entity(parsed, top[0])
    if bound and not any(_involves_entity(r) and _on_topic(evidence, r, policy) for r in strong):
        return None  # "what did X say about Y?", "did X do Y?": nothing by or about X says anything on Y
    if not top and not strong:
        return None
    asks_beyond_entity = not evidence.entity_question and not (parsed.refers_back and not evidence.direct)
    if top and not strong and asks_beyond_entity and len([g for g in evidence.groups if not g.entity]) > 1:
        return None  # the question names something we know, but asks what no stored claim says
    chosen = strong if strong else [r for r in ranked if r.entities]
    if not chosen:
        return None
    # The answer's other points: the next most relevant claims (the other side of a dispute rarely
    # repeats the question's words), as long as they relate to the question at all.
    picked = {id(r) for r in chosen}
    extra = [r for r in ranked if id(r) not in picked and _related(r, evidence, policy)]
    return sorted(chosen, key=_order) + extra


OPPOSITE_CANDIDATES = 20  # claims at the opposite pole of a yes/no question, added to its candidates
OPPOSITE_POOL = 60  # ...picked, per axis, from this many claims carrying the opposite words
COUNTERPOINT_CANDIDATES = 20  # claims compared with the leading one (bounded: one pairwise decision each)
CONTRADICTION_CUES = ("denial", "numbers", "accounts", "polarity")
ASKED_COUNT_BONUS = 0.5  # a counterpoint whose figure conflicts on the very thing a question counts


def _counted(parsed: ParsedQuestion) -> frozenset[str]:
    """What a how-many question counts (the missing, the dead), by its words; nothing for others."""
    if parsed.intent != "how_many":
        return frozenset()
    return frozenset(f for f in map(figures.counted_family, parsed.focus) if f)


POLE_CONFIDENCE = 0.9  # opposite poles on one axis (open / closed) between two claims on the question


def _contradiction(lead: Ranked, other: Ranked, vectors: Mapping[int, embed.Vectors]) -> float:
    """How surely ``other`` contradicts ``lead`` (0 when it does not): a cued pairwise decision, or
    opposite poles of one axis in any two languages (the decision reads only one language at a time)."""
    if polarity.opposed(polarity.cues(lead.claim.normalised), polarity.cues(other.claim.normalised)):
        return POLE_CONFIDENCE
    if lead.claim.id not in vectors or other.claim.id not in vectors:
        return 0.0
    found = relation(
        Statement(lead.claim.normalised, vectors[lead.claim.id]),
        Statement(other.claim.normalised, vectors[other.claim.id]),
    )
    return found.score if found.label == "contradicts" and found.reason in CONTRADICTION_CUES else 0.0


def _counted_figures(claim: Ranked, units: frozenset[str]) -> list[figures.Figure]:
    """The claim's figures of the things a question counts."""
    return [f for f in figures.figures(claim.claim.normalised) if f.unit in units] if units else []


def _counterpoint_score(
    lead: Ranked,
    other: Ranked,
    vectors: Mapping[int, embed.Vectors],
    counted: frozenset[str],
    lead_counts: list[figures.Figure],
) -> float:
    """How well ``other`` answers ``lead`` as the other side; a conflicting count of what the question
    counts (``lead_counts``: the lead's figures of it) comes first, whatever else contradicts."""
    score = _contradiction(lead, other, vectors)
    theirs = _counted_figures(other, counted) if lead_counts else []
    if any(figures.comparable(a, b) and figures.conflict(a, b) for a in lead_counts for b in theirs):
        return max(score, POLE_CONFIDENCE) + ASKED_COUNT_BONUS
    return score


def _with_counterpoint(
    session: Session, chosen: list[Ranked], opposite: frozenset[int], counted: frozenset[str] = frozenset()
) -> list[Ranked]:
    """The leading claim, then the claim that best contradicts it (a denial, other figures, another
    agent, the opposite state), then the rest: a yes/no question is answered with both sides."""
    if len(chosen) < 2:
        return chosen
    # A headline sums up without a source: the first attributed claim is the side to answer.
    attributed = next((r for r in chosen[:COUNTERPOINT_CANDIDATES] if r.claim.kind != "headline"), None)
    if attributed is not None and attributed is not chosen[0]:
        chosen = [attributed, *(r for r in chosen if r is not attributed)]
    lead = chosen[0]
    rest = chosen[1 : 1 + COUNTERPOINT_CANDIDATES]
    rest += [r for r in chosen[1 + COUNTERPOINT_CANDIDATES :] if r.claim.id in opposite]
    rest = [r for r in rest if r.claim.group_id is None or r.claim.group_id != lead.claim.group_id]
    vectors = semantic.vectors_of(session, [lead.claim.id, *(r.claim.id for r in rest)])
    # "How many are missing?": the other side gives another count of the missing, not of the dead.
    lead_counts = _counted_figures(lead, counted)
    scored = [(_counterpoint_score(lead, r, vectors, counted, lead_counts), r) for r in rest]
    # Among equally sure contradictions, the one closest in meaning to the lead is about the same thing.
    best = max(
        scored, key=lambda pair: (round(pair[0], 3), _closeness(lead, pair[1], vectors)), default=(0.0, lead)
    )
    if best[0] < CONTRAST_CONFIDENCE:
        contrasted = _contrasted(session, chosen, lead_only=best[0] > 0.0)
        if contrasted is not None:
            return contrasted
    if best[0] <= 0.0:
        return chosen
    counter = best[1]
    return [lead, counter, *(r for r in chosen[1:] if r is not counter)]


def _closeness(a: Ranked, b: Ranked, vectors: Mapping[int, embed.Vectors]) -> float:
    if a.claim.id not in vectors or b.claim.id not in vectors:
        return 0.0
    return float(vectors[a.claim.id] @ vectors[b.claim.id])


CONTRAST_CONFIDENCE = 1.0  # the article itself sets one account against the other ("لكن X قالت")
CONTRAST_LEADS = 3  # leading points whose article's contrast is looked for when the first has none


def _contrasted(session: Session, chosen: list[Ranked], lead_only: bool) -> list[Ranked] | None:
    """The answer with a leading point followed by the account its article sets against it (the first
    of the leading points that has one; only the first when ``lead_only``), or None without one."""
    for at, point in enumerate(chosen[: 1 if lead_only else CONTRAST_LEADS]):
        partner = contrast.contrast_partner(session, point.claim)
        if partner is None or (partner.group_id is not None and partner.group_id == point.claim.group_id):
            continue
        known = next((r for r in chosen if r.claim.id == partner.id), None)
        counter = known or Ranked(partner, point.score, point.matched, point.coverage)
        others = [r for r in chosen if r is not counter and r is not point]
        return [*others[:at], point, counter, *others[at:]]
    return None


LISTED_LEADERS = 3  # the leading points whose list ("the needs include:" + bullets) follows them


def _with_list_items(session: Session, chosen: list[Ranked]) -> list[Ranked]:
    """A leading point that introduces a list is followed by its items: they are what it says."""
    leaders = chosen[:LISTED_LEADERS]
    lists = reads.bullets_after(session, [r.claim.id for r in leaders])
    if not lists:
        return chosen
    wanted = {i for items in lists.values() for i in items}
    rows = {row.id: row for row in reads.candidates_by_ids(session, wanted)}
    out: list[Ranked] = []
    for r in leaders:
        out.append(r)
        out += [
            Ranked(rows[i], r.score, r.matched, r.coverage) for i in lists.get(r.claim.id, []) if i in rows
        ]
    placed = {r.claim.id for r in out}
    return out + [r for r in chosen[LISTED_LEADERS:] if r.claim.id not in placed]


def ask(
    session: Session,
    question: str,
    *,
    conversation: Conversation | None = None,
    language: str | None = None,
    scope: Scope | None = None,
) -> Answer:
    """Answer one question from what is stored (or within ``scope``), citing every point; say so when
    nothing matches. The reply is in ``language`` when given (a chat's choice), else the question's."""
    question = strip_controls(question)
    if not question.strip():
        return _not_found(session, parse_question(""), [], "empty question", language)
    # Markup a reader pasted (<b>hi</b>, **hi**) is not part of what they ask.
    parsed = parse_question(strip_markup(question[:MAX_QUESTION_CHARS]))
    parsed = ParsedQuestion(question, *list(parsed.__dict__.values())[1:])
    reply = language or parsed.language
    evidence = gather(session, parsed, conversation, scope)
    chosen = _chosen(evidence)
    if chosen is None:
        return _not_found(session, parsed, evidence.matches, None, reply)
    if parsed.intent in COUNTERPOINT_INTENTS:
        chosen = _with_counterpoint(session, chosen, evidence.opposite, _counted(parsed))
    chosen = _with_list_items(session, chosen)
    hits = _hits_for_groups(session, chosen)
    top, direct = evidence.top, evidence.direct
    named = [*(top or direct), *(m for m in evidence.matches if m.score >= ENTITY_FOUND and m not in top)]
    if top and top[0].entity.kind != "person" and asks_for_leader(parsed.normalised):
        holder = leader_of(session, parsed.focus, top[0])
        named = [holder, *named] if holder is not None else named
    entity_hits = _entity_hits(session, list(dict.fromkeys(named)))
    return Answer(
        question=question,
        found=True,
        answer=compose.found_text(entity_hits, hits, reply, intent=parsed.intent),
        language=reply,
        intent=parsed.intent,
        as_of=_as_of(hits),
        entities=tuple(entity_hits),
        claims=tuple(hits),
    )


def find_entity(session: Session, name: str) -> EntityHit | None:
    """The stored entity a name refers to (for /entity, /follow), or None below the confidence threshold."""
    matches = _name_matches(session, name)
    if matches and matches[0].score >= ENTITY_FOUND:
        return _entity_hit(matches[0])
    return None


SUGGESTED_ENTITIES = 3  # names offered when a name matches nothing


def entity_suggestions(session: Session, name: str) -> list[str]:
    """Names to offer when ``name`` matches no entity: the near misses, else the most mentioned (never an
    outlet, which is a source rather than something the story is about)."""
    near = [m.entity.name for m in _name_matches(session, name) if m.entity.kind != "outlet"]
    if near:
        return near[:SUGGESTED_ENTITIES]
    return [e.name for e in search.top_entities(session, SUGGESTED_ENTITIES)]


def _name_matches(session: Session, name: str) -> list[EntityMatch]:
    parsed = parse_question(name[:MAX_QUESTION_CHARS])
    return match_entities(session, parsed.focus or tuple(parsed.normalised.split()))
