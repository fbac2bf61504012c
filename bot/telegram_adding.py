"""What the bot says when an admin adds or removes articles, and who may."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from bot.stock import say
from bot.telegram_format import escape

if TYPE_CHECKING:
    from bot.adding import Added, Document, Refused

# A message that is a link and nothing else (perhaps after Tally's @name, in a group).
LINK = re.compile(r"^\s*(?:@\w+\s+)?(?P<url>https?://\S+)\s*(?:@\w+)?\s*$", re.IGNORECASE)
NOT_ADMIN = say("not_admin")
UNAVAILABLE = say("unavailable")
REMOVE_USAGE = say("remove_usage")


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


def render_adding(label: str, language: str = "en") -> str:
    return say("adding", language, label=escape(label))


def render_outcome(added: Sequence[Added], refused: Sequence[Refused], language: str = "en") -> str:
    """The reply once an addition is done: each article added, each source refused and why."""
    parts = []
    for article in added:
        date = say("added_date", language, date=article.published) if article.published else ""
        about = ", ".join(x for x in (article.outlet, date) if x)
        lines = [say("added", language, title=escape(article.title))]
        n = article.figures
        count = say("figures_one", language) if n == 1 else say("figures_many", language, n=n)
        lines.append(f"{escape(about)} · {count}" if about else count[:1].upper() + count[1:])
        if article.example:
            lines.append(say("added_try", language, example=escape(article.example)))
        parts.append("\n".join(lines))
    for problem in refused:
        source = escape(problem.source)
        if problem.duplicate_of:
            parts.append(say("already_indexed", language, source=source))
        else:
            reason = escape(problem.reason)
            parts.append(say("could_not_add", language, source=source, reason=reason))
    return "\n\n".join(parts) or say("nothing_added", language)


def render_failure(reason: str, language: str = "en") -> str:
    return say("nothing_changed", language, reason=escape(reason))


def render_removed(title: str, language: str = "en") -> str:
    return say("removed", language, title=escape(title))
