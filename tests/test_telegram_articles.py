"""/start and /articles over thousands of articles: the real bot against the Bot API test server."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.telegram import COMMANDS, TallyBot, article_titles
from bot.telegram_articles import PAGE_SIZE, TITLE_LIMIT, Page, read_page, render_page
from bot.telegram_format import HELP, START_TITLES, html_to_text, render_start
from index.retrieval import Retriever
from index.store import build_index, load_store
from tests.botapi_server import BotApiServer
from tests.conftest import HashEmbedder
from tests.test_telegram import Scripted, replies, settings_for

ARTICLES = 2_000
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def _title(n: int) -> str:
    return f"Port <{n:04d}> & harbour budget rises {n % 97} percent"


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The titles of 2,000 tiny generated articles, as the bot reads them from a built index."""
    root = tmp_path_factory.mktemp("many")
    corpus = root / "corpus"
    corpus.mkdir()
    for n in range(1, ARTICLES + 1):
        (corpus / f"a{n:04d}.md").write_text(
            f'---\ntitle: "{_title(n)}"\noutlet: Gazette\npublished: 2024-01-02\n---\n\n'
            f"The port of town {n} will spend {n} million won on its harbour in 2024.\n",
            encoding="utf-8",
        )
    build_index(corpus, root / "index", HashEmbedder())
    found = article_titles(Answerer(Retriever(load_store(root / "index"), HashEmbedder())))
    assert sorted(found) == sorted(_title(n) for n in range(1, ARTICLES + 1))
    return found


@contextlib.asynccontextmanager
async def running(server: BotApiServer, titles: list[str], tmp_path: Path, **changes: object
                  ) -> AsyncIterator[TallyBot]:  # fmt: skip
    bot = TallyBot(settings_for(server, tmp_path, **changes), Scripted(), titles)
    await bot.start(poll_timeout=1)
    try:
        yield bot
    finally:
        await bot.stop()


def _listed(text: str) -> list[tuple[int, str]]:
    """The numbered titles in a page's text: "12. Port …" -> (12, "Port …")."""
    return [(int(n), t) for n, t in re.findall(r"^(\d+)\. (.+)$", text, flags=re.MULTILINE)]


def _buttons(message: dict[str, object]) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


async def test_start_lists_a_few_titles_and_the_count(
    server: BotApiServer, tmp_path: Path, titles: list[str]
) -> None:
    async with running(server, titles, tmp_path):
        server.message(42, "/start")
        [start] = await replies(server, 42, 1)
    assert "I know 2,000 articles:" in start
    shown = [t for t in titles if t in start]
    assert shown == titles[:START_TITLES]
    assert f"… and {ARTICLES - START_TITLES:,} more: /articles lists them all." in start
    assert len(start) < 1500  # one short message, not 2,000 titles split over many


