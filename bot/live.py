"""The running bot's answer core, swapped for a new one when articles are added or removed:
questions asked during a build are answered from the old index, later ones from the new."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.adding import Added, Document, Refused
    from bot.answer import Answerer
    from bot.app import App


class LiveAnswerer:
    """Stands in for the Answerer, forwarding every attribute; `swap` replaces it in one
    assignment.

    A question is answered whole by the answerer current when it is asked: its method is looked
    up once, bound to that answerer, so a swap never lands halfway through a question.
    """

    def __init__(self, answerer: Answerer) -> None:
        self.current = answerer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)

    def swap(self, answerer: Answerer) -> None:
        self.current = answerer


class Library:
    """Adds and removes articles for the bot, then swaps the new index's answer core in."""

    def __init__(self, app: App, live: LiveAnswerer) -> None:
        self.app, self.live = app, live
        self._lock = threading.Lock()  # one change at a time in this process

    def add(self, sources: Sequence[str | Document]) -> tuple[list[Added], list[Refused]]:
        """Add the sources, and answer from the new index once it is built."""
        from bot.adding import add_sources
        from bot.app import build

        with self._lock:
            embedder = self.live.retriever.embedder
            added, refused = add_sources(self.app.settings, embedder, sources, build)
            if added:
                self._reload()
        return added, refused

    def remove(self, article_id: str) -> str:
        """Take an article out (its id, or its number in `titles()`, from 1); its title."""
        from bot.adding import remove_article
        from bot.app import build

        with self._lock:
            ids = list(self._articles())
            if article_id.isdigit() and 1 <= int(article_id) <= len(ids):
                article_id = ids[int(article_id) - 1]  # its number in the listing
            embedder = self.live.retriever.embedder
            title = remove_article(self.app.settings, embedder, article_id, build)
            self._reload()
        return title

    def titles(self) -> list[str]:
        """The indexed articles' titles, in corpus order (one per article)."""
        return list(self._articles().values())

    def examples(self) -> list[str]:
        """Example questions from the articles indexed now."""
        return list(self.live.examples.english)

    def _articles(self) -> dict[str, str]:
        """Each indexed article's id and title, in corpus order."""
        found: dict[str, str] = {}
        for chunk in self.live.retriever.store.chunks:
            found.setdefault(chunk.article_id, chunk.title)
        return found

    def _reload(self) -> None:
        from bot.app import open_app

        current = self.live.current
        self.app = open_app(
            self.app.settings,
            rebuild=False,
            embedder=current.retriever.embedder,
            multilingual=current.multilingual is not None,
        )
        self.live.swap(self.app.answerer)
