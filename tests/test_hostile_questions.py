"""Hostile questions: whatever a stranger types, the answer core replies and never crashes.

Properties run over the real answer core (real FAISS, BM25, question reading, figure matching
and guard) with the fake embedder; a few examples go through the real model too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import MAX_QUESTION_CHARS, Answerer
from bot.conversation import Conversation
from bot.reply import Answer
from index.retrieval import Retriever
from index.store import Store, build_index, load_store
from tests.conftest import CORPUS, HashEmbedder

HTML_AND_MARKDOWN = [
    "<b>", "</b>", "<i>bold</i>", "<a href='javascript:alert(1)'>x</a>", "<script>", "&amp;",
    "&lt;", "&#x1F600;", "&", "<", ">", "*", "**", "_", "__", "`", "```", "~~", "||", "[1]",
    "[x](http://e.com)", "# ", "> ", "- ", "\\", "<pre><code>", "</code>", "<tg-spoiler>",
]  # fmt: skip
WORDS = [
    "How", "much", "is", "the", "Boston-Korea", "project", "getting", "won", "dollars", "CVC",
    "limit", "percent", "2024", "next", "year", "and", "in", "it", "that", "?", "What",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=0).map(lambda n: f"{n:,}"),
    st.sampled_from(["2.2", "1,650", "86.4 billion won", "$1.65bn", "1e308", "-0", "0x1F", "½"]),
    st.integers(1, 3000).map(lambda n: "9" * n),
)
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Co"])
FRAGMENT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HTML_AND_MARKDOWN),
    st.sampled_from(WORDS),
    NUMBERS,
    st.text(CONTROL, max_size=10),
    st.integers(1, 5000).flatmap(lambda n: st.sampled_from(["a", "9", "€", "한", "😀"]).map(
        lambda c: c * n  # one very long word
    )),
)  # fmt: skip
QUESTIONS = st.one_of(
    st.text(),
    st.lists(FRAGMENT, max_size=12).map(" ".join),
    st.lists(FRAGMENT, max_size=12).map("".join),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    index_dir = tmp_path_factory.mktemp("hostile") / "index"
    build_index(CORPUS, index_dir, HashEmbedder())
    return load_store(index_dir)


@pytest.fixture(scope="module")
def answerer(store: Store) -> Answerer:
    return Answerer(Retriever(store, HashEmbedder()))


def _check(answer: Answer, question: str, store: Store, limit: bool = True) -> None:
    """The contract every reply keeps, whatever was asked."""
    assert isinstance(answer, Answer)
    assert isinstance(answer.text, str) and answer.text.strip()
    json.dumps(answer.to_json(), ensure_ascii=False)  # the `--json` line can always be written
    sentences = {s for c in store.chunks for s in c.sentence_texts()}
    for citation in answer.citations:  # quotes are the corpus's own words, never the question's
        assert citation.quote in sentences or any(citation.quote in c.text for c in store.chunks)
    if limit and len(question.strip()) > MAX_QUESTION_CHARS:
        assert answer.abstained and f"under {MAX_QUESTION_CHARS:,}" in answer.text
        assert answer.citations == []


FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(question=QUESTIONS)
def test_any_question_gets_an_answer(answerer: Answerer, store: Store, question: str) -> None:
    _check(answerer.ask(question), question, store)


@FAST
@given(questions=st.lists(QUESTIONS, min_size=1, max_size=4))
def test_any_conversation_gets_answers(
    answerer: Answerer, store: Store, questions: list[str]
) -> None:
    conversation = Conversation(answerer)
    for question in questions:
        _check(conversation.ask(question), question, store, limit=False)


def test_overlong_question_in_a_conversation_gets_the_clear_message(answerer: Answerer) -> None:
    answer = Conversation(answerer).ask("/" * (MAX_QUESTION_CHARS + 1))
    assert f"under {MAX_QUESTION_CHARS:,}" in answer.text


@pytest.mark.parametrize("length", [MAX_QUESTION_CHARS + 1, 5_000, 1_000_000])
def test_overlong_question_gets_the_clear_message(answerer: Answerer, length: int) -> None:
    answer = answerer.ask("How much is the Boston-Korea project getting? " * (length // 46 + 1))
    assert answer.abstained
    assert answer.lead.endswith(f"long; please keep it under {MAX_QUESTION_CHARS:,}.")


def test_question_of_exactly_the_limit_is_answered(answerer: Answerer) -> None:
    question = "How much is the Boston-Korea project getting?"
    padded = question + " " * 0 + "x" * (MAX_QUESTION_CHARS - len(question) - 1) + "?"
    assert len(padded) == MAX_QUESTION_CHARS
    assert "please keep it under" not in answerer.ask(padded).text


HOSTILE = [
    "",
    " \t\n",
    "\x00\x01\x02\x1b[31m",
    "<b>How much</b> is the <i>Boston-Korea</i> project getting?",
    "How much is the **Boston-Korea** project `getting`? [1](javascript:alert(1))",
    "‮How much is the Boston-Korea project getting?",  # right-to-left override
    "9" * 999,
    "보스턴-코리아 프로젝트에 얼마를 투자하나요?",
    "😀" * 300,
    "How much, in NaN or inf or 1e308 won, is the Boston-Korea project getting?",
]


@pytest.mark.slow
@pytest.mark.parametrize("question", HOSTILE)
def test_hostile_questions_through_the_real_model(
    real_answerer: Answerer, real_index: Path, question: str
) -> None:
    _check(real_answerer.ask(question), question, real_answerer.retriever.store)


@pytest.mark.slow
def test_lone_surrogate_in_a_question(real_answerer: Answerer) -> None:
    answer = real_answerer.ask("How much \udcff is the Boston-Korea project getting?")
    assert isinstance(answer.text, str)


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("budget budget budget", "budget"),
        ("budget " * 140, "budget"),
        ("Budget? budget! (budget)", "budget"),
        ("how much " * 50, "how much"),
        ("how much how much how much how", "how much"),  # the last time cut short
        ("2.2 2.2 2.2", "2.2"),
        ("x" * 300 + " " + "x" * 300 + " " + "x" * 300, "x" * 39 + "…"),
    ],
)
def test_one_word_said_over_and_over_gets_a_hint_not_a_figure(
    answerer: Answerer, message: str, said: str
) -> None:
    answer = answerer.ask(message)
    assert answer.abstained
    assert not answer.figures and not answer.citations
    assert answer.lead.startswith(f'That message says "{said}" over and over; ask it once')


def test_a_korean_word_said_over_and_over_gets_the_hint_in_korean(answerer: Answerer) -> None:
    answer = answerer.ask("예산 " * 200)
    assert answer.abstained and not answer.figures
    assert answer.lead.startswith('메시지가 "예산"만 되풀이하고 있습니다.')


@pytest.mark.parametrize(
    "question",
    [
        "budget budget",  # twice may be a typo; it is read as a question
        "How much is the Boston-Korea project getting? " * 3,  # a whole question pasted again
        "How much did the project get, and how much did the cluster get?",
    ],
)
def test_a_question_that_repeats_itself_is_not_taken_for_one_word(
    answerer: Answerer, question: str
) -> None:
    assert "over and over" not in answerer.ask(question).lead


def test_a_repeated_word_in_a_conversation_loses_nothing(answerer: Answerer) -> None:
    asked = []
    for middle in ([], ["budget " * 20]):
        conversation = Conversation(answerer)
        conversation.ask("How much is the Boston-Korea project getting?")
        for message in middle:
            assert "over and over" in conversation.ask(message).lead
        follow_up = conversation.respond("And in 2024?").answer
        asked.append((follow_up.standalone, follow_up.lead))
    assert asked[0] == asked[1]  # the follow-up reads as if the repeats were never sent
    assert asked[0][0] != "And in 2024?"


@pytest.mark.parametrize("message", ["2024?", "2024", "$86.4 billion", "1.8 trillion?"])
def test_a_bare_number_is_shown_where_the_articles_write_it(
    answerer: Answerer, message: str
) -> None:
    answer = answerer.ask(message)
    number = message.strip(" ?$").split()[0]  # the number alone: "$86.4 billion" is 86.4 won
    assert answer.lead.startswith(f"The articles write {number} here [1]; ask what")
    assert not answer.figures and not answer.abstained  # no figure answers what was not asked
    assert number in answer.citations[0].quote


def test_a_bare_number_the_articles_never_write_is_said_to_be_missing(answerer: Answerer) -> None:
    answer = answerer.ask("2031?")
    assert answer.abstained and not answer.citations
    assert answer.lead.startswith("The articles do not write 2031; ask what you would like")


def test_a_bare_year_after_a_question_asks_that_question_in_that_year(answerer: Answerer) -> None:
    conversation = Conversation(answerer)
    conversation.ask("How much goes to creating industrial clusters?")
    asked = conversation.respond("2024?").answer.standalone
    assert asked == "How much goes to creating industrial clusters in 2024?"
