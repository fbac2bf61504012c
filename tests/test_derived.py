"""Derived figures and the numeric guard: conversions at the article's own rate, resolved
dates, and replies whose numbers the sources do not bear out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.guard import unsupported_numbers
from bot.reply import Answer, AnswerFigure, Citation
from index.figures import extract_figures, format_money

QUOTE = "South Korea is also investing 86.4 billion won in 2024 in the Boston-Korea project."
RATE = "The plan is to invest a total of 2.2 trillion won ( USD 1.65 billion) in clusters."


def cite(n: int, quote: str) -> Citation:
    return Citation(n, "corpus/a.md", "T", "O", "", 8, quote, 0.9)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (6.48e7, "USD", "USD 64.8 million"),
        (86.4e9, "KRW", "86.4 billion won"),
        (2.2e12, "KRW", "2.2 trillion won"),
        (1.35e9, "USD", "USD 1.35 billion"),
        (1234.5, "USD", "USD 1,234.5"),
    ],
)
def test_format_money(value: float, unit: str, text: str) -> None:
    assert format_money(value, unit) == text


@given(
    st.floats(min_value=1, max_value=9.99e14, allow_nan=False, allow_infinity=False),
    st.sampled_from(["KRW", "USD"]),
)
def test_formatting_then_parsing_a_figure_returns_it(value: float, unit: str) -> None:
    text = format_money(value, unit)
    [figure] = extract_figures(text)
    assert figure.unit == unit and figure.text == text
    assert format_money(figure.value or 0, unit) == text


def test_guard_accepts_numbers_stated_differently() -> None:
    answer = Answer("q", "2,200,000,000,000 won [1].", citations=[cite(1, RATE)])
    assert unsupported_numbers(answer) == []


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=9))
def test_guard_rejects_a_number_altered_by_one_digit(position: int, delta: int) -> None:
    digits = list("86.4")
    index = [0, 1, 3][position % 3]
    digits[index] = str((int(digits[index]) + delta) % 10)
    altered = "".join(digits)
    answer = Answer("q", f"{altered} billion won in 2024 [1].", citations=[cite(1, QUOTE)])
    assert unsupported_numbers(answer) != []


def _converted(value: float) -> Answer:
    working = "86.4 billion won × USD 1.65 billion / 2.2 trillion won = USD 64.8 million"
    derived = AnswerFigure(format_money(value, "USD"), value, "USD", "money", True, working)
    lead = f"86.4 billion won in 2024 [1], about {derived.text} (an estimate: {working} [2])."
    return Answer("q", lead, figures=[derived], citations=[cite(1, QUOTE), cite(2, RATE)])


def test_guard_checks_a_derived_figure_against_its_inputs() -> None:
    assert unsupported_numbers(_converted(64.8e6)) == []
    assert unsupported_numbers(_converted(64.9e6)) != []


@pytest.mark.slow
def test_dollars_for_a_won_only_figure_are_estimated_at_the_article_rate(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("How much is going to the Boston-Korea project in dollars?")
    assert "86.4 billion won" in answer.lead and "about USD 64.8 million" in answer.lead
    assert "estimate" in answer.lead
    assert [c.paragraph for c in answer.citations] == [8, 1]
    [stated, derived] = answer.figures
    assert not stated.derived and derived.derived and derived.value == pytest.approx(64.8e6)
    assert unsupported_numbers(answer) == []


@pytest.mark.slow
def test_relative_date_is_resolved_and_labelled(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("When do applications open for the biotech-specialized zones?")
    assert answer.lead.startswith("the latter half of this year [1], that is 2023 (resolved:")
    assert answer.figures[-1].derived and answer.figures[-1].value == 2023
