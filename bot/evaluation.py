"""Evaluation sets: load them, run them through the answer core, and compute the metrics."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from bot.answer import Answerer, Response
from bot.guard import unsupported_numbers
from bot.matching import numbers
from bot.reply import Answer
from index.chunking import Chunk
from index.errors import TallyError
from index.figures import extract_figures
from index.retrieval import Retriever

KINDS = ("money", "share", "count", "time", "place", "name", "statement")
FIGURE_KINDS = ("money", "share", "count", "time")


@dataclass(frozen=True)
class Case:
    """One evaluation question with its gold answer and gold paragraph (None if unanswerable)."""

    id: str
    question: str
    kind: str
    answer: str | None
    alternatives: tuple[str, ...]
    paragraph: int | None
    answerable: bool
    cite: str | None = None  # a quote of the reply must contain it (news-dev's rule)
    source: str | None = None  # the gold paragraph's article id, in a corpus of many articles
    group: str = ""  # where the case is reported apart: "tune/en", "check/ko", ...


@dataclass(frozen=True)
class Ablation:
    """Parts of the answer core switched off to measure what they buy (`tally eval --retriever
    dense --no-sentences --no-figure-matcher`); the default is the core as shipped."""

    retriever: str = "hybrid"  # or "dense", "bm25": the English retriever's ranking
    sentences: bool = True  # off: each sentence scores as its chunk
    figure_matcher: bool = True  # off: the first figure of the wanted kind, nothing more


class _FirstFigure(Answerer):
    """The answer core without its figure matcher."""

    figure_matcher = False


class _ChunkScored(Retriever):
    """Retrieval without sentence-level scoring."""

    score_sentences = False


def ablated(answerer: Answerer, ablation: Ablation) -> Answerer:
    """`answerer` with the parts `ablation` switches off (itself, when none)."""
    if ablation == Ablation():
        return answerer
    kind = Retriever if ablation.sentences else _ChunkScored
    english = kind(answerer.retriever.store, answerer.retriever.embedder, ablation.retriever)
    korean = answerer.multilingual  # built on first need, as the shipped one is
    multilingual = None if korean is None else cache(partial(_rebuilt, korean, kind))
    core = Answerer if ablation.figure_matcher else _FirstFigure
    return core(english, multilingual=multilingual)


def _rebuilt(retriever: Callable[[], Retriever], kind: type[Retriever]) -> Retriever:
    found = retriever()
    return kind(found.store, found.embedder, found.mode)


@dataclass(frozen=True)
class Outcome:
    """What happened to one case."""

    case: Case
    answer: Answer
    gold_ranks: tuple[int, ...]  # 1-based ranks of the retrieved chunks from the gold paragraph
    relevant: int  # how many chunks of the corpus come from the gold paragraph
    correct: bool
    seconds: float


def load_cases(path: Path) -> list[Case]:
    """Read a JSONL evaluation set; a bad line stops with the file and line named."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            case = _case(str(row["id"]), row)
        except (ValueError, KeyError, TypeError) as exc:
            raise TallyError(f"{path}, line {number}: not a valid case ({exc}).") from None
        if not case.question.strip():
            raise TallyError(f"{path}, line {number}: the question is empty.")
        if case.answerable and (case.answer is None or case.paragraph is None):
            raise TallyError(
                f"{path}, line {number}: an answerable case needs answer and paragraph."
            )
        cases.append(case)
    return cases


def _case(case_id: str, row: dict[str, Any]) -> Case:
    return Case(
        id=case_id,
        question=str(row["question"]),
        kind=str(row["kind"]),
        answer=row["answer"],
        alternatives=tuple(row.get("alternatives", ())),
        paragraph=row["paragraph"],
        answerable=bool(row["answerable"]),
    )


def load_set(path: Path) -> list[list[Case]]:
    """An evaluation set as conversations: single-question sets give one-turn conversations."""
    first = path.read_text(encoding="utf-8").lstrip()[:200]
    if '"turns"' not in first.split("\n", 1)[0]:
        return [[case] for case in load_cases(path)]
    conversations = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            turns = [_case(f"{row['id']}.{n}", turn) for n, turn in enumerate(row["turns"], 1)]
        except (ValueError, KeyError, TypeError) as exc:
            raise TallyError(f"{path}, line {number}: not a valid conversation ({exc}).") from None
        if not turns or any(not t.question.strip() for t in turns):
            raise TallyError(f"{path}, line {number}: a conversation needs non-empty questions.")
        conversations.append(turns)
    return conversations


def run_set(answerer: Answerer, conversations: list[list[Case]]) -> list[Outcome]:
    """Ask every turn in order, each conversation starting afresh, and judge every reply."""
    from bot.conversation import Conversation

    outcomes = []
    for turns in conversations:
        conversation = Conversation(answerer)
        for case in turns:
            outcomes.append(_run(case, answerer, conversation.respond))
    return outcomes


def run_cases(answerer: Answerer, cases: list[Case]) -> list[Outcome]:
    """Ask every question once, on its own, timing each, and judge the reply."""
    return [_run(case, answerer, answerer.respond) for case in cases]


def _run(case: Case, answerer: Answerer, respond: Callable[[str], Response]) -> Outcome:
    started = time.perf_counter()
    response = respond(case.question)
    seconds = time.perf_counter() - started
    answer = response.answer
    ranks = tuple(n for n, h in enumerate(response.hits, 1) if _gold(case, h.chunk))
    chunks = answerer.retriever.store.chunks
    relevant = sum(_gold(case, c) for c in chunks) if case.answerable else 0
    return Outcome(case, answer, ranks, relevant, judge(case, answer), seconds)


