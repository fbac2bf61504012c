"""Overview requests: the story's headline and lead, and a fact sheet of an article's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answerer, unsupported_numbers
from bot.conversation import Conversation
from bot.overview import SHEET_SIZE, overview_kind, topic_words
from index.retrieval import Retriever
from index.store import build_index, load_store

DEVELOPMENT = Path(__file__).parent / "eval" / "news-dev" / "corpus"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what's the story here?", "story"),
        ("summary please", "story"),
        ("Give me an overview of the gold story", "story"),
        ("What is this article about?", "story"),
        ("key figures", "figures"),
        ("all the numbers", "figures"),
        ("Main figures on the dam?", "figures"),
        ("기사 요약해 주세요", "story"),
        ("주요 수치 알려줘", "figures"),
        ("How much did gold close at?", ""),
        ("What does the report say about the figures for 2016?", ""),
    ],
)
def test_overview_requests_are_told_from_questions(question: str, kind: str) -> None:
    assert overview_kind(question) == kind


def test_a_request_names_its_topic_beyond_the_request() -> None:
    assert topic_words("key figures please") == []
    assert topic_words("key figures on the Oroville dam") == ["orovill", "dam"]


@pytest.fixture
def news(tmp_path: Path, embedder) -> Answerer:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("oroville-dam-evacuation.md", "stocks-trump-trade-reverse.md"):
        (corpus / name).write_bytes((DEVELOPMENT / name).read_bytes())
    build_index(corpus, tmp_path / "index", embedder)
    return Answerer(Retriever(load_store(tmp_path / "index"), embedder))


def test_the_story_is_the_headline_and_lead_sentence_cited(news: Answerer) -> None:
    answer = news.ask("What's the story about the dam spillway at Oroville?")
    assert not answer.abstained
    lead, headline = answer.citations
    assert headline.quote == "Thousands evacuated in California as dam might collapse"
    assert headline.paragraph == 0 and ", headline" in answer.text
    assert lead.paragraph == 1 and lead.quote in answer.lead and headline.quote in answer.lead
    assert unsupported_numbers(answer) == []


def test_without_a_topic_the_newest_article_is_told(news: Answerer) -> None:
    answer = news.ask("summary please")
    assert answer.citations[1].quote == "Stocks sink as Trump trade flips into reverse"


def test_in_a_chat_a_request_without_a_topic_is_of_the_story_asked_about(news: Answerer) -> None:
    chat = Conversation(news)
    assert "230 metres" in chat.ask("How tall is the Oroville Dam?").lead
    dam = "Thousands evacuated in California as dam might collapse"
    assert chat.ask("summary please").citations[1].quote == dam  # not the newest article
    sheet = chat.ask("key figures")
    assert sheet.citations and all("oroville" in c.source.lower() for c in sheet.citations)
    # a request that names another story tells that one
    stocks = chat.ask("what's the story on the stock markets?")
    assert stocks.citations[1].quote == "Stocks sink as Trump trade flips into reverse"


def test_a_fact_sheet_lists_figures_each_with_its_sentence(news: Answerer) -> None:
    answer = news.ask("key figures on the Oroville dam evacuation")
    lines = answer.lead.splitlines()
    assert lines[0] == "Key figures:"
    listed = [line for line in lines[1:] if line.startswith("•")]
    assert 1 <= len(listed) <= SHEET_SIZE
    for line, citation in zip(listed, answer.citations, strict=True):
        figures = line.removeprefix("• ").rsplit(" [", 1)[0].split(", ")
        assert all(figure in citation.quote for figure in figures), (line, citation.quote)
        assert "orovill" in citation.source.lower() or "oroville" in citation.title.lower()
    assert unsupported_numbers(answer) == []
    assert answer.figures and all(f.text in answer.lead for f in answer.figures)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("overall budget?", "2.2 trillion won"),
        ("What is the total budget?", "2.2 trillion won"),
        ("key figures", "86.4 billion won"),
        ("what's the story here?", "The Korean government has unveiled its plan"),
    ],
)
def test_chat_style_requests_on_the_seed(real_answerer, question: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask(question)
    assert not answer.abstained and expected in answer.lead
    assert unsupported_numbers(answer) == []
