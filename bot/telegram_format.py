"""Telegram HTML for answers, escaped throughout, and split into parts Telegram accepts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.reply import Answer, Citation

LIMIT = 4096  # UTF-16 code units of a message's text once its tags are parsed
_ATOM = re.compile(r"<(/?)([a-z-]+)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-z]+);|.", re.DOTALL)
_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’)]"
START_TITLES = 5  # titles /start lists; /articles pages through the rest


def escape(text: str) -> str:
    """Text for Telegram HTML: `a < b & "c"` -> `a &lt; b &amp; "c"`."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: "a😀" -> 3."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def render_answer(answer: Answer) -> str:
    """The lead with its figure in bold, then each citation with its quote."""
    lead = escape(answer.lead)
    at = answer.lead.find(answer.emphasis) if answer.emphasis else -1
    if at >= 0:
        end = at + len(answer.emphasis)
        lead = (
            f"{escape(answer.lead[:at])}<b>{escape(answer.emphasis)}</b>{escape(answer.lead[end:])}"
        )
    blocks = [lead] + [_citation(c) for c in answer.citations]
    return "\n\n".join(blocks)


def render_sources(answer: Answer | None) -> str:
    """Full citations of an answer: source file, paragraph, score and the whole quote."""
    if answer is None or not answer.citations:
        return "No sources yet: ask a question first."
    blocks = [f"<b>Sources</b> for “{escape(answer.question)}”"]
    for c in answer.citations:
        blocks.append(
            f"{_citation(c)}\n<code>{escape(c.source)}</code>, paragraph {c.paragraph}, "
            f"score {c.score:.2f}"
        )
    return "\n\n".join(blocks)


def render_start(titles: Sequence[str], examples: Sequence[str]) -> str:
    """The greeting: how many articles Tally knows, the first few titles, and what to ask."""
    known = "\n".join(f"• {escape(t)}" for t in titles[:START_TITLES]) or "• (no articles yet)"
    if len(titles) > START_TITLES:
        known += f"\n… and {len(titles) - START_TITLES:,} more: /articles lists them all."
    count = "1 article" if len(titles) == 1 else f"{len(titles):,} articles"
    asks = "".join(f"\n• <i>{escape(q)}</i>" for q in examples)
    tries = f"Try:{asks}\n\n" if asks else ""  # no examples: no empty heading
    return (
        "<b>Tally</b> answers questions about news articles with the exact figure and its "
        f"source.\n\nI know {count}:\n{known}\n\n{tries}/help lists the commands."
    )


def _citation(c: Citation) -> str:
    title = f"<i>{escape(c.title)}</i>"
    if re.match(r"https?://\S+$", c.url):
        title = f'<a href="{html.escape(c.url, quote=True)}">{escape(c.title)}</a>'
    outlet = f" ({escape(c.outlet)})" if c.outlet else ""
    return (
        f"[{c.n}] {title}{outlet}, paragraph {c.paragraph}\n"
        f"<blockquote>{escape(c.quote)}</blockquote>"
    )


def html_to_text(markup: str) -> str:
    """The text a reader sees: `<b>1 &amp; 2</b>` -> `1 & 2`."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


@dataclass(frozen=True)
class _Atom:
    raw: str
    width: int  # UTF-16 units of visible text; 0 for a tag
    char: str = ""  # the visible character, "" for a tag
    tag: str = ""  # tag name, "" for text
    closing: bool = False


def _atoms(markup: str) -> list[_Atom]:
    atoms = []
    for match in _ATOM.finditer(markup):
        raw = match.group(0)
        if match.group(2):
            atoms.append(_Atom(raw, 0, tag=match.group(2), closing=bool(match.group(1))))
        else:
            char = html.unescape(raw)
            atoms.append(_Atom(raw, utf16_len(char), char=char))
    return atoms


def split_html(markup: str, limit: int = LIMIT) -> list[str]:
    """Valid Telegram HTML cut into parts of at most `limit` visible UTF-16 units each.

    Cuts fall between paragraphs if possible, else lines, sentences, words; never inside a tag
    or an entity. Tags open at a cut are closed before it and reopened after it. Parts with
    nothing but white space are dropped.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2 (one astral character)")
    atoms = _atoms(markup)
    parts: list[str] = []
    opened: list[_Atom] = []
    start = 0
    while start < len(atoms):
        end = _cut(atoms, start, limit)
        body = "".join(a.raw for a in opened) + "".join(a.raw for a in atoms[start:end])
        for atom in atoms[start:end]:
            if atom.tag and atom.closing:
                opened.pop()
            elif atom.tag:
                opened.append(atom)
        body += "".join(f"</{a.tag}>" for a in reversed(opened))
        if any(not a.char.isspace() for a in atoms[start:end] if a.char):
            parts.append(body)
        start = end
    return parts


