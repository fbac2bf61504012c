"""How updates and requests flow: per-chat order in; rate-limited, retried requests and the
typing indicator out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram import Bot, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

log = logging.getLogger(__name__)


class ChatOrder(BaseUpdateProcessor):
    """Updates of one chat are handled one at a time, in order; different chats concurrently.

    PTB's own semaphore (`max_backlog`) bounds updates waiting or running; `max_running` bounds
    those actually running, so a chat with a long queue does not hold the others' places.
    """

    def __init__(self, max_running: int = 64, max_backlog: int = 10_000) -> None:
        super().__init__(max_backlog)
        self.max_running = max_running
        self._running: asyncio.Semaphore | None = None
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # lock, updates holding or waiting

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._running is None:
            self._running = asyncio.Semaphore(self.max_running)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._running:
                await coroutine
            return
        # Locks are taken in arrival order: asyncio's Lock and Semaphore wake waiters FIFO.
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock, self._running:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        self._running = asyncio.Semaphore(self.max_running)

    async def shutdown(self) -> None:
        self._chats.clear()


class PatientRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (flood limits, `RetryAfter` waited out) that also retries a failed
    gateway or connection (502, refused) a few times with backoff.

    A timeout is not retried: the request may have arrived, and a message must not be sent twice.
    """

    def __init__(self, *, network_retries: int = 3, backoff: float = 0.5, **limits: Any) -> None:
        limits.setdefault("max_retries", 3)
        super().__init__(**limits)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (TimedOut, BadRequest):  # BadRequest is a NetworkError in PTB
                raise
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                delay = self.backoff * 2**attempt
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int, every: float = 4.0) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends (Telegram shows it for 5 s per call).

    The last indicator has landed before the block's result is sent, so it never outlives it.
    """
    done = asyncio.Event()

    async def keep_typing() -> None:
        while not done.is_set():
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:
                log.debug("No typing indicator for chat %s: %s", chat_id, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), every)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        done.set()
        await asyncio.wait({task}, timeout=2.0)
        task.cancel()
