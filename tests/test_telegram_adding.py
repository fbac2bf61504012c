"""Admins add articles in a chat, a link or a document, and the running bot answers from them:
the real bot, the Bot API test server, a news site on 127.0.0.1 and a real index."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.app import build, open_app
from bot.live import Library, LiveAnswerer
from bot.telegram import TallyBot
from bot.telegram_adding import NOT_ADMIN
from bot.telegram_memory import ChatMemory
from tests.botapi_server import BotApiServer
from tests.conftest import HashEmbedder
from tests.news_server import NewsSite, news_site
from tests.pdf_files import scanned_pdf, text_pdf
from tests.test_telegram import replies, settings_for

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
ADMIN, USER = 42, 77
SEED = "South Korea to Invest $1.65 Billion in Advanced Industry Clusters"
BRIDGE = "Port city approves £412m harbour bridge after decade of delays"
BORROW = "How much will the council borrow for the harbour bridge?"


class Gated(HashEmbedder):
    """The fake embedder; once `gate` is armed, embedding waits until the test opens it."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.waiting = threading.Event()
        self.open = threading.Event()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if self.armed and len(texts) > 1:  # a build's batch, not a question
            self.waiting.set()
            assert self.open.wait(30), "the test never let the build go on"
        return super().embed_documents(texts)


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


@contextlib.asynccontextmanager
async def running(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path, embedder: HashEmbedder
) -> AsyncIterator[TallyBot]:
    """The bot wired as `tally telegram` wires it, on the seed corpus and the fake embedder."""
    settings = settings_for(
        server, tmp_path, tally_corpus_dir=corpus_dir, tally_index_dir=tmp_path / "index",
        tally_allow_private_urls=True, telegram_admin_ids=[ADMIN],
    )  # fmt: skip
    build(settings, embedder, force=False)
    app = open_app(settings, rebuild=False, embedder=embedder)
    live = LiveAnswerer(app.answerer)
    library = Library(app, live)
    chats = ChatMemory(live, settings.telegram_state_file)  # type: ignore[arg-type]
    bot = TallyBot(settings, chats, library.titles(), library.examples(), library=library)
    await bot.start(poll_timeout=1)
    try:
        yield bot
    finally:
        await bot.stop()


async def test_a_link_from_an_admin_is_added_and_answered_from_at_once(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path, site: NewsSite
) -> None:
    url = site.url("/news/harbour-bridge")
    async with running(server, tmp_path, corpus_dir, HashEmbedder()):
        server.message(ADMIN, url)
        adding, added = await replies(server, ADMIN, 2)
        server.message(ADMIN, BORROW)
        server.message(ADMIN, "/articles")
        got = await replies(server, ADMIN, 4)
        server.message(ADMIN, url)  # the same page again
        again = await replies(server, ADMIN, 6)
    assert adding == f"Adding {url}… I'll reply when it is indexed; ask away meanwhile."
    lines = added.splitlines()
    assert lines[0] == f"Added: {BRIDGE}"
    assert lines[1].startswith("The Coastal Courier, 14 March 2024 · ")
    assert lines[1].endswith(" figures found") and int(lines[1].split(" · ")[1].split()[0]) > 10
    assert lines[2].startswith("Try: ")
    assert BRIDGE in got[2]  # cited: answered from the new article, without a restart
    assert f"1. {SEED}\n2. {BRIDGE}" in got[3]
    assert again[5] == f"Already indexed: {url}"
    assert (
        corpus_dir / "port-city-approves-412m-harbour-bridge-after-decade-of-delays.md"
    ).exists()


