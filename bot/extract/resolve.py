"""Entity resolution: local clusters of mentions, then the store's alias index, transliteration, fuzzy."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sqlalchemy.orm import Session

from bot.extract.entities import Found, RawMention, find_mentions, surname
from bot.extract.gazetteer import Gazetteer, GazetteerEntry
from bot.extract.name_match import same_name
from bot.extract.names import body_short_forms
from bot.extract.tokens import Token, alias_key, bare_variants, tokenize
from bot.terms import name_terms
from bot.translit import name_key
from storage import knowledge
from storage.rows import AliasRow, EntityRow

logger = logging.getLogger(__name__)

_FAMILY = {
    "person": "person",
    "organisation": "body",
    "group": "body",
    "outlet": "body",
    "place": "place",
    "country": "place",
}
_KIND_RANK = {"person": 0, "outlet": 1, "group": 2, "organisation": 3, "country": 4, "place": 5}


@dataclass(frozen=True)
class ResolveWeights:
    """How a name in an article finds its stored entity (what makes two names one is ``NameWeights``)."""

    scan_words: int = 4  # longest run of words looked up as one known name
    fuzzy_candidates: int = 20  # stored entities compared by spelling with an unresolved name
    rare_terms: int = 6  # ...found through this many of its rarest name terms
    max_name_df: int = 500  # a name word carried by more entities than this is no clue (a common first name)
    short_skeleton: int = 2  # consonants in a name key at or below which spellings collide too often


RESOLVE_WEIGHTS = ResolveWeights()


def compatible(a: str, b: str) -> bool:
    """Whether two entity kinds can name the same thing (a group is also a body, a country a place)."""
    return _FAMILY.get(a) == _FAMILY.get(b)


@dataclass
class Cluster:
    """Mentions in one article that name the same thing."""

    members: list[int] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    extra: set[str] = field(default_factory=set)
    kind: str = "person"
    origin: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedMention:
    """A mention tied to a stored entity."""

    start: int
    end: int
    entity_id: int
    kind: str
    sentence_id: int | None
    surface: str
    role_start: int = -1  # offsets of the role the sentence gives the entity, -1 when none
    role_end: int = -1


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_mentions(raw: list[RawMention], links: list[tuple[int, int]]) -> list[Cluster]:
    """Group an article's mentions: same key, alias statements, surname of a full name, short forms."""
    uf = _UnionFind(len(raw))
    by_key: dict[tuple[str, str], int] = {}
    surnames: dict[str, int] = {}
    latin: dict[tuple[str, str, str], int] = {}
    for i, m in enumerate(raw):
        key = alias_key(m.name)
        family = _FAMILY.get(m.kind, m.kind)
        if (family, key) in by_key:
            uf.union(by_key[(family, key)], i)
        else:
            by_key[(family, key)] = i
        if m.kind == "person":
            last = surname(m.name)
            if last:
                surnames.setdefault(alias_key(last), i)
        if len(key.split()) >= 2:
            # Transliteration joins a Latin spelling to an Arabic one, never two Arabic spellings:
            # their consonant skeletons coincide too easily (قوات الأمن / القوات الأمنية).
            script = "latin" if m.name[:1].isascii() else "arabic"
            other = "arabic" if script == "latin" else "latin"
            latin_key = name_key(m.name)
            if (family, latin_key, other) in latin:
                uf.union(latin[(family, latin_key, other)], i)
            latin.setdefault((family, latin_key, script), i)
    for a, b in links:
        uf.union(a, b)
    for i, m in enumerate(raw):
        key = alias_key(m.name)
        if m.kind == "person" and len(key.split()) == 1 and key in surnames:
            uf.union(surnames[key], i)
    _union_short_forms(raw, by_key, uf)
    # A short body name that starts a longer one of the same family: المرصد السوري / ... لحقوق الإنسان
    bodies = [(alias_key(m.name).split(), i) for i, m in enumerate(raw) if _FAMILY.get(m.kind) == "body"]
    for words, i in bodies:
        if len(words) < 2:
            continue
        longer = {tuple(o): j for o, j in bodies if len(o) > len(words) and o[: len(words)] == words}
        if len(longer) == 1:  # only when unambiguous: قوات الأمن may be any of several forces
            uf.union(i, next(iter(longer.values())))
    clusters: dict[int, Cluster] = {}
    for i, m in enumerate(raw):
        c = clusters.setdefault(uf.find(i), Cluster())
        c.members.append(i)
        c.names[m.name] += 1
        c.origin.setdefault(m.name, "statement" if m.pattern == "alias-statement" else "text")
        c.extra.update(m.aliases)
        if m.kind == "person":
            last = surname(m.name)
            if last:
                c.extra.add(last)
    for c in clusters.values():
        kinds = Counter(raw[i].kind for i in c.members)
        c.kind = min(kinds, key=lambda k: (-kinds[k], _KIND_RANK.get(k, 9)))
    return list(clusters.values())


