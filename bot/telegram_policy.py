"""Who gets an answer: private chats always, groups when addressed, and the allow-list."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable

from telegram import Message, User
from telegram.constants import ChatType, MessageEntityType

_MENTIONS: list[str | None] = [MessageEntityType.MENTION, MessageEntityType.TEXT_MENTION]


def addressed(message: Message, me: User, group_mode: str) -> bool:
    """A command unless it names another bot (`/help@other_bot`); any other message in a
    private chat; in a group, in "mention" mode, only a mention of Tally or a reply to it.
    """
    username = (me.username or "").lower()
    command = re.match(r"/\w+(?:@(\w+))?", message.text or "")
    if command and message.entities and message.entities[0].type == MessageEntityType.BOT_COMMAND:
        return command.group(1) is None or command.group(1).lower() == username
    if message.chat.type == ChatType.PRIVATE:
        return True
    if group_mode == "all":
        return True
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == me.id:
        return True
    found = {**message.parse_entities(_MENTIONS), **message.parse_caption_entities(_MENTIONS)}
    return any(
        (entity.user is not None and entity.user.id == me.id) or text.lower() == f"@{username}"
        for entity, text in found.items()
    )


def question_text(text: str, username: str) -> str:
    """The question without Tally's @name: "@tally_bot How much?" -> "How much?"."""
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


class AllowList:
    """User and chat ids let in (empty: everyone); each other chat is refused only once."""

    def __init__(self, ids: Iterable[int], remember: int = 10_000) -> None:
        self.ids = frozenset(ids)
        self.remember = remember
        self._refused: OrderedDict[int, None] = OrderedDict()

    def allows(self, message: Message) -> bool:
        user = message.from_user.id if message.from_user else None
        return not self.ids or message.chat_id in self.ids or user in self.ids

    def first_refusal(self, chat_id: int) -> bool:
        """True the first time a chat is refused, False after that."""
        if chat_id in self._refused:
            return False
        self._refused[chat_id] = None
        if len(self._refused) > self.remember:
            self._refused.popitem(last=False)
        return True
