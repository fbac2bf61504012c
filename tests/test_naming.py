"""A "who" question answered by a sentence that says who only through a pronoun or a quotation
('"This will be a meaningful vote," he told MPs.') cites beside it the sentence near it that
names the person (bot.answer.Answerer._naming), and a chat's "he" then means that person."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answer, Answerer
from bot.conversation import Turn, _answered_name
from bot.reply import Citation
from index.retrieval import SentenceHit
from tests.conftest import hashed_answerer

ARTICLE = """---
title: Vote offer
outlet: Example News
published: 2017-02-07
---

A rebellion was halted by comments from Brexit Minister David Jones.

"This will be a meaningful vote," he told MPs.

The offer was welcomed by many members.

"Now, the offer is on the table."

It was said on Monday by the pollster Nik Nanos.

The vote was set for Wednesday, Ann Lee said.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return hashed_answerer(tmp_path_factory.mktemp("naming"), {"vote.md": ARTICLE})  # type: ignore[no-any-return]


def _hit(answerer: Answerer, quote: str) -> SentenceHit:
    for chunk in answerer.retriever.store.chunks:
        for number, (start, end) in enumerate(chunk.sentences):
            text = chunk.text[start - chunk.start : end - chunk.start]
            if quote in text:
                return SentenceHit(chunk, number, text, start, end, 1.0, 0.5)
    raise AssertionError(quote)


def test_a_pronoun_is_named_by_a_sentence_before_it(answerer: Answerer) -> None:
    said = _hit(answerer, "he told MPs")
    named = answerer._naming(said, "Which minister promised MPs a meaningful vote?")
    assert named is not None and "David Jones" in named.text


def test_a_quotation_is_named_by_the_attribution_after_it(answerer: Answerer) -> None:
    # the sentence before names nobody, the one after says who said it
    said = _hit(answerer, "Now, the offer is on the table")
    named = answerer._naming(said, "Which pollster says the offer is on the table?")
    assert named is not None and "Nik Nanos" in named.text


@pytest.mark.parametrize(
    "quote",
    [
        "The vote was set for Wednesday",  # names someone itself
        "The offer was welcomed",  # no pronoun and no quotation: says who nowhere
    ],
)
def test_a_sentence_that_names_or_needs_no_one_stands_alone(answerer: Answerer, quote: str) -> None:
    assert answerer._naming(_hit(answerer, quote), "Who welcomed the offer?") is None


def _cite(n: int, quote: str) -> Citation:
    return Citation(n, "vote.md", "Vote offer", "Example News", "", 0, quote, 1.0)


def test_a_chat_s_he_is_the_person_the_second_quote_names() -> None:
    answer = Answer(
        "Which minister promised MPs a meaningful vote?",
        "...",
        citations=[
            _cite(1, '"This will be a meaningful vote," he told MPs.'),
            _cite(2, "A rebellion was halted by comments from Brexit Minister David Jones."),
        ],
    )
    turn = Turn(answer.question, answer.question, "", answer)
    assert _answered_name(turn) == "David Jones"


def test_an_answered_who_question_cites_who_the_pronoun_is(tmp_path: Path) -> None:
    # the only sentence with the question's words names the minister by "he" alone
    answerer = hashed_answerer(tmp_path, {"vote.md": ARTICLE})
    answer = answerer.ask("Who told MPs it will be a meaningful vote?")
    if answer.abstained:
        pytest.skip("the stand-in model scores this sentence under the floor")
    quotes = [c.quote for c in answer.citations]
    assert any("he told MPs" in q for q in quotes)
    assert any("David Jones" in q for q in quotes)
