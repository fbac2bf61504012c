"""Add articles to the corpus and the index, list them, take them out: for `tally add`,
`tally articles`, `tally remove` and the bot's admins.

Each change writes corpus files atomically, then refreshes the index (embedding only new text);
if the refresh fails, the files go again, so corpus and index are exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import TallyError

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.corpus import Article
    from index.embedding import Embedder
    from index.sources.draft import Draft
    from index.store import BuildReport, Store

Build = Callable[["Settings", "Embedder", bool], "BuildReport | None"]


@dataclass(frozen=True)
class Added:
    """An article now in the corpus and the index."""

    source: str
    id: str
    title: str
    outlet: str
    published: dt.date | None
    figures: int
    example: str | None


@dataclass(frozen=True)
class Refused:
    """A source that was not added, and why (`duplicate_of`: the article it already is)."""

    source: str
    reason: str
    duplicate_of: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Listed:
    """One indexed article, as `tally articles` shows it."""

    id: str
    title: str
    outlet: str
    published: str
    url: str
    source: str
    figures: int

    def to_json(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Document:
    """A source already in hand: a file sent to the bot."""

    name: str
    data: bytes


def is_url(source: str) -> bool:
    """Whether `source` names a web address rather than a file: "https://x.org/a" -> True."""
    return "://" in source or source.lower().startswith("www.")


def read_source(source: str | Document, allow_private: bool, timeout: float) -> Draft:
    """The draft article from a URL, a file path or a document; SourceError says why not."""
    from index.sources.documents import kind_of, read_document, read_file
    from index.sources.fetch import fetch

    if isinstance(source, Document):
        return read_document(source.data, source.name, kind_of(source.name))
    if not is_url(source):
        path = Path(source)
        if not path.is_file():
            raise TallyError("no such file" if not path.exists() else "not a file")
        return read_file(path)
    url = source if "://" in source else f"https://{source}"
    page = fetch(url, allow_private=allow_private, timeout=timeout)
    name = page.final_url.rstrip("/").rsplit("/", 1)[-1]
    return read_document(page.body, name, page.kind, url=page.final_url)


def add_sources(
    settings: Settings,
    embedder: Embedder,
    sources: Sequence[str | Document],
    build: Build,
    timeout: float = 20.0,
) -> tuple[list[Added], list[Refused]]:
    """Add each source that reads as a new article, then refresh the index once."""
    from index.atomic import replace_file
    from index.sources.draft import as_article, file_name, markdown

    corpus_dir = settings.tally_corpus_dir
    drafts: list[tuple[str, Draft]] = []
    refused: list[Refused] = []
    for source in sources:
        name = source.name if isinstance(source, Document) else source
        try:
            drafts.append((name, read_source(source, settings.tally_allow_private_urls, timeout)))
        except TallyError as exc:
            refused.append(Refused(name, str(exc)))
    written: list[tuple[str, Path, Article]] = []
    with corpus_lock(settings):
        corpus_dir.mkdir(parents=True, exist_ok=True)
        known = _known_articles(corpus_dir)
        today = dt.date.today()
        try:
            for name, draft in drafts:
                taken = {a.id for a in known} | {p.name for p in corpus_dir.iterdir()}
                article_id = file_name(draft.title, taken)
                text = markdown(draft, today)
                try:
                    article = as_article(text, article_id)
                except TallyError as exc:
                    refused.append(Refused(name, str(exc)))
                    continue
                twin = _twin(known, article, (draft.url, name))
                if twin is not None:
                    refused.append(Refused(name, f"already indexed as {twin.id}", twin.id))
                    continue
                path = corpus_dir / article_id
                replace_file(path, text)
                written.append((name, path, article))
                known.append(article)
            if written:
                build(settings, embedder, False)
        except BaseException as exc:
            for _, path, _ in written:
                path.unlink(missing_ok=True)
            if not isinstance(exc, TallyError):
                raise
            names = ", ".join(name for name, _, _ in written)
            raise TallyError(
                f"{names}: the index could not be refreshed ({exc}); nothing was added."
            ) from None
    return _added(settings, embedder, written), refused


def remove_article(settings: Settings, embedder: Embedder, article_id: str, build: Build) -> str:
    """Take article `article_id` out of the corpus and the index; its title."""
    corpus_dir = settings.tally_corpus_dir
    with corpus_lock(settings):
        known = _known_articles(corpus_dir)
        found = [a for a in known if article_id in (a.id, Path(a.id).stem)]
        if not found:
            raise TallyError(
                f"No article {article_id!r} in {corpus_dir}. `tally articles` lists their ids."
            )
        article = found[0]
        path = corpus_dir / article.id
        aside = path.with_name(f".{path.name}.removing-{os.getpid()}")  # hidden: not read
        os.replace(path, aside)
        try:
            build(settings, embedder, False)
        except BaseException as exc:
            os.replace(aside, path)
            if not isinstance(exc, TallyError):
                raise
            raise TallyError(
                f"{article.id}: the index could not be refreshed ({exc}); nothing was removed."
            ) from None
        aside.unlink()
    return article.title


def listed(store: Store) -> list[Listed]:
    """The articles in the index, in corpus order, with how many figures each holds."""
    figures: dict[str, int] = {}
    owner = {c.id: c.article_id for c in store.chunks}
    for figure in store.figures:
        article = owner.get(figure.chunk_id, "")
        figures[article] = figures.get(article, 0) + 1
    rows: dict[str, Listed] = {}
    for c in store.chunks:
        if c.article_id not in rows:
            count = figures.get(c.article_id, 0)
            rows[c.article_id] = Listed(
                c.article_id, c.title, c.outlet, c.published, c.url, c.source, count
            )
    return list(rows.values())


def format_listing(rows: Sequence[Listed]) -> str:
    """`tally articles` as text: one block per article, its id first."""
    if not rows:
        return "No articles are indexed."
    blocks = []
    for row in rows:
        about = ", ".join(x for x in (row.outlet, row.published) if x)
        where = row.url or row.source
        blocks.append(
            f"{row.id}\n  {row.title}" + (f" ({about})" if about else "")
            + f"\n  {where}; {row.figures} figure{'s' if row.figures != 1 else ''}"
        )  # fmt: skip
    return "\n".join(blocks) + f"\n\n{len(rows)} article{'s' if len(rows) != 1 else ''}."


@contextmanager
def corpus_lock(settings: Settings) -> Iterator[None]:
    """One change to the corpus at a time, across processes (build_lock on a file of its own:
    the build inside takes the index's lock)."""
    from index.atomic import build_lock

    index_dir = settings.tally_index_dir

    def waiting() -> None:
        print("Another change to the articles is running; waiting for it…", file=sys.stderr)

    with build_lock(index_dir.with_name(index_dir.name + "-corpus"), waiting):
        yield


def _known_articles(corpus_dir: Path) -> list[Article]:
    from index.corpus import corpus_files, read_article

    found = []
    for path in corpus_files(corpus_dir):
        article_id = path.relative_to(corpus_dir).as_posix()
        try:
            found.append(read_article(path, article_id, article_id))
        except ValueError:
            continue  # the build reports it
    return found


def _twin(known: list[Article], article: Article, urls: tuple[str, ...]) -> Article | None:
    """The known article that `article` already is: the same text, or the same address."""
    from index.sources.draft import same_url, text_key

    key = text_key(article)
    for other in known:
        if text_key(other) == key or any(same_url(other.url, url) for url in urls):
            return other
    return None


def _added(
    settings: Settings, embedder: Embedder, written: list[tuple[str, Path, Article]]
) -> list[Added]:
    """What each new article became in the index: its figures and an example question."""
    if not written:
        return []
    from bot.examples import example_questions
    from index.store import load_store

    store = load_store(settings.tally_index_dir, model=embedder.model_id)
    added = []
    for name, _, article in written:
        chunks = [c for c in store.chunks if c.article_id == article.id]
        ids = {c.id for c in chunks}
        figures = [f for f in store.figures if f.chunk_id in ids]
        example = example_questions(chunks, figures).first()
        added.append(Added(name, article.id, article.title, article.outlet, article.published,
                           len(figures), example))  # fmt: skip
    return added
