"""BM25 tokens: figures kept whole, stop words dropped, words stemmed."""

from __future__ import annotations

import pytest

from index.lexical import STOPWORDS, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("2.2 trillion won", ["2.2", "trillion", "won"]),
        ("1,650 jobs", ["1650", "job"]),
        ("1,650,000 won", ["1650000", "won"]),
        ("3.5 percent", ["3.5", "percent"]),
        ("7 projects", ["7", "project"]),
        ("in 2024", ["2024"]),
        ("( USD 1.65 billion)", ["usd", "1.65", "billion"]),
        ("about USD 301.66 million", ["usd", "301.66", "million"]),
        ("Doctor & Answer 3.0", ["doctor", "answer", "3.0"]),
        ("5,00", ["5,00"]),  # not a thousands figure: left as written
    ],
)
def test_figures_are_kept_whole(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_a_figure_matches_however_its_thousands_are_written() -> None:
    assert tokenize("1,650") == tokenize("1650") == ["1650"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("How much for the Boston-Korea project?", ["boston", "korea", "project"]),
        ("What is the budget of the project?", ["budget", "project"]),
        ("When will it be done, and where?", ["done"]),
        ("the of and is was were", []),
        ("", []),
        ("   ", []),
    ],
)
def test_stop_words_are_dropped(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize("word", ["what", "how", "much", "many", "the", "is", "their"])
def test_question_words_are_stop_words(word: str) -> None:
    assert word in STOPWORDS


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("investments", "investment"),
        ("semiconductors", "semiconductor"),
        ("technologies", "technology"),
        ("clusters", "cluster"),
        ("budgets", "budget"),
        ("Investments", "investment"),
    ],
)
def test_stemming_joins_word_forms(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)
    assert len(tokenize(a)) == 1


def test_stemming_keeps_different_words_apart() -> None:
    assert tokenize("semiconductor") != tokenize("battery")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Korea’s largest", ["korea", "largest"]),
        ("Korea's largest", ["korea", "largest"]),
        ("the project’s focus", ["project", "focus"]),
        ("don’t", ["don't"]),
        ("What’s the 2024 budget?", ["2024", "budget"]),
    ],
)
def test_apostrophes(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_curly_and_straight_apostrophes_tokenize_alike() -> None:
    assert tokenize("the government’s plan") == tokenize("the government's plan")


def test_unicode_words_are_kept() -> None:
    assert tokenize("Café naïve Über") == ["café", "naïv", "über"]


def test_hyphens_and_symbols_split_words() -> None:
    assert tokenize("Boston-Korea R&D") == ["boston", "korea", "r", "d"]
