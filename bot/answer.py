"""Compose a cited answer from retrieved sentences: the figure first, then its source."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace

from bot.question import ENDING_CUE, Want, read_question
from index.figures import Figure
from index.lexical import tokenize
from index.retrieval import Hit, Retriever, SentenceHit

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
# Calibrated on tests/eval/article.jsonl (see docs/evaluation.md): below this cosine between
# question and best sentence, the corpus is not taken to answer the question.
MIN_SIMILARITY = 0.35
# A figure may come from a sentence scoring at most this far below the best sentence.
SENTENCE_MARGIN = 0.12
ABSTAIN = "The articles don't say."


@dataclass(frozen=True)
class Citation:
    """A numbered source: the quoted sentence and where it stands."""

    n: int
    source: str
    title: str
    outlet: str
    url: str
    paragraph: int
    quote: str
    score: float


@dataclass(frozen=True)
class AnswerFigure:
    """A figure stated in the reply."""

    text: str
    value: float | None
    unit: str
    kind: str
    derived: bool = False


@dataclass(frozen=True)
class Answer:
    """A reply: its lead line (with the part to emphasise), figures and citations."""

    question: str
    lead: str
    emphasis: str = ""
    abstained: bool = False
    figures: list[AnswerFigure] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    standalone: str = ""

    @property
    def text(self) -> str:
        """The reply as plain text: lead line, then one line per citation."""
        lines = [self.lead]
        if self.citations:
            lines.append("")
            lines += [format_citation(c) for c in self.citations]
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        """The JSON object of DESIGN.md."""
        return {
            "question": self.question,
            "standalone": self.standalone or self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "figures": [asdict(f) | {"value": _plain(f.value)} for f in self.figures],
            "citations": [
                {k: v for k, v in asdict(c).items() if k not in ("outlet", "url")}
                | {"score": round(c.score, 4)}
                for c in self.citations
            ],
        }


def format_citation(c: Citation) -> str:
    """`[1] "quote" — Title (Outlet), paragraph 8`."""
    where = f"{c.title} ({c.outlet})" if c.outlet else c.title
    return f'[{c.n}] "{c.quote}" — {where}, paragraph {c.paragraph}'


class Answerer:
    """The answer core shared by every front end."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.last_hits: list[Hit] = []
        self._figures: dict[tuple[str, int], list[Figure]] = defaultdict(list)
        for figure in retriever.store.figures:
            self._figures[(figure.chunk_id, figure.sentence)].append(figure)

    def ask(self, question: str) -> Answer:
        """Answer one question; a problem with the question itself gets a hint, not an error."""
        question = question.strip()
        if not question:
            return Answer(
                question,
                "Ask a question about the articles, e.g. "
                '"How much goes to the Boston-Korea project?"',
                abstained=True,
            )
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(
                question[:80] + "…",
                f"That question is {len(question):,} characters "
                f"long; please keep it under {MAX_QUESTION_CHARS:,}.",
                abstained=True,
            )
        want = read_question(question)
        retrieval = self.retriever.search(question)
        self.last_hits = retrieval.hits
        found = retrieval.sentences
        ranked = sorted(found, key=lambda s: -self._fit(s, want))
        if not ranked:
            return Answer(question, ABSTAIN, abstained=True)
        best = ranked[0]
        if (
            best.similarity < MIN_SIMILARITY
            or _missing_numbers(best, want)
            or want.ending
            and not ENDING_CUE.search(best.text)
            or want.kind == "place"
            and not _proper_nouns(best.text, question)
        ):
            return self._abstain(question, best)
        if not want.figure_kinds:
            return Answer(question, f"{best.text} [1]", citations=[_cite(1, best)])
        pick = self._pick_figure(ranked, want)
        if pick is None:
            return self._abstain(question, best)
        figure, sentence = pick
        answer = self._figure_answer(question, want, figure, sentence)
        if want.currency and figure.kind == "money" and figure.unit != want.currency:
            # Asked in one currency, stated in another: say so rather than pass it off.
            asked = "dollars" if want.currency == "USD" else "won"
            lead = f"The articles don't give this in {asked}; they state {answer.lead}"
            answer = replace(answer, lead=lead, abstained=True)
        unsupported = unsupported_numbers(answer)
        if unsupported:  # never send a number the cited passages do not state
            log.warning("numeric guard: %s not in cited passages of %r", unsupported, question)
            return Answer(question, f"{sentence.text} [1]", citations=answer.citations)
        return answer

    def _fit(self, sentence: SentenceHit, want: Want) -> float:
        """Sentence score adjusted by whether it holds the question's numbers."""
        score = sentence.score
        for number in want.numbers:
            score += 0.1 if number in _numbers(sentence.text) else -0.1
        return score

    def _pick_figure(
        self, ranked: list[SentenceHit], want: Want
    ) -> tuple[Figure, SentenceHit] | None:
        top = self._fit(ranked[0], want)
        best: tuple[float, Figure, SentenceHit] | None = None
        for sentence in ranked:
            fit = self._fit(sentence, want)
            # A neighbour of the best sentence may hold its figure ("This inclusion ...").
            if fit < top - SENTENCE_MARGIN and sentence.chunk.id != ranked[0].chunk.id:
                continue
            for figure in self._figures[(sentence.chunk.id, sentence.number)]:
                if figure.kind not in want.figure_kinds:
                    continue
                score = fit + self._figure_bonus(figure, sentence, want)
                if best is None or score > best[0]:
                    best = (score, figure, sentence)
        return None if best is None else (best[1], best[2])

    def _figure_bonus(self, figure: Figure, sentence: SentenceHit, want: Want) -> float:
        bonus = 0.0
        if want.kind == "time" and figure.kind == "date":
            bonus += 0.05
        if want.currency and figure.kind == "money":
            bonus += 0.3 if figure.unit == want.currency else -0.3
        elif _in_brackets(sentence.text, figure.start - sentence.start):
            bonus -= 0.1  # "2.2 trillion won (USD 1.65 billion)": the source's own figure first
        if want.role and figure.role:
            bonus += 0.2 if figure.role == want.role else -0.2
        if figure.text.replace(",", "") in want.numbers or _numbers(figure.text) & set(
            want.numbers
        ):
            bonus -= 0.5  # the question already states this figure; it asks for another
        return bonus - 0.1 * _distance(figure, sentence, want.subject)

    def _figure_answer(
        self, question: str, want: Want, figure: Figure, sentence: SentenceHit
    ) -> Answer:
        offset = sentence.start
        local = sentence.text
        start, end = figure.start - offset, figure.end - offset
        if want.change and figure.role:
            for span in re.finditer(r"\bfrom\b.*?\bto\b\s+[^,;.]*?(percent|%)", local):
                if span.start() <= start < span.end():
                    start, end = span.start(), span.end()
        emphasis = local[start:end]
        if figure.qualifier and not want.change:
            emphasis = f"{figure.qualifier} {emphasis}"
        lead = emphasis + _following_date(local, end, figure)
        figures = [AnswerFigure(figure.text, figure.value, figure.unit, figure.kind)]
        return Answer(
            question, f"{lead} [1].", emphasis, figures=figures, citations=[_cite(1, sentence)]
        )

    def _abstain(self, question: str, closest: SentenceHit) -> Answer:
        lead = f"{ABSTAIN} The closest passage I found is [1], but it does not answer this."
        return Answer(question, lead, abstained=True, citations=[_cite(1, closest)])


