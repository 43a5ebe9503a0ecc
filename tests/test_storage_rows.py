"""Typed write rows: each is stored column for column, and the read side fills its values by name."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import Database, knowledge
from storage.models import ClaimGroup, Entity, EntityAlias
from storage.rows import AliasRow, EntityRow, GroupRow, GroupStatusRow, values

WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_values_are_the_rows_columns() -> None:
    row = AliasRow(entity_id=3, alias="Omar Omsen", key="omar omsen", latin_key="mr msn", origin="text")
    assert values([row]) == [
        {"entity_id": 3, "alias": "Omar Omsen", "key": "omar omsen", "latin_key": "mr msn", "origin": "text"}
    ]


def test_entities_aliases_and_groups_are_written_from_typed_rows(db: Database) -> None:
    with db.session() as session:
        [entity_id] = knowledge.create_entities(
            session, [EntityRow(name="Lina Haddad", kind="person", key="lina haddad")]
        )
        knowledge.add_aliases(
            session,
            [AliasRow(entity_id=entity_id, alias="Haddad", key="haddad", latin_key="hdd", origin="text")],
        )
        [group_id] = knowledge.create_groups(session, [GroupRow(label="The bridge is shut", when=WHEN)])
        knowledge.update_groups(
            session,
            [GroupStatusRow(group=group_id, status="disputed", outlet_count=2, reason="a denial", when=WHEN)],
        )
    with db.session() as session:
        entity = session.get(Entity, entity_id)
        assert entity is not None and (entity.name, entity.kind, entity.mention_count) == (
            "Lina Haddad",
            "person",
            0,
        )
        assert [a.alias for a in session.query(EntityAlias).filter_by(entity_id=entity_id)] == ["Haddad"]
        group = session.get(ClaimGroup, group_id)
        assert group is not None and (group.status, group.outlet_count, group.dispute_reason) == (
            "disputed",
            2,
            "a denial",
        )


def test_a_view_is_filled_by_attribute_name_with_given_values_first() -> None:
    from dataclasses import dataclass
    from types import SimpleNamespace

    from storage.rows import view_of

    @dataclass(frozen=True)
    class Pair:
        id: int
        name: str

    assert view_of(Pair, SimpleNamespace(id=4, name="Lina", other=1)) == Pair(4, "Lina")
    assert view_of(Pair, SimpleNamespace(id=4, name="Lina"), id=9) == Pair(9, "Lina")


def test_an_option_outside_its_choices_is_refused_naming_them() -> None:
    import pytest
    import typer

    from bot.cli.common import one_of

    one_of(None, ("person", "place"), "kind", "--kind")
    one_of("place", ("person", "place"), "kind", "--kind")
    with pytest.raises(typer.BadParameter, match="use one of person, place"):
        one_of("planet", ("person", "place"), "kind", "--kind")
