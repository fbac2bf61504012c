"""The real bot over real HTTP: python-telegram-bot talking to a strict Bot API test server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.answer import Answerer
from bot.reply import Answer, Citation
from bot.settings import Settings
from bot.telegram import COMMANDS, TallyBot
from bot.telegram_flow import PatientRateLimiter
from bot.telegram_format import APOLOGY, NOT_TEXT, REFUSAL, RESET, html_to_text
from bot.telegram_memory import ChatMemory
from bot.telegram_setup import BotSetupError
from tests.botapi_server import BotApiServer
from tests.conftest import REAL_BACKEND, ROOT

TITLE = "South Korea to Invest $1.65 Billion in Advanced Industry Clusters"
BOSTON = "How much is the Boston-Korea project getting?"
GROUP = -100123

# PTB's own RetryAfter warns about its own attribute; nothing of ours to change.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class Scripted:
    """A fake at our Conversations seam: "Answer to <text>", or what the test scripts."""

    def __init__(
        self,
        reply: Callable[[str], Answer] | None = None,
        delay: float = 0.0,
        error: Exception | None = None,
    ) -> None:
        self.reply, self.delay, self.error = reply, delay, error
        self.asked: list[tuple[int, str]] = []
        self.running = self.most_running = 0
        self._lock = threading.Lock()

    def answer(self, chat_id: int, text: str) -> Answer:
        with self._lock:
            self.asked.append((chat_id, text))
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            time.sleep(random.uniform(0, self.delay))
            if self.error:
                raise self.error
            return self.reply(text) if self.reply else Answer(text, f"Answer to {text}")
        finally:
            with self._lock:
                self.running -= 1

    def reset(self, chat_id: int) -> None:
        pass

    def about(self, chat_id: int, article_id: str) -> None:
        pass

    def last(self, chat_id: int) -> Answer | None:
        return None

    def save(self) -> None:
        pass


def settings_for(server: BotApiServer, tmp_path: Path, **changes: Any) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=server.token,
        telegram_api_base_url=server.base_url,
        telegram_state_file=tmp_path / "telegram_state.json",
        **changes,
    )


@contextlib.asynccontextmanager
async def running(
    server: BotApiServer,
    chats: Any,
    tmp_path: Path,
    webhook: bool = False,
    limiter: PatientRateLimiter | None = None,
    **changes: Any,
) -> AsyncIterator[TallyBot]:
    """The real bot, polling the test server every second at most."""
    bot = TallyBot(settings_for(server, tmp_path, **changes), chats, [TITLE], rate_limiter=limiter)
    await bot.start(webhook=webhook, poll_timeout=1)
    try:
        yield bot
    finally:
        await bot.stop()


async def replies(
    server: BotApiServer, chat_id: int, count: int, timeout: float = 10.0
) -> list[str]:
    """Wait for `count` replies in the chat, then make sure no more come."""
    await server.wait_for(lambda: len(server.replies(chat_id)) >= count, timeout)
    await server.settle()
    return server.replies(chat_id)


def _long_answer(text: str) -> Answer:
    quote = " ".join(f"Step {i} costs 1,{i:03d} won & <more> “so on”." for i in range(500))
    citation = Citation(1, "corpus/x.md", "A <b> title", "Outlet", "https://e.example/?a=1&b=2",
                        3, quote, 0.9)  # fmt: skip
    return Answer(text, "1.4 trillion won [1].", "1.4 trillion won", citations=[citation])


# A question gets the cited figure --------------------------------------------------------------


@pytest.mark.slow
async def test_question_gets_the_cited_figure(
    server: BotApiServer, tmp_path: Path, real_answerer: Answerer
) -> None:
    chats = ChatMemory(real_answerer, tmp_path / "state.json")
    async with running(server, chats, tmp_path):
        server.message(42, BOSTON)
        [reply] = await replies(server, 42, 1)
        server.message(42, "/sources")
        await replies(server, 42, 2)
    assert reply.startswith("86.4 billion won in 2024 [1].")
    assert f"[1] {TITLE} (KoreaTechDaily), paragraph 8" in reply
    message = server.sent[0]
    assert {"type": "bold", "offset": 0, "length": len("86.4 billion won")} in message["entities"]
    quote = next(e for e in message["entities"] if e["type"] == "blockquote")
    assert reply[quote["offset"] :].startswith("South Korea is also bringing global collaboration")
    methods = [c.method for c in server.calls if c.params.get("chat_id") == "42"]
    assert methods[:2] == ["sendChatAction", "sendMessage"]  # typing first
    assert "corpus/korea-tech-clusters-2023.md, paragraph 8" in server.replies(42)[1]
    assert all(c.status == 200 for c in server.calls)


@pytest.mark.slow
async def test_follow_up_keeps_its_context(
    server: BotApiServer, tmp_path: Path, real_answerer: Answerer
) -> None:
    chats = ChatMemory(real_answerer, tmp_path / "state.json")
    async with running(server, chats, tmp_path):
        server.message(42, BOSTON)
        await replies(server, 42, 1)
        server.message(42, "And in dollars?")
        follow_up = (await replies(server, 42, 2))[1]
    assert "don't say" not in follow_up
    assert "about USD 64.8 million" in follow_up  # the Boston-Korea amount, converted


@pytest.mark.slow
async def test_question_full_of_markup_gets_valid_html(
    server: BotApiServer, tmp_path: Path, real_answerer: Answerer
) -> None:
    question = 'How much <b>is</b> the "Boston-Korea" project & co getting? </i><a href=x> &amp;'
    chats = ChatMemory(real_answerer, tmp_path / "state.json")
    async with running(server, chats, tmp_path):
        server.message(42, question)
        await replies(server, 42, 1)
        server.message(42, "/sources")
        sources = (await replies(server, 42, 2))[1]
    assert f"Sources for “{question}”" in sources
    assert all(c.status == 200 for c in server.calls)


# Long replies, flood control, failures -----------------------------------------------------


async def test_reply_longer_than_4096_is_split_and_every_part_accepted(
    server: BotApiServer, tmp_path: Path
) -> None:
    answer = _long_answer("q")
    async with running(server, Scripted(_long_answer), tmp_path):
        server.message(42, "How much?")
        await server.wait_for(lambda: len(server.replies(42)) >= 3)
        parts = await replies(server, 42, 3)
    assert all(c.status == 200 for c in server.calls_of("sendMessage"))
    assert len(parts) == len(server.calls_of("sendMessage")) >= 3
    assert parts[0].startswith("1.4 trillion won [1].")
    assert "".join(parts).replace("\n", "").endswith(answer.citations[0].quote)


async def test_429_is_waited_out_and_the_reply_delivered_once(
    server: BotApiServer, tmp_path: Path
) -> None:
    server.fail("sendMessage", 429, retry_after=1)
    async with running(server, Scripted(), tmp_path):
        server.message(42, "How much?")
        assert await replies(server, 42, 1) == ["Answer to How much?"]
    first, second = server.calls_of("sendMessage")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0
    assert second.params["parse_mode"] == "HTML"  # not taken for a formatting error


async def test_502_is_retried(server: BotApiServer, tmp_path: Path) -> None:
    server.fail("sendMessage", 502)
    server.fail("getUpdates", 502)
    async with running(server, Scripted(), tmp_path):
        server.message(42, "How much?")
        assert await replies(server, 42, 1) == ["Answer to How much?"]
    assert [c.status for c in server.calls_of("sendMessage")] == [502, 200]


async def test_html_telegram_refuses_is_sent_again_as_plain_text(
    server: BotApiServer, tmp_path: Path
) -> None:
    server.fail("sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag")
    async with running(server, Scripted(), tmp_path):
        server.message(42, "How much <b>?")
        assert await replies(server, 42, 1) == ["Answer to How much <b>?"]
    first, second = server.calls_of("sendMessage")
    assert first.params["parse_mode"] == "HTML" and "parse_mode" not in second.params
    assert second.params["text"] == "Answer to How much <b>?"


async def test_fifty_chats_of_five_messages_are_answered_once_each_in_order(
    server: BotApiServer, tmp_path: Path
) -> None:
    chats = Scripted(delay=0.01)
    unlimited = PatientRateLimiter(overall_max_rate=0, group_max_rate=0)
    ids = range(1, 51)
    async with running(server, chats, tmp_path, limiter=unlimited):
        for n in range(5):
            for chat in ids:
                server.message(chat, f"chat {chat} message {n}")
        await server.wait_for(lambda: len(server.sent) >= 250, timeout=30)
        await server.settle()
    for chat in ids:
        assert server.replies(chat) == [f"Answer to chat {chat} message {n}" for n in range(5)]
    assert len(server.sent) == len(chats.asked) == 250
    assert chats.most_running > 1  # chats were answered concurrently


# Who gets an answer --------------------------------------------------------------------------


async def test_groups_get_answers_only_when_tally_is_addressed(
    server: BotApiServer, tmp_path: Path
) -> None:
    chats = Scripted()
    mention = [{"type": "mention", "offset": 0, "length": 15}]
    async with running(server, chats, tmp_path):
        server.message(GROUP, "How much is it?", chat_type="supergroup")
        server.message(GROUP, "/help@other_bot", chat_type="supergroup")
        server.message(GROUP, "/bogus", chat_type="supergroup")
        server.message(GROUP, "@tally_test_bot How much?", chat_type="supergroup", entities=mention)
        await replies(server, GROUP, 1)
        server.message(
            GROUP, "And in 2025?", chat_type="supergroup", reply_to=server.sent[0]["message_id"]
        )
        server.message(GROUP, "/help@tally_test_bot", chat_type="supergroup")
        got = await replies(server, GROUP, 3)
    assert got[:2] == ["Answer to How much?", "Answer to And in 2025?"]
    assert got[2].startswith("Ask a question about the articles")
    assert [text for _, text in chats.asked] == ["How much?", "And in 2025?"]
    first = server.calls_of("sendMessage")[0].params
    assert first["reply_parameters"]["message_id"] == 1003  # a reply to the question asked


async def test_group_mode_all_answers_every_message(server: BotApiServer, tmp_path: Path) -> None:
    async with running(server, Scripted(), tmp_path, telegram_group_mode="all"):
        server.message(GROUP, "How much is it?", chat_type="group")
        assert await replies(server, GROUP, 1) == ["Answer to How much is it?"]


async def test_allow_list_lets_in_listed_ids_and_refuses_others_once(
    server: BotApiServer, tmp_path: Path
) -> None:
    async with running(server, Scripted(), tmp_path, telegram_allowed_ids=[7]):
        server.message(7, "Me?")
        server.message(8, "And me?")
        server.message(8, "Still no?")
        server.message(GROUP, "/start@tally_test_bot", chat_type="group", user_id=7)
        await replies(server, 8, 1)
        await replies(server, GROUP, 1)
    assert server.replies(7) == ["Answer to Me?"]
    assert server.replies(8) == [REFUSAL]


async def test_non_text_messages_get_a_hint_and_edits_are_answered_again(
    server: BotApiServer, tmp_path: Path
) -> None:
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]
    async with running(server, Scripted(), tmp_path):
        server.message(42, "", sticker=sticker)
        server.message(42, "", photo=photo)
        server.message(42, "", location={"latitude": 37.5, "longitude": 127.0})
        server.message(42, "", voice={"file_id": "v", "file_unique_id": "v", "duration": 2})
        asked = server.message(42, "How mcuh?")
        await replies(server, 42, 5)
        server.message(42, "How much?", edit_of=asked["message"]["message_id"])
        got = await replies(server, 42, 6)
    hint = html_to_text(NOT_TEXT)
    assert got == [hint] * 4 + ["Answer to How mcuh?", "Answer to How much?"]
    edit = server.calls_of("sendMessage")[-1].params
    assert edit["reply_parameters"]["message_id"] == asked["message"]["message_id"]


async def test_commands_are_registered_and_answered(server: BotApiServer, tmp_path: Path) -> None:
    async with running(server, Scripted(), tmp_path):
        for command in ["/start", "/help", "/about", "/sources", "/reset", "/bogus"]:
            server.message(42, command)
        got = await replies(server, 42, 6)
    assert (
        [c["command"] for c in server.calls_of("setMyCommands")[0].params["commands"]]
        == [c.command for c in COMMANDS]
        == ["start", "articles", "help", "sources", "reset", "about"]
    )
    assert f"I know 1 article:\n• {TITLE}\n\n/help lists the commands." in got[0]  # no examples
    assert "/sources" in got[1] and "/reset" in got[1]
    assert got[2].startswith("Tally finds exact figures")
    assert got[3:] == ["No sources yet: ask a question first.", RESET,
                       "Unknown command /bogus. /help lists the commands."]  # fmt: skip


async def test_a_failure_gets_an_apology_and_a_log_entry_not_its_text(
    server: BotApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Scripted(error=RuntimeError("connection to /srv/db failed: password hunter2"))
    async with running(server, broken, tmp_path):
        server.message(42, "How much?")
        assert await replies(server, 42, 1) == [APOLOGY]
    [record] = [r for r in caplog.records if r.getMessage().startswith("Failed to handle update")]
    assert record.levelno == logging.ERROR and '"How much?"' in record.getMessage()
    assert record.exc_info and "hunter2" in str(record.exc_info[1])


@pytest.mark.slow
async def test_sources_survive_a_restart(
    server: BotApiServer, tmp_path: Path, real_answerer: Answerer
) -> None:
    state = tmp_path / "state.json"
    async with running(server, ChatMemory(real_answerer, state), tmp_path):
        server.message(42, BOSTON)
        await replies(server, 42, 1)
    saved = json.loads(state.read_text())
    assert saved["format"] == 2
    assert saved["chats"]["42"][-1]["answer"]["emphasis"] == "86.4 billion won"
    async with running(server, ChatMemory(real_answerer, state), tmp_path):
        server.message(42, "/sources")
        sources = (await replies(server, 42, 2))[1]
    assert sources.startswith(f"Sources for “{BOSTON}”")
    assert "paragraph 8" in sources


# Webhook, token, command line ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_refuses_requests_without_the_secret(
    server: BotApiServer, tmp_path: Path
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    webhook = {"telegram_webhook_url": url, "telegram_webhook_port": port,
               "telegram_webhook_secret": "s3cret_Value-1"}  # fmt: skip
    async with running(server, Scripted(), tmp_path, webhook=True, **webhook):
        assert server.webhook["url"] == url and server.webhook["secret_token"] == "s3cret_Value-1"
        async with aiohttp.ClientSession() as http:
            for headers, status in [
                ({}, 403),
                ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, 403),
                ({"X-Telegram-Bot-Api-Secret-Token": "s3cret_Value-1"}, 200),
            ]:
                update = server.message(42, f"Status {status}?", queue=False)
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == status
        assert await replies(server, 42, 1) == ["Answer to Status 200?"]


async def test_session_logs_never_show_the_token(
    server: BotApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram", "bot"):  # even if someone turns them all up
        caplog.set_level(logging.DEBUG, logger=name)
    server.fail("sendMessage", 429, retry_after=1)
    server.fail("sendChatAction", 502)
    async with running(server, Scripted(error=RuntimeError(server.token)), tmp_path):
        server.message(42, "How much?")
        await replies(server, 42, 1)
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "[redacted]" in logged  # the URL was logged, without the token
    assert server.token not in logged and server.token.split(":")[1] not in logged


async def _tally(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    return int(process.returncode or 0), err.decode()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "tally: TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather"),
        ("42:WRONG", "tally: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)."),
    ],
)
async def test_tally_telegram_explains_a_missing_or_rejected_token(
    server: BotApiServer, tmp_path: Path, token: str, message: str
) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": server.base_url,
           "TALLY_LOG_LEVEL": "DEBUG", "TALLY_INDEX_DIR": str(tmp_path / "index")}  # fmt: skip
    code, err = await _tally("telegram", env=env)
    assert code == 1
    assert message in err
    assert "Traceback" not in err and (not token or token not in err)
    assert not (tmp_path / "index").exists()  # the model was not even loaded
    assert [c.method for c in server.calls] == (["getMe"] if token else [])


async def test_a_rejected_token_stops_the_bot_with_a_clear_error(
    server: BotApiServer, tmp_path: Path
) -> None:
    settings = settings_for(server, tmp_path)
    settings.telegram_bot_token = SecretStr("42:WRONG")
    with pytest.raises(BotSetupError, match=r"^Telegram rejected TELEGRAM_BOT_TOKEN \(401"):
        await TallyBot(settings, Scripted(), [TITLE]).start()


@pytest.mark.slow
async def test_tally_telegram_answers_and_saves_until_interrupted(
    server: BotApiServer, tmp_path: Path, real_index: Path
) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL":
           server.base_url, "TALLY_INDEX_DIR": str(real_index),
           "TALLY_EMBEDDING_BACKEND": REAL_BACKEND,
           "TELEGRAM_STATE_FILE": str(tmp_path / "state.json")}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram", cwd=ROOT, env=env,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    server.message(42, BOSTON)
    try:
        [reply] = await replies(server, 42, 1, timeout=60)  # the model loads first
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert reply.startswith("86.4 billion won in 2024 [1].")
    assert "@tally_test_bot is running on long polling" in err.decode()
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["chats"]["42"][-1]["answer"]["abstained"] is False
