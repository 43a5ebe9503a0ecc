"""Entity resolution: local clusters of mentions, then the store's alias index, transliteration, fuzzy."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from bot.extract.entities import RawMention, find_mentions, surname
from bot.extract.gazetteer import Gazetteer, GazetteerEntry
from bot.extract.tokens import Token, alias_key, bare_variants, tokenize
from bot.terms import name_terms
from bot.translit import consonant_key, name_key
from storage import knowledge

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
MAX_SCAN_WORDS = 4
FUZZY_CANDIDATES = 20
MAX_NAME_DF = 500  # a name word carried by more entities than this is no clue (a common first name)


def compatible(a: str, b: str) -> bool:
    """Whether two entity kinds can name the same thing (a group is also a body, a country a place)."""
    return _FAMILY.get(a) == _FAMILY.get(b)


def same_name(a: str, b: str, kind: str) -> bool:
    """Fuzzy identity of two names of one kind, guarded so different people sharing a first name differ."""
    ka, kb = alias_key(a).split(), alias_key(b).split()
    if not ka or not kb:
        return False
    cross_script = a[:1].isascii() != b[:1].isascii()
    if cross_script:
        la, lb = name_key(a).split(), name_key(b).split()
        return len(la) == len(lb) and la == lb and all(len(x) >= 2 for x in la)
    if kind == "person":
        if len(ka) >= 2 and len(kb) >= 2:
            if ka[0] != kb[0] and fuzz.ratio(ka[0], kb[0]) < 80:
                return False
            # Compare surnames, not the whole string: 'عمر X' and 'عمر Y' share half their letters.
            return fuzz.ratio(ka[-1], kb[-1]) >= 85 and consonant_key(ka[-1])[:2] == consonant_key(kb[-1])[:2]
        if len(ka) == 1 and len(kb) == 1:
            return min(len(ka[0]), len(kb[0])) >= 5 and fuzz.ratio(ka[0], kb[0]) >= 88
        return False
    joined_a, joined_b = " ".join(ka), " ".join(kb)
    if len(ka) != len(kb) or fuzz.ratio(ka[-1], kb[-1]) < 85:
        return False  # 'قوات الأمن' is not 'القوات الأمنية': the distinguishing word must match too
    return min(len(joined_a), len(joined_b)) >= 6 and fuzz.ratio(joined_a, joined_b) >= 90


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


class Resolver:
    """Resolves one article's mentions to stored entities, creating and merging as needed.

    Every step is batched over the article's clusters: one alias-index query, one candidate query
    for fuzzy matching, one insert of new entities, one of new aliases and one of index terms.
    """

    def __init__(self, session: Session, gazetteer: Gazetteer) -> None:
        self.session = session
        self.gazetteer = gazetteer
        self._pending_aliases: dict[int, dict[str, str]] = {}

    # --- matching --------------------------------------------------------------------------------------

    def _fuzzy_many(self, wanted: list[tuple[int, list[str], str]]) -> dict[int, int]:
        """For (index, names, kind) of unresolved clusters: index -> entity id, through rare name terms."""
        if not wanted:
            return {}
        terms_of = {
            i: set().union(*(name_terms(n) for n in names)) if names else set() for i, names, _k in wanted
        }
        counts = knowledge.term_counts(self.session, "entity", set().union(*terms_of.values()))
        chosen_of = {
            i: sorted((t for t in terms if 0 < counts.get(t, 0) <= MAX_NAME_DF), key=lambda t: counts[t])[:6]
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
            candidates_of[i] = [e for e, _n in score.most_common(FUZZY_CANDIDATES)]
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
                if any(same_name(name, alias, kind) for alias in info.alias_names for name in names):
                    found[i] = entity_id
                    break
        return found

    def resolve_clusters(self, clusters: list[Cluster]) -> list[int]:
        """The stored entity of each local cluster (merging stored entities an alias statement ties)."""
        plans = []
        lookup: set[str] = set()
        for c in clusters:
            aliases: dict[str, str] = {n: c.origin.get(n, "text") for n in c.names}
            for extra in c.extra:
                aliases.setdefault(extra, "text")
            full = {alias_key(n) for n in c.names if len(alias_key(n).split()) >= 2 or c.kind != "person"}
            full |= {alias_key(n) for n in c.names if n.startswith("@")}
            keys = full or {alias_key(n) for n in c.names}
            lookup |= keys
            plans.append((c, aliases, keys, bool(full)))
        hits: dict[str, list[tuple[int, str]]] = {}
        for hit in knowledge.aliases_by_keys(self.session, lookup):
            hits.setdefault(hit.key, []).append((hit.entity_id, hit.kind))
        ids_of: dict[int, list[int]] = {}
        for index, (c, _aliases, keys, has_full) in enumerate(plans):
            ids = sorted({e for k in keys for e, kind in hits.get(k, []) if compatible(kind, c.kind)})
            ids_of[index] = ids if has_full else ids[:1]
        unresolved = [
            (index, [n for n in c.names if not n.startswith("@")], c.kind)
            for index, (c, *_rest) in enumerate(plans)
            if not ids_of[index]
        ]
        fuzzy = self._fuzzy_many(unresolved)
        to_create = []
        for index, (c, aliases, _keys, _full) in enumerate(plans):
            if not ids_of[index] and index in fuzzy:
                ids_of[index] = [fuzzy[index]]
                for n in c.names:
                    aliases[n] = "translit" if n[:1].isascii() else "fuzzy"
            if not ids_of[index]:
                to_create.append(index)
        # One cluster may name an entity another cluster of this article creates: create once by key.
        created: dict[tuple[str, str], int] = {}
        rows, owners = [], []
        for index in to_create:
            c = plans[index][0]
            name = canonical_name(c)
            family_key = (_FAMILY.get(c.kind, c.kind), alias_key(name))
            if family_key in created:
                continue
            created[family_key] = -1
            rows.append({"name": name[:300], "kind": c.kind, "key": alias_key(name)[:300]})
            owners.append(family_key)
        for family_key, entity_id in zip(owners, knowledge.create_entities(self.session, rows), strict=True):
            created[family_key] = entity_id
        result: list[int] = []
        for index, (c, aliases, _keys, _full) in enumerate(plans):
            if index in to_create:
                entity_id = created[(_FAMILY.get(c.kind, c.kind), alias_key(canonical_name(c)))]
            else:
                ids = ids_of[index]
                entity_id = ids[0]
                for other in ids[1:]:
                    knowledge.merge_entities(self.session, entity_id, other)
            self._pending_aliases.setdefault(entity_id, {}).update(
                {a: o for a, o in aliases.items() if a not in self._pending_aliases.get(entity_id, {})}
            )
            result.append(entity_id)
        return result

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
                    {
                        "entity_id": entity_id,
                        "alias": alias[:300],
                        "key": key[:300],
                        "latin_key": name_key(alias)[:300],
                        "origin": origin,
                    }
                )
                term_rows.extend((t[:100], entity_id, 1.0) for t in sorted(name_terms(alias)))
        knowledge.add_aliases(self.session, rows)
        knowledge.add_terms(self.session, "entity", sorted(set(term_rows)))
        self._pending_aliases = {}


def _scan_keys(toks: list[Token], i: int) -> list[tuple[int, str]]:
    """(end index, lookup key) for n-grams starting at ``toks[i]``, longest first, clitics stripped."""
    out: list[tuple[int, str]] = []
    words: list[Token] = []
    j = i
    while j < len(toks) and len(words) < MAX_SCAN_WORDS and toks[j].is_word:
        words.append(toks[j])
        j += 1
    for n in range(len(words), 0, -1):
        rest = " ".join(alias_key(w.norm) for w in words[1:n])
        for first in bare_variants(words[0].norm):
            key = alias_key(first) + (" " + rest if rest else "")
            out.append((i + n, key))
    return out


def resolve_article(
    session: Session, text: str, sentences: list[tuple[int | None, int, int]], gazetteer: Gazetteer
) -> tuple[list[ResolvedMention], Resolver]:
    """Find, cluster and resolve every entity mention of one article; returns the mentions."""
    resolver = Resolver(session, gazetteer)
    raw: list[RawMention] = []
    links: list[tuple[int, int]] = []
    sentence_of: list[int | None] = []
    toks_of: list[tuple[int | None, list[Token]]] = []
    for sentence_id, start, end in sentences:
        toks = tokenize(text, start, end)
        toks_of.append((sentence_id, toks))
        found = find_mentions(toks, gazetteer)
        offset = len(raw)
        raw.extend(found.mentions)
        sentence_of.extend([sentence_id] * len(found.mentions))
        links.extend((a + offset, b + offset) for a, b in found.links)
    clusters = cluster_mentions(raw, links)
    resolved: list[ResolvedMention] = []
    covered: set[int] = set()
    local_keys: dict[str, tuple[int, str]] = {}
    for c, entity_id in zip(clusters, resolver.resolve_clusters(clusters), strict=True):
        for i in c.members:
            m = raw[i]
            resolved.append(
                ResolvedMention(m.start, m.end, entity_id, c.kind, sentence_of[i], text[m.start : m.end])
            )
            covered.update(range(m.start, m.end))
        for name in list(c.names) + list(c.extra):
            local_keys.setdefault(alias_key(name), (entity_id, c.kind))
    resolved.extend(_scan(resolver, toks_of, covered, local_keys, text))
    return resolved, resolver


def _scan(
    resolver: Resolver,
    toks_of: list[tuple[int | None, list[Token]]],
    covered: set[int],
    local_keys: dict[str, tuple[int, str]],
    text: str,
) -> list[ResolvedMention]:
    """Known names anywhere in the article: this article's aliases, the gazetteer, the store's alias index."""
    wanted: set[str] = set()
    for _sid, toks in toks_of:
        for i, tok in enumerate(toks):
            if tok.is_word and tok.start not in covered:
                wanted.update(key for _end, key in _scan_keys(toks, i))
    wanted = {k for k in wanted if len(k) >= 3}
    stored: dict[str, tuple[int, str]] = {}
    for hit in knowledge.aliases_by_keys(resolver.session, wanted - set(local_keys)):
        stored.setdefault(hit.key, (hit.entity_id, hit.kind))
    found: list[tuple[int | None, int, int, int | GazetteerEntry, str]] = []
    for sentence_id, toks in toks_of:
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not tok.is_word or tok.start in covered:
                i += 1
                continue
            match: tuple[int, int | GazetteerEntry, str] | None = None
            for end, key in _scan_keys(toks, i):
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
