""" "Who wrote this?" (and "글쓴이는 누구예요?"): the byline or the author's note of the article
the chat is about, quoted; that it names no writer; or, with nothing to go on, which article
(bot.answer.Answerer.author_of, bot.conversation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.conversation import Conversation
from bot.language import read_question
from tests.conftest import hashed_answerer

OPINION = """---
title: The tribunal the victims need
outlet: Example Opinion
published: 2017-01-10
---

The new tribunal received a budget of 13 million dollars for its first year.

Its success will depend on the support of every member state.

Jane Roe is president of the Center for Transitional Justice. The views are her own.
"""
REPORT = """---
title: Ferry traffic grows
outlet: Example News
published: 2017-01-11
---

The ferry carried 150,000 passengers last year.

Smith is expected to appear in court on Monday.
"""
BYLINED = """---
title: Harbour plans
outlet: Example Daily
published: 2017-01-12
---

By John Doe and Mary Major

The harbour will spend 40 million euros on new cranes.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    articles = {"opinion.md": OPINION, "report.md": REPORT, "bylined.md": BYLINED}
    return hashed_answerer(tmp_path_factory.mktemp("author"), articles)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("who wrote this?", True),
        ("who wrote this piece", True),
        ("author?", True),
        ("who is the author of this article", True),
        ("이 글 쓴 사람은 누구예요?", True),
        ("기자 이름이 뭐예요?", True),
        # a report or a book the story is about is no byline
        ("Who wrote the report on refugees?", False),
        ("What did the author of the study find?", False),
        ("필자는 고서치 판사를 어떻게 평가해요?", False),  # the writer's view, not who they are
    ],
)
def test_who_wrote_it_is_read(question: str, asked: bool) -> None:
    assert read_question(question).author_asked is asked


@pytest.mark.parametrize(
    ("first", "byline"),
    [
        # the author's note closing an opinion piece
        ("How big is the tribunal's budget?", "Jane Roe is president of the Center"),
        # a byline opening a report
        ("How much will the harbour spend on cranes?", "By John Doe and Mary Major"),
    ],
)
def test_who_wrote_it_quotes_the_byline_of_the_article_asked_about(
    answerer: Answerer, first: str, byline: str
) -> None:
    chat = Conversation(answerer)
    chat.ask(first)
    answer = chat.ask("who wrote this?")
    assert not answer.abstained and byline in answer.lead
    assert byline in answer.citations[0].quote
    assert "기사에 따르면" in chat.ask("글쓴이는 누구예요?").lead


def test_an_article_without_a_byline_says_so_and_names_its_outlet(answerer: Answerer) -> None:
    chat = Conversation(answerer)
    chat.ask("How many passengers did the ferry carry?")
    answer = chat.ask("who wrote this?")  # "Smith is expected ...": no author's note
    assert answer.abstained and "Example News" in answer.lead
    assert answer.citations and answer.citations[0].source.endswith("report.md")


def test_with_no_article_in_view_it_asks_which(answerer: Answerer, tmp_path: Path) -> None:
    answer = Conversation(answerer).ask("who wrote this?")
    assert answer.abstained and answer.lead.startswith("Which article?")
    assert not answer.citations
    assert Conversation(answerer).ask("이 글 쓴 사람은 누구예요?").lead.startswith("어느 기사")
    # a corpus of one article: that one
    alone = hashed_answerer(tmp_path, {"opinion.md": OPINION})
    assert "Jane Roe" in Conversation(alone).ask("who wrote this?").lead


def test_a_chat_pointed_at_an_article_asks_of_it_until_its_next_answer(answerer: Answerer) -> None:
    # an article just added in the chat is "this", even after a question about another one
    bylined = next(c.article_id for c in answerer.retriever.store.chunks if "Harbour" in c.title)
    assert answerer.article_source(bylined).endswith("bylined.md")
    chat = Conversation(answerer)
    chat.ask("How big is the tribunal's budget?")
    chat.about(bylined)
    assert "By John Doe and Mary Major" in chat.ask("who wrote this?").lead
    assert chat.ask("what's the story here?").citations[1].quote == "Harbour plans"
    # once a question is answered, "this" is that answer's article again
    chat.ask("How many passengers did the ferry carry?")
    assert "Example News" in chat.ask("who wrote this?").lead
    # forgotten with the conversation; an article no longer indexed points nowhere
    chat.about(bylined)
    chat.reset()
    assert chat.ask("who wrote this?").lead.startswith("Which article?")
    chat.about("gone")
    assert answerer.article_source("gone") == ""
    assert chat.ask("who wrote this?").lead.startswith("Which article?")


def test_an_idle_chat_pointed_at_an_article_keeps_it(answerer: Answerer) -> None:
    now = [0.0]
    chat = Conversation(answerer, idle_seconds=60, clock=lambda: now[0])
    chat.ask("How big is the tribunal's budget?")
    now[0] = 3600.0  # an hour idle, then an article is added and asked about at once
    bylined = next(c.article_id for c in answerer.retriever.store.chunks if "Harbour" in c.title)
    chat.about(bylined)
    assert "By John Doe and Mary Major" in chat.ask("who wrote this?").lead
