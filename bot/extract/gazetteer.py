"""The world-knowledge gazetteer: countries, capitals, bodies, outlets and leaders from TOML files."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bot.errors import ConfigError
from bot.extract.tokens import alias_key
from bot.text import normalise
from storage.models import ENTITY_KINDS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GazetteerEntry:
    """One known name with its kind and every spelling."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    capital_of: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    """Entries indexed by alias key, plus adjective -> country for 'the French authorities'."""

    entries: tuple[GazetteerEntry, ...] = ()
    by_key: dict[str, GazetteerEntry] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # normalised adjective -> country name
    max_words: int = 0

    @property
    def enabled(self) -> bool:
        return bool(self.entries)

    def lookup(self, key: str) -> GazetteerEntry | None:
        return self.by_key.get(key)

    def country_of_adjective(self, norm: str) -> str | None:
        return self.adjectives.get(norm)

    def country_named_by(self, name: str) -> str | None:
        """The country a name stands for: itself, its capital's country, or None."""
        entry = self.by_key.get(alias_key(name))
        if entry is None:
            return None
        if entry.kind == "country":
            return entry.name
        return entry.capital_of


EMPTY = Gazetteer()


def _adjective_forms(base: str) -> list[str]:
    if base.isascii():
        return [base.lower()]
    word = normalise(base)
    forms = [word, word + "ه", word + "ين", word + "ون", word + "ان"]
    if word.endswith("ي"):
        forms += [word[:-1] + "يين", word[:-1] + "يون"]
    return [f for w in forms for f in (w, "ال" + w)]


def _read(path: Path | str, text: str) -> list[dict[str, object]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"gazetteer {path} is not valid TOML: {exc}") from exc
    entities = data.get("entity", [])
    if not isinstance(entities, list):
        raise ConfigError(f"gazetteer {path}: expected [[entity]] tables")
    return [e for e in entities if isinstance(e, dict)]


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def build(raw_entries: list[dict[str, object]]) -> Gazetteer:
    """Merge raw [[entity]] tables (later ones add aliases to earlier ones of the same name)."""
    merged: dict[str, dict[str, object]] = {}
    adjectives: dict[str, str] = {}
    for raw in raw_entries:
        name = str(raw.get("name", "")).strip()
        kind = str(raw.get("kind", "")).strip()
        if not name or kind not in ENTITY_KINDS:
            raise ConfigError(f"gazetteer entry needs a name and a kind in {ENTITY_KINDS}: {raw!r}")
        aliases = [str(a) for a in _list(raw.get("aliases"))]
        slot = merged.setdefault(name, {"kind": kind, "aliases": [], "capital_of": None})
        slot["aliases"] = _list(slot["aliases"]) + aliases
        if raw.get("capital_of"):
            slot["capital_of"] = str(raw["capital_of"])
        for adjective in _list(raw.get("adjectives")):
            for form in _adjective_forms(str(adjective)):
                adjectives.setdefault(form, name)
    entries = []
    by_key: dict[str, GazetteerEntry] = {}
    for name, slot in merged.items():
        names = list(dict.fromkeys([name, *slot["aliases"]]))  # type: ignore[misc]
        entry = GazetteerEntry(name, str(slot["kind"]), tuple(names), slot["capital_of"])  # type: ignore[arg-type]
        entries.append(entry)
        for alias in names:
            by_key.setdefault(alias_key(alias), entry)
    max_words = max((len(k.split()) for k in by_key), default=0)
    return Gazetteer(tuple(entries), by_key, adjectives, max_words)


@lru_cache(maxsize=8)
def load_gazetteer(enabled: bool = True, extra_path: str | None = None) -> Gazetteer:
    """The packaged gazetteer plus an operator's file; the empty gazetteer when switched off."""
    if not enabled:
        return EMPTY
    packaged = resources.files("bot.extract") / "gazetteer.toml"
    raw = _read("bot/extract/gazetteer.toml", packaged.read_text(encoding="utf-8"))
    if extra_path:
        path = Path(extra_path).expanduser()
        if not path.is_file():
            raise ConfigError(f"BRIEFING_GAZETTEER_PATH points at {path}, which is not a file")
        raw += _read(path, path.read_text(encoding="utf-8"))
    gazetteer = build(raw)
    logger.debug("gazetteer: %d entries", len(gazetteer.entries))
    return gazetteer


def configured_gazetteer() -> Gazetteer:
    """The gazetteer the settings ask for (BRIEFING_GAZETTEER_ENABLED, BRIEFING_GAZETTEER_PATH)."""
    from bot.config import get_settings

    settings = get_settings()
    return load_gazetteer(settings.gazetteer_enabled, settings.gazetteer_path)
