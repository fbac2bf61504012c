"""Evaluation sets: load them, run them through the answer core, and compute the metrics."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answer import Answer, Answerer
from index.errors import TallyError

KINDS = ("money", "share", "count", "time", "place", "name", "statement")


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


@dataclass(frozen=True)
class Outcome:
    """What happened to one case."""

    case: Case
    answer: Answer
    gold_rank: int | None  # 1-based rank of the first chunk from the gold paragraph
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
            answerer.last_hits = []
            outcomes.append(_run(case, answerer, conversation.ask))
    return outcomes


def run_cases(answerer: Answerer, cases: list[Case]) -> list[Outcome]:
    """Ask every question once, on its own, timing each, and judge the reply."""
    return [_run(case, answerer, answerer.ask) for case in cases]


def _run(case: Case, answerer: Answerer, ask: Callable[[str], Answer]) -> Outcome:
    started = time.perf_counter()
    answer = ask(case.question)
    seconds = time.perf_counter() - started
    hits = answerer.last_hits
    rank = next(
        (n for n, h in enumerate(hits, start=1) if h.chunk.paragraph == case.paragraph), None
    )
    return Outcome(case, answer, rank, _correct(case, answer), seconds)


def _correct(case: Case, answer: Answer) -> bool:
    if not case.answerable:
        return answer.abstained
    if answer.abstained:
        return False
    golds = [case.answer or "", *case.alternatives]
    # Judged on the lead line: a quote that merely contains the figure is not an answer.
    return any(_norm(g) in _norm(answer.lead) for g in golds if g)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def metrics(outcomes: list[Outcome]) -> dict[str, float]:
    """Retrieval, answer, figure and abstention metrics, plus latency, for one set."""
    answerable = [o for o in outcomes if o.case.answerable]
    unanswerable = [o for o in outcomes if not o.case.answerable]
    figures = [o for o in answerable if o.case.kind in ("money", "share", "count", "time")]
    abstained = [o for o in outcomes if o.answer.abstained]
    true_abstentions = [o for o in abstained if not o.case.answerable]
    precision = len(true_abstentions) / len(abstained) if abstained else 1.0
    recall = len(true_abstentions) / len(unanswerable) if unanswerable else 1.0
    latencies = sorted(o.seconds * 1000 for o in outcomes)
    return {
        "questions": len(outcomes),
        "recall@1": _recall(answerable, 1),
        "recall@3": _recall(answerable, 3),
        "recall@5": _recall(answerable, 5),
        "mrr": _mean([1 / o.gold_rank if o.gold_rank else 0.0 for o in answerable]),
        "ndcg@10": _mean(
            [1 / math.log2(o.gold_rank + 1) if o.gold_rank else 0.0 for o in answerable]
        ),
        "answer_accuracy": _mean([o.correct for o in answerable]),
        "figure_accuracy": _mean([o.correct for o in figures]),
        "abstention_precision": precision,
        "abstention_recall": recall,
        "abstention_f1": 2 * precision * recall / (precision + recall)
        if precision + recall
        else 0.0,
        "false_abstentions": float(sum(o.answer.abstained for o in answerable)),
        "overall_accuracy": _mean([o.correct for o in outcomes]),
        "latency_p50_ms": statistics.median(latencies) if latencies else 0.0,
        "latency_p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    }


def _recall(outcomes: list[Outcome], k: int) -> float:
    return _mean([o.gold_rank is not None and o.gold_rank <= k for o in outcomes])


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
