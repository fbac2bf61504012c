"""A Korean question's sentences and figures ranked as an English question's would be: what
English states in its own way (a year as "last year", a name spelled in Hangul) counted as
stated, and, between figures of one kind and unit, the one whose own words the question means."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from bot import korean
from bot.crosslingual import SENTENCES, transliterated
from bot.matching import FigureIndex, candidates, dated, way_moved
from bot.question import Want
from index.embedding import Embedder, model_name
from index.figures import WORD_NUMBERS, Figure, parse_number
from index.multilingual import MULTILINGUAL_MODELS
from index.retrieval import Retrieval, SentenceHit

# A sentence that names what a figure question spells in Hangul ("터키" -> "Turkey") fits this
# much better, shared among the names spelled: enough to settle a near tie, not to lift a
# sentence past a closer one (0.03 and 0.05 put sentences the cosine floor rejects first).
NAMED = 0.02
# Per model, on its cosine scale: another figure of the same kind and unit replaces the one
# picked when the words around it score this much higher against the question (multilingual-e5:
# "rendering the tally 51-50" over "read the vote count 50-50" by 0.035).
MODEL_CLAUSE_MARGIN = dict.fromkeys(MULTILINGUAL_MODELS, 0.03)
# A qualifier is looked for in this many characters right before a figure.
QUALIFIER_CHARS = 24
# A figure's own words: this many words on either side of it.
CLAUSE_WORDS = 6
# A figure's own words are embedded once per process: the sentence a figure question lands on
# answers many questions (multilingual-e5 gives a text the same row alone or batched, through
# either engine, so no score moves).
CLAUSE_VECTORS = 4096
# Whether a sentence is prose is remembered for this many sentences (a few answers' worth).
PROSE_READ = 1024
_WORD = re.compile(r"\S+")
# An e-mail or web address; a line is no prose when, without its addresses, it is one bracket or
# a few words with no end punctuation ("Contact the writer at", "Source:-News agencies").
_ADDRESS = re.compile(r"\S+@\S+\.[a-z]{2,}\S*|(?:https?://|www\.|pic\.twitter\.com/)\S*")
_NOT_PROSE = re.compile(r"^\([^()]*\)$|^(?:\S+\s+){0,5}\S*[^\s.!?\"'”’)]$|^\W*$")


def refit(
    question: str, want: Want, found: Retrieval, figures: FigureIndex, floor: float | None = None
) -> tuple[Want, Retrieval]:
    """`found`'s sentences scored again for a Korean question, article prose only (`prose`):
    names it spells count for a figure question, only sentences telling when something ends
    are left for a question asking it, and a year it dates by counts as stated where the
    article states it relatively; `want` without such a year when the best sentence states it
    that way. With the model's `floor`, the closest sentence leads when the best falls under
    it (`closest_over`)."""
    sentences = prose(found.sentences)
    if want.figure_kinds:
        spelled = spelled_names(question, [s.text for s in sentences[:SENTENCES]])
        sentences = [_named(s, spelled) for s in sentences]
    if want.ending:
        sentences = _ending(sentences)
    want, sentences = dated(want, sentences, figures)
    sentences = sorted(sentences, key=lambda s: -s.score)
    if floor is not None:
        sentences = closest_over(sentences, floor)
    return want, replace(found, sentences=sentences)


def prose(sentences: list[SentenceHit]) -> list[SentenceHit]:
    """`sentences` without the lines that are no article prose, when any are left: a credit, a
    page reference, a contact or an embedded post ("Source: Al Jazeera and news agencies",
    "(China Daily European Weekly 01/20/2017 page15)", "Contact the writer at x@y.com"). Short
    and nearly empty of meaning, they sit close to every question in a multilingual model."""
    kept = [s for s in sentences if _is_prose(s.text)]
    return kept or sentences


@lru_cache(maxsize=PROSE_READ)
def _is_prose(text: str) -> bool:
    """Whether a sentence is article prose (`prose`); remembered for the sentences of the last
    few answers, which the next ones read again."""
    return not _NOT_PROSE.search(_ADDRESS.sub("", text).strip())


def closest_over(sentences: list[SentenceHit], floor: float) -> list[SentenceHit]:
    """`sentences` (best first) led by the one the model places closest among the best
    SENTENCES, when the best falls under `floor` and that one does not: words the glosses and
    spellings share lifted a sentence the question's meaning does not reach."""
    if not sentences or sentences[0].similarity >= floor:
        return sentences
    closest = max(sentences[:SENTENCES], key=lambda s: s.similarity)
    if closest.similarity < floor:
        return sentences
    lead = replace(closest, score=sentences[0].score)
    return [lead, *(s for s in sentences if s is not closest)]


