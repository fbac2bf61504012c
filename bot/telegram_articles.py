"""/articles: the indexed articles' titles a page at a time, with Previous and Next buttons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.stock import say
from bot.telegram_format import escape

PAGE_SIZE = 10
CALLBACK = re.compile(r"^articles:(\d{1,9})$")  # a button's data: "articles:<page>"
TITLE_LIMIT = 160  # characters of a title shown in a listing
USAGE = say("articles_usage")


@dataclass(frozen=True)
class Page:
    """One page of the listing: Telegram HTML, and its buttons (None when there is one page)."""

    text: str
    keyboard: InlineKeyboardMarkup | None


def page_count(total: int) -> int:
    """Pages the listing of `total` articles fills: 0 -> 1, 10 -> 1, 11 -> 2."""
    return max(1, -(-total // PAGE_SIZE))


def read_page(args: Sequence[str]) -> int | None:
    """The page a user asked for: [] -> 1, ["2"] -> 2; None for anything else ("x", "0")."""
    if not args:
        return 1
    if len(args) == 1 and re.fullmatch(r"[1-9]\d{0,8}", args[0]):
        return int(args[0])
    return None


def render_page(titles: Sequence[str], asked: int, language: str = "en") -> Page:
    """Page `asked` of `titles`, numbered from 1; past the end, the last page with a note."""
    if not titles:
        return Page(say("articles_none", language), None)
    pages = page_count(len(titles))
    number = min(max(asked, 1), pages)
    first = (number - 1) * PAGE_SIZE
    shown = titles[first : first + PAGE_SIZE]
    rows = [f"{first + n}. {escape(_short(title))}" for n, title in enumerate(shown, 1)]
    head = say("articles_head", language, first=first + 1, last=first + len(shown),
               total=len(titles))  # fmt: skip
    if pages > 1:
        head += say("articles_page", language, number=number, pages=pages)
    note = say("articles_past_end", language, pages=pages) if asked > pages else ""
    hint = say("articles_hint", language) if pages > 1 else ""
    keyboard = _buttons(number, pages, language)
    return Page(note + head + "\n\n" + "\n".join(rows) + hint, keyboard)


def _buttons(number: int, pages: int, language: str) -> InlineKeyboardMarkup | None:
    row = []
    if number > 1:
        previous = say("articles_previous", language)
        row.append(InlineKeyboardButton(previous, callback_data=f"articles:{number - 1}"))
    if number < pages:
        following = say("articles_next", language)
        row.append(InlineKeyboardButton(following, callback_data=f"articles:{number + 1}"))
    return InlineKeyboardMarkup([row]) if row else None


def _short(title: str) -> str:
    """A title cut to TITLE_LIMIT characters at a word, with "…" when cut."""
    title = " ".join(title.split())
    if len(title) <= TITLE_LIMIT:
        return title
    cut = title[: TITLE_LIMIT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
