"""Everyday commands: /start, /help, /entity, /latest, /disputed, /stories, /sources, /follow, /forget, ..."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot import browse, chats, stories
from bot.answer import find_entity
from bot.messages import help_text, join
from bot.messages import html_text as t
from bot.messages import text as plain
from bot.stories.timeline import Timeline, chosen_story, story_timeline
from handlers import render
from handlers.buttons import BUTTON_NAME_CHARS, encode
from handlers.permissions import may_change
from handlers.runtime import Context, in_session, settings

logger = logging.getLogger(__name__)

STORIES_SHOWN = 10  # the most recently active stories /stories lists


def _argument(update: Update) -> str:
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1].strip() if len(parts) > 1 else ""


async def chat_language(update: Update, context: Context) -> str:
    """The chat's interface language (its /language choice, else the user's Telegram language)."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return chats.language_from_code(user.language_code if user else None)
    code = user.language_code if user else None
    state = await in_session(
        context, lambda s: chats.chat_state(s, chat_id=chat.id, kind=chat.type, telegram_language=code)
    )
    return state.language


async def send_blocks(
    update: Update,
    context: Context,
    blocks: Sequence[render.Block],
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Send blocks as one or more HTML messages, the keyboard under the last one."""
    chat = update.effective_chat
    if chat is None:
        return
    parts = render.split_messages(blocks)
    for index, text in enumerate(parts):
        await context.bot.send_message(
            chat.id,
            text,
            parse_mode="HTML",
            disable_web_page_preview=True,
            reply_markup=keyboard if index == len(parts) - 1 else None,
        )


async def reply(update: Update, text: str) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(render.shown(text), parse_mode="HTML", disable_web_page_preview=True)


async def on_start(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    counts = await in_session(context, lambda s: (chats.stats(s, retention_days=1), len(browse.sources(s))))
    stats, outlets = counts
    await reply(
        update,
        t(
            language,
            "start",
            articles=stats.articles,
            outlets=outlets,
            entities=stats.entities,
            claims=stats.claims,
            disputed=stats.disputed,
        ),
    )


async def on_help(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    await reply(update, help_text(language, retention_days=settings(context).question_retention_days))


async def on_entity(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    name = _argument(update)
    if not name:
        await reply(update, t(language, "entity_usage"))
        return

    found = await in_session(context, lambda s: browse.lookup_entity(s, name))
    card = found.card
    if card is None:
        unknown = t(language, "not_found_entity", name=name[:200])
        if found.suggestions:
            unknown += t(language, "answer.suggestions", known=join(language, found.suggestions))
        await reply(update, unknown)
        return
    name = card.name if len(card.name) <= BUTTON_NAME_CHARS else card.name[: BUTTON_NAME_CHARS - 1] + "…"
    button = InlineKeyboardButton(
        plain(language, "button_follow", name=name), callback_data=encode("f", card.id)
    )
    await send_blocks(update, context, render.entity_blocks(card, language), InlineKeyboardMarkup([[button]]))


async def on_latest(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    latest = await in_session(context, lambda s: browse.latest(s))
    await send_blocks(update, context, render.latest_blocks(latest, language))


async def on_disputed(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    views = await in_session(context, lambda s: browse.disputed(s))
    await send_blocks(update, context, render.disputed_blocks(views, language))


async def on_stories(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    found = await in_session(context, lambda s: stories.list_stories(s, limit=STORIES_SHOWN))
    await send_blocks(update, context, render.stories_blocks(found, language))


async def on_timeline(update: Update, context: Context) -> None:
    """/timeline [#N]: a story's first reports and changes of account (the chat's last story, else the
    largest)."""
    chat = update.effective_chat
    if chat is None:
        return
    language = await chat_language(update, context)
    argument = _argument(update)
    # "#3" as /stories numbers them; a bare "3" means the same here (the command takes nothing else).
    named = (
        stories.story_reference(argument if argument.startswith("#") else f"#{argument}")
        if argument
        else None
    )
    if argument and named is None:
        await reply(update, t(language, "timeline.usage"))
        return

    def work(session: Session) -> tuple[int | None, Timeline | None, str]:
        state = chats.chat_state(session, chat_id=chat.id, kind=chat.type, telegram_language=None)
        wanted = chosen_story(session, named=named, last_story=state.context_story_id)
        found = story_timeline(session, wanted) if wanted is not None else None
        return wanted, found, chats.reader_zone(session, chat_id=chat.id)

    wanted, found, zone = await in_session(context, work)
    if found is None:
        await reply(
            update, t(language, "not_found_story", number=wanted) if wanted else t(language, "nothing_yet")
        )
        return
    await send_blocks(update, context, render.timeline_blocks(found, language, zone))


async def on_sources(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    outlets = await in_session(context, lambda s: browse.sources(s))
    await send_blocks(update, context, render.outlets_blocks(outlets, language))


async def on_follow(update: Update, context: Context) -> None:
    await _follow_or_unfollow(update, context, follow=True)


async def on_unfollow(update: Update, context: Context) -> None:
    await _follow_or_unfollow(update, context, follow=False)


async def _follow_or_unfollow(update: Update, context: Context, *, follow: bool) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    language = await chat_language(update, context)
    name = _argument(update)
    if not name:
        names = await in_session(context, lambda s: chats.followed(s, chat_id=chat.id, language=language))
        if names:
            await reply(update, t(language, "following", names=join(language, names)))
        else:
            await reply(update, t(language, "follow_usage" if follow else "unfollow_usage"))
        return
    if not await may_change(update, context):
        await reply(update, t(language, "group.admins_only_follow"))
        return
    number = stories.story_reference(name)
    if number is not None:
        await _follow_story(update, context, number, follow=follow)
        return

    def work(session: Session) -> chats.FollowResult:
        hit = find_entity(session, name)
        if hit is None:
            return chats.FollowResult(None, False)
        if follow:
            return chats.follow(session, chat_id=chat.id, kind=chat.type, entity=hit)
        return chats.unfollow(session, chat_id=chat.id, entity=hit)

    result = await in_session(context, work)
    if result.entity is None:
        await reply(update, t(language, "not_found_entity", name=name[:200]))
        return
    await _reply_follow(update, language, result.entity.name, changed=result.changed, follow=follow)


async def _follow_story(update: Update, context: Context, number: int, *, follow: bool) -> None:
    """/follow #N, /unfollow #N: a story by its number in /stories."""
    chat = update.effective_chat
    if chat is None:
        return
    language = await chat_language(update, context)

    def work(session: Session) -> chats.StoryFollowResult:
        if follow:
            return chats.follow_story(session, chat_id=chat.id, kind=chat.type, story_id=number)
        return chats.unfollow_story(session, chat_id=chat.id, story_id=number)

    result = await in_session(context, work)
    if result.story is None:
        await reply(update, t(language, "not_found_story", number=number))
        return
    if follow:
        key = "followed_story" if result.changed else "already_followed_story"
    else:
        key = "unfollowed_story" if result.changed else "not_followed_story"
    await reply(update, t(language, key, title=result.story.title(language)))


async def _reply_follow(update: Update, language: str, name: str, *, changed: bool, follow: bool) -> None:
    if follow:
        key = "followed" if changed else "already_followed"
    else:
        key = "unfollowed" if changed else "not_followed"
    await reply(update, t(language, key, name=name))


async def on_language(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    wanted = _argument(update).lower()[:2]
    if wanted not in chats.LANGUAGES:
        await reply(update, t(await chat_language(update, context), "language_usage"))
        return
    await in_session(
        context, lambda s: chats.set_language(s, chat_id=chat.id, kind=chat.type, language=wanted)
    )
    await reply(update, t(wanted, "language_set"))


async def on_forget(update: Update, context: Context) -> None:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return
    language = await chat_language(update, context)
    private = chat.type == ChatType.PRIVATE
    user_id = user.id if user else None
    counts = await in_session(
        context, lambda s: chats.forget(s, chat_id=chat.id, user_id=user_id, private=private)
    )
    done = t(language, "forgotten" if private else "forgotten_group", **counts)
    if counts["reports"]:
        done += t(language, "forgotten_reports", reports=counts["reports"])
    await reply(update, done)


async def on_unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0] if message else ""
    await reply(update, t(await chat_language(update, context), "unknown_command", command=command[:40]))


async def on_my_membership(update: Update, context: Context) -> None:
    """The bot added to a group: say hello and how to ask, in the language of whoever added it."""
    change = update.my_chat_member
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    was = change.old_chat_member.status
    now = change.new_chat_member.status
    if was not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED) or now not in (
        ChatMemberStatus.MEMBER,
        ChatMemberStatus.ADMINISTRATOR,
    ):
        return
    language = await chat_language(update, context)
    logger.info("added to group %s by user %s", change.chat.id, change.from_user.id)
    await context.bot.send_message(
        change.chat.id, render.shown(t(language, "group.hello"), language), parse_mode="HTML"
    )