def _gold(case: Case, chunk: Chunk) -> bool:
    same = case.source is None or chunk.article_id == case.source
    return same and chunk.paragraph == case.paragraph


def judge(case: Case, answer: Answer) -> bool:
    """Whether `answer` is right: an abstention for an unanswerable case, else a gold form in
    the lead line (folded) and, where the case has a cite, a quote that holds it."""
    if not case.answerable:
        return answer.abstained
    if answer.abstained:
        return False
    golds = [case.answer or "", *case.alternatives]
    # Judged on the lead line: a quote that merely contains the figure is not an answer.
    said = any(fold(g) in fold(answer.lead) for g in golds if g)
    return said and (case.cite is None or any(case.cite in c.quote for c in answer.citations))


def fold(text: str) -> str:
    """Text as graded: lower case, thousands commas and runs of spaces folded, one apostrophe:
    "Earned  1,254,709 ’s" -> "earned 1254709 's"."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower().replace("’", "'"))
    return " ".join(text.split())


def metrics(outcomes: list[Outcome]) -> dict[str, float]:
    """Retrieval, answer, figure and abstention metrics, plus latency, for one set."""
    answerable = [o for o in outcomes if o.case.answerable]
    unanswerable = [o for o in outcomes if not o.case.answerable]
    figures = [o for o in answerable if o.case.kind in FIGURE_KINDS]
    abstained = [o for o in outcomes if o.answer.abstained]
    true_abstentions = [o for o in abstained if not o.case.answerable]
    precision = len(true_abstentions) / len(abstained) if abstained else 1.0
    recall = len(true_abstentions) / len(unanswerable) if unanswerable else 1.0
    latencies = sorted(o.seconds * 1000 for o in outcomes)
    result = {
        "questions": float(len(outcomes)),
        "recall@1": _mean([recall_at(o, 1) for o in answerable]),
        "recall@3": _mean([recall_at(o, 3) for o in answerable]),
        "recall@5": _mean([recall_at(o, 5) for o in answerable]),
        "mrr": _mean([1 / o.gold_ranks[0] if o.gold_ranks else 0.0 for o in answerable]),
        "ndcg@10": _mean([ndcg(o.gold_ranks, o.relevant) for o in answerable]),
        "answer_accuracy": _mean([o.correct for o in answerable]),
        "right_when_answering": _mean([o.correct for o in outcomes if not o.answer.abstained]),
        "figure_accuracy": _mean([figure_right(o) for o in figures]),
    }
    for kind in FIGURE_KINDS:
        of_kind = [figure_right(o) for o in figures if o.case.kind == kind]
        if of_kind:
            result[f"figure_accuracy_{kind}"] = _mean(of_kind)
    return result | {
        "numeric_precision": numeric_precision([o.answer for o in outcomes]),
        "abstention_precision": precision,
        "abstention_recall": recall,
        "abstention_f1": _f1(precision, recall),
        "false_abstentions": float(sum(o.answer.abstained for o in answerable)),
        "overall_accuracy": _mean([o.correct for o in outcomes]),
        "latency_p50_ms": statistics.median(latencies) if latencies else 0.0,
        "latency_p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    }


def recall_at(outcome: Outcome, k: int) -> bool:
    """Whether a chunk of the gold paragraph is among the first `k` retrieved."""
    return bool(outcome.gold_ranks) and outcome.gold_ranks[0] <= k


def ndcg(ranks: tuple[int, ...], relevant: int, k: int = 10) -> float:
    """Binary-relevance nDCG@k; the ideal ranking puts all `relevant` chunks first (not one:
    LlamaIndex's early ideal DCG counted only the retrieved ones)."""
    dcg = sum(1 / math.log2(rank + 1) for rank in ranks if rank <= k)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(relevant, k) + 1))
    return dcg / ideal if ideal else 0.0


def figure_right(outcome: Outcome) -> bool:
    """The reply's figure has the gold value and unit (or, for phrases, the gold text)."""
    case, answer = outcome.case, outcome.answer
    if answer.abstained or not answer.figures:
        return False
    golds = [g for g in (case.answer, *case.alternatives) if g]
    wanted = {(f.value, f.unit) for g in golds for f in extract_figures(g)}
    texts = {fold(g) for g in golds}
    return any(
        (f.value, f.unit) in wanted
        or fold(f.text) in texts
        or any(t in fold(f.text) for t in texts)
        for f in answer.figures
    )


def numeric_precision(answers: list[Answer]) -> float:
    """The share of numbers in replies that their cited passages bear out."""
    total = unsupported = 0
    for answer in answers:
        total += len(numbers(re.sub(r"\[\d+\]", "", answer.lead)))
        unsupported += len(unsupported_numbers(answer))
    return 1 - unsupported / total if total else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _mean(values: list[float] | list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def format_table(name: str, result: dict[str, float]) -> str:
    """The metrics as an aligned two-column table."""
    lines = [f"{name}", "-" * 36]
    for key, value in result.items():
        shown = f"{value:.0f}" if key in ("questions", "false_abstentions") else f"{value:.3f}"
        if key.endswith("_ms"):
            shown = f"{value:.1f}"
        lines.append(f"{key:<24}{shown:>12}")
    return "\n".join(lines)
