"""`briefing reindex`, `briefing entities`, `briefing entity NAME`, `briefing claims`: what was understood."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.cli import app as root
from bot.cli import common
from bot.extract import reindex_articles
from bot.extract.lookup import find_entity, sides_of, source_label
from bot.extract.profile import Profile, load_profiles
from bot.stories import rebuild_stories
from bot.text import squash
from storage import browse, knowledge
from storage import claims as claim_reads
from storage.articles import count_articles
from storage.browse import GroupItem
from storage.claims import ClaimView
from storage.knowledge import EntityInfo
from storage.models import ENTITY_KINDS, GROUP_STATUSES
from storage.profiles import ProfileLine


@root.command("reindex")
def reindex_command() -> None:
    """Rebuild entities, claims, groups, the index and stories from the stored articles, a batch at a time.

    Each batch is its own short transaction, so ingests and questions go on during a reindex.

    Example: briefing reindex
    """
    database = common.database()
    with database.session() as session:
        total = count_articles(session)
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=common.err, transient=False) as progress:
        task = progress.add_task("articles", total=total)
        stats = reindex_articles(database, on_article=lambda _a: progress.advance(task))
    common.err.print(
        f"reindexed {total} articles: {stats.mentions} mentions, {stats.claims} claims, "
        f"{stats.comparisons} candidate comparisons"
    )
    placed = rebuild_stories(database)
    common.err.print(
        f"placed {placed.articles} articles in stories: {placed.started} stories started, "
        f"{placed.kept} kept for their pinned articles"
    )


def _entity_json(info: EntityInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "kind": info.kind,
        "aliases": [a for a in info.alias_names if a != info.name],
        "mentions": info.mention_count,
    }


def _profile_json(profile: Profile) -> dict[str, Any]:
    def cite(line: ProfileLine) -> dict[str, Any]:
        return {
            "text": line.text,
            "article_id": line.article_id,
            "start": line.start,
            "end": line.end,
            "outlet": line.outlet,
        }

    return {
        "latin_name": profile.latin_name,
        "transliterated": profile.transliterated,
        "latin_source": cite(profile.latin_line) if profile.latin_line else None,
        "roles": [cite(line) for line in profile.roles],
    }


def _print_profile(profile: Profile) -> None:
    """The Latin name (marked when transliterated) and each cited role."""
    mark = " (transliterated)" if profile.transliterated else ""
    common.out.print(f"in Latin script: {profile.latin_name}{mark}", highlight=False, markup=False)
    for line in profile.roles:
        source = line.outlet or f"article #{line.article_id}"
        common.out.print(f"- {line.text}  — {source}", highlight=False, markup=False)


def _claim_json(claim: ClaimView) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": squash(claim.quote),
        "speaker": claim.speaker,
        "verb": claim.verb,
        "stance": claim.stance,
        "side": claim.side,
        "kind": claim.kind,
        "group": claim.group_id,
        "status": claim.group_status,
        "outlet": claim.outlet,
        "credited_outlet": claim.credited_outlet,
        "source": source_label(claim),
        "title": claim.article_title,
        "url": claim.article_url,
        "published": claim.published_at.isoformat() if claim.published_at else None,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
    }


@root.command("entities")
def entities_command(
    kind: str | None = typer.Option(None, "--kind", help=f"Only one kind: {', '.join(ENTITY_KINDS)}."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array on stdout."),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many, most mentioned first."),
) -> None:
    """List the people, groups, places and outlets found, with their aliases.

    Example: briefing entities --kind person
    """
    common.one_of(kind, ENTITY_KINDS, "kind", "--kind")
    with common.database().session() as session:
        rows = knowledge.list_entities(session, kind, limit)
    if as_json:
        common.out.print_json(json.dumps([_entity_json(r) for r in rows], ensure_ascii=False))
        return
    if not rows:
        common.err.print("no entities yet: ingest some articles first (briefing ingest PATH)")
        return
    for r in rows:
        aliases = [a for a in r.alias_names if a != r.name]
        extra = f"  [dim]({' · '.join(aliases)})[/]" if aliases else ""
        common.out.print(f"{r.kind:<12} {r.name}  ×{r.mention_count}{extra}", highlight=False)


@root.command("entity")
def entity_command(
    name: str = typer.Argument(..., help="A name or alias, in any script or spelling."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """Show one entity: aliases, where it is mentioned, and the claims about it or by it.

    Example: briefing entity "Omar Omsen"
    """
    with common.database().session() as session:
        info = find_entity(session, name)
        if info is None:
            common.fail(f"no entity matches {name!r}; see `briefing entities` for what is known", code=1)
        mentions = knowledge.mentions_of(session, info.id)
        claims = claim_reads.list_claims(session, entity_id=info.id, limit=100)
        profile = load_profiles(session, [info])[info.id]
    if as_json:
        data = _entity_json(info)
        data["profile"] = _profile_json(profile)
        data["mention_list"] = [
            {"article_id": a, "start": s, "end": e, "surface": surface, "title": title}
            for a, s, e, surface, title in mentions
        ]
        data["claims"] = [_claim_json(c) for c in claims]
        common.out.print_json(json.dumps(data, ensure_ascii=False))
        return
    common.out.print(
        f"[bold]{info.name}[/] ({info.kind}), mentioned {info.mention_count} times", highlight=False
    )
    aliases = [a for a in info.alias_names if a != info.name]
    if aliases:
        common.out.print("also: " + " · ".join(aliases), highlight=False)
    _print_profile(profile)
    for claim in claims:
        speaker = claim.speaker or source_label(claim)
        line = f"- [{claim.group_status}] {speaker} ({claim.stance}): {squash(claim.quote)}"
        common.out.print(
            f"{line}  — {source_label(claim)}",
            highlight=False,
            markup=False,
        )


@root.command("claims")
def claims_command(
    entity: str | None = typer.Option(None, "--entity", help="Only claims about or by this entity."),
    status: str | None = typer.Option(
        None, "--status", help=f"Only groups with this status: {', '.join(GROUP_STATUSES)}."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON array of groups on stdout."),
    limit: int = typer.Option(500, "--limit", min=1, help="At most this many claims."),
) -> None:
    """List claims grouped by proposition; disputed groups show each side with its outlets.

    Example: briefing claims --status disputed
    """
    common.one_of(status, GROUP_STATUSES, "status", "--status")
    with common.database().session() as session:
        entity_id = None
        if entity:
            info = find_entity(session, entity)
            if info is None:
                common.fail(f"no entity matches {entity!r}; see `briefing entities`", code=1)
            entity_id = info.id
        claims = claim_reads.list_claims(session, entity_id=entity_id, status=status, limit=limit)
        groups = browse.groups_by_ids(session, {c.group_id for c in claims if c.group_id is not None})
    by_group: OrderedDict[int, list[ClaimView]] = OrderedDict()
    for claim in claims:
        by_group.setdefault(claim.group_id or 0, []).append(claim)
    if as_json:
        common.out.print_json(json.dumps(_claim_groups_json(by_group, groups), ensure_ascii=False))
        return
    if not by_group:
        common.err.print("no claims match")
        return
    _print_claim_groups(by_group, groups)


def _claim_groups_json(
    by_group: OrderedDict[int, list[ClaimView]], groups: dict[int, GroupItem]
) -> list[dict[str, Any]]:
    """The groups as `briefing claims --json` prints them: each with its sides and their claims."""
    out = []
    for group_id, members in by_group.items():
        group = groups.get(group_id)
        out.append(
            {
                "group": group_id,
                "label": group.label if group else None,
                "status": group.status if group else None,
                "outlets": group.outlet_count if group else None,
                "dispute": group.dispute_reason if group else None,
                "sides": [
                    {"side": side.label, "claims": [_claim_json(c) for c in side.claims]}
                    for side in sides_of(members)
                ],
            }
        )
    return out


def _print_claim_groups(by_group: OrderedDict[int, list[ClaimView]], groups: dict[int, GroupItem]) -> None:
    """Each group's header (status, dispute, sources), then its claims, by side when it is disputed."""
    for group_id, members in by_group.items():
        group = groups.get(group_id)
        header = f"[bold]group {group_id}[/] {group.status if group else ''}"
        if group and group.status == "disputed":
            header += f" ({group.dispute_reason})"
        if group:
            header += f", {group.outlet_count} source(s)"
        common.out.print(header, highlight=False)
        for side in sides_of(members):
            if len(members) > 1 and group and group.status == "disputed":
                common.out.print(f"  {side.label}:", highlight=False)
            for c in side.claims:
                speaker = c.speaker or source_label(c)
                common.out.print(
                    f"    {speaker}: {squash(c.quote)}  — {source_label(c)}", highlight=False, markup=False
                )
