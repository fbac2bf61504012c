""" "Tell me more" after an answer: the sentences of the quoted article that follow the last one
quoted, each cited (bot.answer.Answerer.more_of, bot.conversation)."""

from __future__ import annotations

import pytest

from bot.answer import MORE_SENTENCES, Answerer
from bot.conversation import Conversation, Turn
from bot.language import read_question
from bot.reply import Answer, Citation
from tests.conftest import citation_of, hashed_answerer

ARTICLE = """---
title: A dam under strain
outlet: Example News
published: 2017-02-13
---

Nearly 200,000 people were told to leave their homes below the dam.

The spillway eroded after weeks of heavy rain. Engineers dropped rocks into the hole. The water
level then fell by a metre.

The dam was built between 1962 and 1968.
"""
FIRST = "Nearly 200,000 people were told to leave their homes below the dam."
SECOND = "The spillway eroded after weeks of heavy rain."
LAST = "The dam was built between 1962 and 1968."


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return hashed_answerer(tmp_path_factory.mktemp("more"), {"dam.md": ARTICLE})  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("tell me more", True),
        ("More?", True),
        ("go on please", True),
        ("what else?", True),
        ("tell me more about it", True),
        ("more details", True),
        ("더 알려줘", True),
        ("좀 더 자세한 내용은?", True),
        ("how many more people left?", False),
        ("more than 10?", False),
        ("몇 명 더 늘었어?", False),
    ],
)
def test_a_request_for_more_is_told_from_questions(question: str, more: bool) -> None:
    assert read_question(question).more_asked is more


def test_more_quotes_the_sentences_after_the_last_one_quoted(answerer: Answerer) -> None:
    want = read_question("tell me more")
    found = answerer.more_of("tell me more", [citation_of(answerer, FIRST)], want)
    assert found is not None and not found.answer.abstained
    quotes = [c.quote for c in found.answer.citations]
    assert quotes == [SECOND, "Engineers dropped rocks into the hole."][:MORE_SENTENCES]
    assert found.answer.lead.startswith(f"{SECOND} [1]")
    # after the last sentence of the article: it ends there, the last sentence cited
    ended = answerer.more_of("tell me more", [citation_of(answerer, LAST)], want)
    assert ended is not None and ended.answer.abstained
    assert [c.quote for c in ended.answer.citations] == [LAST]
    # a quote no longer in the corpus (an article removed since)
    gone = Citation(1, "gone.md", "Gone", "", "", 1, "Not here.", 1.0)
    assert answerer.more_of("tell me more", [gone], want) is None


def test_in_a_chat_more_goes_on_from_where_the_last_answer_stopped(answerer: Answerer) -> None:
    chat = Conversation(answerer)
    hint = chat.ask("tell me more")  # nothing before it
    assert hint.abstained and not hint.citations
    answered = Answer("How many were told to leave?", "200,000 people [1].",
                      citations=[citation_of(answerer, FIRST)])  # fmt: skip
    question = "How many were told to leave?"
    chat.turns.append(Turn(question, question, "people", answered))
    first = chat.ask("tell me more")
    assert [c.quote for c in first.citations][0] == SECOND
    second = chat.ask("more?")  # on from the sentences just quoted
    assert second.citations and second.citations[0].quote not in {FIRST, SECOND}
    assert chat.turns[-1].standalone == question  # "why?" next still asks of the question
    korean = chat.ask("더 알려줘")
    assert korean.lead.startswith("기사")
