"""Matching the words of a question to stored entities: aliases, transliteration keys, fuzzy spelling."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.answer.intent import FILLER
from bot.answer.lexicon import lexicon as glossary
from bot.extract import lexicon, name_match
from bot.extract.name_match import AliasRow, Gram, grams, score_aliases
from bot.terms import STOPWORDS, name_terms, pick_ceiling, text_terms
from bot.text import ARABIC_LETTER, normalise, stem, strip_article
from bot.translit import name_key
from storage.knowledge import EntityInfo, entities_by_ids, term_counts
from storage.profiles import role_holders, role_texts, roles_containing
from storage.search import best_targets, max_target_id


@dataclass(frozen=True)
class EntityWeights:
    """How entities are picked and scored for a question (name spellings are ``NameWeights``')."""

    candidates: int = 20  # entities the name keys pick from the index
    common_floor: int = 50  # a name key may be this common and still pick (see ``pick_ceiling``)
    role: float = 1.0  # a role the articles give someone names them as well as their name does
    after_head: float = 0.9  # "camp X": the words after a body's head name it, a little less surely
    found: float = 0.5  # the least score of an entity the question names
    confident: float = 0.8  # the answer engine's bar for naming an entity
    titled: float = 0.85  # a shared first name with a title only one of its holders carries


ENTITY_WEIGHTS = EntityWeights()
ENTITY_CONFIDENT = ENTITY_WEIGHTS.confident


@dataclass(frozen=True)
class EntityMatch:
    """An entity, how well it matched, and which question words it covers."""

    entity: EntityInfo
    score: float
    covered: frozenset[int]  # positions in the focus tuple


# Heads of body and place names, after which the distinctive words come (normalised, no article).
_HEADS = frozenset(
    strip_article(w)
    for w in lexicon.GROUP_HEADS | lexicon.ORG_HEADS | lexicon.PLACE_HEADS | {"مخيم", "معسكر"}
)


def _role_rows(session: Session, grams: list[Gram]) -> dict[int, list[str]]:
    """Entities whose cited role a run of two or more question words spells: id -> role keys."""
    keys = [g.bare for g in grams if not g.single]
    found: dict[int, list[str]] = {}
    for entity_id, key in role_holders(session, keys):
        found.setdefault(entity_id, []).append(key)
    return found


def _ordinary_positions(focus: tuple[str, ...]) -> frozenset[int]:
    """Positions of ordinary Arabic words (زعيم, leader): a typo of a name is never itself a dictionary
    word, so a run of them names an entity only when an alias spells it exactly."""
    words = glossary().arabic_words
    return frozenset(i for i, w in enumerate(focus) if ARABIC_LETTER.match(w) and stem(w) in words)


def _common_adjective(
    entity: EntityInfo, covered: frozenset[int], focus: tuple[str, ...], ordinary: frozenset[int]
) -> bool:
    """ "مبالغ مالية" (sums of money) does not name "المالية" (the finance ministry): a body's short
    name is definite, and one indefinite ordinary word is only the adjective."""
    if entity.kind == "person" or len(covered) != 1:
        return False
    (position,) = covered
    word = focus[position]
    return position in ordinary and not word.startswith(("ال", "لل")) and word not in _spellings(entity)


def _spellings(entity: EntityInfo) -> set[str]:
    """Every alias key of an entity, word by word as written (articles kept)."""
    return {normalise(a.alias) for a in entity.aliases}


def _forms(word: str) -> set[str]:
    """A word's stems with and without the article (the light stemmer reads a bare وزير as و + زير)."""
    word = normalise(word)
    if not ARABIC_LETTER.match(word):
        return {stem(word)}
    bare = strip_article(word)
    return {stem(word), stem(bare), stem("ال" + bare)}


def _word_stems(word: str) -> frozenset[str]:
    """A word's stems and their synonyms; for an English word, the Arabic stems the glossary gives it."""
    forms = _forms(word)
    if ARABIC_LETTER.match(word):
        return frozenset(forms).union(*(glossary().arabic_synonyms(f) for f in forms))
    return frozenset(forms) | glossary().english_stems(word)


def _titled(session: Session, focus: tuple[str, ...], matches: list[EntityMatch]) -> list[EntityMatch]:
    """People who share the first name the question gives: the one whose cited role carries the
    question's other words ("Who is Minister Majed?") is the one meant."""
    unsure = [m for m in matches if m.entity.kind == "person" and m.score < ENTITY_CONFIDENT]
    groups = [[m for m in unsure if m.covered == covered] for covered in {m.covered for m in unsure}]
    groups = [g for g in groups if len(g) >= 2 and _other_words(focus, g[0].covered)]
    if not groups:
        return matches
    roles = _role_words(session, [m.entity.id for g in groups for m in g])  # one query for every group
    for people in groups:
        matches = _role_holder(focus, matches, people, roles)
    return matches


def _other_words(focus: tuple[str, ...], covered: frozenset[int]) -> dict[int, frozenset[str]]:
    """The question's words a name match left out (a title, a role), as stems."""
    return {i: _word_stems(w) for i, w in enumerate(focus) if i not in covered and len(w) > 2}


def _role_words(session: Session, entity_ids: list[int]) -> dict[int, set[str]]:
    """The word forms of every role the articles give each of these people."""
    return {
        entity_id: set().union(*(_forms(w) for text in texts for w in text.lower().split()))
        for entity_id, texts in role_texts(session, entity_ids).items()
    }


def _role_holder(
    focus: tuple[str, ...],
    matches: list[EntityMatch],
    people: list[EntityMatch],
    roles: dict[int, set[str]],
) -> list[EntityMatch]:
    """Of people matched on the same words, the only one whose role carries the question's other words."""
    rest = _other_words(focus, people[0].covered)
    carrying = {
        m.entity.id: {i for i, stems in rest.items() if stems & roles.get(m.entity.id, set())} for m in people
    }
    holders = [m for m in people if carrying[m.entity.id]]
    if len(holders) != 1:
        return matches
    (holder,) = holders
    titled = EntityMatch(
        holder.entity, ENTITY_WEIGHTS.titled, holder.covered | frozenset(carrying[holder.entity.id])
    )
    return [titled if m is holder else m for m in matches]


COMMON_AFTER_HEAD = 3.0  # claims carrying the word, per mention of the body, when it is the story's word


def _common_after_head(session: Session, entities: list[EntityInfo]) -> set[tuple[int, str]]:
    """(entity, word) where a body's name is its head and one word the story uses everywhere ("مركز
    الزلزال", the epicentre): that word alone is the topic, not the body's short name."""
    rests: dict[tuple[int, str], frozenset[str]] = {}
    for entity in entities:
        if entity.kind == "person":
            continue
        for a in entity.aliases:
            words = name_match.bare(a.key).split()
            if len(words) == 2 and words[0] in _HEADS:
                rests[(entity.id, words[1])] = frozenset(text_terms(words[1]))
    counts = term_counts(session, "claim", set().union(*rests.values())) if rests else {}
    by_id = {e.id: e for e in entities}
    return {
        key
        for key, terms in rests.items()
        if terms
        and max(counts.get(t, 0) for t in terms) > COMMON_AFTER_HEAD * max(by_id[key[0]].mention_count, 1)
    }


def match_entities(
    session: Session, focus: tuple[str, ...], limit: int = 5, proper: frozenset[str] = frozenset()
) -> list[EntityMatch]:
    """Entities named in the question, best first, each with the focus positions it covers."""
    if not focus:
        return []
    keys: set[str] = set()
    for word in focus:
        keys |= name_terms(word)
    df = term_counts(session, "entity", keys)
    total = max(max_target_id(session, "entity"), 1)
    ceiling = pick_ceiling(total, ENTITY_WEIGHTS.common_floor)
    weights = {k: math.log(1 + total / n) for k, n in df.items() if 0 < n <= ceiling}
    candidates = best_targets(session, weights, "entity", ENTITY_WEIGHTS.candidates)
    found = grams(focus)
    roles = _role_rows(session, found)
    entities = entities_by_ids(session, [target for target, _ in candidates] + list(roles))
    common = _common_after_head(session, entities)
    # (entity index, bare alias, latin key, is a person, how much a match on it counts)
    rows: list[AliasRow] = []
    for index, entity in enumerate(entities):
        person = entity.kind == "person"
        for alias in entity.aliases:
            bare = name_match.bare(alias.key)
            rows.append((index, bare, alias.latin_key, person, 1.0))
            words = bare.split()
            content = " ".join(w for w in words if w not in FILLER)
            if content and content != bare and not person:
                # Questions lose their small words ("Our Harbour Is Not for Sale" -> harbour not sale).
                rows.append((index, content, name_key(content), False, 1.0))
            if not person and len(words) > 1 and words[0] in _HEADS and (entity.id, words[1]) not in common:
                # "camp Fardan", "brigade Ghuraba": the words after the head name it in any language.
                rest = " ".join(words[1:])
                rows.append((index, rest, name_key(rest), False, ENTITY_WEIGHTS.after_head))
        for role in roles.get(entity.id, ()):
            # "the governor of X": the person the articles give that role names them too.
            rows.append(
                (index, role, name_key(role), False, ENTITY_WEIGHTS.role)
            )  # never by one of its words
    ordinary = _ordinary_positions(focus)
    small = frozenset(i for i, w in enumerate(focus) if w in STOPWORDS)
    scores = score_aliases(found, rows, proper, ordinary, small=small)
    matches = []
    for index, entity in enumerate(entities):
        best, covered = scores.get(index, (0.0, frozenset[int]()))
        if best >= ENTITY_WEIGHTS.found and not _common_adjective(entity, covered, focus, ordinary):
            matches.append(EntityMatch(entity, best, covered))
    matches = _titled(session, focus, matches)
    matches.sort(key=lambda m: (-m.score, -len(m.covered), -m.entity.mention_count))
    # Words already explained by a better match name nothing else ("al-Sharaa" is not also "Syria").
    kept: list[EntityMatch] = []
    claimed: set[int] = set()
    for match in matches:
        if match.covered & claimed:
            continue
        kept.append(match)
        claimed |= match.covered
    return kept[:limit]


def leader_of(session: Session, focus: tuple[str, ...], target: EntityMatch) -> EntityMatch | None:
    """Who holds an office that runs ``target`` ("who runs the X locality?"): of the people whose cited
    role begins with a leading office and names the target, the one whose role carries most of the
    question's other words (محلية for "locality"), or None."""
    fragments = {name_match.bare(a.key) for a in target.entity.aliases}
    offices = [
        (entity_id, key)
        for entity_id, key in roles_containing(session, fragments)
        if entity_id != target.entity.id and key.split()[0] in lexicon.LEADING_ROLES
    ]
    if not offices:
        return None
    rest = _other_words(focus, target.covered)

    def carried(office: tuple[int, str]) -> int:
        forms = set().union(*(_forms(w) for w in office[1].split()))
        return sum(1 for stems in rest.values() if stems & forms)

    holder, _key = max(offices, key=carried)  # ties: the first cited
    rows = entities_by_ids(session, [holder])
    if not rows or rows[0].kind != "person":
        return None
    return EntityMatch(rows[0], ENTITY_WEIGHTS.titled, target.covered)