def spelled_names(question: str, sentences: Sequence[str]) -> list[str]:
    """The capitalised English words of `sentences` that the question spells in Hangul:
    "터키로 간 승객" in "... traveling to Turkey ..." -> ["Turkey"]."""
    found = transliterated(korean.content_words(question), sentences)
    return [w for w in found if w[0].isupper()]


def _named(sentence: SentenceHit, names: Sequence[str]) -> SentenceHit:
    if not names:
        return sentence
    share = sum(name in sentence.text for name in names) / len(names)
    return replace(sentence, score=sentence.score + NAMED * share) if share else sentence


def _ending(sentences: list[SentenceHit]) -> list[SentenceHit]:
    """For a question asking when something ends, the sentences that tell when something ends,
    when one of the best SENTENCES does (no other can answer: `answer` abstains on them)."""
    best = sorted(sentences, key=lambda s: -s.score)[:SENTENCES]
    if not any(korean.ENDING_CUE.search(s.text) for s in best):
        return sentences
    return [s for s in sentences if korean.ENDING_CUE.search(s.text)]


def rerank_figure(
    question: str,
    want: Want,
    pick: tuple[Figure, SentenceHit] | None,
    figures: FigureIndex,
    embedder: Embedder,
    ranked: Sequence[SentenceHit] = (),
    window: float = 0.0,
) -> tuple[Figure, SentenceHit] | None:
    """The figure picked, or another of the same kind and unit whose own words the question
    means more clearly ("최종 표결 결과는 몇 대 몇?": "rendering the tally 51-50", not "read the
    vote count 50-50"): one of its sentence, or with `ranked` one of any sentence the figure
    matcher weighed (scoring within `window` of the best, or beside it). A currency or a
    before/after asked for already decides, and a qualifier asked for ("최대 몇", "몇 퍼센트
    넘게") leaves only the figures written with it, when there are any. A range the figure ends
    is answered whole (`whole_range`)."""
    return whole_range(_reranked(question, want, pick, figures, embedder, ranked, window))


def _reranked(
    question: str,
    want: Want,
    pick: tuple[Figure, SentenceHit] | None,
    figures: FigureIndex,
    embedder: Embedder,
    ranked: Sequence[SentenceHit],
    window: float,
) -> tuple[Figure, SentenceHit] | None:
    margin = MODEL_CLAUSE_MARGIN.get(model_name(embedder))
    if pick is None or margin is None or want.currency or want.role:
        return pick
    rivals = _rivals(pick, want, figures, ranked, window)
    if len(rivals) < 2 or pick not in rivals:
        return pick
    qualified = _qualified(question, rivals)
    if qualified:  # "몇 퍼센트 넘게": the figures English writes "more than" before
        rivals = qualified
    if want.direction:  # "몇 퍼센트 늘어나요": not the figure its clause says was cut
        rivals = [r for r in rivals if _moves(r, want.direction)] or rivals
    # An embedder is hashed by identity (the cache holds it); the Embedder protocol omits __hash__.
    clauses = [_clause_vector(embedder, own_words(s, f)) for f, s in rivals]  # type: ignore[arg-type]
    scores = np.stack(clauses) @ embedder.embed_query(question)
    best = int(np.argmax(scores))
    if pick not in rivals or scores[best] - scores[rivals.index(pick)] >= margin:
        return rivals[best]
    return pick


def _moves(rival: tuple[Figure, SentenceHit], direction: str) -> bool:
    """Whether the figure's clause says it moved `direction`, or says no way."""
    figure, sentence = rival
    start, end = figure.start - sentence.start, figure.end - sentence.start
    return way_moved(sentence.text, start, end) in ("", direction)