def _union_short_forms(raw: list[RawMention], by_key: dict[tuple[str, str], int], uf: _UnionFind) -> None:
    """A body's short forms ("منظمة X" / "X") name it in the same article too."""
    for i, m in enumerate(raw):
        for short in body_short_forms(m.name, m.kind):
            same = by_key.get(("body", alias_key(short)))
            if same is not None:
                uf.union(same, i)


def canonical_name(c: Cluster) -> str:
    """The name to show: the most used full name (handles and single words only when nothing else)."""

    def score(name: str) -> tuple[int, int, int, int, int]:
        return (
            0 if name.startswith("@") else 1,
            1 if len(name.split()) >= 2 or c.kind != "person" else 0,
            0 if c.origin.get(name) == "statement" else 1,  # "X, also known as Y": X is the main name
            c.names[name],
            len(name),
        )

    return max(c.names, key=score)


@dataclass(frozen=True)
class _Plan:
    """How one cluster is looked up: the names to store, the keys to try, keys that need a check."""

    cluster: Cluster
    aliases: dict[str, str]
    keys: set[str]
    has_full: bool
    conditional: dict[str, Callable[[knowledge.EntityInfo], bool]]


def conditional_keys(c: Cluster) -> dict[str, Callable[[knowledge.EntityInfo], bool]]:
    """Keys that name a stored person only under a condition.

    A nickname from an alias statement ("X, known as the Hawk") names the stored "Hawk" when that entity has
    no other full name; "أبو X الY" names the stored holder of the kunya "أبو X" when their surname is الY.
    """
    if c.kind != "person":
        return {}
    out: dict[str, Callable[[knowledge.EntityInfo], bool]] = {}
    for name, origin in c.origin.items():
        key = alias_key(name)
        if origin == "statement" and len(key.split()) == 1:
            out[key] = _only_short_names
    for name in c.names:
        words = alias_key(name).split()
        if len(words) == KUNYA_WITH_SURNAME and words[0] in _KUNYA_WORDS:
            out[" ".join(words[:2])] = _has_surname(words[2])
    return out


KUNYA_WITH_SURNAME = 3  # أبو X الY
_KUNYA_WORDS = frozenset(alias_key(w) for w in ("أبو", "أبي", "أم"))


def _only_short_names(info: knowledge.EntityInfo) -> bool:
    """A person known only by one-word names or kunyas (a nickname not yet tied to a full name)."""
    return info.kind == "person" and all(
        len(k.split()) == 1 or k.split()[0] in _KUNYA_WORDS or k.startswith("@") for _a, k, _l in info.aliases
    )


def _has_surname(surname_key: str) -> Callable[[knowledge.EntityInfo], bool]:
    def check(info: knowledge.EntityInfo) -> bool:
        return any(k.split()[-1] == surname_key for _a, k, _l in info.aliases if len(k.split()) >= 2)

    return check