async def test_articles_pages_forward_and_back_with_buttons(
    server: BotApiServer, tmp_path: Path, titles: list[str]
) -> None:
    pages = -(-ARTICLES // PAGE_SIZE)
    async with running(server, titles, tmp_path):
        server.message(42, "/articles")
        [first] = await replies(server, 42, 1)
        message = server.sent[0]
        assert _buttons(message) == [("Next ›", "articles:2")]
        pressed = [server.press(42, message["message_id"], "articles:2")]
        await server.wait_for(lambda: server.answered(pressed[-1]))
        second = server.replies(42)[0]
        assert _buttons(message) == [("‹ Previous", "articles:1"), ("Next ›", "articles:3")]
        pressed.append(server.press(42, message["message_id"], "articles:1"))
        await server.wait_for(lambda: server.answered(pressed[-1]))
        back = server.replies(42)[0]
        await server.settle()
    assert len(server.sent) == 1  # the one message was edited, not followed by new ones
    assert first.startswith(f"Articles 1–{PAGE_SIZE} of 2,000 (page 1 of {pages})")
    assert _listed(first) == list(enumerate(titles[:PAGE_SIZE], 1))
    assert second.startswith(f"Articles 11–20 of 2,000 (page 2 of {pages})")
    assert _listed(second) == list(enumerate(titles[PAGE_SIZE : 2 * PAGE_SIZE], PAGE_SIZE + 1))
    assert back == first
    assert [c.status for c in server.calls_of("editMessageText")] == [200, 200]
    assert all(c.status == 200 for c in server.calls_of("answerCallbackQuery"))


@pytest.mark.parametrize(
    ("command", "first", "buttons", "note"),
    [
        ("/articles 2", 11, [("‹ Previous", "articles:1"), ("Next ›", "articles:3")], ""),
        ("/articles 200", 1991, [("‹ Previous", "articles:199")], ""),
        ("/articles 9999", 1991, [("‹ Previous", "articles:199")],
         "There are 200 pages; this is the last."),
    ],
)  # fmt: skip
async def test_articles_takes_a_page_number(
    server: BotApiServer, tmp_path: Path, titles: list[str], command: str, first: int,
    buttons: list[tuple[str, str]], note: str,
) -> None:  # fmt: skip
    async with running(server, titles, tmp_path):
        server.message(42, command)
        [page] = await replies(server, 42, 1)
    listed = _listed(page)
    assert listed == list(enumerate(titles[first - 1 : first - 1 + PAGE_SIZE], first))
    assert _buttons(server.sent[0]) == buttons
    assert page.startswith(note)


@pytest.mark.parametrize("argument", ["x", "0", "-1", "2 3", "1.5"])
async def test_articles_with_a_bad_page_says_how_to_ask(
    server: BotApiServer, tmp_path: Path, titles: list[str], argument: str
) -> None:
    async with running(server, titles, tmp_path):
        server.message(42, f"/articles {argument}")
        got = await replies(server, 42, 1)
    assert got == ["Send /articles for the first page of articles, or /articles 2 for page 2."]


async def test_articles_is_registered_and_in_help(
    server: BotApiServer, tmp_path: Path, titles: list[str]
) -> None:
    async with running(server, titles, tmp_path):
        server.message(42, "/help")
        [got] = await replies(server, 42, 1)
    registered = [c["command"] for c in server.calls_of("setMyCommands")[0].params["commands"]]
    assert "articles" in registered == [c.command for c in COMMANDS]
    assert "/articles  every article I know, a page at a time" in got == html_to_text(HELP)
    assert "callback_query" in server.calls_of("getUpdates")[0].params["allowed_updates"]


async def test_a_button_press_from_someone_not_allowed_turns_no_page(
    server: BotApiServer, tmp_path: Path, titles: list[str]
) -> None:
    async with running(server, titles, tmp_path, telegram_allowed_ids=[7]):
        server.message(7, "/articles")
        await replies(server, 7, 1)
        message = server.sent[0]
        server.message(-100, "/articles@tally_test_bot", chat_type="group", user_id=7)
        await replies(server, -100, 1)
        group_page = server.sent[1]
        pressed = server.press(-100, group_page["message_id"], "articles:2", user_id=8)
        await server.wait_for(lambda: server.answered(pressed))
        await server.settle()
    assert server.calls_of("editMessageText") == []
    assert server.calls_of("answerCallbackQuery")[0].params["text"].startswith("Sorry, this")
    assert message["text"].startswith("Articles 1–10")


def test_a_long_title_is_cut_at_a_word_and_html_is_escaped() -> None:
    long = "Budget <b>" + " word" * 100
    page = render_page([long, "A & B"], 1)
    assert isinstance(page, Page) and page.keyboard is None
    first, second = _listed(html_to_text(page.text))
    assert first[1].endswith("word…") and len(first[1]) <= TITLE_LIMIT
    assert second == (2, "A & B") and "&lt;b&gt;" in page.text
    assert render_page([], 3) == Page("No articles are indexed yet.", None)
    assert [read_page(a) for a in ([], ["7"], ["07"], ["x"])] == [1, 7, None, None]


def test_start_shows_examples_only_when_there_are_some() -> None:
    shown = render_start(["A"], ["How much & when?"])
    assert "Try:\n• <i>How much &amp; when?</i>\n\n/help" in shown
    assert "Try" not in render_start(["A"], [])
    assert "I know 0 articles:\n• (no articles yet)" in render_start([], [])
