"""Telegram HTML for answers, escaped throughout, and split into parts Telegram accepts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.reply import Answer, Citation, place
from bot.stock import say

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


def render_sources(answer: Answer | None, language: str = "en") -> str:
    """Full citations of an answer: source file, paragraph, score and the whole quote."""
    if answer is None or not answer.citations:
        return say("no_sources", language)
    blocks = [say("sources_for", language, question=escape(answer.question))]
    for c in answer.citations:
        line = say("source_line", language, source=escape(c.source), paragraph=c.paragraph,
                   score=c.score)  # fmt: skip
        blocks.append(f"{_citation(c)}\n{line}")
    return "\n\n".join(blocks)


def render_start(titles: Sequence[str], examples: Sequence[str], language: str = "en") -> str:
    """The greeting: how many articles Tally knows, the first few titles, and what to ask."""
    known = "\n".join(f"• {escape(t)}" for t in titles[:START_TITLES])
    known = known or say("start_none", language)
    if len(titles) > START_TITLES:
        known += "\n" + say("start_more", language, n=len(titles) - START_TITLES)
    one = len(titles) == 1
    count = say("start_one", language) if one else say("start_many", language, n=len(titles))
    asks = "".join(f"\n• <i>{escape(q)}</i>" for q in examples)
    tries = say("start_try", language, asks=asks) if asks else ""  # no examples: no heading
    return say("start", language, count=count, known=known, tries=tries)


def _citation(c: Citation) -> str:
    title = f"<i>{escape(c.title)}</i>"
    if re.match(r"https?://\S+$", c.url):
        title = f'<a href="{html.escape(c.url, quote=True)}">{escape(c.title)}</a>'
    outlet = f" ({escape(c.outlet)})" if c.outlet else ""
    return f"[{c.n}] {title}{outlet}, {place(c)}\n<blockquote>{escape(c.quote)}</blockquote>"


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


HELP = say("help")
ABOUT = say("about")
APOLOGY = say("apology")
REFUSAL = say("refusal")
NOT_TEXT = say("not_text")
RESET = say("reset")


def render_unknown(command: str, language: str = "en") -> str:
    """The reply to a command Tally does not have."""
    return say("unknown_command", language, command=escape(command))