def _qualified(
    question: str, rivals: list[tuple[Figure, SentenceHit]]
) -> list[tuple[Figure, SentenceHit]]:
    """The rivals written with the qualifier the question asks ("최대" -> "as much as 0.9
    percent", not "the 9.4 percent rise"); none when it asks none."""
    asked = korean.asked_qualifier(question)
    if asked is None:
        return []
    return [(f, s) for f, s in rivals if _written_with(asked, s, f)]


def _written_with(qualifier: re.Pattern[str], sentence: SentenceHit, figure: Figure) -> bool:
    """Whether the figure is written right after the qualifier: "in excess of 10%", not
    "over the past 3 years"."""
    if qualifier.fullmatch(figure.qualifier):
        return True
    start = figure.start - sentence.start
    before = sentence.text[max(0, start - QUALIFIER_CHARS) : start]
    return any(m.end() == len(before.rstrip()) for m in qualifier.finditer(before))


def _rivals(
    pick: tuple[Figure, SentenceHit],
    want: Want,
    figures: FigureIndex,
    ranked: Sequence[SentenceHit],
    window: float,
) -> list[tuple[Figure, SentenceHit]]:
    """The figures of the pick's kind and unit, with their sentences: the pick's sentence's,
    or those of every sentence `matching.candidates` weighs."""
    figure, sentence = pick
    if ranked:
        found = candidates(list(ranked), want, figures, window, (figure.kind,))
        return [(f, s) for f, s, _ in found if f.unit == figure.unit]
    every = figures[(sentence.chunk.id, sentence.number)]
    return [(f, sentence) for f in every if f.kind == figure.kind and f.unit == figure.unit]


@lru_cache(maxsize=CLAUSE_VECTORS)
def _clause_vector(embedder: Embedder, clause: str) -> np.ndarray:
    """`clause` embedded as a passage, read-only: the cache hands the same row to every caller."""
    vector = np.asarray(embedder.embed_documents([clause]), dtype=np.float32)[0]
    vector.setflags(write=False)
    return vector


def own_words(sentence: SentenceHit, figure: Figure) -> str:
    """The figure with CLAUSE_WORDS words either side of it: "... then voted himself,
    rendering the tally 51-50."."""
    start, end = figure.start - sentence.start, figure.end - sentence.start
    words = list(_WORD.finditer(sentence.text))
    before = [w.group() for w in words if w.end() <= start][-CLAUSE_WORDS:]
    after = [w.group() for w in words if w.start() >= end][:CLAUSE_WORDS]
    return " ".join([*before, sentence.text[start:end], *after])


# A range's low end and its joint, written before the figure that ends it: "five to seven
# days", "5-7 days", "between 10 and 12 people" (the figure reader takes "seven days" alone).
# "and" joins a range only after "between"; "from 5 to 7" is a change, not a range.
_LOW_END = re.compile(
    r"(?:(?P<between>\bbetween)\s+|(?<!\bfrom )\b)"
    rf"(?P<low>\d+(?:[.,]\d+)?|(?:{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))}))"
    r"(?P<joint>\s*[-–~]\s*|\s+(?:to|or|and)\s+)$",
    re.IGNORECASE,
)
# The kinds whose figures may end a range the reader left out (money and percentages it reads
# whole: "$3-4 billion", "1.5-2%").
RANGE_KINDS = ("count", "duration", "percent")


def whole_range(pick: tuple[Figure, SentenceHit] | None) -> tuple[Figure, SentenceHit] | None:
    """The pick, or, when its figure ends a range, the whole range valued at its low end:
    "seven days" in "for the next five to seven days" -> "five to seven days" (5 days)."""
    if pick is None:
        return None
    figure, sentence = pick
    start = figure.start - sentence.start
    if figure.kind not in RANGE_KINDS or not figure.text[:1].isalnum():
        return pick
    match = _LOW_END.search(sentence.text[max(0, start - 40) : start])
    if match is None or match.group("joint").strip() == "and" and not match.group("between"):
        return pick
    low = parse_number(match.group("low"))
    if low is None or figure.value is None or not 0 <= low < figure.value:
        return pick
    width = len(match.group(0))
    text = sentence.text[start - width : figure.end - sentence.start]
    return replace(figure, text=text, value=low, start=figure.start - width), sentence
