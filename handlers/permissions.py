"""Who may change a chat's settings: anyone in a private chat, only administrators in a group."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from handlers.runtime import Context

logger = logging.getLogger(__name__)


async def may_change(update: Update, context: Context) -> bool:
    """Whether the user behind this update may change what the chat follows and its digest settings."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    allowed = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
    if not allowed:
        logger.info("user %s (not an admin) tried to change the settings of group %s", user.id, chat.id)
    return allowed
