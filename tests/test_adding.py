"""`tally add`, `tally articles` and `tally remove` on a real corpus folder and a real index,
pages served over HTTP on 127.0.0.1 and PDFs made with reportlab; the fake embedder only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.adding import add_sources, remove_article
from bot.app import build
from bot.cli import main
from bot.settings import Settings
from index.errors import ModelError, TallyError
from index.store import load_store
from tests.conftest import HashEmbedder
from tests.news_server import NewsSite, news_site
from tests.pdf_files import PARAGRAPHS, scanned_pdf, text_pdf

BRIDGE = "port-city-approves-412m-harbour-bridge-after-decade-of-delays.md"
PIPES = "water-authority-to-spend-1-8bn-on-new-pipes.md"


class Recording(HashEmbedder):
    """The fake embedder, remembering every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return super().embed_documents(texts)


class Broken(HashEmbedder):
    """An embedding model that fails, as a damaged one would."""

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        raise ModelError("The embedding model could not be loaded.")


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


@pytest.fixture
def settings(corpus_dir: Path, tmp_path: Path) -> Settings:
    """The real corpus (one article) indexed with the fake embedder; private URLs allowed."""
    chosen = Settings(
        _env_file=None,  # type: ignore[call-arg]
        tally_corpus_dir=corpus_dir,
        tally_index_dir=tmp_path / "var" / "index",
        tally_allow_private_urls=True,
    )
    build(chosen, HashEmbedder(), force=False)
    return chosen


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Recording:
    """`tally` in this process with these settings; the embedder it makes is the fake one."""
    embedder = Recording()
    monkeypatch.setattr("bot.app.make_embedder", lambda _: embedder)
    monkeypatch.setenv("TALLY_CORPUS_DIR", str(settings.tally_corpus_dir))
    monkeypatch.setenv("TALLY_INDEX_DIR", str(settings.tally_index_dir))
    monkeypatch.setenv("TALLY_ALLOW_PRIVATE_URLS", "true")
    return embedder


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file under the folders, by path, with its bytes."""
    return {str(p): p.read_bytes() for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


def test_tally_add_takes_a_link_a_pdf_and_a_text_file(
    site: NewsSite, settings: Settings, cli: Recording, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    pdf = tmp_path / "water.pdf"
    pdf.write_bytes(text_pdf(columns=2))
    notes = tmp_path / "notes.txt"
    notes.write_text("Ferry fares rise\n\nFerry fares will rise by 8 percent in April, the "
                     "operator said, the first increase in three years. A return ticket will "
                     "cost 14.60 pounds, up from 13.50, and season tickets 412 pounds.\n\nThe "
                     "operator blamed fuel costs, which rose 22 percent last year.\n",
                     encoding="utf-8")  # fmt: skip
    url = site.url("/news/harbour-bridge")
    assert main(["add", url, str(pdf), str(notes)]) == 0
    out = capsys.readouterr().out
    assert f"Added {BRIDGE}: Port city approves £412m harbour bridge after decade of delays " \
        "(The Coastal Courier, 2024-03-14); 2" in out  # fmt: skip
    assert f"Added {PIPES}: Water authority to spend $1.8bn on new pipes" in out
    assert "Added ferry-fares-rise.md: Ferry fares rise; " in out
    corpus = settings.tally_corpus_dir
    front = (corpus / BRIDGE).read_text(encoding="utf-8").split("---")[1]
    assert f"\nurl: {url}\n" in front and "\nfetched: 20" in front
    assert "\nauthor: Priya Natarajan\n" in front and "\npublished: 2024-03-14\n" in front
    # Only the new articles' text was embedded: the seed article kept its vectors.
    assert cli.texts and not any("Boston-Korea" in t for t in cli.texts)
    assert any("infrastructure programme" in t for t in cli.texts)

    assert main(["articles", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["ferry-fares-rise.md", "korea-tech-clusters-2023.md",
                                       BRIDGE, PIPES]  # fmt: skip
    bridge = rows[2]
    about = (bridge["outlet"], bridge["published"], bridge["url"])
    assert about == ("The Coastal Courier", "2024-03-14", url)
    assert bridge["figures"] >= 10 and rows[3]["figures"] >= 8
    assert main(["articles"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("ferry-fares-rise.md\n  Ferry fares rise\n")
    assert listing.endswith("\n\n4 articles.\n")


def test_the_same_article_twice_is_already_indexed(
    site: NewsSite, settings: Settings, cli: Recording, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    url = site.url("/news/harbour-bridge")
    assert main(["add", url]) == 0
    capsys.readouterr()
    before = snapshot(settings.tally_corpus_dir, settings.tally_index_dir)
    copy = tmp_path / "saved-page.html"
    copy.write_bytes(site.files["/news/harbour-bridge"][1])
    assert main(["add", url + "#comments", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f"tally: {url}#comments: already indexed as {BRIDGE}\n" in err  # same address
    assert f"tally: {copy}: already indexed as {BRIDGE}\n" in err  # same text
    assert snapshot(settings.tally_corpus_dir, settings.tally_index_dir) == before


def test_each_failure_names_its_source_and_changes_nothing(
    site: NewsSite, settings: Settings, cli: Recording, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(b"PK")
    before = snapshot(settings.tally_corpus_dir, settings.tally_index_dir)
    sources = [site.url("/missing"), site.url("/news/subscribers-only"), site.url("/logo.png"),
               str(scan), str(slides), str(tmp_path / "gone.txt")]  # fmt: skip
    assert main(["add", *sources]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"tally: {sources[0]}: the server answered 404 Not Found",
        f"tally: {sources[1]}: no article text found in the page (a login wall or a page of "
        "links?)",
        f"tally: {sources[2]}: not an article: the server sent image/png",
        f"tally: {scan}: the PDF has no text layer (a scanned document?); Tally reads only PDFs "
        "with text",
        f"tally: {slides}: not a kind of file Tally reads (it takes .html, .htm, .pdf, .txt, .md)",
        f"tally: {sources[5]}: no such file",
    ]
    assert snapshot(settings.tally_corpus_dir, settings.tally_index_dir) == before


def test_private_addresses_are_refused_unless_allowed(
    site: NewsSite, settings: Settings, cli: Recording, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("TALLY_ALLOW_PRIVATE_URLS", "false")
    assert main(["add", site.url("/news/harbour-bridge")]) == 1
    assert capsys.readouterr().err.endswith(": refused: 127.0.0.1 is a loopback address\n")


def test_a_failed_build_leaves_corpus_and_index_as_they_were(
    site: NewsSite, settings: Settings, tmp_path: Path
) -> None:
    pdf = tmp_path / "water.pdf"
    pdf.write_bytes(text_pdf())
    before = snapshot(settings.tally_corpus_dir, settings.tally_index_dir)
    message = (
        rf"^{site.url('/news/harbour-bridge')}, {pdf}: the index could not be refreshed \(The "
        r"embedding model could not be loaded\.\); nothing was added\.$"
    )
    with pytest.raises(TallyError, match=message):
        add_sources(settings, Broken(), [site.url("/news/harbour-bridge"), str(pdf)], build)
    assert snapshot(settings.tally_corpus_dir, settings.tally_index_dir) == before


def test_remove_takes_an_article_out_and_a_failed_build_puts_it_back(
    settings: Settings, cli: Recording, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "water.pdf"
    pdf.write_bytes(text_pdf())
    assert main(["add", str(pdf)]) == 0
    before = snapshot(settings.tally_corpus_dir, settings.tally_index_dir)

    def failing(*args: object) -> None:
        raise TallyError("disk full")

    with pytest.raises(TallyError, match=rf"^{PIPES}: the index could not be refreshed \(disk "):
        remove_article(settings, HashEmbedder(), PIPES, failing)
    assert snapshot(settings.tally_corpus_dir, settings.tally_index_dir) == before

    capsys.readouterr()
    assert main(["remove", PIPES.removesuffix(".md")]) == 0
    assert capsys.readouterr().out == f"Removed {PIPES.removesuffix('.md')}: Water authority " \
        "to spend $1.8bn on new pipes.\n"  # fmt: skip
    assert not (settings.tally_corpus_dir / PIPES).exists()
    store = load_store(settings.tally_index_dir)
    assert {c.article_id for c in store.chunks} == {"korea-tech-clusters-2023.md"}
    assert not any(PARAGRAPHS[0][:40] in c.text for c in store.chunks)
    assert main(["remove", PIPES]) == 1
    assert capsys.readouterr().err == (
        f"tally: No article '{PIPES}' in {settings.tally_corpus_dir}. `tally articles` lists "
        "their ids.\n"
    )
