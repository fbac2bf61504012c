"""/articles: the indexed articles' titles a page at a time, with Previous and Next buttons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram_format import escape

PAGE_SIZE = 10
CALLBACK = re.compile(r"^articles:(\d{1,9})$")  # a button's data: "articles:<page>"
TITLE_LIMIT = 160  # characters of a title shown in a listing
USAGE = "Send /articles for the first page of articles, or /articles 2 for page 2."


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


def render_page(titles: Sequence[str], asked: int) -> Page:
    """Page `asked` of `titles`, numbered from 1; past the end, the last page with a note."""
    if not titles:
        return Page("No articles are indexed yet.", None)
    pages = page_count(len(titles))
    number = min(max(asked, 1), pages)
    first = (number - 1) * PAGE_SIZE
    shown = titles[first : first + PAGE_SIZE]
    rows = [f"{first + n}. {escape(_short(title))}" for n, title in enumerate(shown, 1)]
    head = f"<b>Articles {first + 1}–{first + len(shown)} of {len(titles):,}</b>"
    if pages > 1:
        head += f" (page {number} of {pages:,})"
    note = f"There are {pages:,} pages; this is the last.\n\n" if asked > pages else ""
    hint = "\n\n/articles N opens page N." if pages > 1 else ""
    return Page(note + head + "\n\n" + "\n".join(rows) + hint, _buttons(number, pages))


def _buttons(number: int, pages: int) -> InlineKeyboardMarkup | None:
    row = []
    if number > 1:
        row.append(InlineKeyboardButton("‹ Previous", callback_data=f"articles:{number - 1}"))
    if number < pages:
        row.append(InlineKeyboardButton("Next ›", callback_data=f"articles:{number + 1}"))
    return InlineKeyboardMarkup([row]) if row else None


def _short(title: str) -> str:
    """A title cut to TITLE_LIMIT characters at a word, with "…" when cut."""
    title = " ".join(title.split())
    if len(title) <= TITLE_LIMIT:
        return title
    cut = title[: TITLE_LIMIT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
