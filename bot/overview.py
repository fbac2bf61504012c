"""Overview requests: "what's the story?" gets the headline and the lead sentence, "key
figures" a fact sheet of an article's figures, each with the sentence that says what it is."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.reply import Answer, AnswerFigure, Citation
from index.chunking import Chunk
from index.figures import Figure
from index.lexical import tokenize

_STORY = re.compile(
    r"\b(what'?s|what is|what was) (the|this) (story|news|article|piece|report)\b"
    r"|\bsummar(y|ise|ize)\b|\boverview\b|\bgist\b|\btl;?dr\b|\bmain points?\b"
    r"|\bwhat('?s| is| was) (it|this|this article|the article|the news) about\b"
    r"|요약|무슨 내용|어떤 내용|핵심 내용",
    re.IGNORECASE,
)
_SHEET = re.compile(
    r"\b(key|main|important|headline|all (of )?the|all) (figures|numbers|facts|stats"
    r"|statistics)\b|\bfact ?sheet\b|^\W*((give|show) me )?(the )?(numbers|figures)\W*$"
    r"|주요 수치|모든 수치|수치 정리|숫자 정리|주요 숫자",
    re.IGNORECASE,
)
# Words of the requests themselves, so that what is left names a topic ("key figures on gold").
_CUE_WORDS = frozenset(
    tokenize(
        "story news article piece report summary summarise summarize overview gist tldr main"
        " point points key important headline figures numbers facts stats statistics fact sheet"
        " give please here tell quick brief short"
    )
)
SHEET_SIZE = 8  # sentences in a fact sheet; the rest are counted, not listed
SHEET_KINDS = ("money", "percent", "count", "duration", "score", "date")


def overview_kind(question: str) -> str:
    """ "story" for a request for the gist, "figures" for a fact sheet, "" for a question."""
    if _SHEET.search(question):
        return "figures"
    return "story" if _STORY.search(question) else ""


def topic_words(question: str) -> list[str]:
    """What an overview request is about, beyond the request: "key figures on gold" -> gold."""
    return [w for w in tokenize(question) if w not in _CUE_WORDS]


def choose_article(chunks: list[Chunk], ranked_ids: list[str]) -> str | None:
    """The article an overview is of: the best-retrieved one for a topic, else the newest."""
    if ranked_ids:
        return ranked_ids[0]
    if not chunks:
        return None
    newest = max(enumerate(chunks), key=lambda pair: (pair[1].published, -pair[0]))
    return newest[1].article_id


def story(question: str, chunks: list[Chunk], article: str, korean: bool) -> Answer:
    """The headline and lead sentence of `article`, each cited."""
    own = sorted((c for c in chunks if c.article_id == article), key=lambda c: c.start)
    first = own[0]
    lead_sentence = first.sentence_texts()[0] if first.sentences else first.text
    citations = [_citation(1, first, lead_sentence), _citation(2, first, first.title, 0)]
    line = f"{first.title} [2]. {lead_sentence} [1]"
    if korean:
        line = f"기사 요약: {first.title} [2]. {lead_sentence} [1]"
    return Answer(question, line, first.title, citations=citations)


def fact_sheet(
    question: str, chunks: list[Chunk], figures: list[Figure], article: str, korean: bool
) -> Answer:
    """The figures of `article`, sentence by sentence in the article's order, each cited."""
    by_id = {c.id: c for c in chunks if c.article_id == article}
    grouped: dict[tuple[str, int], list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.chunk_id in by_id and figure.kind in SHEET_KINDS and figure.role != "relative":
            grouped[(figure.chunk_id, figure.sentence)].append(figure)
    order = sorted(grouped, key=lambda key: (by_id[key[0]].start, key[1]))
    if not order:
        none = "이 기사에는 수치가 없습니다." if korean else "This article states no figures."
        return Answer(question, none, abstained=True)
    lines, citations, stated = [], [], []
    for n, (chunk_id, number) in enumerate(order[:SHEET_SIZE], start=1):
        chunk = by_id[chunk_id]
        start, end = chunk.sentences[number]
        quote = chunk.text[start - chunk.start : end - chunk.start]
        found = grouped[(chunk_id, number)]
        lines.append(f"• {', '.join(f.text for f in found)} [{n}]")
        citations.append(_citation(n, chunk, quote))
        stated += [AnswerFigure(f.text, f.value, f.unit, f.kind) for f in found]
    more = len(order) - SHEET_SIZE
    head = "주요 수치:" if korean else "Key figures:"
    if more > 0:
        lines.append(f"(그 밖에 {more}개 문장)" if korean else f"(and {more} more sentences)")
    return Answer(question, "\n".join([head, *lines]), figures=stated, citations=citations)


def _citation(n: int, chunk: Chunk, quote: str, paragraph: int | None = None) -> Citation:
    where = chunk.paragraph if paragraph is None else paragraph
    return Citation(n, chunk.source, chunk.title, chunk.outlet, chunk.url, where, quote, 1.0)
