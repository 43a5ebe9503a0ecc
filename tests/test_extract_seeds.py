"""Extraction over the real seed articles (skipped where ../shared is absent).

No name from the seeds is written here: expected aliases come from the shared evaluation file, and
the other actors are recognised by the shape of what was extracted about them.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.extract.gazetteer import load_gazetteer
from bot.extract.lookup import find_entity
from bot.text import normalise
from storage import Database, knowledge, open_database
from storage.models import Claim
from tests.conftest import SEEDS, SHARED, needs_seeds

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Database:
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_DATABASE_URL", url)
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["ingest", *map(str, sorted(SEEDS.glob("*.txt")))])
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return open_database(url)


def expected_aliases(key: str) -> list[str]:
    spec = json.loads((SHARED / "eval" / "dev_questions.json").read_text(encoding="utf-8"))
    return list(spec["entities"][key])


def aliases_of(info: knowledge.EntityInfo) -> set[str]:
    return {normalise(a) for a in info.alias_names}


def test_the_leader_is_one_entity_under_both_names(seeded: Database) -> None:
    wanted = expected_aliases("omsen")
    with seeded.session() as session:
        infos = {info.id: info for name in wanted if (info := find_entity(session, name)) is not None}
    assert len(infos) == 1, "every spelling of the leader's name resolves to one entity"
    (info,) = infos.values()
    assert info.kind == "person"
    arabic_full = {normalise(a) for a in wanted if " " in a and not a.isascii()}
    assert arabic_full <= aliases_of(info), "both full names are aliases"


def test_places_and_the_governorate(seeded: Database) -> None:
    with seeded.session() as session:
        idlib = find_entity(session, expected_aliases("idlib")[0])
        places = knowledge.list_entities(session, "place")
    assert idlib is not None and idlib.kind == "place"
    busy = [p for p in places if p.mention_count >= 5]
    assert idlib.id in {p.id for p in busy} and len(busy) >= 2, "the town and the governorate are places"
    assert not any(normalise(p.name).startswith(("محافظه", "ريف", "مدينه")) for p in places)


def test_the_monitoring_group_has_its_full_and_short_names(seeded: Database) -> None:
    with seeded.session() as session:
        bodies = knowledge.list_entities(session, "organisation")

    def has_short_form(info: knowledge.EntityInfo) -> bool:
        keys = [k.split() for _a, k, _l in info.aliases]
        return any(len(a) >= 2 and len(b) > len(a) and b[: len(a)] == a for a in keys for b in keys)

    assert any(has_short_form(b) and b.mention_count >= 3 for b in bodies)


def test_the_commander_is_a_person_whose_surname_alone_speaks(seeded: Database) -> None:
    with seeded.session() as session:
        rows = session.execute(
            select(Claim.speaker_entity_id, Claim.article_id).where(Claim.verb.is_not(None))
        ).all()
        spoken = Counter(e for e, _a in rows if e is not None)
        people = {p.id: p for p in knowledge.list_entities(session, "person")}
    commanders = [
        people[e]
        for e, n in spoken.items()
        if e in people and n >= 3 and any(len(a.split()) == 1 for a in people[e].alias_names)
    ]
    assert commanders, "a titled official quoted several times, also named by surname alone"


def test_whether_france_asked_for_the_operation_is_disputed(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    france = load_gazetteer(True, None).lookup(normalise("France").lower())
    assert france is not None
    monkeypatch.setenv("BRIEFING_DATABASE_URL", seeded.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["claims", "--status", "disputed", "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    france_groups = [
        g for g in groups if any(c["side"] == france.name for s in g["sides"] for c in s["claims"])
    ]
    assert france_groups, "a dispute about France's part in the operation"
    sides = {s["side"]: s["claims"] for s in france_groups[0]["sides"]}
    assert sides.get("affirmed") and sides.get("denied")
    sources = {c["source"] for side in sides.values() for c in side}
    assert len(sources) >= 2, "both sides with their outlets"
    assert {c["verb"] for c in sides["denied"]} & {"نفى"}, "the French denial is on the denied side"