async def test_who_wrote_this_just_after_adding_is_of_the_article_added(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path, site: NewsSite
) -> None:
    url = site.url("/news/harbour-bridge")
    async with running(server, tmp_path, corpus_dir, HashEmbedder()):
        server.message(ADMIN, "who wrote this?")  # the only article so far: the seed's
        server.message(ADMIN, url)
        got = await replies(server, ADMIN, 3)
        server.message(ADMIN, "who wrote this?")
        got = await replies(server, ADMIN, 4)
    assert "KoreaTechDaily" in got[0]
    assert got[2].startswith(f"Added: {BRIDGE}")
    assert "Which article?" not in got[3] and "The Coastal Courier" in got[3], got[3]


async def test_questions_during_the_build_are_answered_from_the_old_index(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path, site: NewsSite
) -> None:
    embedder = Gated()
    async with running(server, tmp_path, corpus_dir, embedder):
        embedder.armed = True
        server.message(ADMIN, site.url("/news/harbour-bridge"))
        await server.wait_for(lambda: len(server.replies(ADMIN)) == 1)
        assert embedder.waiting.wait(10)
        server.message(ADMIN, BORROW)  # the same chat, while the new index is being built
        during = (await replies(server, ADMIN, 2))[1]
        assert not embedder.open.is_set()
        embedder.open.set()
        await server.wait_for(lambda: len(server.replies(ADMIN)) == 3)
        server.message(ADMIN, BORROW)
        after = (await replies(server, ADMIN, 4))[3]
    assert BRIDGE not in during
    assert server.replies(ADMIN)[2].startswith(f"Added: {BRIDGE}")
    assert BRIDGE in after


async def test_a_document_from_an_admin_is_fetched_and_added(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path
) -> None:
    async with running(server, tmp_path, corpus_dir, HashEmbedder()):
        server.document(ADMIN, "water.pdf", text_pdf(columns=2), "application/pdf")
        await replies(server, ADMIN, 2)
        server.document(ADMIN, "scan.pdf", scanned_pdf(), "application/pdf")
        await replies(server, ADMIN, 4)
        server.document(ADMIN, "slides.pptx", b"PK\x03\x04", "application/vnd.ms-powerpoint")
        server.message(ADMIN, "How much will bills rise a year?")
        got = await replies(server, ADMIN, 6)
    assert got[1].startswith("Added: Water authority to spend $1.8bn on new pipes\n")
    assert got[3] == (
        "Could not add: scan.pdf: the PDF has no text layer (a scanned document?); Tally reads "
        "only PDFs with text"
    )
    assert got[4] == (
        "Nothing changed: slides.pptx: not a kind of file Tally reads (it takes .html, .htm, "
        ".pdf, .txt, .md)"
    )
    assert "4.5 percent" in got[5]
    assert [c.status for c in server.calls_of("getFile")] == [200, 200]
    assert server.downloads == ["documents/file_0.pdf", "documents/file_1.pdf"]


async def test_admins_remove_articles_and_others_get_a_polite_no(
    server: BotApiServer, tmp_path: Path, corpus_dir: Path, site: NewsSite
) -> None:
    before = sorted(p.name for p in corpus_dir.iterdir())
    async with running(server, tmp_path, corpus_dir, HashEmbedder()):
        server.message(USER, site.url("/news/harbour-bridge"), chat_type="private")
        server.document(USER, "water.pdf", text_pdf(), "application/pdf")
        server.message(USER, "/remove 1")
        refusals = await replies(server, USER, 3)
        assert sorted(p.name for p in corpus_dir.iterdir()) == before
        server.document(ADMIN, "water.pdf", text_pdf(), "application/pdf")
        await replies(server, ADMIN, 2)
        server.message(ADMIN, "/remove")
        server.message(ADMIN, "/remove 1")
        server.message(ADMIN, "/articles")
        got = await replies(server, ADMIN, 5)
    assert refusals == [NOT_ADMIN] * 3
    assert server.downloads == ["documents/file_1.pdf"]  # the refused upload was never fetched
    assert got[2].startswith("Send /remove N")
    assert got[3] == f"Removed: {SEED}"
    assert "1. Water authority to spend $1.8bn on new pipes" in got[4] and SEED not in got[4]