class Resolver:
    """Resolves one article's mentions to stored entities, creating and merging as needed.

    Every step is batched over the article's clusters: one alias-index query, one candidate query
    for fuzzy matching, one insert of new entities, one of new aliases and one of index terms.
    """

    def __init__(self, session: Session, gazetteer: Gazetteer) -> None:
        self.session = session
        self.gazetteer = gazetteer
        self._pending_aliases: dict[int, dict[str, str]] = {}
        # Names this resolver has tied to an entity but not yet written: key -> {entity id: kind}.
        self._local: dict[str, dict[int, str]] = {}

    # --- matching --------------------------------------------------------------------------------------

    def _fuzzy_many(self, wanted: list[tuple[int, list[str], str]]) -> dict[int, int]:
        """For (index, names, kind) of unresolved clusters: index -> entity id, through rare name terms."""
        if not wanted:
            return {}
        w = RESOLVE_WEIGHTS
        terms_of = {
            i: set().union(*(name_terms(n) for n in names)) if names else set() for i, names, _k in wanted
        }
        counts = knowledge.term_counts(self.session, "entity", set().union(*terms_of.values()))
        chosen_of = {
            i: sorted((t for t in terms if 0 < counts.get(t, 0) <= w.max_name_df), key=lambda t: counts[t])[
                : w.rare_terms
            ]
            for i, terms in terms_of.items()
        }
        rows = knowledge.postings(self.session, "entity", set().union(*map(set, chosen_of.values())))
        by_term: dict[str, list[int]] = {}
        for term, entity_id in rows:
            by_term.setdefault(term, []).append(entity_id)
        candidates_of: dict[int, list[int]] = {}
        for i, chosen in chosen_of.items():
            score: Counter[int] = Counter()
            for term in chosen:
                for entity_id in by_term.get(term, []):
                    score[entity_id] += 1
            candidates_of[i] = [e for e, _n in score.most_common(RESOLVE_WEIGHTS.fuzzy_candidates)]
        infos = {
            e.id: e
            for e in knowledge.entities_by_ids(self.session, {e for c in candidates_of.values() for e in c})
        }
        found: dict[int, int] = {}
        for i, names, kind in wanted:
            for entity_id in candidates_of.get(i, []):
                info = infos.get(entity_id)
                if info is None or not compatible(info.kind, kind):
                    continue
                if self._known_elsewhere(names, info.alias_names):
                    continue
                if any(same_name(name, alias, kind) for alias in info.alias_names for name in names):
                    found[i] = entity_id
                    break
        return found

    def resolve_clusters(self, clusters: list[Cluster]) -> list[int]:
        """The stored entity of each local cluster (merging stored entities an alias statement ties)."""
        plans = [self._plan(c) for c in clusters]
        ids_of = self._match(plans)
        unresolved = [
            (index, [n for n in plan.cluster.names if not n.startswith("@")], plan.cluster.kind)
            for index, plan in enumerate(plans)
            if not ids_of[index]
        ]
        fuzzy = self._fuzzy_many(unresolved)
        for index, entity_id in fuzzy.items():
            ids_of[index] = [entity_id]
            for n in plans[index].cluster.names:
                plans[index].aliases[n] = "translit" if n[:1].isascii() else "fuzzy"
        created = self._create([plan.cluster for index, plan in enumerate(plans) if not ids_of[index]])
        result: list[int] = []
        for index, plan in enumerate(plans):
            c = plan.cluster
            if not ids_of[index]:
                entity_id = created[(_FAMILY.get(c.kind, c.kind), alias_key(canonical_name(c)))]
            else:
                entity_id = ids_of[index][0]
                for other in ids_of[index][1:]:
                    self._merge(entity_id, other)
            pending = self._pending_aliases.setdefault(entity_id, {})
            pending.update({a: o for a, o in plan.aliases.items() if a not in pending})
            for alias in plan.aliases:
                self._local.setdefault(alias_key(alias), {})[entity_id] = c.kind
            result.append(entity_id)
        return result

    def _plan(self, c: Cluster) -> _Plan:
        """What to look a cluster up by: its full names (or its only name), plus gazetteer spellings."""
        aliases: dict[str, str] = {n: c.origin.get(n, "text") for n in c.names}
        for extra in sorted(c.extra):  # a set: sorted, so aliases are stored in the same order every run
            aliases.setdefault(extra, "text")
        for name in list(c.names):
            for short in body_short_forms(name, c.kind):
                aliases.setdefault(short, "text")
        entry = self._gazetteer_entry(c)
        if entry is not None:
            for spelling in entry.aliases:
                aliases.setdefault(spelling, "gazetteer")
        names = list(aliases) if entry is not None or c.kind != "person" else list(c.names)
        full = {alias_key(n) for n in names if len(alias_key(n).split()) >= 2 or c.kind != "person"}
        full |= {alias_key(n) for n in names if n.startswith("@")}
        keys = full or {alias_key(n) for n in c.names}
        return _Plan(c, aliases, keys, bool(full), conditional_keys(c))

    def _known_elsewhere(self, names: list[str], aliases: Iterable[str]) -> bool:
        """Whether short names (two consonants collide: عمّان and Maan are both 'mn') would join an
        entity the gazetteer knows under other spellings: only its own spellings may."""
        if not all(len(name_key(n).replace(" ", "")) <= RESOLVE_WEIGHTS.short_skeleton for n in names):
            return False
        entries = {self.gazetteer.lookup(alias_key(a)) for a in aliases} - {None}
        if not entries:
            return False
        return not any(self.gazetteer.lookup(alias_key(n)) in entries for n in names)

    def _gazetteer_entry(self, c: Cluster) -> GazetteerEntry | None:
        """The gazetteer entry one of the cluster's names is a spelling of (same family of kinds)."""
        if not self.gazetteer.enabled:
            return None
        for name in c.names:
            entry = self.gazetteer.lookup(alias_key(name))
            if entry is not None and compatible(entry.kind, c.kind):
                return entry
        return None

    def _match(self, plans: list[_Plan]) -> dict[int, list[int]]:
        """Stored (or this article's) entities each plan names by key, or by a key that needs a check."""
        lookup = set().union(*(p.keys | set(p.conditional) for p in plans)) if plans else set()
        hits: dict[str, dict[int, str]] = {}
        for hit in knowledge.aliases_by_keys(self.session, lookup):
            hits.setdefault(hit.key, {})[hit.entity_id] = hit.kind
        for key in lookup:
            hits.setdefault(key, {}).update(self._local.get(key, {}))
        ids_of: dict[int, list[int]] = {}
        maybe: dict[int, set[int]] = {}
        for index, plan in enumerate(plans):
            kind = plan.cluster.kind
            ids = sorted({e for k in plan.keys for e, ek in hits.get(k, {}).items() if compatible(ek, kind)})
            ids_of[index] = ids if plan.has_full else ids[:1]
            maybe[index] = {
                e for k in plan.conditional for e, ek in hits.get(k, {}).items() if compatible(ek, kind)
            }
        infos = {e.id: e for e in knowledge.entities_by_ids(self.session, set().union(*maybe.values()))}
        for index, plan in enumerate(plans):
            checked = [
                e
                for e in sorted(maybe[index])
                if e in infos
                and any(plan.conditional[k](infos[e]) for k in plan.conditional if e in hits.get(k, {}))
            ]
            ids_of[index] = ids_of[index] + [e for e in checked if e not in ids_of[index]]
        return ids_of

    def _create(self, clusters: list[Cluster]) -> dict[tuple[str, str], int]:
        """New entities for clusters nothing matched; one per family and key even if two clusters ask."""
        created: dict[tuple[str, str], int] = {}
        rows, owners = [], []
        for c in clusters:
            name = canonical_name(c)
            family_key = (_FAMILY.get(c.kind, c.kind), alias_key(name))
            if family_key in created:
                continue
            created[family_key] = -1
            rows.append(EntityRow(name=name[:300], kind=c.kind, key=alias_key(name)[:300]))
            owners.append(family_key)
        for family_key, entity_id in zip(owners, knowledge.create_entities(self.session, rows), strict=True):
            created[family_key] = entity_id
        return created

    def _merge(self, keep: int, drop: int) -> None:
        """Fold a stored entity into another, and this article's pending names with it."""
        knowledge.merge_entities(self.session, keep, drop)
        moved = self._pending_aliases.pop(drop, {})
        pending = self._pending_aliases.setdefault(keep, {})
        pending.update({a: o for a, o in moved.items() if a not in pending})
        for owners in self._local.values():
            if drop in owners:
                owners.setdefault(keep, owners.pop(drop))

    def resolve_cluster(self, c: Cluster) -> int:
        """One cluster (an outlet, a tweet's author); aliases are written by ``flush_aliases``."""
        return self.resolve_clusters([c])[0]

    def gazetteer_entities(self, entries: list[GazetteerEntry]) -> dict[str, int]:
        """Stored entities for gazetteer entries (by entry name), created with every spelling."""
        clusters = []
        for entry in entries:
            names = Counter({entry.name: 2, **{a: 1 for a in entry.aliases if a != entry.name}})
            clusters.append(
                Cluster(members=[], names=names, kind=entry.kind, origin={a: "gazetteer" for a in names})
            )
        # Any spelling of an entry is a full name: resolve on all of them.
        ids = self.resolve_clusters(clusters)
        return {entry.name: entity_id for entry, entity_id in zip(entries, ids, strict=True)}

    # --- storing ---------------------------------------------------------------------------------------

    def flush_aliases(self) -> None:
        """Write the aliases this article taught (one query for known keys, one insert, one index write)."""
        pending = self._pending_aliases
        if not pending:
            return
        known = knowledge.alias_keys_of(self.session, pending)
        rows = []
        term_rows: list[tuple[str, int, float]] = []
        for entity_id, aliases in pending.items():
            have = known.get(entity_id, set())
            for alias, origin in aliases.items():
                key = alias_key(alias)
                if not key or key in have or len(key) < 2:
                    continue
                have.add(key)
                rows.append(
                    AliasRow(
                        entity_id=entity_id,
                        alias=alias[:300],
                        key=key[:300],
                        latin_key=name_key(alias)[:300],
                        origin=origin,
                    )
                )
                term_rows.extend((t[:100], entity_id, 1.0) for t in sorted(name_terms(alias)))
        knowledge.add_aliases(self.session, rows)
        knowledge.add_terms(self.session, "entity", sorted(set(term_rows)))
        self._pending_aliases = {}


