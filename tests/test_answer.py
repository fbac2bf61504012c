"""The answer core with the real model: the behaviours the issue names, and the JSON contract."""

from __future__ import annotations

import re

import pytest

from bot.answer import _with_paired_dates, placed, unsupported_numbers
from bot.reply import Answer, Citation
from index.figures import extract_figures

pytestmark = pytest.mark.slow


def test_boston_korea_gets_the_figure_with_quote_and_source(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("How much is the Boston-Korea project getting?")
    assert not answer.abstained
    assert answer.lead.startswith("86.4 billion won in 2024")
    assert answer.emphasis == "86.4 billion won"
    [citation] = answer.citations
    assert citation.paragraph == 8
    assert "Boston-Korea project" in citation.quote and "86.4 billion won" in citation.quote
    assert citation.outlet == "KoreaTechDaily"


@pytest.mark.parametrize("question", ["how much in all?", "How much in total?"])
def test_a_question_asking_only_for_the_whole_gets_it(real_answerer, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask(question)
    assert not answer.abstained and answer.lead.startswith("2.2 trillion won")


def test_population_of_seoul_is_not_in_the_article(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("What is the population of Seoul?")
    assert answer.abstained
    assert answer.lead.startswith("The articles don't say.")
    assert answer.figures == []
    assert answer.citations, "an abstention still offers the closest passage as a lead"


def test_read_more_headline_is_never_cited(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask(
        "How much will Korea invest in 2023 to promote 12 strategic technologies?"
    )
    assert "2.9" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "How much is the Boston-Korea project getting?",
        "What was the CVC investment limit before?",
        "How many biopharmaceutical technologies were added?",
        "When will the biotech zones be established?",
        "What is the total investment in dollars?",
    ],
)
def test_every_number_in_a_reply_is_in_a_cited_passage(real_answerer, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask(question)
    quoted = " ".join(c.quote for c in answer.citations)
    lead = re.sub(r"\[\d+\]", "", answer.lead)
    for figure in answer.figures:  # derived figures are checked against their inputs instead
        if figure.derived:
            lead = lead.replace(figure.working, "").replace(figure.text, "")
    for number in re.findall(r"\d+(?:[.,]\d+)*", lead):
        assert number in quoted, (question, number)
    assert unsupported_numbers(answer) == []


@pytest.mark.parametrize(
    ("question", "hint"),
    [("", "Ask a question"), ("   \n", "Ask a question"), ("x" * 1001, "1,001 characters")],
)
def test_bad_questions_get_a_hint(real_answerer, question: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask(question)
    assert hint in answer.lead and answer.abstained and not answer.citations


def test_json_matches_the_design_contract(real_answerer) -> None:  # type: ignore[no-untyped-def]
    data = real_answerer.ask("How much is the Boston-Korea project getting?").to_json()
    assert set(data) == {"question", "standalone", "answer", "abstained", "figures", "citations"}
    assert data["figures"] == [
        {"text": "86.4 billion won", "value": 86400000000, "unit": "KRW", "kind": "money",
         "derived": False}
    ]  # fmt: skip
    citation = data["citations"][0]
    assert set(citation) == {"n", "source", "title", "paragraph", "quote", "score"}
    assert citation["source"] == "corpus/korea-tech-clusters-2023.md"


def test_guard_catches_a_number_altered_by_one_digit() -> None:
    citation = Citation(1, "s", "t", "o", "", 8, "investing 86.4 billion won in 2024", 0.9)
    good = Answer("q", "86.4 billion won in 2024 [1].", citations=[citation])
    bad = Answer("q", "86.5 billion won in 2024 [1].", citations=[citation])
    assert unsupported_numbers(good) == []
    assert unsupported_numbers(bad) == ["86.5"]


@pytest.mark.parametrize(
    ("sentence", "chosen", "lead"),
    [
        ("Morocco was hit by terror attacks in 2003 and 2011.", "2011", "in 2003 and 2011"),
        ("Morocco was hit by terror attacks in 2003 and 2011.", "2003", "in 2003 and 2011"),
        ("It delivered its report in July and in December.", "July", "in July and in December"),
        ("The fund, set up in 2003, grew by 2011.", "2011", "by 2011"),  # not joined
    ],
)
def test_a_date_the_sentence_joins_by_and_answers_too(
    sentence: str, chosen: str, lead: str
) -> None:
    figures = extract_figures(sentence)
    figure = next(f for f in figures if f.text == chosen)
    start = placed(sentence, figure.start)
    said = sentence[start : figure.end]
    assert _with_paired_dates(sentence, 0, (start, figure.end), said, figure, figures) == lead
