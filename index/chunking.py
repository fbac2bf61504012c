"""Split articles into paragraph- and sentence-aware chunks that never cut a figure in two."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.corpus import Article

MAX_CHUNK_WORDS = 120
PARAGRAPH_SEPARATOR = "\n\n"

# Words that end in a period without ending a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt ft vs etc inc ltd co corp bros no nos vol fig approx est "
    "jan feb mar apr jun jul aug sep sept oct nov dec gov gen col lt sgt rep sen dept univ "
    "e.g i.e u.s u.k u.n e.u a.m p.m".split()
)
# A sentence ends at . ! or ? (and any closing quotes or brackets) followed by space and a
# capital, digit or opening quote; a period inside "2.2" or "U.S." has no space after it. A
# dash right after the end is a line break a scrape turned into "-" ("he added.- READ MORE"):
# it ends the sentence too and belongs to neither.
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=-?\s+[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences from one paragraph, with offsets into the article's text."""

    id: str
    article_id: str
    source: str
    title: str
    outlet: str
    url: str
    paragraph: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    published: str = ""  # the article's date, ISO, so "next year" can be resolved

    def sentence_texts(self) -> list[str]:
        """The text of each sentence in this chunk."""
        return [self.text[s - self.start : e - self.start] for s, e in self.sentences]


def article_text(article: Article) -> str:
    """The article body that chunk offsets point into: paragraphs joined by blank lines."""
    return PARAGRAPH_SEPARATOR.join(article.paragraphs)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`: "Dr. Kim paid $2.2 bn. It rose." -> [(0, 21), (22, 30)]."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start()):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = _skip_space(text, end + (text[end : end + 1] == "-"))
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[:dot])
    token = word.group(0).lower() if word else ""
    if not token:
        return False
    # Single initials ("J. Smith") and dotted acronyms ("U.S.") are not sentence ends.
    if re.fullmatch(r"[\d.,]+", token):
        return False  # "fell to 0.72." ends a sentence; "2.2" never reaches here (no space)
    return token in ABBREVIATIONS or len(token) == 1 and token.isalpha() or "." in token


def chunk_article(article: Article, max_words: int = MAX_CHUNK_WORDS) -> list[Chunk]:
    """Chunks of whole sentences, never crossing a paragraph, each at most `max_words` long."""
    chunks: list[Chunk] = []
    offset = 0
    for number, paragraph in enumerate(article.paragraphs, start=1):
        for group in _group_sentences(paragraph, max_words):
            spans = tuple((offset + s, offset + e) for s, e in group)
            start, end = spans[0][0], spans[-1][1]
            chunks.append(
                Chunk(
                    id=f"{article.id}#{len(chunks) + 1}",
                    article_id=article.id,
                    source=article.source,
                    title=article.title,
                    outlet=article.outlet,
                    url=article.url,
                    paragraph=number,
                    start=start,
                    end=end,
                    text=paragraph[start - offset : end - offset],
                    sentences=spans,
                    published=article.published.isoformat() if article.published else "",
                )
            )
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return chunks


def _group_sentences(paragraph: str, max_words: int) -> list[list[tuple[int, int]]]:
    groups: list[list[tuple[int, int]]] = []
    words = 0
    for span in split_sentences(paragraph):
        n = len(paragraph[span[0] : span[1]].split())
        if groups and words + n <= max_words:
            groups[-1].append(span)
            words += n
        else:
            groups.append([span])
            words = n
    return groups