def _cut(atoms: list[_Atom], start: int, limit: int) -> int:
    """Index of the first atom of the next part: the best break within `limit`."""
    width, end = 0, start
    while end < len(atoms) and width + atoms[end].width <= limit:
        width += atoms[end].width
        end += 1
    if end == len(atoms):
        return end
    text = [(i, a.char) for i, a in enumerate(atoms[start:end], start) if a.char]
    following = next((a.char for a in atoms[end:] if a.char), "")
    breaks: list[list[int]] = [[], [], [], []]  # paragraph, line, sentence, word
    for k in range(1, len(text) + 1):
        before, after = text[k - 1][1], text[k][1] if k < len(text) else following
        if before == "\n" and k >= 2 and text[k - 2][1] == "\n" and after != "\n":
            breaks[0].append(k)
        elif before == "\n" and after != "\n":
            breaks[1].append(k)
        elif before.isspace() and not after.isspace():
            tail = "".join(ch for _, ch in text[max(0, k - 3) : k - 1]).rstrip(_CLOSERS)
            breaks[2 if tail[-1:] in _SENTENCE_END else 3].append(k)
    half = len(text) // 2
    chosen = next((kind[-1] for kind in breaks if kind and kind[-1] >= half), None)
    if chosen is None:
        chosen = next((kind[-1] for kind in breaks if kind), None) or _hard_cut(text, following)
    # The cut follows the last character kept, and the tags it closes; tags it opens move on.
    cut = _keep_closing(atoms, text[chosen - 1][0] + 1) if text else end
    return max(cut, start + 1)


def _hard_cut(text: list[tuple[int, str]], following: str) -> int:
    """Where to cut a run with no break in it: after the last whole character a reader sees (a
    Unicode extended grapheme cluster), so "가" written in jamo (ᄀ + ᅡ), "🇰🇷" or "👍🏽" is
    never split; at the limit when the whole run is one such cluster."""
    import regex  # the `regex` package knows grapheme clusters (\X); `re` does not

    run = "".join(ch for _, ch in text) + following
    ends = [m.end() for m in regex.finditer(r"\X", run) if m.end() <= len(text)]
    return ends[-1] if ends else len(text)


def _keep_closing(atoms: list[_Atom], index: int) -> int:
    """Move a hard cut past closing tags, so they end the part they belong to."""
    while index < len(atoms) and atoms[index].closing:
        index += 1
    return index


HELP = (
    "Ask a question about the articles in plain words (/start shows examples). I reply with "
    "the figure, the sentence that states it and where it stands.\n\n"
    "/sources  full citations of the last answer\n"
    "/reset  forget the conversation\n"
    "/start  what I know, and examples\n"
    "/articles  every article I know, a page at a time\n"
    "/about  what Tally is\n"
    "/help  this help\n\n"
    "In a group, mention me or reply to one of my messages."
)
ABOUT = (
    "<b>Tally</b> finds exact figures in news articles and quotes the sentence that states "
    "each one, with a numbered citation. Every number in a reply appears in a cited passage; "
    "when the articles don't hold the answer, Tally says so and shows the closest passage "
    "instead of guessing."
)
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a moment."
REFUSAL = (
    "Sorry, this Tally bot is private: it answers only the people and chats it was set up for."
)
NOT_TEXT = (
    "I can only read text. Ask me a question about the articles in words; /start shows "
    "examples and /help lists the commands."
)
RESET = "Conversation cleared. Ask a new question."


def render_unknown(command: str) -> str:
    """The reply to a command Tally does not have."""
    return f"Unknown command {escape(command)}. /help lists the commands."
