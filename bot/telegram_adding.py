"""What the bot says when an admin adds or removes articles, and who may."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from bot.telegram_format import escape

if TYPE_CHECKING:
    from bot.adding import Added, Document, Refused

# A message that is a link and nothing else (perhaps after Tally's @name, in a group).
LINK = re.compile(r"^\s*(?:@\w+\s+)?(?P<url>https?://\S+)\s*(?:@\w+)?\s*$", re.IGNORECASE)
NOT_ADMIN = (
    "Only Tally's admins can add or remove articles. Ask me about the ones I have: "
    "/articles lists them."
)
UNAVAILABLE = "Adding articles is not available in this bot."
REMOVE_USAGE = (
    "Send /remove N to take out article N of /articles (or /remove followed by its file name)."
)


class Library(Protocol):
    """The bot's seam to the corpus: add, remove, and what is indexed now.

    `add` and `remove` are called from a worker thread, one at a time.
    """

    def add(self, sources: Sequence[str | Document]) -> tuple[list[Added], list[Refused]]:
        """Add the sources; from then on questions are answered from the new index."""
        ...

    def remove(self, article: str) -> str:
        """Take out an article (its id, or its number in the listing); its title."""
        ...

    def titles(self) -> list[str]:
        """The indexed articles' titles, in listing order."""
        ...

    def examples(self) -> list[str]:
        """Example questions from the articles indexed now."""
        ...


def render_adding(label: str) -> str:
    return f"Adding {escape(label)}… I'll reply when it is indexed; ask away meanwhile."


def render_outcome(added: Sequence[Added], refused: Sequence[Refused]) -> str:
    """The reply once an addition is done: each article added, each source refused and why."""
    parts = []
    for article in added:
        about = ", ".join(x for x in (article.outlet, _date(article)) if x)
        lines = [f"<b>Added:</b> {escape(article.title)}"]
        count = f"{article.figures} figure{'s' if article.figures != 1 else ''} found"
        lines.append(f"{escape(about)} · {count}" if about else count[:1].upper() + count[1:])
        if article.example:
            lines.append(f"Try: <i>{escape(article.example)}</i>")
        parts.append("\n".join(lines))
    for problem in refused:
        verb = "Already indexed" if problem.duplicate_of else "Could not add"
        reason = "" if problem.duplicate_of else f": {problem.reason}"
        parts.append(f"<b>{verb}:</b> {escape(problem.source)}{escape(reason)}")
    return "\n\n".join(parts) or "Nothing was added."


def render_failure(reason: str) -> str:
    return f"<b>Nothing changed:</b> {escape(reason)}"


def render_removed(title: str) -> str:
    return f"<b>Removed:</b> {escape(title)}"


def _date(article: Added) -> str:
    published = article.published
    return f"{published.day} {published:%B %Y}" if published else ""