def _plain(value: float | None) -> float | int | None:
    """86400000000.0 -> 86400000000, so JSON shows the figure as written."""
    return int(value) if value is not None and value.is_integer() else value


def unsupported_numbers(answer: Answer) -> list[str]:
    """Numbers in the lead line that no cited passage states (citation markers aside)."""
    quoted = (
        set().union(*(_numbers(c.quote) for c in answer.citations)) if answer.citations else set()
    )
    lead = re.sub(r"\[\d+\]", "", answer.lead)
    return [n for n in sorted(_numbers(lead)) if n not in quoted]


def _cite(n: int, sentence: SentenceHit) -> Citation:
    c = sentence.chunk
    return Citation(
        n, c.source, c.title, c.outlet, c.url, c.paragraph, sentence.text, sentence.score
    )


def _missing_numbers(sentence: SentenceHit, want: Want) -> bool:
    """A number the question states that the passage does not: it is about something else."""
    return any(n not in _numbers(sentence.chunk.text) for n in want.numbers)


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def _proper_nouns(text: str, question: str) -> set[str]:
    """Capitalised words past the first that the question does not already name."""
    asked = {w.lower() for w in re.findall(r"[\w-]+", question)}
    words = re.findall(r"(?<=\s)[A-Z][\w-]+", text)
    return {w for w in words if w.lower() not in asked}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


def _following_date(text: str, end: int, figure: Figure) -> str:
    """ " in 2024" when the sentence dates the figure right after it."""
    if figure.kind != "money":
        return ""
    match = re.match(r"\)?\s*(in|for|by|during) ((?:19|20)\d{2})\b", text[end:])
    return f" {match.group(1)} {match.group(2)}" if match else ""


def _distance(figure: Figure, sentence: SentenceHit, subject: tuple[str, ...]) -> float:
    """How far, as a share of the sentence, the figure stands from the subject words, on average."""
    middle = (figure.start + figure.end) / 2 - sentence.start
    places: dict[str, list[int]] = defaultdict(list)
    for match in re.finditer(r"[\w-]+", sentence.text):
        for token in set(tokenize(match.group(0))) & set(subject):
            places[token].append(match.start())
    if not places:
        return 0.5
    gaps = [min(abs(middle - p) for p in positions) for positions in places.values()]
    return sum(gaps) / len(gaps) / max(len(sentence.text), 1)