def _scan_keys(toks: list[Token], i: int) -> list[tuple[int, str]]:
    """(end index, lookup key) for n-grams starting at ``toks[i]``, longest first, clitics stripped."""
    words: list[str] = []
    j = i
    while j < len(toks) and len(words) < RESOLVE_WEIGHTS.scan_words and toks[j].is_word:
        words.append(toks[j].norm)
        j += 1
    return [(i + n, key) for n, key in _window_keys(tuple(words))]


@lru_cache(maxsize=131072)
def _window_keys(norms: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(words taken, lookup key) for the n-grams of a run of normalised words (cached: runs repeat)."""
    out: list[tuple[int, str]] = []
    for n in range(len(norms), 0, -1):
        rest = " ".join(alias_key(w) for w in norms[1:n])
        for first in bare_variants(norms[0]):
            key = alias_key(first) + (" " + rest if rest else "")
            out.append((n, key))
    return tuple(out)


SENTENCE_CACHE_SIZE = 4096  # distinct sentences whose tokens and pattern mentions are kept
_SENTENCES: dict[tuple[int, str], tuple[Gazetteer, list[Token], Found]] = {}


def _read_sentence(text: str, start: int, end: int, gazetteer: Gazetteer) -> tuple[list[Token], Found]:
    """A sentence's tokens and pattern mentions (offsets into ``text``), each distinct sentence read once.

    Both depend only on the sentence and the gazetteer, and a story's copies repeat its sentences."""
    sentence = text[start:end]
    key = (id(gazetteer), sentence)
    cached = _SENTENCES.get(key)
    if cached is None or cached[0] is not gazetteer:
        toks = tokenize(sentence)
        cached = (gazetteer, toks, find_mentions(toks, gazetteer))
        if len(_SENTENCES) >= SENTENCE_CACHE_SIZE:
            _SENTENCES.clear()  # a cap, not an LRU: cheap, and a story's sentences come back soon after
        _SENTENCES[key] = cached
    _gaz, toks, found = cached
    shifted = [Token(t.start + start, t.end + start, t.text, t.norm, t.is_word) for t in toks]
    # Fresh mentions every time: clustering and name extension change them.
    mentions = [
        replace(
            m,
            start=m.start + start,
            end=m.end + start,
            aliases=list(m.aliases),
            role_start=m.role_start + start if m.role_start >= 0 else m.role_start,
            role_end=m.role_end + start if m.role_end >= 0 else m.role_end,
        )
        for m in found.mentions
    ]
    return shifted, Found(mentions, list(found.links))


def resolve_article(
    session: Session,
    text: str,
    sentences: list[tuple[int | None, int, int]],
    gazetteer: Gazetteer,
    *,
    post_authors: Iterable[str] = (),
) -> tuple[list[ResolvedMention], Resolver]:
    """Find, cluster and resolve every entity mention of one article; returns the mentions.

    ``post_authors`` are the names signing the article's embedded posts, as written."""
    resolver = Resolver(session, gazetteer)
    raw: list[RawMention] = []
    links: list[tuple[int, int]] = []
    sentence_of: list[int | None] = []
    toks_of: list[tuple[int | None, list[Token]]] = []
    for sentence_id, start, end in sentences:
        toks, found = _read_sentence(text, start, end, gazetteer)
        toks_of.append((sentence_id, toks))
        offset = len(raw)
        raw.extend(found.mentions)
        sentence_of.extend([sentence_id] * len(found.mentions))
        links.extend((a + offset, b + offset) for a, b in found.links)
    _extend_to_longer_names(session, raw, toks_of, list(post_authors))
    clusters = cluster_mentions(raw, links)
    resolved: list[ResolvedMention] = []
    covered: set[int] = set()
    local_keys: dict[str, tuple[int, str]] = {}
    for c, entity_id in zip(clusters, resolver.resolve_clusters(clusters), strict=True):
        for i in c.members:
            m = raw[i]
            surface = text[m.start : m.end]
            resolved.append(
                ResolvedMention(
                    m.start, m.end, entity_id, c.kind, sentence_of[i], surface, m.role_start, m.role_end
                )
            )
            covered.update(range(m.start, m.end))
        for name in list(c.names) + list(c.extra):
            local_keys.setdefault(alias_key(name), (entity_id, c.kind))
    resolved.extend(_scan(resolver, toks_of, covered, local_keys, text))
    return resolved, resolver


_EXTENDABLE = frozenset({"organisation", "group", "outlet"})


MAX_EXTENSION_WORDS = 2  # words a cut-short body name may take from the text after it


def _extend_to_longer_names(
    session: Session,
    raw: list[RawMention],
    toks_of: list[tuple[int | None, list[Token]]],
    authors: list[str],
) -> None:
    """A body's name cut short ("جمعية X" before "Y") takes the longer name that this article (another
    mention, an embedded post's signature) or the store gives it, when the next words are the missing ones."""
    starts = {t.start: (toks, n) for _sid, toks in toks_of for n, t in enumerate(toks)}
    options: list[tuple[RawMention, list[Token], str]] = []
    for m in raw:
        where = starts.get(m.start)
        if m.kind not in _EXTENDABLE or where is None:
            continue
        toks, first = where
        last = first + len(m.name.split()) - 1
        if last >= len(toks) or toks[last].end != m.end:
            continue  # the name is not the text as written (a clitic stripped, words dropped)
        for extra in range(MAX_EXTENSION_WORDS, 0, -1):
            span = toks[first : last + 1 + extra]
            if len(span) == last + 1 + extra - first and all(t.is_word for t in span):
                options.append((m, span[last + 1 - first :], alias_key(" ".join(t.text for t in span))))
    if not options:
        return
    known = {alias_key(n) for n in [m.name for m in raw if m.kind in _EXTENDABLE] + authors}
    wanted = {key for _m, _t, key in options} - known
    known |= {hit.key for hit in knowledge.aliases_by_keys(session, wanted) if hit.kind in _EXTENDABLE}
    extended: set[int] = set()
    for m, more, key in options:  # longest option of each mention first
        if id(m) not in extended and key in known:
            m.name = " ".join([m.name, *(t.text for t in more)])
            m.end, m.last_token = more[-1].end, m.last_token + len(more)
            extended.add(id(m))


def _scan(
    resolver: Resolver,
    toks_of: list[tuple[int | None, list[Token]]],
    covered: set[int],
    local_keys: dict[str, tuple[int, str]],
    text: str,
) -> list[ResolvedMention]:
    """Known names anywhere in the article: this article's aliases, the gazetteer, the store's alias index."""
    wanted: set[str] = set()
    keys_at: dict[tuple[int, int], list[tuple[int, str]]] = {}  # read once, used by both passes
    for n, (_sid, toks) in enumerate(toks_of):
        for i, tok in enumerate(toks):
            if tok.is_word and tok.start not in covered:
                keys_at[(n, i)] = _scan_keys(toks, i)
                wanted.update(key for _end, key in keys_at[(n, i)])
    wanted = {k for k in wanted if len(k) >= 3}
    stored: dict[str, tuple[int, str]] = {}
    for hit in knowledge.aliases_by_keys(resolver.session, wanted - set(local_keys)):
        stored.setdefault(hit.key, (hit.entity_id, hit.kind))
    found: list[tuple[int | None, int, int, int | GazetteerEntry, str]] = []
    for n, (sentence_id, toks) in enumerate(toks_of):
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not tok.is_word or tok.start in covered:
                i += 1
                continue
            match: tuple[int, int | GazetteerEntry, str] | None = None
            for end, key in keys_at.get((n, i)) or _scan_keys(toks, i):
                if len(key) < 3 or any(toks[k].start in covered for k in range(i, end)):
                    continue
                target = local_keys.get(key) or stored.get(key)
                if target is not None:
                    match = (end, target[0], target[1])
                    break
                entry = resolver.gazetteer.lookup(key) if resolver.gazetteer.enabled else None
                if entry is not None and _gazetteer_ok(toks, i, end, entry):
                    match = (end, entry, entry.kind)
                    break
            if match is None:
                i += 1
                continue
            end, target_id, kind = match
            found.append((sentence_id, toks[i].start, toks[end - 1].end, target_id, kind))
            covered.update(range(toks[i].start, toks[end - 1].end))
            i = end
    entries = list({t.name: t for *_x, t, _k in found if isinstance(t, GazetteerEntry)}.values())
    gazetteer_ids = resolver.gazetteer_entities(entries) if entries else {}
    out = []
    for sentence_id, start, end, named, kind in found:
        entity_id = gazetteer_ids[named.name] if isinstance(named, GazetteerEntry) else named
        out.append(ResolvedMention(start, end, entity_id, kind, sentence_id, text[start:end]))
    return out


def _gazetteer_ok(toks: list[Token], i: int, end: int, entry: GazetteerEntry) -> bool:
    """Short Latin acronyms (US, UN, AP) only in capitals, so English words are not read as names."""
    surface = " ".join(t.text for t in toks[i:end])
    if surface.isascii() and len(surface) <= 3:
        return surface.isupper()
    return True
