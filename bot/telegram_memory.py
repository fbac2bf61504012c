"""What the bot remembers per chat, kept as JSON under `var/` so it survives a restart."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bot.answer import Answerer
from bot.conversation import Conversation, Turn
from bot.reply import Answer, AnswerFigure, Citation
from index.atomic import replace_file

log = logging.getLogger(__name__)

FORMAT = 2


class Conversations(Protocol):
    """The bot's seam to the answer core: one conversation per chat.

    Methods are called from worker threads, one call at a time per chat.
    """

    def answer(self, chat_id: int, text: str) -> Answer:
        """Answer a message in this chat (a follow-up may rely on what came before)."""
        ...

    def reset(self, chat_id: int) -> None:
        """Forget this chat's conversation."""
        ...

    def about(self, chat_id: int, article_id: str) -> None:
        """Point this chat at an article (one just added in it): "who wrote this?" is of it.
        Called when an addition ends, perhaps while one of the chat's questions is answered."""
        ...

    def last(self, chat_id: int) -> Answer | None:
        """The last answer given in this chat, if any."""
        ...

    def save(self) -> None:
        """Write what changed since the last save to disk."""
        ...


class ChatMemory:
    """One conversation per chat (follow-ups keep their context), kept across restarts.

    At most `max_chats` chats are kept, the least recently active dropped first. The file is
    `{"format": 2, "chats": {"<chat id>": [<turn: question, standalone, subject, answer>]}}`.
    """

    def __init__(self, answerer: Answerer, path: Path, max_chats: int = 10_000) -> None:
        self.answerer = answerer
        self.path = path
        self.max_chats = max_chats
        self._chats: OrderedDict[int, Conversation] = OrderedDict()
        for chat_id, turns in _load(path).items():
            conversation = Conversation(answerer)
            conversation.turns.extend(turns)
            self._chats[chat_id] = conversation
        self._lock = threading.Lock()
        self._saving = threading.Lock()  # one writer of the file at a time
        self._dirty = False

    def answer(self, chat_id: int, text: str) -> Answer:
        conversation = self._active(chat_id)
        answer = conversation.ask(text)  # one call at a time per chat, so no lock needed
        with self._lock:
            self._dirty = True
        return answer

    def reset(self, chat_id: int) -> None:
        with self._lock:
            self._dirty |= self._chats.pop(chat_id, None) is not None

    def about(self, chat_id: int, article_id: str) -> None:
        # Not saved: after a restart, "which article?". It may run while the chat's question is
        # being answered (an addition is reported in the background): it only sets the fields
        # a question reads, so at worst that one question does not see it.
        self._active(chat_id).about(article_id)

    def _active(self, chat_id: int) -> Conversation:
        """The chat's conversation (a new one if it has none), now the most recently active;
        the least recently active beyond `max_chats` are dropped."""
        with self._lock:
            conversation = self._chats.pop(chat_id, None) or Conversation(self.answerer)
            self._chats[chat_id] = conversation
            while len(self._chats) > self.max_chats:
                self._chats.popitem(last=False)
        return conversation

    def last(self, chat_id: int) -> Answer | None:
        with self._lock:
            conversation = self._chats.get(chat_id)
        return conversation.last if conversation is not None else None

    def save(self) -> None:
        with self._saving:  # one writer of the file at a time; answers go on meanwhile
            with self._lock:
                if not self._dirty:
                    return
                chats = {
                    str(k): [dataclasses.asdict(t) for t in list(v.turns)]
                    for k, v in self._chats.items()
                }
                self._dirty = False
            try:
                _write(self.path, {"format": FORMAT, "chats": chats})
            except OSError:
                self._dirty = True
                raise


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write JSON beside the file, flushed to disk, and rename it into place: a crash or a power
    cut leaves the old file or the new one, whole."""
    replace_file(path, json.dumps(data, ensure_ascii=False))


def _load(path: Path) -> OrderedDict[int, list[Turn]]:
    """The saved chats; a missing file is an empty memory, a damaged one a warning."""
    chats: OrderedDict[int, list[Turn]] = OrderedDict()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        saved = data["chats"].items()
    except FileNotFoundError:
        return chats
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        log.warning("Ignoring the chat memory in %s: %s", path, exc)
        return chats
    for key, rows in saved:
        try:
            chats[int(key)] = [
                Turn(
                    str(row["question"]),
                    str(row["standalone"]),
                    str(row["subject"]),
                    answer_from_json(row["answer"]),
                )
                for row in rows
            ]
        except (TypeError, ValueError, KeyError) as exc:
            log.warning("Ignoring the saved conversation of chat %s in %s: %s", key, path, exc)
    return chats


def answer_from_json(row: dict[str, Any]) -> Answer:
    """An Answer back from `dataclasses.asdict(answer)` read as JSON."""
    return Answer(
        **{k: v for k, v in row.items() if k not in ("figures", "citations")},
        figures=[AnswerFigure(**f) for f in row.get("figures", [])],
        citations=[Citation(**c) for c in row.get("citations", [])],
    )


class Autosave:
    """Runs `save` in a worker thread `delay` seconds after a change; a burst saves once."""

    def __init__(self, save: Callable[[], None], delay: float = 1.0) -> None:
        self.save = save
        self.delay = delay
        self._task: asyncio.Task[None] | None = None
        self._pending = False

    def changed(self) -> None:
        self._pending = True
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._later())

    async def flush(self) -> None:
        """Save now, whatever is pending."""
        if self._task:
            self._task.cancel()
        self._pending = False
        await asyncio.to_thread(self.save)

    async def _later(self) -> None:
        while self._pending:
            await asyncio.sleep(self.delay)
            self._pending = False
            try:
                await asyncio.to_thread(self.save)
            except OSError as exc:
                log.error("Could not save the chats' memory: %s", exc)
